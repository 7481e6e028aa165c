"""Public pages: find volunteers and organisations, without logging in."""

from flask import render_template, request
from sqlalchemy.orm import joinedload

from ..htmx import is_fragment_request, render_page_or_fragment
from ..models import Area, Organisation
from ..paging import page_number
from ..security import get_or_404
from ..security.directory import can_see_listed_organisation
from . import bp, services
from .forms import MemberSearchForm, OrganisationSearchForm


@bp.after_request
def _revalidate(response):
    # Withdrawing consent takes effect at once: no cache may keep serving an old listing.
    response.headers.setdefault("Cache-Control", "no-cache")
    return response


def _search(form, page_template: str, fragment_template: str, search):
    valid = form.validate()
    filters = form.filters()
    results = search(filters, page_number()) if valid else None
    # Before any search nothing was "found": an empty directory says it is empty.
    searched = filters != type(filters)()
    response = render_page_or_fragment(
        page_template, fragment_template, form=form, results=results, searched=searched
    )
    # htmx swaps only 2xx answers, so the live search shows its message with a 200;
    # a full page with an invalid query is a 422.
    if not valid and not is_fragment_request():
        response.status_code = 422
    return response


@bp.route("/")
def members():
    """Volunteers who chose to be listed: search by name, filter by organisation and area."""
    return _search(
        MemberSearchForm(request.args),
        "directory/members.html",
        "directory/_member_results.html",
        services.listed_members,
    )


@bp.route("/organisasi")
def organisations():
    """Listed organisations: kind, area, public contact and number of active members."""
    return _search(
        OrganisationSearchForm(request.args),
        "directory/organisations.html",
        "directory/_organisation_results.html",
        services.listed_organisations,
    )


@bp.route("/organisasi/<int:org_id>")
def organisation(org_id: int):
    """One organisation's public page."""
    organisation = get_or_404(
        Organisation,
        org_id,
        can=can_see_listed_organisation,
        options=(
            joinedload(Organisation.kind),
            joinedload(Organisation.area).joinedload(Area.parent),
        ),
    )
    return render_template(
        "directory/organisation.html",
        organisation=organisation,
        active_members=services.active_member_count(organisation),
        listed_members=services.listed_member_count(organisation),
    )
