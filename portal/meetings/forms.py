"""Meeting forms: schedule and change, cancel, answer, check in, attendance, minutes, tasks."""

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from sqlalchemy import select
from sqlalchemy.orm import joinedload
from wtforms import (
    DateField,
    HiddenField,
    SelectMultipleField,
    StringField,
    TextAreaField,
)
from wtforms.validators import DataRequired, InputRequired, Length, Optional, ValidationError

from .. import codes
from ..extensions import db
from ..forms import (
    BlankIsMissing,
    ChoiceField,
    MultipleChoiceField,
    SearchForm,
    WibDateTimeField,
    clean_text,
)
from ..models import Area, Organisation
from ..models.meetings import ATTENDANCE, RSVP_ANSWERS
from ..security import is_admin, managed_organisation_ids
from .labels import KIND_LABELS
from .services import MeetingPlan


def all_errors(form) -> str:
    """Every message of a button-only form, for the one line shown beside its buttons."""
    return " ".join(str(e) for errors in form.errors.values() for e in errors)


class DayField(BlankIsMissing, DateField):
    pass


def area_choices(areas) -> dict[str, list[tuple[str, str]]]:
    """Kabupaten, its kecamatan, then the desa grouped by kecamatan: the level follows."""
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
    kind = ChoiceField(
        _l("Jenis"),
        choices=[(k, v) for k, v in KIND_LABELS.items()],
        invalid=_l("Pilih jenis rapat dari daftar."),
    )
    area = ChoiceField(
        _l("Tingkat dan wilayah"),
        invalid=_l("Pilih wilayah dari daftar."),
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
    organisation = ChoiceField(
        _l("Penyelenggara"), default="", invalid=_l("Pilih penyelenggara dari daftar.")
    )
    organisations = MultipleChoiceField(
        _l("Organisasi yang diundang"),
        invalid=_l("Pilih organisasi dari daftar."),
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
        areas = db.session.scalars(
            select(Area).where(Area.is_active).options(joinedload(Area.parent)).order_by(Area.name)
        ).all()
        self._areas = {str(a.id): a for a in areas}
        self.area.choices = area_choices(areas)

    def validate_organisations(self, field):
        # Each one among the choices is WTForms' check; at least one is this form's rule.
        if not field.data:
            raise ValidationError(_l("Pilih paling sedikit satu organisasi yang diundang."))

    def plan(self) -> MeetingPlan:
        """The validated values; the area as the object its choice was made of."""
        area = self._areas[self.area.data]
        return MeetingPlan(
            title=self.title.data,
            kind=self.kind.data,
            level=area.level,
            area_id=area.id,
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
        # What people type ('k7qf-2m9a ') becomes the code itself ('K7QF2M9A').
        filters=[codes.normalise_code],
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
    assignee = ChoiceField(
        _l("Penanggung jawab"), invalid=_l("Pilih penanggung jawab dari daftar.")
    )
    due_on = DayField(
        _l("Batas waktu"),
        validators=[InputRequired(_l("Isi batas waktunya."))],
        invalid_value_message=_l("Tanggal tidak dikenali."),
    )

    def __init__(self, *args, assignees=((), ()), **kwargs):
        """assignees: the meeting's invited organisations and invitees (minutes.assignees)."""
        super().__init__(*args, **kwargs)
        organisations, people = assignees
        self._assignees = {f"org:{o.id}": o for o in organisations}
        self._assignees.update({f"user:{u.id}": u for u in people})
        self.assignee.choices = {
            _("Organisasi"): [(f"org:{o.id}", o.name) for o in organisations],
            _("Peserta"): [(f"user:{u.id}", u.full_name) for u in people],
        }

    def chosen_assignee(self):
        """After validation: the organisation or person chosen."""
        return self._assignees[self.assignee.data]
