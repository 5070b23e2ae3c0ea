from django.urls import path

from .views import dashboard

app_name = "home"
urlpatterns = [
    path("", dashboard.index, name="index"),
]
