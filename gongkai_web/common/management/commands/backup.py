"""Back the whole site up into one archive: ``backup [-o FILE_OR_DIR]`` (docs/deploy.md, "Backups")."""

from __future__ import annotations

import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from gongkai_web.common.backups import BackupError, archive_verify, backup_write


class Command(BaseCommand):
    help = (
        "Write the database (every row, as JSON lines) and every stored file into one .tar.gz with a manifest "
        "of row counts and SHA-256 sums."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "-o",
            "--output",
            default=".",
            help="the archive to write, or a directory for gongkai-backup-<UTC time>.tar.gz (default: .)",
        )
        parser.add_argument(
            "--verify", action="store_true", help="read the archive back and check every member's SHA-256"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        target = Path(options["output"])
        if target.is_dir():
            stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
            target = target / f"gongkai-backup-{stamp}.tar.gz"
        if not target.parent.is_dir():
            raise CommandError(_("No directory %(path)s") % {"path": target.parent})
        started = time.perf_counter()
        try:
            manifest = backup_write(target)
        except BackupError as exc:
            raise CommandError(str(exc)) from None
        if options["verify"]:
            with tempfile.TemporaryDirectory(prefix="gongkai-verify-") as tmp:
                try:
                    archive_verify(target, Path(tmp))
                except BackupError as exc:
                    raise CommandError(str(exc)) from None
        for name in manifest["missing_files"]:
            self.stderr.write(
                _("Warning: file %(name)s is referred to but missing from storage") % {"name": name}
            )
        self.stdout.write(
            _("%(path)s: %(rows)d rows of %(models)d models, %(files)d files, %(size).1f MB in %(s).1f s")
            % {
                "path": target,
                "rows": manifest["rows"],
                "models": len(manifest["models"]),
                "files": len(manifest["files"]),
                "size": target.stat().st_size / 1e6,
                "s": time.perf_counter() - started,
            }
        )
