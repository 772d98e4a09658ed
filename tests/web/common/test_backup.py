"""manage.py backup and restore: a populated site backed up, wiped and restored has every record, file and
letter hash intact; a damaged archive, a database in use or another schema are refused, changing nothing."""

from __future__ import annotations

import gzip
import hashlib
import io
import json
import tarfile
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from django.core.files.storage import default_storage
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import translation

from gongkai.workflow import Event
from gongkai_web.applications.models import Letter
from gongkai_web.catalogue.models import Attachment, Item
from gongkai_web.common.pagecache import portal_version
from tests.web import factories as f
from tests.web.annual_reports.helpers import published_report
from tests.web.applications.helpers import act, received

pytestmark = pytest.mark.django_db(transaction=True)


def populate(world: Any) -> None:
    """Beyond the world (agencies, users of every role, items, one attachment): more attachments, cases with
    their letters (receipts, consultations, replies), an appeal, and published annual reports."""
    f.attachment(world.published, name="通知.pdf", data=b"%PDF-1.4\n" + "附件二".encode() * 500)
    other = f.item(
        agency=world.other_agency, author=world.users["other"], title="乙局动态", state="published"
    )
    f.attachment(other, name="乙局.pdf", data=b"%PDF-1.4\n" + bytes(range(256)) * 40)
    for n, agency in enumerate((world.agency, world.other_agency)):
        app = received(agency, date(2024, 3, 4 + n), description=f"申请公开的信息{n}")
        act(
            app,
            Event.START_CONSULTATION,
            date(2024, 3, 6),
            party="第三方公司",
            with_whom="third_party",
            information="合同文本",
        )
        act(app, Event.END_CONSULTATION, date(2024, 3, 20), answer="同意公开")
        act(app, Event.ANSWER, date(2024, 3, 28), outcome="granted")
    received(world.agency, date(2024, 5, 6))  # one still open
    published_report(world.agency, 2023, author=world.users["officer"], approver=world.users["leader"])
    published_report(world.other_agency, 2023)


def snapshot() -> dict[str, Any]:
    """Every row (serialised as the backup does, but independently of it), every file's bytes' hash, and the
    hash of every letter's bytes."""
    out = io.StringIO()
    call_command(
        "dumpdata",
        format="jsonl",
        natural_foreign=True,
        use_base_manager=True,
        exclude=["contenttypes", "auth.permission", "sessions"],
        stdout=out,
    )
    lines = out.getvalue().splitlines()
    # The portal's cache version is the one row a restore changes (bumped, so no page cached before is served).
    rows = sorted(line for line in lines if '"name": "portal"' not in line)
    files = {
        a.file.name: hashlib.sha256(default_storage.open(a.file.name).read()).hexdigest()
        for a in Attachment.objects.all()
    }
    letters = {
        letter.pk: (letter.sha256, hashlib.sha256(bytes(letter.content)).hexdigest())
        for letter in Letter.objects.all()
    }
    return {"rows": rows, "portal": portal_version(), "files": files, "letters": letters}


def wipe() -> None:
    names = list(Attachment.objects.values_list("file", flat=True))
    call_command("flush", interactive=False, verbosity=0)
    for name in names:
        default_storage.delete(name)


def backup(tmp_path: Path) -> Path:
    target = tmp_path / "site.tar.gz"
    call_command("backup", "-o", str(target), stdout=io.StringIO())
    return target


def restore(path: Path, *args: str) -> str:
    out = io.StringIO()
    with translation.override("en"):
        call_command("restore", str(path), *args, stdout=out)
    return out.getvalue()


def refused(path: Path, *args: str) -> str:
    with translation.override("en"), pytest.raises(CommandError) as caught:
        call_command("restore", str(path), *args, stdout=io.StringIO())
    return str(caught.value)


def members(path: Path) -> dict[str, bytes]:
    with tarfile.open(path, "r:gz") as tar:
        return {m.name: tar.extractfile(m).read() for m in tar}  # type: ignore[union-attr]


def rewrite(path: Path, changed: dict[str, bytes]) -> Path:
    """The archive at ``path`` with some members' bytes replaced (the manifest left as it was)."""
    out = path.with_name("changed.tar.gz")
    with tarfile.open(out, "w:gz") as tar:
        for name, data in {**members(path), **changed}.items():
            info = tarfile.TarInfo(name)
            info.size = len(data)
            tar.addfile(info, io.BytesIO(data))
    return out


@pytest.fixture
def site(world: Any) -> dict[str, Any]:
    populate(world)
    return snapshot()


def test_a_site_backed_up_wiped_and_restored_has_every_record_file_and_letter_hash_intact(
    site: dict[str, Any], tmp_path: Path
) -> None:
    assert len(site["files"]) == 3 and len(site["letters"]) >= 6
    assert all(stored == actual for stored, actual in site["letters"].values())
    path = backup(tmp_path)
    wipe()
    assert not Item.objects.exists() and not any(default_storage.exists(n) for n in site["files"])

    said = restore(path)

    after = snapshot()
    assert after["portal"] > site["portal"]
    assert {**after, "portal": 0} == {**site, "portal": 0}
    assert f"{len(site['rows']) + 1} rows" in said and "3 files" in said


def test_the_manifest_counts_the_rows_of_each_model_and_hashes_every_file(
    site: dict[str, Any], tmp_path: Path
) -> None:
    manifest = json.loads(members(backup(tmp_path))["manifest.json"])
    assert manifest["models"]["catalogue.Item"] == Item.objects.count()
    assert manifest["models"]["applications.Letter"] == len(site["letters"])
    assert {x["name"]: x["sha256"] for x in manifest["files"]} == site["files"]
    assert manifest["rows"] == len(site["rows"]) + 1  # and the portal's cache version


def test_restore_refuses_an_archive_whose_file_does_not_match_its_checksum(
    site: dict[str, Any], tmp_path: Path
) -> None:
    path = backup(tmp_path)
    name = "media/" + next(iter(site["files"]))
    damaged = rewrite(path, {name: members(path)[name] + b"x"})
    wipe()
    message = refused(damaged)
    assert "damaged" in message and name in message and "nothing was restored" in message
    assert not Item.objects.exists()


def test_restore_refuses_an_archive_whose_manifest_was_altered(site: dict[str, Any], tmp_path: Path) -> None:
    path = backup(tmp_path)
    manifest = json.loads(members(path)["manifest.json"])
    manifest["models"]["catalogue.Item"] += 1
    damaged = rewrite(path, {"manifest.json": json.dumps(manifest).encode()})
    wipe()
    assert "the manifest does not match its checksum" in refused(damaged)


def test_restore_refuses_a_truncated_archive(site: dict[str, Any], tmp_path: Path) -> None:
    path = backup(tmp_path)
    cut = tmp_path / "cut.tar.gz"
    cut.write_bytes(path.read_bytes()[: path.stat().st_size // 2])
    assert "is damaged or not a gongkai backup" in refused(cut)


def test_restore_refuses_a_file_that_is_not_an_archive(db: Any, tmp_path: Path) -> None:
    junk = tmp_path / "junk.tar.gz"
    junk.write_bytes(gzip.compress(b"not a tar at all"))
    assert "is damaged or not a gongkai backup" in refused(junk)


def test_restore_refuses_a_database_in_use_unless_told_to_replace_it(
    site: dict[str, Any], tmp_path: Path
) -> None:
    path = backup(tmp_path)
    later = f.AgencyFactory(code="later")
    f.item(agency=later, author=f.member(later, "officer"), title="备份之后")
    assert "The database is not empty" in refused(path)
    assert Item.objects.filter(title="备份之后").exists()

    restore(path, "--replace")

    after = snapshot()
    assert {**after, "portal": 0} == {**site, "portal": 0}


def test_restore_refuses_a_backup_of_another_schema(site: dict[str, Any], tmp_path: Path) -> None:
    path = backup(tmp_path)
    manifest = json.loads(members(path)["manifest.json"])
    manifest["migrations"].append("catalogue.9999_from_the_future")
    text = json.dumps(manifest).encode()
    other = rewrite(
        path, {"manifest.json": text, "manifest.sha256": hashlib.sha256(text).hexdigest().encode()}
    )
    wipe()
    assert "catalogue.9999_from_the_future" in refused(other)


def test_restore_check_only_verifies(site: dict[str, Any], tmp_path: Path) -> None:
    path = backup(tmp_path)
    wipe()
    assert "verified" in restore(path, "--check")
    assert not Item.objects.exists()


def test_backup_verify_reads_the_archive_back(site: dict[str, Any], tmp_path: Path) -> None:
    out = io.StringIO()
    call_command("backup", "--verify", "-o", str(tmp_path), stdout=out)
    (archive,) = tmp_path.glob("gongkai-backup-*.tar.gz")
    assert str(archive) in out.getvalue()


def test_times_keep_their_microseconds_through_a_round_trip(site: dict[str, Any], tmp_path: Path) -> None:
    from datetime import UTC, datetime

    from gongkai_web.common.models import AuditEntry

    exact = datetime(2024, 3, 6, 9, 20, 46, 123, tzinfo=UTC)  # 123 µs: under a millisecond
    entry = AuditEntry.objects.order_by("pk").first()
    assert entry is not None
    AuditEntry.objects.filter(pk=entry.pk).update(at=exact)
    path = backup(tmp_path)
    wipe()
    restore(path)
    assert AuditEntry.objects.get(pk=entry.pk).at == exact
