"""Registries that let each feature add to the shared shell without editing it.

- nav items: links in the main menu, each with a visibility rule;
- home panels: blocks on the home page showing what needs a person's attention;
- member summaries: blocks on a coordinator's page about one member (activities,
  attendance), each (membership) -> HTML or None.
A feature's blueprint registers both in its own register() call.
"""

from collections.abc import Callable
from dataclasses import dataclass

from flask import Flask, current_app


@dataclass(frozen=True)
class NavItem:
    endpoint: str
    label: object  # a lazy_gettext string
    visible: Callable  # (user) -> bool
    order: int = 50
    count: Callable | None = None  # (user) -> int: how many unread, shown beside the label


@dataclass(frozen=True)
class HomePanel:
    render: Callable  # (user) -> str | None: HTML of the panel, or None to show nothing
    order: int = 50


def add_nav(
    app: Flask,
    endpoint: str,
    label,
    visible: Callable,
    order: int = 50,
    count: Callable | None = None,
) -> None:
    item = NavItem(endpoint, label, visible, order, count)
    app.extensions.setdefault("simpul_nav", []).append(item)


def add_home_panel(app: Flask, render: Callable, order: int = 50) -> None:
    app.extensions.setdefault("simpul_home", []).append(HomePanel(render, order))


def nav_items(user) -> list[NavItem]:
    items = sorted(current_app.extensions.get("simpul_nav", []), key=lambda i: i.order)
    return [item for item in items if item.visible(user)]


def home_panels(user) -> list[str]:
    panels = sorted(current_app.extensions.get("simpul_home", []), key=lambda p: p.order)
    return [html for p in panels if (html := p.render(user))]


def add_member_summary(app: Flask, render: Callable, order: int = 50) -> None:
    app.extensions.setdefault("simpul_member_summary", []).append(HomePanel(render, order))


def member_summaries(membership) -> list[str]:
    panels = sorted(current_app.extensions.get("simpul_member_summary", []), key=lambda p: p.order)
    return [html for p in panels if (html := p.render(membership))]
