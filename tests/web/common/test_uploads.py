"""Attachments: archives refused by their content, a zip accepted only as a bounded OOXML document."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from gongkai_web.common.uploads import UploadRefused, check_upload
from tests import hostile
from tests.web import factories as f

CORPUS = Path(__file__).parents[2] / "data" / "corpus"


@pytest.fixture(autouse=True)
def _production_size(settings: Any) -> None:
    settings.GONGKAI_MAX_ATTACHMENT_BYTES = 20 * 2**20


def _check(name: str, data: bytes) -> str:
    name, size, stream = f.upload(name, data)
    return check_upload(name=name, size=size, data=stream)


@pytest.mark.parametrize("kind", ["zip", "rar", "7z", "tar", "gz"])
def test_an_archive_named_as_a_document_is_refused_as_an_archive(kind: str) -> None:
    with pytest.raises(UploadRefused) as info:
        _check("年报.docx", hostile.archive(kind))
    assert "archive" in info.value.message_en


def test_a_zip_bomb_named_docx_is_refused_naming_the_limit() -> None:
    with pytest.raises(UploadRefused) as info:
        _check("年报.docx", hostile.zip_bomb(256 * 2**20))
    assert "压缩炸弹" in info.value.message_zh
    assert info.value.field == "file"


def test_a_zip_of_200k_entries_is_refused() -> None:
    with pytest.raises(UploadRefused) as info:
        _check("年报.docx", hostile.many_entries())
    assert "条目过多" in info.value.message_zh


def test_a_zip_with_word_document_xml_but_no_content_types_is_an_archive() -> None:
    data = hostile.raw_zip([("word/document.xml", b"<w:document/>", 0, 0, 13)])
    with pytest.raises(UploadRefused) as info:
        _check("年报.docx", data)
    assert "archive" in info.value.message_en


def test_a_real_docx_is_accepted() -> None:
    assert _check("年报.docx", (CORPUS / "docx-2019-sample.docx").read_bytes()) == "docx"


def test_a_pdf_is_accepted_without_inspection() -> None:
    assert _check("附件.pdf", f.PDF_BYTES) == "pdf"
