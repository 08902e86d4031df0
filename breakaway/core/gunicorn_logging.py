"""gunicorn's access log without the secrets in addresses (see redaction.py): the request
line, path, query string, referrer and every header atom are redacted before formatting.
Used by config/gunicorn_conf.py (`logger_class`)."""

from __future__ import annotations

from typing import Any

from gunicorn.glogging import Logger

from breakaway.core.redaction import redact


class RedactingLogger(Logger):
    def atoms(self, resp: Any, req: Any, environ: Any, request_time: Any) -> dict[str, Any]:
        atoms = super().atoms(resp, req, environ, request_time)
        return {
            key: redact(value) if isinstance(value, str) else value for key, value in atoms.items()
        }
