"""A month of reports across paid and unpaid organisations, for the tali asih tests."""

from datetime import date
from types import SimpleNamespace

from sqlalchemy import update

from portal import months
from portal.extensions import db
from portal.models import Membership
from portal.models.activities import RETURNED, SUBMITTED, VERIFIED

from .. import factories
from ..activities import factories as af


def last_month() -> date:
    return months.shift(months.current(), -1)


def month_of_reports(world) -> SimpleNamespace:
    """Tagana A (the world's org_a) and a TKSK: verified, returned, submitted, missing; the
    PSM (org_b, unpaid) has a verified report too. Everyone joined long ago."""
    month = last_month()
    tksk = factories.organisation("TKSK Uji", "TKSK")
    people = {
        "tagana_verified": world.ids["member"],
        "tagana_returned": factories.member(_org(world.org_a), "Anggota Dikembalikan").id,
        "tagana_waiting": factories.member(_org(world.org_a), "Anggota Menunggu").id,
        "tksk_verified": factories.member(tksk, "Pendamping Kecamatan").id,
        "psm_verified": factories.member(_org(world.org_b), "Anggota PSM").id,
    }
    af.report(people["tagana_verified"], world.org_a, month, VERIFIED)
    af.report(people["tagana_returned"], world.org_a, month, RETURNED)
    af.report(people["tagana_waiting"], world.org_a, month, SUBMITTED)
    af.report(people["tksk_verified"], tksk.id, month, VERIFIED)
    af.report(people["psm_verified"], world.org_b, month, VERIFIED)
    db.session.execute(update(Membership).values(joined_on=date(2020, 1, 1)))
    db.session.commit()
    return SimpleNamespace(month=month, tksk=tksk.id, ids=people)


def _org(org_id):
    from portal.models import Organisation

    return db.session.get(Organisation, org_id)
