"""Write an agency's report on a year, computed from the records: ``annual_report AGENCY YEAR --to FMT [-o OUT]``."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db.models import Q
from django.utils.translation import gettext as _

from gongkai.errors import GongkaiError
from gongkai.renderers import render
from gongkai_web.agencies.models import Agency
from gongkai_web.annual_reports.selectors import compute_report
from gongkai_web.common.i18n import message

FORMATS = ("json", "cells", "text", "docx", "pdf", "html", "md")
BINARY = ("docx", "pdf")


class Command(BaseCommand):
    help = (
        "Compute AGENCY's report on YEAR from the records and write it (AGENCY is the agency's name or code)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("agency", help="the agency's code or full name")
        parser.add_argument("year", type=int)
        parser.add_argument("--to", choices=FORMATS, default="text", help="output format (default text)")
        parser.add_argument("-o", "--output", default="-", help="output file (default: standard output)")

    def handle(self, *args: Any, **options: Any) -> None:
        name = options["agency"].strip()
        matches = list(Agency.objects.filter(Q(code=name) | Q(name=name))[:2])
        if not matches:
            raise CommandError(_("No agency %(name)s (give its code or full name)") % {"name": name})
        if len(matches) > 1:
            raise CommandError(_("More than one agency is named %(name)s (give its code)") % {"name": name})
        fmt = options["to"]
        try:
            content = render(compute_report(matches[0], options["year"]), fmt)
        except GongkaiError as exc:
            raise CommandError(message(exc)) from None
        data = content.encode("utf-8") if isinstance(content, str) else content
        if options["output"] == "-":
            if fmt in BINARY and sys.stdout.isatty():
                raise CommandError(
                    _("%(fmt)s is a binary format: give an output file with -o") % {"fmt": fmt}
                )
            self.stdout.flush()
            sys.stdout.buffer.write(data)
            sys.stdout.buffer.flush()
        else:
            Path(options["output"]).write_bytes(data)
            self.stderr.write(
                _("Wrote %(path)s (%(size)d bytes)") % {"path": options["output"], "size": len(data)}
            )
