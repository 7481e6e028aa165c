"""The activity form: what was done, where, how long, for how many; and up to 3 photos."""

import re
import secrets
from datetime import date

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (
    Field,
    HiddenField,
    IntegerField,
    MultipleFileField,
    StringField,
    TextAreaField,
)
from wtforms.validators import (
    DataRequired,
    InputRequired,
    Length,
    NumberRange,
    Optional,
    Regexp,
    ValidationError,
)
from wtforms.widgets import CheckboxInput, ListWidget

from .. import areas
from ..forms import ChoiceField, DayField, MultipleChoiceField, clean_text
from ..i18n import today_wib
from . import choices, services
from . import photos as photo_rules

SUBMISSION_ID = re.compile(r"^[A-Za-z0-9_-]{16,64}$")


class CountField(IntegerField):
    """A whole number, typed on the phone's number pad."""

    def __init__(self, label=None, validators=None, **kwargs):
        kwargs.setdefault("render_kw", {"inputmode": "numeric", "min": 0})
        super().__init__(label, validators, **kwargs)

    def process_formdata(self, valuelist):
        try:
            super().process_formdata(valuelist)
        except ValueError as exc:
            raise ValueError(_l("Isi dengan angka bulat.")) from exc


class IdListField(Field):
    """Several ids sent under one name (held photos, photos to remove); the template renders it."""

    def process_formdata(self, valuelist):
        self.data = [int(v) for v in valuelist if str(v).isdigit()]

    def _value(self):
        return ""


def _not_negative(what):
    return NumberRange(min=0, message=_l("%(what)s tidak boleh negatif.", what=what))


class ActivityForm(FlaskForm):
    organisation = ChoiceField(_l("Organisasi"), invalid=_l("Pilih organisasi dari daftar."))
    done_on = DayField(
        _l("Tanggal kegiatan"),
        validators=[InputRequired(_l("Isi tanggal kegiatan."))],
        default=today_wib,
    )
    activity_type = ChoiceField(
        _l("Jenis kegiatan"),
        validators=[DataRequired(_l("Pilih jenis kegiatan."))],
        invalid=_l("Pilih jenis kegiatan dari daftar."),
    )
    desa = ChoiceField(
        _l("Desa tempat kegiatan"),
        validators=[DataRequired(_l("Pilih desa tempat kegiatan."))],
        invalid=_l("Pilih desa dari daftar."),
    )
    # Empty, not "0": a person would have to delete the zero before typing.
    hours = CountField(_l("Jam"), validators=[Optional(), _not_negative(_l("Jam"))])
    minutes = CountField(
        _l("Menit"),
        validators=[
            Optional(),
            _not_negative(_l("Menit")),
            NumberRange(max=59, message=_l("Menit paling banyak 59; sisanya tulis di jam.")),
        ],
    )
    people_served = CountField(
        _l("Jumlah orang yang dilayani"),
        validators=[
            InputRequired(_l("Isi jumlah orang yang dilayani (0 bila tidak ada).")),
            _not_negative(_l("Jumlah orang")),
            NumberRange(max=100_000, message=_l("Jumlah terlalu besar.")),
        ],
        default=0,
        description=_l("Jumlahnya saja, tanpa nama."),
    )
    ppks = MultipleChoiceField(
        _l("Kategori PPKS yang dilayani (boleh lebih dari satu, boleh kosong)"),
        coerce=int,
        invalid=_l("Pilih kategori PPKS dari daftar."),
        widget=ListWidget(prefix_label=False),
        option_widget=CheckboxInput(),
    )
    title = StringField(
        _l("Judul singkat"),
        validators=[
            DataRequired(_l("Isi judul singkat kegiatan.")),
            Length(max=120, message=_l("Judul paling panjang 120 karakter.")),
        ],
        filters=[clean_text],
        description=_l("Contoh: Penyuluhan siaga banjir di balai desa."),
    )
    description = TextAreaField(
        _l("Uraian (boleh dikosongkan)"),
        validators=[
            Optional(),
            Length(max=2000, message=_l("Uraian paling panjang 2000 karakter.")),
        ],
        filters=[clean_text],
        render_kw={"rows": 4},
        description=_l("Apa yang dikerjakan dan hasilnya."),
    )
    photos = MultipleFileField(
        _l("Foto (paling banyak 3)"),
        render_kw={"accept": photo_rules.ACCEPT_ATTRIBUTE, "data-downscale": "1600"},
        description=_l("JPEG, PNG, atau WebP, paling besar 10 MB per foto."),
    )
    held = IdListField()
    remove_photos = IdListField()

    def __init__(self, *args, memberships=(), existing_photos=(), held_photos=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.memberships = list(memberships)
        self.existing_photos = list(existing_photos)
        self.held_photos = list(held_photos)
        self.processed = []  # ProcessedPhoto of the valid new uploads, once processed
        self._loaded = {}  # the objects behind the choices, by field name and value

    # Choices depend on the organisation chosen.

    def chosen_membership(self):
        wanted = str(self.organisation.data or "")
        return next(
            (m for m in self.memberships if str(m.organisation_id) == wanted),
            self.memberships[0] if self.memberships else None,
        )

    def fill_choices(self, *, types_only: bool = False) -> None:
        """Every field's choices; with types_only the organisation's activity types alone
        (the htmx answer when another organisation is picked: no desa or PPKS lists)."""
        membership = self.chosen_membership()
        self.organisation.choices = [
            (str(m.organisation_id), m.organisation.name) for m in self.memberships
        ]
        if membership is not None:
            self.organisation.data = str(membership.organisation_id)
            types = choices.activity_types_for(membership.organisation)
        else:
            types = []
        self.activity_type.choices = [("", _l("— Pilih jenis kegiatan —"))] + [
            (str(t.id), t.name) for t in types
        ]
        if types_only:
            self._loaded = {"activity_type": {str(t.id): t for t in types}}
            return
        groups = areas.desa_by_kecamatan()
        self.desa.choices = areas.desa_choices(None, _l("— Pilih desa —"), groups)
        categories = choices.ppks_choices()
        self.ppks.choices = [(c.id, c.name) for c in categories]
        self._loaded = {
            "activity_type": {str(t.id): t for t in types},
            "desa": {str(d.id): d for _kec, desa in groups for d in desa},
            "ppks": {c.id: c for c in categories},
        }
        self.done_on.render_kw = {"max": today_wib().isoformat()}

    # Field rules with their messages beside the field.

    def validate_done_on(self, field):
        if field.data and field.data > today_wib():
            raise ValidationError(_l("Tanggal kegiatan tidak boleh setelah hari ini."))
        if field.data and field.data < date(2000, 1, 1):
            raise ValidationError(_l("Tanggal kegiatan terlalu lama."))

    def validate(self, extra_validators=None) -> bool:
        valid = super().validate(extra_validators)
        # Hours and minutes are checked together, even when both are left empty.
        if not (self.hours.errors or self.minutes.errors):
            total = self.duration_minutes()
            if total < 1:
                self.hours.errors = [_l("Isi lama kegiatan: paling sedikit 1 menit.")]
            elif total > services.MAX_MINUTES:
                self.hours.errors = [_l("Lama kegiatan paling lama 24 jam.")]
        return valid and not self.hours.errors

    def uploads(self) -> list:
        """The files chosen in the photo field (the service reads and processes them)."""
        return [f for f in (self.photos.data or []) if f and f.filename]

    def validate_photos(self, field):
        # Counted before any upload is processed; the service checks the same limit.
        kept = [p for p in self.existing_photos if p.id not in set(self.remove_photos.data or [])]
        try:
            services.check_photo_count(len(kept) + len(self.held_photos) + len(self.uploads()))
        except services.ActivityError as exc:
            raise ValidationError(str(exc)) from exc

    def duration_minutes(self) -> int:
        return (self.hours.data or 0) * 60 + (self.minutes.data or 0)

    def set_duration(self, minutes: int) -> None:
        self.hours.data, self.minutes.data = divmod(minutes, 60)

    def to_input(self) -> services.ActivityInput:
        """The validated values, as the objects the choices were made of."""
        loaded = self._loaded
        return services.ActivityInput(
            membership=self.chosen_membership(),
            done_on=self.done_on.data,
            activity_type=loaded["activity_type"][self.activity_type.data],
            desa=loaded["desa"][self.desa.data],
            duration_minutes=self.duration_minutes(),
            people_served=self.people_served.data,
            title=self.title.data,
            description=self.description.data or "",
            ppks=[loaded["ppks"][i] for i in self.ppks.data or []],
        )

    def add_error(self, error: services.ActivityError) -> None:
        """A rule the service refused, shown beside the field it concerns (or the form)."""
        target = getattr(self, error.field, None) if error.field else None
        if target is not None:
            target.errors = [*target.errors, str(error)]
        else:
            self.form_errors.append(str(error))


class NewActivityForm(ActivityForm):
    """A new activity: the form page hands out a submission id, so that the same form sent
    twice makes one activity; a form sent without it is refused, not stored without one."""

    submission_id = HiddenField(
        validators=[
            Regexp(
                SUBMISSION_ID,
                message=_l("Formulir ini tidak lengkap. Periksa isiannya lalu kirim lagi."),
            )
        ]
    )

    def ensure_submission_id(self) -> None:
        """A fresh id for the form shown, unless it already carries a valid one."""
        if not SUBMISSION_ID.match(self.submission_id.data or ""):
            self.submission_id.data = secrets.token_urlsafe(16)
