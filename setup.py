"""Build steps pyproject.toml cannot declare (everything else is in pyproject.toml).

setuptools stages the package in build/lib and packs whatever is there, so a module deleted or
moved since an earlier build would still be shipped: start each build from an empty stage.

The translations (course/locale/LANG/LC_MESSAGES/ketamine_course.po) are compiled to .mo in the
stage with Babel's compiler (no network: Babel is a dependency, so the test extra has it); the
wheel ships the .mo files, the sdist the .po sources it is built from.
"""

import shutil
from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py


class FreshBuildPy(build_py):
    def run(self) -> None:
        shutil.rmtree(self.build_lib, ignore_errors=True)
        super().run()
        self.compile_catalogues()

    def compile_catalogues(self) -> None:
        from babel.messages.mofile import write_mo
        from babel.messages.pofile import read_po

        for source in sorted(Path(self.build_lib, "course", "locale").glob("*/LC_MESSAGES/*.po")):
            with source.open("rb") as file:
                messages = read_po(file)
            with source.with_suffix(".mo").open("wb") as file:
                write_mo(file, messages, use_fuzzy=False)  # a fuzzy entry is an unchecked guess
            source.unlink()  # the installed app reads the .mo; the .po stays in the sdist


setup(cmdclass={"build_py": FreshBuildPy})
