from django.urls import path

from dualleader.home.views import dashboard

app_name = "audit"
# Placeholder until the audit log page lands (issue 2).
urlpatterns = [path("", dashboard.index, name="log")]
