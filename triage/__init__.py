"""PSO Triage: de-identify and code patient-safety incident narratives."""

__version__ = "0.1.0"
