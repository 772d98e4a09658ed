"""Attachment checks: an allow-list of types recognised by their content, and a size bound."""

from __future__ import annotations

import zipfile
from typing import IO

from django.conf import settings
from django.utils.translation import gettext_lazy as _

from gongkai_web.common.errors import Refused

OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"

#: extension -> what the content must look like.
ALLOWED_EXTENSIONS = ("pdf", "doc", "docx", "xls", "xlsx", "png", "jpg", "jpeg", "ofd", "wps", "et")


class UploadRefused(Refused):
    """The upload is refused (the message names the file; ``field`` is the form's ``file``)."""


def _zip_members(head: IO[bytes]) -> set[str]:
    try:
        with zipfile.ZipFile(head) as z:
            return set(z.namelist()[:2000])
    except (zipfile.BadZipFile, OSError, ValueError):
        return set()


def sniff_kind(data: IO[bytes]) -> str | None:
    """The type the content really has (``pdf``, ``png``, ``jpg``, ``ole``, ``docx``, ``xlsx``, ``ofd``) or None."""
    data.seek(0)
    head = data.read(16)
    data.seek(0)
    if head.startswith(b"%PDF-"):
        return "pdf"
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return "png"
    if head.startswith(b"\xff\xd8\xff"):
        return "jpg"
    if head.startswith(OLE):
        return "ole"
    if head.startswith(b"PK\x03\x04"):
        names = _zip_members(data)
        data.seek(0)
        if "word/document.xml" in names:
            return "docx"
        if "xl/workbook.xml" in names:
            return "xlsx"
        if "OFD.xml" in names:
            return "ofd"
    return None


_EXPECTED = {
    "pdf": {"pdf"},
    "png": {"png"},
    "jpg": {"jpg"},
    "jpeg": {"jpg"},
    "doc": {"ole"},
    "xls": {"ole"},
    "wps": {"ole"},
    "et": {"ole"},
    "docx": {"docx"},
    "xlsx": {"xlsx"},
    "ofd": {"ofd"},
}


def check_upload(*, name: str, size: int, data: IO[bytes], max_bytes: int | None = None) -> str:
    """The file's extension if acceptable, else raise :class:`UploadRefused` naming the file and why."""
    limit = max_bytes if max_bytes is not None else settings.GONGKAI_MAX_ATTACHMENT_BYTES
    if size > limit:
        raise UploadRefused(
            _("The file “%(name)s” is too large: %(size).1f MB, at most %(limit).1f MB."),
            {"name": name, "size": size / 1024 / 1024, "limit": limit / 1024 / 1024},
            field="file",
        )
    if size == 0:
        raise UploadRefused(_("The file “%(name)s” is empty."), {"name": name}, field="file")
    ext = name.rsplit(".", 1)[-1].lower() if "." in name else ""
    if ext not in _EXPECTED:
        raise UploadRefused(
            _("“%(name)s” cannot be uploaded: only files in the formats %(formats)s are accepted."),
            {"name": name, "formats": "、".join(ALLOWED_EXTENSIONS)},
            field="file",
        )
    kind = sniff_kind(data)
    if kind not in _EXPECTED[ext]:
        raise UploadRefused(
            _("The content of “%(name)s” does not match its extension .%(ext)s: refused."),
            {"name": name, "ext": ext},
            field="file",
        )
    return ext
