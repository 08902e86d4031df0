import pytest

from breakaway.catalogue.content import load_catalogue


@pytest.fixture
def shipped(db):
    """The shipped catalogue. The data migration loads it, but a transactional test elsewhere
    in the run may have flushed the tables since; loading again is harmless."""
    load_catalogue()
