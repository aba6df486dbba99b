from django.urls import path

from . import views

app_name = "convites"

urlpatterns = [
    path("g/<str:codigo>/", views.link_codigo, name="link_codigo"),
]
