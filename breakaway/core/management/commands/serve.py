import os
import subprocess
import sys
import threading
from collections.abc import Callable
from typing import Any

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandParser

TICK_SECONDS = 600


def run_tick() -> None:
    """`manage.py tick` in its own process, so a failing job never touches the server."""
    subprocess.run([sys.executable, "manage.py", "tick"], check=False)


class Ticker(threading.Thread):
    """Calls `tick` at once and then every `interval` seconds until stopped."""

    def __init__(self, interval: float = TICK_SECONDS, tick: Callable[[], None] = run_tick):
        super().__init__(name="tick", daemon=True)
        self.interval = interval
        self.tick = tick
        self.stopped = threading.Event()

    def run(self) -> None:
        while not self.stopped.is_set():
            self.tick()
            self.stopped.wait(self.interval)

    def stop(self) -> None:
        self.stopped.set()


class Command(BaseCommand):
    help = (
        "Serve the site on 127.0.0.1 with a background task worker beside it, and run the "
        "periodic jobs (`tick`) every 10 minutes. "
        "With --demo, first migrate and load the demo data (what `make run` does)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--port", type=int, default=8000)
        parser.add_argument("--host", default="127.0.0.1")
        parser.add_argument(
            "--demo", action="store_true", help="Migrate and load the demo data first."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        address = f"{options['host']}:{options['port']}"
        if os.environ.get("RUN_MAIN"):
            # The autoreloader's child: the parent has prepared and runs the worker.
            call_command("runserver", address)
            return
        if options["demo"]:
            # One process for every step: each separate manage.py call costs a second or more.
            call_command("migrate", interactive=False, verbosity=0)
            call_command("createcachetable")
            call_command("seed_demo")
        worker = subprocess.Popen(
            [sys.executable, "manage.py", "db_worker", "--interval", "1"],
        )
        ticker = Ticker()
        ticker.start()
        self.stdout.write(
            f"Task worker started (pid {worker.pid}); periodic jobs every 10 minutes."
        )
        self.stdout.write(f"Breakaway is at http://{address}/ — stop with Ctrl+C.")
        try:
            call_command("runserver", address)
        finally:
            ticker.stop()
            worker.terminate()
            worker.wait(timeout=10)
