"""Policy rows for incidents (musibah): every route, every role.

The incident belongs to organisation A (Tagana); its member and coordinator are called
out, the coordinator of B (a PSM, not Tagana) and the admin are not (the admin manages
every incident). The member and the coordinator of A are on the running shift."""

from datetime import datetime, timedelta

from portal.i18n import JAKARTA
from portal.models import Callout, Incident, Shift, SituationReport

from ..incidents import factories as inf
from .effects import exists
from .table import DENY, HIDDEN, LOGIN, OK, member_area, own_org, row


def incident_setup(world, *, public=False, checked_in=False) -> dict:
    incident = inf.incident(world.ids["coordinator"], world.org_a, public=public)
    inf.call_everyone(incident.id, world.ids["coordinator"])
    running = inf.shift(incident.id, world.ids["coordinator"])
    later = inf.shift(incident.id, world.ids["coordinator"], start_in=timedelta(hours=6))
    for role in ("member", "coordinator"):
        inf.assign(running.id, world.ids[role], checked_in=checked_in)
    report = inf.report(incident.id, world.ids["coordinator"], photo=True)
    return {
        "incident": incident.id,
        "running": running.id,
        "later": later.id,
        "photo": report.photos[0].id,
        "code": inf.posko_code(incident.id),
    }


def public_setup(world) -> dict:
    return incident_setup(world, public=True)


def checked_in_setup(world) -> dict:
    return incident_setup(world, checked_in=True)


def seen(method, path, *, admin=OK, setup=incident_setup, **kw):
    """Those called out (member, coordinator of A) and the admin; B's coordinator: 404."""
    return row(
        method,
        path,
        anonymous=LOGIN,
        pending=DENY,
        member=OK,
        other_coordinator=HIDDEN,
        coordinator=OK,
        admin=admin,
        setup=setup,
        **kw,
    )


def manager(method, path, **kw):
    return own_org(method, path, setup=kw.pop("setup", incident_setup), **kw)


def on_shift(method, path, *, setup, **kw):
    """Only the people on the shift: the admin has no place on it (404)."""
    return seen(method, path, admin=HIDDEN, setup=setup, **kw)


def opener(method, path, **kw):
    """Tagana coordinators and the admin; B's coordinator coordinates a PSM: 403."""
    return row(
        method,
        path,
        anonymous=LOGIN,
        pending=DENY,
        member=DENY,
        other_coordinator=DENY,
        coordinator=OK,
        admin=OK,
        **kw,
    )


def incident_form(world, role) -> dict:
    from .. import factories

    began = datetime.now(JAKARTA).replace(second=0, microsecond=0) - timedelta(hours=2)
    kind = inf.kind("KEBAKARAN")
    return {
        "organisation": str(world.org_a),
        "kind": str(kind.id),
        "desa": str(factories.desa().id),
        "began_at": began.strftime("%Y-%m-%dT%H:%M"),
        "description": "Kebakaran tiga rumah di RT 02.",
        "posko": "Kantor desa",
    }


def shift_form(world, role) -> dict:
    starts = datetime.now(JAKARTA).replace(second=0, microsecond=0) + timedelta(days=1)
    return {
        "starts_at": starts.strftime("%Y-%m-%dT%H:%M"),
        "ends_at": (starts + timedelta(hours=6)).strftime("%Y-%m-%dT%H:%M"),
        "people_needed": "4",
    }


INC = "/musibah/{incident}"
REPORT = {"kk_affected": "40", "people_affected": "150", "displaced": "60", "houses_light": "12"}

ROWS = [
    member_area("GET", "/musibah/"),
    opener("GET", "/musibah/baru"),
    opener(
        "POST",
        "/musibah/baru",
        data=incident_form,
        effect=exists(Incident, lambda w, r: (Incident.created_by_id == w.ids[r],)),
    ),
    seen("GET", INC),
    # Marked public: every member sees it, B's coordinator too; pending applicants do not.
    row(
        "GET",
        INC,
        anonymous=LOGIN,
        pending=DENY,
        member=OK,
        other_coordinator=OK,
        coordinator=OK,
        admin=OK,
        setup=public_setup,
    ),
    # Only those called out answer: the admin and B's coordinator are not.
    seen(
        "POST",
        INC + "/jawab",
        data={"answer": "siap"},
        admin=HIDDEN,
        effect=exists(
            Callout, lambda w, r: (Callout.user_id == w.ids[r], Callout.answer == "siap")
        ),
    ),
    manager("POST", INC + "/publik", data={"public": "1"}),
    manager("GET", INC + "/panggil"),
    manager("POST", INC + "/panggil"),
    manager("POST", INC + "/panggil-lagi"),
    manager("GET", INC + "/jawaban"),
    seen("GET", INC + "/piket"),
    seen("GET", INC + "/piket?kode={code}"),
    manager("GET", INC + "/kode.svg"),
    manager(
        "POST",
        INC + "/piket",
        data=shift_form,
        effect=exists(Shift, lambda w, r: (Shift.people_needed == 4,)),
    ),
    # The admin may see the posko but belongs to no organisation, so cannot serve: 422.
    seen("POST", INC + "/piket/{later}/ambil", status={"admin": 422}),
    manager("POST", INC + "/piket/{later}/tugaskan", data={"person": "{user_member}"}),
    on_shift("POST", INC + "/piket/{running}/masuk", data={"code": "{code}"}, setup=incident_setup),
    on_shift(
        "POST", INC + "/piket/{running}/keluar", data={"code": "{code}"}, setup=checked_in_setup
    ),
    manager("GET", INC + "/laporan"),
    manager(
        "POST",
        INC + "/laporan",
        data=REPORT,
        effect=exists(SituationReport, lambda w, r: (SituationReport.people_affected == 150,)),
    ),
    seen("GET", INC + "/foto/{photo}"),
    seen("GET", INC + "/foto/{photo}/kecil"),
    manager("GET", INC + "/ringkasan"),
    manager("POST", INC + "/ringkasan.xlsx", status=200),
    manager("GET", INC + "/tutup"),
    manager(
        "POST",
        INC + "/tutup",
        data={"note": "Air surut."},
        effect=exists(Incident, lambda w, r: (Incident.status == "closed",)),
    ),
    manager("GET", INC + "/laporan-akhir"),
]
