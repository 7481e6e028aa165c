"""Policy rows for activities, photos and monthly reports (issue 3).

The member of org A owns the activity, photo and report in these rows; the coordinator
of A and the admin review them; the coordinator of B sees none of it (404).
"""

from functools import partial

from portal import months
from portal.extensions import db
from portal.models import Activity
from portal.models.activities import SUBMITTED

from ..activities import factories as af
from ..activities import helpers as activities_helpers
from .effects import exists
from .table import DENY, HIDDEN, LOGIN, OK, coordinators, own_org, row

# People who log their own activities: active members and coordinators, not the admin.
loggers = partial(
    row, anonymous=LOGIN, pending=DENY, member=OK, other_coordinator=OK, coordinator=OK, admin=DENY
)
# The owner (member of A), the coordinator of A and the admin; B's coordinator gets 404.
viewers = partial(
    row,
    anonymous=LOGIN,
    pending=DENY,
    member=OK,
    other_coordinator=HIDDEN,
    coordinator=OK,
    admin=OK,
)
# Only the member who owns it; everyone else is told it does not exist (the admin logs nothing).
owner_only = partial(
    row,
    anonymous=LOGIN,
    pending=DENY,
    member=OK,
    other_coordinator=HIDDEN,
    coordinator=HIDDEN,
    admin=DENY,
)
# Coordinator of A and the admin; the member may not review their own report (404).
reviewers_of_a = partial(
    row,
    anonymous=LOGIN,
    pending=DENY,
    member=HIDDEN,
    other_coordinator=HIDDEN,
    coordinator=OK,
    admin=OK,
)


def with_activity(world):
    activity = af.activity(world.ids["member"], world.org_a, photos=1)
    db.session.commit()
    return {"activity": activity.id, "photo": activity.photos[0].id}


def with_month(world):
    af.activity(world.ids["member"], world.org_a)
    db.session.commit()
    return {}


def with_submitted_report(world):
    af.activity(world.ids["member"], world.org_a)
    af.report(world.ids["member"], world.org_a, months.current(), SUBMITTED)
    db.session.commit()
    return {}


def activity_form(world, role) -> dict:
    """A complete activity of today, in the organisation of the person logging it."""
    org_id = world.org_b if role == "other_coordinator" else world.org_a
    form = activities_helpers.activity_form(org_id)
    form["submission_id"] = f"policy-row-{role}"  # the form page hands one out
    return form


# A literal month: the route check fills every {field} with "1", which is no month.
MONTH = months.to_param(months.current())
MONTH_PAGE = f"/laporan/{{membership_member}}/{MONTH}"

ROWS = [
    loggers("GET", "/kegiatan/", status=302),  # to this month's report
    loggers("GET", "/kegiatan/baru"),
    loggers(
        "POST",
        "/kegiatan/baru",
        data=activity_form,
        effect=exists(Activity, lambda w, r: (Activity.user_id == w.ids[r],)),
    ),
    viewers("GET", "/kegiatan/{activity}", setup=with_activity),
    owner_only("GET", "/kegiatan/{activity}/ubah", setup=with_activity),
    owner_only("POST", "/kegiatan/{activity}/ubah", data=activity_form, setup=with_activity),
    owner_only("POST", "/kegiatan/{activity}/hapus", setup=with_activity),
    viewers("GET", "/kegiatan/foto/{photo}", setup=with_activity),
    viewers("GET", "/kegiatan/foto/{photo}/kecil", setup=with_activity),
    viewers("GET", MONTH_PAGE, setup=with_month),
    viewers("GET", MONTH_PAGE + "/cetak", setup=with_month),
    owner_only("POST", MONTH_PAGE + "/kirim", admin=HIDDEN, setup=with_month),
    reviewers_of_a(
        "POST", MONTH_PAGE + "/tinjau", data={"action": "verify"}, setup=with_submitted_report
    ),
    coordinators("GET", "/laporan/"),
    own_org("GET", "/laporan/?organisasi={org_a}"),
    coordinators("GET", "/laporan/ringkasan"),
    own_org("GET", "/laporan/ringkasan?organisasi={org_a}"),
    coordinators("GET", "/laporan/ekspor"),
    own_org(
        "POST",
        "/laporan/ekspor",
        data={"organisation": "{org_a}", "period": "month", "month": MONTH, "format": "csv"},
        setup=with_month,
        status=200,  # the file itself
    ),
]
