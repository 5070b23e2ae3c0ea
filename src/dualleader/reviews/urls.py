from django.urls import path

from .views import (
    assign,
    decision,
    exports,
    notice,
    panel,
    progress,
    province,
    public,
    ranking,
    reviewing,
    setup,
)

app_name = "reviews"
urlpatterns = [
    # The Organization Department: setting up (评审设置)
    path("", setup.index, name="index"),
    path("<int:call_id>/", setup.overview, name="overview"),
    path("<int:call_id>/start/", setup.start, name="start"),
    path("<int:call_id>/settings/", setup.settings, name="settings"),
    path("<int:call_id>/rubric/", setup.rubric, name="rubric"),
    path("<int:call_id>/rounds/new/", setup.round_new, name="round_new"),
    path("rounds/<int:round_id>/edit/", setup.round_edit, name="round_edit"),
    path("rounds/<int:round_id>/open/", setup.round_open, name="round_open"),
    path("rounds/<int:round_id>/close/", setup.round_close, name="round_close"),
    # The panel and conflicts of interest
    path("<int:call_id>/panel/", panel.panel, name="panel"),
    path("<int:call_id>/panel/external/", panel.add_external, name="panel_external"),
    path("panel/<int:member_id>/remove/", panel.remove, name="panel_remove"),
    path("<int:call_id>/conflicts/", panel.conflicts, name="conflicts"),
    path("conflicts/<int:conflict_id>/remove/", panel.conflict_remove, name="conflict_remove"),
    # Assignment and progress
    path("rounds/<int:round_id>/assignments/", assign.assignments, name="assignments"),
    path("rounds/<int:round_id>/assignments/auto/", assign.auto, name="assign_auto"),
    path("rounds/<int:round_id>/assignments/add/", assign.add, name="assign_add"),
    path("assignments/<int:pk>/unassign/", assign.unassign, name="unassign"),
    path("rounds/<int:round_id>/progress/", progress.progress, name="progress"),
    path("rounds/<int:round_id>/remind/", progress.remind, name="remind"),
    # The reviewer (评审专家)
    path("mine/", reviewing.queue, name="queue"),
    path("assignments/<int:pk>/", reviewing.review, name="review"),
    path("assignments/<int:pk>/autosave/", reviewing.autosave, name="autosave"),
    path("assignments/<int:pk>/submit/", reviewing.submit, name="submit"),
    path("assignments/<int:pk>/decline/", reviewing.decline, name="decline"),
    path("assignments/<int:pk>/files/<int:attachment_id>/", reviewing.attachment, name="attachment"),
    # Results: ranking, exports, the leading group's decision (集中审议)
    path("rounds/<int:round_id>/ranking/", ranking.ranking, name="ranking"),
    path("<int:call_id>/method/", ranking.method, name="method"),
    path("rounds/<int:round_id>/results.xlsx", exports.results_xlsx, name="results_xlsx"),
    path("rounds/<int:round_id>/scoresheets/<int:app_id>.docx", exports.scoresheet_docx, name="scoresheet_docx"),
    path("<int:call_id>/decision/", decision.decision, name="decision"),
    # 公示, objections, finalisation
    path("<int:call_id>/notice/", notice.notice, name="notice"),
    path("<int:call_id>/notice/publish/", notice.publish, name="notice_publish"),
    path("<int:call_id>/notice/finalize/", notice.finalize, name="notice_finalize"),
    path("objections/<int:pk>/resolve/", notice.resolve, name="objection_resolve"),
    path("public/", public.notices, name="public_notices"),
    path("public/<int:pk>/", public.notice, name="public_notice"),
    path("public/<int:pk>/objection/", public.objection, name="public_objection"),
    # Recommendation to the province
    path("<int:call_id>/province/", province.province, name="province"),
    path("<int:call_id>/province/send/", province.send, name="province_send"),
    path("<int:call_id>/province/letter.docx", province.letter_docx, name="province_letter"),
    path("<int:call_id>/province/list.xlsx", province.list_xlsx, name="province_list"),
    path("<int:call_id>/province/package.zip", province.package_zip, name="province_package"),
]
