"""Benchmarks only (`make bench`, and the crash-recovery test): production's behaviour (no
DEBUG, no debug query log) over plain HTTP on 127.0.0.1, plus one trivial view to compare
against (config/urls_bench.py). Never deployed: production uses `config.settings.prod`."""

from .base import *  # noqa: F403

DEBUG = False
ROOT_URLCONF = "config.urls_bench"
# The benches serve no static files, so there is no collectstatic manifest to insist on.
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
