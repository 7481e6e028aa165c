"""Forms of the report pages: the coordinator's review, and the export."""

from datetime import timedelta

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import HiddenField, RadioField, StringField, TextAreaField
from wtforms.validators import AnyOf, DataRequired, Length, Optional

from .. import months
from ..forms import ChoiceField, DayField, clean_text
from ..i18n import today_wib
from .services import REVIEW_ACTIONS

MAX_EXPORT_DAYS = 366


class ReviewForm(FlaskForm):
    action = HiddenField(validators=[DataRequired(), AnyOf(list(REVIEW_ACTIONS))])
    note = TextAreaField(
        _l("Catatan untuk anggota"),
        validators=[
            Optional(),
            Length(max=1000, message=_l("Catatan paling panjang 1000 karakter.")),
        ],
        filters=[clean_text],
        render_kw={"rows": 3, "maxlength": 1000},
        description=_l("Wajib bila laporan dikembalikan: tulis apa yang perlu diperbaiki."),
    )

    def validate(self, extra_validators=None) -> bool:
        valid = super().validate(extra_validators)
        # Checked here, not in validate_note: Optional() ends the chain on an empty note.
        if self.action.data == "return" and not self.note.data:
            self.note.errors = [_l("Tulis catatan: apa yang perlu diperbaiki anggota.")]
            return False
        return valid


class ExportForm(FlaskForm):
    organisation = ChoiceField(_l("Organisasi"), invalid=_l("Pilih organisasi dari daftar."))
    period = RadioField(
        _l("Periode"),
        choices=[("month", _l("Satu bulan")), ("range", _l("Rentang tanggal"))],
        default="month",
    )
    month = StringField(
        _l("Bulan"),
        render_kw={"type": "month", "placeholder": "2026-01"},
        description=_l("Tahun-bulan, contoh: 2026-01."),
    )
    start = DayField(_l("Dari tanggal"), validators=[Optional()])
    end = DayField(_l("Sampai tanggal"), validators=[Optional()])
    format = RadioField(
        _l("Format"),
        choices=[
            ("xlsx", _l("XLSX: kegiatan, dan ringkasan per anggota")),
            ("csv", _l("CSV: kegiatan")),
            ("csv-summary", _l("CSV: ringkasan per anggota")),
        ],
        default="xlsx",
    )

    def fill_choices(self, organisations, allow_all: bool) -> None:
        choices = [("", _l("Semua organisasi"))] if allow_all else []
        self.organisation.choices = choices + [(str(o.id), o.name) for o in organisations]
        self.organisation_ids = {str(o.id) for o in organisations}
        self.allow_all = allow_all

    def validate(self, extra_validators=None) -> bool:
        valid = super().validate(extra_validators)
        # Which fields are required depends on the period, so they are checked together.
        if self.period.data == "range":
            problem = self._range_problem()
            if problem:
                self.end.errors = [*self.end.errors, problem]
        else:
            month = months.parse(self.month.data)
            if month is None:
                self.month.errors = [_l("Isi bulan, contoh: 2026-01.")]
            elif month > months.current():
                self.month.errors = [months.NOT_YET]
        return valid and not (self.end.errors or self.month.errors)

    def _range_problem(self):
        start, end = self.start.data, self.end.data
        if self.start.errors or self.end.errors:
            return None
        if start is None or end is None:
            return _l("Isi tanggal awal dan akhir.")
        if end < start:
            return _l("Tanggal akhir sebelum tanggal awal.")
        if end - start > timedelta(days=MAX_EXPORT_DAYS - 1):
            return _l("Rentang paling panjang satu tahun (366 hari).")
        if start > today_wib():
            return _l("Tanggal awal setelah hari ini.")
        return None

    def dates(self):
        if self.period.data == "range":
            return self.start.data, self.end.data
        month = months.parse(self.month.data)
        return month, months.last_day(month)
