from django.urls import path

from .views import check, college, desk, exports, extensions

app_name = "recommendations"
urlpatterns = [
    # The college (学院推荐)
    path("", college.index, name="index"),
    path("<int:call_id>/college/<int:unit_id>/", college.workbench, name="college"),
    path("<int:call_id>/college/<int:unit_id>/reorder/", college.reorder, name="reorder"),
    path("<int:call_id>/college/<int:unit_id>/save/", college.save, name="save"),
    path("<int:call_id>/college/<int:unit_id>/submit/", college.submit, name="submit"),
    path("<int:call_id>/college/<int:unit_id>/withdraw/", college.withdraw, name="withdraw"),
    path("applications/<int:pk>/return/", college.return_application, name="return"),
    path("applications/<int:pk>/endorse/", college.endorse, name="endorse"),
    path("applications/<int:pk>/include/", college.include, name="include"),
    path("applications/<int:pk>/exclude/", college.exclude, name="exclude"),
    path("applications/<int:pk>/resend/", college.resend, name="resend"),
    # The Organization Department (受理与资格审查)
    path("<int:call_id>/desk/", desk.board, name="desk"),
    path("<int:call_id>/desk/<int:unit_id>/", desk.college_list, name="desk_college"),
    path("<int:call_id>/extensions/", extensions.extensions, name="extensions"),
    path("applications/<int:pk>/check/", check.check, name="check"),
    path("applications/<int:pk>/paper/", check.paper, name="paper"),
    path("applications/<int:pk>/accept/", check.accept, name="accept"),
    path("applications/<int:pk>/return-to-college/", check.return_to_college, name="return_to_college"),
    # Exports
    path("<int:call_id>/summary.xlsx", exports.summary_xlsx, name="summary_xlsx"),
    path("<int:call_id>/accepted.zip", exports.accepted_zip, name="accepted_zip"),
]
