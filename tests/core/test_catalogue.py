"""The English catalogue covers every message in the code and keeps its placeholders."""

import re
from pathlib import Path

from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po

ROOT = Path(__file__).resolve().parents[2]
PLACEHOLDER = re.compile(r"%\((\w+)\)[sd]")
METHODS = [("portal/**.py", "python"), ("portal/templates/**.html", "jinja2")]
KEYWORDS = {
    "_": None,
    "gettext": None,
    "ngettext": (1, 2),
    "_l": None,
    "lazy_gettext": None,
    "N_": None,
}


def _not_hidden(dirpath: str) -> bool:
    return not Path(dirpath).name.startswith(".")


def test_macros_are_extracted():
    assert "Tampilkan desa di kecamatan ini" in _code_messages()
    assert "Silakan masuk untuk membuka halaman ini." in _code_messages()


def _code_messages() -> set[str]:
    found = set()
    # Babel skips folders starting with "_" by default; templates/_macros holds UI text.
    for _file, _line, message, _comments, _ctx in extract_from_dir(
        str(ROOT), METHODS, keywords=KEYWORDS, directory_filter=_not_hidden
    ):
        found.add(message[0] if isinstance(message, tuple) else message)
    return found


def _catalogue():
    with open(ROOT / "portal/translations/en/LC_MESSAGES/messages.po", "rb") as fh:
        return read_po(fh)


def test_every_message_has_an_english_translation():
    catalogue = _catalogue()
    missing = sorted(
        m
        for m in _code_messages()
        if m not in catalogue or not catalogue[m].string or catalogue[m].fuzzy
    )
    assert not missing, (
        "untranslated messages (pybabel extract/update, then translate):\n" + "\n".join(missing)
    )


def test_translations_keep_their_placeholders():
    for message in _catalogue():
        if not message.id:
            continue
        ids = message.id if isinstance(message.id, tuple) else (message.id,)
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        wanted = set(PLACEHOLDER.findall(ids[-1]))
        for string in strings:
            assert set(PLACEHOLDER.findall(string)) <= wanted | set(PLACEHOLDER.findall(ids[0])), (
                message.id
            )
