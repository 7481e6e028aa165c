"""Tali asih rules: rates with validity periods, preparing and fixing a month's list.

A list is computed from the verified reports when it is prepared and copied into
PaymentLine rows when it is fixed ("Tetapkan"), so later changes to reports do not
alter it. A correction is a new run of the same month; the old one is kept, superseded.
"""

from dataclasses import dataclass, field
from datetime import date

from flask_babel import lazy_gettext as _l
from sqlalchemy import and_, insert, or_, select
from sqlalchemy.exc import IntegrityError

from .. import audit, months
from ..extensions import db
from ..i18n import now_utc
from ..models import Membership, MonthlyReport, Organisation, OrganisationKind, User
from ..models.activities import RETURNED, SUBMITTED, VERIFIED
from ..models.organisations import ACTIVE
from ..models.payments import DRAFT, MISSING, PaymentLine, PaymentRate, PaymentRun

REASONS = {
    MISSING: _l("Laporan belum ada"),
    DRAFT: _l("Laporan belum dikirim"),
    SUBMITTED: _l("Laporan belum diverifikasi"),
    RETURNED: _l("Laporan dikembalikan"),
}


class PaymentError(ValueError):
    """A rule the form cannot know; the message is for the person."""


@dataclass
class Entry:
    membership_id: int
    full_name: str
    member_number: str | None
    organisation_name: str
    kind_code: str
    amount: int
    reason: str | None  # None: paid


@dataclass
class Draft:
    month: date
    paid: list[Entry] = field(default_factory=list)
    apart: list[Entry] = field(default_factory=list)

    @property
    def total(self) -> int:
        return sum(e.amount for e in self.paid)

    def by_organisation(self) -> list[tuple[str, int, int, int]]:
        """(organisation, paid members, total, members left out), by name."""
        rows: dict[str, list[int]] = {}
        for e in self.paid:
            row = rows.setdefault(e.organisation_name, [0, 0, 0])
            row[0] += 1
            row[1] += e.amount
        for e in self.apart:
            rows.setdefault(e.organisation_name, [0, 0, 0])[2] += 1
        return [(name, *values) for name, values in sorted(rows.items())]


# Rates ------------------------------------------------------------------------------


def overlapping_rate(kind_id: int, valid_from: date, valid_until: date | None, *, except_id=None):
    """The kind's rate whose months meet [valid_from, valid_until], if there is one."""
    stmt = select(PaymentRate).where(
        PaymentRate.kind_id == kind_id,
        or_(PaymentRate.valid_until.is_(None), PaymentRate.valid_until >= valid_from),
    )
    if valid_until is not None:
        stmt = stmt.where(PaymentRate.valid_from <= valid_until)
    if except_id is not None:
        stmt = stmt.where(PaymentRate.id != except_id)
    return db.session.scalars(stmt.order_by(PaymentRate.valid_from)).first()


def add_rate(actor, kind: OrganisationKind, amount: int, valid_from: date, valid_until):
    """A new rate; refused when its months meet another rate of the same kind."""
    clash = overlapping_rate(kind.id, valid_from, valid_until)
    if clash is not None:
        raise PaymentError(
            _l(
                "Masa berlaku bertumpuk dengan tarif %(kind)s %(amount)s sejak %(start)s. "
                "Akhiri dulu tarif itu, atau pilih bulan lain.",
                kind=kind.name,
                amount=f"Rp{clash.amount:,}".replace(",", "."),
                start=months.label(clash.valid_from),
            )
        )
    rate = PaymentRate(
        kind_id=kind.id, amount=amount, valid_from=valid_from, valid_until=valid_until
    )
    db.session.add(rate)
    db.session.flush()
    audit.record(
        "payment.rate_added",
        actor=actor,
        obj=rate,
        detail={
            "kind": kind.code,
            "amount": amount,
            "from": valid_from.isoformat(),
            "until": valid_until.isoformat() if valid_until else None,
        },
    )
    return rate


def paid_rates(month: date) -> dict[int, int]:
    """kind id -> amount for the kinds paid in that month (a rate of Rp0 is unpaid)."""
    rates = db.session.scalars(
        select(PaymentRate).where(
            PaymentRate.valid_from <= month,
            or_(PaymentRate.valid_until.is_(None), PaymentRate.valid_until >= month),
        )
    )
    return {r.kind_id: r.amount for r in rates if r.amount > 0}


# Lists ------------------------------------------------------------------------------


def check_month(month: date) -> None:
    if month >= months.current():
        raise PaymentError(
            _l(
                "Bulan %(month)s belum selesai; daftar tali asih disiapkan setelah bulannya "
                "berakhir.",
                month=months.label(month),
            )
        )


def current_run(month: date) -> PaymentRun | None:
    return db.session.scalar(
        select(PaymentRun).where(PaymentRun.month == month, PaymentRun.superseded_at.is_(None))
    )


def prepare(month: date) -> Draft:
    """Who is paid for the month and who is left out, from the reports as they are now.

    Paid: a verified report in an organisation of a paid kind. Left out: an active member
    of such an organisation (who had joined by the month's end) without one.
    """
    check_month(month)
    draft = Draft(month)
    rates = paid_rates(month)
    if not rates:
        return draft
    report = and_(
        MonthlyReport.user_id == Membership.user_id,
        MonthlyReport.organisation_id == Membership.organisation_id,
        MonthlyReport.month == month,
    )
    stmt = (
        select(
            Membership.id,
            User.full_name,
            Membership.member_number,
            Organisation.name,
            Organisation.kind_id,
            OrganisationKind.code,
            MonthlyReport.status,
        )
        .join(User, User.id == Membership.user_id)
        .join(Organisation, Organisation.id == Membership.organisation_id)
        .join(OrganisationKind, OrganisationKind.id == Organisation.kind_id)
        .outerjoin(MonthlyReport, report)
        .where(Organisation.kind_id.in_(sorted(rates)))
        .where(
            or_(
                MonthlyReport.status == VERIFIED,
                and_(
                    Membership.status == ACTIVE,
                    or_(
                        Membership.joined_on.is_(None),
                        Membership.joined_on <= months.last_day(month),
                    ),
                ),
            )
        )
        .order_by(Organisation.name, User.full_name, Membership.id)
    )
    for ms_id, name, number, org_name, kind_id, kind_code, status in db.session.execute(stmt):
        paid = status == VERIFIED
        entry = Entry(
            ms_id,
            name,
            number,
            org_name,
            kind_code,
            rates[kind_id] if paid else 0,
            None if paid else (status or MISSING),
        )
        (draft.paid if paid else draft.apart).append(entry)
    return draft


def fix(actor, month: date, *, reason: str | None = None) -> PaymentRun:
    """Fix ("Tetapkan") the month's list as it is now: a locked copy, audited.

    With reason, it corrects the month's current list, which stays as it was, superseded.
    """
    draft = prepare(month)
    previous = current_run(month)
    if previous is not None and reason is None:
        raise PaymentError(_already_fixed(month))
    run = PaymentRun(
        month=month,
        number=(previous.number + 1) if previous else 1,
        fixed_by_id=actor.id,
        total=draft.total,
        recipients=len(draft.paid),
        reason=reason,
    )
    if previous is not None:
        previous.superseded_at = now_utc()
    try:
        # Two admins pressing "Tetapkan" at once: the second meets the unique (month, number).
        with db.session.begin_nested():
            db.session.add(run)
            db.session.flush()
    except IntegrityError:
        raise PaymentError(_already_fixed(month)) from None
    lines = [
        {
            "run_id": run.id,
            "position": position,
            "membership_id": e.membership_id,
            "full_name": e.full_name,
            "member_number": e.member_number,
            "organisation_name": e.organisation_name,
            "kind_code": e.kind_code,
            "amount": e.amount,
            "reason": e.reason,
        }
        for position, e in enumerate(draft.paid + draft.apart, start=1)
    ]
    if lines:
        db.session.execute(insert(PaymentLine), lines)
    audit.record(
        "payment.corrected" if previous else "payment.fixed",
        actor=actor,
        obj=run,
        detail={
            "month": months.to_param(month),
            "number": run.number,
            "recipients": run.recipients,
            "total": run.total,
            "left_out": len(draft.apart),
            **({"replaces": previous.id, "reason": reason} if previous else {}),
        },
    )
    return run


def _already_fixed(month: date):
    return _l(
        "Daftar tali asih %(month)s sudah ditetapkan. Untuk mengubahnya, buat koreksi "
        "dari daftar itu.",
        month=months.label(month),
    )


def lines_stmt(run: PaymentRun, *, paid: bool):
    stmt = select(PaymentLine).where(PaymentLine.run_id == run.id)
    stmt = stmt.where(PaymentLine.reason.is_(None) if paid else PaymentLine.reason.is_not(None))
    return stmt.order_by(PaymentLine.position)


def line_for(membership_id: int, month: date) -> PaymentLine | None:
    """The member's line on the month's current fixed list, paid or left out."""
    return db.session.scalar(
        select(PaymentLine)
        .join(PaymentRun, PaymentRun.id == PaymentLine.run_id)
        .where(
            PaymentLine.membership_id == membership_id,
            PaymentRun.month == month,
            PaymentRun.superseded_at.is_(None),
        )
    )
