from django.apps import AppConfig


class SchedulingConfig(AppConfig):
    name = "breakaway.scheduling"
