from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "breakaway.core"

    def ready(self) -> None:
        from breakaway.core import periodic
        from breakaway.core.task_recovery import tasks_requeue_abandoned

        periodic.register("tasks_requeue_abandoned", tasks_requeue_abandoned)
