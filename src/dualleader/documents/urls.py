from django.urls import path

from . import views

app_name = "documents"
urlpatterns = [
    path("application/<int:app_id>/versions/<int:number>.docx", views.version_document, {"ext": "docx"},
         name="version_docx"),
    path("application/<int:app_id>/versions/<int:number>.pdf", views.version_document, {"ext": "pdf"},
         name="version_pdf"),
    path("application/<int:app_id>/draft.docx", views.draft_document, {"ext": "docx"}, name="draft_docx"),
    path("application/<int:app_id>/draft.pdf", views.draft_document, {"ext": "pdf"}, name="draft_pdf"),
]
