"""Data minimisation: the one home of how an applicant's personal data are masked, and of who sees them whole.

The agency's officers handle the case and see everything; its leaders, who review the letters, see the name
(the letters carry it) and the rest masked; everyone else who may open a case (the superior office, the
agency's administrators) sees it all masked: reviewing needs the case, not the person (条例第十五条, 个人信息保护法
第六条). Pages and lists show an applicant only through :func:`applicant_of`; nothing else masks.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from gongkai_web.agencies.permissions import is_officer
from gongkai_web.applications.models import Application
from gongkai_web.applications.permissions import can_handle
from gongkai_web.common.permissions import Actor, Predicate

#: Who sees an applicant's name in full (the letters they review carry it).
sees_applicant_name: Predicate = can_handle
#: Who sees an applicant's identity number, phone, e-mail and address in full.
sees_applicant_contact: Predicate = is_officer

Kind = Literal["name", "id_number", "phone", "email", "address"]

STAR = "*"


def mask(value: str, kind: Kind) -> str:
    """``value`` masked as ``kind`` needs: a name keeps its first character (张**), an identity number its
    first 4 and last 4 (1101**********1234), a phone its first 3 and last 4 digits (139****5678, 010-****4321),
    an e-mail the first character of its local part (s***@example.net), an address its first 6 characters."""
    clean = value.strip()
    if not clean:
        return ""
    if kind == "name":
        return clean[0] + STAR * max(len(clean) - 1, 1)
    if kind == "id_number":
        if len(clean) < 10:
            return STAR * len(clean)
        return clean[:4] + STAR * (len(clean) - 8) + clean[-4:]
    if kind == "phone":
        digits = [i for i, c in enumerate(clean) if c.isdigit()]
        keep = set(digits[-4:]) | (set(digits[:3]) if len(digits) == 11 else set())
        hidden = [i for i in digits if i not in keep]
        if not hidden:
            return STAR * len(clean)
        return "".join(STAR if i in hidden else c for i, c in enumerate(clean))
    if kind == "email":
        local, at, domain = clean.partition("@")
        return (local[:1] + STAR * 3 + at + domain) if at else STAR * len(clean)
    return clean[:6] + STAR * 3


def mask_name(name: str) -> str:
    """An applicant's name masked (:func:`mask` as ``name``)."""
    return mask(name, "name")


@dataclass(frozen=True)
class Applicant:
    """An applicant's personal data as one user may see them; ``masked`` when any of them is masked."""

    name: str
    id_number: str
    phone: str
    email: str
    address: str
    masked: bool


def applicant_of(app: Application, user: Actor) -> Applicant:
    """The applicant of ``app`` as ``user`` may see them (whole for the agency's officers, see the module)."""
    whole_name = sees_applicant_name(user, app)
    whole = sees_applicant_contact(user, app)

    def shown(value: str, kind: Kind, full: bool) -> str:
        return value if full else mask(value, kind)

    return Applicant(
        name=shown(app.applicant_name, "name", whole_name),
        id_number=shown(app.id_number, "id_number", whole),
        phone=shown(app.phone, "phone", whole),
        email=shown(app.email, "email", whole),
        address=shown(app.address, "address", whole),
        masked=not (whole and whole_name),
    )
