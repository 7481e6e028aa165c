"""What the portal holds about a person, gathered from every feature (UU PDP 27/2022).

Each feature registers, in its init_app:
- a provider: (user) -> JSON-ready dict or list, shown in the person's data export;
- an eraser: (user) -> None, called when the admin completes a deletion request, to
  delete files and personal fields the feature keeps (aggregate counts stay).
"""

from collections.abc import Callable

from flask import Flask, current_app


def add_provider(app: Flask, section: str, provider: Callable) -> None:
    app.extensions.setdefault("simpul_personal_data", {})[section] = provider


def add_eraser(app: Flask, eraser: Callable) -> None:
    app.extensions.setdefault("simpul_erasers", []).append(eraser)


def collect(user) -> dict:
    providers = current_app.extensions.get("simpul_personal_data", {})
    return {section: provider(user) for section, provider in sorted(providers.items())}


def erase(user) -> None:
    for eraser in current_app.extensions.get("simpul_erasers", []):
        eraser(user)
