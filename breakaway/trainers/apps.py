from django.apps import AppConfig


class TrainersConfig(AppConfig):
    name = "breakaway.trainers"
