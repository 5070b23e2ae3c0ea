from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class UnitsConfig(AppConfig):
    name = "dualleader.units"
    verbose_name = _("Organisation")

    def ready(self) -> None:
        from . import todo  # noqa: F401
