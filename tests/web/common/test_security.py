"""No anonymous 500 (issue 14 item 3): malformed input is a 400 with the site's page, never a server error."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from tests.web import factories as f

pytestmark = pytest.mark.django_db


def _client() -> Client:
    return Client(raise_request_exception=False)


@pytest.mark.parametrize("query", ["q=a%00b", "agency=dept%00", "q=%01", "page=1%00"])
def test_a_control_character_in_the_search_query_is_a_bad_request(world: Any, query: str) -> None:
    assert _client().get(f"{reverse('portal:search')}?{query}").status_code == 400


def test_a_nul_byte_in_a_query_code_of_the_path_is_a_bad_request(world: Any) -> None:
    assert _client().get("/apply/s/AB%00CD/").status_code == 400


def test_a_slash_in_a_looked_up_query_code_is_no_server_error(world: Any) -> None:
    response = _client().get(reverse("applications_public:status_lookup"), {"code": "a/b"})
    assert response.status_code < 500


def test_a_form_declaring_gbk_is_refused_with_a_bad_request(world: Any) -> None:
    url = reverse("applications_public:form", kwargs={"code": world.agency.code})
    response = _client().generic(
        "POST", url, b"name=%D5%C5%C8%FD", content_type="application/x-www-form-urlencoded; charset=gbk"
    )
    assert response.status_code == 400


@pytest.mark.parametrize("method", ["GET", "POST"])
def test_a_request_declaring_an_unknown_charset_is_refused_with_a_bad_request(
    world: Any, method: str
) -> None:
    response = _client().generic(
        method,
        reverse("portal:search"),
        b"q=x",
        content_type="application/x-www-form-urlencoded; charset=nosuch",
    )
    assert response.status_code == 400


def test_a_declared_utf8_charset_is_accepted(world: Any) -> None:
    response = _client().generic(
        "GET", reverse("portal:search"), b"", content_type="text/plain; charset=UTF-8"
    )
    assert response.status_code == 200


def test_a_nul_byte_in_a_posted_form_is_a_bad_request(world: Any) -> None:
    url = reverse("applications_public:form", kwargs={"code": world.agency.code})
    response = _client().post(url, "name=%E5%BC%A0%00", content_type="application/x-www-form-urlencoded")
    assert response.status_code == 400


def test_a_nul_byte_in_a_multipart_form_is_no_server_error(world: Any) -> None:
    url = reverse("applications_public:form", kwargs={"code": world.agency.code})
    assert _client().post(url, {"name": "张\x00三", "description": "\x00"}).status_code < 500


def test_the_bad_request_page_is_the_sites_page_with_a_way_back(world: Any) -> None:
    page = _client().get(f"{reverse('portal:search')}?q=%00").content.decode()
    assert "请求有误" in page and 'href="/"' in page and "Traceback" not in page


def _without_author(world: Any, state: str = "draft") -> Any:
    item = f.item(agency=world.agency, author=world.users["officer"], title="无作者条目", state=state)
    type(item).objects.filter(pk=item.pk).update(author=None)
    return item


@pytest.mark.parametrize("role", ["officer", "leader"])
def test_the_staff_page_of_an_item_without_an_author_answers(world: Any, role: str) -> None:
    item = _without_author(world, state="submitted")
    client = _client()
    client.force_login(world.users[role])
    for url in (
        reverse("catalogue:item_detail", kwargs={"pk": item.pk}),
        reverse("catalogue:item_list", kwargs={"code": world.agency.code}),
        reverse("staff:dashboard"),
        reverse("staff:audit_list", kwargs={"code": world.agency.code}),
    ):
        assert client.get(url).status_code == 200, url


def test_the_public_page_of_an_item_without_an_author_answers(world: Any) -> None:
    item = _without_author(world, state="published")
    url = reverse("portal:item", kwargs={"code": world.agency.code, "pk": item.pk})
    assert _client().get(url).status_code == 200


def test_a_missing_page_is_the_sites_404_page_in_chinese_with_a_way_back(world: Any) -> None:
    response = _client().get("/no-such-page/")
    page = response.content.decode()
    assert response.status_code == 404
    assert "页面不存在" in page and "返回首页" in page and 'class="site"' in page


def test_a_server_error_is_the_sites_500_page_without_a_traceback() -> None:
    from django.test import RequestFactory
    from django.views.defaults import server_error

    response = server_error(RequestFactory().get("/"))
    page = response.content.decode()
    assert response.status_code == 500
    assert "系统出错了" in page and "返回首页" in page and "Traceback" not in page


def test_a_refusal_is_the_sites_403_page_naming_why(world: Any) -> None:
    client = _client()
    client.force_login(world.users["officer"])
    response = client.get(reverse("applications:calendar"))
    page = response.content.decode()
    assert response.status_code == 403
    assert "无权访问" in page and "超级用户" in page


def test_the_client_address_is_the_proxys_header_only_from_a_trusted_proxy(settings: Any) -> None:
    from django.test import RequestFactory

    from gongkai_web.common.security import client_address

    settings.GONGKAI_TRUSTED_PROXIES = ["127.0.0.1"]
    via_proxy = RequestFactory().get("/", REMOTE_ADDR="127.0.0.1", HTTP_X_REAL_IP="203.0.113.7")
    direct = RequestFactory().get("/", REMOTE_ADDR="198.51.100.2", HTTP_X_REAL_IP="203.0.113.7")
    assert client_address(via_proxy) == "203.0.113.7"
    assert client_address(direct) == "198.51.100.2"
