from django.urls import path

from .views import pages

app_name = "studios"
urlpatterns = [
    path("", pages.studio_list, name="list"),
    path("<int:pk>/", pages.detail, name="detail"),
]
