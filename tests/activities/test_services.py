"""Activity services: create, change, delete while the month is open; meetings; held photos."""

import os
from dataclasses import replace
from datetime import timedelta

import pytest
from sqlalchemy import func, select

from portal import months, personal_data, storage
from portal.activities import choices, meeting_attendance, photo_store, photos, services
from portal.extensions import db
from portal.i18n import today_wib
from portal.models import Activity, ActivityPhoto, Area, AuditEvent, Organisation, User
from portal.models.activities import RETURNED, SUBMITTED, VERIFIED
from portal.models.organisations import SUSPENDED

from .. import factories
from . import factories as af


@pytest.fixture
def people(req, world):
    """Inside a request context: the member of org A, and a ready input for them."""
    member = db.session.get(User, world.ids["member"])
    data = services.ActivityInput(
        membership=services.active_membership(member, world.org_a),
        done_on=today_wib(),
        activity_type=af.type_for(world.org_a),
        desa=factories.desa(),
        duration_minutes=90,
        people_served=12,
        title="Penyuluhan siaga banjir",
        description="Jalur evakuasi",
        ppks=[af.ppks("ABT"), af.ppks("AT")],
    )
    return member, data


def count(model) -> int:
    return db.session.scalar(select(func.count()).select_from(model))


def photo() -> photos.ProcessedPhoto:
    return photos.process(af.jpeg(), "a.jpg")


def test_create_activity_with_categories_photos_and_an_audit_event(people):
    member, data = people
    activity = services.create_activity(
        member, data, submission_id="s" * 20, photos=[photo(), photo()]
    )
    assert activity.id and activity.duration_minutes == 90 and activity.people_served == 12
    assert [c.code for c in activity.ppks_categories] == ["ABT", "AT"]
    assert len(activity.photos) == 2
    for p in activity.photos:
        assert os.path.exists(storage.absolute(p.path))
        assert os.path.exists(storage.absolute(p.thumb_path))
    event = db.session.scalar(select(AuditEvent).where(AuditEvent.action == "activity.created"))
    assert event.actor_id == member.id and event.object_id == activity.id


def test_the_same_submission_id_makes_one_activity(people):
    member, data = people
    first = services.create_activity(member, data, submission_id="t" * 20)
    again = services.create_activity(member, data, submission_id="t" * 20)
    assert again.id == first.id
    assert count(Activity) == 1


def test_types_are_the_kinds_own_then_those_for_every_kind(people, world):
    names = [t.name for t in choices.activity_types_for(db.session.get(Organisation, world.org_a))]
    assert names[-1] == meeting_attendance.MEETING_ACTIVITY_TYPE
    assert "Respons bencana" in names and "Kunjungan rumah" not in names  # TAGANA, not PSM


def test_only_an_active_member_of_the_organisation_logs_there(people, world):
    member, data = people
    with pytest.raises(services.ActivityError, match="bukan anggota aktif"):
        services.active_membership(member, world.org_b)
    other = db.session.get(User, world.ids["coordinator"])
    with pytest.raises(services.ActivityError, match="bukan anggota aktif"):
        services.create_activity(other, data, submission_id="w" * 20)  # not their membership
    data.membership.status = SUSPENDED
    with pytest.raises(services.ActivityError, match="bukan anggota aktif"):
        services.create_activity(member, data, submission_id="w" * 20)


@pytest.mark.parametrize("status", [SUBMITTED, VERIFIED])
def test_a_submitted_month_is_locked(people, status):
    member, data = people
    activity = services.create_activity(member, data, submission_id="x" * 20)
    af.report(member.id, data.organisation_id, months.current(), status)
    db.session.commit()
    with pytest.raises(services.MonthLocked):
        services.create_activity(member, data, submission_id="y" * 20)
    with pytest.raises(services.MonthLocked):
        services.update_activity(member, activity, replace(data, title="Diubah"))
    with pytest.raises(services.MonthLocked):
        services.delete_activity(member, activity)
    db.session.rollback()
    assert count(Activity) == 1
    assert db.session.get(Activity, activity.id).title == "Penyuluhan siaga banjir"


def test_moving_an_activity_into_a_locked_month_is_refused(people):
    member, data = people
    activity = services.create_activity(member, data, submission_id="x" * 20)
    last_month = months.shift(months.current(), -1)
    af.report(member.id, data.organisation_id, last_month, SUBMITTED)
    db.session.commit()
    with pytest.raises(services.MonthLocked):
        services.update_activity(member, activity, replace(data, done_on=last_month))
    db.session.rollback()
    assert db.session.get(Activity, activity.id).done_on == today_wib()


def test_a_returned_month_is_open_again(people):
    member, data = people
    activity = services.create_activity(member, data, submission_id="x" * 20)
    af.report(member.id, data.organisation_id, months.current(), RETURNED)
    db.session.commit()
    services.update_activity(member, activity, replace(data, title="Diperbaiki", ppks=[]))
    assert activity.title == "Diperbaiki" and activity.ppks_categories == []


def test_update_removes_and_adds_photos_and_deletes_removed_files(people):
    member, data = people
    activity = services.create_activity(member, data, submission_id="x" * 20, photos=[photo()])
    old = activity.photos[0]
    old_files = [old.path, old.thumb_path]
    services.update_activity(
        member, activity, data, photos=[photo(), photo()], remove_photo_ids=[old.id]
    )
    assert all(os.path.exists(storage.absolute(f)) for f in old_files)  # until the commit
    db.session.commit()
    assert len(activity.photos) == 2 and old.id not in {p.id for p in activity.photos}
    assert not any(os.path.exists(storage.absolute(f)) for f in old_files)


def test_a_fourth_photo_is_refused_and_nothing_is_stored(people):
    member, data = people
    activity = services.create_activity(member, data, submission_id="x" * 20, photos=[photo()])
    db.session.commit()
    with pytest.raises(services.ActivityError, match="Paling banyak 3 foto"):
        services.update_activity(member, activity, data, photos=[photo(), photo(), photo()])
    db.session.rollback()
    assert count(ActivityPhoto) == 1


def test_delete_removes_the_activity_its_photos_and_their_files(people):
    member, data = people
    activity = services.create_activity(member, data, submission_id="x" * 20, photos=[photo()])
    files = [activity.photos[0].path, activity.photos[0].thumb_path]
    services.delete_activity(member, activity)
    db.session.commit()
    assert count(Activity) == 0 and count(ActivityPhoto) == 0
    assert not any(os.path.exists(storage.absolute(f)) for f in files)
    assert db.session.scalar(select(AuditEvent.id).where(AuditEvent.action == "activity.deleted"))


def test_held_photos_join_the_activity_only_for_their_owner(people, world):
    member, data = people
    held = photo_store.hold_photos(member, [photo()])
    coordinator = db.session.get(User, world.ids["coordinator"])
    assert photo_store.held_photos(coordinator, [held[0].id]) == []
    activity = services.create_activity(member, data, submission_id="x" * 20, held=held)
    assert [p.id for p in activity.photos] == [held[0].id]


def _meeting_id(world) -> int:
    from ..meetings import factories as mf

    return mf.meeting(world.ids["coordinator"], [world.org_a]).id


def test_meeting_attendance_counts_once_per_person_and_meeting(people, world):
    member, _data = people
    rakor, bimtek, rakor_kecamatan = (_meeting_id(world) for _ in range(3))
    first = meeting_attendance.log_meeting_attendance(
        member, world.org_a, "Rakor Tagana triwulan IV", today_wib(), 150, None, meeting_id=rakor
    )
    again = meeting_attendance.log_meeting_attendance(
        member, world.org_a, "Rakor Tagana triwulan IV", today_wib(), 150, None, meeting_id=rakor
    )
    assert again.id == first.id and count(Activity) == 1
    assert first.activity_type.name == "Menghadiri rapat" and first.activity_type.kind_id is None
    assert first.desa_id == member.home_desa_id and first.duration_minutes == 150
    assert first.meeting_id == rakor and first.title == "Rakor Tagana triwulan IV"
    other = meeting_attendance.log_meeting_attendance(
        member, world.org_a, "Bimtek", today_wib(), 60 * 30, factories.desa().id, meeting_id=bimtek
    )
    assert other.duration_minutes == 24 * 60  # a meeting over a day counts as a day
    kecamatan = db.session.get(Area, factories.desa().parent_id)
    at_kecamatan = meeting_attendance.log_meeting_attendance(
        member,
        world.org_a,
        "Rakor kecamatan",
        today_wib(),
        90,
        kecamatan.id,
        meeting_id=rakor_kecamatan,
    )
    assert at_kecamatan.desa_id == member.home_desa_id


def test_meeting_attendance_in_a_submitted_month_is_refused(people, world):
    member, _data = people
    af.report(member.id, world.org_a, months.current(), SUBMITTED)
    db.session.commit()
    with pytest.raises(services.MonthLocked):
        meeting_attendance.log_meeting_attendance(
            member, world.org_a, "Rakor", today_wib(), 60, None, meeting_id=_meeting_id(world)
        )


def test_personal_data_lists_activities_and_the_eraser_deletes_photo_files(people):
    member, data = people
    activity = services.create_activity(member, data, submission_id="x" * 20, photos=[photo()])
    files = [activity.photos[0].path, activity.photos[0].thumb_path]
    exported = personal_data.collect(member)["activities"]
    assert exported["activities"][0]["title"] == "Penyuluhan siaga banjir"
    assert exported["activities"][0]["photos"] == 1
    personal_data.erase(member)
    db.session.commit()
    assert count(ActivityPhoto) == 0 and count(Activity) == 1
    assert not any(os.path.exists(storage.absolute(f)) for f in files)


def test_stale_held_photos_are_purged_by_the_command(people, app):
    from portal.models import utcnow

    member, _data = people
    old, fresh = photo_store.hold_photos(member, [photo(), photo()])
    old.created_at = utcnow() - timedelta(days=3)
    db.session.commit()
    old_files = [old.path, old.thumb_path]
    result = app.test_cli_runner().invoke(args=["activities", "purge-held-photos"])
    assert result.exit_code == 0 and "dihapus: 1" in result.output
    db.session.expire_all()
    assert [p.id for p in db.session.scalars(select(ActivityPhoto))] == [fresh.id]
    assert not any(os.path.exists(storage.absolute(f)) for f in old_files)
