"""Form pieces shared by every feature: the button-only form, phone, password and WIB
date-and-time fields."""

from datetime import datetime

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (
    DateField,
    DateTimeLocalField,
    HiddenField,
    PasswordField,
    SelectField,
    SelectMultipleField,
    StringField,
)
from wtforms.validators import DataRequired, EqualTo, Length, StopValidation, ValidationError

from . import areas, passwords, phone
from .i18n import JAKARTA


class EmptyForm(FlaskForm):
    """For button-only POSTs, so they carry the CSRF token too."""


class SearchForm(FlaskForm):
    """A GET search form: shareable URLs, no CSRF."""

    class Meta:
        csrf = False


def max_length(limit: int) -> Length:
    """Length(max=...) with its message in Bahasa Indonesia (WTForms has no id catalogue)."""
    return Length(max=limit, message=_l("Maksimal %(max)d karakter."))


class _ChoiceMessage:
    """WTForms' own check that the value is one of the choices (filled before validation),
    with the message in Bahasa Indonesia (WTForms has no id catalogue)."""

    def __init__(self, *args, invalid=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.invalid_message = invalid or _l("Pilih dari daftar.")

    def pre_validate(self, form):
        try:
            super().pre_validate(form)
        except ValidationError as exc:
            raise StopValidation(self.invalid_message) from exc


class ChoiceField(_ChoiceMessage, SelectField):
    """A select whose value must be one of its choices."""


class MultipleChoiceField(_ChoiceMessage, SelectMultipleField):
    """Several values, each one of the choices."""


class FilterField(ChoiceField):
    """A filter of a GET search form, whose first choice ("") means "all": a value that is
    not among the choices (an old link, an edited address) falls back to it, not an error."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("default", "")
        super().__init__(*args, **kwargs)

    def pre_validate(self, form):
        try:
            super().pre_validate(form)
        except StopValidation:
            self.data = ""


class HomeAreaForm(FlaskForm):
    """Kecamatan, then the desa one lives in. The desa choices are those of the kecamatan
    sent (all of them, grouped by kecamatan, while none is chosen): fill_choices() once the
    kecamatan's value is known, before validating."""

    kecamatan = ChoiceField(_l("Kecamatan"), default="", invalid=_l("Pilih kecamatan dari daftar."))
    desa = ChoiceField(
        _l("Desa tempat tinggal"),
        validators=[DataRequired(_l("Pilih desa tempat tinggal Anda."))],
        default="",
        invalid=_l("Pilih desa dari daftar."),
    )

    def fill_choices(self) -> None:
        self.kecamatan.choices = areas.kecamatan_choices(_l("— Pilih kecamatan —"))
        known = {value for value, _label in self.kecamatan.choices}
        kecamatan = self.kecamatan.data if self.kecamatan.data in known else None
        self.desa.choices = areas.desa_choices(
            int(kecamatan) if kecamatan else None, _l("— Pilih desa —")
        )


def clean_text(value):
    """Trim, and drop control characters that have no place in a form field."""
    if value is None:
        return value
    return "".join(ch for ch in value if ch in "\n\t" or ord(ch) >= 32).strip()


class DayField(DateField):
    """A date input whose 'not a date' message is in the UI language."""

    def process_formdata(self, valuelist):
        try:
            super().process_formdata(valuelist)
        except ValueError as exc:
            raise ValueError(_l("Tanggal tidak dikenali. Pilih tanggal dari kalender.")) from exc


class BlankIsMissing:
    """An empty date input is 'missing' (InputRequired says so), not 'unreadable' too."""

    def process_formdata(self, valuelist):
        if valuelist and not "".join(valuelist).strip():
            self.data = None
            return
        super().process_formdata(valuelist)


class WibDateTimeField(BlankIsMissing, DateTimeLocalField):
    """<input type=datetime-local> read as Western Indonesian Time; .data is aware."""

    def __init__(self, label=None, validators=None, **kwargs):
        kwargs.setdefault(
            "invalid_value_message", _l("Tanggal dan jam tidak dikenali. Contoh: 25-09-2026 09.00.")
        )
        super().__init__(
            label, validators, format=["%Y-%m-%dT%H:%M", "%Y-%m-%dT%H:%M:%S"], **kwargs
        )

    def process_formdata(self, valuelist):
        super().process_formdata(valuelist)
        if isinstance(self.data, datetime) and self.data.tzinfo is None:
            self.data = self.data.replace(tzinfo=JAKARTA)

    def process_data(self, value):
        self.data = value.astimezone(JAKARTA) if isinstance(value, datetime) else value


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


class NewPasswordForm(FlaskForm):
    """A one-time link's page: the token it came with and a new password, twice."""

    token = HiddenField()
    password = new_password_field(_l("Kata sandi baru"))
    confirm = PasswordField(
        _l("Ulangi kata sandi"),
        validators=[EqualTo("password", _l("Kedua kata sandi tidak sama."))],
        render_kw={"autocomplete": "new-password"},
    )

    person = None  # whose password it is, for the password checks

    def validate_password(self, field):
        check_new_password(
            self,
            field,
            phone_value=self.person.phone if self.person else None,
            name=self.person.full_name if self.person else None,
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
