"""Every route × every role → the expected status. A route without a row fails."""

import importlib
import pkgutil
from pathlib import Path

import pytest
from werkzeug.exceptions import MethodNotAllowed, NotFound

from .. import factories
from ..conftest import make_app
from .table import DENY, HIDDEN, LOGIN, OK, ROLES

SKIPPED_METHODS = {"HEAD", "OPTIONS"}


def all_rows():
    rows = []
    folder = Path(__file__).parent
    for module in pkgutil.iter_modules([str(folder)]):
        if module.name.startswith("rows_"):
            rows.extend(importlib.import_module(f"{__package__}.{module.name}").ROWS)
    return rows


ROWS = all_rows()


def fields(world) -> dict:
    values = {"org_a": world.org_a, "org_b": world.org_b}
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


@pytest.mark.parametrize("policy_row", ROWS, ids=[r.id() for r in ROWS])
def test_policy(tmp_path, policy_row):
    app = make_app(tmp_path)
    with app.app_context():
        world = factories.world()
        values = fields(world)
        if policy_row.setup:
            values.update(policy_row.setup(world))
    path = policy_row.path.format(**values)
    data = {k: str(v).format(**values) for k, v in policy_row.data.items()}
    failures = []
    for role in ROLES:
        client = app.test_client()
        if role != "anonymous":
            assert client.login(world.phones[role]).status_code == 303
        if policy_row.method == "GET":
            response = client.get(path)
        else:
            response = client.open(
                path, method=policy_row.method, data={**data, "csrf_token": client.csrf_token()}
            )
        outcome = classify(response)
        if outcome != policy_row.expect[role]:
            failures.append(
                f"{role}: expected {policy_row.expect[role]}, got {outcome} "
                f"({response.status_code} {response.location or ''})"
            )
    assert not failures, f"{policy_row.id()}\n" + "\n".join(failures)


def classify(response) -> str:
    code = response.status_code
    if (
        code in (301, 302, 303)
        and "/masuk" in (response.location or "")
        and "next=" in (response.location or "")
    ):
        return LOGIN
    if code == 403:
        return DENY
    if code == 404:
        return HIDDEN
    if code in (401, 405) or code >= 500:
        return f"status {code}"
    return OK
