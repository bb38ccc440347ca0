"""Table tests of the gazetteer and cue recognizers (places, countries, known names,
addresses in any country's format) and of the new phone and facility patterns."""

from __future__ import annotations

import pytest
from presidio_analyzer import EntityRecognizer

from triage.pipelines import place_gazetteer
from triage.pipelines.deidentify import merge_results
from triage.pipelines.english_words import is_english_word
from triage.pipelines.name_propagation import find_words
from triage.pipelines.recognizers import (
    CardNumberRecognizer,
    CityZipRecognizer,
    CountryRecognizer,
    CuedAddressRecognizer,
    FacilityRecognizer,
    KnownNameRecognizer,
    PhoneRecognizer,
    PlaceNameRecognizer,
    RelativeNameRecognizer,
    TitledNameRecognizer,
)
from triage.pipelines.text_style import style

SCORE_THRESHOLD = 0.4
_INSTANCES: dict[type, EntityRecognizer] = {}


def found(cls: type[EntityRecognizer], text: str) -> list[str]:
    """Surface strings the recognizer reports above the threshold, in order."""
    rec = _INSTANCES.setdefault(cls, cls())
    entity = rec.supported_entities[0]
    merged = merge_results(rec.analyze(text, [entity], None))
    return [text[e.start : e.end] for e in merged if e.score >= SCORE_THRESHOLD]


CASES = [
    # cities: a cue, an address context or a mid-sentence Title-case name
    (PlaceNameRecognizer, "Daughter flying in tomorrow from Rome.", ["Rome"]),
    (PlaceNameRecognizer, 'NEPHEW ("FROM TAMPA") AND WIFE', ["TAMPA"]),
    (PlaceNameRecognizer, "lives at 40512 Rua das Palmeiras 212, Maringá", ["Maringá"]),
    (
        PlaceNameRecognizer,
        "pt lives in yucaipa, from fresno",
        ["yucaipa", "fresno"],
    ),
    (PlaceNameRecognizer, "Apt. 318 KUOPIO SK 70420", ["KUOPIO"]),
    # clinical words that are also towns, labels, states (Safe Harbor keeps states)
    (PlaceNameRecognizer, "Mobile X-ray came at 0300; Normal saline", []),
    (PlaceNameRecognizer, "Event Time: 1105 | Date: 6/3", []),
    (PlaceNameRecognizer, "SWITCHED TO ORAL LIMA GRAFT", []),
    (PlaceNameRecognizer, "daughter moved to Florida last year", []),
    (PlaceNameRecognizer, "ROME IS NOT IN AN ALL CAPS NOTE WITHOUT A CUE", []),
    # countries: Title case in mixed text, a cue otherwise
    (CountryRecognizer, "Her aunt moved here from Latvia", ["Latvia"]),
    (CountryRecognizer, "My brother lives in United Kingdom now.", ["United Kingdom"]),
    (CountryRecognizer, "Valmera Latvia 44120", ["Latvia"]),
    (CountryRecognizer, "turkey sandwich; chad is a name in lower case", []),
    (CountryRecognizer, "PT CHAD WAS HERE", []),
    # known names: given+surname, lone given names, lists, by style
    (KnownNameRecognizer, "Perhaps it is filed under Syreeta Gould", ["Syreeta Gould"]),
    (KnownNameRecognizer, "COVERING TEAM TARA SIHVONEN AWARE", ["TARA SIHVONEN"]),
    (
        KnownNameRecognizer,
        "follow up with amarilis delattre",
        ["amarilis delattre"],
    ),
    (KnownNameRecognizer, "Why is Pamelia so restless?", ["Pamelia"]),
    (KnownNameRecognizer, "we met jordan and ishaan today", ["jordan", "ishaan"]),
    (KnownNameRecognizer, "Odile R Vantrelle called", ["Odile R Vantrelle"]),
    # words before names: "Baby Girl", "Comfort care", "ORAL CLEAR", "fem aline"
    (KnownNameRecognizer, "Baby Girl in warmer; Comfort care", []),
    (KnownNameRecognizer, "ORAL CLEAR, SKIN WARM", []),
    (KnownNameRecognizer, "access via fem aline", []),
    (KnownNameRecognizer, "Mercy Hospital; PaCO2 40", []),
    # addresses after a cue or in European order, APO/FPO
    (
        CuedAddressRecognizer,
        "nora plum lives at 318 kirkebakken 7, vilsund c",
        ["318 kirkebakken 7, vilsund c"],
    ),
    (
        CuedAddressRecognizer,
        "Laura Benton 41822 Kaskitie 19 Suite 208 Valmera",
        ["Kaskitie 19"],
    ),
    (
        CuedAddressRecognizer,
        "The office is at PSC 2291, Box 7705\nAPO AE 09384",
        ["PSC 2291, Box 7705\nAPO AE 09384"],
    ),
    (
        CuedAddressRecognizer,
        "Send it to USS Vandermeer\nFPO AE 25990 please",
        ["USS Vandermeer\nFPO AE 25990"],
    ),
    (
        CuedAddressRecognizer,
        "ADDRESS ON FILE: 165 JAMES SHOALS, KELSEYVIEW 45684",
        ["165 JAMES SHOALS, KELSEYVIEW 45684"],
    ),
    (CuedAddressRecognizer, "pt lives at home with wife and 2 dogs", []),
    (CuedAddressRecognizer, "at 0800 Lasix 40 given; PCWP 10 AND CVP 12", []),
    # phones in other groupings, after labels; values are not phones
    (PhoneRecognizer, "Pager: #61847 Time", ["61847"]),
    (PhoneRecognizer, "HOME-410 538-2716.", ["410 538-2716"]),
    (PhoneRecognizer, "Carol (312/604/8857) confirms", ["312/604/8857"]),
    (PhoneRecognizer, "please call 0471 35 60 18 after six", ["0471 35 60 18"]),
    (PhoneRecognizer, "Mobile: 04.72.18.63.50 Desk", ["04.72.18.63.50"]),
    (PhoneRecognizer, "home 10-12 days, work 2-3 x", []),
    (PhoneRecognizer, "BP 125-150/65-85, weight 74.5 on 12.10.2020", []),
    # facilities: lower case after a cue, abbreviations after a transfer cue
    (FacilityRecognizer, "pt taken to macken hosp. she", ["macken hosp"]),
    (FacilityRecognizer, "SENT TO KWH. ARRIVED LATE", ["KWH"]),
    (FacilityRecognizer, "TRANSFERRED TO RVMC ICU", ["RVMC"]),
    (
        FacilityRecognizer,
        "FROM UNIVERSITY OF LAKEMONT MEDICAL CENTER",
        ["UNIVERSITY OF LAKEMONT MEDICAL CENTER"],
    ),
    (
        FacilityRecognizer,
        "from university of lakemont hospital. pt",
        ["university of lakemont hospital"],
    ),
    (FacilityRecognizer, "WENT TO CATH LAB, SAH TRANSFERRED FROM OSH", []),
    (FacilityRecognizer, "sent to the hospital; baseline before this hospital", []),
    # ALL-CAPS staff by initial and surname; microbes, sides, SOAP headings are not
    (TitledNameRecognizer, "INR 5.1. K. SADDLER AWARE. PT", ["K. SADDLER"]),
    (TitledNameRecognizer, "AS PER J. BRISTOW. GU: OK", ["J. BRISTOW"]),
    (TitledNameRecognizer, "CRASH CESAREAN FOR A. ANDZIAK. MOTHER", ["A. ANDZIAK"]),
    (TitledNameRecognizer, "SPUTUM + S. AUREUS AND E. COLI.", []),
    (TitledNameRecognizer, "PAIN IN L. ARM AND R. LEG.", []),
    (TitledNameRecognizer, "NOTE.\nS. INTUBATED, SEDATED", []),
    # lower-case sign-offs before a credential; roles and words before "rn" are not
    (TitledNameRecognizer, "to rehab. larissa brannock, rn", ["larissa brannock"]),
    (TitledNameRecognizer, "no events overnight. t. sherwood rrt", ["t. sherwood"]),
    (TitledNameRecognizer, "pt seen by the charge rn; report to oncoming rn", []),
    # kin and role words before ALL-CAPS given names, hyphen links
    (RelativeNameRecognizer, "MET WITH DTR LARISSA AND HER", ["LARISSA"]),
    (RelativeNameRecognizer, "FAMILY:DAUGHTER-KARLEY---412", ["KARLEY"]),
    (RelativeNameRecognizer, "HER CAREGIVER, NATALY. SATS", ["NATALY"]),
    (RelativeNameRecognizer, "SISTER AND NIECE CAME BY; SON HERE AT 1900", []),
    # payment cards pass the Luhn check; other long numbers do not
    (
        CardNumberRecognizer,
        "charged to 4528713066291843. Refund",
        ["4528713066291843"],
    ),
    (CardNumberRecognizer, "card 4111 1111 1111 1111 ok", ["4111 1111 1111 1111"]),
    (CardNumberRecognizer, "serial 1234567890123 on the pump", []),
    # places after travel cues, in any script; other countries' postcodes
    (CityZipRecognizer, "Mr. Hamoudi flew to VORSKALA on Tuesday", ["VORSKALA"]),
    (CityZipRecognizer, "I am in Kestrava for a conference", ["Kestrava"]),
    (CityZipRecognizer, "PT RETURNED FROM CT; BORN AT TERM", []),
    (CityZipRecognizer, "ZIP: 4817", ["4817"]),
    # named wards with their floor; drugs and settings with numbers are not
    (FacilityRecognizer, "PLAN: Transfer to Ashgrove 4, wean", ["Ashgrove"]),
    (FacilityRecognizer, "ADMITTED TO PEMBROOK 6. RO", ["PEMBROOK"]),
    (FacilityRecognizer, "increased to Levophed 2 mcg; on CPAP 5; to floor 2", []),
    (FacilityRecognizer, "AIRLIFTED TO KWH FOR CATH", ["KWH"]),
]


@pytest.mark.parametrize(("cls", "text", "expected"), CASES)
def test_recognizer_finds_exactly(
    cls: type[EntityRecognizer], text: str, expected: list[str]
) -> None:
    assert found(cls, text) == expected


@pytest.mark.parametrize(
    ("word", "english"),
    [("Oral", True), ("comfort", True), ("babies", True), ("Pamelia", False)],
)
def test_english_words(word: str, english: bool) -> None:
    assert is_english_word(word) is english


def test_place_gazetteer_keeps_states_and_clinical_words_out() -> None:
    assert place_gazetteer.is_place("Sacramento")
    assert place_gazetteer.is_place("rio de janeiro")
    assert not place_gazetteer.is_place("Florida")  # a state
    assert not place_gazetteer.is_place("Mobile")  # a word
    assert place_gazetteer.is_country("United Kingdom")
    assert not place_gazetteer.is_place("Norway")  # a country, not a city


@pytest.mark.parametrize(
    ("text", "kind"),
    [("ALL CAPS NOTE", "upper"), ("all lower", "lower"), ("Mixed", "mixed")],
)
def test_style(text: str, kind: str) -> None:
    assert style(text) == kind


@pytest.mark.parametrize(
    ("text", "variants", "spans"),
    [
        (
            "Moore said Moore's pt; MOORE",
            {"Moore", "MOORE"},
            [(0, 5), (11, 16), (23, 28)],
        ),
        ("Rowley-McCrae and Rowley", {"Rowley"}, [(18, 24)]),
        ("O'Dowd and Dowd", {"Dowd"}, [(2, 6), (11, 15)]),
        ("Moorehead", {"Moore"}, []),
    ],
)
def test_name_propagation_word_matching(
    text: str, variants: set[str], spans: list[tuple[int, int]]
) -> None:
    # whole words only, as the regex it replaced: not inside "Moorehead" or after "-"
    assert find_words(text, variants) == spans
