"""Publishing through the form: drafts, publishing, edits, archiving, and every bad input."""

import os

import pytest
from sqlalchemy import func, select

from portal.extensions import db
from portal.materials import attachments
from portal.models import AuditEvent, Material

from . import samples

FORM = "/materi/baru"


@pytest.fixture
def coordinator(login_as):
    return login_as("coordinator")


def form_data(world, **kw) -> dict:
    data = {
        "title": "SOP Evakuasi Banjir",
        "kind": "sop",
        "summary": "Langkah evakuasi warga saat banjir.",
        "body": "## Langkah\n\n1. Kumpulkan warga.",
        "link": "",
        "owner": str(world.org_a),
        "audience": "organisations",
        "organisations": [str(world.org_a)],
        "action": "publish",
    }
    data.update(kw)
    return data


def post(client, path, data):
    return client.post_form(path, data, token_from=FORM, content_type="multipart/form-data")


def nothing_saved(app) -> bool:
    with app.app_context():
        count = db.session.scalar(select(func.count()).select_from(Material))
        audits = db.session.scalar(
            select(func.count()).select_from(AuditEvent).where(AuditEvent.action.like("material%"))
        )
    folder = os.path.join(app.config["UPLOAD_FOLDER"], "materials")
    files = os.listdir(folder) if os.path.isdir(folder) else []
    return count == 0 and audits == 0 and files == []


def test_form_offers_only_the_coordinators_organisation(coordinator, world):
    html = coordinator.get(FORM).get_data(as_text=True)
    assert "Tagana Uji A" in html and "PSM Uji B" not in html
    assert "Dinas Sosial (kantor)" not in html
    assert 'enctype="multipart/form-data"' in html
    assert "maksimal 20 MB" in html


def test_publish_with_a_pdf(coordinator, world, app):
    data = form_data(world, attachment=samples.upload(samples.PDF, "sop.pdf"))
    response = post(coordinator, FORM, data)
    assert response.status_code == 303
    assert response.location.endswith("/materi/sop-evakuasi-banjir")
    html = coordinator.get(response.location).get_data(as_text=True)
    assert "Materi diterbitkan." in html and "Unduh PDF (1 KB)" in html
    with app.app_context():
        material = db.session.scalar(select(Material))
        assert material.status == "published" and material.attachment_type == "pdf"
        assert [o.id for o in material.organisations] == [world.org_a]


def test_save_as_draft_then_publish(coordinator, world, app, login_as):
    response = post(coordinator, FORM, form_data(world, action="draft"))
    assert response.status_code == 303
    slug = response.location.rsplit("/", 1)[1]
    assert "Draf: belum terbit" in coordinator.get(f"/materi/{slug}").get_data(as_text=True)
    assert login_as("member").get(f"/materi/{slug}").status_code == 404
    response = coordinator.post_form(f"/materi/{slug}/status", {"action": "publish"})
    assert response.status_code == 303
    assert login_as("member").get(f"/materi/{slug}").status_code == 200


def test_double_submit_makes_one_material(coordinator, world, app):
    data = form_data(world, submission_id="satu-kali")
    first = post(coordinator, FORM, data)
    second = post(coordinator, FORM, form_data(world, submission_id="satu-kali"))
    assert second.status_code == 303 and second.location == first.location
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(Material)) == 1


def test_another_coordinators_submission_id_is_refused_with_a_message(
    coordinator, login_as, world, app
):
    assert post(coordinator, FORM, form_data(world, submission_id="punya-orang")).status_code == 303
    other = login_as("other_coordinator")
    data = form_data(world, submission_id="punya-orang", owner=str(world.org_b))
    data["organisations"] = [str(world.org_b)]
    response = post(other, FORM, data)
    assert response.status_code == 422
    html = response.get_data(as_text=True)
    assert "Formulir ini sudah pernah dipakai. Periksa isiannya lalu kirim lagi." in html
    assert "punya-orang" not in html
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(Material)) == 1


def test_link_instead_of_a_file(coordinator, world, app):
    data = form_data(world, kind="video", link="https://www.youtube.com/watch?v=abc")
    response = post(coordinator, FORM, data)
    html = coordinator.get(response.location).get_data(as_text=True)
    assert 'href="https://www.youtube.com/watch?v=abc"' in html and "www.youtube.com" in html


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"link": "javascript:alert(1)"}, "link", "diawali http:// atau https://"),
        ({"link": "data:text/html;base64,PHNjcmlwdD4="}, "link", "diawali http:// atau https://"),
        ({"link": "https://"}, "link", "diawali http:// atau https://"),
        ({"link": "ftp://dinsos.example/sop.pdf"}, "link", "diawali http:// atau https://"),
        (
            {"attachment": samples.upload(b"MZ\x90\x00 program", "sop.pdf")},
            "attachment",
            "bukan PDF, DOCX, XLSX, PPTX, JPEG atau PNG",
        ),
        (
            {"attachment": samples.upload(b"<html><script>x</script>", "sop.docx")},
            "attachment",
            "bukan PDF, DOCX, XLSX, PPTX, JPEG atau PNG",
        ),
        (
            {"attachment": samples.upload(samples.PDF, "sop.pdf"), "link": "https://x.example"},
            "link",
            "Pilih salah satu: lampiran atau tautan",
        ),
        ({"title": ""}, "title", "Judul wajib diisi."),
        ({"title": "x" * 201}, "title", "Judul maksimal 200 karakter."),
        ({"summary": ""}, "summary", "Ringkasan wajib diisi."),
        ({"kind": "gosip"}, "kind", "Pilih jenis materi dari daftar."),
        ({"organisations": []}, "organisations", "Pilih minimal satu organisasi."),
        ({"audience": "semua-orang"}, "audience", "Pilih siapa yang dapat membaca."),
        ({"owner": "{org_b}"}, "owner", "Pilih penerbit dari daftar."),
        ({"organisations": ["{org_b}"]}, "organisations", "Pilih organisasi dari daftar."),
    ],
    ids=[
        "javascript-link",
        "data-link",
        "link-without-host",
        "ftp-link",
        "exe-named-pdf",
        "html-named-docx",
        "file-and-link",
        "no-title",
        "long-title",
        "no-summary",
        "unknown-kind",
        "no-organisation",
        "unknown-audience",
        "other-owner",
        "other-audience-organisation",
    ],
)
def test_bad_input_is_explained_and_nothing_is_saved(
    coordinator, world, app, changes, field, message
):
    changes = {name: _with_ids(value, world) for name, value in changes.items()}
    response = post(coordinator, FORM, form_data(world, **changes))
    assert response.status_code == 422
    html = response.get_data(as_text=True)
    error = html[html.index(f'id="{field}-err"') :]
    assert message in error[: error.index("</p>")]
    # What was typed is still there.
    if field != "summary":
        assert "Langkah evakuasi warga saat banjir." in html
    assert nothing_saved(app)


def _with_ids(value, world):
    """Fill "{org_b}" in a text or a list of texts; files pass unchanged."""
    if isinstance(value, str):
        return value.format(org_b=world.org_b)
    if isinstance(value, list):
        return [_with_ids(v, world) for v in value]
    return value


def test_valid_file_must_be_chosen_again_after_another_error(coordinator, world, app):
    data = form_data(world, title="", attachment=samples.upload(samples.PDF, "sop.pdf"))
    html = post(coordinator, FORM, data).get_data(as_text=True)
    assert "perlu dipilih lagi" in html
    assert nothing_saved(app)


def test_attachment_over_20_mb_gets_the_413_page(coordinator, world, app):
    big = b"%PDF-1.4\n" + b"0" * attachments.MAX_BYTES
    response = post(
        coordinator, FORM, form_data(world, attachment=samples.upload(big, "besar.pdf"))
    )
    assert response.status_code == 413
    html = response.get_data(as_text=True)
    assert "Berkas terlalu besar" in html and "paling besar 20 MB" in html
    assert nothing_saved(app)


def test_a_request_over_the_app_wide_limit_gets_the_413_page_too(tmp_path):
    from ..factories import world as make_world
    from ..helpers import make_app

    app = make_app(tmp_path, MAX_CONTENT_LENGTH=1024 * 1024)
    with app.app_context():
        world = make_world()
    client = app.test_client()
    client.login(world.phones["coordinator"])
    big = b"%PDF-1.4\n" + b"0" * (2 * 1024 * 1024)
    response = post(client, FORM, form_data(world, attachment=samples.upload(big, "besar.pdf")))
    assert response.status_code == 413
    assert "Berkas terlalu besar" in response.get_data(as_text=True)
    assert nothing_saved(app)


def test_attachment_of_exactly_20_mb_is_accepted(coordinator, world, app):
    exact = b"%PDF-1.4\n" + b"0" * (attachments.MAX_BYTES - 9)
    data = form_data(world, attachment=samples.upload(exact, "pas.pdf"))
    assert post(coordinator, FORM, data).status_code == 303
    with app.app_context():
        assert db.session.scalar(select(Material.attachment_size)) == attachments.MAX_BYTES


def test_edit_keeps_the_address_replaces_the_file_and_says_updated(coordinator, world, app):
    created = post(coordinator, FORM, form_data(world, attachment=samples.upload(samples.PDF, "a")))
    slug = created.location.rsplit("/", 1)[1]
    with app.app_context():
        material = db.session.scalar(select(Material))
        material.published_at = material.published_at.replace(year=2025)
        db.session.commit()
    edit = f"/materi/{slug}/ubah"
    html = coordinator.get(edit).get_data(as_text=True)
    assert 'value="SOP Evakuasi Banjir"' in html and "Lampiran PDF" in html
    data = form_data(
        world,
        title="SOP Evakuasi Banjir dan Longsor",
        action="save",
        attachment=samples.upload(samples.png_file(), "peta.png"),
    )
    response = post(coordinator, edit, data)
    assert response.status_code == 303 and response.location.endswith(f"/materi/{slug}")
    html = coordinator.get(response.location).get_data(as_text=True)
    assert "SOP Evakuasi Banjir dan Longsor" in html
    assert "Diperbarui" in html and "Unduh PNG" in html
    assert len(os.listdir(os.path.join(app.config["UPLOAD_FOLDER"], "materials"))) == 1


def test_edit_with_a_bad_link_changes_nothing(coordinator, world, app):
    slug = post(coordinator, FORM, form_data(world)).location.rsplit("/", 1)[1]
    response = post(
        coordinator, f"/materi/{slug}/ubah", form_data(world, title="Baru", link="javascript:x")
    )
    assert response.status_code == 422
    with app.app_context():
        assert db.session.scalar(select(Material.title)) == "SOP Evakuasi Banjir"


def test_archive_takes_it_out_of_the_library(coordinator, world, login_as):
    slug = post(coordinator, FORM, form_data(world)).location.rsplit("/", 1)[1]
    member = login_as("member")
    assert "SOP Evakuasi Banjir" in member.get("/materi/").get_data(as_text=True)
    response = coordinator.post_form(f"/materi/{slug}/status", {"action": "archive"})
    assert response.status_code == 303
    assert "Diarsipkan" in coordinator.get(f"/materi/{slug}").get_data(as_text=True)
    assert "SOP Evakuasi Banjir" not in member.get("/materi/").get_data(as_text=True)
    assert member.get(f"/materi/{slug}").status_code == 404
    html = coordinator.get("/materi/kelola?status=archived").get_data(as_text=True)
    assert "SOP Evakuasi Banjir" in html


def test_admin_publishes_for_the_office_to_all_members(login_as, world, app):
    admin = login_as("admin")
    data = form_data(world, owner="kantor", audience="members", organisations=[])
    response = post(admin, FORM, data)
    assert response.status_code == 303
    html = login_as("other_coordinator").get(response.location).get_data(as_text=True)
    assert "dari Dinas Sosial" in html
