"""Extra NER-only training notes in ICU progress-note style (hard negatives + cued PHI).

The corpus holds incident narratives; on ICU nursing notes (ALL CAPS, vitals, ranges,
vent settings, lab strings) a model trained on them alone reads vitals as phones, ranges
as dates and clinical words as names (docs/deid.md). These notes are written by this
module from generic clinical vocabulary and the corpus's own fake-PHI maker
(`triage.corpus.fakephi.PhiFaker`); they teach what is NOT PHI in that style, and what
is (names after cues, facilities, m/d dates, pagers). Nothing here comes from any
evaluation set. Seeded: the same seed gives the same notes.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass

from triage.corpus.fakephi import PhiFaker

# Labels the notes can carry (a subset of the NER's).
LABELS = frozenset(["PERSON", "DATE", "AGE", "PHONE", "LOCATION"])

# A piece is plain text, or (TYPE, surface) for a PHI span.
Piece = str | tuple[str, str]


@dataclass(frozen=True)
class AugNote:
    """One generated note: text and PHI spans (type, start, end)."""

    text: str
    spans: tuple[tuple[str, int, int], ...]


_RHYTHMS = ("SR", "NSR", "ST", "SB", "AFIB", "A-FIB", "SR W/ OCC PVCS", "PACED")
_DRUGS = (
    "PROPOFOL",
    "FENTANYL",
    "ATIVAN",
    "LEVOPHED",
    "NEO",
    "DOPAMINE",
    "HEPARIN",
    "INSULIN",
    "LASIX",
    "NITRO",
    "VERSED",
    "MSO4",
    "DILTIAZEM",
    "AMIODARONE",
    "VANCO",
    "ZOSYN",
    "FLAGYL",
    "KCL",
    "MAG SULFATE",
    "TYLENOL",
)
_MODES = ("A/C", "SIMV", "PSV", "CPAP", "BIPAP", "AC", "PS")
_COLORS = ("CLEAR YELLOW", "AMBER", "DARK AMBER", "PINK TINGED", "CLOUDY", "YELLOW")
_SPUTUM = ("THICK TAN", "THICK WHITE", "MOD AMT WHITE", "SM AMT BLOOD TINGED", "TAN")
_HEADERS = (
    "NEURO",
    "CV",
    "RESP",
    "PULM",
    "GI",
    "GU",
    "RENAL",
    "ID",
    "SKIN",
    "ENDO",
    "HEME",
    "SOCIAL",
    "PLAN",
    "A/P",
    "MS",
    "LINES",
    "ACCESS",
)
_PHRASES = (
    "A+OX3, MAE, FOLLOWS COMMANDS",
    "REMAINS SEDATED ON PROPOFOL, OPENS EYES TO PAINFUL STIMULI",
    "PERRL, MOVES ALL EXTREMITIES",
    "LETHARGIC BUT AROUSABLE",
    "MORE AWAKE THIS AM, NODDING APPROPRIATELY",
    "LS COARSE BILATERALLY, DIMINISHED AT BASES",
    "LUNG SOUNDS CLEAR UPPER, CRACKLES LOWER",
    "ABD SOFT, NONTENDER, +BS",
    "TOL TUBE FEEDS WELL, RESIDUALS LOW",
    "NO BM TODAY, COLACE GIVEN",
    "SKIN INTACT, TURNED AND REPOSITIONED Q2H",
    "COCCYX REDDENED, DUODERM APPLIED",
    "AFEBRILE, CULTURES PENDING",
    "CONTINUES ON ANTIBIOTICS AS ORDERED",
    "MONITOR HEMODYNAMICS, TITRATE DRIPS AS ORDERED",
    "CONT TO WEAN VENT AS TOLERATED",
    "PULM TOILET, SX PRN",
    "UNABLE TO WEDGE, WAVEFORM DAMPENED",
    "SWAN IN PLACE, NUMBERS STABLE",
    "NPO AFTER MIDNIGHT FOR PROCEDURE",
    "WILL REATTEMPT TOMORROW",
    "EDEMA OF ARMS, LEGS, HIPS",
    "VENOUS STASIS CHANGES BLE",
    "MIXED VENOUS SENT",
    "RESP CARE NOTE",
    "TELEPHONE CALL FROM FAMILY",
    "DIURESING WELL",
    "GOOD WAVEFORM ON A-LINE",
    "PAIN CONTROLLED WITH PRN MEDS",
    "SLIDING SCALE INSULIN COVERAGE",
    "SINUS RHYTHM MAINTAINED, NO ECTOPY",
    "SPONT VOLS ADEQUATE",
    "TRACH SITE CLEAN AND DRY",
    "OOB TO CHAIR WITH ASSIST X2",
    "FULL CODE",
    "DNR/DNI PER FAMILY",
    "POST OP DAY 2, DRESSING DRY AND INTACT",
    "CONTINUES ON HEPARIN GTT, PTT PENDING",
)
_KIN = ("WIFE", "HUSBAND", "DAUGHTER", "SON", "SISTER", "BROTHER", "MOTHER", "NIECE")
_CUED_NAME = (
    "DR {last} AWARE",
    "SEEN BY DR {last}",
    "DR {last} NOTIFIED OF {lab} {num}",
    "PER DR {last}, CONT CURRENT PLAN",
    "HO DR {last} PAGED",
    "{kin} {first} IN TO VISIT, UPDATED ON PLAN",
    "{kin} {first} CALLED, QUESTIONS ANSWERED",
    "FAMILY MEETING WITH {kin} {first} AND DR {last}",
    "PCP IS DR {last}",
)


def _num(rng: random.Random, lo: int, hi: int) -> str:
    return str(rng.randint(lo, hi))


def _rng_range(rng: random.Random, lo: int, hi: int) -> str:
    a = rng.randint(lo, hi)
    return f"{a}-{a + rng.randint(2, max(3, (hi - lo) // 3))}"


def _dec(rng: random.Random, lo: float, hi: float, nd: int = 1) -> str:
    return f"{rng.uniform(lo, hi):.{nd}f}"


def _negatives(rng: random.Random) -> list[Callable[[], str]]:
    """Vitals, ranges, vent settings, labs, doses, times: never PHI."""
    r = rng
    return [
        lambda: f"HR {_rng_range(r, 60, 120)} {r.choice(_RHYTHMS)}",
        lambda: (
            f"BP {_num(r, 80, 160)}/{_num(r, 40, 90)}"
            f"-{_num(r, 90, 170)}/{_num(r, 50, 95)}"
        ),
        lambda: f"BP {_num(r, 80, 160)}/{_num(r, 40, 90)}, MAP {_rng_range(r, 55, 90)}",
        lambda: (
            f"RR {_rng_range(r, 12, 30)}, SPO2 {_rng_range(r, 88, 97)}% ON "
            f"{_num(r, 2, 6)}L NC"
        ),
        lambda: f"TMAX {_dec(r, 98.0, 102.5)}, T {_dec(r, 97.0, 101.0)} PO",
        lambda: (
            f"VENT {r.choice(_MODES)} {_num(r, 400, 700)}X{_num(r, 10, 20)}/"
            f"{_num(r, 5, 10)}/{_num(r, 40, 60)}%"
        ),
        lambda: (
            f"{r.choice(_MODES)} {_num(r, 5, 15)}/{_num(r, 5, 10)}, PEEP "
            f"{_num(r, 5, 12)}, FIO2 {_num(r, 30, 70)}%"
        ),
        lambda: (
            f"ABG {_dec(r, 7.2, 7.5, 2)}/{_num(r, 30, 60)}/{_num(r, 60, 140)}/"
            f"{_num(r, 18, 32)}"
        ),
        lambda: (
            f"CVP {_rng_range(r, 5, 20)}, PAP {_num(r, 25, 60)}/{_num(r, 10, 30)}, "
            f"CO/CI {_dec(r, 3, 8)}/{_dec(r, 1.8, 4, 2)}, SVR {_num(r, 500, 1500)}"
        ),
        lambda: (
            f"K {_dec(r, 3.0, 5.5)}, NA {_num(r, 128, 148)}, BUN {_num(r, 8, 90)}, "
            f"CREAT {_dec(r, 0.6, 4.0)}"
        ),
        lambda: (
            f"HCT {_dec(r, 22, 40)}, WBC {_dec(r, 4, 25)}, PLT {_num(r, 40, 400)}, "
            f"INR {_dec(r, 0.9, 4)}"
        ),
        lambda: f"{r.choice(_DRUGS)} {_num(r, 1, 100)} MG IV Q{r.choice('468')}H",
        lambda: f"{r.choice(_DRUGS)} GTT AT {_dec(r, 0.5, 20)} MCG/KG/MIN",
        lambda: (
            f"{r.choice(_DRUGS)} DRIP TITRATED {_num(r, 1, 20)}-{_num(r, 21, 40)} U/HR"
        ),
        lambda: f"U/O {_rng_range(r, 20, 200)} CC/HR, {r.choice(_COLORS)} URINE",
        lambda: (
            f"I/O {_num(r, 800, 4000)}/{_num(r, 500, 3000)}, "
            f"NEG {_num(r, 100, 1500)}CC SINCE MIDNIGHT"
        ),
        lambda: (
            f"FS {_rng_range(r, 80, 300)}, COVERED W/ {_num(r, 2, 12)} U REG INSULIN"
        ),
        lambda: f"SX FOR {r.choice(_SPUTUM)} SPUTUM",
        lambda: f"GIVEN @ {_num(r, 0, 23):0>2}{r.choice(('00', '30', '15'))}",
        lambda: f"X {_num(r, 2, 5)} DAYS",
        lambda: f"POD {_num(r, 1, 9)}",
        lambda: f"PAIN {_num(r, 0, 10)}/10",
        lambda: f"WT {_dec(r, 50, 130)} KG, UP {_dec(r, 0.5, 3)} KG",
        lambda: f"TV {_rng_range(r, 350, 600)}, RR {_num(r, 10, 30)}'S",
        lambda: f"{_num(r, 1, 4)} UNITS PRBC, {_num(r, 1, 4)} FFP",
        lambda: f"{r.choice(_HEADERS)}: {r.choice(_PHRASES)}",
        lambda: r.choice(_PHRASES),
    ]


def _positive(rng: random.Random, fake: PhiFaker) -> list[Piece]:
    """One cued PHI phrase in note style."""
    r = rng
    p = fake.person()
    k = r.randrange(10)
    if k <= 3:
        tpl = r.choice(_CUED_NAME)
        out: list[Piece] = []
        rest = tpl
        while "{" in rest:
            pre, _, tail = rest.partition("{")
            key, _, rest = tail.partition("}")
            out.append(pre)
            if key == "last":
                out.append(("PERSON", p.last))
            elif key == "first":
                out.append(("PERSON", p.first))
            elif key == "kin":
                out.append(r.choice(_KIN))
            elif key == "lab":
                out.append(r.choice(("K", "HCT", "INR", "LACTATE")))
            else:
                out.append(_num(r, 2, 9))
        out.append(rest)
        return out
    if k == 4:
        return [
            r.choice(("TRANSFERRED FROM ", "ADMITTED TO ", "REFERRED FROM ")),
            ("LOCATION", fake.facility()),
            " ON ",
            ("DATE", f"{r.randint(1, 12)}/{r.randint(1, 28)}"),
        ]
    if k == 5:
        return [
            r.choice(("ADMITTED ", "SEEN IN EW ", "EXTUBATED ", "LAST BM ")),
            ("DATE", f"{r.randint(1, 12)}/{r.randint(1, 28)}"),
        ]
    if k == 6:
        return [
            "LIVES IN ",
            ("LOCATION", fake.city()),
            " WITH ",
            r.choice(_KIN),
        ]
    if k == 7:
        return [r.choice(("PAGE ", "BEEPER ", "CALL ")), ("PHONE", fake.pager())]
    if k == 8:
        age = r.choice((r.randint(40, 89), r.randint(40, 89), r.randint(90, 99)))
        sex = r.choice(("M", "F", "YO M", "YO F"))
        age_piece: Piece = ("AGE", str(age)) if age >= 90 else str(age)
        return ["PT IS A ", age_piece, f" {sex}"]
    return [("PERSON", f"{p.first} {p.last}".upper()), ", RN"]


def _case(text: str, mode: str) -> str:
    if mode == "upper":
        return text.upper()
    if mode == "lower":
        return text.lower()
    # mixed: sentence-ish case of the generic words, PHI keeps its own case
    return text[:1] + text[1:].lower()


def generate(n: int, seed: int) -> list[AugNote]:
    """n ICU-style notes with their PHI spans, deterministic for a seed."""
    rng = random.Random(seed)
    fake = PhiFaker(random.Random(seed + 1))
    negatives = _negatives(rng)
    notes: list[AugNote] = []
    for _ in range(n):
        mode = rng.choices(("upper", "mixed", "lower"), weights=(5, 4, 1))[0]
        pieces: list[Piece] = []
        for i in range(rng.randint(5, 12)):
            if i:
                pieces.append(rng.choice((". ", "; ", ", ", ". ", "\n", " ")))
            if rng.random() < 0.22:
                pieces.extend(_positive(rng, fake))
            else:
                pieces.append(rng.choice(negatives)())
        pieces.append(".")
        text, spans = "", []
        for piece in pieces:
            if isinstance(piece, tuple):
                label, surface = piece
                if mode == "upper":
                    surface = surface.upper()
                elif mode == "lower":
                    surface = surface.lower()
                spans.append((label, len(text), len(text) + len(surface)))
                text += surface
            else:
                text += _case(piece, mode) if mode != "upper" else piece
        notes.append(AugNote(text, tuple(spans)))
    return notes
