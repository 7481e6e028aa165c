"""Policy rows for the tali asih (issue 14): the admin only; nobody else sees it."""

from sqlalchemy import select

from portal import months
from portal.extensions import db
from portal.models import OrganisationKind, PaymentRate, PaymentRun, User
from portal.payments import services

from .effects import exists
from .table import admin_only

LAST_MONTH = months.to_param(months.shift(months.current(), -1))


def with_run(world):
    admin = db.session.get(User, world.ids["admin"])
    run = services.fix(admin, months.shift(months.current(), -1))
    db.session.commit()
    return {"run": run.id}


def rate_form(world, role) -> dict:
    psm = db.session.scalar(select(OrganisationKind.id).where(OrganisationKind.code == "PSM"))
    return {"kind": str(psm), "amount": "150000", "valid_from": "2026-01", "valid_until": ""}


ROWS = [
    admin_only("GET", "/tali-asih/"),
    admin_only("GET", f"/tali-asih/siapkan?month={LAST_MONTH}"),
    admin_only(
        "POST",
        "/tali-asih/tetapkan",
        data={"month": LAST_MONTH},
        effect=exists(PaymentRun, lambda w, r: (PaymentRun.number == 1,)),
    ),
    admin_only("GET", "/tali-asih/{run}", setup=with_run),
    admin_only(
        "POST",
        "/tali-asih/{run}/koreksi",
        data={"reason": "Satu laporan diverifikasi terlambat."},
        setup=with_run,
        effect=exists(PaymentRun, lambda w, r: (PaymentRun.number == 2,)),
    ),
    admin_only("GET", "/tali-asih/{run}/cetak", setup=with_run),
    admin_only("POST", "/tali-asih/{run}/unduh", setup=with_run, status=200),
    admin_only("GET", "/tali-asih/tarif"),
    admin_only(
        "POST",
        "/tali-asih/tarif",
        data=rate_form,
        effect=exists(PaymentRate, lambda w, r: (PaymentRate.amount == 150000,)),
    ),
]
