from django.apps import AppConfig


class CoursesConfig(AppConfig):
    name = "breakaway.courses"
