"""The notification settings form and the admin's delivery filter."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import widgets

from ..forms import FilterField, MultipleChoiceField
from ..models.notifications import EMAIL, FAILED, PUSH, QUEUED, SENT
from . import preferences


class SettingsForm(FlaskForm):
    enabled = MultipleChoiceField(
        _l("Pemberitahuan"),
        invalid=_l("Pilihan pemberitahuan tidak dikenal."),
        option_widget=widgets.CheckboxInput(),
    )

    def fill_choices(self) -> None:
        self.enabled.choices = [
            (f"{kind}|{channel}", preferences.label(kind))
            for kind in preferences.choosable_kinds()
            for channel in preferences.CHANNELS
        ]

    def chosen(self) -> set[tuple[str, str]]:
        return {tuple(value.split("|", 1)) for value in self.enabled.data or []}


STATUS_LABELS = {QUEUED: _l("Antre"), SENT: _l("Terkirim"), FAILED: _l("Gagal")}
CHANNEL_LABELS = {PUSH: _l("Push"), EMAIL: _l("E-mail")}


class DeliveryFilterForm(FlaskForm):
    class Meta:
        csrf = False

    channel = FilterField(_l("Saluran"))
    status = FilterField(_l("Status"))

    def fill_choices(self) -> None:
        everything = ("", _l("Semua"))
        self.channel.choices = [everything, *CHANNEL_LABELS.items()]
        self.status.choices = [everything, *STATUS_LABELS.items()]
