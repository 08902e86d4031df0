"""Every request has an id, returned in X-Request-ID and written on each log line made while
serving it; JSON log lines for collectors."""

from __future__ import annotations

import json
import logging

import pytest

from breakaway.core.logs import JsonFormatter, RequestIdFilter, request_id


@pytest.mark.django_db
def test_each_response_carries_a_new_request_id(client):
    first = client.get("/healthz")["X-Request-ID"]
    second = client.get("/healthz")["X-Request-ID"]
    assert len(first) == 32
    assert first != second


@pytest.mark.django_db
def test_a_proxys_request_id_is_kept_and_a_strange_one_replaced(client):
    kept = client.get("/healthz", HTTP_X_REQUEST_ID="lb-2f9c1e77a0")["X-Request-ID"]
    assert kept == "lb-2f9c1e77a0"
    replaced = client.get("/healthz", HTTP_X_REQUEST_ID="<script>")["X-Request-ID"]
    assert replaced != "<script>"
    assert len(replaced) == 32


@pytest.mark.django_db
def test_log_lines_written_while_serving_carry_the_id(client, caplog, monkeypatch):
    from breakaway.core import views

    seen: list[str] = []
    real = views.JsonResponse

    def spy(*args, **kwargs):
        record = logging.LogRecord("t", logging.INFO, __file__, 1, "inside", (), None)
        RequestIdFilter().filter(record)
        seen.append(record.request_id)
        return real(*args, **kwargs)

    monkeypatch.setattr(views, "JsonResponse", spy)
    response = client.get("/healthz", HTTP_X_REQUEST_ID="trace-123456")
    assert seen == ["trace-123456"] == [response["X-Request-ID"]]
    assert request_id.get() == "-"  # reset once the request is served


def test_json_lines_hold_the_fields_a_collector_needs():
    record = logging.LogRecord(
        "breakaway", logging.WARNING, __file__, 1, "hello %s", ("you",), None
    )
    record.request_id = "abc12345"
    line = json.loads(JsonFormatter().format(record))
    assert line["message"] == "hello you"
    assert line["level"] == "WARNING"
    assert line["request_id"] == "abc12345"
    assert line["logger"] == "breakaway"
    assert "time" in line
