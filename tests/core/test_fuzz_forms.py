"""Over-long, binary or odd Unicode input never gives a 500 on registration and login."""

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ..helpers import make_app

odd_text = st.one_of(
    st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=300),
    st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=50),
    st.binary(max_size=200).map(lambda b: b.decode("latin-1")),
    st.sampled_from(
        [
            "\x00",
            "\ud7ff\ufeff",
            "‮0812",
            "０８１２３４５６７８９０",
            "𝟎𝟖𝟏𝟐",
            "x" * 10_000,
            "' OR 1=1 --",
            "<script>alert(1)</script>",
            "+62+62",
            "%00",
            "\r\n\r\n",
        ]
    ),
)


def expected(data: dict) -> set[int]:
    """A NUL byte is refused at the door (400); anything else is a form answer."""
    if any("\x00" in value for value in data.values()):
        return {400}
    return {303, 422}


@pytest.fixture(scope="module")
def fuzz_app(tmp_path_factory):
    app = make_app(tmp_path_factory.mktemp("fuzz"))
    with app.app_context():
        from portal.extensions import db

        from .. import factories

        factories.world()
        db.session.commit()
    return app


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    name=odd_text,
    phone=odd_text,
    email=odd_text,
    password=odd_text,
    desa=odd_text,
    organisation=odd_text,
    member_number=odd_text,
)
def test_registration_never_500(
    fuzz_app, name, phone, email, password, desa, organisation, member_number
):
    client = fuzz_app.test_client()
    data = {
        "full_name": name,
        "phone": phone,
        "email": email,
        "password": password,
        "kecamatan": desa,
        "desa": desa,
        "organisation": organisation,
        "member_number": member_number,
        "grade": member_number,
        "consent": "y",
        "submission_id": name[:60],
    }
    response = client.post_form("/daftar", data)
    assert response.status_code in expected(data), response.status_code


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(login=odd_text, password=odd_text, next_url=odd_text)
def test_login_never_500(fuzz_app, login, password, next_url):
    client = fuzz_app.test_client()
    data = {"login": login, "password": password, "next": next_url}
    response = client.post_form("/masuk", data)
    assert response.status_code in expected(data), response.status_code


def test_invalid_utf8_bytes_get_a_clear_400(fuzz_app):
    """Werkzeug drops a body that is not UTF-8, so the CSRF check refuses it politely."""
    client = fuzz_app.test_client()
    token = client.csrf_token("/masuk")
    body = b"login=\xff\xfe\xfd&password=\xc3\x28&csrf_token=" + token.encode()
    response = client.post("/masuk", data=body, content_type="application/x-www-form-urlencoded")
    assert response.status_code == 400
    assert "Permintaan tidak dapat diproses" in response.get_data(as_text=True)
