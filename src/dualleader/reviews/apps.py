from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReviewsConfig(AppConfig):
    name = "dualleader.reviews"
    verbose_name = _("Review and selection")

    def ready(self) -> None:
        from . import todo  # noqa: F401
