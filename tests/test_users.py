"""People's accounts: hashed passwords, sign-in checks and locks, `triage users`."""

from __future__ import annotations

from datetime import timedelta

import pytest
from click.testing import CliRunner
from sqlalchemy import select

from triage.auth.passwords import hash_password, verify_password
from triage.auth.signin_throttle import (
    SIGN_IN_FAILED,
    SIGN_IN_REFUSED,
    SIGNED_IN,
    SignInThrottle,
)
from triage.auth.users import (
    authenticate,
    create_user,
    disable_user,
    load_active,
    session_stamp,
)
from triage.cli import main
from triage.errors import InputError
from triage.store.models import AuditEvent, User, utcnow

GOOD = "correct horse battery staple"


def test_password_is_stored_as_a_salted_hash(database):
    with database.session() as s:
        create_user(s, "alice", GOOD, "analyst")
        create_user(s, "bob", GOOD, "analyst")
    with database.session() as s:
        rows = {u.username: u.password_hash for u in s.scalars(select(User))}
    assert GOOD not in rows["alice"] and rows["alice"].startswith("scrypt:")
    assert rows["alice"] != rows["bob"]  # salted: same password, different hash


@pytest.mark.parametrize(
    ("username", "password", "ok"),
    [
        ("alice", GOOD, True),
        ("  alice ", GOOD, True),
        ("alice", GOOD + " ", False),
        ("alice", GOOD.upper(), False),
        ("alice", "", False),
        ("Alice", GOOD, False),
        ("nobody", GOOD, False),
        ("alice", "x" * 10_000, False),
    ],
)
def test_authenticate(database, username, password, ok):
    with database.session() as s:
        create_user(s, "alice", GOOD, "analyst")
    with database.session() as s:
        user = authenticate(s, username, password)
    assert (user is not None) is ok


@pytest.mark.parametrize(
    ("username", "password", "role", "code"),
    [
        ("carol", "short", "analyst", "password_too_short"),
        ("carol", "y" * 300, "analyst", "password_too_long"),
        ("carol", GOOD, "submitter", "role_invalid"),
        ("carol", GOOD, "root", "role_invalid"),
        ("Carol", GOOD, "analyst", "username_invalid"),
        ("c", GOOD, "analyst", "username_invalid"),
        ("carol smith", GOOD, "analyst", "username_invalid"),
        ("alice", GOOD, "ml", "username_taken"),
    ],
)
def test_invalid_users_are_refused(database, username, password, role, code):
    with database.session() as s:
        create_user(s, "alice", GOOD, "analyst")
    with pytest.raises(InputError) as err, database.session() as s:
        create_user(s, username, password, role)
    assert err.value.code == code


def test_disabled_user_cannot_sign_in_or_keep_a_session(database):
    with database.session() as s:
        uid = create_user(s, "alice", GOOD, "admin").id
    with database.session() as s:
        disable_user(s, "alice")
    with database.session() as s:
        assert authenticate(s, "alice", GOOD) is None
        assert load_active(s, uid) is None


def test_password_change_changes_the_session_stamp(database):
    with database.session() as s:
        user = create_user(s, "alice", GOOD, "analyst")
        before = session_stamp(user)
        user.password_hash = hash_password(GOOD + " again")
        assert session_stamp(user) != before
        assert verify_password(user.password_hash, GOOD + " again")
        assert not verify_password(None, GOOD)


THROTTLE = SignInThrottle(
    max_failures=3, window=timedelta(minutes=10), lockout=timedelta(minutes=5)
)
F, S, R = SIGN_IN_FAILED, SIGNED_IN, SIGN_IN_REFUSED


@pytest.mark.parametrize(
    ("events", "locked_for"),
    [
        ([], None),
        ([(F, -3), (F, -2)], None),
        ([(F, -3), (F, -2), (F, -1)], 4),  # locked until 5 min after the 3rd
        ([(F, -12), (F, -2), (F, -1)], None),  # not within 10 minutes
        ([(F, -9), (F, -8), (F, -7)], None),  # the lock has run out
        ([(F, -9), (F, -8), (F, -7), (F, -1)], 4),  # one more failure renews it
        ([(F, -3), (F, -2), (S, -1.5), (F, -1)], None),  # a sign-in resets the count
        ([(F, -3), (R, -2), (R, -1.5), (F, -1)], None),  # refusals do not count
        ([(F, -3), (F, -2), (F, -1, "bob")], None),  # another username's failure
    ],
)
def test_sign_in_throttle(database, events, locked_for):
    now = utcnow()
    with database.session() as s:
        for action, minutes, *who in events:
            s.add(
                AuditEvent(
                    actor="anonymous",
                    action=action,
                    entity="user",
                    entity_id=who[0] if who else "alice",
                    details={},
                    at=now + timedelta(minutes=minutes),
                )
            )
    with database.session() as s:
        until = THROTTLE.locked_until(s, "alice", now)
    expected = None if locked_for is None else now + timedelta(minutes=locked_for)
    assert until == expected


@pytest.fixture
def cli_env(db_url, tmp_path, monkeypatch):
    from triage.store.db import Database, upgrade

    upgrade(db_url)
    monkeypatch.setenv("TRIAGE_DATABASE_URL", db_url)
    monkeypatch.setenv("TRIAGE_INSTANCE_PATH", str(tmp_path / "instance"))
    db = Database(db_url)
    yield db
    db.dispose()


def test_cli_creates_a_user_from_stdin(cli_env):
    runner = CliRunner()
    result = runner.invoke(
        main,
        ["users", "create", "--username", "dana", "--role", "ml"],
        input=GOOD + "\n",
    )
    assert result.exit_code == 0, result.output
    assert GOOD not in result.output
    with cli_env.session() as s:
        user = authenticate(s, "dana", GOOD)
        assert user is not None and user.role == "ml"
        audit = s.scalars(
            select(AuditEvent).where(AuditEvent.action == "user.created")
        ).all()
    assert [(a.entity_id, a.details) for a in audit] == [("dana", {"role": "ml"})]
    listed = runner.invoke(main, ["users", "list"])
    assert "dana\tml\tactive" in listed.output
    assert (
        runner.invoke(main, ["users", "disable", "--username", "dana"]).exit_code == 0
    )
    assert "dana\tml\tdisabled" in runner.invoke(main, ["users", "list"]).output


@pytest.mark.parametrize(
    ("args", "stdin", "message"),
    [
        (["--username", "erin", "--role", "analyst"], "short\n", "at least 12"),
        (["--username", "erin", "--role", "submitter"], GOOD + "\n", "Invalid value"),
        (["--username", "Erin!", "--role", "analyst"], GOOD + "\n", "username"),
    ],
)
def test_cli_refuses_bad_users(cli_env, args, stdin, message):
    result = CliRunner().invoke(main, ["users", "create", *args], input=stdin)
    assert result.exit_code != 0
    assert message in result.output
    with cli_env.session() as s:
        assert s.scalar(select(User.id)) is None
