"""Attachment checks: an allow-list of types recognised by their content, and a size bound."""

from __future__ import annotations

import zipfile
from dataclasses import dataclass
from typing import IO

from django.conf import settings

OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"

#: extension -> what the content must look like.
ALLOWED_EXTENSIONS = ("pdf", "doc", "docx", "xls", "xlsx", "png", "jpg", "jpeg", "ofd", "wps", "et")


@dataclass(frozen=True)
class UploadRefused(Exception):
    """The upload is refused; ``message`` is shown to the user (Chinese)."""

    message: str

    def __str__(self) -> str:
        return self.message


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
    """The file's extension if acceptable, else raise :class:`UploadRefused` with a Chinese message."""
    limit = max_bytes if max_bytes is not None else settings.GONGKAI_MAX_ATTACHMENT_BYTES
    if size > limit:
        raise UploadRefused(
            f"文件“{name}”过大：{size / 1024 / 1024:.1f} MB，上限为 {limit / 1024 / 1024:.1f} MB。"
        )
    if size == 0:
        raise UploadRefused(f"文件“{name}”是空文件。")
    ext = name.rsplit(".", 1)[-1].lower() if "." in name else ""
    if ext not in _EXPECTED:
        raise UploadRefused(f"不允许上传“{name}”：只接受 {'、'.join(ALLOWED_EXTENSIONS)} 格式的文件。")
    kind = sniff_kind(data)
    if kind not in _EXPECTED[ext]:
        raise UploadRefused(f"文件“{name}”的内容与扩展名 .{ext} 不符，已拒绝上传。")
    return ext
