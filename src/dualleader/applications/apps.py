from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ApplicationsConfig(AppConfig):
    name = "dualleader.applications"
    verbose_name = _("Applications")

    def ready(self) -> None:
        from . import todo  # noqa: F401
