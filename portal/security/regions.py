"""Who sees the area pages ("Wilayah"): the admin the whole regency, a coordinator the
figures of their own organisations only; an area code that does not exist is a 404."""

from flask import abort

from . import can_manage_some_organisation, managed_organisation_ids, role_required


def can_see_regions(user) -> bool:
    return can_manage_some_organisation(user)


def region_scope(user) -> frozenset[int] | None:
    """The organisations whose figures the person sees; None: all of them (admin)."""
    ids = managed_organisation_ids(user)
    return None if ids is None else frozenset(ids)


def area_or_404(places, code: str, level: str, parent=None):
    """The active area of that level (under parent) with that code, or not found."""
    area = places.by_code.get(code)
    if area is None or area.level != level or (parent is not None and area.parent_id != parent.id):
        abort(404)
    return area


regions_required = role_required(can_see_regions)

TEMPLATE_FUNCTIONS = {"can_see_regions": can_see_regions}
