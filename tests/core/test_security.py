"""The shared core of portal.security: the one loader and the one role-decorator factory."""

import pytest
from flask import url_for
from flask_login import current_user, login_user
from werkzeug.exceptions import Forbidden, NotFound

from portal import security
from portal.extensions import db
from portal.meetings import calendar
from portal.models import Organisation, User


@pytest.fixture
def as_role(app, world):
    """as_role('member') -> a request context in which that person is logged in."""

    def _enter(role: str):
        context = app.test_request_context("/")
        context.push()
        login_user(db.session.get(User, world.ids[role]))
        return context

    contexts = []
    yield lambda role: contexts.append(_enter(role))
    for context in reversed(contexts):
        context.pop()


def test_get_or_404_returns_the_object_the_predicate_allows(as_role, world):
    as_role("coordinator")
    organisation = security.get_or_404(
        Organisation, world.org_a, can=security.can_manage_organisation
    )
    assert organisation.id == world.org_a
    assert security.get_or_404(Organisation, world.org_b).id == world.org_b  # no predicate


def test_get_or_404_hides_what_is_missing_and_what_is_not_allowed(as_role, world):
    as_role("coordinator")
    with pytest.raises(NotFound):
        security.get_or_404(Organisation, world.org_b, can=security.can_manage_organisation)
    with pytest.raises(NotFound):
        security.get_or_404(Organisation, 999_999)
    with pytest.raises(NotFound):
        security.found_or_404(None)


def test_the_predicate_gets_the_current_person_and_the_object(as_role, world):
    as_role("member")
    seen = []
    security.get_or_404(
        Organisation, world.org_a, can=lambda user, obj: seen.append((user, obj)) or 1
    )
    [(user, organisation)] = seen
    assert (user.id, organisation.id) == (world.ids["member"], world.org_a)


def test_role_required_lets_the_role_through_and_refuses_the_others(as_role):
    view = security.role_required(security.is_admin)(lambda: "done")
    as_role("admin")
    assert view() == "done"
    as_role("coordinator")
    with pytest.raises(Forbidden) as refused:
        view()
    assert refused.value.description == Forbidden.description


def test_role_required_status_and_description(as_role):
    never = security.role_required(lambda user: False, status=404, description=lambda u: "x")
    as_role("member")
    with pytest.raises(NotFound) as refused:
        never(lambda: "done")()
    assert refused.value.description == "x"


def test_member_required_tells_a_pending_applicant_why(as_role):
    view = security.member_required(lambda: "done")
    as_role("pending")
    with pytest.raises(Forbidden) as refused:
        view()
    assert refused.value.description == "pending"
    as_role("member")
    assert view() == "done"


def test_role_required_sends_a_visitor_to_log_in(app):
    view = security.coordinator_required(lambda: "done")
    with app.test_request_context("/"):
        response = view()
        login_page = url_for(app.login_manager.login_view)
    assert response.status_code == 302
    assert response.location.startswith(login_page)


def test_can_manage_organisation_is_own_organisation_or_admin_and_office_is_admin_only(
    as_role, world
):
    as_role("coordinator")
    assert security.can_manage_organisation(current_user, world.org_a)
    assert not security.can_manage_organisation(current_user, world.org_b)
    assert not security.can_manage_organisation(current_user, None)
    as_role("admin")
    assert security.can_manage_organisation(current_user, world.org_b)
    assert security.can_manage_organisation(current_user, None)


def test_button_only_posts_without_a_csrf_token_are_refused_before_the_view(app, world, login_as):
    """The views trust CSRFProtect (no EmptyForm guard of their own): it refuses first."""
    admin = login_as("admin")
    refused = admin.post(f"/admin/pengguna/{world.ids['member']}/status", data={"deactivate": "1"})
    assert refused.status_code == 400
    member = login_as("member")
    assert member.post("/rapat/kalender").status_code == 400
    with app.app_context():
        assert not db.session.get(User, world.ids["member"]).is_deactivated
        assert calendar.feed_of(db.session.get(User, world.ids["member"])) is None
    assert member.post_form("/rapat/kalender").status_code == 303  # with the token it works
    with app.app_context():
        assert calendar.feed_of(db.session.get(User, world.ids["member"])) is not None
