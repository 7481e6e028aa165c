"""Form pieces shared by every feature: the button-only form, phone and password fields."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import PasswordField, StringField
from wtforms.validators import DataRequired, Length, StopValidation, ValidationError

from . import passwords, phone


class EmptyForm(FlaskForm):
    """For button-only POSTs, so they carry the CSRF token too."""


class SearchForm(FlaskForm):
    """A GET search form: shareable URLs, no CSRF."""

    class Meta:
        csrf = False


def max_length(limit: int) -> Length:
    """Length(max=...) with its message in Bahasa Indonesia (WTForms has no id catalogue)."""
    return Length(max=limit, message=_l("Maksimal %(max)d karakter."))


def clean_text(value):
    """Trim, and drop control characters that have no place in a form field."""
    if value is None:
        return value
    return "".join(ch for ch in value if ch in "\n\t" or ord(ch) >= 32).strip()


class PhoneField(StringField):
    """Accepts 08…, 8…, 62…, +62… with spaces or dashes; .data becomes E.164."""

    def __init__(self, label=None, validators=None, **kwargs):
        kwargs.setdefault("render_kw", {"inputmode": "tel", "autocomplete": "tel"})
        super().__init__(label, validators, **kwargs)

    def process_formdata(self, valuelist):
        self.raw = valuelist[0] if valuelist else ""
        self.data = self.raw.strip()

    def pre_validate(self, form):
        if not self.data:
            return
        try:
            self.data = phone.normalise(self.data)
        except phone.InvalidPhone as exc:
            self.data = self.raw
            raise StopValidation(
                _l("Nomor HP tidak dikenali. Contoh yang benar: 0812-3456-7890.")
            ) from exc

    def _value(self):
        if self.data and str(self.data).startswith("+62"):
            return phone.display(self.data)
        return self.data or ""


def new_password_field(label=None):
    return PasswordField(
        label or _l("Kata sandi baru"),
        validators=[DataRequired(_l("Kata sandi wajib diisi."))],
        render_kw={
            "autocomplete": "new-password",
            "minlength": passwords.MIN_LENGTH,
            "maxlength": passwords.MAX_LENGTH,
        },
        description=_l("Minimal 12 karakter. Kalimat pendek yang mudah Anda ingat lebih baik."),
    )


def check_new_password(form, field, *, phone_value=None, name=None):
    reason = passwords.problem(field.data or "", phone=phone_value, name=name)
    if reason:
        raise ValidationError(reason)


def name_field(label):
    return StringField(
        label,
        validators=[
            DataRequired(_l("Nama wajib diisi.")),
            Length(max=120, message=_l("Nama terlalu panjang (maksimal 120 karakter).")),
        ],
        filters=[clean_text],
        render_kw={"autocomplete": "name"},
    )
