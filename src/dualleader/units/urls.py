from django.urls import path

from .views import imports, people, positions, tree

app_name = "units"
urlpatterns = [
    path("", tree.tree, name="tree"),
    path("branches/", tree.branches, name="branches"),
    path("units/<int:pk>/", tree.unit_detail, name="unit_detail"),
    path("units/<int:pk>/edit/", tree.unit_edit, name="unit_edit"),
    path("units/<int:pk>/add/", tree.unit_add, name="unit_add"),
    path("units/<int:pk>/move/", tree.unit_move, name="unit_move"),
    path("units/<int:pk>/deactivate/", tree.unit_deactivate, name="unit_deactivate"),
    path("units/<int:pk>/reactivate/", tree.unit_reactivate, name="unit_reactivate"),
    path("units/<int:pk>/posts/add/", positions.position_add, name="position_add"),
    path("posts/<int:pk>/end/", positions.position_end, name="position_end"),
    path("people/", people.people, name="people"),
    path("people/add/", people.person_add, name="person_add"),
    path("people/<int:pk>/", people.person_detail, name="person_detail"),
    path("people/<int:pk>/edit/", people.person_edit, name="person_edit"),
    path("import/", imports.import_page, name="import"),
    path("import/template.xlsx", imports.import_template, name="import_template"),
]
