"""Policy rows for Wilayah (issue 14): any coordinator (their own organisations' figures)
and the admin (the whole regency); members and applicants are refused. The XLSX of each
page is a POST that leaves an audit row."""

from portal.models import AuditEvent

from .effects import exists
from .table import coordinators

KECAMATAN, DESA = "19.06.01", "19.06.01.2001"  # Manggar, Lalang Jaya (portal/data)


def exported(world, role):
    return (AuditEvent.action == "region.exported", AuditEvent.actor_id == world.ids[role])


ROWS = [
    coordinators("GET", "/wilayah/"),
    coordinators("GET", f"/wilayah/{KECAMATAN}"),
    coordinators("GET", f"/wilayah/{KECAMATAN}/{DESA}"),
    coordinators("POST", "/wilayah/unduh", status=200, effect=exists(AuditEvent, exported)),
    coordinators(
        "POST", f"/wilayah/{KECAMATAN}/unduh", status=200, effect=exists(AuditEvent, exported)
    ),
    coordinators(
        "POST",
        f"/wilayah/{KECAMATAN}/{DESA}/unduh",
        status=200,
        effect=exists(AuditEvent, exported),
    ),
]
