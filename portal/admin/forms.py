"""Admin forms: organisations, coordinators, reference lists."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from sqlalchemy import select
from wtforms import BooleanField, FileField, SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, Email, Optional, Regexp

from ..extensions import db
from ..forms import ChoiceField, PhoneField, clean_text, max_length
from ..models import Area, Membership, OrganisationKind
from ..models.organisations import ACTIVE, ROLE_COORDINATOR

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
    """Name a coordinator: one of the organisation's active members who is not one yet."""

    membership = ChoiceField(
        _l("Anggota aktif"),
        validators=[DataRequired(REQUIRED)],
        invalid=_l("Hanya anggota aktif yang dapat dijadikan koordinator."),
    )

    def __init__(self, *args, memberships=(), **kwargs):
        super().__init__(*args, **kwargs)
        self._candidates = {
            str(m.id): m for m in memberships if m.status == ACTIVE and m.role != ROLE_COORDINATOR
        }
        self.membership.choices = [(v, m.user.full_name) for v, m in self._candidates.items()]

    def chosen(self) -> Membership:
        """After validation: the membership chosen."""
        return self._candidates[self.membership.data]


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
    # Empty: a type every kind of organisation can log (such as "Menghadiri rapat").
    kind = SelectField(_l("Jenis organisasi"), validators=[Optional()])
    name = StringField(
        _l("Nama kegiatan"),
        validators=[DataRequired(REQUIRED), max_length(120)],
        filters=[clean_text],
    )
    is_active = BooleanField(_l("Aktif"), default=True)

    def fill_choices(self):
        self.kind.choices = [("", _l("Semua jenis")), *_kind_choices()]


class AuditFilterForm(FlaskForm):
    class Meta:
        csrf = False

    aksi = SelectField(_l("Tindakan"), validators=[Optional()])

    def fill_choices(self):
        from .. import audit

        self.aksi.choices = audit.action_choices(_l("Semua tindakan"))


class UserSearchForm(FlaskForm):
    class Meta:
        csrf = False

    q = StringField(
        _l("Cari nama atau nomor HP"),
        validators=[Optional(), max_length(100)],
        filters=[clean_text],
    )


class LetterheadForm(FlaskForm):
    """The office's letterhead (kop surat) on every printout."""

    parent = StringField(
        _l("Baris pertama kop"),
        validators=[Optional(), max_length(160)],
        filters=[clean_text],
        description=_l("Contoh: Pemerintah Kabupaten Belitung Timur."),
    )
    name = StringField(
        _l("Nama kantor"),
        validators=[DataRequired(message=_l("Isi nama kantor.")), max_length(160)],
        filters=[clean_text],
    )
    address = StringField(
        _l("Alamat"), validators=[Optional(), max_length(300)], filters=[clean_text]
    )
    city = StringField(
        _l("Kota tempat surat ditandatangani"),
        validators=[DataRequired(message=_l("Isi kota, contoh: Manggar.")), max_length(80)],
        filters=[clean_text],
        description=_l("Dipakai pada baris tempat dan tanggal, contoh: Manggar, 2 Desember 2026."),
    )
    head_name = StringField(
        _l("Nama kepala kantor"), validators=[Optional(), max_length(120)], filters=[clean_text]
    )
    head_nip = StringField(
        _l("NIP kepala kantor"),
        validators=[
            Optional(),
            Regexp(
                r"^[0-9 ]{1,30}$",
                message=_l("NIP berisi angka saja, contoh: 19700101 199003 1 001."),
            ),
        ],
        filters=[clean_text],
    )
    logo = FileField(
        _l("Logo"),
        description=_l(
            "PNG, JPEG, GIF atau WebP, paling besar 2 MB. "
            "Kosongkan untuk tetap memakai logo sekarang."
        ),
        render_kw={"accept": "image/png,image/jpeg,image/gif,image/webp"},
    )
    remove_logo = BooleanField(_l("Hapus logo"))

    def logo_bytes(self) -> bytes | None:
        upload = self.logo.data
        if upload is None or not getattr(upload, "filename", ""):
            return None
        return upload.read()
