"""The deletion request and the admin's confirmation."""

from flask_babel import lazy_gettext as _l
from flask_login import current_user
from flask_wtf import FlaskForm
from wtforms import BooleanField, PasswordField, TextAreaField
from wtforms.validators import DataRequired, Length, Optional, ValidationError

from .. import passwords
from ..forms import clean_text, max_length


class DeletionRequestForm(FlaskForm):
    reason = TextAreaField(
        _l("Alasan (boleh dikosongkan)"),
        validators=[Optional(), Length(max=500, message=_l("Alasan maksimal 500 karakter."))],
        filters=[clean_text],
        render_kw={"rows": 3, "maxlength": 500},
    )
    password = PasswordField(
        _l("Kata sandi Anda"),
        validators=[
            DataRequired(_l("Isi kata sandi untuk memastikan ini memang Anda.")),
            max_length(passwords.MAX_LENGTH),
        ],
        render_kw={"autocomplete": "current-password"},
    )
    confirm = BooleanField(
        _l("Saya mengerti: setelah admin memprosesnya, akun dan data pribadi saya dihapus."),
        validators=[DataRequired(_l("Centang kotak ini untuk mengirim permintaan."))],
    )

    def validate_password(self, field):
        if not passwords.verify(current_user.password_hash, field.data):
            raise ValidationError(_l("Kata sandi salah."))


class CompleteDeletionForm(FlaskForm):
    confirm = BooleanField(
        _l("Saya sudah memeriksa permintaan ini. Hapus data pribadi orang ini sekarang."),
        validators=[DataRequired(_l("Centang kotak ini untuk menghapus."))],
    )
