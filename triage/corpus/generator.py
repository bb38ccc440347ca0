"""Generate labelled synthetic incident narratives with exact PHI spans.

``generate(n, seed)`` draws labels (event type, kind, harm, factors), then composes a
narrative from the phrase banks (``triage.corpus.phrasebank``): an opener, patient
background, the situation (a sub-scenario of the event type and kind), distractor
mentions of other categories, an outcome that fits the harm, sentences supporting
each factor, follow-up actions and a sign-off, in one of several styles (prose,
clinical shorthand, ALL CAPS, first person, SBAR, form export, timeline) and sentence
orders. Text is only appended (``textbuild.SpanBuilder``), so PHI offsets are exact by
construction. Deterministic: one ``random.Random(seed)`` drives everything, Faker
instances included.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass

from triage import taxonomy
from triage.corpus import phrasebank
from triage.corpus.fakephi import PhiFaker
from triage.corpus.phrasebank import Bank, Scenario
from triage.corpus.records import PhiSpan, Record
from triage.corpus.slots import Slots
from triage.corpus.textbuild import SpanBuilder, Style, Writer, render

# Label mix (codes come from the taxonomy; unknown codes get the default weight).
KIND_WEIGHTS = {"incident": 65, "near_miss": 22, "unsafe_condition": 13}
HARM_WEIGHTS = {
    "death": 8,
    "severe": 14,
    "moderate": 19,
    "mild": 24,
    "no_harm": 18,
    "unknown": 17,
}
NO_HARM = "no_harm"
NO_PATIENT_KIND = "unsafe_condition"
PATIENT_FACTOR = "patient_factors"
FACTOR_COUNT_WEIGHTS = (15, 35, 30, 20)  # 0, 1, 2, 3 factors
STYLES = {
    "prose": 26,
    "shorthand": 20,
    "first_person": 12,
    "sbar": 10,
    "export": 14,
    "timeline": 8,
    "caps": 10,
}
_MAX_TRIES = 50


@dataclass(frozen=True)
class Plan:
    """The labels of one narrative and the choices that must agree with them."""

    event_type: str
    event_kind: str
    harm: str
    scenario: Scenario
    factors: tuple[str, ...]  # taxonomy order
    phrased: tuple[str, ...]  # factors that get their own sentence
    style: str


def generate(n: int, seed: int) -> list[Record]:
    """n labelled narratives, identical for the same (n, seed), all distinct."""
    if n < 0:
        raise ValueError("n must be >= 0")
    rng = random.Random(seed)
    fake = PhiFaker(rng)
    bank = phrasebank.load()
    tax = taxonomy.load()
    records: list[Record] = []
    seen: set[str] = set()
    for index in range(n):
        for _ in range(_MAX_TRIES):
            plan = _plan(rng, bank, tax)
            text, spans = _Composer(rng, fake, bank, plan).compose()
            if text not in seen:
                break
        else:  # pragma: no cover - needs an absurdly small bank
            raise RuntimeError("could not generate a distinct narrative")
        seen.add(text)
        records.append(
            Record(
                id=f"gen-{seed}-{index:05d}",
                text=text,
                event_type=plan.event_type,
                event_kind=plan.event_kind,
                harm=plan.harm,
                factors=plan.factors,
                phi=spans,
                source="generated",
            )
        )
    return records


# --------------------------------------------------------------------------- labels


def _weighted(
    rng: random.Random, codes: tuple[str, ...], weights: dict[str, int]
) -> str:
    return rng.choices(codes, weights=[weights.get(c, 10) for c in codes])[0]


def _plan(rng: random.Random, bank: Bank, tax: taxonomy.Taxonomy) -> Plan:
    event_type = rng.choice(tax.codes("event_type"))
    kind = _weighted(rng, tax.codes("event_kind"), KIND_WEIGHTS)
    harm = NO_HARM
    if kind == "incident":
        harm = _weighted(rng, tax.codes("harm"), HARM_WEIGHTS)
    scenarios = bank.situations[event_type][kind]
    fitting = [s for s in scenarios if s.harms is None or harm in s.harms]
    scenario = rng.choice(fitting)

    wanted = rng.choices(range(4), weights=FACTOR_COUNT_WEIGHTS)[0]
    chosen = list(dict.fromkeys(scenario.implies))
    pool = [
        f
        for f in tax.codes("factors")
        if f not in chosen and not (kind == NO_PATIENT_KIND and f == PATIENT_FACTOR)
    ]
    rng.shuffle(pool)
    while len(chosen) < wanted and pool:
        chosen.append(pool.pop())
    # Factors the situation already expresses get a sentence of their own sometimes.
    phrased = [f for f in chosen if f not in scenario.implies or rng.random() < 0.35]
    order = {c: i for i, c in enumerate(tax.codes("factors"))}
    style = rng.choices(tuple(STYLES), weights=tuple(STYLES.values()))[0]
    return Plan(
        event_type=event_type,
        event_kind=kind,
        harm=harm,
        scenario=scenario,
        factors=tuple(sorted(chosen, key=order.__getitem__)),
        phrased=tuple(phrased),
        style=style,
    )


# --------------------------------------------------------------------------- text

Part = Callable[[], None]


class _Composer:
    """Builds the text of one planned narrative."""

    def __init__(self, rng: random.Random, fake: PhiFaker, bank: Bank, plan: Plan):
        self.rng = rng
        self.bank = bank
        self.plan = plan
        self.has_pt = plan.event_kind != NO_PATIENT_KIND
        self.perinatal = plan.event_type == "perinatal"
        self.slots = Slots(rng, fake, bank, perinatal=self.perinatal)
        self.builder = SpanBuilder()
        style = Style()
        if plan.style == "shorthand":
            style = Style(shorthand=rng.uniform(0.5, 0.95))
        elif plan.style == "caps":
            style = Style(shorthand=rng.choice((0.0, 0.6)), caps=True)
        elif rng.random() < 0.15:
            style = Style(shorthand=rng.choice((0.0, 0.0, 0.3)))
        if rng.random() < 0.15:
            style = Style(style.shorthand, style.caps, typos=rng.uniform(0.02, 0.06))
        self.w = Writer(self.builder, style, rng)
        # An incident of unknown harm often simply does not state an outcome.
        self.outcome_stated = not (plan.harm == "unknown" and rng.random() < 0.45)

    # ------------------------------------------------------------ sentences

    def say(self, template: str) -> None:
        """Append one template as a sentence (with a separating space)."""
        self.w.sep(" ")
        render(template, self.w, self.slots.resolve)

    def pick(self, items: tuple[str, ...]) -> str:
        return self.rng.choice(items)

    def opener(self) -> None:
        if self.plan.style == "first_person":
            key = "fp" if self.has_pt else "fp_nopt"
        else:
            key = "pt" if self.has_pt else "nopt"
        self.say(self.pick(self.bank.openers[key]))

    def background(self, k: int) -> None:
        """Up to k background sentences: at most one introduction, then extras."""
        if not self.has_pt or k == 0:
            return
        bank = (
            self.bank.perinatal_background if self.perinatal else self.bank.background
        )
        lines = []
        if self.rng.random() < 0.75:
            lines.append(self.pick(bank["intro"]))
        lines += self.rng.sample(bank["extra"], k=k - len(lines))
        for t in lines:
            self.say(t)

    def situation(self) -> None:
        self.say(self.pick(self.plan.scenario.texts))

    def distractors(self, k: int) -> None:
        if not self.has_pt or k == 0:
            return
        if self.perinatal:
            pool = list(self.bank.perinatal_distractors)
        else:
            pool = [
                t
                for cat, lines in self.bank.distractors.items()
                if cat != self.plan.event_type
                for t in lines
            ]
        for t in self.rng.sample(pool, k=min(k, len(pool))):
            self.say(t)

    def outcome(self) -> None:
        plan = self.plan
        if not self.outcome_stated:
            return
        if plan.event_kind == "incident":
            groups = self.bank.incident_outcomes[plan.harm]
        else:
            groups = self.bank.kind_outcomes[plan.event_kind]
        specific = groups.get(plan.event_type)
        lines = specific if specific and self.rng.random() < 0.55 else groups["any"]
        self.say(self.pick(lines))

    def factor_lines(self) -> list[str]:
        fp = self.plan.style == "first_person"
        lines = []
        for f in self.plan.phrased:
            ph = self.bank.factors[f]
            if not self.has_pt:
                pool = list(ph.any)
            elif fp and ph.fp and self.rng.random() < 0.6:
                pool = list(ph.fp)
            else:
                pool = [*ph.pt, *ph.any, *ph.types.get(self.plan.event_type, ())]
                if ph.types.get(self.plan.event_type) and self.rng.random() < 0.4:
                    pool = list(ph.types[self.plan.event_type])
            lines.append(self.pick(tuple(pool)))
        return lines

    def factors(self, lead: bool = True) -> None:
        lines = self.factor_lines()
        if not lines:
            return
        if lead:
            leads = (
                self.bank.fp_factor_leads
                if self.plan.style == "first_person"
                else self.bank.factor_leads
            )
            first = self.pick(leads)
            if first:
                self.w.sep(" ")
                self.w.text(first)
        for t in lines:
            self.say(t)

    def actions(self, k: int) -> None:
        acts = self.bank.actions
        if not self.has_pt:
            pool = list(acts["nopt"])
        else:
            pool = list(acts["common"])
            if self.plan.harm == "death":
                pool += acts["death"]
            else:
                pool += acts["alive"]
        for t in self.rng.sample(pool, k=min(k, len(pool))):
            self.say(t)

    def signoff(self) -> None:
        self.say(self.pick(self.bank.signoffs))

    # ------------------------------------------------------------ layouts

    def compose(self) -> tuple[str, tuple[PhiSpan, ...]]:
        layout = {
            "sbar": self._sbar,
            "export": self._export,
            "timeline": self._timeline,
        }.get(self.plan.style, self._prose)
        layout()
        return self.builder.build()

    def _prose(self) -> None:
        r = self.rng
        head: list[Part] = []
        if r.random() < 0.7 or self.plan.style == "first_person":
            head.append(self.opener)
        if self.has_pt and r.random() < 0.75:
            head.append(lambda: self.background(r.choice((1, 1, 2))))
        if r.random() < 0.25:
            head.reverse()
        body: list[Part] = [self.situation]
        tail: list[Part] = [self.outcome, lambda: self.actions(r.choice((0, 1, 1, 2)))]
        if r.random() < 0.3:
            tail.reverse()
        mid: list[Part] = [self.factors]
        order = r.random()
        if order < 0.45:
            parts = head + body + tail + mid
        elif order < 0.7:
            parts = head + body + mid + tail
        elif order < 0.85:
            parts = body + head + tail + mid
        else:
            parts = body + tail + head + mid
        dist = r.choice((0, 0, 1, 1, 2))
        for _ in range(dist):
            parts.insert(r.randint(1, len(parts)), lambda: self.distractors(1))
        if r.random() < 0.6:
            parts.append(self.signoff)
        newline = r.random() < 0.25
        for i, part in enumerate(parts):
            if newline and i and r.random() < 0.5:
                self.w.sep("\n")
            part()

    def _sbar(self) -> None:
        r = self.rng
        labels = r.choice(
            (
                ("S:", "B:", "A:", "R:"),
                ("Situation:", "Background:", "Assessment:", "Recommendation:"),
                ("SITUATION -", "BACKGROUND -", "ASSESSMENT -", "RECOMMENDATION -"),
                ("(S)", "(B)", "(A)", "(R)"),
            )
        )
        joiner = r.choice(("\n", "\n", " "))
        sections: tuple[tuple[Part, ...], ...] = (
            (self.situation,),
            (
                lambda: self.background(r.choice((1, 2))),
                lambda: self.distractors(r.choice((0, 1))),
            )
            if self.has_pt
            else (self.opener,),
            (self.outcome, lambda: self.factors(lead=r.random() < 0.5)),
            (lambda: self.actions(r.choice((1, 2))),),
        )
        for i, (label, parts) in enumerate(zip(labels, sections, strict=True)):
            if i:
                self.w.sep(joiner)
            self.w.text(label)
            for part in parts:
                part()
        if r.random() < 0.5:
            self.w.sep(joiner)
            self.signoff()

    _EXPORT_PT = (
        "[Pt Name|Patient|Pt]: {pt}",
        "MRN: {mrn}",
        "[FIN|Acct #|Encounter]: {fin}",
        "Age: {age}",
        "DOB: {dob}",
        "[Room|Rm|Bed]: {room}",
        "Member ID: {member}",
        "SSN: {ssn}",
    )
    _EXPORT_ANY = (
        "[Reporter|Reported By|Submitted by]: {rep}",
        "[Reporter Phone|Phone|Ext]: {phone}",
        "[Email|Reporter Email]: {email}",
        "[Workstation|Terminal IP|IP]: {ip}",
        "[Facility|Site]: {facility}",
        "[Building|Location]: {pavilion}",
    )

    def _export(self) -> None:
        r = self.rng
        sep = r.choice((" | ", "\n", " | ", " || ", "\n"))
        fields = ["[Event Date|Date of Event|Incident Date|Date]: {date}"]
        if r.random() < 0.7:
            fields.append("[Time|Event Time]: {time}")
        fields.append("[Unit|Dept|Department|Area]: {unit}")
        extra = list(self._EXPORT_ANY)
        if self.has_pt:
            extra += self._EXPORT_PT
        fields += r.sample(extra, k=r.randint(1, 4))
        head, tail = fields[:3], fields[3:]
        r.shuffle(tail)
        for i, f in enumerate(head + tail):
            if i:
                self.w.sep(sep)
            render(f, self.w, self.slots.resolve)
        self.w.sep(sep)
        self.w.text(r.choice(("Description:", "Event Description:", "Narrative:")))
        self.situation()
        if r.random() < 0.5:
            self.distractors(1)
        if r.random() < 0.5:
            self.outcome()
            outcome_done = True
        else:
            outcome_done = False
        if self.plan.phrased:
            self.w.sep(sep)
            self.w.text(r.choice(("Contributing Factors:", "Factors:", "Causes:")))
            self.factors(lead=False)
        if not outcome_done and (self.outcome_stated or r.random() < 0.5):
            self.w.sep(sep)
            self.w.text(r.choice(("Outcome:", "Result:", "Patient Outcome:")))
            if self.outcome_stated:
                self.outcome()
            else:
                self.w.text(r.choice((" Unknown.", " Pending.", " Not documented.")))
        if r.random() < 0.6:
            self.w.sep(sep)
            self.w.text(r.choice(("Actions:", "Immediate Actions:", "Follow-up:")))
            self.actions(r.choice((1, 2)))

    def _timeline(self) -> None:
        r = self.rng
        minute = r.randrange(24 * 60)

        def stamp() -> None:
            nonlocal minute
            self.w.sep("\n")
            h, m = divmod(minute % (24 * 60), 60)
            self.w.plain(r.choice((f"{h:02d}{m:02d}", f"{h:02d}:{m:02d}")))
            self.w.text(r.choice((" -", ":", " ")))
            minute += r.randint(2, 50)

        if r.random() < 0.6:
            self.opener()
        steps: list[Part] = [self.situation]
        if self.outcome_stated:
            steps.append(self.outcome)
        if self.has_pt and r.random() < 0.5:
            steps.insert(1, lambda: self.distractors(1))
        steps += [lambda: self.actions(1) for _ in range(r.randint(1, 2))]
        for step in steps:
            stamp()
            step()
        if self.plan.phrased:
            self.w.sep("\n")
            self.factors()
        if r.random() < 0.5:
            self.w.sep("\n")
            self.signoff()
