"""PHI recognizers, one per file, Presidio-style (PATTERNS/CONTEXT class constants)."""

from __future__ import annotations

from triage.pipelines.recognizers.age import AgeOver89Recognizer
from triage.pipelines.recognizers.card_number import CardNumberRecognizer
from triage.pipelines.recognizers.city_zip import CityZipRecognizer
from triage.pipelines.recognizers.contact_name import ContactNameRecognizer
from triage.pipelines.recognizers.country import CountryRecognizer
from triage.pipelines.recognizers.cued_address import CuedAddressRecognizer
from triage.pipelines.recognizers.date import DateRecognizer
from triage.pipelines.recognizers.email import EmailRecognizer
from triage.pipelines.recognizers.facility import FacilityRecognizer
from triage.pipelines.recognizers.ip_address import IpAddressRecognizer
from triage.pipelines.recognizers.known_name import KnownNameRecognizer
from triage.pipelines.recognizers.patient_name import PatientNameRecognizer
from triage.pipelines.recognizers.phone import PhoneRecognizer
from triage.pipelines.recognizers.place_name import PlaceNameRecognizer
from triage.pipelines.recognizers.record_number import RecordNumberRecognizer
from triage.pipelines.recognizers.relative_name import RelativeNameRecognizer
from triage.pipelines.recognizers.residence_town import ResidenceTownRecognizer
from triage.pipelines.recognizers.room_bed import RoomBedRecognizer
from triage.pipelines.recognizers.ssn import SsnRecognizer
from triage.pipelines.recognizers.street_address import StreetAddressRecognizer
from triage.pipelines.recognizers.titled_name import TitledNameRecognizer
from triage.pipelines.recognizers.url import UrlRecognizer

RECOGNIZERS = (
    TitledNameRecognizer,
    RelativeNameRecognizer,
    RecordNumberRecognizer,
    SsnRecognizer,
    DateRecognizer,
    AgeOver89Recognizer,
    PhoneRecognizer,
    EmailRecognizer,
    UrlRecognizer,
    IpAddressRecognizer,
    StreetAddressRecognizer,
    CityZipRecognizer,
    FacilityRecognizer,
    RoomBedRecognizer,
    PlaceNameRecognizer,
    CountryRecognizer,
    KnownNameRecognizer,
    CuedAddressRecognizer,
    CardNumberRecognizer,
    PatientNameRecognizer,
    ContactNameRecognizer,
    ResidenceTownRecognizer,
)

__all__ = ["RECOGNIZERS"]
