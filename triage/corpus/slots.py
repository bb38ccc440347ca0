"""Fill template slots for one narrative: its cast of people, PHI and plain fillers.

Slot names (see the phrase banks):

* people, bare name (PERSON span): ``pt rn rn2 md md2 cna rph np pa lpn rt chg ther
  rel rep sec mgr tech``; the same name upper-cased (``PT``, ``RN``, ...) adds a title
  or credential *outside* the span (``Dr. [Okafor]``, ``[K. Moore], RN``); ``BABY``
  is the newborn (``Baby Girl [Lopez]``). A role is one person per narrative.
* other PHI: ``date age mrn fin acct member ssn lic serial lot phone pager email url
  ip addr city zip facility pavilion room bed`` (``age`` is PHI only over 89).
* plain fillers: bank lists (``unit dx drug dose ...``, one value per narrative) and
  generated values (``time dur days xdays year pod hd n braden morse gcs apgar inr
  spo2 ...``), plus pronouns ``he He his His him`` and ``sex``.
"""

from __future__ import annotations

import random
from collections.abc import Callable

from triage.corpus.fakephi import Person, PhiFaker, ascii_fold
from triage.corpus.phrasebank import Bank
from triage.corpus.textbuild import Writer

ROLES: tuple[str, ...] = (
    "pt",
    "rn",
    "rn2",
    "md",
    "md2",
    "cna",
    "rph",
    "np",
    "pa",
    "lpn",
    "rt",
)
ROLES += ("chg", "ther", "rel", "rep", "sec", "mgr", "tech")

# (form, weight) for a bare name.
_FORMS: tuple[tuple[str, int], ...] = (
    ("full", 30),
    ("last", 14),
    ("first", 10),
    ("init_last", 10),
    ("init_last_nodot", 3),
    ("last_comma_first", 6),
    ("initials", 4),
    ("initials_dots", 2),
    ("caps_full", 6),
    ("caps_last_first", 5),
    ("caps_last", 3),
    ("last_init", 2),
    ("full_middle", 3),
    ("first_init", 2),
)
_FORM_NAMES = tuple(f for f, _ in _FORMS)
_FORM_WEIGHTS = tuple(w for _, w in _FORMS)

# Titled forms per role: (prefix, form or "any", suffix). The name alone is PHI.
_TITLES: dict[str, tuple[tuple[str, str, str], ...]] = {
    "pt": (
        ("pt ", "any", ""),
        ("patient ", "any", ""),
        ("@title ", "last", ""),
        ("@title ", "caps_last", ""),
        ("", "full", ""),
        ("pt ", "caps_last_first", ""),
        ("", "caps_full", " (pt)"),
    ),
    "rn": (
        ("RN ", "init_last", ""),
        ("RN ", "last", ""),
        ("RN ", "full", ""),
        ("RN ", "initials", ""),
        ("", "full", ", RN"),
        ("", "init_last", " RN"),
        ("nurse ", "first", ""),
        ("primary RN ", "full", ""),
        ("", "caps_last", " RN"),
    ),
    "md": (
        ("Dr. ", "last", ""),
        ("Dr ", "last", ""),
        ("", "full", ", MD"),
        ("Dr. ", "caps_last", ""),
        ("attending Dr. ", "last", ""),
        ("hospitalist Dr. ", "last", ""),
        ("", "init_last", " MD"),
        ("resident Dr. ", "last", ""),
        ("Dr. ", "full", ""),
        ("", "full", ", DO"),
    ),
    "cna": (
        ("CNA ", "initials", ""),
        ("CNA ", "first", ""),
        ("CNA ", "full", ""),
        ("tech ", "first", ""),
        ("", "first", " (CNA)"),
        ("PCT ", "first", ""),
    ),
    "rph": (
        ("pharmacist ", "full", ""),
        ("pharmacist ", "last", ""),
        ("", "full", ", Pharm.D."),
        ("RPh ", "last", ""),
        ("Pharm.D. ", "last", ""),
    ),
    "np": (
        ("NP ", "full", ""),
        ("NP ", "last", ""),
        ("", "full", ", NP"),
        ("", "full", ", APRN"),
    ),
    "pa": (("PA ", "last", ""), ("PA ", "full", ""), ("", "full", ", PA-C")),
    "lpn": (("LPN ", "full", ""), ("LPN ", "first", ""), ("", "full", ", LPN")),
    "rt": (
        ("RT ", "first", ""),
        ("RT ", "full", ""),
        ("resp therapist ", "full", ""),
        ("", "full", ", RRT"),
    ),
    "chg": (
        ("charge nurse ", "first", ""),
        ("charge nurse ", "full", ""),
        ("charge RN ", "full", ""),
        ("", "full", " (charge RN)"),
    ),
    "ther": (
        ("PT ", "first", ""),
        ("physical therapist ", "full", ""),
        ("", "full", ", DPT"),
        ("OT ", "first", ""),
    ),
    "rel": (
        ("@rel ", "first", ""),
        ("@rel ", "full", ""),
        ("pt's @rel ", "first", ""),
        ("", "full", " (@rel)"),
        ("@rel ", "caps_full", ""),
    ),
    "rep": (
        ("", "full", ""),
        ("", "full", ", RN"),
        ("", "last_comma_first", ""),
        ("RN ", "full", ""),
        ("", "caps_full", ""),
        ("", "init_last", ", BSN, RN"),
    ),
    "sec": (
        ("security officer ", "last", ""),
        ("security officer ", "full", ""),
        ("Officer ", "last", ""),
    ),
    "mgr": (
        ("nurse manager ", "full", ""),
        ("manager ", "full", ""),
        ("", "full", ", MSN, RN"),
    ),
    "tech": (
        ("tech ", "first", ""),
        ("tech ", "full", ""),
        ("transporter ", "first", ""),
        ("lab tech ", "full", ""),
    ),
}
for _r in ("rn2", "md2"):
    _TITLES[_r] = _TITLES[_r[:-1]]
# Bare-name form weights by role (staff are mostly written by surname or initials).
_BARE: dict[str, tuple[str, ...]] = {
    "md": ("last", "last", "init_last", "full", "caps_last"),
    "md2": ("last", "full", "init_last"),
    "cna": ("first", "initials", "first", "full"),
    "ther": ("first", "full"),
    "rel": ("first", "first", "full", "caps_full"),
}


_REL_FEMALE = {
    **dict.fromkeys(
        ("daughter", "wife", "niece", "sister", "granddaughter", "mother", "aunt"), True
    ),
    **dict.fromkeys(("son", "husband", "nephew", "brother", "grandson"), False),
}


def _clock(rng: random.Random) -> str:
    h, m = rng.randrange(24), rng.choice((0, 5, 10, 15, 20, 25, 30, 40, 45, 50, 55))
    m = m if rng.random() < 0.8 else rng.randrange(60)
    k = rng.random()
    if k < 0.55:
        return f"{h:02d}{m:02d}"
    if k < 0.75:
        h12 = h % 12 or 12
        return f"{h12}:{m:02d} {rng.choice(('am', 'pm', 'AM', 'PM', 'pm'))}"
    if k < 0.9:
        return f"{h:02d}:{m:02d}"
    return f"{h:02d}{m:02d}h" if rng.random() < 0.5 else f"approx {h:02d}{m:02d}"


def _dur(rng: random.Random) -> str:
    k = rng.random()
    if k < 0.45:
        n = rng.choice((5, 10, 15, 20, 25, 30, 40, 45, 50, 60, 90, 120))
        return f"{n} {rng.choice(('min', 'minutes', 'mins'))}"
    if k < 0.85:
        n = rng.randint(2, 12)
        return f"{n} {rng.choice(('hours', 'hrs', 'hr', 'hours'))}"
    return rng.choice(("about an hour", "over an hour", "half an hour", "2 shifts"))


def _days(rng: random.Random) -> str:
    n = rng.randint(2, 9)
    return rng.choice((f"{n} days", f"{n} days", f"{n}d", f"{n} days"))


def _xdays(rng: random.Random) -> str:
    n = rng.randint(2, 9)
    return rng.choice((f"x{n} days", f"x {n} days", f"x{n}d", f"for {n} days"))


_GENERATED: dict[str, Callable[[random.Random], str]] = {
    "time": _clock,
    "dur": _dur,
    "days": _days,
    "xdays": _xdays,
    "year": lambda r: str(r.randint(1988, 2023)),
    "pod": lambda r: str(r.randint(1, 9)),
    "hd": lambda r: str(r.randint(2, 14)),
    "n": lambda r: str(r.randint(2, 6)),
    "braden": lambda r: str(r.randint(9, 22)),
    "morse": lambda r: str(r.choice(range(25, 100, 5))),
    "gcs": lambda r: str(r.randint(3, 15)),
    "apgar": lambda r: r.choice(("8/9", "9/9", "7/9", "8/8", "6/8", "9/10")),
    "inr": lambda r: f"{r.randint(28, 72) / 10:.1f}",
    "spo2": lambda r: str(r.randint(91, 100)),
    "lowspo2": lambda r: str(r.randint(62, 86)),
    "temp": lambda r: r.choice((f"{r.randint(380, 403) / 10:.1f}", "101.8F", "102.4")),
    "gluc": lambda r: str(r.randint(140, 420)),
    "lowgluc": lambda r: str(r.randint(22, 58)),
    "hgb": lambda r: f"{r.randint(62, 139) / 10:.1f}",
    "wbc": lambda r: f"{r.randint(41, 223) / 10:.1f}",
    "ebl": lambda r: f"{r.randrange(1000, 3600, 50):,}",
    "lac": lambda r: str(r.randint(1, 5)),
    "ga": lambda r: r.choice(
        (str(r.randint(34, 41)), f"{r.randint(35, 40)}+{r.randint(1, 6)}")
    ),
    "lowbp": lambda r: f"{r.randint(62, 88)}/{r.randint(30, 50)}",
    "k": lambda r: r.choice(
        (f"{r.randint(60, 78) / 10:.1f}", f"{r.randint(22, 28) / 10:.1f}")
    ),
    "trop": lambda r: f"{r.randint(8, 240) / 100:.2f}",
}

_SIMPLE_PHI = {
    "mrn": ("ID", "mrn"),
    "fin": ("ID", "account"),
    "acct": ("ID", "account"),
    "member": ("ID", "member"),
    "ssn": ("ID", "ssn"),
    "lic": ("ID", "licence"),
    "serial": ("ID", "serial"),
    "lot": ("ID", "lot"),
    "phone": ("PHONE", "phone"),
    "pager": ("PHONE", "pager"),
    "ip": ("IP", "ip"),
    "addr": ("LOCATION", "street"),
    "city": ("LOCATION", "city"),
    "zip": ("LOCATION", "zip"),
    "facility": ("LOCATION", "facility"),
    "snf": ("LOCATION", "care_home"),
    "room": ("LOCATION", "room"),
    "bed": ("LOCATION", "bed"),
    "date": ("DATE", "date"),
    "dob": ("DATE", "dob"),
}


class Slots:
    """The slot resolver of one narrative (people and fillers fixed on first use)."""

    def __init__(
        self,
        rng: random.Random,
        fake: PhiFaker,
        bank: Bank,
        *,
        perinatal: bool = False,
    ):
        self.rng = rng
        self.fake = fake
        self.bank = bank
        self.perinatal = perinatal
        self.people: dict[str, Person] = {}
        self.values: dict[str, str] = {}

    # ---------------------------------------------------------------- people

    def person(self, role: str) -> Person:
        """The person playing a role in this narrative."""
        if role not in self.people:
            female = None
            if role == "pt" and self.perinatal:
                female = True
            elif role == "rel":
                female = _REL_FEMALE.get(self.value("relation"))
            self.people[role] = self.fake.person(female)
        return self.people[role]

    def _bare_form(self, role: str) -> str:
        forms = _BARE.get(role)
        if forms:
            return self.rng.choice(forms)
        return self.rng.choices(_FORM_NAMES, weights=_FORM_WEIGHTS)[0]

    def _name(self, role: str, w: Writer) -> None:
        w.phi("PERSON", self.fake.name(self.person(role), self._bare_form(role)))

    def _titled(self, role: str, w: Writer) -> None:
        p = self.person(role)
        prefix, form, suffix = self.rng.choice(_TITLES[role])
        if form == "any":
            form = self._bare_form(role)
        prefix = prefix.replace("@title", "Mrs." if p.female else "Mr.")
        if p.female and "Mrs." in prefix and self.rng.random() < 0.6:
            prefix = prefix.replace("Mrs.", "Ms.")
        if "@rel" in prefix or "@rel" in suffix:
            rel = self.value("relation")
            prefix, suffix = prefix.replace("@rel", rel), suffix.replace("@rel", rel)
        if prefix[:1].islower() and w.at_sentence_start() and self.rng.random() < 0.8:
            prefix = prefix[0].upper() + prefix[1:]
        w.text(prefix)
        w.phi("PERSON", self.fake.name(p, form))
        w.text(suffix)

    def _baby(self, w: Writer) -> None:
        mother = self.person("pt")
        if "baby_sex" not in self.values:
            self.values["baby_sex"] = self.rng.choice(("Boy", "Girl"))
        sex = self.values["baby_sex"]
        prefix, form = self.rng.choice(
            (
                (f"Baby {sex} ", "last"),
                (f"Baby {sex} ", "caps_last"),
                (f"B{sex[0]} ", "last"),
                ("infant ", "last"),
                ("baby ", "last"),
            )
        )
        w.text(prefix)
        w.phi("PERSON", self.fake.name(mother, form))

    # ---------------------------------------------------------------- values

    def value(self, name: str) -> str:
        """A plain filler fixed for this narrative (bank list or drug pair)."""
        if name not in self.values:
            if name in ("drug", "dose", "drug2", "dose2"):
                self._pick_meds()
            elif name in ("side", "oside"):
                side = self.rng.choice(("left", "right"))
                self.values["side"] = side
                self.values["oside"] = "right" if side == "left" else "left"
            elif name in ("unit", "relation") and self.perinatal:
                self.values[name] = self.rng.choice(self.bank.fill["ob_" + name])
            else:
                self.values[name] = self.rng.choice(self.bank.fill[name])
        return self.values[name]

    def _pick_meds(self) -> None:
        drugs = list(self.bank.meds)
        d1, d2 = self.rng.sample(drugs, 2)
        self.values["drug"], self.values["drug2"] = d1, d2
        self.values["dose"] = self.rng.choice(self.bank.meds[d1])
        self.values["dose2"] = self.rng.choice(self.bank.meds[d2])

    def _age(self, w: Writer) -> None:
        if "age" not in self.values:
            r = self.rng
            if self.perinatal:
                self.values["age"] = str(r.randint(17, 44))
            elif r.random() < 0.16:
                self.values["age"] = self.fake.age_over_89()
            else:
                self.values["age"] = str(int(r.triangular(19, 89, 76)))
        age = self.values["age"]
        if int(age) > 89:
            w.phi("AGE", age)
        else:
            w.plain(age)

    def _domain(self) -> str:
        if "domain" not in self.values:
            r = self.rng
            base = r.choice(
                (
                    f"st{r.choice(('brigid', 'luke', 'joseph', 'mary', 'vincent'))}",
                    ascii_fold(str(self.fake.us.last_name())),
                    ascii_fold(str(self.fake.us.city())),
                )
            )
            tail = r.choice(("health", "med", "hospital", "", "mc", "hs"))
            self.values["domain"] = f"{base}{tail}.{r.choice(('org', 'org', 'com'))}"
        return self.values["domain"]

    def _pronoun(self, name: str, w: Writer) -> None:
        female = self.person("pt").female
        word = {
            "he": "she" if female else "he",
            "his": "her" if female else "his",
            "him": "her" if female else "him",
        }[name.lower()]
        w.text(word.capitalize() if name[0].isupper() else word)

    def _sex(self, w: Writer, letter: bool) -> None:
        female = self.person("pt").female
        forms = ("F", "female", "woman", "F") if female else ("M", "male", "man", "M")
        w.text(forms[0] if letter else self.rng.choice(forms))

    # ---------------------------------------------------------------- resolve

    def resolve(self, name: str, w: Writer) -> None:
        """Append the filling of one slot."""
        if name in ROLES:
            self._name(name, w)
        elif name.lower() in ROLES and name.isupper():
            self._titled(name.lower(), w)
        elif name == "BABY":
            self._baby(w)
        elif name in _SIMPLE_PHI:
            phi_type, maker = _SIMPLE_PHI[name]
            w.phi(phi_type, getattr(self.fake, maker)())
        elif name == "age":
            self._age(w)
        elif name == "email":
            p = self.person("rep") if self.rng.random() < 0.7 else None
            w.phi("EMAIL", self.fake.email(p, self._domain()))
        elif name == "pemail":
            w.phi("EMAIL", self.fake.email(self.person("rel")))
        elif name == "url":
            w.phi("URL", self.fake.url(self._domain()))
        elif name == "pavilion":
            if "pavilion" not in self.values:
                self.values["pavilion"] = self.fake.pavilion()
            w.phi("LOCATION", self.values["pavilion"])
        elif name in _GENERATED:
            w.plain(_GENERATED[name](self.rng))
        elif name in ("he", "He", "his", "His", "him"):
            self._pronoun(name, w)
        elif name in ("sex", "mf"):
            self._sex(w, letter=name == "mf")
        else:
            w.plain(self.value(name))


def known_slots(bank: Bank) -> set[str]:
    """Every slot name the resolver understands (for checking the banks)."""
    names = set(ROLES) | {r.upper() for r in ROLES} | {"BABY", "age", "email"}
    names |= set(_SIMPLE_PHI) | set(_GENERATED) | {"pemail", "url", "pavilion"}
    names |= {"he", "He", "his", "His", "him", "sex", "mf", "drug", "dose", "drug2"}
    names |= {"dose2", "side", "oside"} | set(bank.fill)
    return names
