from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RecommendationsConfig(AppConfig):
    name = "dualleader.recommendations"
    verbose_name = _("Recommendation and receipt")

    def ready(self) -> None:
        from . import todo  # noqa: F401
