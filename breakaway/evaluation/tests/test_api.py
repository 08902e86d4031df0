"""`POST /api/v1/evaluation/analyse` answers as `manage.py analyse_responses --json` does."""

import pytest

from breakaway.accounts.services import api_token_create
from breakaway.evaluation.tests.test_analysis import CONTRACT, INSTRUMENT

pytestmark = pytest.mark.django_db
URL = "/api/v1/evaluation/analyse"


@pytest.fixture
def headers(client_manager):
    _token, secret = api_token_create(user=client_manager, name="analysis")
    return {"HTTP_AUTHORIZATION": f"Bearer {secret}"}


def test_the_analysis_comes_back_as_json(client, headers):
    responses = "person,phase,c1,c2,c3\np1,pre,3,4,7\np1,post,7,8,2\np2,pre,5,5,5\np2,post,6,7,4\n"
    body = {"instrument": INSTRUMENT, "responses": responses}
    answer = client.post(URL, body, content_type="application/json", **headers)
    assert answer.status_code == 200
    result = answer.json()
    assert set(result["comparisons"][0]) == CONTRACT
    assert result["comparisons"][0]["n_pairs"] == 2


def test_every_problem_is_listed_with_422(client, headers):
    body = {"instrument": {**INSTRUMENT, "name": ""}, "responses": "person,phase\n"}
    answer = client.post(URL, body, content_type="application/json", **headers)
    assert answer.status_code == 422
    assert answer.json()["detail"] == ["instrument: name is missing"]
    body = {"instrument": INSTRUMENT, "responses": "person,phase,c1\np1,pre,99\n"}
    answer = client.post(URL, body, content_type="application/json", **headers)
    assert answer.json()["detail"] == [
        {"row": 2, "column": "c1", "value": "99", "error": "must be a number from 0 to 10"}
    ]
    answer = client.post(URL, "nonsense", content_type="application/json", **headers)
    assert answer.status_code == 422
