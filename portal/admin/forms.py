"""Admin forms: organisations, coordinators, reference lists."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from sqlalchemy import select
from wtforms import BooleanField, SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, Email, Optional, Regexp

from ..extensions import db
from ..forms import PhoneField, clean_text, max_length
from ..models import Area, OrganisationKind

REQUIRED = _l("Wajib diisi.")


def _kind_choices():
    kinds = db.session.scalars(select(OrganisationKind).order_by(OrganisationKind.name))
    return [(str(k.id), f"{k.name} ({k.code})") for k in kinds]


def _area_choices(levels=("kabupaten", "kecamatan", "desa")):
    rows = db.session.scalars(select(Area).where(Area.level.in_(levels)).order_by(Area.code))
    return [("", _l("— Tidak ada —"))] + [(str(a.id), f"{a.code} {a.name}") for a in rows]


class OrganisationForm(FlaskForm):
    name = StringField(
        _l("Nama organisasi"),
        validators=[DataRequired(REQUIRED), max_length(160)],
        filters=[clean_text],
    )
    short_name = StringField(
        _l("Singkatan"), validators=[Optional(), max_length(40)], filters=[clean_text]
    )
    kind = SelectField(_l("Jenis (PSKS)"), validators=[DataRequired(REQUIRED)])
    area = SelectField(_l("Wilayah kerja"), validators=[Optional()])
    description = TextAreaField(
        _l("Deskripsi publik"), validators=[Optional(), max_length(2000)], filters=[clean_text]
    )
    contact_phone = PhoneField(_l("Kontak telepon publik"), validators=[Optional()])
    contact_email = StringField(
        _l("Kontak e-mail publik"),
        validators=[Optional(), Email(_l("Alamat e-mail tidak valid."))],
        filters=[clean_text],
    )
    is_listed = BooleanField(_l("Tampil di daftar dan pendaftaran"), default=True)

    def fill_choices(self):
        self.kind.choices = _kind_choices()
        self.area.choices = _area_choices()


class CoordinatorForm(FlaskForm):
    membership = SelectField(
        _l("Anggota aktif"), validators=[DataRequired(REQUIRED)], validate_choice=False
    )


class CodeNameForm(FlaskForm):
    """PSKS kinds and PPKS categories."""

    code = StringField(
        _l("Kode"),
        validators=[
            DataRequired(REQUIRED),
            max_length(20),
            Regexp(r"^[A-Za-z0-9/._-]+$", message=_l("Kode hanya huruf, angka, / . _ -")),
        ],
        filters=[clean_text],
    )
    name = StringField(
        _l("Nama"), validators=[DataRequired(REQUIRED), max_length(120)], filters=[clean_text]
    )
    english = StringField(
        _l("Nama dalam bahasa Inggris"),
        validators=[Optional(), max_length(120)],
        filters=[clean_text],
    )
    is_active = BooleanField(_l("Aktif"), default=True)

    def fill_choices(self):
        pass


class AreaForm(FlaskForm):
    code = StringField(
        _l("Kode Kemendagri"),
        validators=[
            DataRequired(REQUIRED),
            max_length(20),
            Regexp(
                r"^\d{2}(\.\d{2}(\.\d{2}(\.\d{4})?)?)?$", message=_l("Format kode: 19.06.01.2001")
            ),
        ],
        filters=[clean_text],
    )
    name = StringField(
        _l("Nama"), validators=[DataRequired(REQUIRED), max_length(120)], filters=[clean_text]
    )
    level = SelectField(
        _l("Tingkat"),
        choices=[("kabupaten", "Kabupaten"), ("kecamatan", "Kecamatan"), ("desa", "Desa")],
    )
    parent = SelectField(_l("Induk"), validators=[Optional()])
    is_active = BooleanField(_l("Aktif"), default=True)

    def fill_choices(self):
        self.parent.choices = _area_choices(("kabupaten", "kecamatan"))


class ActivityTypeForm(FlaskForm):
    kind = SelectField(_l("Jenis organisasi"), validators=[DataRequired(REQUIRED)])
    name = StringField(
        _l("Nama kegiatan"),
        validators=[DataRequired(REQUIRED), max_length(120)],
        filters=[clean_text],
    )
    is_active = BooleanField(_l("Aktif"), default=True)

    def fill_choices(self):
        self.kind.choices = _kind_choices()


class UserSearchForm(FlaskForm):
    class Meta:
        csrf = False

    q = StringField(
        _l("Cari nama atau nomor HP"),
        validators=[Optional(), max_length(100)],
        filters=[clean_text],
    )
