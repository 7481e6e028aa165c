"""Item 8 of the rakor issue: a member who attended adds the meeting to their activities
for the month in one tap, once only."""

from sqlalchemy import func, select

from portal.extensions import db
from portal.models import Activity, Invitation, MonthlyReport


def _mark_present(app, invitation_id):
    with app.app_context():
        db.session.get(Invitation, invitation_id).attendance = "hadir"
        db.session.commit()


def _activities(app, user_id):
    with app.app_context():
        return db.session.scalars(select(Activity).where(Activity.user_id == user_id)).all()


def test_present_member_counts_the_meeting_once(app, world, login_as, rakor):
    _mark_present(app, rakor.member_invitation)
    client = login_as("member")
    page = client.get(f"/rapat/{rakor.id}").get_data(as_text=True)
    assert "Catat sebagai kegiatan saya bulan ini" in page
    first = client.post_form(f"/rapat/{rakor.id}/catat-kegiatan", token_from=f"/rapat/{rakor.id}")
    assert first.status_code == 303 and first.location.startswith("/kegiatan/")
    second = client.post_form(f"/rapat/{rakor.id}/catat-kegiatan", token_from=f"/rapat/{rakor.id}")
    assert second.location == first.location
    (activity,) = _activities(app, world.ids["member"])
    with app.app_context():
        activity = db.session.get(Activity, activity.id)
        assert activity.meeting_id == rakor.id
        assert activity.organisation_id == world.org_a
        assert activity.activity_type.name == "Menghadiri rapat"
        assert activity.duration_minutes == 120
        assert activity.title == "Rakor Tagana"
    page = client.get(f"/rapat/{rakor.id}").get_data(as_text=True)
    assert "sudah tercatat sebagai kegiatan Anda" in page
    assert "Catat sebagai kegiatan saya bulan ini" not in page


def test_not_present_cannot_count_it(app, world, login_as, rakor):
    client = login_as("member")
    assert "Catat sebagai kegiatan" not in client.get(f"/rapat/{rakor.id}").get_data(as_text=True)
    response = client.post_form(
        f"/rapat/{rakor.id}/catat-kegiatan", token_from=f"/rapat/{rakor.id}"
    )
    assert response.status_code == 404
    assert _activities(app, world.ids["member"]) == []


def test_a_submitted_month_refuses_with_a_message(app, world, login_as, rakor):
    _mark_present(app, rakor.member_invitation)
    with app.app_context():
        from portal.i18n import today_wib

        month = today_wib().replace(day=1)
        db.session.add(
            MonthlyReport(
                user_id=world.ids["member"],
                organisation_id=world.org_a,
                month=month,
                status="submitted",
            )
        )
        db.session.commit()
    client = login_as("member")
    response = client.post_form(
        f"/rapat/{rakor.id}/catat-kegiatan", token_from=f"/rapat/{rakor.id}"
    )
    assert response.status_code == 303
    assert response.location == f"/rapat/{rakor.id}"
    assert "sudah dikirim, jadi kegiatan bulan itu terkunci" in client.get(
        response.location
    ).get_data(as_text=True)
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(Activity)) == 0
