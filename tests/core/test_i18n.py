"""Bahasa Indonesia by default, English on request; dates and times as Indonesians write them."""

from datetime import UTC, date, datetime

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from portal import i18n


def test_dates_and_times_in_indonesian(req):
    assert i18n.long_date(date(2019, 9, 23)) == "Senin, 23 September 2019"
    # 02.30 UTC is 09.30 in Jakarta.
    assert i18n.time_wib(datetime(2019, 9, 23, 2, 30, tzinfo=UTC)) == "09.30 WIB"
    assert i18n.datetime_wib(datetime(2019, 9, 22, 20, 0, tzinfo=UTC)) == (
        "Senin, 23 September 2019, 03.00 WIB"
    )
    assert i18n.rupiah(200000) == "Rp200.000"


def test_switch_to_english_and_back(client):
    assert "Masuk ke Simpul" in client.get("/masuk").get_data(as_text=True)
    response = client.post_form("/bahasa", {"lang": "en", "next": "/masuk"})
    assert response.location == "/masuk"
    html = client.get("/masuk").get_data(as_text=True)
    assert '<html lang="en">' in html and "Log in to Simpul" in html
    client.post_form("/bahasa", {"lang": "id"})
    assert "Masuk ke Simpul" in client.get("/masuk").get_data(as_text=True)


def test_english_dates(req):
    from flask import session

    session["lang"] = "en"
    from flask_babel import refresh

    refresh()
    assert i18n.long_date(date(2019, 9, 23)) == "Monday, 23 September 2019"


def test_unknown_language_is_ignored(client):
    client.post_form("/bahasa", {"lang": "xx"})
    assert "Masuk ke Simpul" in client.get("/masuk").get_data(as_text=True)


@pytest.mark.parametrize("lang", ["id", "en"])
def test_numbers_are_written_as_babel_writes_them(req, lang):
    """number() writes whole numbers and one-decimal figures (hours) itself, for speed;
    they must read exactly as babel's format_decimal, in both languages."""
    from babel.numbers import format_decimal
    from flask import session
    from flask_babel import get_locale, refresh

    session["lang"] = lang
    refresh()

    @settings(max_examples=150, deadline=None, suppress_health_check=list(HealthCheck))
    @given(
        st.one_of(
            st.integers(min_value=-(10**12), max_value=10**12),
            st.integers(min_value=0, max_value=10**7).map(lambda n: round(n / 60, 1)),
            st.floats(min_value=-1e6, max_value=1e6, allow_nan=False).map(lambda f: round(f, 1)),
            st.floats(min_value=0, max_value=1e4, allow_nan=False),
        )
    )
    def same(value):
        assert i18n.number(value) == format_decimal(value, locale=get_locale())

    same()
    assert i18n.number(1234.5) == ("1.234,5" if lang == "id" else "1,234.5")
