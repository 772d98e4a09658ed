"""Script or markup in an item is neutralised on every page; bad uploads are refused and nothing is saved."""

from __future__ import annotations

import io
import zipfile
from typing import Any

import pytest
from django.test import Client

from gongkai_web.catalogue.models import Attachment
from gongkai_web.catalogue.sanitize import sanitize_html
from gongkai_web.common.models import AuditEntry
from gongkai_web.common.uploads import UploadRefused, check_upload
from tests.web import factories as f

EVIL_TITLE = '<script>alert("t")</script><img src=x onerror=alert(1)>普法宣传'
EVIL_BODY = '<p>普法宣传活动<script>alert("b")</script><img src=x onerror="alert(2)"><a href="javascript:alert(3)">链接</a></p>'


@pytest.fixture
def evil(world: Any) -> Any:
    return f.item(
        agency=world.agency,
        author=world.users["officer"],
        title=EVIL_TITLE,
        body=EVIL_BODY,
        state="published",
        approver=world.users["leader"],
    )


def pages(world: Any, evil: Any) -> list[tuple[str, str, Any]]:
    code = world.agency.code
    return [
        ("portal home of agency", f"/a/{code}/", None),
        ("category list", f"/a/{code}/c/gzdt/", None),
        ("item page", f"/a/{code}/i/{evil.pk}/", None),
        ("search", "/search/?q=普法宣传", None),
        ("rss", f"/a/{code}/feed/rss/", None),
        ("atom", f"/a/{code}/c/gzdt/feed/atom/", None),
        ("staff list", f"/staff/a/{code}/items/", world.users["officer"]),
        ("staff item", f"/staff/items/{evil.pk}/", world.users["leader"]),
        ("staff dashboard", "/staff/", world.users["officer"]),
    ]


def test_stored_body_is_sanitised(evil: Any) -> None:
    assert "<script" not in evil.body and "onerror" not in evil.body and "javascript:" not in evil.body
    assert "普法宣传活动" in evil.body


@pytest.mark.parametrize("page", range(9))
def test_markup_in_title_and_body_never_reaches_a_page_live(page: int, world: Any, evil: Any) -> None:
    label, url, user = pages(world, evil)[page]
    client = Client()
    if user is not None:
        client.force_login(user)
    html = client.get(url).content.decode()
    assert "<script>alert" not in html, label
    assert "<img src=x onerror" not in html and 'onerror="alert' not in html, label
    assert "javascript:alert" not in html, label


def test_search_highlight_escapes_markup_around_the_hit(world: Any, evil: Any) -> None:
    html = Client().get("/search/?q=普法宣传").content.decode()
    assert "<mark>普法宣传</mark>" in html
    assert "&lt;script&gt;" in html  # the title's markup shown as text, not run


@pytest.mark.parametrize(
    ("raw", "absent"),
    [
        ('<p onclick="x()">a</p>', "onclick"),
        ("<iframe src=//evil></iframe>", "iframe"),
        ('<a href="javascript:x()">a</a>', "javascript"),
        ("<style>body{}</style>", "style"),
    ],
)
def test_sanitiser_removes_dangerous_markup(raw: str, absent: str) -> None:
    assert absent not in sanitize_html(raw)


def _docx_bytes() -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr("word/document.xml", "<w:document/>")
    return buf.getvalue()


@pytest.mark.parametrize(
    ("name", "data", "kind"),
    [
        ("a.pdf", f.PDF_BYTES, "pdf"),
        ("a.PNG", b"\x89PNG\r\n\x1a\n" + b"0" * 20, "png"),
        ("a.jpg", b"\xff\xd8\xff\xe0" + b"0" * 20, "jpg"),
        ("a.docx", _docx_bytes(), "docx"),
        ("a.doc", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"0" * 20, "doc"),
    ],
)
def test_allowed_types_with_matching_content_pass(name: str, data: bytes, kind: str) -> None:
    assert check_upload(name=name, size=len(data), data=io.BytesIO(data), max_bytes=10_000) == kind


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        ("a.exe", b"MZ" + b"0" * 20, "只接受"),
        ("a.html", b"<script>alert(1)</script>", "只接受"),
        ("a.pdf", b"<script>alert(1)</script>", "不符"),
        ("a.docx", b"PK\x03\x04 not a zip", "损坏"),
        ("a.png", f.PDF_BYTES, "不符"),
        ("noextension", f.PDF_BYTES, "只接受"),
        ("a.pdf", b"", "空文件"),
        ("big.pdf", b"%PDF-" + b"0" * 20_000, "过大"),
    ],
)
def test_forbidden_or_oversized_upload_is_refused_with_a_chinese_message(
    name: str, data: bytes, message: str
) -> None:
    with pytest.raises(UploadRefused, match=message):
        check_upload(name=name, size=len(data), data=io.BytesIO(data), max_bytes=10_000)


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        ("evil.exe", b"MZ" + b"0" * 50, "只接受"),
        ("fake.pdf", b"GIF89a" + b"0" * 50, "不符"),
        ("huge.pdf", b"%PDF-" + b"0" * (64 * 1024 + 10), "过大"),
    ],
)
def test_refused_upload_through_the_page_shows_the_message_and_saves_nothing(
    name: str, data: bytes, message: str, world: Any
) -> None:
    from django.core.files.uploadedfile import SimpleUploadedFile

    client = Client()
    client.force_login(world.users["officer"])
    before = (Attachment.objects.count(), AuditEntry.objects.count())
    response = client.post(
        f"/staff/items/{world.draft.pk}/attachments/", {"file": SimpleUploadedFile(name, data)}
    )
    assert response.status_code == 400
    assert message in response.content.decode()
    assert (Attachment.objects.count(), AuditEntry.objects.count()) == before


def test_accepted_upload_is_saved_and_audited(world: Any) -> None:
    from django.core.files.uploadedfile import SimpleUploadedFile

    client = Client()
    client.force_login(world.users["officer"])
    response = client.post(
        f"/staff/items/{world.draft.pk}/attachments/", {"file": SimpleUploadedFile("通知.pdf", f.PDF_BYTES)}
    )
    assert response.status_code == 302
    assert world.draft.attachments.get().original_name == "通知.pdf"
    assert AuditEntry.objects.filter(action="item_attach", object_id=str(world.draft.pk)).exists()
