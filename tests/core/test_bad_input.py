"""Input no database can hold answers 404, never 500: ids and page numbers out of range,
NUL bytes in a path."""

import pytest

from portal.web import IdConverter

HUGE = "99999999999999999999"
INT4_OVERFLOW = "2147483648"


def _int_routes(app):
    """Every GET route with an <int:> part, with its int parts filled with `value`."""
    for rule in app.url_map.iter_rules():
        if "GET" not in rule.methods:
            continue
        ints = [name for name, conv in rule._converters.items() if isinstance(conv, IdConverter)]
        if ints:
            yield rule, ints


@pytest.mark.parametrize("value", [HUGE, INT4_OVERFLOW])
def test_ids_out_of_range_are_not_found(app, login_as, value):
    client = login_as("admin")
    routes = list(_int_routes(app))
    assert len(routes) > 20
    for rule, ints in routes:
        path = rule.rule
        for name in ints:
            path = path.replace(f"<int:{name}>", value)
        path = path.replace("<bulan:month>", "2026-01").replace("<", "").replace(">", "")
        response = client.get(path)
        assert response.status_code == 404, (path, response.status_code)


@pytest.mark.parametrize(
    "path",
    [
        "/wilayah/desa?kecamatan=" + HUGE,
        "/admin/pengguna?page=" + HUGE * 5,
        "/admin/audit?page=" + HUGE,
        "/materi/?page=-" + HUGE,
    ],
)
def test_numbers_in_query_strings_out_of_range_are_ignored(login_as, path):
    assert login_as("admin").get(path).status_code == 200


def test_registering_for_an_organisation_out_of_range(client):
    assert client.get("/daftar?organisasi=" + HUGE).status_code == 200


def test_a_logger_asking_for_an_organisation_out_of_range_gets_their_own(login_as):
    response = login_as("member").get("/kegiatan/?organisasi=" + HUGE)
    assert response.status_code in (302, 303)


def test_marking_a_notice_out_of_range_read_changes_nothing(login_as):
    response = login_as("member").post_form("/akun/pemberitahuan/baca", {"notice": HUGE})
    assert response.status_code == 303


def test_nul_in_a_path_is_not_found(app, login_as):
    client = login_as("admin")
    paths = ["/materi/a%00b"]
    for rule in app.url_map.iter_rules():
        if "GET" in rule.methods and rule.arguments and not rule._converters.keys() - {"slug"}:
            paths.append(rule.rule.replace("<slug>", "a%00b"))
    for path in paths:
        assert client.get(path).status_code == 404, path


def test_a_10_mb_url_encoded_field_is_refused_before_it_is_read(app, client):
    body = b"login=0812&password=" + b"a" * (10 * 1024 * 1024)
    response = client.post("/masuk", data=body, content_type="application/x-www-form-urlencoded")
    assert response.status_code == 413
    assert app.config["MAX_FORM_MEMORY_SIZE"] == 500_000


def test_a_url_encoded_form_within_the_limit_is_read(login_as):
    client = login_as("member")
    note = "x" * 400_000  # far more than any form's field allows; still parsed, then refused
    response = client.post_form("/akun/pemberitahuan/baca", {"notice": "1", "pad": note})
    assert response.status_code == 303
