from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EvaluationConfig(AppConfig):
    name = "breakaway.evaluation"
    verbose_name = _("Evaluation")

    def ready(self) -> None:
        from breakaway.core import periodic
        from breakaway.evaluation.questionnaire_services import evaluation_tick

        periodic.register("evaluation_questionnaires", evaluation_tick)
        from breakaway.evaluation import report_services, testimonial_services

        periodic.register("impact_reports_send", report_services.impact_reports_send)
        periodic.register("reaction_alerts_send", report_services.reaction_alerts_send)
        periodic.register(
            "testimonial_candidates_collect", testimonial_services.testimonial_candidates_collect
        )
