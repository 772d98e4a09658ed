"""The public portal: search for Chinese on both databases, counts, feeds, language, isolation of staff data."""

from __future__ import annotations

from typing import Any
from xml.etree import ElementTree

import pytest
from django.db import connection
from django.test import Client

from gongkai_web.catalogue.selectors import category_counts_public
from gongkai_web.portal.search import highlight, search, search_ids
from tests.web import factories as f


@pytest.fixture
def corpus(world: Any) -> dict[str, Any]:
    mk = lambda title, body, state="published": f.item(  # noqa: E731
        agency=world.agency,
        author=world.users["officer"],
        title=title,
        body=body,
        state=state,
        approver=world.users["leader"],
    )
    return {
        "title_hit": mk("开展宪法宣传周活动", "<p>组织干部学习。</p>"),
        "body_hit": mk("工作简报", "<p>本周开展了宪法宣传周系列活动，普法进社区。</p>"),
        "other": mk("政府采购公告", "<p>办公设备采购项目。</p>"),
        "draft": mk("宪法宣传周草稿", "<p>宪法宣传周</p>", state="draft"),
    }


@pytest.mark.parametrize("query", ["宪法宣传周", "宪法", "宣传 宪法"])
def test_search_finds_chinese_words_and_ranks_title_hits_first(query: str, corpus: dict[str, Any]) -> None:
    ids = search_ids(query=query)
    assert ids[:2] == [corpus["title_hit"].pk, corpus["body_hit"].pk]
    assert corpus["other"].pk not in ids


def test_search_never_returns_unpublished_items(corpus: dict[str, Any]) -> None:
    assert corpus["draft"].pk not in search_ids(query="宪法宣传周")


def test_search_index_follows_edits(world: Any) -> None:
    from gongkai_web.catalogue import services

    services.item_update(item=world.draft, acting_user=world.users["officer"], body="<p>河长制巡河记录</p>")
    services.item_submit(item=world.draft, acting_user=world.users["officer"])
    services.item_approve(item=world.draft, acting_user=world.users["leader"])
    assert search_ids(query="河长制巡河") == [world.draft.pk]


# A word of three or more characters (trigram index) and one of two (pair index).
@pytest.mark.parametrize("query", ["宪法宣传周", "宪法"])
def test_search_can_be_limited_to_one_agency(query: str, corpus: dict[str, Any], world: Any) -> None:
    elsewhere = f.item(
        agency=world.other_agency,
        author=world.users["other"],
        title="宪法宣传周在乙局",
        state="published",
        approver=f.leader_of(world.other_agency, "b-approver"),
    )
    assert elsewhere.pk in search_ids(query=query)
    assert elsewhere.pk not in search_ids(query=query, agency_id=world.agency.pk)


def test_search_hits_carry_escaped_highlighted_snippets(corpus: dict[str, Any]) -> None:
    hits = search(query="普法")
    assert [h.item.pk for h in hits] == [corpus["body_hit"].pk]
    assert "<mark>普法</mark>" in hits[0].snippet_html


def test_highlight_escapes_everything_but_its_own_marks() -> None:
    assert highlight('<b>"宪法"</b>', ["宪法"]) == "&lt;b&gt;&quot;<mark>宪法</mark>&quot;&lt;/b&gt;"


def test_search_page_runs_on_this_database(corpus: dict[str, Any]) -> None:
    html = Client().get("/search/", {"q": "宪法宣传周"}).content.decode()
    assert "<mark>宪法宣传周</mark>" in html and connection.vendor in ("sqlite", "postgresql")


def test_catalogue_counts_come_from_one_group_by(
    corpus: dict[str, Any], world: Any, django_assert_num_queries: Any
) -> None:
    with django_assert_num_queries(1):
        counts = category_counts_public(agency=world.agency)
    assert counts == {world.category.pk: 4}  # 3 of the corpus + the world's published item


@pytest.mark.parametrize(
    "url",
    [
        "/a/dept-a/feed/rss/",
        "/a/dept-a/feed/atom/",
        "/a/dept-a/c/gzdt/feed/rss/",
        "/a/dept-a/c/gzdt/feed/atom/",
    ],
)
def test_feeds_are_wellformed_xml_with_published_items_only(url: str, corpus: dict[str, Any]) -> None:
    body = Client().get(url).content
    ElementTree.fromstring(body)
    text = body.decode()
    assert "开展宪法宣传周活动" in text and "宪法宣传周草稿" not in text


def test_annual_report_column_lists_the_annual_reports(world: Any) -> None:
    f.item(
        agency=world.agency,
        author=world.users["officer"],
        title="2020年政府信息公开工作年度报告",
        state="published",
        category_code="ndbg",
        approver=world.users["leader"],
    )
    html = Client().get("/a/dept-a/reports/").content.decode()
    assert "2020年政府信息公开工作年度报告" in html and "已发布一" not in html


def test_portal_is_chinese_by_default_and_english_on_request(world: Any) -> None:
    assert '<html lang="zh-hans">' in Client().get("/").content.decode()
    client = Client()
    assert client.get("/lang/en/", {"next": "https://evil.example/"})["Location"] == "/"
    html = client.get("/a/dept-a/").content.decode()
    assert '<html lang="en">' in html and "Work news" in html


def test_portal_pages_show_no_staff_or_personal_data(world: Any) -> None:
    html = Client().get(f"/a/dept-a/i/{world.published.pk}/").content.decode()
    assert "officer" not in html and "leader" not in html


@pytest.mark.parametrize("role", ["officer", "leader", "superior"])
def test_staff_item_list_never_shows_another_agencys_items(role: str, world: Any) -> None:
    theirs = f.item(agency=world.other_agency, author=world.users["other"], title="乙局的草稿")
    client = Client()
    client.force_login(world.users[role])
    if role == "superior":
        assert "乙局的草稿" in client.get("/staff/a/dept-b/items/").content.decode()
    else:
        assert client.get("/staff/a/dept-b/items/").status_code == 404
        assert client.get(f"/staff/items/{theirs.pk}/").status_code == 404
    assert "乙局的草稿" not in client.get("/staff/a/dept-a/items/").content.decode()


def test_chinese_is_translated_from_english_msgids(world: Any) -> None:
    html = Client().get("/a/dept-a/").content.decode()
    assert "政府信息公开目录" in html and "Disclosure catalogue" not in html


def test_public_pages_are_cached_until_something_is_published(world: Any, settings: Any) -> None:
    from django.core.cache import caches

    settings.CACHES = {
        **settings.CACHES,
        "portal": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "test-portal"},
    }
    caches["portal"].clear()
    url = f"/a/{world.agency.code}/c/gzdt/"
    assert "定时新闻" not in Client().get(url).content.decode()
    from gongkai_web.catalogue.models import Item

    Item.objects.filter(pk=world.published.pk).update(title="定时新闻")  # bypasses services: no bump
    assert "定时新闻" not in Client().get(url).content.decode()  # served from the cache
    f.item(
        agency=world.agency,
        author=world.users["officer"],
        title="新发布的信息",
        state="published",
        approver=world.users["leader"],
    )
    html = Client().get(url).content.decode()
    assert "新发布的信息" in html and "定时新闻" in html
    caches["portal"].clear()


def test_public_pages_carry_no_csrf_token_or_cookie(world: Any) -> None:
    response = Client().get(f"/a/{world.agency.code}/")
    assert "csrfmiddlewaretoken" not in response.content.decode() and not response.cookies


def test_withdrawn_item_leaves_the_search_index(corpus: dict[str, Any], world: Any) -> None:
    from gongkai_web.catalogue import services

    services.item_withdraw(item=corpus["title_hit"], acting_user=world.users["leader"])
    assert corpus["title_hit"].pk not in search_ids(query="宪法宣传周")
    assert corpus["body_hit"].pk in search_ids(query="宪法宣传周")


@pytest.mark.parametrize("query", ["100%", "a_b", "宪法%"])
def test_like_wildcards_in_a_query_are_literal(query: str, corpus: dict[str, Any]) -> None:
    assert search_ids(query=query) == []


# --- two-character words: looked up in the items' character pairs (catalogue migration 0007) ---


def _like(corpus: dict[str, Any], word: str) -> set[int]:
    """Published items whose title or text holds ``word``: what the pair index must find."""
    return {
        item.pk
        for item in corpus.values()
        if item.status == "published" and (word in item.title.lower() or word in item.body_text.lower())
    }


@pytest.mark.parametrize("word", ["宪法", "采购", "普法", "简报", "干部", "周系"])
def test_a_two_character_word_finds_exactly_the_items_holding_it(word: str, corpus: dict[str, Any]) -> None:
    for item in corpus.values():
        item.refresh_from_db()
    assert set(search_ids(query=word)) == _like(corpus, word)


def test_a_two_character_word_no_item_holds_finds_nothing(corpus: dict[str, Any]) -> None:
    assert search_ids(query="无此") == []


def test_a_two_character_word_ranks_title_hits_first(corpus: dict[str, Any]) -> None:
    assert search_ids(query="宪法")[:2] == [corpus["title_hit"].pk, corpus["body_hit"].pk]


def test_two_character_and_longer_words_combine(corpus: dict[str, Any]) -> None:
    assert search_ids(query="宣传周 普法") == [corpus["body_hit"].pk]
    assert search_ids(query="宪法宣传周 干部") == [corpus["title_hit"].pk]


def test_a_two_character_word_follows_edits_and_withdrawal(corpus: dict[str, Any], world: Any) -> None:
    from gongkai_web.catalogue import services

    other = corpus["other"]
    services.item_withdraw(item=other, acting_user=world.users["leader"])
    assert other.pk not in search_ids(query="采购")
    services.item_update(item=world.draft, acting_user=world.users["officer"], body="<p>人民调解员培训</p>")
    services.item_submit(item=world.draft, acting_user=world.users["officer"])
    services.item_approve(item=world.draft, acting_user=world.users["leader"])
    assert search_ids(query="调解") == [world.draft.pk]


def test_latin_pairs_are_case_insensitive(world: Any) -> None:
    item = f.item(
        agency=world.agency,
        author=world.users["officer"],
        title="AI 应用指引",
        state="published",
        approver=world.users["leader"],
    )
    assert search_ids(query="ai") == [item.pk]
    assert search_ids(query="Ai") == [item.pk]
