from django.urls import path

from .views import annexes, form, manage, public, rules

app_name = "calls"
urlpatterns = [
    path("", manage.call_list, name="list"),
    path("new/", manage.call_add, name="create"),
    path("<int:pk>/", manage.call_detail, name="detail"),
    path("<int:pk>/edit/", manage.call_edit, name="edit"),
    path("<int:pk>/publish/", manage.call_publish_view, name="publish"),
    path("<int:pk>/close/", manage.call_close_view, name="close"),
    path("<int:pk>/archive/", manage.call_archive_view, name="archive"),
    path("<int:pk>/unpublish/", manage.call_unpublish_view, name="unpublish"),
    path("<int:pk>/rules/", rules.rules_edit, name="rules"),
    path("<int:pk>/form/", form.form_edit, name="form"),
    path("<int:pk>/annexes/new/", annexes.annex_upload, name="annex_add"),
    path("annexes/<int:pk>/remove/", annexes.annex_delete, name="annex_remove"),
    path("annexes/<int:pk>/", annexes.annex_download, name="annex_download"),
    path("open/", public.public_list, name="public_list"),
    path("open/<int:pk>/", public.public_detail, name="public_detail"),
]
