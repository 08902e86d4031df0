from django_tasks import task

from breakaway.scheduling.models import RotaPlan
from breakaway.scheduling.planning_services import rota_plan_run


@task()
def rota_plan_task(*, plan_id: int) -> None:
    """Run one queued rota plan in the worker."""
    plan = RotaPlan.objects.select_related("provider", "created_by").get(pk=plan_id)
    if plan.status == RotaPlan.Status.QUEUED:
        rota_plan_run(plan=plan)
