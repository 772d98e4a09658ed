"""factory_boy factories and helpers that build web data through the services (so audit and workflow hold)."""

from __future__ import annotations

import io
from typing import Any

import factory
from django.contrib.auth import get_user_model

from gongkai_web.agencies.models import Agency
from gongkai_web.agencies.services import agency_create, membership_grant


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ("username",)

    username = factory.Sequence(lambda n: f"user{n}")
    password = factory.django.Password("pw-secret-123")


class AgencyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Agency

    name = factory.Sequence(lambda n: f"测试局{n}")
    code = factory.Sequence(lambda n: f"agency-{n}")

    @classmethod
    def _create(cls, model_class: type[Agency], *args: Any, **kwargs: Any) -> Agency:
        return agency_create(name=kwargs["name"], code=kwargs["code"], parent=kwargs.get("parent"))


def member(agency: Agency, role: str, **user_fields: Any) -> Any:
    user = UserFactory(**user_fields)
    membership_grant(user=user, agency=agency, role=role)
    return fresh(user)


def fresh(user: Any) -> Any:
    """The user reloaded (role caches live on the instance)."""
    return get_user_model().objects.get(pk=user.pk)


def leader_of(agency: Agency, username: str = "approver") -> Any:
    return member(agency, "leader", username=username)


def item(
    *,
    agency: Agency,
    author: Any,
    title: str = "标题",
    body: str = "<p>正文内容</p>",
    state: str = "draft",
    approver: Any = None,
    category_code: str = "gzdt",
    **kwargs: Any,
) -> Any:
    """An item driven to ``state`` through the real services."""
    from gongkai_web.catalogue import services

    category = agency.categories.get(code=category_code)
    it = services.item_create(
        agency=agency, category=category, title=title, body=body, acting_user=fresh(author), **kwargs
    )
    if state == "draft":
        return it
    it = services.item_submit(item=it, acting_user=fresh(author))
    if state == "submitted":
        return it
    approver = approver or leader_of(agency, username=f"approver-{agency.code}")
    if state == "returned":
        return services.item_return(item=it, acting_user=fresh(approver), reason="请补充")
    it = services.item_approve(item=it, acting_user=fresh(approver))
    if state in ("approved", "published"):
        return it
    if state == "withdrawn":
        return services.item_withdraw(item=it, acting_user=fresh(approver))
    raise ValueError(state)


PDF_BYTES = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def attachment(it: Any, name: str = "附件.pdf", data: bytes = PDF_BYTES) -> Any:
    """Attach a file bypassing the editable check (for fixtures of published items)."""
    from django.core.files.base import ContentFile

    from gongkai_web.catalogue.models import Attachment

    a = Attachment(item=it, original_name=name, kind="pdf", size=len(data))
    a.file.save("fixture.pdf", ContentFile(data), save=True)
    return a


def upload(name: str, data: bytes) -> tuple[str, int, io.BytesIO]:
    return name, len(data), io.BytesIO(data)
