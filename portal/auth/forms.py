"""Log-in and registration forms; credential checks live in the form, not the view."""

import re

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from sqlalchemy import func, select
from wtforms import BooleanField, HiddenField, PasswordField, StringField
from wtforms.validators import DataRequired, Email, Length, Optional, ValidationError

from .. import passwords, phone
from ..extensions import db
from ..forms import (
    ChoiceField,
    HomeAreaForm,
    NewPasswordForm,
    PhoneField,
    check_new_password,
    clean_text,
    max_length,
    name_field,
    new_password_field,
)
from ..models import Organisation, User


def find_user_by_login(login: str) -> User | None:
    """A phone number in any usual form, or an e-mail address."""
    login = (login or "").strip()
    if "@" in login:
        return db.session.scalar(select(User).where(func.lower(User.email) == login.lower()))
    try:
        e164 = phone.normalise(login)
    except phone.InvalidPhone:
        return None
    return db.session.scalar(select(User).where(User.phone == e164))


class LoginForm(FlaskForm):
    login = StringField(
        _l("Nomor HP atau e-mail"),
        validators=[DataRequired(_l("Isi nomor HP atau e-mail.")), max_length(254)],
        filters=[clean_text],
        render_kw={"autocomplete": "username"},
    )
    password = PasswordField(
        _l("Kata sandi"),
        validators=[DataRequired(_l("Isi kata sandi.")), max_length(passwords.MAX_LENGTH)],
        render_kw={"autocomplete": "current-password"},
    )
    next = HiddenField()

    user: User | None = None

    def validate(self, extra_validators=None) -> bool:
        if not super().validate(extra_validators):
            return False
        user = find_user_by_login(self.login.data)
        ok = passwords.verify(user.password_hash if user else None, self.password.data)
        if not ok or user is None:
            self.password.errors.append(_l("Nomor HP/e-mail atau kata sandi salah."))
            return False
        if not user.is_active:
            self.login.errors.append(
                _l("Akun ini dinonaktifkan. Hubungi Dinas Sosial bila ini keliru.")
            )
            return False
        self.user = user
        return True


class RegistrationForm(HomeAreaForm):
    full_name = name_field(_l("Nama lengkap"))
    phone = PhoneField(
        _l("Nomor HP"),
        validators=[DataRequired(_l("Nomor HP wajib diisi."))],
        description=_l("Untuk masuk ke Simpul. Contoh: 0812-3456-7890."),
    )
    email = StringField(
        _l("E-mail (boleh dikosongkan)"),
        validators=[Optional(), Email(_l("Alamat e-mail tidak valid.")), max_length(254)],
        filters=[clean_text, lambda v: v.lower() if v else None],
        render_kw={"autocomplete": "email", "inputmode": "email"},
    )
    password = new_password_field(_l("Kata sandi"))
    organisation = ChoiceField(
        _l("Organisasi yang ingin Anda ikuti"),
        validators=[DataRequired(_l("Pilih organisasi."))],
        default="",
        invalid=_l("Pilih organisasi dari daftar."),
    )
    member_number = StringField(
        _l("Nomor anggota (boleh dikosongkan)"),
        validators=[Optional(), max_length(40)],
        filters=[clean_text],
        description=_l("Untuk Tagana: NIA."),
    )
    grade = StringField(
        _l("Tingkatan/jenjang (boleh dikosongkan)"),
        validators=[Optional(), max_length(40)],
        filters=[clean_text],
        description=_l("Contoh untuk Tagana: Muda, Madya, Utama."),
    )
    consent = BooleanField(
        _l(
            "Saya sudah membaca pemberitahuan privasi dan setuju data saya "
            "diolah untuk keperluan itu."
        ),
        validators=[
            DataRequired(_l("Anda perlu menyetujui pemberitahuan privasi untuk mendaftar."))
        ],
    )
    # Random id of this form, so a double-tapped or resent form makes one account.
    submission_id = HiddenField(filters=[lambda v: v if v and _TOKEN_RE.fullmatch(v) else None])

    def fill_choices(self) -> None:
        super().fill_choices()
        listed = db.session.scalars(
            select(Organisation).where(Organisation.is_listed).order_by(Organisation.name)
        )
        self._organisations = {str(o.id): o for o in listed}
        self.organisation.choices = [("", _l("— Pilih organisasi —"))] + [
            (value, o.name) for value, o in self._organisations.items()
        ]

    def chosen_organisation(self) -> Organisation:
        """After validation: the listed organisation chosen."""
        return self._organisations[self.organisation.data]

    def validate_phone(self, field):
        if field.data and db.session.scalar(select(User.id).where(User.phone == field.data)):
            raise ValidationError(
                _l("Nomor HP ini sudah terdaftar. Silakan masuk, atau hubungi koordinator Anda.")
            )

    def validate_email(self, field):
        if field.data and db.session.scalar(
            select(User.id).where(func.lower(User.email) == field.data)
        ):
            raise ValidationError(_l("E-mail ini sudah terdaftar. Silakan masuk."))

    def validate_password(self, field):
        check_new_password(self, field, phone_value=self.phone.data, name=self.full_name.data)


_TOKEN_RE = re.compile(r"[A-Za-z0-9_-]{8,64}")


class ForgotPasswordForm(FlaskForm):
    email = StringField(
        _l("Alamat e-mail"),
        validators=[
            DataRequired(_l("Isi alamat e-mail Anda.")),
            Email(_l("Alamat e-mail tidak valid.")),
            Length(max=254, message=_l("Alamat e-mail terlalu panjang.")),
        ],
        filters=[lambda v: v.strip().lower() if v else v],
        render_kw={"autocomplete": "email", "inputmode": "email"},
    )


class ResetPasswordForm(NewPasswordForm):
    """A new password with a reset link."""
