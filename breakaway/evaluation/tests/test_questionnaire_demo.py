import pytest
from django.core.management import call_command

from breakaway.accounts.models import Organisation
from breakaway.evaluation.demo import seed_responses
from breakaway.evaluation.models import Response

pytestmark = pytest.mark.django_db


def _mean_confidence(phase: str) -> float:
    values = [
        r.answers["spot-signs"]
        for r in Response.objects.filter(
            questionnaire__phase=phase, instrument_version__instrument__key="breakaway-confidence"
        )
    ]
    return sum(values) / len(values)


def test_the_demo_has_answers_that_rise_after_the_course_and_partly_fade(capsys):
    call_command("seed_demo", "--json")
    capsys.readouterr()
    made = Response.objects.count()
    assert made > 20
    pre, post, follow_up = (_mean_confidence(p) for p in ("pre", "post", "follow_up"))
    assert pre < follow_up < post
    assert Response.objects.filter(source="paper").count() == 1
    assert Response.objects.filter(answers__testimonial="yes").count() == 1
    # Idempotent: a second run adds nothing.
    assert seed_responses(Organisation.objects.providers().get()) == 0
    assert Response.objects.count() == made
