"""Error pages in Bahasa Indonesia, never a stack trace."""

import pytest
from werkzeug.exceptions import InternalServerError

from ..helpers import make_app


@pytest.fixture
def error_app(tmp_path):
    app = make_app(tmp_path, MAX_CONTENT_LENGTH=1024, PROPAGATE_EXCEPTIONS=False)

    @app.route("/_boom")
    def boom():
        raise RuntimeError("secret internals: password=hunter2")

    return app


def test_404_page(client):
    response = client.get("/tidak-ada")
    assert response.status_code == 404
    assert "Halaman tidak ditemukan" in response.get_data(as_text=True)


def test_403_page(login_as):
    response = login_as("member").get("/admin/")
    assert response.status_code == 403
    assert "Akses ditolak" in response.get_data(as_text=True)


def test_pending_person_is_told_why(login_as):
    response = login_as("pending").get("/organisasi/pendaftar")
    assert response.status_code == 403


@pytest.mark.logs_errors
def test_500_page_hides_the_trace(error_app):
    response = error_app.test_client().get("/_boom")
    assert response.status_code == 500
    html = response.get_data(as_text=True)
    assert "Terjadi kesalahan" in html
    assert "Traceback" not in html and "hunter2" not in html and "RuntimeError" not in html


def test_413_page(error_app):
    client = error_app.test_client()
    token = client.csrf_token("/masuk")
    response = client.post("/masuk", data={"login": "x" * 5000, "csrf_token": token})
    assert response.status_code == 413
    assert "Berkas terlalu besar" in response.get_data(as_text=True)


@pytest.mark.logs_errors
def test_unhandled_http_exception_renders_page(error_app):
    @error_app.route("/_500")
    def fivehundred():
        raise InternalServerError()

    response = error_app.test_client().get("/_500")
    assert "Terjadi kesalahan" in response.get_data(as_text=True)
