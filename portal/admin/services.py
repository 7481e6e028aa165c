"""Admin changes: organisations, coordinators, reference rows; each audited."""

from sqlalchemy import select

from .. import audit
from ..extensions import db
from ..models import Membership, Organisation, User
from ..models.organisations import ROLE_COORDINATOR, ROLE_MEMBER


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
    return organisation


def name_coordinator(actor: User, membership: Membership) -> None:
    """An active member (the form offers only those) becomes a coordinator."""
    membership.role = ROLE_COORDINATOR
    audit.record(
        "membership.role_changed",
        actor=actor,
        obj=membership,
        subject=membership.user,
        detail={"role": ROLE_COORDINATOR, "organisation_id": membership.organisation_id},
    )


def remove_coordinator(actor: User, membership: Membership) -> None:
    membership.role = ROLE_MEMBER
    audit.record(
        "membership.role_changed",
        actor=actor,
        obj=membership,
        subject=membership.user,
        detail={"role": ROLE_MEMBER, "organisation_id": membership.organisation_id},
    )


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
    return obj
