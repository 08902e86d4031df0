"""gunicorn, started for real with our config: it serves, and its access log carries the
request id but not the secrets in addresses."""

from __future__ import annotations

import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request

import pytest

from breakaway.core.tests.processes import ROOT, process_env

TOKEN = "Zk3q9LrT0pW8vX2yB4nM6cD1fG5hJ7kL9qR0sT2uV4w"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.mark.django_db(transaction=True)
def test_gunicorn_serves_and_its_access_log_hides_tokens(tmp_path):
    port = _free_port()
    env = process_env(GUNICORN_BIND=f"127.0.0.1:{port}", WEB_CONCURRENCY="1")
    log = tmp_path / "gunicorn.log"
    with log.open("w") as out:
        server = subprocess.Popen(
            [sys.executable, "-m", "gunicorn", "-c", "config/gunicorn_conf.py", "config.wsgi"],
            cwd=ROOT,
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
        )
        try:
            deadline = time.monotonic() + 60
            while True:
                try:
                    with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz") as answer:
                        rid = answer.headers["X-Request-ID"]
                        break
                except (urllib.error.URLError, ConnectionError):
                    if time.monotonic() > deadline or server.poll() is not None:
                        raise
                    time.sleep(0.3)
            with pytest.raises(urllib.error.HTTPError) as gone:
                urllib.request.urlopen(f"http://127.0.0.1:{port}/a/{TOKEN}/")
            assert gone.value.code == 404
        finally:
            server.terminate()
            server.wait(timeout=30)
    text = log.read_text()
    assert f"rid={rid}" in text
    assert "/a/[redacted]/" in text
    assert TOKEN not in text
