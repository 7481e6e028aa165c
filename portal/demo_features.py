"""Demo content for the features, so a first look at the portal is not empty:
one rakor next week, one public SOP, this month's activities of a Tagana member, and an
ongoing flood with Tagana called out and a first situation report.

Idempotent (looked up by title / submission id). Runs inside a request context,
because the services link their notices with url_for.
"""

from datetime import timedelta

from sqlalchemy import select

from .activities import services as activities
from .extensions import db
from .i18n import now_utc, today_wib
from .materials import services as materials
from .meetings import services as meetings
from .models import (
    ActivityType,
    Area,
    Incident,
    IncidentKind,
    Material,
    Meeting,
    Organisation,
    User,
)

DEMO_MEETING = "Rakor kesiapsiagaan musim hujan"
DEMO_MATERIAL = "SOP piket posko Tagana"
DEMO_INCIDENT = "Banjir setinggi lutut di dua RT setelah hujan semalam."


def seed_feature_demo(admin_phone: str, tagana_member_phone: str) -> None:
    admin = db.session.scalar(select(User).where(User.phone == admin_phone))
    member = db.session.scalar(select(User).where(User.phone == tagana_member_phone))
    tagana = db.session.scalar(select(Organisation).where(Organisation.short_name == "Tagana"))
    regency = db.session.scalar(select(Area).where(Area.level == "kabupaten"))
    if not (admin and member and tagana and regency):
        return
    _meeting(admin, regency)
    _material(admin)
    _activities(member, tagana)
    _incident(admin, tagana)


def _meeting(admin: User, regency: Area) -> None:
    if db.session.scalar(select(Meeting.id).where(Meeting.title == DEMO_MEETING)):
        return
    # Next week, Tuesday 09.00 WIB (02.00 UTC), two hours.
    start = (now_utc() + timedelta(days=7)).replace(hour=2, minute=0, second=0, microsecond=0)
    all_orgs = list(db.session.scalars(select(Organisation.id).where(Organisation.is_listed)))
    meetings.schedule(
        admin,
        meetings.MeetingPlan(
            title=DEMO_MEETING,
            kind="rakor",
            level="kabupaten",
            area_id=regency.id,
            starts_at=start,
            ends_at=start + timedelta(hours=2),
            venue="Aula Dinas Sosial, Manggar",
            agenda="- Kesiapsiagaan banjir dan angin kencang\n- Jadwal piket posko\n"
            "- Pendataan PPKS terdampak",
            organisation_id=None,
            invited_ids=all_orgs,
        ),
    )


def _material(admin: User) -> None:
    if db.session.scalar(select(Material.id).where(Material.title == DEMO_MATERIAL)):
        return
    materials.create(
        admin,
        materials.MaterialData(
            title=DEMO_MATERIAL,
            kind="sop",
            summary="Langkah piket di posko bencana: serah terima, pencatatan, pelaporan.",
            body="## Serah terima\n\n1. Periksa logistik dan alat komunikasi.\n"
            "2. Catat kejadian di buku posko.\n\n## Pelaporan\n\n"
            "Laporkan kejadian ke koordinator lewat Simpul dan telepon posko.",
            link_url=None,
            audience="public",
            organisation_id=None,
            organisation_ids=[],
        ),
        publish=True,
        submission_id="demo-material-sop-piket",
    )


def _activities(member: User, tagana: Organisation) -> None:
    types = {
        t.name: t
        for t in db.session.scalars(
            select(ActivityType).where(ActivityType.kind_id == tagana.kind_id)
        )
    }
    today = today_wib()
    plan = [
        ("Penyuluhan kebencanaan", "Penyuluhan siaga banjir di balai desa", 120, 35, 0),
        ("Piket posko", "Piket posko Tagana", 360, 0, 1),
    ]
    for index, (type_name, title, minutes, served, days_ago) in enumerate(plan):
        if type_name not in types:
            continue
        activities.create_activity(
            member,
            activities.ActivityInput(
                membership=activities.active_membership(member, tagana.id),
                done_on=max(today - timedelta(days=days_ago), today.replace(day=1)),
                activity_type=types[type_name],
                desa=member.home_desa,
                duration_minutes=minutes,
                people_served=served,
                title=title,
            ),
            submission_id=f"demo-activity-{member.id}-{index}",
        )


def _incident(admin: User, tagana: Organisation) -> None:
    from .incidents import callouts, reports, services

    if db.session.scalar(select(Incident.id).where(Incident.description == DEMO_INCIDENT)):
        return
    flood = db.session.scalar(select(IncidentKind).where(IncidentKind.code == "BANJIR"))
    desa = db.session.scalar(select(Area).where(Area.level == "desa").order_by(Area.code))
    if flood is None or desa is None:
        return
    data = services.IncidentInput(
        organisation=tagana,
        kind=flood,
        desa=desa,
        began_at=now_utc() - timedelta(hours=5),
        description=DEMO_INCIDENT,
        posko="Balai desa " + desa.name,
    )
    incident = services.open_incident(admin, data)
    callouts.call_out(admin, incident, callouts.CalloutScope())
    counts = {"kk_affected": 42, "people_affected": 150, "displaced": 36, "houses_light": 18}
    reports.add_report(
        admin,
        incident,
        reports.ReportInput(counts, {"needs_logistics": True, "needs_kitchen": True}),
    )
