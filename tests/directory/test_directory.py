"""The public directory: who appears, what of them appears, search, htmx, limits."""

import re
from types import SimpleNamespace

import pytest
from sqlalchemy import select

from portal.extensions import db
from portal.models import Area, Membership, Organisation, User
from portal.models.organisations import ACTIVE, PENDING

from .. import factories
from ..helpers import make_app


def _desa(name: str) -> Area:
    return db.session.scalar(select(Area).where(Area.level == "desa", Area.name == name))


@pytest.fixture
def people(app, world):
    """Listed and unlisted people, and everything the directory must never show of them."""
    with app.app_context():
        org_a = db.session.get(Organisation, world.org_a)
        hidden_org = factories.organisation("Organisasi Tersembunyi", "LK3")
        hidden_org.is_listed = False
        siti = factories.member(
            org_a,
            "Siti Nurhaliza",
            home=_desa("Kelubi"),
            listed=True,
            show_phone=True,
            email="siti.rahasia@contoh.id",
        )
        siti_membership = db.session.scalar(select(Membership).where(Membership.user_id == siti.id))
        siti_membership.grade = "Madya"
        siti_membership.member_number = "NIA-777-RAHASIA"
        siti_membership.decision_note = "catatan internal koordinator"
        db.session.add(Membership(user_id=siti.id, organisation_id=hidden_org.id, status=ACTIVE))
        budi = factories.member(
            org_a, "Budi Santoso", home=_desa("Gantung"), listed=True, show_phone=False
        )
        unlisted = factories.member(org_a, "Rahasia Tidaktampil", listed=False, show_phone=True)
        pending = factories.member(org_a, "Tertunda Menunggu", status=PENDING, listed=True)
        deactivated = factories.member(
            org_a, "Nonaktif Dimatikan", listed=True, is_deactivated=True
        )
        only_hidden = factories.member(hidden_org, "Hanya Tersembunyi", listed=True)
        db.session.commit()
        return SimpleNamespace(
            siti_phone=siti.phone,
            budi_phone=budi.phone,
            unlisted_phone=unlisted.phone,
            names_never_shown=[
                unlisted.full_name,
                pending.full_name,
                deactivated.full_name,
                only_hidden.full_name,
            ],
            hidden_org="Organisasi Tersembunyi",
        )


def _text(response) -> str:
    return response.get_data(as_text=True)


def _digits_variants(e164: str) -> list[str]:
    national = "0" + e164[3:]
    return [e164, e164[1:], national, f"{national[:4]}-{national[4:8]}-{national[8:]}"]


PUBLIC_PATHS = [
    "/direktori/",
    "/direktori/?q=a",
    "/direktori/?organisasi={org_a}",
    "/direktori/organisasi",
    "/direktori/organisasi/{org_a}",
]


def test_public_pages_never_show_unlisted_people_hidden_phones_or_private_fields(
    client, world, people
):
    for template in PUBLIC_PATHS:
        path = template.format(org_a=world.org_a)
        for headers in ({}, {"HX-Request": "true"}):
            html = _text(client.get(path, headers=headers))
            for name in people.names_never_shown:
                assert name not in html, (path, name)
            for variant in _digits_variants(people.budi_phone) + _digits_variants(
                people.unlisted_phone
            ):
                assert variant not in html, (path, variant)
            for private in (
                "siti.rahasia@contoh.id",
                "NIA-777-RAHASIA",
                "catatan internal koordinator",
                people.hidden_org,
            ):
                assert private not in html, (path, private)


def test_listed_people_show_their_public_fields(client, people):
    html = _text(client.get("/direktori/"))
    assert "Siti Nurhaliza" in html and "Budi Santoso" in html
    assert "Tagana Uji A (Madya)" in html
    assert "Desa Kelubi, Kecamatan Manggar" in html
    # Siti chose to show her phone: a tap-to-call and a WhatsApp link.
    assert f'href="tel:{people.siti_phone}"' in html
    assert f"https://wa.me/{people.siti_phone[1:]}" in html
    # Every person card holds exactly: name, organisations, area, and maybe the phone.
    cards = re.findall(r'<li class="card person">(.*?)</li>', html, re.S)
    assert len(cards) == 2
    budi_card = next(c for c in cards if "Budi Santoso" in c)
    assert "tel:" not in budi_card and "wa.me" not in budi_card


def test_search_by_name_and_filters(client, world, people):
    def names(query: str) -> set[str]:
        html = _text(client.get(f"/direktori/?{query}"))
        return set(re.findall(r'<h2 class="h3">([^<]+)</h2>', html))

    assert names("q=siti") == {"Siti Nurhaliza"}
    assert names("q=NURHALIZA+siti") == {"Siti Nurhaliza"}
    assert names("q=%25") == set()  # a wildcard typed by the user is a plain character
    gantung = _text(client.get("/direktori/organisasi"))  # page renders the kecamatan list
    assert "Gantung" in gantung
    with client.application.app_context():
        kelubi = _desa("Kelubi").id
        gantung_kec = db.session.scalar(
            select(Area.id).where(Area.level == "kecamatan", Area.name == "Gantung")
        )
        psm_kind = db.session.get(Organisation, world.org_b).kind_id
        tagana_kind = db.session.get(Organisation, world.org_a).kind_id
    assert names(f"desa={kelubi}") == {"Siti Nurhaliza"}
    assert names(f"kecamatan={gantung_kec}") == {"Budi Santoso"}
    assert names(f"organisasi={world.org_a}") == {"Siti Nurhaliza", "Budi Santoso"}
    assert names(f"organisasi={world.org_b}") == set()
    assert names(f"jenis={tagana_kind}") == {"Siti Nurhaliza", "Budi Santoso"}
    assert names(f"jenis={psm_kind}") == set()
    assert names("desa=abc&kecamatan=-1&page=x") == {"Siti Nurhaliza", "Budi Santoso"}


def test_results_are_paginated_with_shareable_urls(app, client, world):
    with app.app_context():
        org_a = db.session.get(Organisation, world.org_a)
        for i in range(25):
            factories.member(org_a, f"Relawan Nomor {i:02d}", listed=True)
        db.session.commit()
    first = _text(client.get("/direktori/?q=relawan"))
    assert "25 relawan ditemukan." in first
    assert first.count('class="card person"') == 20
    assert "/direktori/?q=relawan&amp;page=2" in first
    second = _text(client.get("/direktori/?q=relawan&page=2"))
    assert second.count('class="card person"') == 5
    assert "Relawan Nomor 24" in second and "Relawan Nomor 00" not in second


def test_live_search_answers_htmx_with_a_fragment(client, people):
    response = client.get("/direktori/?q=siti", headers={"HX-Request": "true"})
    assert response.status_code == 200
    assert "HX-Request" in response.headers["Vary"]
    html = _text(response)
    assert "<html" not in html and "Siti Nurhaliza" in html
    boosted = client.get("/direktori/?q=siti", headers={"HX-Request": "true", "HX-Boosted": "true"})
    assert "<html" in _text(boosted)
    full = client.get("/direktori/?q=siti")
    assert "HX-Request" in full.headers["Vary"]
    assert 'hx-get="/direktori/"' in _text(full) and 'action="/direktori/"' in _text(full)


def test_a_query_of_5000_characters_gets_a_clear_message(client, people):
    message = "Kata pencarian terlalu panjang: paling banyak 100 karakter."
    response = client.get("/direktori/?q=" + "a" * 5000)
    assert response.status_code == 422
    assert message in _text(response)
    assert "Siti Nurhaliza" not in _text(response)
    fragment = client.get("/direktori/?q=" + "a" * 5000, headers={"HX-Request": "true"})
    assert fragment.status_code == 200  # htmx swaps only 2xx answers
    assert message in _text(fragment)
    organisations = client.get("/direktori/organisasi?q=" + "b" * 5000)
    assert organisations.status_code == 422 and message in _text(organisations)


def test_opting_out_on_the_profile_takes_effect_at_once(app, client, world, people):
    assert "Siti Nurhaliza" in _text(client.get("/direktori/"))
    with app.app_context():
        siti = db.session.scalar(select(User).where(User.full_name == "Siti Nurhaliza"))
        phone, desa_id, kec_id = siti.phone, siti.home_desa_id, siti.home_desa.parent_id
        email = siti.email or ""
    member = app.test_client()
    assert member.login(phone).status_code == 303
    form = {
        "full_name": "Siti Nurhaliza",
        "email": email,  # as the form shows it: unchanged, so no password is asked for
        "kecamatan": str(kec_id),
        "desa": str(desa_id),
        "locale": "id",
        "show_phone": "y",  # without "listed": the phone cannot be shown either
    }
    assert member.post_form("/akun/", form, token_from="/akun/").status_code == 303
    assert "Siti Nurhaliza" not in _text(client.get("/direktori/"))
    with app.app_context():
        assert db.session.scalar(select(User.show_phone).where(User.phone == phone)) is False
    response = client.get("/direktori/")
    assert response.headers["Cache-Control"] == "no-cache"


def test_directory_query_count_does_not_grow_with_the_results(app, client, world, count_queries):
    with app.app_context():
        org_a = db.session.get(Organisation, world.org_a)
        factories.member(org_a, "Satu Saja", listed=True, show_phone=True)
        db.session.commit()
    with count_queries() as few:
        assert client.get("/direktori/").status_code == 200
    with app.app_context():
        org_a = db.session.get(Organisation, world.org_a)
        org_b = db.session.get(Organisation, world.org_b)
        for i in range(19):
            person = factories.member(org_a, f"Banyak {i}", listed=True, show_phone=True)
            db.session.add(Membership(user_id=person.id, organisation_id=org_b.id, status=ACTIVE))
        db.session.commit()
    with count_queries() as many:
        assert "20 relawan ditemukan." in _text(client.get("/direktori/"))
    assert len(many) == len(few)
    # Filter lists (kinds, organisations, areas), the count, the page, its memberships.
    assert len(many) <= 7


def test_organisation_directory_and_page(app, client, world, people):
    html = _text(client.get("/direktori/organisasi"))
    assert "Tagana Uji A" in html and "PSM Uji B" in html
    assert people.hidden_org not in html
    # Tagana Uji A: world's member and coordinator, Siti, Budi, the unlisted and the
    # deactivated person are active; the pending applicants are not.
    assert "6 anggota aktif" in html
    page = _text(client.get(f"/direktori/organisasi/{world.org_a}"))
    assert "Tagana Uji A" in page
    assert "Lihat 2 relawan yang tampil di direktori" in page
    with app.app_context():
        hidden = db.session.scalar(
            select(Organisation.id).where(Organisation.name == people.hidden_org)
        )
    assert client.get(f"/direktori/organisasi/{hidden}").status_code == 404
    assert client.get("/direktori/organisasi/999999").status_code == 404
    assert "PSM Uji B" not in _text(client.get("/direktori/organisasi?q=tagana"))


def test_the_directory_is_rate_limited(tmp_path):
    app = make_app(tmp_path, RATELIMIT_ENABLED=True, RATELIMIT_PUBLIC="3 per minute")
    client = app.test_client()
    statuses = [client.get("/direktori/").status_code for _ in range(4)]
    assert statuses == [200, 200, 200, 429]
    assert "Terlalu banyak percobaan" in _text(client.get("/direktori/organisasi"))


def test_the_search_service_returns_public_fields_only(app, people):
    from dataclasses import fields

    from portal.directory import services

    with app.app_context():
        page = services.listed_members(services.MemberFilters(q="budi"))
    assert [f.name for f in fields(services.ListedMember)] == [
        "name",
        "phone",
        "desa",
        "kecamatan",
        "organisations",
    ]
    [budi] = page.items
    assert (budi.name, budi.phone, budi.desa, budi.kecamatan) == (
        "Budi Santoso",
        None,  # hidden: not even loaded from the database
        "Gantung",
        "Gantung",
    )
    assert budi.organisations == [("Tagana Uji A", None)]
