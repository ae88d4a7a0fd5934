"""Text normalisation for matching task statements (spec REQ-PROC-01).

The rule of :mod:`.matching`; the synthetic world (:mod:`ailabor.synthetic.world`) applies the
same rule so that the task texts it plants stay distinct, or matchable, under it.
"""

from __future__ import annotations

import re

_PUNCT = re.compile(r"[^\w\s]")
_SPACE = re.compile(r"\s+")


def normalize_text(text: str) -> str:
    """``lower(strip(s))``, drop every character that is not a word character or space,
    then collapse runs of whitespace to one space (the seed project's exact rule)."""
    s = _PUNCT.sub("", str(text).strip().lower())
    return _SPACE.sub(" ", s).strip()
