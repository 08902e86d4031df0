"""Production settings pass Django's deployment checks, and every response carries a
Content-Security-Policy that allows no inline script."""

from __future__ import annotations

import os
import re
import secrets
import subprocess
import sys
from pathlib import Path

import pytest

from breakaway.core.security_headers import DEFAULT_POLICY

ROOT = Path(__file__).resolve().parents[3]


def test_check_deploy_reports_no_issues_with_production_settings(tmp_path):
    # The browser tests set DJANGO_ALLOW_ASYNC_UNSAFE in this process; production never does.
    inherited = {k: v for k, v in os.environ.items() if k != "DJANGO_ALLOW_ASYNC_UNSAFE"}
    env = {
        **inherited,
        "DJANGO_SETTINGS_MODULE": "config.settings.prod",
        "DJANGO_SECRET_KEY": secrets.token_urlsafe(50),
        "DJANGO_ALLOWED_HOSTS": "breakaway.example.org",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'prod.sqlite3'}",
    }
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "DEBUG"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_production_settings_need_their_secrets_from_the_environment(tmp_path):
    env = {k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")}
    env |= {"DJANGO_SETTINGS_MODULE": "config.settings.prod"}
    result = subprocess.run(
        [sys.executable, "manage.py", "check"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY" in result.stderr


@pytest.mark.django_db
@pytest.mark.parametrize("path", ["/", "/accounts/login/", "/healthz", "/a/not-a-real-token/"])
def test_every_response_forbids_inline_scripts(client, path):
    header = client.get(path)["Content-Security-Policy"]
    directives = dict(part.strip().split(" ", 1) for part in header.split(";"))
    assert directives["script-src"] == "'self'"
    assert directives["default-src"] == "'self'"
    assert directives["frame-ancestors"] == "'none'"
    assert "unsafe-inline" not in header
    assert "unsafe-eval" not in header


def test_no_template_has_an_inline_script_or_style():
    """Templates served to browsers use our static files only (e-mails and PDF layouts, which
    no browser runs, may style inline)."""
    offenders = []
    for template in (ROOT / "breakaway").rglob("templates/**/*.html"):
        if "/emails/" in str(template) or "/pdf/" in str(template):
            continue
        text = re.sub(r"{#.*?#}", "", template.read_text("utf-8"))
        for banned in ("<style", ' style="', " onclick=", " onload=", " onchange=", " onsubmit="):
            if banned in text:
                offenders.append((str(template.relative_to(ROOT)), banned.strip()))
        for line in text.splitlines():
            if "<script" in line and "src=" not in line and "application/json" not in line:
                offenders.append((str(template.relative_to(ROOT)), line.strip()[:60]))
    assert not offenders


def test_the_policy_covers_media_for_lesson_videos():
    assert DEFAULT_POLICY["media-src"] == "'self'"
    assert DEFAULT_POLICY["object-src"] == "'none'"
