from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PrivacyConfig(AppConfig):
    name = "breakaway.privacy"
    verbose_name = _("Privacy")

    def ready(self) -> None:
        from breakaway.core import periodic
        from breakaway.privacy import retention

        for name, job in retention.JOBS.items():
            periodic.register(name, job)
