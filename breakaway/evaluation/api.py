"""API route for analysing questionnaire responses, as `manage.py analyse_responses` does."""

from __future__ import annotations

import json
from typing import Any

from django.http import HttpRequest
from ninja import Router, Schema, Status

from breakaway.evaluation.analysis import ResponsesError, analyse, read_responses_csv
from breakaway.evaluation.instruments import InstrumentError, parse_instrument

router = Router(tags=["evaluation"])


class ProblemsOut(Schema):
    detail: list[Any]


_REQUEST_BODY = {
    "required": True,
    "content": {
        "application/json": {
            "schema": {
                "type": "object",
                "required": ["instrument", "responses"],
                "properties": {
                    "instrument": {"type": "object"},
                    "responses": {
                        "type": "string",
                        "description": "CSV text: person, phase, then one column per item.",
                    },
                },
            }
        }
    },
}


@router.post(
    "/evaluation/analyse",
    response={200: dict[str, Any], 422: ProblemsOut},
    openapi_extra={"requestBody": _REQUEST_BODY},
)
def evaluation_analyse(request: HttpRequest) -> Status[dict[str, Any]]:
    """Paired comparisons of the responses (pre, post, follow-up) on every scale; stores
    nothing. 422 lists every problem in the instrument or the responses."""
    try:
        data = json.loads(request.body or b"null")
    except ValueError as error:
        return Status(422, {"detail": [f"the body is not JSON: {error}"]})
    if not isinstance(data, dict) or not isinstance(data.get("responses"), str):
        return Status(422, {"detail": ['send {"instrument": {…}, "responses": "CSV text"}']})
    try:
        instrument = parse_instrument(data.get("instrument"))
        responses = read_responses_csv(data["responses"], instrument)
    except InstrumentError as invalid:
        return Status(422, {"detail": [f"instrument: {p}" for p in invalid.problems]})
    except ResponsesError as invalid:
        return Status(422, {"detail": invalid.problems})
    return Status(200, analyse(responses))
