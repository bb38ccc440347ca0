"""Configuration is layered and validated at start-up; bad values fail loudly."""

from __future__ import annotations

import pytest

from triage.config import defaults, validate
from triage.errors import ConfigError


def test_defaults_validate_and_create_instance_secrets(tmp_path):
    s = validate(defaults(tmp_path), tmp_path)
    assert s.DATABASE_URL.startswith("sqlite:///")
    assert (tmp_path / "secret_key").stat().st_mode & 0o777 == 0o600
    again = validate(defaults(tmp_path), tmp_path)
    assert again.SECRET_KEY == s.SECRET_KEY  # kept, not regenerated


@pytest.mark.parametrize(
    ("key", "value", "field"),
    [
        ("DATABASE_URL", "mysql://x", "DATABASE_URL"),
        ("MAX_BATCH_ITEMS", 0, "MAX_BATCH_ITEMS"),
        ("SECRET_KEY", "short", "SECRET_KEY"),
        ("REVIEW_THRESHOLDS", {"harm": 2}, "REVIEW_THRESHOLDS.harm"),
        ("REVIEW_THRESHOLDS", {"error_risk": -0.1}, "REVIEW_THRESHOLDS.error_risk"),
        ("REVIEW_THRESHOLDS", {"colour": 0.5}, "REVIEW_THRESHOLDS.colour"),
        ("LOG_LEVEL", "LOUD", "LOG_LEVEL"),
        ("SIGNIN_MAX_FAILURES", 0, "SIGNIN_MAX_FAILURES"),
        ("SIGNIN_MAX_FAILURES", "many", "SIGNIN_MAX_FAILURES"),
        ("SIGNIN_WINDOW_MINUTES", 0, "SIGNIN_WINDOW_MINUTES"),
        ("SIGNIN_LOCKOUT_MINUTES", -5, "SIGNIN_LOCKOUT_MINUTES"),
        ("SIGNIN_LOCKOUT_MINUTES", 7 * 24 * 60, "SIGNIN_LOCKOUT_MINUTES"),
    ],
)
def test_bad_values_fail_naming_the_key(tmp_path, key, value, field):
    cfg = defaults(tmp_path) | {key: value}
    with pytest.raises(ConfigError) as err:
        validate(cfg, tmp_path)
    assert field in err.value.message
