"""Profile and password forms."""

from flask_babel import lazy_gettext as _l
from flask_login import current_user
from flask_wtf import FlaskForm
from sqlalchemy import func, select
from wtforms import BooleanField, HiddenField, PasswordField, SelectField, StringField
from wtforms.validators import DataRequired, Email, EqualTo, Optional, ValidationError

from .. import passwords
from ..extensions import db
from ..forms import (
    HomeAreaForm,
    check_new_password,
    clean_text,
    max_length,
    name_field,
    new_password_field,
)
from ..models import User


class ProfileForm(HomeAreaForm):
    full_name = name_field(_l("Nama lengkap"))
    email = StringField(
        _l("E-mail (boleh dikosongkan)"),
        validators=[Optional(), Email(_l("Alamat e-mail tidak valid.")), max_length(254)],
        filters=[clean_text, lambda v: v.lower() if v else None],
        render_kw={"autocomplete": "email", "inputmode": "email"},
    )
    listed = BooleanField(_l("Tampilkan saya di direktori publik relawan"))
    show_phone = BooleanField(_l("Tampilkan juga nomor HP saya di direktori"))
    locale = SelectField(
        _l("Bahasa"), choices=[("id", "Bahasa Indonesia"), ("en", "English")], default="id"
    )

    # Asked for only when the e-mail changes: a stolen session must not become a stolen
    # account (the e-mail is where a password reset goes).
    current_password = PasswordField(
        _l("Kata sandi sekarang (hanya bila mengganti e-mail)"),
        validators=[max_length(passwords.MAX_LENGTH)],
        render_kw={"autocomplete": "current-password"},
    )

    def validate_email(self, field):
        if field.data and db.session.scalar(
            select(User.id).where(func.lower(User.email) == field.data, User.id != current_user.id)
        ):
            raise ValidationError(_l("E-mail ini sudah dipakai akun lain."))

    def email_changes(self) -> bool:
        return (self.email.data or None) != (current_user.email or None)

    def validate_current_password(self, field):
        if not self.email_changes():
            return
        if not field.data:
            raise ValidationError(_l("Untuk mengganti e-mail, isi kata sandi Anda sekarang."))
        if not passwords.verify(current_user.password_hash, field.data):
            raise ValidationError(_l("Kata sandi sekarang salah."))


class PasswordChangeForm(FlaskForm):
    current = PasswordField(
        _l("Kata sandi sekarang"),
        validators=[DataRequired(_l("Isi kata sandi sekarang.")), max_length(passwords.MAX_LENGTH)],
        render_kw={"autocomplete": "current-password"},
    )
    new = new_password_field()
    confirm = PasswordField(
        _l("Ulangi kata sandi baru"),
        validators=[EqualTo("new", _l("Kedua kata sandi baru tidak sama."))],
        render_kw={"autocomplete": "new-password"},
    )

    def validate_current(self, field):
        if not passwords.verify(current_user.password_hash, field.data):
            raise ValidationError(_l("Kata sandi sekarang salah."))

    def validate_new(self, field):
        check_new_password(self, field, phone_value=current_user.phone, name=current_user.full_name)
        if field.data == self.current.data:
            raise ValidationError(_l("Kata sandi baru harus berbeda dari yang sekarang."))


class EmailCheckForm(FlaskForm):
    """The button on an e-mail check link's page; the link's token rides along."""

    token = HiddenField(validators=[DataRequired(), max_length(200)])
