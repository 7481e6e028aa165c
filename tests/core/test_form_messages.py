"""Every validator of every form speaks Bahasa Indonesia.

WTForms ships no Indonesian catalogue, so a validator without its own message would
show English ("This field is required."). This walks every form class in the portal.
"""

import importlib
import pkgutil

from flask_wtf import FlaskForm
from wtforms import validators as v

import portal

NEEDS_MESSAGE = (
    v.DataRequired,
    v.InputRequired,
    v.Length,
    v.Email,
    v.NumberRange,
    v.Regexp,
    v.AnyOf,
    v.NoneOf,
    v.EqualTo,
    v.URL,
)
# Hidden fields nobody types into: a bad value there is tampering, not a typo.
HIDDEN = {"HiddenField"}


def _all_form_classes():
    for module in pkgutil.walk_packages(portal.__path__, "portal."):
        importlib.import_module(module.name)
    seen, stack = set(), [FlaskForm]
    while stack:
        cls = stack.pop()
        for sub in cls.__subclasses__():
            if sub not in seen and sub.__module__.startswith("portal."):
                seen.add(sub)
            stack.append(sub)
    return seen


def test_every_validator_has_an_indonesian_message(app):
    missing = []
    with app.test_request_context():
        for cls in _all_form_classes():
            for name, unbound in cls.__dict__.items():
                if not hasattr(unbound, "field_class") or unbound.field_class.__name__ in HIDDEN:
                    continue
                for validator in unbound.kwargs.get("validators") or (
                    unbound.args[1] if len(unbound.args) > 1 else []
                ):
                    if isinstance(validator, NEEDS_MESSAGE) and not validator.message:
                        missing.append(
                            f"{cls.__module__}.{cls.__name__}.{name}: {type(validator).__name__}"
                        )
    assert not missing, "validators without a Bahasa Indonesia message:\n" + "\n".join(missing)
