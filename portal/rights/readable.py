"""Turn the JSON of a person's data into labelled, formatted nodes a page can show.

Each feature's section brings its labels and formats (personal_data.Field); the shape
is the feature's: dicts become labelled groups, lists of dicts numbered entries, ISO
dates read as WIB dates. Long lists show their first entries; the JSON download always
holds them all.
"""

import re
from dataclasses import dataclass, field
from datetime import date, datetime

from flask_babel import gettext as _

from .. import personal_data
from ..i18n import datetime_wib, long_date

SHOWN_PER_LIST = 50
_DATETIME = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}")
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


@dataclass
class Node:
    label: str
    text: str | None = None  # a formatted scalar
    children: list["Node"] = field(default_factory=list)
    numbered: bool = False  # children are the entries of a list
    hidden: int = 0  # entries left out of a long list


def scalar(value) -> str:
    if value is None or value == "":
        return "—"
    if isinstance(value, bool):
        return _("Ya") if value else _("Tidak")
    if isinstance(value, datetime):
        return datetime_wib(value)
    if isinstance(value, date):
        return long_date(value)
    if isinstance(value, str):
        try:
            if _DATETIME.match(value):
                return datetime_wib(datetime.fromisoformat(value))
            if _DATE.match(value):
                return long_date(date.fromisoformat(value))
        except ValueError:
            return value
    return str(value)


def build(label, value, fields, field=None) -> Node:
    """A node labelled `label`; the keys of a dict are labelled by the section's fields."""
    node = Node(str(label))
    if isinstance(value, dict):
        node.children = [
            build(_label(fields, k), v, fields, fields.get(k)) for k, v in value.items()
        ]
    elif isinstance(value, list | tuple):
        node.numbered = True
        shown = value[:SHOWN_PER_LIST]
        node.hidden = len(value) - len(shown)
        node.children = [build(f"{i}", item, fields, field) for i, item in enumerate(shown, 1)]
        if not value:
            node.text = "—"
    elif field is not None and field.format is not None and value is not None:
        node.text = field.format(value)
    else:
        node.text = scalar(value)
    return node


def _label(fields, key) -> str:
    field = fields.get(key)
    return str(field.label) if field else str(key)


def sections(data: dict) -> list[Node]:
    """The profile first, then every feature's section in the order collected."""
    registered = personal_data.sections()
    ordered = sorted(data.items(), key=lambda item: item[0] != "profile")
    return [
        build(registered[name].label, value, registered[name].fields) for name, value in ordered
    ]
