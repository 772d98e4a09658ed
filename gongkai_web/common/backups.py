"""A whole site in one archive and back: the database as Django's serialised rows (JSON lines, natural keys
for content types and permissions) and every file a FileField names, with a manifest of the row count of
each model and the SHA-256 of every member; restored only after every checksum has been verified, in one
transaction (``manage.py backup`` / ``manage.py restore``; docs/deploy.md says why not ``pg_dump``).

Layout of the archive (a gzipped tar):

    manifest.json      format, version, when, database, applied migrations, rows per model, members' sums
    manifest.sha256    the SHA-256 of manifest.json (so a damaged manifest is caught, not trusted)
    data.jsonl         as ``dumpdata --format jsonl --natural-foreign --all``, times to the microsecond
    media/<name>       each stored file under its storage name
"""

from __future__ import annotations

import hashlib
import io
import json
import os
import posixpath
import tarfile
import tempfile
import time
import zlib
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from datetime import time as dt_time
from pathlib import Path
from typing import IO, Any

import django
from django.apps import apps
from django.core import serializers
from django.core.files import File
from django.core.files.storage import Storage, default_storage
from django.core.management import call_command
from django.core.serializers.json import DjangoJSONEncoder
from django.db import DEFAULT_DB_ALIAS, connections, models, transaction
from django.db.migrations.recorder import MigrationRecorder
from django.utils.translation import gettext as _

from gongkai_web.common.pagecache import portal_version_bump

FORMAT = "gongkai-backup"
VERSION = 1
MANIFEST = "manifest.json"
MANIFEST_SUM = "manifest.sha256"
DATA = "data.jsonl"
MEDIA = "media/"
#: Not in the archive: rebuilt by ``migrate`` (content types, permissions, referred to by natural key) or
#: not worth keeping (sessions: everyone logs in again after a restore).
EXCLUDED = ("contenttypes", "auth.permission", "sessions")
CHUNK = 1024 * 1024


class BackupError(Exception):
    """A backup that cannot be made or restored; the message says why, in the active language."""


@dataclass
class Restored:
    """What a restore put back."""

    rows: int
    models: int
    files: int
    hashed: int
    seconds: float


@dataclass
class Verified:
    """An archive whose manifest and members all match: the manifest, and the members extracted to ``workdir``."""

    manifest: dict[str, Any]
    workdir: Path
    data: Path
    files: dict[str, Path] = field(default_factory=dict)


# --- what is in a site ------------------------------------------------------------------------------------


def file_fields() -> Iterator[tuple[type[models.Model], models.FileField]]:
    """Every FileField of every installed model."""
    for model in apps.get_models():
        for f in model._meta.get_fields():
            if isinstance(f, models.FileField):
                yield model, f


def stored_files() -> dict[str, Storage]:
    """The name of every file a FileField refers to, with the storage that holds it."""
    found: dict[str, Storage] = {}
    for model, f in file_fields():
        names = model._base_manager.exclude(**{f.name: ""}).values_list(f.name, flat=True)
        for name in names.iterator():
            if name:
                found[str(name)] = f.storage
    return dict(sorted(found.items()))


def hashed_models() -> Iterator[type[models.Model]]:
    """Models that store bytes with their SHA-256 (issued letters, published report files)."""
    for model in apps.get_models():
        names = {f.name for f in model._meta.get_fields()}
        if {"content", "sha256"} <= names and isinstance(
            model._meta.get_field("content"), models.BinaryField
        ):
            yield model


def bad_hashes() -> tuple[int, list[str]]:
    """How many stored byte strings were checked against their SHA-256, and those that do not match."""
    checked, bad = 0, []
    for model in hashed_models():
        rows = model._base_manager.values_list("pk", "content", "sha256")
        for pk, content, sha in rows.iterator(chunk_size=200):
            checked += 1
            if hashlib.sha256(bytes(content)).hexdigest() != sha:
                bad.append(f"{model._meta.label}#{pk}")
    return checked, bad


def applied_migrations(alias: str = DEFAULT_DB_ALIAS) -> list[str]:
    """The migrations applied to the database, as ``app.name``."""
    return sorted(f"{a}.{n}" for a, n in MigrationRecorder(connections[alias]).applied_migrations())


def model_counts() -> dict[str, int]:
    """Rows of every model the archive holds, by label (for the empty-site check)."""
    counts = {}
    for model in apps.get_models():
        label = model._meta.label
        if model._meta.app_label in EXCLUDED or label.lower() in EXCLUDED or model._meta.proxy:
            continue
        counts[label] = model._base_manager.count()
    return counts


# --- writing --------------------------------------------------------------------------------------------


class _Hashing:
    """A reader that hashes what passes through it (tarfile reads members with ``read(n)``)."""

    def __init__(self, inner: IO[bytes]) -> None:
        self.inner, self.sha, self.size = inner, hashlib.sha256(), 0

    def read(self, n: int = -1) -> bytes:
        data = self.inner.read(n)
        self.sha.update(data)
        self.size += len(data)
        return data


def _add_bytes(tar: tarfile.TarFile, name: str, data: bytes, mtime: float) -> None:
    info = tarfile.TarInfo(name)
    info.size, info.mtime, info.mode = len(data), int(mtime), 0o600
    tar.addfile(info, io.BytesIO(data))


class _ExactJSON(DjangoJSONEncoder):
    """Django's encoder, but times keep their microseconds (Django's cuts them to milliseconds, so a restored
    timestamp would differ from the one backed up)."""

    def default(self, o: Any) -> Any:
        if isinstance(o, datetime | dt_time):
            text = o.isoformat()
            return text.removesuffix("+00:00") + "Z" if text.endswith("+00:00") else text
        return super().default(o)


def _dumped_models() -> list[type[models.Model]]:
    """The models the archive holds, in dumpdata's order (natural-key dependencies first)."""
    app_list = {
        config: [
            m for m in config.get_models() if not m._meta.proxy and m._meta.label.lower() not in EXCLUDED
        ]
        for config in apps.get_app_configs()
        if config.models_module is not None and config.label not in EXCLUDED
    }
    return list(serializers.sort_dependencies(app_list.items(), allow_cycles=True))


def _dump(path: Path) -> dict[str, int]:
    """The database into ``path`` as JSON lines (as ``dumpdata --format jsonl --natural-foreign --all``, with
    exact times); rows per model."""
    serializer = serializers.get_serializer("jsonl")()
    counts: dict[str, int] = {}
    with path.open("w", encoding="utf-8") as fh:
        for model in _dumped_models():
            rows = model._base_manager.order_by(model._meta.pk.name)
            n = rows.count()
            if not n:
                continue
            serializer.serialize(
                rows.iterator(chunk_size=500), stream=fh, use_natural_foreign_keys=True, cls=_ExactJSON
            )
            counts[model._meta.label] = n
    return dict(sorted(counts.items()))


@contextmanager
def _snapshot(alias: str = DEFAULT_DB_ALIAS) -> Iterator[None]:
    """One consistent view of the database for the whole dump (PostgreSQL: a repeatable-read transaction)."""
    conn = connections[alias]
    fresh = not conn.in_atomic_block
    with transaction.atomic(using=alias):
        if fresh and conn.vendor == "postgresql":
            with conn.cursor() as cur:
                cur.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ READ ONLY")
        yield


def backup_write(target: Path) -> dict[str, Any]:
    """Write the site's archive to ``target`` (a file name); returns its manifest."""
    now = time.time()
    with tempfile.TemporaryDirectory(prefix="gongkai-backup-") as tmp:
        data = Path(tmp) / DATA
        with _snapshot():
            counts = _dump(data)
            files = stored_files()
            migrations = applied_migrations()
        partial = target.with_name(target.name + ".partial")
        entries, missing = [], []
        with tarfile.open(partial, "w:gz", compresslevel=6) as tar:
            data_sum = _add_file(tar, DATA, data, now)
            for name, storage in files.items():
                try:
                    size = storage.size(name)
                    fh = storage.open(name, "rb")
                except OSError:
                    missing.append(name)
                    continue
                with fh:
                    info = tarfile.TarInfo(MEDIA + name)
                    info.size, info.mtime, info.mode = size, int(now), 0o600
                    reader = _Hashing(fh)
                    tar.addfile(info, reader)
                entries.append({"name": name, "size": reader.size, "sha256": reader.sha.hexdigest()})
            manifest = {
                "format": FORMAT,
                "version": VERSION,
                "created_at": datetime.fromtimestamp(now, UTC).isoformat(timespec="seconds"),
                "django": django.get_version(),
                "database": connections[DEFAULT_DB_ALIAS].vendor,
                "migrations": migrations,
                "models": counts,
                "rows": sum(counts.values()),
                "data": {"name": DATA, **data_sum},
                "files": entries,
                "missing_files": missing,
            }
            text = json.dumps(manifest, ensure_ascii=False, indent=1).encode("utf-8")
            _add_bytes(tar, MANIFEST, text, now)
            _add_bytes(tar, MANIFEST_SUM, hashlib.sha256(text).hexdigest().encode() + b"\n", now)
        os.replace(partial, target)
    return manifest


def _add_file(tar: tarfile.TarFile, name: str, path: Path, mtime: float) -> dict[str, Any]:
    with path.open("rb") as fh:
        reader = _Hashing(fh)
        info = tarfile.TarInfo(name)
        info.size, info.mtime, info.mode = path.stat().st_size, int(mtime), 0o600
        tar.addfile(info, reader)
    return {"size": reader.size, "sha256": reader.sha.hexdigest()}


# --- reading --------------------------------------------------------------------------------------------


def _safe_media_name(name: str) -> bool:
    norm = posixpath.normpath(name)
    return bool(name) and norm == name and not name.startswith(("/", "../")) and name != ".."


def _damaged(path: Path, why: object) -> BackupError:
    return BackupError(
        _("The backup %(path)s is damaged or not a gongkai backup (%(why)s); nothing was restored.")
        % {"path": path, "why": why}
    )


def archive_verify(path: Path, workdir: Path) -> Verified:
    """Read the archive at ``path`` into ``workdir`` and check it whole: the manifest's own sum, the data's
    and every file's SHA-256 and size, no member missing or unexpected. Raises BackupError, touching nothing."""
    members: dict[str, tuple[Path, str, int]] = {}
    try:
        with tarfile.open(path, "r:gz") as tar:
            for n, info in enumerate(tar):
                if not info.isfile():
                    raise _damaged(path, _("member %(name)s is not a file") % {"name": info.name})
                if info.name in members:
                    raise _damaged(path, _("member %(name)s appears twice") % {"name": info.name})
                src = tar.extractfile(info)
                assert src is not None  # a regular file
                out = workdir / f"m{n}"
                sha = hashlib.sha256()
                with src, out.open("wb") as dst:
                    while chunk := src.read(CHUNK):
                        sha.update(chunk)
                        dst.write(chunk)
                members[info.name] = (out, sha.hexdigest(), info.size)
    except (tarfile.TarError, EOFError, zlib.error, OSError) as exc:
        if isinstance(exc, FileNotFoundError):
            raise BackupError(_("No backup at %(path)s") % {"path": path}) from None
        raise _damaged(path, exc) from None

    if MANIFEST not in members or MANIFEST_SUM not in members:
        raise _damaged(path, _("no manifest"))
    manifest_path, manifest_sha, _size = members.pop(MANIFEST)
    expected = members.pop(MANIFEST_SUM)[0].read_text("ascii", errors="replace").strip()
    if manifest_sha != expected:
        raise _damaged(path, _("the manifest does not match its checksum"))
    try:
        manifest = json.loads(manifest_path.read_bytes())
    except ValueError as exc:
        raise _damaged(path, exc) from None
    if manifest.get("format") != FORMAT or manifest.get("version") != VERSION:
        raise _damaged(path, _("unknown format %(f)s") % {"f": manifest.get("format")})

    wanted = {DATA: manifest["data"]} | {MEDIA + f["name"]: f for f in manifest["files"]}
    for name, entry in wanted.items():
        if name not in members:
            raise _damaged(path, _("member %(name)s is missing") % {"name": name})
        _out, digest, size = members[name]
        if digest != entry["sha256"] or size != entry["size"]:
            raise _damaged(path, _("member %(name)s does not match its checksum") % {"name": name})
    extra = sorted(set(members) - set(wanted))
    if extra:
        raise _damaged(path, _("unexpected member %(name)s") % {"name": extra[0]})
    files = {}
    for f in manifest["files"]:
        if not _safe_media_name(f["name"]):
            raise _damaged(path, _("unsafe file name %(name)s") % {"name": f["name"]})
        files[f["name"]] = members[MEDIA + f["name"]][0]
    return Verified(manifest=manifest, workdir=workdir, data=members[DATA][0], files=files)


def site_restore(verified: Verified, *, replace: bool = False) -> Restored:
    """Put the verified archive's rows and files back, in one transaction: refused unless the database has
    the same migrations applied and holds no rows of its own (``replace``: flush them first)."""
    started = time.perf_counter()
    manifest = verified.manifest
    here = applied_migrations()
    if here != manifest["migrations"]:
        only_archive = sorted(set(manifest["migrations"]) - set(here))
        only_here = sorted(set(here) - set(manifest["migrations"]))
        raise BackupError(
            _(
                "The backup was made on another version of the database (only in the backup: %(a)s; only "
                "here: %(b)s). Restore with the release that made it (run migrate to its migrations), then "
                "upgrade."
            )
            % {"a": ", ".join(only_archive[:5]) or "-", "b": ", ".join(only_here[:5]) or "-"}
        )
    occupied = {label: n for label, n in model_counts().items() if n}
    if occupied and not replace:
        raise BackupError(
            _(
                "The database is not empty (%(models)s): restore into a freshly migrated database, or give "
                "--replace to delete everything in it first."
            )
            % {"models": ", ".join(f"{k} {v}" for k, v in sorted(occupied.items())[:5])}
        )
    storage = default_storage  # every FileField of the site keeps its files there
    clashes = [name for name in verified.files if storage.exists(name)]
    if clashes and not replace:
        raise BackupError(
            _("File %(name)s exists already in the media storage: give --replace to overwrite it.")
            % {"name": clashes[0]}
        )

    with transaction.atomic():
        if occupied:
            call_command("flush", interactive=False, verbosity=0)
        loaded = verified.workdir / DATA  # loaddata knows the format by the extension
        os.replace(verified.data, loaded)
        call_command("loaddata", str(loaded), verbosity=0)
        counts = {label: n for label, n in model_counts().items() if n}
        if counts != manifest["models"]:
            diff = sorted(
                f"{k}: {counts.get(k, 0)} ≠ {manifest['models'].get(k, 0)}"
                for k in set(counts) | set(manifest["models"])
                if counts.get(k, 0) != manifest["models"].get(k, 0)
            )
            raise BackupError(
                _("The restored rows do not match the manifest (%(diff)s); nothing was restored.")
                % {"diff": "; ".join(diff[:5])}
            )
        checked, bad = bad_hashes()
        if bad:
            raise BackupError(
                _("Stored documents do not match their SHA-256 (%(which)s); nothing was restored.")
                % {"which": ", ".join(bad[:5])}
            )
        for name, src in verified.files.items():
            if storage.exists(name):
                storage.delete(name)
            with src.open("rb") as fh:
                saved = storage.save(name, File(fh, name=posixpath.basename(name)))
            if saved != name:
                raise BackupError(
                    _("The media storage stored %(name)s as %(saved)s; nothing was restored.")
                    % {"name": name, "saved": saved}
                )
        portal_version_bump()  # no worker serves a page cached before the restore
    return Restored(
        rows=sum(manifest["models"].values()),
        models=len(manifest["models"]),
        files=len(verified.files),
        hashed=checked,
        seconds=time.perf_counter() - started,
    )
