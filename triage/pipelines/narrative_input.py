"""Validation of raw narrative text before it reaches the de-identifier.

Errors name the problem, the limit and (for control characters) the position, never the
text: a rejected narrative may still hold PHI.
"""

from __future__ import annotations

import regex

from triage.errors import InputError

DEFAULT_MAX_CHARS = 200_000
# C0 and C1 controls and DEL, except tab, line feed and carriage return.
_CONTROL = regex.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")


def validate_narrative(text: str | bytes, max_chars: int = DEFAULT_MAX_CHARS) -> str:
    """The narrative as str if usable; raises InputError with a stable code if not."""
    if isinstance(text, bytes | bytearray):
        try:
            text = bytes(text).decode("utf-8")
        except UnicodeDecodeError as exc:
            raise InputError(
                "narrative_invalid_encoding",
                f"narrative is not valid UTF-8 (bad byte at offset {exc.start})",
            ) from None
    if not isinstance(text, str):
        raise InputError("narrative_not_text", "narrative must be a string")
    if not text.strip():
        raise InputError("narrative_empty", "narrative is empty or whitespace only")
    if len(text) > max_chars:
        raise InputError(
            "narrative_too_long",
            f"narrative has {len(text)} characters; the limit is {max_chars}",
            limit=max_chars,
            length=len(text),
        )
    m = _CONTROL.search(text)
    if m:
        raise InputError(
            "narrative_control_chars",
            f"narrative contains control character U+{ord(m.group()):04X} "
            f"at offset {m.start()}",
            offset=m.start(),
        )
    # Lone surrogates come from bad decoding upstream and cannot be written as UTF-8.
    try:
        text.encode("utf-8")
    except UnicodeEncodeError as exc:
        raise InputError(
            "narrative_invalid_encoding",
            f"narrative has an unpaired surrogate at offset {exc.start}",
        ) from None
    return text
