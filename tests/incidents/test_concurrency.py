"""Twenty members answering the call at the same moment, each tapping twice: every answer
recorded once, the counts right, no 5xx (SQLite here; PostgreSQL with TEST_DATABASE_URL)."""

import threading

from sqlalchemy import func, select

from portal.extensions import db
from portal.incidents import callouts
from portal.models import Callout, Organisation

from .. import factories
from . import factories as inf

ANSWERS = ("siap", "tidak", "di_lokasi")


def test_twenty_members_answer_at_once(app, world, flood):
    with app.app_context():
        org = db.session.get(Organisation, world.org_a)
        phones = [factories.member(org, f"Relawan {n:02d}").phone for n in range(20)]
        db.session.commit()
    inf.call_everyone_in(app, flood.id, world.ids["coordinator"])
    clients = []
    for phone in phones:
        client = app.test_client()
        assert client.login(phone).status_code == 303
        clients.append((client, client.csrf_token(f"/musibah/{flood.id}")))
    start = threading.Barrier(len(clients) * 2)
    statuses = []

    def tap(client, token, answer):
        start.wait()
        response = client.post(
            f"/musibah/{flood.id}/jawab", data={"csrf_token": token, "answer": answer}
        )
        statuses.append(response.status_code)

    threads = [
        threading.Thread(target=tap, args=(client, token, ANSWERS[n % 3]))
        for n, (client, token) in enumerate(clients)
        for _twice in range(2)
    ]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert statuses == [303] * 40
    with app.app_context():
        assert (
            db.session.scalar(
                select(func.count()).select_from(Callout).where(Callout.incident_id == flood.id)
            )
            == 22
        )  # the twenty, the member and the coordinator: one row each
        counts = callouts.counts(flood.id)
        assert counts.answers == {"pending": 2, "siap": 7, "tidak": 7, "di_lokasi": 6}
        assert db.session.scalar(select(func.count()).where(Callout.answered_at.is_not(None))) == 20
