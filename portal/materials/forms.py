"""The material form (publish and edit), the library's search form, the small button forms."""

from urllib.parse import urlsplit

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField
from sqlalchemy import select
from wtforms import (
    BooleanField,
    HiddenField,
    RadioField,
    SelectField,
    SelectMultipleField,
    StringField,
    TextAreaField,
)
from wtforms.validators import AnyOf, DataRequired, Length, Optional, ValidationError
from wtforms.widgets import CheckboxInput, ListWidget

from ..extensions import db
from ..forms import FilterField, clean_text, max_length
from ..models import Organisation
from ..models.materials import AUDIENCE_ORGANISATIONS, AUDIENCES, KINDS
from ..security import managed_organisation_ids
from . import attachments
from .labels import AUDIENCE_LABELS, KIND_LABELS

OFFICE = "kantor"  # the owner choice for the office itself (organisation_id None)
ACTIONS = ("draft", "publish", "save")
BODY_MAX = 50_000


def _link_check(form, field):
    """http or https with a host; javascript:, data: and friends are refused."""
    value = field.data or ""
    parts = urlsplit(value)
    if (
        parts.scheme.lower() not in ("http", "https")
        or not parts.netloc
        or any(ch.isspace() or ord(ch) < 32 for ch in value)
    ):
        raise ValidationError(
            _l("Tautan harus alamat web lengkap yang diawali http:// atau https://.")
        )


class MultiCheckboxField(SelectMultipleField):
    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()


class MaterialForm(FlaskForm):
    title = StringField(
        _l("Judul"),
        validators=[
            DataRequired(_l("Judul wajib diisi.")),
            Length(max=200, message=_l("Judul maksimal 200 karakter.")),
        ],
        filters=[clean_text],
    )
    kind = SelectField(
        _l("Jenis materi"),
        choices=[(k, KIND_LABELS[k]) for k in KINDS],
        validators=[DataRequired(_l("Pilih jenis materi."))],
        invalid_choice_message=_l("Pilih jenis materi dari daftar."),
    )
    summary = TextAreaField(
        _l("Ringkasan"),
        validators=[
            DataRequired(_l("Ringkasan wajib diisi.")),
            Length(max=500, message=_l("Ringkasan maksimal 500 karakter.")),
        ],
        filters=[clean_text],
        description=_l("Satu atau dua kalimat: tampil di daftar materi dan hasil pencarian."),
        render_kw={"rows": 3, "maxlength": 500},
    )
    body = TextAreaField(
        _l("Isi (boleh dikosongkan)"),
        validators=[
            Optional(),
            Length(max=BODY_MAX, message=_l("Isi maksimal 50.000 karakter.")),
        ],
        filters=[clean_text],
        description=_l(
            "Format Markdown: **tebal**, *miring*, - daftar, ## judul bagian, [teks](https://…)."
        ),
        render_kw={"rows": 10},
    )
    attachment = FileField(
        _l("Lampiran (boleh dikosongkan)"),
        description=_l("Satu berkas PDF, DOCX, XLSX, PPTX, JPEG atau PNG; maksimal 20 MB."),
        render_kw={
            "accept": ".pdf,.docx,.xlsx,.pptx,.jpg,.jpeg,.png",
            "data-max-bytes": attachments.MAX_BYTES,
        },
    )
    remove_attachment = BooleanField(_l("Hapus lampiran yang sekarang"))
    link = StringField(
        _l("Atau tautan luar (boleh dikosongkan)"),
        validators=[
            Optional(),
            Length(max=500, message=_l("Tautan maksimal 500 karakter.")),
            _link_check,
        ],
        filters=[clean_text],
        description=_l("Misalnya video di YouTube. Diawali https://"),
        render_kw={"inputmode": "url", "placeholder": "https://"},
    )
    owner = SelectField(
        _l("Diterbitkan oleh"),
        validators=[DataRequired(_l("Pilih penerbit."))],
        invalid_choice_message=_l("Pilih penerbit dari daftar."),
    )
    audience = RadioField(
        _l("Siapa yang dapat membaca"),
        choices=[(a, AUDIENCE_LABELS[a]) for a in AUDIENCES],
        default=AUDIENCE_ORGANISATIONS,
        validators=[DataRequired(_l("Pilih siapa yang dapat membaca."))],
        invalid_choice_message=_l("Pilih siapa yang dapat membaca."),
    )
    organisations = MultiCheckboxField(
        _l("Organisasi yang dipilih"),
        invalid_choice_message=_l("Pilih organisasi dari daftar."),
    )
    submission_id = HiddenField()
    action = StringField(
        validators=[Optional(), AnyOf(ACTIONS, message=_l("Tombol tidak dikenali."))]
    )

    # Set by the view: the material being edited (None when new).
    material = None
    upload: attachments.Attachment | None = None

    def fill_choices(self, user) -> None:
        """Coordinators publish for the organisations they coordinate; the admin for any."""
        managed = managed_organisation_ids(user)
        stmt = select(Organisation).order_by(Organisation.name)
        if managed is not None:
            current = {o.id for o in self.material.organisations} if self.material else set()
            stmt = stmt.where(Organisation.id.in_(managed | current))
        organisations = list(db.session.scalars(stmt))
        owners = [o for o in organisations if managed is None or o.id in managed]
        self.owner.choices = [(str(o.id), o.name) for o in owners]
        if managed is None:
            self.owner.choices.insert(0, (OFFICE, _l("Dinas Sosial (kantor)")))
        self.organisations.choices = [(str(o.id), o.name) for o in organisations]
        if self.material is None and not self.is_submitted() and len(owners) == 1:
            # A coordinator of one organisation publishes for it: ticked already.
            self.organisations.data = [str(owners[0].id)]

    def load(self, material) -> None:
        """Fill the fields from a material, for the edit page."""
        self.material = material
        for name in ("title", "kind", "summary", "body", "audience"):
            getattr(self, name).data = getattr(material, name)
        self.link.data = material.link_url or ""
        self.owner.data = str(material.organisation_id) if material.organisation_id else OFFICE
        self.organisations.data = [str(o.id) for o in material.organisations]

    @property
    def owner_id(self) -> int | None:
        return None if self.owner.data == OFFICE else int(self.owner.data)

    @property
    def organisation_ids(self) -> list[int]:
        if self.audience.data != AUDIENCE_ORGANISATIONS:
            return []
        return [int(v) for v in self.organisations.data or []]

    def validate_organisations(self, field) -> None:
        if self.audience.data == AUDIENCE_ORGANISATIONS and not field.data:
            raise ValidationError(_l("Pilih minimal satu organisasi."))

    def validate_attachment(self, field) -> None:
        if not field.data:
            return
        try:
            self.upload = attachments.inspect(field.data.read())
        except attachments.ImageTooLarge as exc:
            raise ValidationError(
                _l(
                    "Gambar ini terlalu besar resolusinya: paling banyak %(limit)s megapiksel. "
                    "Perkecil gambarnya lalu unggah lagi.",
                    limit=exc.args[0] // 1_000_000,
                )
            ) from exc
        except attachments.AttachmentRejected as exc:
            raise ValidationError(
                _l("Isi berkas ini bukan PDF, DOCX, XLSX, PPTX, JPEG atau PNG. Pilih berkas lain.")
            ) from exc

    def validate(self, extra_validators=None) -> bool:
        ok = super().validate(extra_validators)
        keeps_file = bool(
            self.material and self.material.attachment_path and not self.remove_attachment.data
        )
        if self.link.data and (self.upload is not None or keeps_file):
            self.link.errors.append(
                _l(
                    "Pilih salah satu: lampiran atau tautan. "
                    "Hapus lampirannya atau kosongkan tautan."
                )
            )
            ok = False
        if not ok and self.upload is not None:
            # Browsers cannot refill a file input: say so, rather than lose it silently.
            self.attachment.errors.append(
                _l("Berkasnya sudah benar, tetapi perlu dipilih lagi setelah isian diperbaiki.")
            )
        return ok


class LibrarySearchForm(FlaskForm):
    """GET search of the library: shareable addresses, no CSRF."""

    class Meta:
        csrf = False

    q = StringField(
        _l("Cari materi"),
        validators=[Optional(), max_length(100)],
        filters=[clean_text],
        render_kw={"type": "search", "autocomplete": "off"},
    )
    jenis = FilterField(_l("Jenis"))
    dari = FilterField(_l("Penerbit"))

    def __init__(self, *args, publishers=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.jenis.choices = [("", _l("Semua"))] + [(k, KIND_LABELS[k]) for k in KINDS]
        self.dari.choices = [("", _l("Semua")), (OFFICE, _l("Dinas Sosial"))] + [
            (str(o.id), o.name) for o in publishers
        ]

    # After validation: a value among the choices, or "" (all).

    @property
    def kind(self) -> str | None:
        return self.jenis.data or None

    @property
    def owner(self) -> int | str | None:
        value = self.dari.data
        if value == OFFICE:
            return OFFICE
        return int(value) if value else None


class CompletionForm(FlaskForm):
    done = HiddenField(validators=[AnyOf(("1", "0"))])


class StatusForm(FlaskForm):
    action = HiddenField(validators=[AnyOf(("publish", "archive"))])
