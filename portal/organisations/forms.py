"""The coordinator's decision form."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import HiddenField, TextAreaField
from wtforms.validators import AnyOf, DataRequired, Length, Optional

from ..forms import clean_text
from .services import TRANSITIONS


class DecisionForm(FlaskForm):
    action = HiddenField(validators=[DataRequired(), AnyOf(list(TRANSITIONS))])
    note = TextAreaField(
        _l("Catatan (boleh dikosongkan)"),
        validators=[Optional(), Length(max=400, message=_l("Catatan maksimal 400 karakter."))],
        filters=[clean_text],
        render_kw={"rows": 2},
    )
