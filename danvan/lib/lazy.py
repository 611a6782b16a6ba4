"""Name a module at the top of another and load it on first use: the door modules of a request stay light.

Building a document needs python-docx, fpdf2, matplotlib, openpyxl or pypdf, some 2 s of CPU and 60 MB to import
together, and most requests build none. A module that only sometimes builds one declares the builder at its top,
where a reader looks for its dependencies, as `charts = lazy_module("danvan.reports.charts")` (with the real import
under `TYPE_CHECKING` for the type checker), and the builder's own module keeps plain imports. The first attribute
read imports the module through `importlib.import_module`, which holds Python's per-module import lock, so two
threads of one worker never run it twice (unlike `importlib.util.LazyLoader` on Python 3.11).
"""

from __future__ import annotations

import importlib
from types import ModuleType
from typing import Any


class LazyModule:
    """Stand in for a module until an attribute is read, then hand every attribute over from the real module."""

    __slots__ = ("_name",)

    def __init__(self, name: str) -> None:
        self._name = name

    def __getattr__(self, attribute: str) -> Any:
        return getattr(self.load(), attribute)

    def load(self) -> ModuleType:
        """Import the module (once per process; later calls find it in sys.modules)."""
        return importlib.import_module(self._name)

    def __repr__(self) -> str:
        return f"<lazy module {self._name!r}>"


def lazy_module(name: str) -> Any:
    """Return a stand-in for the module `name` that imports it when one of its attributes is first read."""
    return LazyModule(name)
