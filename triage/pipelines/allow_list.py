"""The allow-list of clinical words that must survive de-identification."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import yaml

from triage.errors import ConfigError

DEFAULT_PATH = Path(__file__).with_name("allow_list.yaml")


@dataclass(frozen=True)
class AllowList:
    """Lower-cased clinical words; NER spans made only of them are dropped."""

    words: frozenset[str]

    def covers(self, span_text: str, extra_ok: frozenset[str] = frozenset()) -> bool:
        """True when every word of the span is allow-listed (or in `extra_ok`)."""
        phrase = " ".join(span_text.lower().split())
        if phrase in self.words:
            return True
        parts = [w.strip(".,;:()[]\"'") for w in phrase.split()]
        parts = [w for w in parts if w]
        return bool(parts) and all(w in self.words or w in extra_ok for w in parts)


def load(path: Path | None = None) -> AllowList:
    """Read and validate the allow-list YAML (groups of strings); ConfigError if bad."""
    path = path or DEFAULT_PATH
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except FileNotFoundError as exc:
        raise ConfigError(
            "allow_list_missing", f"allow-list file not found: {path}"
        ) from exc
    except yaml.YAMLError as exc:
        raise ConfigError(
            "allow_list_invalid", f"allow-list is not valid YAML: {path}"
        ) from exc
    if not isinstance(data, dict) or not data:
        raise ConfigError(
            "allow_list_invalid", "allow-list must map group names to lists"
        )
    words: set[str] = set()
    for group, items in data.items():
        if not isinstance(items, list) or not all(isinstance(i, str) for i in items):
            raise ConfigError(
                "allow_list_invalid",
                f"allow-list group {group!r} must be a list of strings",
            )
        words.update(" ".join(i.lower().split()) for i in items)
    return AllowList(frozenset(words))


@lru_cache(maxsize=1)
def default_words() -> frozenset[str]:
    """The packaged allow-list's words, read once (recognizers ask per word)."""
    return load().words
