"""Test data: people, organisations and memberships, made through the models directly."""

import itertools
from types import SimpleNamespace

from sqlalchemy import select

from portal import passwords
from portal.extensions import db
from portal.i18n import today_wib
from portal.models import Area, Membership, Organisation, OrganisationKind, User
from portal.models.organisations import ACTIVE, PENDING, ROLE_COORDINATOR, ROLE_MEMBER

PASSWORD = "kata sandi yang panjang sekali"
_numbers = itertools.count(1000)


def next_phone() -> str:
    return f"+62813{next(_numbers):08d}"


def desa(name: str | None = None) -> Area:
    stmt = select(Area).where(Area.level == "desa").order_by(Area.code)
    if name:
        stmt = stmt.where(Area.name == name)
    return db.session.scalars(stmt).first()


def organisation(name: str, kind: str = "TAGANA", **kw) -> Organisation:
    kind_obj = db.session.scalar(select(OrganisationKind).where(OrganisationKind.code == kind))
    org = Organisation(name=name, kind_id=kind_obj.id, is_listed=True, **kw)
    db.session.add(org)
    db.session.flush()
    return org


def user(
    name: str = "Relawan Uji",
    *,
    phone: str | None = None,
    is_admin=False,
    home: Area | None = None,
    **kw,
) -> User:
    u = User(
        full_name=name,
        phone=phone or next_phone(),
        password_hash=passwords.hash_password(kw.pop("password", PASSWORD)),
        is_admin=is_admin,
        home_desa_id=(home or desa()).id,
        **kw,
    )
    db.session.add(u)
    db.session.flush()
    return u


def member(
    org: Organisation, name: str = "Anggota Uji", *, role=ROLE_MEMBER, status=ACTIVE, **kw
) -> User:
    u = user(name, **kw)
    db.session.add(
        Membership(
            user_id=u.id,
            organisation_id=org.id,
            role=role,
            status=status,
            joined_on=today_wib() if status == ACTIVE else None,
        )
    )
    db.session.flush()
    return u


def world() -> SimpleNamespace:
    """org_a and org_b; pending applicant, member and coordinator of A; coordinator of B; admin."""
    org_a = organisation("Tagana Uji A", "TAGANA")
    org_b = organisation("PSM Uji B", "PSM")
    people = {
        "pending": member(org_a, "Pendaftar Uji", status=PENDING),
        "member": member(org_a, "Anggota Uji"),
        "coordinator": member(org_a, "Koordinator Uji A", role=ROLE_COORDINATOR),
        "other_coordinator": member(org_b, "Koordinator Uji B", role=ROLE_COORDINATOR),
        "admin": user("Admin Uji", is_admin=True),
    }
    db.session.commit()
    ids = {role: u.id for role, u in people.items()}
    return SimpleNamespace(
        org_a=org_a.id,
        org_b=org_b.id,
        ids=ids,
        phones={role: u.phone for role, u in people.items()},
        memberships={
            role: db.session.scalar(select(Membership.id).where(Membership.user_id == u.id))
            for role, u in people.items()
            if role != "admin"
        },
    )
