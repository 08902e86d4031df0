from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DeliveryConfig(AppConfig):
    name = "breakaway.delivery"
    verbose_name = _("Delivery")

    def ready(self) -> None:
        from breakaway.core import periodic
        from breakaway.delivery.certificate_reminders import certificate_reminders_send

        periodic.register("certificate_reminders", certificate_reminders_send)

        from breakaway.delivery.screening_services import screening_retention_run

        periodic.register("screening_retention", screening_retention_run)
