"""Table-driven tests of each PHI recognizer: what it must find and must leave."""

from __future__ import annotations

import pytest

from triage.pipelines.deidentify import merge_results
from triage.pipelines.recognizers import (
    AgeOver89Recognizer,
    CityZipRecognizer,
    ContactNameRecognizer,
    DateRecognizer,
    EmailRecognizer,
    FacilityRecognizer,
    IpAddressRecognizer,
    PatientNameRecognizer,
    PhoneRecognizer,
    RecordNumberRecognizer,
    RelativeNameRecognizer,
    ResidenceTownRecognizer,
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
    # ALL CAPS: the word after the surname is a verb or a device, not a second name
    (TitledNameRecognizer, "DR OKAFOR RECOMMENDED RAISING DOPA", ["OKAFOR"]),
    (TitledNameRecognizer, "DR. HALVORSEN PRONOUNCED AT 0412", ["HALVORSEN"]),
    (TitledNameRecognizer, "RATE 22. DR PELLEGRINO NOTIFED AND PT", ["PELLEGRINO"]),
    (TitledNameRecognizer, "PER DR TREVASKIS PICC IN SVC", ["TREVASKIS"]),
    (TitledNameRecognizer, "DR. HALVORSEN CALLED-PT GIVEN", ["HALVORSEN"]),
    (TitledNameRecognizer, "DR LEVI OKAFOR AWARE", ["LEVI OKAFOR"]),
    (TitledNameRecognizer, "DR'S VARGA AND TENNEY REMAINED", ["VARGA", "TENNEY"]),
    # no initial glued to a count, a slash or "&", nor a side before a body word
    (TitledNameRecognizer, "SEE FLOW SHEET FOR #'S. HEPARIN AT 700U", []),
    (TitledNameRecognizer, "A/O. PULM TOILET DONE", []),
    (TitledNameRecognizer, "DSG D&I. PULSES DOPPLERABLE", []),
    (TitledNameRecognizer, "+BPPP. R. GROIN WITH OOZE", []),
    (TitledNameRecognizer, "UPPER 30'S TO 40'S. AMBUED, LAVAGED", []),
    # MR / MS as findings (mitral regurgitation, mental status), not titles
    (TitledNameRecognizer, "CAD, tr. MR , AI, EF 45%", []),
    (TitledNameRecognizer, "Watch for a change in MS. Seizure precautions", []),
    (TitledNameRecognizer, "ECHO 3-4+MR. Given 2u PRBC", []),
    (TitledNameRecognizer, "A: LITTLE CHANGE IN MS. TOLERATING CPAP", []),
    # clinical abbreviations and words after MD / RN / NP are no initials or names
    (TitledNameRecognizer, "PA LINE DC/D PER MD EPI WIRES INTACT", []),
    (TitledNameRecognizer, "EPI WIRES DC/D BY MD TOL WELL", []),
    (TitledNameRecognizer, "NEW #18 IN LEFT GROIN BY IV RN.", []),
    (TitledNameRecognizer, "per MD, NT suction and give albuterol", []),
    (TitledNameRecognizer, "per Larkfield 3 RN, UO only 20cc", []),
    (TitledNameRecognizer, "on 2L NP. Lungs clear", []),
    (TitledNameRecognizer, "LOPRESSOR HELD TODAY, MD AWARE", []),
    (TitledNameRecognizer, "W/DR. OKAFOR/RN, AGREED THAT GOALS", ["OKAFOR"]),
    (TitledNameRecognizer, "husband MD (ENT), three children", []),
    (TitledNameRecognizer, "Reporter DM; cell 555-0101", ["DM"]),
    (TitledNameRecognizer, "tube placed per dr. okafor's order", ["okafor"]),
    # lower-case titles, particles, hyphens
    (TitledNameRecognizer, "mr brannigan had an uneventful noc", ["brannigan"]),
    (TitledNameRecognizer, "mrs kowalczyk is a nice woman", ["kowalczyk"]),
    (TitledNameRecognizer, "ms improved, ms contin 15mg", []),
    (TitledNameRecognizer, "mild mr noted on echo", []),
    (TitledNameRecognizer, "full support given,dr.okafor at bed side", ["okafor"]),
    (TitledNameRecognizer, "Dr. o donnell in room", ["o donnell"]),
    (TitledNameRecognizer, "Dr. Pemberton-hale explained", ["Pemberton-hale"]),
    # given name + initial + surname; initials and surnames in ALL-CAPS notes
    (TitledNameRecognizer, "SPUTUM.   LEVI K. BRANNIGAN, RRT", ["LEVI K. BRANNIGAN"]),
    (TitledNameRecognizer, "Ramon Delacroix CRT", ["Ramon Delacroix"]),
    (TitledNameRecognizer, "AS PER E. MARSH: BILAT EFFUSIONS", ["E. MARSH"]),
    (TitledNameRecognizer, "PER HOLLOWAY WILL HOLD LASIX", ["HOLLOWAY"]),
    (TitledNameRecognizer, "BP HIGH PER ALINE, 170/60", []),
    (TitledNameRecognizer, "PAPS, J BRANNIGAN ORDERED EPI DRIP", ["J BRANNIGAN"]),
    (TitledNameRecognizer, "X RAY ORDERED, K PHOS ORDERED", []),
    (TitledNameRecognizer, "SPOKE WITH HO PELLEGRINO REGARDING", ["PELLEGRINO"]),
    (TitledNameRecognizer, "HO AWARE OF K 3.1", []),
    (TitledNameRecognizer, "RN (Tobias) has followed", ["Tobias"]),
    (TitledNameRecognizer, "her psych docter Lindqvist phoned", ["Lindqvist"]),
    (
        TitledNameRecognizer,
        "clinical rn specialist, Ingrid Malmstrom, today",
        ["Ingrid Malmstrom"],
    ),
    # lower case: a given name and a surname no list holds, with a person cue
    (
        TitledNameRecognizer,
        "will consult with mary kowalczyk re skin care",
        ["mary kowalczyk"],
    ),
    (TitledNameRecognizer, "sx for thick tan secreations", []),
    (TitledNameRecognizer, "pleasant. mae spont and to command", []),
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
    # English words after a kin word are no names unless given names
    (RelativeNameRecognizer, "daughter brought in his glasses", []),
    (RelativeNameRecognizer, "pt's son met with team", []),
    (RelativeNameRecognizer, "need for proxy determination", []),
    (RelativeNameRecognizer, "received MOM enema w/o results", []),
    # a second ALL-CAPS word no list holds is the surname; the kin word after it
    (RelativeNameRecognizer, "MET W/ CASEWORKER MARTA VRENKOVA.", ["MARTA VRENKOVA"]),
    (
        RelativeNameRecognizer,
        "ROWENA KALDOR (DAUGHTER)- SPOKESPERSON",
        ["ROWENA KALDOR"],
    ),
    (RelativeNameRecognizer, "DISCUSSED WITH (DAUGHTER) TODAY", []),
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
    # "ID:" heads the infectious-disease section of ICU notes: temperatures follow
    (RecordNumberRecognizer, "ID: 100.9 overnight, cx sent", []),
    (RecordNumberRecognizer, "ID= 96.4-98.1, WBC 9", []),
    (RecordNumberRecognizer, "Patient ID: 48213907", ["48213907"]),
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
    # vent and hemodynamic settings: a mode word, FiO2 or NNNx in the clause, a mode
    # word or FiO2 right after, culture bottles, CO/CI; the leak gate agrees
    (DateRecognizer, "switched to PS of 12/5, 35%, RR 18", []),
    (DateRecognizer, "GAS FINE ON 8/5 CPAP 40% NOW", []),
    (DateRecognizer, "on simv 650x12, 40% 6/5. sats ok", []),
    (DateRecognizer, "RESP: trialed on 10/5, tol well", []),
    (DateRecognizer, "Fio2 35% with flow-by 5/3, vols ok", []),
    (DateRecognizer, "remains on 8/5, 45% overnight", []),
    (DateRecognizer, "ID: gpc in 3/4 bottles, awaiting sens", []),
    (DateRecognizer, "blood cx 2/2 + for GNR", []),
    (DateRecognizer, "CO/CI 6/3 by TD, SVR 1100", []),
    (DateRecognizer, "on BIPAP 12/6/14 overnight", []),
    (DateRecognizer, "crackles 1/3-1/2 up bilat", []),
    # ... but dates beside them stay: antecubital AC, event cue, a time after it
    (DateRecognizer, "MIDLINE IN L AC 10/14, PIV R HAND", ["10/14"]),
    (DateRecognizer, "weaned off 3/8, then on 40% shovel mask", ["3/8"]),
    (DateRecognizer, "last CO/CI (11/6 0400) 4.1/2.2", ["11/6"]),
    (DateRecognizer, "blood cx 6/11 + for GNR", ["6/11"]),
    # dates glued to words, a dashed range, a lower-case month with a year, a month
    # after "in"
    (DateRecognizer, "sent to Elmbrook.6/2. back to unit 6/9 w/ edema", ["6/2", "6/9"]),
    (DateRecognizer, "OUTPUT LOW-4/12 GIVEN LASIX; HX:3/15 FALL", ["4/12", "3/15"]),
    (DateRecognizer, "s/p wrist fx2/91, hip fx 6/03", ["2/91", "6/03"]),
    (DateRecognizer, "after last doses 4/2 stopped", ["4/2"]),
    (DateRecognizer, "on pressors 2/14-2/16 only", ["2/14-2/16"]),
    (DateRecognizer, "seen in march of 2019 at clinic", ["march of 2019"]),
    (DateRecognizer, "home in oct. then rehab; dose x2/3", ["oct"]),
    (DateRecognizer, "INCREASE IN DEC UO; sbp 110'3/60's", []),
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
    (PhoneRecognizer, "dtr cell 617- 482- 9035 anytime", ["617- 482- 9035"]),
    (PhoneRecognizer, "K 3.9. Page 48213, RR 18", ["48213"]),
    (PhoneRecognizer, "PAGE 5-3915 WITH QUESTIONS", ["5-3915"]),
    (PhoneRecognizer, "see page 2 of the flowsheet; paged 0400", []),
    (PhoneRecognizer, "BP 110-90- 120-80 today", []),
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
    (IpAddressRecognizer, "ABG 7.31/52/88/7.41.26.1 on AC", []),
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
    # the town after a residence cue, any case; things and areas are no towns
    (ResidenceTownRecognizer, "lives in brackwood with her son", ["brackwood"]),
    (ResidenceTownRecognizer, "PT LIVES IN NEW HALVERSTON ALONE", ["NEW HALVERSTON"]),
    (ResidenceTownRecognizer, "Resides in Ostermoor, retired", ["Ostermoor"]),
    (ResidenceTownRecognizer, "lives in a nursing home", []),
    (ResidenceTownRecognizer, "lives in the area; home with wife", []),
    # given names beside a contact phrase or verb; word names need the verb
    (ContactNameRecognizer, "social: tobias visited at noon.", ["tobias"]),
    (ContactNameRecognizer, "sw spoke with marisol today re rehab.", ["marisol"]),
    (ContactNameRecognizer, "SOCIAL: HANNELORE CALLED FOR UPDATE.", ["HANNELORE"]),
    (ContactNameRecognizer, "social: bill called at 0400.", ["bill"]),
    (ContactNameRecognizer, "social: bill for the stay discussed.", []),
    (ContactNameRecognizer, "grace period over; mark the site.", []),
    (ContactNameRecognizer, "son in law visiting all day.", []),
    (ContactNameRecognizer, "wife called early this am.", []),
    # lower-case names only in lower-case notes
    (ContactNameRecognizer, "Pt stable. tobias visited. BP ok.", []),
    # a city names a rehab even though the dictionary knows the city
    (FacilityRecognizer, "SCREENED BY BOSTON REHAB TODAY", ["BOSTON REHAB"]),
    # an abbreviation is a whole word: "TO RHONCHI", "TO SCHEDULE" are no hospitals
    (FacilityRecognizer, "BS COARSE TO RHONCHI", []),
    (FacilityRecognizer, "PLAN IS TO SCHEDULE MRI", []),
    # lower-case notes write hospital abbreviations in lower case; words stay
    (FacilityRecognizer, "pt sent to mkh for cath", ["mkh"]),
    (FacilityRecognizer, "enroute to rvmc, given asa", ["rvmc"]),
    (FacilityRecognizer, "came to ash wednesday service", []),
    # hospital names common across the country, any case
    (FacilityRecognizer, "admitted to holy cross last week", ["holy cross"]),
    (FacilityRecognizer, "SENT TO SACRED HEART ED", ["SACRED HEART"]),
    # a proper word after a transfer verb; units, studies and words stay
    (FacilityRecognizer, "transferred to Linderhof for rehab", ["Linderhof"]),
    (FacilityRecognizer, "TRANSFERRED BACK TO BRAXMOOR", ["BRAXMOOR"]),
    (FacilityRecognizer, "transferred to Radiology at 1400", []),
    (FacilityRecognizer, "TRANSFERRED TO THE PACU", []),
    (FacilityRecognizer, "returned from CATSCAN at 1500", []),
    # a ward's floor number stands apart from its name ("combiventQ4" is a dose)
    (FacilityRecognizer, "remains on combiventQ4 nebs", []),
    (RoomBedRecognizer, "rm 412, bed 12B, bay 3", ["412", "12B", "3"]),
    (RoomBedRecognizer, "CVICU bed 3 at 0300", ["3"]),
    (RoomBedRecognizer, "bed alarm off, in bed x 2 days, OR 3", []),
]


@pytest.mark.parametrize(("cls", "text", "expected"), CASES)
def test_recognizer_finds_exactly(
    cls: type[SpanPatternRecognizer], text: str, expected: list[str]
) -> None:
    assert found(cls, text) == expected


# plausible_date gates the NER's DATE spans with the recognizer's own rules
PLAUSIBLE_DATE_CASES = [
    ("Seen 4/18/2023 in clinic", "4/18/2023", True),
    ("Back to unit 6/9 w/ sepsis", "6/9", True),
    ("CHANGED TO SIMV 12*600, .5, 6.5/10, ABG PENDING", "6.5/10", False),
    ("co/ci/svr fell to 4/2/1300 after", "4/2/1300", False),
    ("now on PS 12/5/40% tol well", "12/5/40", False),
    ("ABG 7.31/52/70 ON 12/5 BIPAP 50%", "12/5", False),
    ("MRSA in 2/4 bottles", "2/4", False),
]


@pytest.mark.parametrize(("text", "value", "expected"), PLAUSIBLE_DATE_CASES)
def test_plausible_date(text: str, value: str, expected: bool) -> None:
    from triage.pipelines.recognizers.date import plausible_date

    start = text.index(value)
    assert plausible_date(text, start, start + len(value)) is expected


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
