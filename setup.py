"""Package layout only; everything else is in pyproject.toml.

The top-level folders ``services/`` and ``contracts/`` are installed under one
distinct import name, ``eventx.services`` and ``eventx.contracts``, so that an
installed eventx never shadows (or is shadowed by) other packages called
``services`` or ``contracts``. pyproject.toml cannot prefix discovered packages,
hence this file. ``eventx`` itself is a namespace package: no folder of its own.
"""

from setuptools import find_namespace_packages, setup

FOLDERS = ("services", "contracts")

setup(
    packages=[f"eventx.{name}" for name in find_namespace_packages(include=[f"{folder}*" for folder in FOLDERS], exclude=["*__pycache__*"])],
    package_dir={f"eventx.{folder}": folder for folder in FOLDERS},
)
