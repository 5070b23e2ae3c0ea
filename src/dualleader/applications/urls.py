from django.urls import path

from .views import detail, editing, files, lists

app_name = "applications"
urlpatterns = [
    path("", lists.mine, name="mine"),
    path("<int:call_id>/start/", lists.start, name="start"),
    path("<int:call_id>/eligibility/", lists.eligibility, name="eligibility"),
    path("<int:pk>/", detail.detail, name="detail"),
    path("<int:pk>/edit/", editing.edit, name="edit"),
    path("<int:pk>/autosave/", editing.autosave, name="autosave"),
    path("<int:pk>/preview/", editing.preview, name="preview"),
    path("<int:pk>/submit/", detail.submit, name="submit"),
    path("<int:pk>/recall/", detail.recall, name="recall"),
    path("<int:pk>/withdraw/", detail.withdraw, name="withdraw"),
    path("<int:pk>/versions/<int:number>/", detail.version, name="version"),
    path("<int:pk>/versions/<int:number>/diff/", detail.diff, name="diff"),
    path("<int:pk>/attachments/", files.add, name="attachment_add"),
    path("attachments/<int:pk>/remove/", files.remove, name="attachment_remove"),
    path("attachments/<int:pk>/", files.download, name="attachment_download"),
]
