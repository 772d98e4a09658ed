"""The public's journey (issue 11 item 1): the way to apply from every page a visitor looks at, the guide,
the rules and 法定主动公开内容, the footer, items with 生成日期 and 主题分类, the catalogue as a tree, and search
with a count, each hit's date, column and agency, filters and pages that say where the reader is."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from django.test import Client
from django.urls import reverse

from gongkai_web.catalogue import services
from gongkai_web.catalogue.models import Item

CN = ZoneInfo("Asia/Shanghai")


def get(url: str, **params: Any) -> str:
    response = Client().get(url, params)
    assert response.status_code == 200
    return response.content.decode()


def form_url(agency: Any) -> str:
    return reverse("applications_public:form", kwargs={"code": agency.code})


def published(agency: Any, title: str, *, at: datetime, category: str = "gzdt", **fields: Any) -> Item:
    services.items_import_published(
        agency=agency,
        rows=[
            {"category": agency.categories.get(code=category), "title": title, "published_at": at, **fields}
        ],
    )
    return Item.objects.get(agency=agency, title=title)


# --- the way to apply --------------------------------------------------------------------------------------


def test_home_links_to_every_agencys_application_form(world: Any) -> None:
    page = get(reverse("portal:home"))
    assert form_url(world.agency) in page and form_url(world.office) in page


def test_agency_page_links_to_its_application_form_and_guide(world: Any) -> None:
    page = get(reverse("portal:agency", kwargs={"code": world.agency.code}))
    assert form_url(world.agency) in page
    assert reverse("portal:guide", kwargs={"code": world.agency.code}) in page


def test_on_request_category_shows_the_way_to_apply_not_an_empty_list(world: Any) -> None:
    page = get(reverse("portal:category", kwargs={"code": world.agency.code, "category": "ysqgk"}))
    assert form_url(world.agency) in page
    assert "暂无公开信息" not in page


def test_item_page_offers_the_application_form(world: Any) -> None:
    page = get(reverse("portal:item", kwargs={"code": world.agency.code, "pk": world.published.pk}))
    assert form_url(world.agency) in page


# --- the guide, the rules, 法定主动公开内容, the footer --------------------------------------------------------


def test_guide_shows_every_section_and_the_form(world: Any) -> None:
    page = get(reverse("portal:guide", kwargs={"code": world.agency.code}))
    for section in ("guide-office", "guide-apply", "guide-fees", "guide-remedies"):
        assert f'id="{section}"' in page
    assert form_url(world.agency) in page
    assert "信息处理费" in page and "行政复议" in page


def test_guide_fees_follow_the_tariff_of_the_core(world: Any) -> None:
    from gongkai.fees import item_unit_price

    page = get(reverse("portal:guide", kwargs={"code": world.agency.code}))
    assert f"第11件起按{item_unit_price(11)}元/件" in page


def test_statutory_page_lists_the_fifteen_items_of_article_twenty(world: Any) -> None:
    page = get(reverse("portal:statutory", kwargs={"code": world.agency.code}))
    assert page.count('<span class="num">') == 15
    assert "（十五）" in page and "财政预算、决算信息" in page
    assert reverse("portal:category", kwargs={"code": world.agency.code, "category": "zcwj"}) in page


def test_footer_shows_the_configured_host_contact_and_registration(world: Any, settings: Any) -> None:
    settings.GONGKAI_SITE_FOOTER = {
        "host": "某区政府办公室",
        "contact": "0355-1234567",
        "icp": "晋ICP备12345678号",
    }
    page = get(reverse("portal:home"))
    assert "某区政府办公室" in page and "0355-1234567" in page and "晋ICP备12345678号" in page


def test_footer_leaves_out_what_is_not_configured(world: Any, settings: Any) -> None:
    settings.GONGKAI_SITE_FOOTER = {}
    assert 'id="site-footer"' not in get(reverse("portal:home"))


# --- items --------------------------------------------------------------------------------------------------


def test_item_shows_its_date_made_and_subject(world: Any) -> None:
    item = published(
        world.agency,
        "关于印发某办法的通知",
        at=datetime(2024, 3, 5, 10, tzinfo=CN),
        generated_on=date(2024, 2, 28),
        topic="综合政务/政务公开",
    )
    page = get(reverse("portal:item", kwargs={"code": world.agency.code, "pk": item.pk}))
    assert "2024-02-28" in page and "综合政务/政务公开" in page


def test_item_without_them_shows_its_publication_day_and_catalogue_path(world: Any) -> None:
    item = published(world.agency, "无生成日期的信息", at=datetime(2024, 3, 5, 10, tzinfo=CN))
    page = get(reverse("portal:item", kwargs={"code": world.agency.code, "pk": item.pk}))
    assert '<dd id="item-made">2024-03-05</dd>' in page
    assert '<dd id="item-subject">工作动态</dd>' in page


# --- the catalogue tree ---------------------------------------------------------------------------------------


def test_tree_shows_sub_columns_under_their_parent_with_the_subtree_count(world: Any) -> None:
    parent = world.agency.categories.get(code="zcwj")
    services.category_create(
        agency=world.agency, code="gfxwj", name="规范性文件", parent=parent, acting_user=world.users["admin"]
    )
    published(world.agency, "某规范性文件", at=datetime(2024, 3, 5, 10, tzinfo=CN), category="gfxwj")
    page = get(reverse("portal:agency", kwargs={"code": world.agency.code}))
    tree = page[page.index('id="catalogue-tree"') :]
    assert ">政策文件</a> (1)<ul><li>" in tree and ">规范性文件</a> (1)" in tree


def test_a_column_lists_the_items_of_its_sub_columns(world: Any) -> None:
    parent = world.agency.categories.get(code="zcwj")
    services.category_create(
        agency=world.agency, code="gfxwj", name="规范性文件", parent=parent, acting_user=world.users["admin"]
    )
    published(world.agency, "某规范性文件", at=datetime(2024, 3, 5, 10, tzinfo=CN), category="gfxwj")
    page = get(reverse("portal:category", kwargs={"code": world.agency.code, "category": "zcwj"}))
    assert "某规范性文件" in page and 'id="subcolumns"' in page


def test_a_category_page_past_the_end_says_so(world: Any) -> None:
    page = get(
        reverse("portal:category", kwargs={"code": world.agency.code, "category": "gzdt"}), page="99999"
    )
    assert 'id="page-past-end"' in page


# --- search ---------------------------------------------------------------------------------------------------


@pytest.fixture
def hits(world: Any) -> dict[str, Item]:
    return {
        "a2023": published(world.agency, "普法宣传活动甲", at=datetime(2023, 5, 1, 10, tzinfo=CN)),
        "a2024": published(
            world.agency, "普法宣传活动乙", at=datetime(2024, 5, 1, 10, tzinfo=CN), category="zcwj"
        ),
        "b2024": published(world.other_agency, "普法宣传活动丙", at=datetime(2024, 6, 1, 10, tzinfo=CN)),
    }


def search(**params: Any) -> str:
    return get(reverse("portal:search"), **params)


def shown(page: str, item: Item) -> bool:
    return reverse("portal:item", kwargs={"code": item.agency.code, "pk": item.pk}) in page


def test_search_says_how_many_hits_and_gives_each_its_date_column_and_agency(hits: dict[str, Item]) -> None:
    page = search(q="普法宣传")
    count = page[page.index('id="search-count"') :]
    assert count[: count.index("</p>")].split(">", 1)[1].startswith("共 3 条结果")
    assert "2023-05-01" in page and "2024-06-01" in page
    assert "政策文件" in page and "乙局" in page and "甲局" in page


def test_search_count_is_the_number_of_hits(hits: dict[str, Item]) -> None:
    from gongkai_web.portal.search import Filters, search_filtered

    assert search_filtered(query="普法宣传", filters=Filters())[1] == 3


def test_search_filters_by_agency(world: Any, hits: dict[str, Item]) -> None:
    page = search(q="普法宣传", agency=world.other_agency.code)
    assert shown(page, hits["b2024"]) and not shown(page, hits["a2023"])


def test_search_filters_by_column(hits: dict[str, Item]) -> None:
    page = search(q="普法宣传", category="zcwj")
    assert shown(page, hits["a2024"]) and not shown(page, hits["a2023"]) and not shown(page, hits["b2024"])


def test_search_filters_by_publication_days(hits: dict[str, Item]) -> None:
    page = search(q="普法宣传", since="2024-01-01", until="2024-05-31")
    assert shown(page, hits["a2024"]) and not shown(page, hits["a2023"]) and not shown(page, hits["b2024"])


@pytest.mark.parametrize("word", ["宣传", "普法宣传"])  # a pair and a trigram word: both SQL paths
def test_search_filters_work_for_short_and_long_words(word: str, hits: dict[str, Item]) -> None:
    page = search(q=word, until="2023-12-31")
    assert shown(page, hits["a2023"]) and not shown(page, hits["a2024"])


def test_search_with_a_bad_date_says_which_field_in_chinese(hits: dict[str, Item]) -> None:
    page = search(q="普法宣传", since="2024-13-45")
    assert "发布日期起" in page


def test_search_page_past_the_end_says_so_rather_than_nothing_found(hits: dict[str, Item]) -> None:
    page = search(q="普法宣传", page="99999")
    assert 'id="search-past-end"' in page
    assert "未找到" not in page


def test_search_pages_keep_the_filters(world: Any, hits: dict[str, Item]) -> None:
    from gongkai_web.portal import views

    for n in range(views.PAGE_SIZE):
        published(world.agency, f"普法宣传补充{n}", at=datetime(2024, 7, 1, 10, tzinfo=CN))
    page = search(q="普法宣传", agency=world.agency.code)
    assert f"agency={world.agency.code}" in page[page.index('rel="next"') - 200 :]
