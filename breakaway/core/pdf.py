"""HTML templates to PDF with WeasyPrint, offline: only our own static files are fetched.

`render_pdf(template_name, context, request=None)` renders a Django template and lays it
out as a PDF. Relative addresses in the template (`{% static %}` stylesheets and images)
resolve against the site's own address, and `LocalOnlyFetcher` reads those straight from
the static files (the finders in development, STATIC_ROOT once `collectstatic` has run)
without a network request. Any other address (another host, `file:`, an address outside
the static files) is refused, so neither a template nor text a user typed into it can make
the server fetch something.

Importing WeasyPrint takes about a second: import this module where a PDF is made, not at
the top of a views module (which the URL configuration loads at start-up).
"""

from __future__ import annotations

import logging
import mimetypes
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

from django.conf import settings
from django.contrib.staticfiles import finders
from django.http import HttpRequest
from django.template.loader import render_to_string
from weasyprint import HTML
from weasyprint.urls import URLFetcher, URLFetcherResponse

logger = logging.getLogger(__name__)
# WeasyPrint logs each step of every document at INFO, and each rule of breakaway.css it
# does not support (screen-only media queries, vendor selectors) as a warning: noise on
# every PDF. Keep its errors; `LocalOnlyFetcher` logs refused addresses itself.
logging.getLogger("weasyprint").setLevel(logging.ERROR)
logging.getLogger("weasyprint.progress").setLevel(logging.ERROR)

# The base address when there is no request (a task or a command): never fetched as such.
DEFAULT_BASE_URL = "http://localhost/"


class RefusedURLError(ValueError):
    """A PDF asked for something that is not one of our static files."""


def static_file_path(path: str) -> Path | None:
    """The file behind a static address's path ("/static/breakaway/breakaway.css"), or None.

    Looks in the static-files finders first (development, tests), then in STATIC_ROOT (where
    `collectstatic` put the hashed names production templates link to). Never leaves them.
    """
    prefix = "/" + settings.STATIC_URL.strip("/") + "/"
    if not path.startswith(prefix):
        return None
    name = unquote(path[len(prefix) :])
    if not name or "\x00" in name or any(part in {"", ".", ".."} for part in name.split("/")):
        return None
    found = finders.find(name)
    if isinstance(found, list):
        found = found[0] if found else None
    if found:
        return Path(found)
    if settings.STATIC_ROOT:
        root = Path(settings.STATIC_ROOT).resolve()
        candidate = (root / name).resolve()
        if candidate.is_relative_to(root) and candidate.is_file():
            return candidate
    return None


class LocalOnlyFetcher(URLFetcher):
    """Serves `data:` addresses and our static files on the base host; refuses the rest."""

    def __init__(self, base_url: str) -> None:
        super().__init__(allowed_protocols=("data", "http", "https"), fail_on_errors=False)
        self.host = urlsplit(base_url).netloc.lower()

    def fetch(self, url: str, headers: Any = None) -> URLFetcherResponse:
        parts = urlsplit(url)
        scheme = parts.scheme.lower()
        if scheme == "data":
            return super().fetch(url, headers)
        if scheme in {"http", "https"} and parts.netloc.lower() == self.host:
            found = static_file_path(parts.path)
            if found is not None:
                content_type = mimetypes.guess_type(found.name)[0] or "application/octet-stream"
                return URLFetcherResponse(
                    url, found.read_bytes(), headers={"Content-Type": content_type}
                )
        logger.warning("PDF: refused to fetch %s (not one of our static files)", url[:200])
        raise RefusedURLError(f"Refused to fetch {url[:200]}: only our static files are allowed.")


def base_url_for(request: HttpRequest | None) -> str:
    """The site's own address, which relative links in the PDF resolve against."""
    if request is None:
        return DEFAULT_BASE_URL
    return request.build_absolute_uri("/")


def html_to_pdf(html: str, *, base_url: str = DEFAULT_BASE_URL) -> bytes:
    """Lay out an HTML document as PDF bytes (print media: `@page` rules apply)."""
    document = HTML(string=html, base_url=base_url, url_fetcher=LocalOnlyFetcher(base_url))
    pdf = document.write_pdf()
    if pdf is None:  # only when given a target to write to, which we never do
        raise RuntimeError("WeasyPrint returned no PDF.")
    return pdf


def render_pdf(
    template_name: str, context: dict[str, Any], request: HttpRequest | None = None
) -> bytes:
    """Render `template_name` with `context` and return the PDF's bytes."""
    html = render_to_string(template_name, context, request=request)
    return html_to_pdf(html, base_url=base_url_for(request))
