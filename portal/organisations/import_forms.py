"""Member import upload, and the activation form an imported person fills in."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField, FileRequired
from wtforms import BooleanField
from wtforms.validators import DataRequired

from ..forms import NewPasswordForm


class ImportUploadForm(FlaskForm):
    file = FileField(
        _l("Berkas daftar anggota (.xlsx atau .csv)"),
        validators=[FileRequired(_l("Pilih berkas daftar anggota."))],
        render_kw={
            "accept": ".xlsx,.csv,application/vnd.openxmlformats-officedocument"
            ".spreadsheetml.sheet,text/csv"
        },
        description=_l("Paling banyak 5.000 baris dan 5 MB. Baris pertama berisi judul kolom."),
    )


class ActivationForm(NewPasswordForm):
    consent = BooleanField(
        _l(
            "Saya sudah membaca pemberitahuan privasi dan setuju data saya "
            "diolah untuk keperluan itu."
        ),
        validators=[DataRequired(_l("Anda perlu menyetujui pemberitahuan privasi."))],
    )
