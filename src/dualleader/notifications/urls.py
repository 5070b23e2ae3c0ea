from django.urls import path

from .views import inbox

app_name = "notifications"
urlpatterns = [
    path("", inbox.inbox, name="inbox"),
    path("<int:pk>/open/", inbox.open_notification, name="open"),
    path("read-all/", inbox.read_all, name="read_all"),
]
