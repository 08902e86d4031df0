from django_tasks import task

from breakaway.assessments.incident_services import import_job_run
from breakaway.assessments.models import IncidentImport


@task()
def incident_import_task(*, job_id: int) -> None:
    """Run one uploaded incident import in the worker."""
    job = IncidentImport.objects.select_related("organisation", "created_by").get(pk=job_id)
    if job.status in {IncidentImport.Status.QUEUED, IncidentImport.Status.UPLOADED}:
        import_job_run(job=job)
