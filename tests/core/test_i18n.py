"""Bahasa Indonesia by default, English on request; dates and times as Indonesians write them."""

from datetime import UTC, date, datetime

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
