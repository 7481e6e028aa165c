"""Build hook: compile the translation catalogues (.po) into the wheel as .mo files.

The .mo files are not committed; `pip install .` and `python -m build` write them into
the build directory here, and dev.py compiles them in the checkout for development.
"""

from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py


def compile_catalogues(translations: Path) -> list[Path]:
    from babel.messages.mofile import write_mo
    from babel.messages.pofile import read_po

    written = []
    for po in sorted(translations.glob("*/LC_MESSAGES/*.po")):
        with po.open("rb") as fh:
            catalog = read_po(fh, locale=po.parent.parent.name)
        mo = po.with_suffix(".mo")
        with mo.open("wb") as fh:
            write_mo(fh, catalog, use_fuzzy=True)
        written.append(mo)
    return written


class BuildPyWithCatalogues(build_py):
    def run(self):
        super().run()
        if not self.editable_mode:
            self.compiled = compile_catalogues(Path(self.build_lib) / "portal" / "translations")

    def get_outputs(self, include_bytecode=True):
        return [*super().get_outputs(include_bytecode), *map(str, getattr(self, "compiled", []))]


setup(cmdclass={"build_py": BuildPyWithCatalogues})
