"""Incident forms: open, call out, answer, shifts, posko code, situation report, close."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from sqlalchemy import select
from sqlalchemy.orm import selectinload
from wtforms import BooleanField, HiddenField, MultipleFileField, StringField, TextAreaField
from wtforms.validators import (
    DataRequired,
    InputRequired,
    Length,
    NumberRange,
    Optional,
    ValidationError,
)

from .. import areas, codes
from ..activities import photos as photo_rules
from ..activities.forms import CountField
from ..extensions import db
from ..forms import ChoiceField, MultipleChoiceField, WibDateTimeField, clean_text
from ..models import Area, IncidentKind, Membership, Organisation, OrganisationKind, User
from ..models.incidents import ANSWERS, COUNT_FIELDS
from ..models.organisations import ACTIVE
from ..security import is_admin
from ..security.incidents import TAGANA, tagana_organisations
from . import reports

# Belitung Timur holds about 130,000 people: a count above it is a typing mistake.
REGENCY_POPULATION = 130_000


def _by_id(model, value, *options):
    if not str(value or "").isdigit():
        return None
    return db.session.get(model, int(value), options=list(options) or None)


class IncidentForm(FlaskForm):
    organisation = ChoiceField(_l("Organisasi"), invalid=_l("Pilih organisasi Tagana Anda."))
    kind = ChoiceField(
        _l("Jenis kejadian"),
        validators=[DataRequired(_l("Pilih jenis kejadian dari daftar."))],
        invalid=_l("Pilih jenis kejadian dari daftar."),
    )
    desa = ChoiceField(
        _l("Desa"),
        validators=[DataRequired(_l("Pilih desa tempat kejadian."))],
        invalid=_l("Pilih desa tempat kejadian."),
    )
    began_at = WibDateTimeField(
        _l("Mulai terjadi (WIB)"), validators=[InputRequired(_l("Isi kapan kejadian mulai."))]
    )
    description = TextAreaField(
        _l("Keterangan singkat"),
        validators=[
            DataRequired(_l("Tulis keterangan singkat kejadian.")),
            Length(max=500, message=_l("Keterangan paling panjang 500 karakter.")),
        ],
        filters=[clean_text],
        render_kw={"rows": 3, "maxlength": 500},
        description=_l("Apa yang terjadi. Jangan tulis nama atau identitas korban."),
    )
    posko = StringField(
        _l("Lokasi posko"),
        validators=[
            DataRequired(_l("Isi lokasi posko.")),
            Length(max=200, message=_l("Lokasi posko paling panjang 200 karakter.")),
        ],
        filters=[clean_text],
    )
    is_public = BooleanField(_l("Tampilkan untuk semua anggota Simpul, bukan hanya yang dipanggil"))

    def fill_choices(self, user) -> None:
        if is_admin(user):
            orgs = db.session.scalars(
                select(Organisation)
                .join(OrganisationKind, OrganisationKind.id == Organisation.kind_id)
                .where(OrganisationKind.code == TAGANA)
                .order_by(Organisation.name)
            ).all()
        else:
            orgs = tagana_organisations(user)
        self.organisation.choices = [(str(o.id), o.name) for o in orgs]
        kinds = db.session.scalars(
            select(IncidentKind).where(IncidentKind.is_active).order_by(IncidentKind.position)
        )
        self.kind.choices = [("", _l("Pilih jenis"))] + [(str(k.id), k.name) for k in kinds]
        self.desa.choices = areas.desa_choices(None, _l("Pilih desa"))

    def chosen(self) -> dict:
        return {
            "organisation": _by_id(Organisation, self.organisation.data),
            "kind": _by_id(IncidentKind, self.kind.data),
            "desa": _by_id(Area, self.desa.data),
        }


class CalloutForm(FlaskForm):
    kecamatan = MultipleChoiceField(
        _l("Hanya anggota yang desanya di kecamatan"),
        invalid=_l("Pilih kecamatan dari daftar."),
        description=_l("Kosongkan untuk memanggil semua anggota organisasi."),
    )

    def fill_choices(self) -> None:
        self.kecamatan.choices = [(str(a.id), a.name) for a in areas.kecamatan_list()]

    def chosen(self) -> tuple[Area, ...]:
        ids = [int(v) for v in self.kecamatan.data or ()]
        return tuple(db.session.scalars(select(Area).where(Area.id.in_(ids)))) if ids else ()


class AnswerForm(FlaskForm):
    answer = HiddenField()
    next = HiddenField()

    def validate_answer(self, field):
        if field.data not in ANSWERS:
            raise ValidationError(_l("Pilih siap berangkat, tidak bisa, atau sudah di lokasi."))


class ShiftForm(FlaskForm):
    starts_at = WibDateTimeField(
        _l("Mulai (WIB)"), validators=[InputRequired(_l("Isi kapan piket mulai."))]
    )
    ends_at = WibDateTimeField(
        _l("Selesai (WIB)"), validators=[InputRequired(_l("Isi kapan piket selesai."))]
    )
    people_needed = CountField(
        _l("Jumlah orang yang dibutuhkan"),
        validators=[
            InputRequired(_l("Isi jumlah orang yang dibutuhkan.")),
            NumberRange(min=1, max=200, message=_l("Jumlah orang 1 sampai 200.")),
        ],
        default=2,
    )


class AssignForm(FlaskForm):
    person = ChoiceField(
        _l("Tugaskan anggota"),
        validators=[DataRequired(_l("Pilih anggota dari daftar."))],
        invalid=_l("Pilih anggota dari daftar."),
    )

    def fill_choices(self, organisation_id: int) -> None:
        people = db.session.execute(
            select(User.id, User.full_name)
            .join(Membership, Membership.user_id == User.id)
            .where(Membership.organisation_id == organisation_id, Membership.status == ACTIVE)
            .order_by(User.full_name)
            .limit(1000)
        )
        self.person.choices = [("", _l("Pilih anggota"))] + [(str(i), n) for i, n in people]

    def chosen(self) -> User | None:
        """The person, with the memberships that say whether they may serve here."""
        return _by_id(User, self.person.data, selectinload(User.memberships))


class CodeForm(FlaskForm):
    code = StringField(
        _l("Kode posko"),
        validators=[DataRequired(_l("Masukkan kode yang tampil di posko."))],
        filters=[codes.normalise_code],
        render_kw={"autocomplete": "off", "autocapitalize": "characters", "maxlength": 20},
    )


def _count_field(name):
    return CountField(
        reports.COUNT_LABELS[name],
        validators=[
            Optional(),
            NumberRange(
                min=0,
                max=REGENCY_POPULATION,
                message=_l("Isi angka 0 sampai %(max)s.", max="130.000"),
            ),
        ],
        default=0,
        render_kw={"inputmode": "numeric", "min": 0, "max": REGENCY_POPULATION},
    )


class ReportForm(FlaskForm):
    """Counts only. The template says so: no names or identities of the people affected."""

    kk_affected = _count_field("kk_affected")
    people_affected = _count_field("people_affected")
    displaced = _count_field("displaced")
    houses_light = _count_field("houses_light")
    houses_medium = _count_field("houses_medium")
    houses_heavy = _count_field("houses_heavy")
    injured = _count_field("injured")
    dead = _count_field("dead")
    missing = _count_field("missing")
    needs_logistics = BooleanField(reports.NEED_LABELS["needs_logistics"])
    needs_evacuation = BooleanField(reports.NEED_LABELS["needs_evacuation"])
    needs_kitchen = BooleanField(reports.NEED_LABELS["needs_kitchen"])
    note = TextAreaField(
        _l("Keadaan singkat (tanpa nama)"),
        validators=[
            Optional(),
            Length(max=1000, message=_l("Keadaan paling panjang 1000 karakter.")),
        ],
        filters=[clean_text],
        render_kw={"rows": 3, "maxlength": 1000},
        description=_l("Jumlah dan keadaan saja. Jangan tulis nama, NIK, atau alamat korban."),
    )
    photos = MultipleFileField(
        _l("Foto lokasi (paling banyak 3)"),
        render_kw={"accept": photo_rules.ACCEPT_ATTRIBUTE, "data-downscale": "1600"},
        description=_l("Data lokasi (GPS) dan EXIF dihapus dari foto."),
    )

    def counts(self) -> dict[str, int]:
        return {name: getattr(self, name).data or 0 for name in COUNT_FIELDS}

    def validate_people_affected(self, field):
        people = field.data or 0
        if (self.kk_affected.data or 0) > people and people:
            raise ValidationError(_l("Jumlah KK tidak mungkin lebih banyak dari jumlah jiwa."))
        if (self.displaced.data or 0) > people and people:
            raise ValidationError(_l("Pengungsi tidak mungkin lebih banyak dari jiwa terdampak."))

    def uploads(self) -> list:
        return [f for f in (self.photos.data or []) if f and f.filename]


class CloseForm(FlaskForm):
    note = TextAreaField(
        _l("Catatan penutupan (boleh dikosongkan)"),
        validators=[
            Optional(),
            Length(max=2000, message=_l("Catatan paling panjang 2000 karakter.")),
        ],
        filters=[clean_text],
        render_kw={"rows": 4, "maxlength": 2000},
        description=_l("Ringkasan penanganan. Jangan tulis nama atau identitas korban."),
    )
