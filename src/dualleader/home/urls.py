from django.urls import path

from .views import dashboard, ping

app_name = "home"
urlpatterns = [
    path("", dashboard.index, name="index"),
    path("ping/", ping.ping, name="ping"),  # the benchmark's floor view
]
