"""Meeting forms: schedule and change, cancel, answer, check in, attendance, minutes, tasks."""

from datetime import datetime

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from sqlalchemy import select
from sqlalchemy.orm import joinedload
from wtforms import (
    DateField,
    DateTimeLocalField,
    HiddenField,
    SelectField,
    SelectMultipleField,
    StringField,
    TextAreaField,
)
from wtforms.validators import DataRequired, InputRequired, Length, Optional, ValidationError

from ..extensions import db
from ..forms import SearchForm, clean_text
from ..i18n import JAKARTA
from ..models import Area, Organisation
from ..models.meetings import ATTENDANCE, KINDS, RSVP_ANSWERS
from ..security import is_admin, managed_organisation_ids
from .labels import KIND_LABELS
from .services import MeetingPlan


def all_errors(form) -> str:
    """Every message of a button-only form, for the one line shown beside its buttons."""
    return " ".join(str(e) for errors in form.errors.values() for e in errors)


class _BlankIsMissing:
    """An empty date input is 'missing' (InputRequired says so), not 'unreadable' too."""

    def process_formdata(self, valuelist):
        if valuelist and not "".join(valuelist).strip():
            self.data = None
            return
        super().process_formdata(valuelist)


class DayField(_BlankIsMissing, DateField):
    pass


class WibDateTimeField(_BlankIsMissing, DateTimeLocalField):
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


def area_choices() -> dict[str, list[tuple[str, str]]]:
    """Kabupaten, its kecamatan, then the desa grouped by kecamatan: the level follows."""
    areas = db.session.scalars(
        select(Area).where(Area.is_active).options(joinedload(Area.parent)).order_by(Area.name)
    )
    groups: dict[str, list[tuple[str, str]]] = {str(_l("Kabupaten")): [], str(_l("Kecamatan")): []}
    desa: dict[str, list[tuple[str, str]]] = {}
    for area in areas:
        if area.level == "kabupaten":
            groups[str(_l("Kabupaten"))].append((str(area.id), area.name))
        elif area.level == "kecamatan":
            groups[str(_l("Kecamatan"))].append((str(area.id), area.name))
        elif area.parent is not None:
            key = _("Desa di Kecamatan %(name)s", name=area.parent.name)
            desa.setdefault(key, []).append((str(area.id), area.name))
    groups.update(sorted(desa.items()))
    return groups


class MeetingForm(FlaskForm):
    title = StringField(
        _l("Judul"),
        validators=[
            DataRequired(_l("Judul wajib diisi.")),
            Length(max=160, message=_l("Judul maksimal 160 karakter.")),
        ],
        filters=[clean_text],
    )
    kind = SelectField(
        _l("Jenis"), choices=[(k, v) for k, v in KIND_LABELS.items()], validate_choice=False
    )
    area = SelectField(
        _l("Tingkat dan wilayah"),
        validate_choice=False,
        description=_l("Kabupaten, kecamatan, atau desa: menentukan tingkat rapat."),
    )
    starts_at = WibDateTimeField(
        _l("Mulai (WIB)"), validators=[InputRequired(_l("Isi tanggal dan jam mulai."))]
    )
    ends_at = WibDateTimeField(
        _l("Selesai (WIB)"), validators=[InputRequired(_l("Isi tanggal dan jam selesai."))]
    )
    venue = StringField(
        _l("Tempat"),
        validators=[
            DataRequired(_l("Tempat wajib diisi.")),
            Length(max=200, message=_l("Tempat maksimal 200 karakter.")),
        ],
        filters=[clean_text],
        description=_l("Contoh: Aula Dinas Sosial, Manggar."),
    )
    agenda = TextAreaField(
        _l("Agenda (boleh dikosongkan)"),
        validators=[Optional(), Length(max=5000, message=_l("Agenda maksimal 5.000 karakter."))],
        filters=[clean_text],
        description=_l("Boleh memakai Markdown: baris yang diawali tanda - menjadi daftar."),
        render_kw={"rows": 4},
    )
    organisation = SelectField(_l("Penyelenggara"), validate_choice=False)
    organisations = SelectMultipleField(
        _l("Organisasi yang diundang"),
        validate_choice=False,
        description=_l("Semua anggota aktif diundang, juga yang bergabung sebelum rapat dimulai."),
    )
    change_note = StringField(
        _l("Keterangan perubahan untuk para undangan (boleh dikosongkan)"),
        validators=[Optional(), Length(max=300, message=_l("Keterangan maksimal 300 karakter."))],
        filters=[clean_text],
    )
    # The clashes the person saw and chose to accept (meeting ids), for the second submit.
    clash_ok = HiddenField()

    def fill_choices(self, user, current_ids=()) -> None:
        managed = managed_organisation_ids(user)
        stmt = select(Organisation).order_by(Organisation.name)
        organisers = list(
            db.session.scalars(
                stmt if managed is None else stmt.where(Organisation.id.in_(managed))
            )
        )
        invitable = set(managed or ()) | set(current_ids)
        invited = list(
            db.session.scalars(
                stmt if managed is None else stmt.where(Organisation.id.in_(invitable))
            )
        )
        self.organisation.choices = ([("", _("Dinas Sosial"))] if is_admin(user) else []) + [
            (str(o.id), o.name) for o in organisers
        ]
        self.organisations.choices = [(str(o.id), o.name) for o in invited]
        self.area.choices = area_choices()
        self._area = None

    def validate_kind(self, field):
        if field.data not in KINDS:
            raise ValidationError(_l("Pilih jenis rapat dari daftar."))

    def validate_area(self, field):
        area = db.session.get(Area, int(field.data)) if str(field.data or "").isdigit() else None
        if area is None or not area.is_active:
            raise ValidationError(_l("Pilih wilayah dari daftar."))
        self._area = area

    def validate_organisation(self, field):
        if str(field.data or "") not in {value for value, _label in self.organisation.choices}:
            raise ValidationError(_l("Pilih penyelenggara dari daftar."))

    def validate_organisations(self, field):
        allowed = {value for value, _label in self.organisations.choices}
        if not field.data:
            raise ValidationError(_l("Pilih paling sedikit satu organisasi yang diundang."))
        if not set(field.data) <= allowed:
            raise ValidationError(_l("Pilih organisasi dari daftar."))

    def plan(self) -> MeetingPlan:
        return MeetingPlan(
            title=self.title.data,
            kind=self.kind.data,
            level=self._area.level,
            area_id=self._area.id,
            starts_at=self.starts_at.data,
            ends_at=self.ends_at.data,
            venue=self.venue.data,
            agenda=self.agenda.data or "",
            organisation_id=int(self.organisation.data) if self.organisation.data else None,
            invited_ids=sorted(int(v) for v in self.organisations.data),
            change_note=self.change_note.data or None,
        )


class ClashCheckForm(SearchForm):
    """The fields of the meeting form that decide a clash, sent by htmx as a GET."""

    starts_at = WibDateTimeField()
    ends_at = WibDateTimeField()
    venue = StringField(filters=[clean_text])
    organisations = SelectMultipleField(validate_choice=False)
    meeting = HiddenField()  # the meeting being changed, which cannot clash with itself

    def organisation_ids(self) -> list[int]:
        return [int(v) for v in self.organisations.data or () if str(v).isdigit()]

    def meeting_id(self) -> int | None:
        return int(self.meeting.data) if str(self.meeting.data or "").isdigit() else None


class CancelForm(FlaskForm):
    reason = TextAreaField(
        _l("Alasan pembatalan (boleh dikosongkan)"),
        validators=[Optional(), Length(max=300, message=_l("Alasan maksimal 300 karakter."))],
        filters=[clean_text],
        render_kw={"rows": 2},
    )


class RsvpForm(FlaskForm):
    """Three buttons named 'answer' and an optional note."""

    answer = HiddenField()
    note = TextAreaField(
        _l("Catatan untuk penyelenggara (boleh dikosongkan)"),
        validators=[Optional(), Length(max=300, message=_l("Catatan maksimal 300 karakter."))],
        filters=[clean_text],
        render_kw={"rows": 2, "maxlength": 300},
    )
    next = HiddenField()

    def validate_answer(self, field):
        if field.data not in RSVP_ANSWERS:
            raise ValidationError(_l("Pilih hadir, tidak hadir, atau mungkin."))


class CheckinForm(FlaskForm):
    token = StringField(
        _l("Kode kehadiran"),
        validators=[DataRequired(_l("Masukkan kode kehadiran yang tampil di layar rapat."))],
        filters=[clean_text],
        render_kw={"autocomplete": "off", "autocapitalize": "characters", "maxlength": 20},
    )
    via = HiddenField()  # 'qr' when the page was opened from the QR code


class AttendanceForm(FlaskForm):
    status = HiddenField()

    def validate_status(self, field):
        if field.data not in ATTENDANCE:
            raise ValidationError(_l("Pilih hadir, izin, sakit, atau tidak hadir."))


class MinutesForm(FlaskForm):
    body = TextAreaField(
        _l("Notulen"),
        validators=[Optional(), Length(max=50000, message=_l("Notulen terlalu panjang."))],
        description=_l("Markdown: ## judul bagian, - daftar, **tebal**."),
        render_kw={"rows": 12},
    )
    decisions = TextAreaField(
        _l("Keputusan (boleh dikosongkan)"),
        validators=[Optional(), Length(max=20000, message=_l("Keputusan terlalu panjang."))],
        render_kw={"rows": 5},
    )


class ActionItemForm(FlaskForm):
    text = StringField(
        _l("Apa yang harus dikerjakan"),
        validators=[
            DataRequired(_l("Tulis apa yang harus dikerjakan.")),
            Length(max=300, message=_l("Maksimal 300 karakter.")),
        ],
        filters=[clean_text],
    )
    assignee = SelectField(_l("Penanggung jawab"), validate_choice=False)
    due_on = DayField(
        _l("Batas waktu"),
        validators=[InputRequired(_l("Isi batas waktunya."))],
        invalid_value_message=_l("Tanggal tidak dikenali."),
    )

    def validate_assignee(self, field):
        allowed = {value for group in self.assignee.choices.values() for value, _label in group}
        if field.data not in allowed:
            raise ValidationError(_l("Pilih penanggung jawab dari daftar."))
