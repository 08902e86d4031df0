"""`backup` and `restore`: a backup restored into an empty, migrated database gives back the
same data (compared with `dumpdata`) and the same stored files; a damaged backup, another
version's backup or a database that already holds data is refused before anything changes."""

from __future__ import annotations

import io
import json

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.management import call_command

from breakaway.accounts.models import Organisation, User
from breakaway.accounts.services import organisation_create
from breakaway.core.backup import _storage_files

pytestmark = pytest.mark.django_db(transaction=True)


def _dump() -> list[dict]:
    out = io.StringIO()
    call_command("dumpdata", stdout=out)
    return sorted(json.loads(out.getvalue()), key=lambda o: (o["model"], str(o["pk"])))


def _some_data() -> None:
    organisation_create(name="Riverside Trust", slug="riverside", sector="nhs-acute", headcount=50)
    User.objects.create_user(email="helen@riverside.example", password="x", full_name="Helen")
    default_storage.save("certificates/2026/a.pdf", ContentFile(b"%PDF-1.4 one"))
    default_storage.save("lesson-videos/1/2026/clip.vtt", ContentFile(b"WEBVTT\n\n"))


def _backup(tmp_path, name="backup") -> dict:
    out = io.StringIO()
    call_command("backup", str(tmp_path / name), "--json", stdout=out)
    return json.loads(out.getvalue())


def _empty_the_site() -> None:
    call_command("flush", interactive=False, verbosity=0)
    for name in ("certificates/2026/a.pdf", "lesson-videos/1/2026/clip.vtt"):
        default_storage.delete(name)


def test_a_restore_gives_back_identical_data_and_files(tmp_path):
    _some_data()
    before = _dump()
    stored = list(_storage_files(default_storage))  # earlier tests' files are there too
    made = _backup(tmp_path)
    assert made["files"] == len(stored) >= 2
    manifest = json.loads((tmp_path / "backup" / "manifest.json").read_text())
    assert set(manifest["files"]) >= {"files/certificates/2026/a.pdf"}
    assert all(len(f["sha256"]) == 64 for f in manifest["files"].values())

    _empty_the_site()
    assert not Organisation.objects.exists()
    out = io.StringIO()
    call_command("restore", str(tmp_path / "backup"), "--json", stdout=out)
    assert json.loads(out.getvalue())["restored"] is True

    assert _dump() == before
    with default_storage.open("certificates/2026/a.pdf") as handle:
        assert handle.read() == b"%PDF-1.4 one"


def test_a_damaged_backup_is_refused_and_nothing_changes(tmp_path, capsys):
    _some_data()
    _backup(tmp_path)
    damaged = tmp_path / "backup" / "files" / "certificates" / "2026" / "a.pdf"
    damaged.write_bytes(b"%PDF-1.4 two")
    _empty_the_site()
    with pytest.raises(SystemExit) as exit_info:
        call_command("restore", str(tmp_path / "backup"))
    assert exit_info.value.code == 1
    assert "files/certificates/2026/a.pdf does not match its checksum" in capsys.readouterr().err
    assert not Organisation.objects.exists()
    with pytest.raises(SystemExit):
        call_command("restore", str(tmp_path / "backup"), "--check")


def test_a_restore_refuses_a_database_holding_data(tmp_path, capsys):
    _some_data()
    _backup(tmp_path)
    before = _dump()
    with pytest.raises(SystemExit):
        call_command("restore", str(tmp_path / "backup"))
    assert "already holds data" in capsys.readouterr().err
    assert _dump() == before


def test_a_backup_of_another_version_is_refused(tmp_path, capsys):
    _some_data()
    _backup(tmp_path)
    manifest_path = tmp_path / "backup" / "manifest.json"
    manifest = json.loads(manifest_path.read_text())
    manifest["migrations"].append(["learning", "9999_from_the_future"])
    manifest_path.write_text(json.dumps(manifest))
    _empty_the_site()
    with pytest.raises(SystemExit):
        call_command("restore", str(tmp_path / "backup"))
    assert "different version" in capsys.readouterr().err


def test_a_backup_never_overwrites_and_leaves_nothing_half_written(tmp_path, capsys):
    _some_data()
    (tmp_path / "backup").mkdir()
    with pytest.raises(SystemExit):
        call_command("backup", str(tmp_path / "backup"))
    assert "already exists" in capsys.readouterr().err
    assert list(tmp_path.iterdir()) == [tmp_path / "backup"]


def test_check_verifies_a_whole_backup(tmp_path):
    _some_data()
    _backup(tmp_path)
    out = io.StringIO()
    call_command("restore", str(tmp_path / "backup"), "--check", stdout=out)
    assert "match their checksums" in out.getvalue()
