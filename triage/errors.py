"""The error catalogue: every error the project raises, with a stable code.

Messages never carry narrative text: they name the field, the limit or the line
number, not the content (PHI discipline). The web layer maps ``http_status`` to the
response in one place.
"""

from __future__ import annotations


class TriageError(Exception):
    """Base of every project error: a stable code, a safe message, an HTTP status."""

    http_status = 500
    default_code = "internal_error"

    def __init__(self, code: str | None = None, message: str = "", **details: object):
        self.code = code or self.default_code
        self.message = message or self.code.replace("_", " ")
        self.details = details
        super().__init__(f"[{self.code}] {self.message}")

    def to_dict(self) -> dict[str, object]:
        """The JSON body of an error response."""
        body: dict[str, object] = {"code": self.code, "message": self.message}
        if self.details:
            body["details"] = self.details
        return {"error": body}


class ConfigError(TriageError):
    """A configuration (PHI, model, taxonomy, service) is missing or invalid."""

    default_code = "config_invalid"


class InputError(TriageError):
    """Input that cannot be processed (bad text, bad record, bad request)."""

    http_status = 400
    default_code = "invalid_input"


class CorpusError(TriageError):
    """A corpus file breaks the record format or the authoring markup."""

    default_code = "corpus_invalid"


class ModelError(TriageError):
    """A model is missing, incomplete, tampered with or incompatible."""

    http_status = 503
    default_code = "model_unavailable"
