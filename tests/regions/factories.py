"""A small regency for the area pages: members living in desa of two kecamatan, their
activities over the last 14 months in other desa, this month's reports, and meetings:
one that has ended with some present, one cancelled, one still to come."""

import random
from datetime import timedelta
from types import SimpleNamespace

from sqlalchemy import select

from portal import months
from portal.extensions import db
from portal.models import Area, Invitation, Organisation
from portal.models.activities import RETURNED, SUBMITTED, VERIFIED
from portal.models.meetings import CANCELLED, HADIR, IZIN

from .. import factories
from ..activities import factories as af
from ..meetings import factories as mf


def kecamatan(name: str) -> Area:
    return db.session.scalar(select(Area).where(Area.level == "kecamatan", Area.name == name))


def desa_in(kec: Area) -> list[Area]:
    return list(
        db.session.scalars(select(Area).where(Area.parent_id == kec.id).order_by(Area.code))
    )


def regency(world, seed: int = 14) -> SimpleNamespace:
    """Tagana A and PSM B (the world's) and a TKSK in Manggar; people living in Manggar and
    Gantung desa; activities done over 14 months, some with PPKS; reports of this month."""
    rnd = random.Random(seed)
    manggar, gantung = kecamatan("Manggar"), kecamatan("Gantung")
    places = desa_in(manggar)[:3] + desa_in(gantung)[:2]
    tagana = db.session.get(Organisation, world.org_a)
    psm = db.session.get(Organisation, world.org_b)
    tksk = factories.organisation("TKSK Manggar", "TKSK")
    month = months.current()
    people = []
    for i in range(12):
        org = (tagana, psm, tksk)[i % 3]
        home = places[i % len(places)] if org is not tksk else places[0]
        person = factories.member(org, f"Relawan Wilayah {i}", home=home)
        people.append((person.id, org.id))
    for _ in range(60):
        user_id, org_id = rnd.choice(people)
        af.activity(
            user_id,
            org_id,
            done_on=months.shift(month, -rnd.randrange(0, 14)).replace(day=rnd.randrange(1, 28)),
            minutes=rnd.choice((30, 60, 90, 120)),
            people=rnd.randrange(0, 9),
            desa=rnd.choice(places),
            ppks_codes=rnd.choice(((), ("ABT",), ("AT", "AJ"))),
        )
    statuses = (SUBMITTED, VERIFIED, RETURNED, None)
    for i, (user_id, org_id) in enumerate(people):
        if statuses[i % 4]:
            af.report(user_id, org_id, month, statuses[i % 4])
    db.session.commit()
    orgs = [tagana.id, psm.id, tksk.id]
    ended = mf.meeting(world.ids["admin"], orgs, starts_in=-timedelta(hours=3), hours=2)
    invitations = db.session.scalars(
        select(Invitation).where(Invitation.meeting_id == ended.id).order_by(Invitation.id)
    )
    for i, invitation in enumerate(invitations):
        invitation.attendance = (HADIR, HADIR, IZIN, None)[i % 4]
    cancelled = mf.meeting(world.ids["admin"], orgs, starts_in=-timedelta(hours=5), hours=1)
    cancelled.status = CANCELLED
    mf.meeting(world.ids["admin"], orgs, starts_in=timedelta(minutes=-30), hours=2)  # going on
    db.session.commit()
    return SimpleNamespace(
        manggar=manggar.code,
        gantung=gantung.code,
        desa=[d.code for d in places],
        tksk=tksk.id,
        month=month,
    )
