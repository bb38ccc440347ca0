"""Table tests of the gate on NER output: model hits need evidence where models misfire.

The gate (`recognizers/spacy_ner._plausible`) is what keeps the trained NER from
calling ICU vitals phones, ranges dates and clinical words names (docs/deid.md). Each
case is a text, the span a model proposed, its label, and whether the gate keeps it.
"""

from __future__ import annotations

import pytest
import spacy
from spacy.language import Language

from training import phi_ner_augment
from training.train_phi_ner import DEFAULT_CONFIG, load_config
from triage.pipelines import allow_list, name_gazetteer
from triage.pipelines.recognizers.date import plausible_date
from triage.pipelines.recognizers.spacy_ner import _person_core, _plausible, _style


@pytest.fixture(scope="module")
def nlp() -> Language:
    return spacy.blank("en")


GATE_CASES = [
    # names: a cue, a credential, a known name, or mid-sentence Title case
    ("Pt found on floor by RN Okafor at 0340.", "Okafor", "PERSON", True),
    ("Report given to Velta Weston, RN.", "Velta Weston", "PERSON", True),
    ("Family meeting held; Ngozi Adeyemi attended.", "Ngozi Adeyemi", "PERSON", True),
    ("Seen today and Kowalczyk agreed with the plan.", "Kowalczyk", "PERSON", True),
    ("DAUGHTER SHANNON CALLED, UPDATED.", "SHANNON", "PERSON", True),
    ("PT IS LETHARGIC. PAGED DR QUENNEVILLE.", "QUENNEVILLE", "PERSON", True),
    # ... and clinical words are not
    ("NEURO: REMAINS SEDATED, RASS -3.", "REMAINS", "PERSON", False),
    ("MS: REMAINS SEDATED, RASS -3.", "REMAINS", "PERSON", False),
    ("SX FOR THICK WHITE SPUTUM.", "THICK WHITE", "PERSON", False),
    ("Resp Care Note: pt on vent.", "Resp", "PERSON", False),
    ("neuro: pt lethargic, arousable to voice.", "lethargic", "PERSON", False),
    ("son brought in pasta from home.", "pasta", "PERSON", False),
    ("Reported by the night nurse.", "Reported", "PERSON", False),
    ("Craving Miller beer tonight.", "Craving Miller", "PERSON", False),
    # dictionary words no name list holds: not names, even after a kin word
    ("CV: Systems Review completed at 0800.", "Systems Review", "PERSON", False),
    ("SOCIAL: NIECE AND DAUGHTER VISITING AT 1500.", "VISITING", "PERSON", False),
    ("FAMILY: WIFE STAYED OVERNIGHT.", "STAYED", "PERSON", False),
    # ... but names that are also words are in the name lists and stay
    ("Seen today by RN Gray at 0400.", "Gray", "PERSON", True),
    # ALL-CAPS notes: a name-list word that is also an English word is no evidence
    # alone ("MIST", "DOPPLER"), nor is a bare letter ("T MAX") or the day's maximum
    ("O2 VIA COOL MIST AT 35%.", "COOL MIST", "PERSON", False),
    ("PEDAL PULSES DOPPLER ONLY.", "DOPPLER", "PERSON", False),
    ("T MAX 101.2, BLOOD CX SENT.", "T MAX", "PERSON", False),
    ("ID: MAX TEMP 38.9 OVERNIGHT.", "MAX", "PERSON", False),
    ("Id: Max 38.4 overnight, cultures sent.", "Max", "PERSON", False),
    # ... a known name that is no English word, two known names, or a given name
    # with an initial or an unknown surname still are
    ("ROSALIND IN TO VISIT.", "ROSALIND", "PERSON", True),
    ("ROSALIND WALSH IN TO VISIT.", "ROSALIND WALSH", "PERSON", True),
    ("MARLON V. CALLED FOR UPDATE.", "MARLON V.", "PERSON", True),
    ("MARLON PENHALIGON CALLED FOR UPDATE.", "MARLON PENHALIGON", "PERSON", True),
    ("PAGED BY VARGAS ABOUT K.", "VARGAS", "PERSON", True),
    # mixed case: a Title-case word beside an acronym is a clinical phrase, a
    # camel-case word a product, a symbol a lab value
    ("SKIN: Bilateral LE edema, weeping.", "Bilateral LE", "PERSON", False),
    ("Pt resting. Arterial SBP 90s.", "Arterial SBP", "PERSON", False),
    ("Remains on a BariAir mattress.", "BariAir", "PERSON", False),
    ("Labs drawn, He K+ 3.1 this am.", "He K+", "PERSON", False),
    ("Meet at 42 Larkin St tomorrow.", "Larkin St", "PERSON", True),
    ("Seen today, Ngozi Adeyemi agreed.", "Ngozi Adeyemi", "PERSON", True),
    # a greeting is a cue, even for a name no list holds
    ("Hi Vuokko, thanks for the update.", "Vuokko", "PERSON", True),
    # places made only of dictionary words, with no facility word
    ("PMH: HTN, Hepatitis, CAD.", "Hepatitis", "LOCATION", False),
    ("BP soft, Hypotensive overnight.", "Hypotensive", "LOCATION", False),
    # dates: real dates pass, ranges and settings do not
    ("Admitted 7/23 to the ICU.", "7/23", "DATE", True),
    ("Event on March 3rd at night.", "March 3rd", "DATE", True),
    ("RR 12-18, sats 95%.", "12-18", "DATE", False),
    ("On BIPAP 10/5, FIO2 40%.", "10/5", "DATE", False),
    ("BP 82-97/45 after the bolus.", "97/45", "DATE", False),
    ("PA 80/30, wedge 15.", "80/30", "DATE", False),
    # a month word needs a day or year: "DEC" is decreased, "may" a verb
    ("UO DEC TO 20-35CC/HR SINCE NOON.", "DEC TO 20-35CC", "DATE", False),
    ("secretions thick, may need suction later.", "may", "DATE", False),
    ("Seen in clinic on Dec 4 for follow-up.", "Dec 4", "DATE", True),
    # phones: numbers with a cue or full numbers; vitals and ranges are not
    ("Call back at 555-0147 please.", "555-0147", "PHONE", True),
    ("SVR 1100-1400 this shift.", "1100-1400", "PHONE", False),
    # blood pressure ranges and volumes are values, not phones
    ("sbp ranging 125-150/60's today.", "125-150/60", "PHONE", False),
    ("GOAL IS 750-1250CC NEG FOR SHIFT.", "750-1250CC", "PHONE", False),
    ("Left message at (485) 231-8093 x274.", "(485) 231-8093 x274", "PHONE", True),
    # IDs: no decimals, slashes or spaces
    ("MRN 00482913 on the band.", "00482913", "ID", True),
    ("co/ci---6.1/3.04 this am", "ci---6.1/3.04", "ID", False),
    # places: facilities, addresses, cued rooms; not clinical phrases
    (
        "Transferred from Harlowe Memorial Hospital.",
        "Harlowe Memorial Hospital",
        "LOCATION",
        True,
    ),
    ("Lives at 158 Donald Gateway, Westfield.", "158 Donald Gateway", "LOCATION", True),
    ("Pt in rm 412 fell.", "412", "LOCATION", True),
    ("HEPARIN AT 725 UNITS/HR NOW.", "725 UNITS/HR", "LOCATION", False),
    ("GRIMACES TO PAINFUL STIMULI ONLY.", "PAINFUL STIMULI", "LOCATION", False),
    ("A: ASKING WHEN SHE CAN GO HOME FROM HOSPITAL.", "HOSPITAL", "LOCATION", False),
    ("ABG 112/41/7.42 on AC.", "112/41/7.42", "LOCATION", False),
    # URL needs a URL shape
    (
        "Policy at www.example-hosp.org/falls.",
        "www.example-hosp.org/falls",
        "URL",
        True,
    ),
    ("given t.i.d. with meals", "t.i.d", "URL", False),
]


@pytest.mark.parametrize(("text", "value", "label", "keep"), GATE_CASES)
def test_ner_gate(nlp: Language, text: str, value: str, label: str, keep: bool) -> None:
    doc = nlp.make_doc(text)
    start = text.index(value)
    span = doc.char_span(
        start, start + len(value), label=label, alignment_mode="expand"
    )
    assert span is not None
    assert _plausible(span, _style(text), text) is keep


@pytest.mark.parametrize(
    ("text", "value", "core", "cut"),
    [
        # ALL-CAPS and lower-case notes: dictionary words leave both edges
        ("SOCIAL: NICOLAS STATES HE WILL VISIT.", "NICOLAS STATES", "NICOLAS", True),
        ("GU: KEEP FOLEY IN PLACE.", "KEEP FOLEY", "FOLEY", True),
        ("WIFE CAME IN AT NOON.", "CAME", None, True),
        ("DR MARWICK SPOKE WITH SON.", "MARWICK SPOKE", "MARWICK", True),
        # mixed case: only a sentence's first word, and allow-listed words
        ("ID: Remains Afeb overnight.", "Remains Afeb", "Afeb", True),
        ("Seen by Faith Delacroix today.", "Faith Delacroix", "Faith Delacroix", False),
        ("Called Mi-Rae Kwon at 0900.", "Mi-Rae Kwon", "Mi-Rae Kwon", False),
        ("Meet at 42 Larkin St tomorrow.", "Larkin St", "Larkin St", False),
    ],
)
def test_person_core(
    nlp: Language, text: str, value: str, core: str | None, cut: bool
) -> None:
    doc = nlp.make_doc(text)
    start = text.index(value)
    span = doc.char_span(start, start + len(value), label="PERSON")
    assert span is not None
    got = _person_core(span, allow_list.load(), _style(text), text)
    if core is None:
        assert got is None
    else:
        assert got is not None and (got[0].text, got[1]) == (core, cut)


def test_trimmed_span_needs_a_clear_name(nlp: Language) -> None:
    """A span that lost words was partly wrong: its shape is no evidence any more."""
    text = "ID: Remains Afeb overnight."
    doc = nlp.make_doc(text)
    start = text.index("Afeb")
    span = doc.char_span(start, start + 4, label="PERSON")
    assert span is not None
    assert _plausible(span, "mixed", text) is True
    assert _plausible(span, "mixed", text, trimmed=True) is False


@pytest.mark.parametrize(
    ("text", "style"),
    [
        ("PT RESTING, NO DISTRESS", "upper"),
        ("pt resting, no distress", "lower"),
        ("Pt resting, no distress", "mixed"),
        ("", "mixed"),
    ],
)
def test_style(text: str, style: str) -> None:
    assert _style(text) == style


@pytest.mark.parametrize(
    ("text", "value", "ok"),
    [
        ("seen on 3/14/2024 by", "3/14/2024", True),
        ("started on 5/5 today", "5/5", True),
        ("pain 4/10 after meds", "4/10", False),
        ("vent 450x14/8/50% now", "14/8/50", False),
        ("on 13/45 settings", "13/45", False),
    ],
)
def test_plausible_date(text: str, value: str, ok: bool) -> None:
    start = text.index(value)
    assert plausible_date(text, start, start + len(value)) is ok


@pytest.mark.parametrize(
    ("word", "known"),
    [
        ("Okafor", True),
        ("JOSHUA", True),
        ("maria", True),
        ("White", False),
        ("Will", False),
        ("remains", False),
        ("Lungs", False),
        ("Coumadin", False),
    ],
)
def test_name_gazetteer(word: str, known: bool) -> None:
    assert name_gazetteer.is_known_name(word) is known


def test_augment_notes_are_deterministic_and_aligned() -> None:
    a = phi_ner_augment.generate(40, seed=7)
    b = phi_ner_augment.generate(40, seed=7)
    assert a == b
    assert phi_ner_augment.generate(40, seed=8) != a
    spans = [s for n in a for s in n.spans]
    assert spans, "the generator must also produce PHI"
    for note in a:
        for label, start, end in note.spans:
            value = note.text[start:end]
            assert value and value == value.strip() and label in phi_ner_augment.LABELS


def test_training_config_is_epoch_capped() -> None:
    cfg = load_config(DEFAULT_CONFIG)
    assert (
        "max_minutes" not in cfg
    )  # no wall-clock dependence: same data+seed, same model
    assert 1 <= cfg["max_epochs"] <= 12 and cfg["augment_notes"] >= 0
    assert isinstance(cfg["seed"], int)
