"""Restore a site from an archive of ``backup``: ``restore FILE [--replace]`` (docs/deploy.md, "Backups").

Every checksum is verified before anything is touched; the rows go back in one transaction.
"""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from gongkai_web.common.backups import BackupError, archive_verify, site_restore


class Command(BaseCommand):
    help = (
        "Verify an archive made by backup (manifest, SHA-256 of every member) and restore it into a freshly "
        "migrated, empty database and its media storage."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("archive", help="a .tar.gz written by manage.py backup")
        parser.add_argument(
            "--replace",
            action="store_true",
            help="delete every row of the database (and the archive's files in storage) before restoring",
        )
        parser.add_argument("--check", action="store_true", help="only verify the archive; change nothing")

    def handle(self, *args: Any, **options: Any) -> None:
        path = Path(options["archive"])
        with tempfile.TemporaryDirectory(prefix="gongkai-restore-") as tmp:
            try:
                verified = archive_verify(path, Path(tmp))
                m = verified.manifest
                self.stdout.write(
                    _("%(path)s verified: made %(at)s on %(db)s, %(rows)d rows, %(files)d files")
                    % {
                        "path": path,
                        "at": m["created_at"],
                        "db": m["database"],
                        "rows": m["rows"],
                        "files": len(m["files"]),
                    }
                )
                if options["check"]:
                    return
                done = site_restore(verified, replace=options["replace"])
            except BackupError as exc:
                raise CommandError(str(exc)) from None
        self.stdout.write(
            _(
                "Restored %(rows)d rows of %(models)d models and %(files)d files; %(hashed)d stored "
                "documents match their SHA-256 (%(s).1f s)"
            )
            % {
                "rows": done.rows,
                "models": done.models,
                "files": done.files,
                "hashed": done.hashed,
                "s": done.seconds,
            }
        )
