"""Policy rows for pembinaan material (issue 5): library, public list, publishing, follow-up.

Material of organisation A is for A's members only; a draft is for its publishers only;
public material is for everyone. Anything else is a 404, never a 403 that confirms it.
"""

from portal import storage
from portal.extensions import db
from portal.models import Material
from portal.models.base import utcnow
from portal.models.materials import (
    AUDIENCE_ORGANISATIONS,
    AUDIENCE_PUBLIC,
    DRAFT,
    PUBLISHED,
)
from portal.models.organisations import Organisation

from .effects import exists
from .table import (
    DENY,
    HIDDEN,
    LOGIN,
    OK,
    coordinators,
    logged_in,
    member_area,
    own_org,
    public,
    row,
)

PDF = b"%PDF-1.4\n%%EOF\n"


def materials(world) -> dict:
    now = utcnow()
    org_a = db.session.get(Organisation, world.org_a)

    def make(slug, org_id, audience, status, for_orgs=()):
        path = storage.save(PDF, "materials", "pdf")
        m = Material(
            slug=slug,
            title=slug,
            kind="sop",
            summary="Ringkasan",
            body="Isi",
            audience=audience,
            status=status,
            organisation_id=org_id,
            published_at=now if status == PUBLISHED else None,
            attachment_path=path,
            attachment_type="pdf",
            attachment_size=len(PDF),
        )
        m.organisations = list(for_orgs)
        db.session.add(m)

    make("sop-tagana-a", world.org_a, AUDIENCE_ORGANISATIONS, PUBLISHED, [org_a])
    make("panduan-umum", world.org_b, AUDIENCE_PUBLIC, PUBLISHED)
    make("draf-tagana-a", world.org_a, AUDIENCE_ORGANISATIONS, DRAFT, [org_a])
    db.session.commit()
    return {"slug_a": "sop-tagana-a", "slug_public": "panduan-umum", "slug_draft": "draf-tagana-a"}


def for_org_a(method, path, *, member=OK, **kw):
    """Material of organisation A: the other organisation's coordinator gets 404.

    A draft is for its publishers only: member=HIDDEN.
    """
    return row(
        method,
        path,
        anonymous=LOGIN,
        pending=DENY,
        member=member,
        other_coordinator=HIDDEN,
        coordinator=OK,
        admin=OK,
        setup=materials,
        **kw,
    )


def material_form(world, role) -> dict:
    """A published SOP of the person's own organisation, for its members."""
    org_id = world.org_b if role == "other_coordinator" else world.org_a
    return {
        "title": "SOP Evakuasi Banjir",
        "kind": "sop",
        "summary": "Langkah evakuasi warga saat banjir.",
        "body": "1. Kumpulkan warga.",
        "owner": str(org_id),
        "audience": "organisations",
        "organisations": [str(org_id)],
        "action": "publish",
    }


ROWS = [
    member_area("GET", "/materi/"),
    public("GET", "/materi/publik"),
    public("GET", "/materi/{slug_public}", setup=materials),
    public("GET", "/materi/{slug_public}/unduh", setup=materials),
    logged_in("POST", "/materi/{slug_public}/selesai", data={"done": "1"}, setup=materials),
    for_org_a("GET", "/materi/{slug_a}"),
    for_org_a("GET", "/materi/{slug_a}/unduh"),
    for_org_a("POST", "/materi/{slug_a}/selesai", data={"done": "1"}),
    # A draft: only its publishers. A slug that does not exist: the same answers.
    for_org_a("GET", "/materi/{slug_draft}", member=HIDDEN),
    for_org_a("GET", "/materi/{slug_draft}/unduh", member=HIDDEN),
    row(
        "GET",
        "/materi/tidak-ada",
        anonymous=LOGIN,
        pending=DENY,
        member=HIDDEN,
        other_coordinator=HIDDEN,
        coordinator=HIDDEN,
        admin=HIDDEN,
    ),
    coordinators("GET", "/materi/baru"),
    coordinators(
        "POST",
        "/materi/baru",
        data=material_form,
        effect=exists(Material, lambda w, r: (Material.title == "SOP Evakuasi Banjir",)),
    ),
    coordinators("GET", "/materi/kelola"),
    own_org("GET", "/materi/{slug_a}/ubah", setup=materials),
    own_org("POST", "/materi/{slug_a}/ubah", data=material_form, setup=materials),
    own_org("POST", "/materi/{slug_draft}/status", data={"action": "publish"}, setup=materials),
    own_org("GET", "/materi/penyelesaian/{org_a}"),
    own_org("GET", "/materi/penyelesaian/{org_a}/{slug_a}", setup=materials),
    own_org("POST", "/materi/penyelesaian/{org_a}/unduh.csv", status=200),
    own_org("POST", "/materi/penyelesaian/{org_a}/unduh.xlsx", status=200),
]

__all__ = ["DENY", "HIDDEN", "LOGIN", "OK", "ROWS"]
