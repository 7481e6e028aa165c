"""Every route × every role → the expected status. A route without a row fails."""

import importlib
import pkgutil
import re
from pathlib import Path

import pytest
from werkzeug.exceptions import MethodNotAllowed, NotFound

from portal.extensions import db
from portal.models import Organisation

from .. import factories
from ..helpers import make_app
from .table import DENY, HIDDEN, LOGIN, OK, ROLES

SKIPPED_METHODS = {"HEAD", "OPTIONS"}
ERROR_RE = re.compile(r'class="error"[^>]*>([^<]+)<')  # a form's messages, for the failure


def all_rows():
    rows = []
    folder = Path(__file__).parent
    for module in pkgutil.iter_modules([str(folder)]):
        if module.name.startswith("rows_"):
            rows.extend(importlib.import_module(f"{__package__}.{module.name}").ROWS)
    return rows


ROWS = all_rows()


def fields(world) -> dict:
    desa = factories.desa()
    values = {"org_a": world.org_a, "org_b": world.org_b, "desa": desa.id}
    values["kecamatan"] = desa.parent_id
    values["kind_a"] = db.session.get(Organisation, world.org_a).kind_id
    values.update({f"phone_{role}": phone for role, phone in world.phones.items()})
    values.update({f"user_{role}": uid for role, uid in world.ids.items()})
    values.update({f"membership_{role}": mid for role, mid in world.memberships.items()})
    return values


def test_every_route_has_a_row(tmp_path):
    app = make_app(tmp_path)
    adapter = app.url_map.bind("localhost")
    covered = set()
    for r in ROWS:
        path = r.path.split("?")[0].format_map(_Anything())
        try:
            rule, _ = adapter.match(path, method=r.method, return_rule=True)
        except (NotFound, MethodNotAllowed):
            pytest.fail(f"row {r.id()} matches no route")
        covered.add((rule.rule, r.method))
    missing = [
        f"{method} {rule.rule} ({rule.endpoint})"
        for rule in app.url_map.iter_rules()
        for method in sorted(rule.methods - SKIPPED_METHODS)
        if (rule.rule, method) not in covered
    ]
    assert not missing, "routes without a policy row:\n" + "\n".join(missing)


class _Anything(dict):
    def __missing__(self, key):
        return "1"


def prepared(tmp_path, policy_row, name: str):
    """A fresh app and world with the row's objects: (app, world, the path's fields)."""
    folder = tmp_path / name
    folder.mkdir()
    app = make_app(folder)
    with app.app_context():
        world = factories.world()
        values = fields(world)
        if policy_row.setup:
            values.update(policy_row.setup(world))
    return app, world, values


def form_for(app, world, values, policy_row, role) -> dict:
    """The row's data with its {fields} filled in; a callable (world, role) builds it."""
    if callable(policy_row.data):
        with app.app_context():
            return policy_row.data(world, role)
    return {k: str(v).format(**values) for k, v in policy_row.data.items()}


@pytest.mark.parametrize("policy_row", ROWS, ids=[r.id() for r in ROWS])
def test_policy(tmp_path, policy_row):
    """Each role in turn; after an allowed POST has changed things, the next role starts
    from a fresh world, so every allowed role is seen to succeed on the same state."""
    app, world, values = prepared(tmp_path, policy_row, "first")
    failures = []
    for role in ROLES:
        path = policy_row.path.format(**values)
        data = form_for(app, world, values, policy_row, role)
        client = app.test_client()
        if role != "anonymous":
            assert client.login(world.phones[role]).status_code == 303
        if policy_row.method == "GET":
            response = client.get(path)
        else:
            response = client.open(
                path, method=policy_row.method, data={**data, "csrf_token": client.csrf_token()}
            )
        outcome = classify(response, policy_row.status_for(role))
        if outcome != policy_row.expect[role]:
            failures.append(
                f"{role}: expected {policy_row.expect[role]}"
                f" ({policy_row.status_for(role)} if ok), got {outcome} "
                f"({response.status_code} {response.location or ''}"
                f"{' '.join(ERROR_RE.findall(response.get_data(as_text=True)))})"
            )
        if outcome == OK and policy_row.effect:
            with app.app_context():
                if not policy_row.effect(world, role):
                    failures.append(f"{role}: {response.status_code}, but nothing changed")
        if outcome == OK and policy_row.method != "GET":
            app, world, values = prepared(tmp_path, policy_row, f"after-{role}")
    assert not failures, f"{policy_row.id()}\n" + "\n".join(failures)


def classify(response, ok_status: int) -> str:
    code = response.status_code
    location = response.location or ""
    if code in (301, 302, 303) and "/masuk" in location and "next=" in location:
        return LOGIN
    if code == 403:
        return DENY
    if code == 404:
        return HIDDEN
    if code == ok_status:
        return OK
    return f"status {code}"
