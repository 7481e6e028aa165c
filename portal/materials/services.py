"""Publishing material: draft, publish, edit, archive.

Every change lands in one transaction with its audit event; a stored file that the
transaction did not keep is deleted again, so nothing is ever half-written.
"""

import re
import unicodedata
from dataclasses import dataclass

from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from .. import audit, storage
from ..extensions import db
from ..models import Material, Organisation, utcnow
from ..models.materials import ARCHIVED, AUDIENCE_ORGANISATIONS, DRAFT, PUBLISHED
from ..security import can_manage_organisation
from .attachments import Attachment

SLUG_MAX = 80
# Paths of the blueprint that a slug must not shadow.
RESERVED_SLUGS = {"baru", "kelola", "publik", "penyelesaian"}
EDITABLE = ("title", "kind", "summary", "body", "link_url", "audience", "organisation_id")


class MaterialError(ValueError):
    """A change that the material's state or the person's role does not allow."""


@dataclass
class MaterialData:
    """What the publish form says about a material."""

    title: str
    kind: str
    summary: str
    body: str
    link_url: str | None
    audience: str
    organisation_id: int | None  # the publisher; None is the office
    organisation_ids: list[int]  # the audience, when it is "organisations"


def slugify(title: str) -> str:
    ascii_title = unicodedata.normalize("NFKD", title).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_title.lower()).strip("-")
    return slug[:SLUG_MAX].rstrip("-") or "materi"


def unique_slug(title: str) -> str:
    base = slugify(title)
    taken = set(
        db.session.scalars(
            select(Material.slug).where(
                (Material.slug == base) | Material.slug.startswith(base + "-", autoescape=True)
            )
        )
    )
    if base not in taken and base not in RESERVED_SLUGS:
        return base
    number = 2
    while f"{base}-{number}" in taken:
        number += 1
    return f"{base}-{number}"


def created_with(submission_id: str | None) -> Material | None:
    """The material a double-tapped publish form already created."""
    if not submission_id:
        return None
    return db.session.scalar(select(Material).where(Material.submission_id == submission_id))


def _check_owner(actor, organisation_id: int | None) -> None:
    if not can_manage_organisation(actor, organisation_id):
        raise MaterialError(_l("Anda tidak dapat menerbitkan atas nama organisasi ini."))


def _apply(material: Material, data: MaterialData) -> list[str]:
    """Copy the form's values; returns the names of the fields that changed."""
    changed = [name for name in EDITABLE if getattr(material, name) != getattr(data, name)]
    for name in EDITABLE:
        setattr(material, name, getattr(data, name))
    wanted = data.organisation_ids if data.audience == AUDIENCE_ORGANISATIONS else []
    if sorted(o.id for o in material.organisations) != sorted(wanted):
        changed.append("organisations")
        material.organisations = (
            list(db.session.scalars(select(Organisation).where(Organisation.id.in_(wanted))))
            if wanted
            else []
        )
    return changed


def _attach(material: Material, upload: Attachment) -> None:
    material.attachment_path = storage.save(upload.data, "materials", upload.extension)
    material.attachment_type = upload.extension
    material.attachment_size = len(upload.data)


def create(
    actor,
    data: MaterialData,
    upload: Attachment | None = None,
    *,
    publish: bool = False,
    submission_id: str | None = None,
) -> Material:
    """A new material, as a draft or published at once."""
    _check_owner(actor, data.organisation_id)
    material = Material(
        slug=unique_slug(data.title),
        created_by_id=actor.id,
        submission_id=submission_id or None,
        status=DRAFT,
    )
    _apply(material, data)
    if upload:
        _attach(material, upload)
    db.session.add(material)
    db.session.flush()
    audit.record("material.created", actor=actor, obj=material, detail=_detail(material))
    if publish:
        _publish(actor, material)
    return material


def update_material(
    actor,
    material: Material,
    data: MaterialData,
    upload: Attachment | None = None,
    *,
    remove_attachment: bool = False,
    publish: bool = False,
) -> Material:
    """Edit; the slug, and so the address, stays. Published material shows "diperbarui"."""
    _check_owner(actor, data.organisation_id)
    old_file = material.attachment_path
    changed = _apply(material, data)
    if upload:
        _attach(material, upload)
        changed.append("attachment")
    elif remove_attachment and old_file:
        material.attachment_path = material.attachment_type = material.attachment_size = None
        changed.append("attachment")
    if changed:
        material.updated_at = utcnow()
        audit.record(
            "material.updated", actor=actor, obj=material, detail={"fields": sorted(changed)}
        )
    if publish and material.status != PUBLISHED:
        _publish(actor, material)
    if old_file and material.attachment_path != old_file:
        storage.delete_after_commit(old_file)
    return material


def _publish(actor, material: Material) -> None:
    # The first publication date stays, so re-publishing an archived SOP is not "new".
    if material.published_at is None:
        material.published_at = utcnow()
    material.status = PUBLISHED
    audit.record("material.published", actor=actor, obj=material, detail=_detail(material))


def publish(actor, material: Material) -> None:
    if material.status == PUBLISHED:
        raise MaterialError(_l("Materi ini sudah terbit."))
    _publish(actor, material)


def archive(actor, material: Material) -> None:
    """Out of the library; the owner still sees it and can publish it again."""
    if material.status == ARCHIVED:
        raise MaterialError(_l("Materi ini sudah diarsipkan."))
    material.status = ARCHIVED
    audit.record("material.archived", actor=actor, obj=material, detail=_detail(material))


def _detail(material: Material) -> dict:
    return {
        "slug": material.slug,
        "status": material.status,
        "audience": material.audience,
        "organisation_id": material.organisation_id,
    }
