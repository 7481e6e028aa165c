"""Who may read, publish and follow up pembinaan material; loaders that 404 otherwise.

Reading: anyone for public material; active members for "all members"; active
members of the chosen organisations otherwise. The publishing organisation's
coordinators and the admin see their material in every status (drafts included).
Another organisation's material, or a draft, is "not found" for everybody else.
"""

from flask import abort, current_app
from flask_login import current_user
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from ..extensions import db
from ..models import Material, Organisation
from ..models.materials import AUDIENCE_MEMBERS, AUDIENCE_PUBLIC, PUBLISHED
from . import (
    can_manage_organisation,
    can_manage_some_organisation,
    can_see_member_area,
    found_or_404,
    get_or_404,
)


def can_publish_material(user) -> bool:
    """A coordinator of some organisation, or the admin."""
    return can_manage_some_organisation(user)


def can_manage_material(user, material: Material) -> bool:
    """Edit, publish, archive: the owning organisation's coordinators; the office's: admin."""
    return can_manage_organisation(user, material.organisation_id)


def can_read_material(user, material: Material) -> bool:
    if can_manage_material(user, material):
        return True
    if material.status != PUBLISHED:
        return False
    if material.audience == AUDIENCE_PUBLIC:
        return True
    if not can_see_member_area(user):
        return False
    if material.audience == AUDIENCE_MEMBERS:
        return True
    return bool(user.active_organisation_ids() & {o.id for o in material.organisations})


def can_follow_up(user, organisation_id: int) -> bool:
    """See who in an organisation has opened or completed its material."""
    return can_manage_organisation(user, organisation_id)


def reaches_organisation(material: Material, organisation_id: int) -> bool:
    """Published for that organisation's members: public, all members, or chosen."""
    return material.status == PUBLISHED and (
        material.audience in (AUDIENCE_PUBLIC, AUDIENCE_MEMBERS)
        or organisation_id in {o.id for o in material.organisations}
    )


def _load(slug: str, *options) -> Material | None:
    if len(slug) > 90:
        return None
    return db.session.scalar(
        select(Material)
        .where(Material.slug == slug)
        .options(selectinload(Material.organisations), *options)
    )


def readable_material_or_404(slug: str, *options) -> Material:
    """The material, if the current person may read it.

    Public material needs no login. For anything else a visitor is sent to log in
    (whether or not the slug exists, so nothing is confirmed), a pending applicant
    gets the "waiting for approval" page, and a member outside the audience a 404.
    """
    material = _load(slug, *options)
    if material is not None and material.is_public:
        return material
    if not current_user.is_authenticated:
        abort(current_app.login_manager.unauthorized())
    if not can_see_member_area(current_user):
        abort(403, description="pending")
    return found_or_404(material, can_read_material)


def managed_material_or_404(slug: str) -> Material:
    """Material the current person may edit; any other is "not found"."""
    return found_or_404(_load(slug), can_manage_material)


def followed_material_or_404(organisation_id: int, slug: str):
    """(organisation, material): the follow-up of one material in an organisation one manages."""
    organisation = get_or_404(Organisation, organisation_id, can=can_follow_up)
    material = found_or_404(_load(slug), lambda user, m: reaches_organisation(m, organisation_id))
    return organisation, material


TEMPLATE_FUNCTIONS = {
    "can_publish_material": can_publish_material,
    "can_manage_material": can_manage_material,
    "can_follow_up": can_follow_up,
}
