"""Upload checks (attachments, applicants' files, proofs of delivery): an allow-list of types recognised by
their content, and a size bound.

Archives (zip, rar, 7z, tar, gz, bz2, xz) are refused, judged by their content: a zip is accepted only as
a .docx/.xlsx whose structure is a real OOXML document (or an .ofd), checked within the readers' budgets
(:func:`gongkai.parsers.budgets.zip_kind`: entries counted, every member inflated with a cap) in a child
process with memory and CPU limits (:mod:`gongkai.sandbox`), so a zip bomb cannot hold the web worker.
"""

from __future__ import annotations

from typing import IO

from django.conf import settings
from django.utils.translation import gettext_lazy as _

from gongkai.errors import GongkaiError
from gongkai.parsers import budgets
from gongkai.sandbox import Limits, run_limited
from gongkai_web.common.errors import Refused
from gongkai_web.common.i18n import message

OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"

#: extension -> what the content must look like.
ALLOWED_EXTENSIONS = ("pdf", "doc", "docx", "xls", "xlsx", "png", "jpg", "jpeg", "ofd", "wps", "et")


class UploadRefused(Refused):
    """The upload is refused (the message names the file; ``field`` is the form's ``file``)."""


#: Signatures of archives (zip is told apart from OOXML by its members).
_ARCHIVE_MAGIC = (
    b"Rar!\x1a\x07",  # rar
    b"7z\xbc\xaf\x27\x1c",  # 7z
    b"\x1f\x8b",  # gzip
    b"BZh",  # bzip2
    b"\xfd7zXZ\x00",  # xz
    b"PK\x05\x06",  # an empty zip
    b"PK\x07\x08",  # a spanned zip
)
#: The budget of the child that inspects a zip (it only inflates, with a cap).
_INSPECT = Limits(
    memory=512 * 2**20,
    seconds=budgets.MAX_SECONDS,
    wall=budgets.MAX_SECONDS * 2,
    what=("附件", "the attachment"),
)


def _is_archive(head: bytes) -> bool:
    return head.startswith(_ARCHIVE_MAGIC) or (len(head) >= 263 and head[257:262] == b"ustar")


def sniff_kind(data: IO[bytes]) -> str | None:
    """The type the content really has (``pdf``, ``png``, ``jpg``, ``ole``, ``docx``, ``xlsx``, ``ofd``,
    ``archive``) or None. A zip is inspected in a limited child; one that is damaged or a bomb raises
    :class:`gongkai.errors.ParseError`."""
    data.seek(0)
    head = data.read(512)
    data.seek(0)
    if _is_archive(head):
        return "archive"
    if head.startswith(b"%PDF-"):
        return "pdf"
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return "png"
    if head.startswith(b"\xff\xd8\xff"):
        return "jpg"
    if head.startswith(OLE):
        return "ole"
    if head.startswith(b"PK\x03\x04"):
        whole = data.read()
        data.seek(0)
        kind = run_limited(budgets.zip_kind, whole, limits=_INSPECT)
        return "archive" if kind == "zip" else kind
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


def check_upload(
    *,
    name: str,
    size: int,
    data: IO[bytes],
    max_bytes: int | None = None,
    allowed: tuple[str, ...] = ALLOWED_EXTENSIONS,
    field: str = "file",
) -> str:
    """The file's extension if it is one of ``allowed`` and the content is of that type, else raise
    :class:`UploadRefused` naming the file and why (on the form's ``field``)."""
    limit = max_bytes if max_bytes is not None else settings.GONGKAI_MAX_ATTACHMENT_BYTES
    if size > limit:
        raise UploadRefused(
            _("The file “%(name)s” is too large: %(size).1f MB, at most %(limit).1f MB."),
            {"name": name, "size": size / 1024 / 1024, "limit": limit / 1024 / 1024},
            field=field,
        )
    if size == 0:
        raise UploadRefused(_("The file “%(name)s” is empty."), {"name": name}, field=field)
    ext = name.rsplit(".", 1)[-1].lower() if "." in name else ""
    if ext not in _EXPECTED or ext not in allowed:
        raise UploadRefused(
            _("“%(name)s” cannot be uploaded: only files in the formats %(formats)s are accepted."),
            {"name": name, "formats": "、".join(allowed)},
            field=field,
        )
    try:
        kind = sniff_kind(data)
    except GongkaiError as exc:
        raise UploadRefused(
            _("“%(name)s” cannot be accepted: %(reason)s"),
            {"name": name, "reason": message(exc)},
            field=field,
        ) from None
    if kind == "archive":
        raise UploadRefused(
            _(
                "“%(name)s” is an archive (zip, rar, 7z, tar, gz): attach the documents themselves, not an archive."
            ),
            {"name": name},
            field=field,
        )
    if kind not in _EXPECTED[ext]:
        raise UploadRefused(
            _("The content of “%(name)s” does not match its extension .%(ext)s: refused."),
            {"name": name, "ext": ext},
            field=field,
        )
    return ext
