"""Every public page renders; the home page shows what needs attention per role."""


def test_public_pages_render(client):
    for path in ("/", "/masuk", "/daftar", "/privasi"):
        response = client.get(path)
        assert response.status_code == 200, path
        assert "Simpul" in response.get_data(as_text=True)


def test_coordinator_home_shows_pending_applicants(login_as):
    html = login_as("coordinator").get("/").get_data(as_text=True)
    assert "1 orang menunggu persetujuan Anda." in html


def test_pending_home_shows_status_only(login_as):
    client = login_as("pending")
    html = client.get("/").get_data(as_text=True)
    assert "menunggu" in html
    assert "Pendaftar baru" not in html
    assert client.get("/organisasi/pendaftar").status_code == 403
