"""The coding taxonomy: codes, labels and harm order, loaded once from taxonomy.yaml."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import Any

import yaml

from triage.errors import ConfigError

TARGETS: tuple[str, ...] = ("event_type", "event_kind", "harm", "factors")
SINGLE_LABEL_TARGETS: tuple[str, ...] = ("event_type", "event_kind", "harm")


@dataclass(frozen=True)
class Code:
    """One code of one target, with what people see."""

    code: str
    label: str
    description: str
    rank: int | None = None
    cfer_h_v2: tuple[str, ...] = ()


@dataclass(frozen=True)
class Taxonomy:
    """All targets' codes, in the order the taxonomy lists them."""

    version: int
    targets: dict[str, tuple[Code, ...]]
    phi_types: tuple[str, ...]

    def codes(self, target: str) -> tuple[str, ...]:
        """The code values of one target (harm from worst to least)."""
        if target not in self.targets:
            raise KeyError(f"unknown target {target!r}")
        return tuple(c.code for c in self.targets[target])

    def label(self, target: str, code: str) -> str:
        """The human label of a code."""
        for c in self.targets[target]:
            if c.code == code:
                return c.label
        raise KeyError(f"unknown {target} code {code!r}")

    def is_valid(self, target: str, code: str) -> bool:
        """Whether code is a code of target."""
        return target in self.targets and code in self.codes(target)

    def harm_rank(self, code: str) -> int | None:
        """Severity rank of a harm code (death highest); None for unknown."""
        for c in self.targets["harm"]:
            if c.code == code:
                return c.rank
        raise KeyError(f"unknown harm code {code!r}")

    @property
    def ordered_harm(self) -> tuple[str, ...]:
        """Harm codes that carry a rank, from least to worst (the ordinal scale)."""
        ranked = [c for c in self.targets["harm"] if c.rank is not None]
        return tuple(c.code for c in sorted(ranked, key=lambda c: c.rank or 0))

    def worse_harm(self, a: str, b: str) -> str:
        """The worse of two harm codes (the taxonomy's tie rule); unknown loses."""
        ra, rb = self.harm_rank(a), self.harm_rank(b)
        if ra is None:
            return b
        if rb is None:
            return a
        return a if ra >= rb else b

    def cfer_h_v2(self, event_type: str) -> tuple[str, ...]:
        """CFER-H v2.0 categories an event type maps to (two for surgery_anesthesia)."""
        for c in self.targets["event_type"]:
            if c.code == event_type:
                return c.cfer_h_v2
        raise KeyError(f"unknown event_type code {event_type!r}")


def _parse(raw: dict[str, Any]) -> Taxonomy:
    try:
        targets: dict[str, tuple[Code, ...]] = {}
        for target in TARGETS:
            entries = raw[target]["codes"]
            codes = []
            for e in entries:
                v2 = e.get("cfer_h_v2", ())
                codes.append(
                    Code(
                        code=str(e["code"]),
                        label=str(e["label"]),
                        description=str(e.get("covers") or e.get("definition") or ""),
                        rank=e.get("rank"),
                        cfer_h_v2=tuple(v2)
                        if isinstance(v2, list)
                        else (v2,)
                        if v2
                        else (),
                    )
                )
            if len({c.code for c in codes}) != len(codes):
                raise ConfigError("taxonomy_invalid", f"duplicate code in {target}")
            targets[target] = tuple(codes)
        phi = tuple(str(e["code"]) for e in raw["phi"]["codes"])
        return Taxonomy(version=int(raw["version"]), targets=targets, phi_types=phi)
    except (KeyError, TypeError, ValueError) as exc:
        raise ConfigError(
            "taxonomy_invalid", f"taxonomy.yaml is malformed: {exc!r}"
        ) from exc


@lru_cache(maxsize=1)
def load() -> Taxonomy:
    """The packaged taxonomy (parsed once per process)."""
    text = resources.files("triage").joinpath("taxonomy.yaml").read_text("utf-8")
    return _parse(yaml.safe_load(text))
