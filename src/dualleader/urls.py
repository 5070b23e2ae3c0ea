from django.urls import include, path
from django.views.i18n import JavaScriptCatalog

from .api import api

urlpatterns = [
    path("", include("dualleader.home.urls")),
    path("accounts/", include("dualleader.accounts.urls")),
    path("org/", include("dualleader.units.urls")),
    path("audit/", include("dualleader.audit.urls")),
    path("calls/", include("dualleader.calls.urls")),
    path("applications/", include("dualleader.applications.urls")),
    path("documents/", include("dualleader.documents.urls")),
    path("recommendations/", include("dualleader.recommendations.urls")),
    path("notifications/", include("dualleader.notifications.urls")),
    path("reviews/", include("dualleader.reviews.urls")),
    path("studios/", include("dualleader.studios.urls")),
    path("api/v1/", api.urls),
    path("i18n/", include("django.conf.urls.i18n")),
    path("jsi18n/", JavaScriptCatalog.as_view(), name="javascript-catalog"),
]

handler403 = "dualleader.home.views.errors.permission_denied"
handler404 = "dualleader.home.views.errors.page_not_found"
handler500 = "dualleader.home.views.errors.server_error"
