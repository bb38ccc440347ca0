"""Surface forms of fake PHI: people, dates, numbers, contacts and places.

Every value comes from one ``random.Random`` and Faker instances seeded from it, so a
seed fixes every surface. Values carry no outer whitespace (they become PHI spans).
"""

from __future__ import annotations

import random
import string
import unicodedata
from dataclasses import dataclass

from faker import Faker

LOCALES: tuple[str, ...] = (
    "en_US",
    "es_MX",
    "en_GB",
    "en_IN",
    "fr_FR",
    "de_DE",
    "it_IT",
    "pl_PL",
    "pt_BR",
    "vi_VN",
)
_LOCALE_WEIGHTS = (34, 12, 7, 8, 6, 6, 6, 5, 8, 8)

# Names that are also ordinary words (a classic de-identification trap).
WORD_FIRST_F: tuple[str, ...] = (
    "Rose",
    "Hope",
    "Faith",
    "Grace",
    "Joy",
    "Sandy",
    "Summer",
    "April",
)
WORD_FIRST_F += ("Dawn", "Holly", "Ivy", "Iris", "Crystal", "Autumn", "Rosemary")
WORD_FIRST_M: tuple[str, ...] = (
    "Will",
    "Mark",
    "Bill",
    "Guy",
    "Bob",
    "Chase",
    "Sandy",
    "Jack",
)
WORD_FIRST_M += ("Rich", "Hunter", "Grant", "Miles", "Lance", "Art", "Frank")
WORD_LAST: tuple[str, ...] = (
    "Young",
    "Brown",
    "Black",
    "Page",
    "White",
    "Green",
    "Rose",
    "Love",
)
WORD_LAST += ("Hall", "Wood", "King", "Price", "Bell", "Cook", "Short", "Small")
WORD_LAST += ("Gay", "Moody", "Strong", "Hope", "Day", "Best", "Little", "Sharp")

MONTHS = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)
_SAINTS: tuple[str, ...] = (
    "Brigid",
    "Luke",
    "Joseph",
    "Mary",
    "Vincent",
    "Anne",
    "Francis",
    "Jude",
)
_SAINTS += ("Elizabeth", "Catherine", "Michael", "Agnes", "Clare", "Rita", "Peter")
_TREES: tuple[str, ...] = (
    "Hawthorne",
    "Cedar",
    "Magnolia",
    "Willow",
    "Juniper",
    "Sycamore",
    "Aspen",
)
_TREES += ("Birch", "Linden", "Cypress", "Laurel", "Chestnut", "Hemlock", "Alder")
_HOSP_KIND: tuple[str, ...] = (
    "Medical Center",
    "Hospital",
    "Regional Medical Center",
    "Health",
)
_HOSP_KIND += ("Community Hospital", "General Hospital", "Memorial Hospital")
_EXTENDED: tuple[str, ...] = (
    "Nursing & Rehab",
    "Rehabilitation Center",
    "Skilled Nursing Facility",
)
_EXTENDED += ("Care Center", "Senior Living", "Assisted Living", "Health Center")
_WINGS: tuple[str, ...] = (
    "Pavilion",
    "Tower",
    "Wing",
    "Building",
    "Pavilion",
    "Heart Pavilion",
)
_WINGS += ("Women's Pavilion", "Children's Pavilion", "Tower", "Surgical Pavilion")
_MAIL: tuple[str, ...] = (
    "gmail.com",
    "yahoo.com",
    "outlook.com",
    "aol.com",
    "icloud.com",
)
_MAIL += ("hotmail.com", "comcast.net", "proton.me")
_STREETS: tuple[str, ...] = (
    "St",
    "St.",
    "Street",
    "Ave",
    "Ave.",
    "Avenue",
    "Rd",
    "Road",
    "Dr",
)
_STREETS += ("Drive", "Ln", "Lane", "Blvd", "Ct", "Way", "Pl", "Terrace", "Pike")


# Clinical words that must stay non-PHI (eponyms, brands, unit types): never a name.
NOT_NAMES = frozenset(
    {
        *("foley", "morse", "braden", "apgar", "glasgow", "parkinson", "whipple"),
        *("pyxis", "alaris", "omnicell", "bair", "hugger", "coumadin", "zosyn"),
        *("heparin", "ed", "icu", "pacu", "west", "east", "north", "south", "hd"),
        *("pod", "inr", "gcs", "or", "rn", "md", "pt"),
    }
)


@dataclass(frozen=True)
class Person:
    """A fake person: given and family name, and a gender for titles/pronouns."""

    first: str
    last: str
    female: bool
    middle: str = ""


def ascii_fold(s: str) -> str:
    """Name text folded to lowercase ASCII letters (for emails and domains)."""
    norm = unicodedata.normalize("NFKD", s)
    folded = "".join(c for c in norm if c.isascii() and c.isalpha())
    return (folded or "x").lower()


class PhiFaker:
    """Fake PHI surfaces drawn from one seeded Random (and Fakers seeded from it)."""

    def __init__(self, rng: random.Random):
        self.rng = rng
        self._fakers: dict[str, Faker] = {}
        for loc in LOCALES:
            f = Faker(loc)
            f.seed_instance(rng.getrandbits(64))
            self._fakers[loc] = f
        self.us = self._fakers["en_US"]

    # ------------------------------------------------------------------ people

    def person(self, female: bool | None = None) -> Person:
        """A person from a weighted choice of locales; sometimes a word-name."""
        r = self.rng
        if female is None:
            female = r.random() < 0.5
        loc = r.choices(LOCALES, weights=_LOCALE_WEIGHTS)[0]
        f = self._fakers[loc]
        first, last = "Ed", "Foley"
        while first.lower() in NOT_NAMES or last.lower() in NOT_NAMES:
            first = str(f.first_name_female() if female else f.first_name_male())
            last = str(f.last_name())
        if r.random() < 0.12:
            first = r.choice(WORD_FIRST_F if female else WORD_FIRST_M)
        if r.random() < 0.10:
            last = r.choice(WORD_LAST)
        middle = r.choice(string.ascii_uppercase) if r.random() < 0.3 else ""
        return Person(first.strip(), last.strip(), female, middle)

    def name(self, p: Person, form: str) -> str:
        """One written form of a person's name."""
        first, last = p.first, p.last
        fi, li = first[0], last[0]
        forms = {
            "full": f"{first} {last}",
            "last": last,
            "first": first,
            "init_last": f"{fi}. {last}",
            "init_last_nodot": f"{fi} {last}",
            "last_comma_first": f"{last}, {first}",
            "initials": f"{fi}{li}".upper(),
            "initials_dots": f"{fi}.{li}.".upper(),
            "caps_full": f"{first} {last}".upper(),
            "caps_last_first": f"{last}, {first}".upper(),
            "caps_last": last.upper(),
            "last_init": f"{last} {fi}.",
            "full_middle": f"{first} {p.middle or 'J'}. {last}",
            "first_init": f"{first} {li}.",
        }
        return forms[form]

    # ------------------------------------------------------------------ dates

    def date(self) -> str:
        """A full or partial date in one of many written forms."""
        r = self.rng
        y = r.randint(2017, 2025)
        m = r.randint(1, 12)
        d = r.randint(1, 28)
        mon = MONTHS[m - 1]
        ab = mon[:3]
        nth = _ordinal(d)
        forms = (
            f"{m}/{d}/{y}",
            f"{m:02d}/{d:02d}/{y}",
            f"{m:02d}-{d:02d}-{y % 100:02d}",
            f"{m}/{d}/{y % 100:02d}",
            f"{m}/{d}",
            f"{mon} {d}",
            f"{mon} {d}, {y}",
            f"{d} {ab} {y}",
            f"{d}-{ab}-{y % 100:02d}",
            f"{d}-{ab.upper()}-{y}",
            f"{y}-{m:02d}-{d:02d}",
            f"{ab}. {nth}",
            f"{ab} {d}",
            f"{mon} {nth}",
            f"the {nth}",
            f"{d}.{m}.{y}",
            f"{ab} {d} {y}",
            f"{mon[:3].upper()} {d:02d} {y}",
            f"{y}{m:02d}{d:02d}",
        )
        weights = (10, 8, 6, 4, 6, 6, 6, 5, 3, 2, 6, 3, 3, 3, 2, 1, 2, 2, 1)
        return r.choices(forms, weights=weights)[0]

    def dob(self) -> str:
        """A date of birth (an adult's)."""
        r = self.rng
        y, m, d = r.randint(1921, 2004), r.randint(1, 12), r.randint(1, 28)
        forms = (
            f"{m}/{d}/{y}",
            f"{m:02d}/{d:02d}/{y}",
            f"{y}-{m:02d}-{d:02d}",
            f"{d} {MONTHS[m - 1][:3]} {y}",
            f"{m}/{d}/{y % 100:02d}",
            f"{MONTHS[m - 1]} {d}, {y}",
        )
        return r.choice(forms)

    # ------------------------------------------------------------------ numbers

    def _digits(self, n: int) -> str:
        return "".join(self.rng.choice(string.digits) for _ in range(n))

    def _letters(self, n: int) -> str:
        return "".join(self.rng.choice(string.ascii_uppercase) for _ in range(n))

    def _pick(self, *makers: str) -> str:
        """Expand one pattern: 9 -> digit, A -> letter, other characters kept."""
        pat = self.rng.choice(makers)
        out = []
        for c in pat:
            if c == "9":
                out.append(self.rng.choice(string.digits))
            elif c == "A":
                out.append(self.rng.choice(string.ascii_uppercase))
            else:
                out.append(c)
        return "".join(out)

    def mrn(self) -> str:
        """A medical record number."""
        return self._pick(
            "99999999",
            "0099999",
            "009999999",
            "9999999",
            "M9999999",
            "E99999999",
            "999-99-999",
            "9999-999-99",
            "MR-9999-9999",
            "A99999999",
            "99999999-9",
        )

    def account(self) -> str:
        """An account / FIN / encounter number."""
        return self._pick(
            "9999999999",
            "9999999-99",
            "A999999999",
            "99999999",
            "FN99999999",
            "999-9999999",
            "V9999999999",
            "99999999999",
        )

    def member(self) -> str:
        """A health-plan member / subscriber / Medicare number."""
        return self._pick(
            "AAA999999999",
            "A999999999",
            "9AA9-AA9-AA99",
            "AAA-99-9999-9",
            "99999999A",
            "W999999999",
            "ZGP99999999",
            "99999999999",
        )

    def ssn(self) -> str:
        """A social security number."""
        return self._pick("999-99-9999", "999 99 9999", "999999999")

    def licence(self) -> str:
        """A professional licence or DEA number."""
        return self._pick(
            "RN999999",
            "9999999",
            "MD-99999",
            "AA9999999",
            "999999RN",
            "LPN-99999",
            "99-999999",
            "A99999",
        )

    def serial(self) -> str:
        """A device serial / asset / pump identifier."""
        return self._pick(
            "9A9-99999-A",
            "A99A9A9A9",
            "9999-9999-99",
            "AA99999999",
            "99999999",
            "SN99999A",
            "BME-999999",
            "99A99999",
            "A-99999",
        )

    def lot(self) -> str:
        """A lot / batch / unit number (devices, blood products)."""
        return self._pick(
            "9A9999",
            "A9999-999",
            "A99999A",
            "99AA999",
            "W999999999999",
            "999999",
            "A99A99",
        )

    # ------------------------------------------------------------------ contacts

    def phone(self) -> str:
        """A phone or fax number (many formats, some with an extension)."""
        r = self.rng
        a, b, c = self._digits(3), self._digits(3), self._digits(4)
        a = str(r.randint(2, 9)) + a[1:]
        forms = (
            f"({a}) {b}-{c}",
            f"{a}-{b}-{c}",
            f"{a}.{b}.{c}",
            f"{a} {b} {c}",
            f"+1 {a} {b} {c}",
            f"+1 ({a}) {b}-{c}",
            f"1-{a}-{b}-{c}",
            f"({a}){b}-{c}",
            f"{a}{b}{c}",
            f"{a}-{b}-{c} ext. {self._digits(r.choice((3, 4)))}",
            f"({a}) {b}-{c} x{self._digits(r.choice((3, 4)))}",
            f"{b}-{c}",
        )
        weights = (14, 14, 5, 3, 3, 3, 3, 3, 2, 5, 4, 4)
        return r.choices(forms, weights=weights)[0]

    def pager(self) -> str:
        """A pager number."""
        return self._pick("99999", "9-9999", "999-9999", "(999) 999-9999")

    def email(self, p: Person | None = None, domain: str | None = None) -> str:
        """An email address, usually built from a person's name."""
        r = self.rng
        if p is None:
            p = self.person()
        first, last = ascii_fold(p.first), ascii_fold(p.last)
        local = r.choice(
            (
                f"{first}.{last}",
                f"{first[0]}{last}",
                f"{last}.{first[0]}",
                f"{first}{last[0]}{r.randint(1, 99)}",
                f"{first}_{last}",
                f"{first}.{last}{r.randint(2, 9)}",
            )
        )
        dom = domain or r.choice(_MAIL)
        return f"{local}@{dom}"

    def url(self, domain: str | None = None) -> str:
        """A URL (portal, intranet link, report link)."""
        r = self.rng
        dom = domain or f"{ascii_fold(str(self.us.domain_word()))}.org"
        path = r.choice(
            (
                f"/incident/{self._digits(6)}",
                f"/rl/report?id={self._digits(7)}",
                f"/patients/{self._digits(8)}",
                "/mychart",
                f"/safety/events/{self._digits(5)}",
                f"/portal/login?u={self._letters(2).lower()}{self._digits(4)}",
                "",
            )
        )
        scheme = r.choice(("https://", "https://", "http://", "", "https://www."))
        host = r.choice((dom, f"intranet.{dom}", f"portal.{dom}", f"ehr.{dom}"))
        if scheme.endswith("www."):
            host = dom
        elif not scheme:
            host = "www." + dom
        return f"{scheme}{host}{path}"

    def ip(self) -> str:
        """An IPv4 address (mostly private ranges, as on hospital networks)."""
        if self.rng.random() < 0.75:
            return str(self.us.ipv4_private())
        return str(self.us.ipv4_public())

    # ------------------------------------------------------------------ places

    def street(self) -> str:
        """A street address."""
        r = self.rng
        if r.random() < 0.5:
            return str(self.us.street_address())
        num = str(r.randint(1, 9999))
        name = r.choice(
            (str(self.us.last_name()), r.choice(_TREES), str(self.us.first_name()))
        )
        s = f"{num} {name} {r.choice(_STREETS)}"
        if r.random() < 0.25:
            s += r.choice((" Apt ", " Apt. ", " #", " Unit ", " Lot "))
            s += str(r.randint(1, 40)) + r.choice(("", "", "B", "C"))
        return s

    def city(self) -> str:
        """A city or town name."""
        return str(self.us.city())

    def zip(self) -> str:
        """A ZIP or ZIP+4 code."""
        if self.rng.random() < 0.2:
            return f"{self._digits(5)}-{self._digits(4)}"
        return self._digits(5)

    def facility(self) -> str:
        """A hospital, rehab or nursing-facility name."""
        r = self.rng
        k = r.randrange(6)
        return self._facility(k)

    def care_home(self) -> str:
        """A nursing home, rehab or assisted-living name."""
        return self._facility(self.rng.choice((3, 4)))

    def _facility(self, k: int) -> str:
        r = self.rng
        if k == 0:
            return f"St. {r.choice(_SAINTS)} {r.choice(_HOSP_KIND)}"
        if k == 1:
            return f"{self.city()} {r.choice(_HOSP_KIND)}"
        if k == 2:
            return f"{self.us.last_name()} Memorial Hospital"
        if k == 3:
            return f"{r.choice(_TREES)} {r.choice(_EXTENDED)}"
        if k == 4:
            return f"{self.us.last_name()} {r.choice(_EXTENDED)}"
        return f"{r.choice(_TREES)} Valley {r.choice(_HOSP_KIND)}"

    def pavilion(self) -> str:
        """A named building or unit with a proper name."""
        r = self.rng
        base = r.choice((r.choice(_TREES), str(self.us.last_name()), r.choice(_SAINTS)))
        return f"{base} {r.choice(_WINGS)}"

    def room(self) -> str:
        """A room number."""
        return self._pick(
            "999", "999", "9999", "99", "A-999", "999A", "999B", "9-999", "B999"
        )

    def bed(self) -> str:
        """A bed number or letter."""
        return self._pick("99A", "9", "A", "9A", "99", "B", "9B")

    def age_over_89(self) -> str:
        """An age over 89 (PHI)."""
        return str(self.rng.choice((90, 91, 92, 93, 94, 95, 96, 97, 98, 99, 101, 103)))


def _ordinal(d: int) -> str:
    if 10 <= d % 100 <= 20:
        suffix = "th"
    else:
        suffix = {1: "st", 2: "nd", 3: "rd"}.get(d % 10, "th")
    return f"{d}{suffix}"
