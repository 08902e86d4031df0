import os
import subprocess
import sys
from typing import Any

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandParser


class Command(BaseCommand):
    help = "Serve the site on 127.0.0.1 with a background task worker beside it (for `make run`)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--port", type=int, default=8000)
        parser.add_argument("--host", default="127.0.0.1")

    def handle(self, *args: Any, **options: Any) -> None:
        if os.environ.get("RUN_MAIN"):
            # The autoreloader's child: the parent process already runs the worker.
            call_command("runserver", f"{options['host']}:{options['port']}")
            return
        worker = subprocess.Popen(
            [sys.executable, "manage.py", "db_worker", "--interval", "1"],
        )
        self.stdout.write(f"Task worker started (pid {worker.pid}).")
        self.stdout.write(
            f"Breakaway is at http://{options['host']}:{options['port']}/ — stop with Ctrl+C."
        )
        try:
            call_command("runserver", f"{options['host']}:{options['port']}")
        finally:
            worker.terminate()
            worker.wait(timeout=10)
