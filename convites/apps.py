from django.apps import AppConfig


class ConvitesConfig(AppConfig):
    name = "convites"
    verbose_name = "Convites e entrada em grupos"
