"""The menu and the home panels: each feature declares its own, in its package."""

import re

LINK = re.compile(r"<a [^>]*>(.*?)</a>")


def _menu(html: str) -> list[str]:
    nav = html[html.index('aria-label="Menu utama"') : html.index("</nav>")]
    return [re.sub(r"<[^>]+>|\s+\d+$", "", a).strip() for a in LINK.findall(nav)]


def test_each_role_sees_its_menu(login_as):
    admin = _menu(login_as("admin").get("/").get_data(as_text=True))
    assert admin[0] == "Beranda"
    assert {"Pendaftar", "Admin", "Pemberitahuan", "Akun saya"} <= set(admin)
    member = _menu(login_as("member").get("/").get_data(as_text=True))
    assert member[0] == "Beranda" and member[-2:] == ["Pemberitahuan", "Akun saya"]
    assert "Admin" not in member and "Pendaftar" not in member


def test_home_panels_come_from_the_features_not_the_shell(app, login_as):
    modules = {panel.load.__module__ for panel in app.extensions["simpul_home"]}
    assert "portal.web" not in modules
    assert {"portal.main", "portal.organisations", "portal.activities.panels"} <= modules
    html = login_as("coordinator").get("/").get_data(as_text=True)
    assert "Pendaftar" in html  # the applicants panel, now the organisations feature's
