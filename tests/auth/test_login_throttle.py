"""Failed logins are counted per account as well as per address (ASVS 2.2.1), without a
stranger locking the owner out for long, and without one address behind a NAT locking
out the other accounts used from it."""

import pytest

from .. import factories
from ..helpers import csrf_in, make_app

WRONG = "salah salah salah"


@pytest.fixture
def limited(tmp_path):
    """The production limits, switched on."""
    app = make_app(tmp_path, RATELIMIT_ENABLED=True)
    with app.app_context():
        from portal.extensions import db

        people = {name: factories.user(f"Pengguna {name}") for name in ("owner", "other")}
        admin = factories.user("Admin Batas", is_admin=True)
        db.session.commit()
        app.phones = {name: u.phone for name, u in people.items()} | {"admin": admin.phone}
    return app


def login_from(app, address, number, password=factories.PASSWORD, client=None):
    """Log in as a browser at `address` would."""
    client = client or app.test_client()
    where = {"REMOTE_ADDR": address}
    token = csrf_in(client.get("/masuk", environ_base=where).get_data(as_text=True))
    data = {"login": number, "password": password, "csrf_token": token}
    return client.post("/masuk", data=data, environ_base=where)


def test_one_account_tried_from_many_addresses_is_slowed(limited):
    owner = limited.phones["owner"]
    codes = [login_from(limited, f"10.0.0.{i}", owner, WRONG).status_code for i in range(5)]
    assert codes == [422] * 5
    # A sixth address, even with the right password: the account waits, and is told so.
    response = login_from(limited, "10.0.0.99", owner)
    assert response.status_code == 429
    html = response.get_data(as_text=True)
    assert "Terlalu banyak percobaan masuk yang salah untuk akun ini. Tunggu 1 menit" in html
    # The same number typed another way is the same account.
    spaced = "0" + owner.removeprefix("+62")[:3] + " " + owner.removeprefix("+62")[3:]
    assert login_from(limited, "10.0.0.98", spaced).status_code == 429


def test_the_owners_own_browser_still_gets_in(limited):
    owner = limited.phones["owner"]
    browser = limited.test_client()
    assert login_from(limited, "10.1.1.1", owner, client=browser).status_code == 303
    browser.post_form("/keluar", {}, token_from="/")
    for i in range(6):
        login_from(limited, f"10.0.0.{i}", owner, WRONG)
    assert login_from(limited, "10.0.0.50", owner).status_code == 429  # a stranger's browser
    assert login_from(limited, "10.1.1.1", owner, client=browser).status_code == 303


def test_a_stranger_makes_the_owner_wait_minutes_not_hours(limited):
    owner = limited.phones["owner"]
    for i in range(40):
        login_from(limited, f"10.2.{i}.1", owner, WRONG)
    response = login_from(limited, "10.3.0.1", owner)
    assert response.status_code == 429  # the right password is refused too, for now
    minutes = int(response.get_data(as_text=True).split("Tunggu ")[1].split(" menit")[0])
    assert 1 <= minutes <= 15  # at most the 15-minute window, never hours


def test_one_address_behind_a_nat_does_not_lock_out_other_accounts(limited):
    nat = "192.0.2.7"
    other = limited.phones["other"]
    for _ in range(12):
        login_from(limited, nat, other, WRONG)
    assert login_from(limited, nat, other, WRONG).status_code == 429
    assert login_from(limited, nat, limited.phones["owner"]).status_code == 303
    assert login_from(limited, nat, limited.phones["admin"]).status_code == 303


def test_right_passwords_do_not_count(limited):
    owner = limited.phones["owner"]
    for _ in range(12):
        assert login_from(limited, "198.51.100.1", owner).status_code == 303
