"""Who may see the public directory: an organisation's page exists while the office lists it."""

from ..models import Organisation


def can_see_listed_organisation(user, organisation: Organisation) -> bool:
    """The public page of an organisation exists only while the office lists it."""
    return organisation.is_listed
