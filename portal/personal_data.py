"""What the portal holds about a person, gathered from every feature (UU PDP 27/2022).

Each feature registers, in its init_app:
- a provider: (user) -> JSON-ready dict or list, the feature's section of the person's
  data, with the section's label and a Field for every key it writes: the label the
  "Data saya" page shows and how the value reads there (a status label, a duration);
- an eraser: (user) -> None, called when the admin completes a deletion request, to
  delete files and personal fields the feature keeps (aggregate counts stay).
The JSON download is the export; the page only shows the same data, labelled.
"""

from collections.abc import Callable, Mapping
from dataclasses import dataclass

from flask import Flask, current_app


@dataclass(frozen=True)
class Field:
    label: object  # a lazy_gettext string
    format: Callable | None = None  # (value) -> str, for a value that is a code or a number


@dataclass(frozen=True)
class Section:
    provider: Callable
    label: object
    fields: Mapping[str, Field]


def labels(mapping: Mapping) -> Callable:
    """A Field format that reads a code through a feature's label table."""
    return lambda value: str(mapping.get(value, value))


def add_provider(
    app: Flask, section: str, provider: Callable, *, label, fields: Mapping[str, Field]
) -> None:
    app.extensions.setdefault("simpul_personal_data", {})[section] = Section(
        provider, label, fields
    )


def add_eraser(app: Flask, eraser: Callable) -> None:
    app.extensions.setdefault("simpul_erasers", []).append(eraser)


def sections() -> dict[str, Section]:
    return dict(sorted(current_app.extensions.get("simpul_personal_data", {}).items()))


def collect(user) -> dict:
    return {name: section.provider(user) for name, section in sections().items()}


def erase(user) -> None:
    for eraser in current_app.extensions.get("simpul_erasers", []):
        eraser(user)
