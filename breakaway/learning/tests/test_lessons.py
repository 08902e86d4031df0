"""Pre-course lessons: the five topics the issue names, short, with retrieval questions."""

from breakaway.assessments.outcomes import OUTCOMES
from breakaway.catalogue.content import MODULES
from breakaway.learning.bank import ITEMS
from breakaway.learning.lessons import LESSONS


def test_the_lessons_cover_the_five_topics_in_a_few_minutes_each():
    assert [lesson.id for lesson in LESSONS] == [
        "the-law",
        "duty-of-care",
        "escalation",
        "exits",
        "reporting",
    ]
    for lesson in LESSONS:
        assert 2 <= lesson.minutes <= 5
        assert lesson.outcome in {outcome.id for outcome in OUTCOMES}
        assert lesson.module in {module.code for module in MODULES}
        assert len(lesson.paragraphs) >= 3
        assert len(lesson.questions) >= 2


def test_retrieval_questions_are_well_formed_and_distinct_from_the_refresher_bank():
    ids = [question.id for lesson in LESSONS for question in lesson.questions]
    assert len(ids) == len(set(ids))
    assert not set(ids) & {item.id for item in ITEMS}
    for lesson in LESSONS:
        for question in lesson.questions:
            assert len(set(question.options)) == 4, question.id
            assert question.why, question.id
