"""An activity changed while its month's report is being submitted, with real threads, on
SQLite and on PostgreSQL: the change and the submission both take the membership's row
first (activities.services.hold_membership), so the change either lands before the
submission or finds the month locked; it never slips into a report just submitted.

One request is held inside its transaction, after it took the row, while the other runs.
"""

import threading

import pytest
from sqlalchemy import func, select

from portal.activities import services as activities
from portal.extensions import db
from portal.models import Activity, AuditEvent, MonthlyReport
from portal.models.activities import SUBMITTED
from portal.reports import services as reports

from ..activities import factories as af
from ..activities.helpers import activity_form

LOCKED = "Kegiatan ini terkunci karena laporan"
TITLE = "Penyuluhan siaga banjir"


@pytest.fixture
def month(app, world):
    """The member's activity of this month, its report not yet submitted."""
    with app.app_context():
        activity_id = af.activity(world.ids["member"], world.org_a).id
        form = activity_form(world.org_a)
        db.session.commit()
        mid = af.membership_id(world.ids["member"], world.org_a)
    return activity_id, f"/laporan/{mid}/{af.this_month()}", form


def one_waits_for_the_other(monkeypatch, module, name, first, second):
    """Run the request `first` until it calls module.name, then `second`; let `first` go
    on after a second. Returns whether `second` was still waiting then, and both answers."""
    holding, release = threading.Event(), threading.Event()
    real = getattr(module, name)

    def wait_then_call(*args, **kwargs):
        if not holding.is_set():
            holding.set()
            release.wait(20)
        return real(*args, **kwargs)

    monkeypatch.setattr(module, name, wait_then_call)
    answers = {}
    threads = [
        threading.Thread(target=lambda k=key, r=request: answers.setdefault(k, r()))
        for key, request in (("first", first), ("second", second))
    ]
    threads[0].start()
    assert holding.wait(10)
    threads[1].start()
    threads[1].join(1.0)
    waited = threads[1].is_alive()
    release.set()
    for thread in threads:
        thread.join(30)
    return waited, answers["first"], answers["second"]


def _requests(login_as, activity_id, report, form):
    """The member in two tabs: the edit form (with a new title) and the month's page."""
    editing, submitting = login_as("member"), login_as("member")
    edit = {
        **form,
        "title": "Diubah sesudah dikirim",
        "csrf_token": editing.csrf_token(f"/kegiatan/{activity_id}/ubah"),
    }
    submit_token = submitting.csrf_token(report)

    def do_edit():
        return editing.post(f"/kegiatan/{activity_id}/ubah", data=edit)

    def do_submit():
        return submitting.post(report + "/kirim", data={"csrf_token": submit_token})

    return (editing, do_edit), (submitting, do_submit)


def _page(client, response) -> str:
    assert response.status_code == 303, response.status_code
    return client.get(response.location).get_data(as_text=True)


def _audits(app, action) -> int:
    with app.app_context():
        return db.session.scalar(
            select(func.count()).select_from(AuditEvent).where(AuditEvent.action == action)
        )


def test_an_edit_during_the_submission_is_refused_and_writes_nothing(
    app, login_as, monkeypatch, month
):
    activity_id, report, form = month
    (editing, do_edit), (submitting, do_submit) = _requests(login_as, activity_id, report, form)
    # The submission has taken the row and reads the report once it goes on.
    waited, submitted, edited = one_waits_for_the_other(
        monkeypatch, reports, "find_report", do_submit, do_edit
    )
    assert waited  # the edit passed the page's check and waited for the row
    assert "dikirim ke koordinator" in _page(submitting, submitted)
    assert edited.location == f"/kegiatan/{activity_id}"
    page = _page(editing, edited)
    assert LOCKED in page and "sudah dikirim" in page
    with app.app_context():
        activity = db.session.get(Activity, activity_id)
        assert activity.title == TITLE and activity.people_served == 5
        assert db.session.scalar(select(MonthlyReport.status)) == SUBMITTED
    assert _audits(app, "activity.updated") == 0
    assert _audits(app, "report.submitted") == 1


def test_a_submission_during_an_edit_waits_for_it(app, login_as, monkeypatch, month):
    activity_id, report, form = month
    (editing, do_edit), (submitting, do_submit) = _requests(login_as, activity_id, report, form)
    # The edit has taken the row; it reads the month's report and writes once it goes on.
    waited, edited, submitted = one_waits_for_the_other(
        monkeypatch, activities, "_check_open", do_edit, do_submit
    )
    assert waited  # the submission waited for the edit to commit
    assert "Perubahan disimpan." in _page(editing, edited)
    assert "dikirim ke koordinator" in _page(submitting, submitted)
    with app.app_context():
        activity = db.session.get(Activity, activity_id)
        submitted_report = db.session.scalar(select(MonthlyReport))
        assert activity.title == "Diubah sesudah dikirim"
        assert submitted_report.status == SUBMITTED
        assert activity.updated_at <= submitted_report.submitted_at  # in the report it went to


def test_a_deletion_during_the_submission_is_refused(app, login_as, monkeypatch, month):
    activity_id, report, _form = month
    deleting, submitting = login_as("member"), login_as("member")
    delete_token = deleting.csrf_token(f"/kegiatan/{activity_id}")
    submit_token = submitting.csrf_token(report)
    waited, submitted, deleted = one_waits_for_the_other(
        monkeypatch,
        reports,
        "find_report",
        lambda: submitting.post(report + "/kirim", data={"csrf_token": submit_token}),
        lambda: deleting.post(f"/kegiatan/{activity_id}/hapus", data={"csrf_token": delete_token}),
    )
    assert waited
    assert "dikirim ke koordinator" in _page(submitting, submitted)
    assert LOCKED in _page(deleting, deleted)
    with app.app_context():
        assert db.session.get(Activity, activity_id).title == TITLE
    assert _audits(app, "activity.deleted") == 0
