"""gunicorn settings: `gunicorn -c config/gunicorn_conf.py config.wsgi`. Each can be
overridden on the command line or by environment (see docs/operations.md)."""

import os

bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")
workers = int(os.environ.get("WEB_CONCURRENCY", "3"))
threads = int(os.environ.get("GUNICORN_THREADS", "1"))
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "60"))
graceful_timeout = 30
# Load the application once in the master, then fork: workers start in a moment (each would
# otherwise import Django, SciPy and the rest on its own, seconds of CPU apiece), which makes
# deploys and recovery after a crash quicker. Nothing opens a database connection at import.
preload_app = True
max_requests = 2000  # recycle workers now and then: bounds any slow leak
max_requests_jitter = 200
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1")
accesslog = os.environ.get("GUNICORN_ACCESS_LOG", "-")
# The request id (X-Request-ID, from the proxy or made by Django) ties this line to the
# application's log lines for the same request.
access_log_format = '%(h)s "%(r)s" %(s)s %(b)s %(M)sms rid=%({x-request-id}o)s'
# Attendee links, feed tokens and certificate codes never reach the access log.
logger_class = "breakaway.core.gunicorn_logging.RedactingLogger"
