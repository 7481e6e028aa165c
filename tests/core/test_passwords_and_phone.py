"""Password rules and hashing parameters; phone parsing and display."""

import pytest

from portal import passwords, phone
from portal.config import Config


def test_production_hash_is_scrypt_n_2_17(ctx):
    assert Config.PASSWORD_HASH_METHOD == "scrypt:131072:8:1"
    ctx.config["PASSWORD_HASH_METHOD"] = Config.PASSWORD_HASH_METHOD
    hashed = passwords.hash_password("sebuah kalimat sandi panjang")
    assert hashed.startswith("scrypt:131072:8:1$")
    assert passwords.verify(hashed, "sebuah kalimat sandi panjang")
    assert not passwords.verify(hashed, "sebuah kalimat sandi panjanG")


@pytest.mark.parametrize(
    ("password", "reason"),
    [
        ("pendek", "minimal 12"),
        ("x" * 129, "maksimal 128"),
        ("123456789012", "terlalu umum"),
        ("bismillah123", "terlalu umum"),
        ("aaaaaaaaaaaaaaaa", "terlalu umum"),
        ("081234567890abc", "nomor HP"),
    ],
)
def test_bad_passwords_are_refused_with_a_reason(ctx, password, reason):
    assert reason in passwords.problem(password, phone="+6281234567890")


@pytest.mark.parametrize(
    "password",
    ["kuda lari di pantai", "Tagana#Beltim!", "a" * 6 + "b" * 6 + "cd", "ééé ñññ üüü xyz!"],
)
def test_long_uncommon_passwords_pass_without_composition_rules(ctx, password):
    assert passwords.problem(password) is None


def test_unknown_account_still_spends_a_hash(ctx):
    assert passwords.verify(None, "apa saja") is False


@pytest.mark.parametrize(
    "raw",
    [
        "081234567890",
        "81234567890",
        "6281234567890",
        "+6281234567890",
        "0812 3456 7890",
        "0812-3456-7890",
        "+62 812-3456-7890",
        " 0812.3456.7890 ",
    ],
)
def test_phone_forms_people_type(raw):
    assert phone.normalise(raw) == "+6281234567890"


@pytest.mark.parametrize(
    "raw", ["", "12345", "0812", "+1 202 555 0100", "abc", "0812345678901234567", "+62+812345678"]
)
def test_bad_phone_numbers(raw):
    with pytest.raises(phone.InvalidPhone):
        phone.normalise(raw)


def test_phone_display_and_mask():
    assert phone.display("+6281234567890") == "0812-3456-7890"
    assert phone.display("+628123456789") == "0812-3456-789"
    assert phone.masked("+6281234567890") == "+62812•••90"
    assert phone.wa_number("+6281234567890") == "6281234567890"
    assert phone.display("+62") == "+62"
