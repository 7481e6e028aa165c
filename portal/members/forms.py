"""Member import upload, and the activation form an imported person fills in."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField, FileRequired
from wtforms import BooleanField, HiddenField, PasswordField
from wtforms.validators import DataRequired, EqualTo

from ..forms import check_new_password, new_password_field


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


class ActivationForm(FlaskForm):
    token = HiddenField()
    password = new_password_field(_l("Kata sandi baru"))
    confirm = PasswordField(
        _l("Ulangi kata sandi"),
        validators=[EqualTo("password", _l("Kedua kata sandi tidak sama."))],
        render_kw={"autocomplete": "new-password"},
    )
    consent = BooleanField(
        _l(
            "Saya sudah membaca pemberitahuan privasi dan setuju data saya "
            "diolah untuk keperluan itu."
        ),
        validators=[DataRequired(_l("Anda perlu menyetujui pemberitahuan privasi."))],
    )

    person = None  # the account being activated, for the password checks

    def validate_password(self, field):
        check_new_password(
            self,
            field,
            phone_value=self.person.phone if self.person else None,
            name=self.person.full_name if self.person else None,
        )
