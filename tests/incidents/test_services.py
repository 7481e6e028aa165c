"""The incident services: call-out, answers, shifts and their activity, reports, closing."""

from datetime import timedelta

import pytest
from sqlalchemy import func, select

from portal.extensions import db
from portal.i18n import now_utc
from portal.incidents import callouts, services, shifts, summary
from portal.incidents.services import IncidentError
from portal.models import (
    Activity,
    Area,
    Callout,
    Incident,
    Notice,
    Organisation,
    Shift,
    ShiftAssignment,
    User,
)

from .. import factories
from ..helpers import notice_texts
from . import factories as inf


def _get(model, ident):
    return db.session.get(model, ident)


def test_call_out_everyone_tells_each_member_once(req, world, flood):
    incident = _get(Incident, flood.id)
    coordinator = _get(User, world.ids["coordinator"])
    assert callouts.call_out(coordinator, incident, callouts.CalloutScope()) == 2
    assert callouts.call_out(coordinator, incident, callouts.CalloutScope()) == 0  # once each
    db.session.commit()
    called = set(db.session.scalars(select(Callout.user_id).where(Callout.incident_id == flood.id)))
    assert called == {world.ids["member"], world.ids["coordinator"]}  # not the pending one
    texts = notice_texts(Notice.user_id == world.ids["member"])
    assert texts == [
        "Panggilan tugas Tagana Uji A: Banjir di " + incident.desa.name + ". "
        "Jawab: siap berangkat, tidak bisa, atau sudah di lokasi."
    ]


def test_call_out_by_kecamatan_takes_only_members_living_there(req, world, flood):
    org = _get(Organisation, world.org_a)
    kecamatan = db.session.scalars(
        select(Area).where(Area.level == "kecamatan").order_by(Area.code)
    ).all()
    here, elsewhere = kecamatan[0], kecamatan[1]
    desa_here = db.session.scalar(select(Area).where(Area.parent_id == here.id))
    desa_elsewhere = db.session.scalar(select(Area).where(Area.parent_id == elsewhere.id))
    near = factories.member(org, "Dekat", home=desa_here)
    factories.member(org, "Jauh", home=desa_elsewhere)
    # A member of organisation B living in the same kecamatan is never called by A.
    factories.member(_get(Organisation, world.org_b), "Orang B", home=desa_here)
    db.session.commit()
    incident = _get(Incident, flood.id)
    coordinator = _get(User, world.ids["coordinator"])
    callouts.call_out(coordinator, incident, callouts.CalloutScope((here,)))
    db.session.commit()
    called = set(db.session.scalars(select(Callout.user_id).where(Callout.incident_id == flood.id)))
    expected = {near.id} | {
        u
        for u in (world.ids["member"], world.ids["coordinator"])
        if _get(User, u).home_desa.parent_id == here.id
    }
    assert called == expected


def test_answer_counts_and_call_again_reaches_only_who_has_not_answered(req, world, flood):
    incident = _get(Incident, flood.id)
    coordinator = _get(User, world.ids["coordinator"])
    callouts.call_out(coordinator, incident, callouts.CalloutScope())
    mine = db.session.scalar(select(Callout).where(Callout.user_id == world.ids["member"]))
    assert callouts.answer(mine, incident, "siap") is True
    assert callouts.answer(mine, incident, "siap") is False  # the same tap again changes nothing
    counts = callouts.counts(flood.id)
    assert (counts.called, counts.answers["siap"], counts.answers["pending"]) == (2, 1, 1)
    before = db.session.scalar(select(func.count()).select_from(Notice))
    assert callouts.call_again(coordinator, incident) == 1
    assert db.session.scalar(select(func.count()).select_from(Notice)) == before + 1
    again = db.session.scalar(select(Callout).where(Callout.user_id == world.ids["coordinator"]))
    assert again.times_called == 2


def test_whatsapp_links_carry_the_call(req, world, flood):
    incident = _get(Incident, flood.id)
    member = _get(User, world.ids["member"])
    link = "https://simpul.test/musibah/1"
    assert callouts.group_url(incident, link).startswith("https://wa.me/?text=PANGGILAN%20TUGAS")
    chat = callouts.chat_url(member, incident, link)
    assert chat.startswith("https://wa.me/62813") and "simpul.test" in chat


def test_overlapping_shifts_for_one_person_are_refused(req, world, flood):
    incident = _get(Incident, flood.id)
    member = _get(User, world.ids["member"])
    first = inf.shift(flood.id, world.ids["coordinator"])
    overlapping = inf.shift(flood.id, world.ids["coordinator"], start_in=timedelta(hours=1))
    after = inf.shift(flood.id, world.ids["coordinator"], start_in=timedelta(hours=4, minutes=-30))
    shifts.join_shift(member, incident, _get(Shift, first.id))
    with pytest.raises(IncidentError, match="tidak boleh bertumpuk"):
        shifts.join_shift(member, incident, _get(Shift, overlapping.id))
    shifts.join_shift(member, incident, _get(Shift, after.id))  # begins as the first ends
    assert (
        db.session.scalar(
            select(func.count())
            .select_from(ShiftAssignment)
            .where(ShiftAssignment.user_id == member.id)
        )
        == 2
    )


def test_a_full_shift_and_another_organisations_member_are_refused(req, world, flood):
    incident = _get(Incident, flood.id)
    shift = _get(Shift, inf.shift(flood.id, world.ids["coordinator"], needed=1).id)
    shifts.join_shift(_get(User, world.ids["member"]), incident, shift)
    with pytest.raises(IncidentError, match="sudah penuh"):
        shifts.join_shift(_get(User, world.ids["coordinator"]), incident, shift)
    other = _get(
        Shift, inf.shift(flood.id, world.ids["coordinator"], start_in=timedelta(hours=5)).id
    )
    with pytest.raises(IncidentError, match="Hanya anggota aktif Tagana Uji A"):
        shifts.join_shift(_get(User, world.ids["other_coordinator"]), incident, other)


def test_check_out_before_check_in_is_refused_and_a_shift_becomes_one_activity(req, world, flood):
    incident = _get(Incident, flood.id)
    member = _get(User, world.ids["member"])
    started = timedelta(hours=-3)
    shift = _get(Shift, inf.shift(flood.id, world.ids["coordinator"], start_in=started).id)
    assignment = shifts.join_shift(member, incident, shift)
    with pytest.raises(IncidentError, match="belum tercatat masuk"):
        shifts.check_out(member, incident, assignment, flood.code)
    with pytest.raises(IncidentError, match="Kode posko salah"):
        shifts.check_in(member, incident, assignment, "AAAAAAAA")
    now = now_utc()
    shifts.check_in(member, incident, assignment, flood.code, now=now - timedelta(minutes=150))
    assert shifts.check_out(member, incident, assignment, flood.code, now=now) is None
    db.session.commit()
    activity = db.session.scalar(select(Activity).where(Activity.user_id == member.id))
    assert activity.activity_type.name == "Respons bencana"
    assert activity.duration_minutes == 150
    assert activity.desa_id == incident.desa_id
    assert assignment.activity_id == activity.id
    with pytest.raises(IncidentError, match="sudah tercatat keluar"):
        shifts.check_out(member, incident, assignment, flood.code)
    assert db.session.scalar(select(func.count()).select_from(Activity)) == 1


def test_closing_ends_open_shifts_and_records_participants(req, world, flood):
    incident = _get(Incident, flood.id)
    coordinator = _get(User, world.ids["coordinator"])
    running = inf.shift(flood.id, world.ids["coordinator"])
    future = inf.shift(flood.id, world.ids["coordinator"], start_in=timedelta(hours=6))
    inf.assign(running.id, world.ids["member"], checked_in=True)
    inf.assign(running.id, world.ids["coordinator"])  # never came: not a participant
    services.close_incident(coordinator, _get(Incident, flood.id), "Air surut.")
    db.session.commit()
    assert incident.status == "closed" and incident.closed_by_id == coordinator.id
    assert _get(Shift, future.id).cancelled_at is not None
    assert _get(Shift, running.id).ends_at <= now_utc()
    people = summary.participants(incident)
    assert [(p.name, p.shifts) for p in people] == [("Anggota Uji", 1)]
    assert 29 <= people[0].minutes <= 31
    assert db.session.scalar(select(func.count()).select_from(Activity)) == 1
    with pytest.raises(IncidentError, match="sudah ditutup"):
        services.close_incident(coordinator, incident, "")


def test_a_situation_report_on_a_closed_incident_is_refused(req, world, flood):
    from portal.incidents import reports

    incident = _get(Incident, flood.id)
    services.close_incident(_get(User, world.ids["coordinator"]), incident, "")
    with pytest.raises(IncidentError, match="sudah ditutup"):
        reports.add_report(
            _get(User, world.ids["coordinator"]), incident, reports.ReportInput({}, {})
        )


def test_only_tagana_coordinators_and_the_admin_may_open(ctx, world):
    from portal.security.incidents import can_open_incident

    assert can_open_incident(_get(User, world.ids["coordinator"]))
    assert can_open_incident(_get(User, world.ids["admin"]))
    assert not can_open_incident(_get(User, world.ids["other_coordinator"]))  # PSM
    assert not can_open_incident(_get(User, world.ids["member"]))


def test_data_saya_holds_the_call_outs_and_shifts(req, world, flood):
    from portal.incidents import integration

    inf.call_everyone(flood.id, world.ids["coordinator"])
    shift = inf.shift(flood.id, world.ids["coordinator"])
    inf.assign(shift.id, world.ids["member"], checked_in=True)
    data = integration.personal_data(_get(User, world.ids["member"]))
    assert [(c["incident"], c["answer"]) for c in data["callouts"]] == [("Banjir", "pending")]
    assert data["shifts"][0]["checked_in_at"] is not None


def test_a_shift_in_a_submitted_month_is_recorded_but_not_counted(req, world, flood):
    from portal import months
    from portal.models import MonthlyReport

    member = _get(User, world.ids["member"])
    db.session.add(
        MonthlyReport(
            user_id=member.id,
            organisation_id=world.org_a,
            month=months.current(),
            status="submitted",
        )
    )
    shift = inf.shift(flood.id, world.ids["coordinator"])
    assignment = inf.assign(shift.id, member.id, checked_in=True)
    why = shifts.check_out(member, _get(Incident, flood.id), assignment, flood.code)
    assert "sudah dikirim" in why
    assert assignment.checked_out_at is not None and assignment.activity_id is None
    assert db.session.scalar(select(func.count()).select_from(Activity)) == 0
