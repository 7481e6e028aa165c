"""The letterhead (kop surat): the admin sets it, every printout shows it; a file that is
not an image, or is too big, is refused with a message and changes nothing."""

import io

from PIL import Image
from sqlalchemy import func, select

from portal.extensions import db
from portal.models import AuditEvent, OfficeLetterhead

FORM = {
    "parent": "Pemerintah Kabupaten Belitung Timur",
    "name": "Dinas Sosial, Pemberdayaan Perempuan dan Perlindungan Anak",
    "address": "Jl. Kampung Baru No. 1, Manggar",
    "city": "Manggar",
    "head_name": "Drs. Kepala Dinas",
    "head_nip": "19700101 199003 1 001",
}


def _png(size=(900, 600)) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", size, (20, 90, 160)).save(out, "PNG")
    return out.getvalue()


def _post(client, logo: bytes | None, name="logo.png"):
    data = dict(FORM)
    if logo is not None:
        data["logo"] = (io.BytesIO(logo), name)
    return client.post_form("/admin/kop-surat", data, content_type="multipart/form-data")


def test_the_admin_sets_the_letterhead_and_printouts_show_it(app, world, login_as):
    admin = login_as("admin")
    assert admin.get("/admin/kop-surat").status_code == 200
    response = _post(admin, _png())
    assert response.status_code == 303
    with app.app_context():
        row = db.session.scalar(select(OfficeLetterhead))
        with Image.open(io.BytesIO(row.logo_png)) as logo:
            assert logo.format == "PNG" and max(logo.size) == 400  # shrunk for print
        assert (
            db.session.scalar(
                select(func.count(AuditEvent.id)).where(AuditEvent.action == "letterhead.updated")
            )
            == 1
        )
    month_print = f"/laporan/{world.memberships['member']}/{_this_month()}/cetak"
    text = admin.get(month_print).get_data(as_text=True)
    assert "DINAS SOSIAL, PEMBERDAYAAN PEREMPUAN DAN PERLINDUNGAN ANAK" in text
    assert "Jl. Kampung Baru No. 1, Manggar" in text
    assert 'src="data:image/png;base64,' in text
    # Saving again without a file keeps the logo.
    assert _post(admin, None).status_code == 303
    with app.app_context():
        assert db.session.scalar(select(OfficeLetterhead.logo_png)) is not None


def test_a_file_that_is_not_an_image_is_refused(app, world, login_as):
    admin = login_as("admin")
    response = _post(admin, b"%PDF-1.4 bukan gambar", name="logo.png")
    assert response.status_code == 422
    assert "bukan gambar" in response.get_data(as_text=True)
    with app.app_context():
        assert db.session.scalar(select(func.count(OfficeLetterhead.id))) == 0


def test_a_huge_logo_is_refused(app, world, login_as):
    admin = login_as("admin")
    huge = _png() + b"\0" * (2 * 1024 * 1024)
    response = _post(admin, huge)
    assert response.status_code == 422
    assert "terlalu besar" in response.get_data(as_text=True)
    with app.app_context():
        assert db.session.scalar(select(func.count(OfficeLetterhead.id))) == 0


def test_a_missing_city_is_refused(app, world, login_as):
    admin = login_as("admin")
    response = admin.post_form("/admin/kop-surat", {**FORM, "city": ""})
    assert response.status_code == 422
    assert "Isi kota" in response.get_data(as_text=True)


def _this_month():
    from portal import months

    return months.to_param(months.current())
