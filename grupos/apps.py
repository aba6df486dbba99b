from django.apps import AppConfig


class GruposConfig(AppConfig):
    name = "grupos"
    verbose_name = "Grupos de Estudo"
