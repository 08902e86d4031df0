from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LearningConfig(AppConfig):
    name = "breakaway.learning"
    verbose_name = _("Learning")

    def ready(self) -> None:
        from breakaway.core import periodic
        from breakaway.learning.refresher_services import refreshers_send

        periodic.register("learning_refreshers", refreshers_send)
