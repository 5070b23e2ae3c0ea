from django.urls import path

from .views import export, log

app_name = "audit"
urlpatterns = [
    path("", log.log, name="log"),
    path("export.csv", export.export, name="export"),
    path("<int:pk>/", log.event, name="event"),
]
