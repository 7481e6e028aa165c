"""Registries that let each feature add to the shared shell without editing it.

- nav items: links in the main menu, each with a visibility rule;
- home panels: blocks on the home page showing what needs a person's attention. A panel is
  a loader, (user) -> dict or None, and a template: the home page loads every panel first
  (the person's memberships and organisations once, for all of them) and then renders
  them as includes of main/home.html, the loader's dict as `panel`;
- member summaries: blocks on a coordinator's page about one member (activities,
  attendance), each (membership) -> HTML or None.
Each feature declares its own, in the init_app() of its package (portal/<feature>/__init__.py).
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
    load: Callable  # (user) -> dict | None: what the template shows, or None: no panel
    template: str  # included by main/home.html, with the loaded dict as `panel`
    order: int = 50


@dataclass(frozen=True)
class ShownPanel:
    template: str
    data: dict


@dataclass(frozen=True)
class MemberSummary:
    render: Callable  # (membership) -> str | None
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


def add_home_panel(app: Flask, load: Callable, template: str, order: int = 50) -> None:
    app.extensions.setdefault("simpul_home", []).append(HomePanel(load, template, order))


def nav_items(user) -> list[NavItem]:
    items = sorted(current_app.extensions.get("simpul_nav", []), key=lambda i: i.order)
    return [item for item in items if item.visible(user)]


def home_panels(user) -> list[ShownPanel]:
    """Every panel's data for this person, loaded before anything is rendered."""
    preload_memberships(user)
    panels = sorted(current_app.extensions.get("simpul_home", []), key=lambda p: p.order)
    return [ShownPanel(p.template, data) for p in panels if (data := p.load(user)) is not None]


def preload_memberships(user) -> None:
    """The person's memberships with their organisations, in one query, for every panel."""
    from sqlalchemy import select
    from sqlalchemy.orm import contains_eager
    from sqlalchemy.orm.attributes import set_committed_value

    from .extensions import db
    from .models import Membership, Organisation

    state = db.inspect(user)
    if "memberships" not in state.unloaded:
        return
    rows = db.session.scalars(
        select(Membership)
        .join(Membership.organisation)
        .options(contains_eager(Membership.organisation))
        .where(Membership.user_id == user.id)
        .order_by(Organisation.name)
    ).all()
    set_committed_value(user, "memberships", list(rows))


def add_member_summary(app: Flask, render: Callable, order: int = 50) -> None:
    app.extensions.setdefault("simpul_member_summary", []).append(MemberSummary(render, order))


def member_summaries(membership) -> list[str]:
    panels = sorted(current_app.extensions.get("simpul_member_summary", []), key=lambda p: p.order)
    return [html for p in panels if (html := p.render(membership))]
