from django.apps import AppConfig


class TrainersConfig(AppConfig):
    name = "breakaway.trainers"

    def ready(self) -> None:
        from breakaway.core import periodic
        from breakaway.trainers.reminders import trainer_reminders_send

        periodic.register("trainer_reminders", trainer_reminders_send)
