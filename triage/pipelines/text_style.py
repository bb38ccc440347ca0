"""The letter-case style of a narrative, which decides how much evidence PHI needs."""

from __future__ import annotations

from functools import lru_cache


@lru_cache(maxsize=16)
def style(text: str) -> str:
    """'upper' (mostly capitals), 'lower' (almost no capitals) or 'mixed'.

    Cached: several recognizers ask for the same narrative's style.
    """
    letters = [c for c in text if c.isalpha()]
    if not letters:
        return "mixed"
    upper = sum(c.isupper() for c in letters) / len(letters)
    if upper > 0.6:
        return "upper"
    return "lower" if upper < 0.01 else "mixed"
