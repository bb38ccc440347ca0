"""The generator's phrase banks: YAML files beside this module, loaded and checked once.

* ``situations/<event_type>.yaml`` - sub-scenarios per event kind (one file per
  event-type code of the taxonomy);
* ``outcomes.yaml`` - outcome sentences per harm (incidents) and per kind;
* ``factors.yaml`` - contributing-factor sentences per factor code;
* ``context.yaml`` - fillers, openers, background, distractors, actions, sign-offs.

Loading checks every code against the taxonomy and every template's syntax, so a typo
in a bank fails at load time, not as a silently wrong label.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import Any

import yaml

from triage import taxonomy
from triage.corpus.textbuild import parse
from triage.errors import ConfigError

_KIND_GROUPS = ("pt", "any", "fp")
_BG_GROUPS = ("intro", "extra")


@dataclass(frozen=True)
class Scenario:
    """One sub-scenario: its templates, the harms it fits and the factors it implies."""

    id: str
    texts: tuple[str, ...]
    harms: frozenset[str] | None  # None: every harm fits
    implies: tuple[str, ...]


@dataclass(frozen=True)
class FactorPhrases:
    """Sentences expressing one contributing factor."""

    pt: tuple[str, ...]
    any: tuple[str, ...]
    fp: tuple[str, ...]
    types: dict[str, tuple[str, ...]]


@dataclass(frozen=True)
class Bank:
    """All phrase banks."""

    situations: dict[str, dict[str, tuple[Scenario, ...]]]
    incident_outcomes: dict[str, dict[str, tuple[str, ...]]]  # harm -> any|type
    kind_outcomes: dict[str, dict[str, tuple[str, ...]]]  # kind -> any|type
    factors: dict[str, FactorPhrases]
    fill: dict[str, tuple[str, ...]]
    meds: dict[str, tuple[str, ...]]
    openers: dict[str, tuple[str, ...]]
    background: dict[str, tuple[str, ...]]  # intro | extra
    perinatal_background: dict[str, tuple[str, ...]]
    distractors: dict[str, tuple[str, ...]]
    perinatal_distractors: tuple[str, ...]
    actions: dict[str, tuple[str, ...]]
    signoffs: tuple[str, ...]
    factor_leads: tuple[str, ...]
    fp_factor_leads: tuple[str, ...]

    def templates(self) -> list[str]:
        """Every template in every bank (for checks and tests)."""
        out: list[str] = []
        for kinds in self.situations.values():
            for scenarios in kinds.values():
                for s in scenarios:
                    out.extend(s.texts)
        for groups in (*self.incident_outcomes.values(), *self.kind_outcomes.values()):
            for lines in groups.values():
                out.extend(lines)
        for f in self.factors.values():
            out.extend((*f.pt, *f.any, *f.fp))
            for lines in f.types.values():
                out.extend(lines)
        for group in (*self.openers.values(), *self.distractors.values()):
            out.extend(group)
        for group in self.actions.values():
            out.extend(group)
        for group in (*self.background.values(), *self.perinatal_background.values()):
            out.extend(group)
        out.extend((*self.perinatal_distractors, *self.signoffs))
        return out


def _read(name: str) -> Any:
    text = resources.files(__name__).joinpath(name).read_text("utf-8")
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    return yaml.load(text, Loader=loader)  # a safe loader (C if available)


def _strs(items: Any, where: str) -> tuple[str, ...]:
    if not isinstance(items, list) or not all(isinstance(i, str) for i in items):
        raise ConfigError("phrasebank_invalid", f"{where}: expected a list of strings")
    return tuple(items)


def _check_codes(values: Any, target: str, where: str) -> None:
    tax = taxonomy.load()
    for v in values:
        if not tax.is_valid(target, v):
            raise ConfigError("phrasebank_invalid", f"{where}: {v!r} is not a {target}")


def _situations() -> dict[str, dict[str, tuple[Scenario, ...]]]:
    tax = taxonomy.load()
    out: dict[str, dict[str, tuple[Scenario, ...]]] = {}
    for et in tax.codes("event_type"):
        raw = _read(f"situations/{et}.yaml")
        kinds: dict[str, tuple[Scenario, ...]] = {}
        for kind in tax.codes("event_kind"):
            entries = raw.get(kind)
            if not entries:
                raise ConfigError("phrasebank_invalid", f"{et}: no {kind} scenarios")
            scenarios = []
            for e in entries:
                where = f"situations/{et}.yaml {kind}/{e.get('id')}"
                harms = e.get("harms")
                implies = tuple(e.get("implies") or ())
                _check_codes(harms or (), "harm", where)
                _check_codes(implies, "factors", where)
                scenarios.append(
                    Scenario(
                        id=str(e["id"]),
                        texts=_strs(e["text"], where),
                        harms=frozenset(harms) if harms else None,
                        implies=implies,
                    )
                )
            kinds[kind] = tuple(scenarios)
        out[et] = kinds
    return out


def _grouped(raw: dict[str, Any], where: str) -> dict[str, tuple[str, ...]]:
    groups = {k: _strs(v, f"{where}/{k}") for k, v in raw.items()}
    _check_codes([k for k in groups if k != "any"], "event_type", where)
    if "any" not in groups:
        raise ConfigError("phrasebank_invalid", f"{where}: no 'any' group")
    return groups


def _factors() -> dict[str, FactorPhrases]:
    tax = taxonomy.load()
    raw = _read("factors.yaml")
    out = {}
    for code in tax.codes("factors"):
        entry = raw.get(code)
        if not entry:
            raise ConfigError("phrasebank_invalid", f"factors.yaml: no {code}")
        where = f"factors.yaml {code}"
        types = {k: _strs(v, where) for k, v in (entry.get("types") or {}).items()}
        _check_codes(types, "event_type", where)
        groups = {g: _strs(entry.get(g) or [], f"{where}/{g}") for g in _KIND_GROUPS}
        out[code] = FactorPhrases(groups["pt"], groups["any"], groups["fp"], types)
    extra = set(raw) - set(out)
    if extra:
        raise ConfigError(
            "phrasebank_invalid", f"factors.yaml: unknown {sorted(extra)}"
        )
    return out


@lru_cache(maxsize=1)
def load() -> Bank:
    """The phrase banks (parsed and checked once per process)."""
    tax = taxonomy.load()
    outcomes = _read("outcomes.yaml")
    incident = outcomes["incident"]
    _check_codes(incident, "harm", "outcomes.yaml incident")
    for harm in tax.codes("harm"):
        if harm not in incident:
            raise ConfigError("phrasebank_invalid", f"outcomes.yaml: no {harm}")
    kinds = {k: v for k, v in outcomes.items() if k != "incident"}
    _check_codes(kinds, "event_kind", "outcomes.yaml")
    ctx = _read("context.yaml")
    bank = Bank(
        situations=_situations(),
        incident_outcomes={
            h: _grouped(v, f"outcomes.yaml incident/{h}") for h, v in incident.items()
        },
        kind_outcomes={k: _grouped(v, f"outcomes.yaml {k}") for k, v in kinds.items()},
        factors=_factors(),
        fill={k: tuple(str(x) for x in v) for k, v in ctx["fill"].items()},
        meds={str(k): tuple(str(x) for x in v) for k, v in ctx["meds"].items()},
        openers={k: _strs(v, f"openers/{k}") for k, v in ctx["openers"].items()},
        background={
            k: _strs(ctx["background"][k], f"background/{k}") for k in _BG_GROUPS
        },
        perinatal_background={
            k: _strs(ctx["perinatal_background"][k], f"perinatal_background/{k}")
            for k in _BG_GROUPS
        },
        distractors={
            k: _strs(v, f"distractors/{k}") for k, v in ctx["distractors"].items()
        },
        perinatal_distractors=_strs(ctx["perinatal_distractors"], "perinatal_d"),
        actions={k: _strs(v, f"actions/{k}") for k, v in ctx["actions"].items()},
        signoffs=_strs(ctx["signoffs"], "signoffs"),
        factor_leads=tuple(str(x) for x in ctx["factor_leads"]),
        fp_factor_leads=tuple(str(x) for x in ctx["fp_factor_leads"]),
    )
    _check_codes(bank.distractors, "event_type", "context.yaml distractors")
    for t in bank.templates():
        try:
            parse(t)
        except ValueError as exc:
            raise ConfigError("phrasebank_invalid", str(exc)) from exc
    return bank
