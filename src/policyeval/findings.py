"""Documents -> findings (work in progress)."""
from __future__ import annotations

from .lexicon import Lexicon
from .models import Document, Finding


def find(documents: list[Document], lexicon: Lexicon | None = None) -> list[Finding]:
    return []
