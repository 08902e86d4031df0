"""The SQLite settings a small server relies on actually take effect on a file database."""

import sqlite3

import pytest
from django.conf import settings
from django.db import connections, transaction
from django.db.backends.sqlite3.base import DatabaseWrapper


@pytest.fixture
def sqlite_file_connection(tmp_path, django_db_blocker):
    """A connection to a new SQLite file with the options `make run` uses."""
    config = {
        "ENGINE": "django.db.backends.sqlite3",
        "NAME": str(tmp_path / "tuned.sqlite3"),
        "OPTIONS": dict(settings.SQLITE_OPTIONS),
        "ATOMIC_REQUESTS": False,
        "AUTOCOMMIT": True,
        "CONN_MAX_AGE": 0,
        "CONN_HEALTH_CHECKS": False,
        "TIME_ZONE": None,
        "TEST": {},
        "USER": "",
        "PASSWORD": "",
        "HOST": "",
        "PORT": "",
    }
    wrapper = DatabaseWrapper(config, alias="tuning-check")
    with django_db_blocker.unblock():
        yield wrapper
        wrapper.close()


def _pragma(wrapper, name):
    with wrapper.cursor() as cursor:
        cursor.execute(f"PRAGMA {name}")
        return cursor.fetchone()[0]


def test_sqlite_uses_write_ahead_logging(sqlite_file_connection):
    assert _pragma(sqlite_file_connection, "journal_mode") == "wal"


def test_sqlite_waits_for_locks_instead_of_failing(sqlite_file_connection):
    assert _pragma(sqlite_file_connection, "busy_timeout") >= 5000


def test_sqlite_enforces_foreign_keys(sqlite_file_connection):
    assert _pragma(sqlite_file_connection, "foreign_keys") == 1


def test_sqlite_transactions_take_the_write_lock_up_front(sqlite_file_connection):
    with sqlite_file_connection.cursor() as cursor:
        cursor.execute("CREATE TABLE t (x INTEGER)")
    connections["tuning-check"] = sqlite_file_connection
    other = sqlite3.connect(sqlite_file_connection.settings_dict["NAME"], timeout=0)
    try:
        with transaction.atomic(using="tuning-check"):
            with sqlite_file_connection.cursor() as cursor:
                cursor.execute("SELECT 1")
            # BEGIN IMMEDIATE took the write lock before any write: another writer must wait.
            with pytest.raises(sqlite3.OperationalError, match="locked"):
                other.execute("INSERT INTO t VALUES (1)")
    finally:
        other.close()
        del connections["tuning-check"]
