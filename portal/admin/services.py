"""Admin changes: organisations, coordinators, reference rows; each audited."""

from sqlalchemy import select

from .. import audit
from ..extensions import db
from ..i18n import today_wib
from ..models import Membership, Organisation, User
from ..models.organisation import ACTIVE, ROLE_COORDINATOR, ROLE_MEMBER


class AdminError(ValueError):
    pass


def save_organisation(actor: User, organisation: Organisation | None, data: dict) -> Organisation:
    from flask_babel import gettext as _

    clash = db.session.scalar(
        select(Organisation.id).where(
            Organisation.name == data["name"],
            Organisation.id != (organisation.id if organisation else 0),
        )
    )
    if clash:
        raise AdminError(_("Nama organisasi ini sudah dipakai."))
    created = organisation is None
    organisation = organisation or Organisation()
    for key, value in data.items():
        setattr(organisation, key, value)
    db.session.add(organisation)
    db.session.flush()
    audit.record(
        "organisation.created" if created else "organisation.updated",
        actor=actor,
        obj=organisation,
        detail={"is_listed": organisation.is_listed},
    )
    db.session.commit()
    return organisation


def name_coordinator(actor: User, membership: Membership) -> None:
    if membership.status != ACTIVE:
        from flask_babel import gettext as _

        raise AdminError(_("Hanya anggota aktif yang dapat dijadikan koordinator."))
    membership.role = ROLE_COORDINATOR
    audit.record(
        "membership.role_changed",
        actor=actor,
        obj=membership,
        subject=membership.user,
        detail={"role": ROLE_COORDINATOR, "organisation_id": membership.organisation_id},
    )
    db.session.commit()


def remove_coordinator(actor: User, membership: Membership) -> None:
    membership.role = ROLE_MEMBER
    audit.record(
        "membership.role_changed",
        actor=actor,
        obj=membership,
        subject=membership.user,
        detail={"role": ROLE_MEMBER, "organisation_id": membership.organisation_id},
    )
    db.session.commit()


def add_member_directly(
    actor: User, organisation: Organisation, user: User, role: str
) -> Membership:
    """For the admin and seed data: an active membership without an application."""
    membership = Membership(
        user_id=user.id,
        organisation_id=organisation.id,
        role=role,
        status=ACTIVE,
        joined_on=today_wib(),
        decided_by_id=getattr(actor, "id", None),
    )
    db.session.add(membership)
    db.session.flush()
    return membership


def save_reference(actor: User, obj, data: dict, label: str):
    from flask_babel import gettext as _

    model = type(obj)
    unique_field = "code" if hasattr(model, "code") else None
    if unique_field:
        clash = db.session.scalar(
            select(model.id).where(
                getattr(model, unique_field) == data[unique_field], model.id != (obj.id or 0)
            )
        )
        if clash:
            raise AdminError(_("Kode ini sudah dipakai."))
    created = obj.id is None
    for key, value in data.items():
        setattr(obj, key, value)
    db.session.add(obj)
    db.session.flush()
    audit.record(f"reference.{label}.{'created' if created else 'updated'}", actor=actor, obj=obj)
    db.session.commit()
    return obj
