"""PDFs from templates, made offline: only our own static files are ever fetched."""

import logging

import pytest
from django.contrib.auth.models import AnonymousUser
from django.test import RequestFactory

from breakaway.core import pdf
from breakaway.core.tests.pdf_text import pdf_outline, pdf_text

BASE = "http://testserver/"


@pytest.fixture
def fetcher():
    return pdf.LocalOnlyFetcher(BASE)


def test_the_fetcher_reads_our_stylesheet_from_the_static_files(fetcher):
    response = fetcher.fetch(BASE + "static/breakaway/breakaway.css")

    assert response.content_type == "text/css"
    assert b"--colour-primary" in response.read()
    response.close()


def test_the_fetcher_serves_data_addresses(fetcher):
    response = fetcher.fetch("data:text/plain,hello")

    assert response.read() == b"hello"
    response.close()


@pytest.mark.parametrize(
    "url",
    [
        "https://example.com/tracker.png",
        "http://169.254.169.254/latest/meta-data/",
        "file:///etc/passwd",
        "http://testserver/static/../../etc/passwd",
        "http://testserver/static/%2e%2e/%2e%2e/etc/passwd",
        "http://testserver/static/breakaway/no-such-file.css",
        "http://testserver/media/incident-imports/export.csv",
        "http://testserver/admin/",
        "ftp://testserver/static/breakaway/breakaway.css",
    ],
)
def test_the_fetcher_refuses_anything_else(fetcher, url, caplog):
    caplog.set_level(logging.WARNING, logger="breakaway.core.pdf")

    with pytest.raises(pdf.RefusedURLError):
        fetcher.fetch(url)

    assert "refused" in caplog.text


def test_static_file_path_stays_inside_static_root(settings, tmp_path):
    settings.STATIC_ROOT = tmp_path / "static"
    (tmp_path / "static" / "breakaway").mkdir(parents=True)
    hashed = tmp_path / "static" / "breakaway" / "breakaway.abc123.css"
    hashed.write_text("body{}")
    (tmp_path / "secret.txt").write_text("no")

    assert pdf.static_file_path("/static/breakaway/breakaway.abc123.css") == hashed.resolve()
    assert pdf.static_file_path("/static/../secret.txt") is None
    assert pdf.static_file_path("/elsewhere/breakaway/breakaway.abc123.css") is None


def test_html_to_pdf_makes_a_pdf_without_the_network(caplog):
    html = (
        "<!DOCTYPE html><html lang='en-GB'><head><title>Test document</title>"
        "<link rel='stylesheet' href='/static/breakaway/breakaway.css'></head>"
        "<body><h1>Riverside Mental Health NHS Trust</h1>"
        "<img src='https://example.com/tracker.png' alt=''></body></html>"
    )

    with caplog.at_level(logging.WARNING, logger="breakaway.core.pdf"):
        made = pdf.html_to_pdf(html, base_url=BASE)

    assert made.startswith(b"%PDF")
    assert "Riverside Mental Health NHS Trust" in pdf_outline(made)
    assert "example.com/tracker.png" in caplog.text
    assert "breakaway.css" not in caplog.text  # fetched, not refused


def test_render_pdf_renders_a_template_with_the_request(rf: RequestFactory):
    request = rf.get("/")
    request.user = AnonymousUser()

    made = pdf.render_pdf("403.html", {}, request=request)

    assert made.startswith(b"%PDF")
    assert "You cannot see this page" in pdf_outline(made)
    assert "Your role does not include this page." in pdf_text(made)


def test_the_base_address_is_the_site_or_a_placeholder(rf: RequestFactory):
    assert pdf.base_url_for(rf.get("/somewhere/")) == "http://testserver/"
    assert pdf.base_url_for(None) == pdf.DEFAULT_BASE_URL
