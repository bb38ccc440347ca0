"""Table-driven tests of each PHI recognizer: what it must find and must leave."""

from __future__ import annotations

import pytest

from triage.pipelines.deidentify import merge_results
from triage.pipelines.recognizers import (
    AgeOver89Recognizer,
    CityZipRecognizer,
    DateRecognizer,
    EmailRecognizer,
    FacilityRecognizer,
    IpAddressRecognizer,
    PatientNameRecognizer,
    PhoneRecognizer,
    RecordNumberRecognizer,
    RelativeNameRecognizer,
    RoomBedRecognizer,
    SsnRecognizer,
    StreetAddressRecognizer,
    TitledNameRecognizer,
    UrlRecognizer,
)
from triage.pipelines.recognizers.base import RuleRecognizer, SpanPatternRecognizer

SCORE_THRESHOLD = 0.4  # the packaged config's; low-score patterns need context words
_INSTANCES: dict[type, SpanPatternRecognizer | RuleRecognizer] = {}


def found(cls: type[SpanPatternRecognizer | RuleRecognizer], text: str) -> list[str]:
    """Surface strings the recognizer reports, in order."""
    rec = _INSTANCES.setdefault(cls, cls())
    # overlapping matches of one recognizer's patterns are merged as the pipeline does
    merged = merge_results(rec.analyze(text, [rec.ENTITY]))
    return [text[e.start : e.end] for e in merged if e.score >= SCORE_THRESHOLD]


CASES = [
    # titled staff and patients: the name only, never the title
    (TitledNameRecognizer, "notified Dr. Okafor at 0400", ["Okafor"]),
    # ALL-CAPS words after ambiguous abbreviations are names only if known names
    (TitledNameRecognizer, "RESP: 2L NP CRACKLES BILAT", []),
    (TitledNameRecognizer, "ON CONTACT PRECAUTIONS FOR MRSA", []),
    (TitledNameRecognizer, "WILL CONSULT SKIN CARE RN TODAY", []),
    (TitledNameRecognizer, "PAGED NP JOSHUA ABOUT K 3.1", ["JOSHUA"]),
    (TitledNameRecognizer, "DR QUENNEVILLE AWARE OF HCT", ["QUENNEVILLE"]),
    (TitledNameRecognizer, "by RN K. Moore, who", ["K. Moore"]),
    (TitledNameRecognizer, "CNA JT was in the room", ["JT"]),
    (TitledNameRecognizer, "RN JT reported it", ["JT"]),
    (TitledNameRecognizer, "DR QUENNEVILLE NOTIFIED OF LABS", ["QUENNEVILLE"]),
    (TitledNameRecognizer, "seen by dr pintor this am", ["pintor"]),
    (TitledNameRecognizer, "Velta Weston, RN", ["Velta Weston"]),
    (TitledNameRecognizer, "T. DESMOND MD AWARE", ["T. DESMOND"]),
    (TitledNameRecognizer, "Pharm.D. Alvarez verified", ["Alvarez"]),
    (
        TitledNameRecognizer,
        "Mrs. O'Callaghan and Dr. Rowley-McCrae",
        ["O'Callaghan", "Rowley-McCrae"],
    ),
    (TitledNameRecognizer, "pt John SMITH was found", ["John SMITH"]),
    (TitledNameRecognizer, "charge nurse Ellen Park aware", ["Ellen Park"]),
    (TitledNameRecognizer, "MD aware, RN notified", []),
    (TitledNameRecognizer, "DR AWARE. RN TO FOLLOW", []),
    (TitledNameRecognizer, "PA LINE PULLED AT 1400", []),
    # the second of two titled people
    (TitledNameRecognizer, "Drs' Quill and Ostrand present", ["Quill", "Ostrand"]),
    (TitledNameRecognizer, "DR VARGA AND TENNEY AWARE", ["VARGA", "TENNEY"]),
    (TitledNameRecognizer, "DR VARGA AND RESIDENT AWARE", ["VARGA"]),
    (TitledNameRecognizer, "REPLACE RECTAL TUBE AFTER NEXT TURN", []),
    # relatives
    (RelativeNameRecognizer, "daughter Sabine at bedside", ["Sabine"]),
    (RelativeNameRecognizer, "husband, Minh Tran, chose", ["Minh Tran"]),
    (RelativeNameRecognizer, "son jack called twice", ["jack"]),
    (RelativeNameRecognizer, "son called twice, wife visited", []),
    (RelativeNameRecognizer, "SISTER AND NEICE CAME BY TODAY", []),
    # set off by commas or quotes, a known given name is a name even if also a word
    (RelativeNameRecognizer, "his son, bill, phoned at 0400", ["bill"]),
    (RelativeNameRecognizer, 'niece "joy" at bedside', ["joy"]),
    (RelativeNameRecognizer, "son, called twice", []),
    # record numbers with their label
    (RecordNumberRecognizer, "MRN 00482913", ["00482913"]),
    (RecordNumberRecognizer, "FIN# 7730021 and acct: A-55120", ["7730021", "A-55120"]),
    (
        RecordNumberRecognizer,
        "serial ZX4471-0093, lot LT-33A0917",
        ["ZX4471-0093", "LT-33A0917"],
    ),
    (RecordNumberRecognizer, "member ID XKH449120331", ["XKH449120331"]),
    (RecordNumberRecognizer, "licence no. RN-884210", ["RN-884210"]),
    (RecordNumberRecognizer, "Chair # WC-117 tagged", ["WC-117"]),
    (RecordNumberRecognizer, "INR 4.2, K 3.1, lot of secretions", []),
    (SsnRecognizer, "SSN 123-45-6789", ["123-45-6789"]),
    (SsnRecognizer, "social security number 123456789", ["123456789"]),
    (SsnRecognizer, "000-12-3456 is not issued", []),
    # dates: whole expression; never times, durations, POD, bare years
    (DateRecognizer, "on 3/14/2024 at 0340", ["3/14/2024"]),
    (DateRecognizer, "MedWatch filed 2024-05-06.", ["2024-05-06"]),
    (DateRecognizer, "on March 14th the pt", ["March 14th"]),
    (DateRecognizer, "signed March 22, 2024 by", ["March 22, 2024"]),
    (DateRecognizer, "bag hung 14-Mar-24 expired", ["14-Mar-24"]),
    (DateRecognizer, "died on Jan 9.", ["Jan 9"]),
    (DateRecognizer, "happened on the 3rd", ["the 3rd"]),
    (DateRecognizer, "admitted 7/22 from OSH", ["7/22"]),
    (DateRecognizer, "cart check 13 June: ok", ["13 June"]),
    (DateRecognizer, "POD 2, x3 days, at 3:40 pm, in 2019", []),
    (DateRecognizer, "pain 8/10, Apgar 8/9, PSV 10/5 40%", []),
    (DateRecognizer, "1/2 amp D50 given, crackles 3/4 up", []),
    (DateRecognizer, "you may 2 times", []),
    # m/d after an event verb or in a range is a date even beside vent words or /10
    (DateRecognizer, "VENT VIA TRACH (INSERTED 6/12) AC 500", ["6/12"]),
    (DateRecognizer, "abx 7/3 - 7/10 then stopped", ["7/3", "7/10"]),
    (DateRecognizer, "HD 4/9 OR 4/10, FOLLOW LYTES", ["4/9", "4/10"]),
    (DateRecognizer, "CXR 5/10 CLEAR", ["5/10"]),
    (DateRecognizer, "rates pain 7/10 in LLQ, 4/10 after", []),
    (DateRecognizer, "CPAP 40% 5/5, PEEP 5", []),
    # ages over 89 only
    (AgeOver89Recognizer, "92 yo F found on floor", ["92"]),
    (AgeOver89Recognizer, "aged 101, lives alone", ["101"]),
    (AgeOver89Recognizer, "a 95 year old man", ["95"]),
    (AgeOver89Recognizer, "78 yo M, BP 95/60, 90 min later", []),
    # phones
    (
        PhoneRecognizer,
        "call 410-555-1234 or (301) 555-0199",
        ["410-555-1234", "(301) 555-0199"],
    ),
    (PhoneRecognizer, "Risk manager (ext 4418) aware", ["4418"]),
    (PhoneRecognizer, "PG 48213", ["48213"]),
    (PhoneRecognizer, "TV 500-1000, ACLS x 38 min", []),
    (EmailRecognizer, "mail k.moore@stbrigid.org now", ["k.moore@stbrigid.org"]),
    (
        UrlRecognizer,
        "see https://portal.example.org/x?id=3.",
        ["https://portal.example.org/x?id=3"],
    ),
    (
        UrlRecognizer,
        "www.stbrigid.org and mychart.stbrigid.org",
        ["www.stbrigid.org", "mychart.stbrigid.org"],
    ),
    (IpAddressRecognizer, "pump at 10.20.30.40 dropped", ["10.20.30.40"]),
    (IpAddressRecognizer, "version 1.2.3.400 and 12:30:45", []),
    # an address ending a sentence is still an address
    (
        IpAddressRecognizer,
        "chart open on WOW at 63.11.123.190. Plan",
        ["63.11.123.190"],
    ),
    # geography, facilities, rooms
    (
        StreetAddressRecognizer,
        "lives at 1420 N. Maple Ave, Apt 3B",
        ["1420 N. Maple Ave, Apt 3B"],
    ),
    (StreetAddressRecognizer, "a bus stop on Carver Street.", ["Carver Street"]),
    (StreetAddressRecognizer, "3 way foley, 8 TRACH IN PLACE", []),
    (CityZipRecognizer, "from Dundalk, MD 21222", ["Dundalk", "21222"]),
    (CityZipRecognizer, "lives in Burton with son", ["Burton"]),
    (CityZipRecognizer, "PT RECEIVING NEB IN ICU", []),
    (FacilityRecognizer, "to St. Brigid Medical Center", ["St. Brigid Medical Center"]),
    (FacilityRecognizer, "rm 631, Larkspur Tower, for", ["Larkspur Tower"]),
    (FacilityRecognizer, "FROM HARLOWE HOSPITAL FOR", ["HARLOWE HOSPITAL"]),
    (FacilityRecognizer, "the hospital and Outside Hospital", []),
    (FacilityRecognizer, "followed at Marrowby hospital", ["Marrowby hospital"]),
    (FacilityRecognizer, "Left hospital AMA", []),
    (FacilityRecognizer, "SCREENED BY DUNMORROW REHAB", ["DUNMORROW REHAB"]),
    (FacilityRecognizer, "PULM REHAB AND NEURO REHAB", []),
    (RoomBedRecognizer, "rm 412, bed 12B, bay 3", ["412", "12B", "3"]),
    (RoomBedRecognizer, "CVICU bed 3 at 0300", ["3"]),
    (RoomBedRecognizer, "bed alarm off, in bed x 2 days, OR 3", []),
]


@pytest.mark.parametrize(("cls", "text", "expected"), CASES)
def test_recognizer_finds_exactly(
    cls: type[SpanPatternRecognizer], text: str, expected: list[str]
) -> None:
    assert found(cls, text) == expected


def test_every_recognizer_has_patterns_and_entity() -> None:
    from triage.pipelines.recognizers import RECOGNIZERS

    # gazetteer and anchored recognizers (places, known names, patient names) have
    # rules in code, not patterns
    for cls in RECOGNIZERS:
        assert cls.ENTITY
        assert getattr(cls, "PATTERNS", None) or issubclass(cls, RuleRecognizer)
        assert cls.__module__.count(".") == 3  # one recognizer per file


PATIENT_CASES = [
    ("at 0505. ROWAN VESTERGAARD (pt) (MRN 4400121-6, DOB", ["ROWAN VESTERGAARD"]),
    ("PT ODALYS BRENNICK DOB 03/02/1951 ADMITTED FROM ED", ["ODALYS BRENNICK"]),
    ("Patient TQ (MRN 0044172, DOB 1/1/1960)", ["TQ"]),
    ("mireille dastugue is a 70 yr old female adm 9/7", ["mireille dastugue"]),
    ("Pt Gerald Hughes, MRN 5510", ["Gerald Hughes"]),
    # the patient, but no name; words and inflections before an MRN are no names
    ("RESP CARE NOTE: PT IS A 66 YO MALE", []),
    ("Admitted from ED, MRN 55120", []),
    ("Wrong patient label, MRN 1234", []),
    ("in pt Ines Okoro, 71 yo, MRN 2209", []),
]


@pytest.mark.parametrize(("text", "expected"), PATIENT_CASES)
def test_patient_name(text: str, expected: list[str]) -> None:
    assert found(PatientNameRecognizer, text) == expected
