"""Tali asih: the right people and amounts, a locked list, corrections, rates, the month page."""

import io

import openpyxl
import pytest
from sqlalchemy import func, select

from portal import months
from portal.extensions import db
from portal.models import (
    AuditEvent,
    MonthlyReport,
    PaymentLine,
    PaymentRate,
    PaymentRun,
    User,
    utcnow,
)
from portal.models.activities import RETURNED
from portal.payments import services

from ..activities import factories as af
from . import factories as pf


def _names(entries):
    return sorted(e.full_name for e in entries)


def test_the_list_pays_verified_members_of_paid_kinds(ctx, world):
    reports = pf.month_of_reports(world)
    draft = services.prepare(reports.month)
    assert _names(draft.paid) == ["Anggota Uji", "Pendamping Kecamatan"]
    amounts = {e.full_name: e.amount for e in draft.paid}
    assert amounts == {"Anggota Uji": 200_000, "Pendamping Kecamatan": 1_000_000}
    assert draft.total == 1_200_000
    # The PSM is unpaid (no rate), so its members appear nowhere.
    reasons = {e.full_name: e.reason for e in draft.apart}
    assert reasons == {
        "Anggota Dikembalikan": "returned",
        "Anggota Menunggu": "submitted",
        "Koordinator Uji A": "missing",
    }


def test_a_rate_of_zero_leaves_a_kind_out(ctx, world):
    reports = pf.month_of_reports(world)
    tksk_rate = db.session.scalar(
        select(PaymentRate).join(PaymentRate.kind).where(PaymentRate.kind.has(code="TKSK"))
    )
    tksk_rate.valid_until = months.shift(reports.month, -1)
    db.session.add(PaymentRate(kind_id=tksk_rate.kind_id, amount=0, valid_from=reports.month))
    db.session.commit()
    draft = services.prepare(reports.month)
    assert "Pendamping Kecamatan" not in _names(draft.paid + draft.apart)


def test_the_admin_fixes_the_list_and_later_returns_do_not_change_it(app, world, login_as):
    with app.app_context():
        reports = pf.month_of_reports(world)
    month = months.to_param(reports.month)
    admin = login_as("admin")
    page = admin.get(f"/tali-asih/siapkan?month={month}")
    assert page.status_code == 200
    assert "Rp1.200.000" in page.get_data(as_text=True)
    response = admin.post_form("/tali-asih/tetapkan", {"month": month}, token_from="/tali-asih/")
    assert response.status_code == 303
    with app.app_context():
        run = db.session.scalar(select(PaymentRun))
        run_id = run.id
        assert (run.total, run.recipients, run.number) == (1_200_000, 2, 1)
        event = db.session.scalar(select(AuditEvent).where(AuditEvent.action == "payment.fixed"))
        assert event.object_id == run.id and event.detail["total"] == 1_200_000
        # The coordinator returns the verified report afterwards: the fixed list stays.
        report = db.session.scalar(
            select(MonthlyReport).where(MonthlyReport.user_id == world.ids["member"])
        )
        report.status = RETURNED
        db.session.commit()
    text = admin.get(f"/tali-asih/{run_id}").get_data(as_text=True)
    assert "Rp200.000" in text and "Anggota Uji" in text and "Rp1.200.000" in text
    with app.app_context():
        assert (
            db.session.scalar(
                select(func.count(PaymentLine.id)).where(
                    PaymentLine.run_id == run_id, PaymentLine.reason.is_(None)
                )
            )
            == 2
        )
    # A second "Tetapkan" for the month is refused and writes nothing.
    again = admin.post_form("/tali-asih/tetapkan", {"month": month}, token_from="/tali-asih/")
    assert again.status_code == 422
    assert "sudah ditetapkan" in again.get_data(as_text=True)
    with app.app_context():
        assert db.session.scalar(select(func.count(PaymentRun.id))) == 1


def test_a_correction_is_a_new_audited_run(app, world, login_as):
    with app.app_context():
        reports = pf.month_of_reports(world)

        first = services.fix(db.session.get(User, world.ids["admin"]), reports.month)
        db.session.commit()
        first_id = first.id
        report = db.session.scalar(
            select(MonthlyReport).where(MonthlyReport.user_id == world.ids["member"])
        )
        report.status = RETURNED
        db.session.commit()
    admin = login_as("admin")
    missing = admin.post_form(
        f"/tali-asih/{first_id}/koreksi", {"reason": ""}, token_from="/tali-asih/"
    )
    assert missing.status_code == 422
    assert "Tulis alasan koreksi" in missing.get_data(as_text=True)
    response = admin.post_form(
        f"/tali-asih/{first_id}/koreksi",
        {"reason": "Laporan Anggota Uji dikembalikan setelah ditetapkan."},
        token_from="/tali-asih/",
    )
    assert response.status_code == 303
    with app.app_context():
        runs = list(db.session.scalars(select(PaymentRun).order_by(PaymentRun.number)))
        assert [r.number for r in runs] == [1, 2]
        assert runs[0].superseded_at is not None and runs[1].superseded_at is None
        assert (runs[0].total, runs[1].total) == (1_200_000, 1_000_000)
        event = db.session.scalar(
            select(AuditEvent).where(AuditEvent.action == "payment.corrected")
        )
        assert event.object_id == runs[1].id
        assert event.detail["replaces"] == first_id and "dikembalikan" in event.detail["reason"]
    # The old list cannot be corrected again.
    stale = admin.post_form(
        f"/tali-asih/{first_id}/koreksi", {"reason": "lagi"}, token_from="/tali-asih/"
    )
    assert stale.status_code == 422


def test_a_month_not_yet_over_is_refused(app, world, login_as):
    admin = login_as("admin")
    this_month = months.to_param(months.current())
    page = admin.get(f"/tali-asih/siapkan?month={this_month}")
    assert page.status_code == 422
    assert "belum selesai" in page.get_data(as_text=True)
    response = admin.post_form(
        "/tali-asih/tetapkan", {"month": this_month}, token_from="/tali-asih/"
    )
    assert response.status_code == 422
    assert admin.get("/tali-asih/siapkan?month=bukan-bulan").status_code == 422
    with app.app_context():
        assert db.session.scalar(select(func.count(PaymentRun.id))) == 0


def test_an_overlapping_rate_is_refused_with_a_message(app, world, login_as):
    admin = login_as("admin")
    with app.app_context():
        tagana = db.session.scalar(
            select(PaymentRate.kind_id).where(PaymentRate.kind.has(code="TAGANA"))
        )
        before = db.session.scalar(select(func.count(PaymentRate.id)))
    data = {"kind": str(tagana), "amount": "250000", "valid_from": "2026-06", "valid_until": ""}
    response = admin.post_form("/tali-asih/tarif", data)
    assert response.status_code == 422
    assert "bertumpuk" in response.get_data(as_text=True)
    bad = admin.post_form(
        "/tali-asih/tarif", {**data, "valid_from": "2026-06", "valid_until": "2026-01"}
    )
    assert bad.status_code == 422
    with app.app_context():
        assert db.session.scalar(select(func.count(PaymentRate.id))) == before
    # A kind with no rate takes one.
    with app.app_context():
        from portal.models import OrganisationKind

        psm = db.session.scalar(select(OrganisationKind.id).where(OrganisationKind.code == "PSM"))
    ok = admin.post_form("/tali-asih/tarif", {**data, "kind": str(psm)})
    assert ok.status_code == 303
    with app.app_context():
        assert db.session.scalar(select(func.count(PaymentRate.id))) == before + 1


def test_the_member_sees_the_month_was_in_a_fixed_list(app, world, login_as):
    with app.app_context():
        reports = pf.month_of_reports(world)

        services.fix(db.session.get(User, world.ids["admin"]), reports.month)
        db.session.commit()
        membership = af.membership_id(world.ids["member"], world.org_a)
    text = (
        login_as("member")
        .get(f"/laporan/{membership}/{months.to_param(reports.month)}")
        .get_data(as_text=True)
    )
    assert "Tali asih bulan ini sudah ditetapkan: Rp200.000." in text


def test_print_and_xlsx_of_a_fixed_list(app, world, login_as):
    with app.app_context():
        reports = pf.month_of_reports(world)

        run_id = services.fix(db.session.get(User, world.ids["admin"]), reports.month).id
        db.session.commit()
    admin = login_as("admin")
    text = admin.get(f"/tali-asih/{run_id}/cetak").get_data(as_text=True)
    assert "DINAS SOSIAL KABUPATEN BELITUNG TIMUR" in text
    assert "Tanda tangan" in text and "Rp1.200.000" in text and "Laporan dikembalikan" in text
    response = admin.post_form(f"/tali-asih/{run_id}/unduh", token_from=f"/tali-asih/{run_id}")
    assert response.status_code == 200
    book = openpyxl.load_workbook(io.BytesIO(response.data))
    paid = book.worksheets[0]
    values = [[c.value for c in row] for row in paid.iter_rows()]
    assert any(row[1] == "Pendamping Kecamatan" and 1_000_000 in row for row in values)
    with app.app_context():
        assert (
            db.session.scalar(
                select(func.count(AuditEvent.id)).where(AuditEvent.action == "payment.exported")
            )
            == 1
        )


def test_a_second_fix_at_the_same_moment_is_refused(ctx, world):
    """As when another admin's Tetapkan landed between the check and the write."""
    reports = pf.month_of_reports(world)
    admin = db.session.get(User, world.ids["admin"])
    services.fix(admin, reports.month).superseded_at = utcnow()  # hides it from the check
    db.session.commit()
    with pytest.raises(services.PaymentError, match="sudah ditetapkan"):
        services.fix(admin, reports.month)
    db.session.rollback()
    assert db.session.scalar(select(func.count(PaymentRun.id))) == 1
