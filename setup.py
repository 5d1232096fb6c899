"""Build steps pyproject.toml cannot declare (everything else is in pyproject.toml).

setuptools stages the package in build/lib and packs whatever is there, so a module deleted or
moved since an earlier build would still be shipped: start each build from an empty stage.
"""

import shutil

from setuptools import setup
from setuptools.command.build_py import build_py


class FreshBuildPy(build_py):
    def run(self) -> None:
        shutil.rmtree(self.build_lib, ignore_errors=True)
        super().run()


setup(cmdclass={"build_py": FreshBuildPy})
