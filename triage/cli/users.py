"""People who sign in to the web interface: create, list, disable."""

from __future__ import annotations

import sys

import click

from triage.auth.users import USER_ROLES
from triage.cli.service_app import service_app


def _read_password() -> str:
    """From a prompt on a terminal (typed twice), else the first line of stdin."""
    if sys.stdin.isatty():
        return str(click.prompt("Password", hide_input=True, confirmation_prompt=True))
    line = sys.stdin.readline()
    return line.rstrip("\r\n")


@click.group()
def users() -> None:
    """Accounts for people (analysts, ML staff, admins); machines use API keys."""


@users.command("create")
@click.option("--username", required=True, help="Lower-case login name.")
@click.option("--role", required=True, type=click.Choice(USER_ROLES))
def users_create(username: str, role: str) -> None:
    """Create a user; the password is prompted for, or read from stdin when piped."""
    from triage.auth.users import create_user
    from triage.errors import TriageError
    from triage.store.models import AuditEvent

    password = _read_password()
    app = service_app()
    try:
        with app.extensions["triage"].db.session() as s:
            user = create_user(s, username, password, role)
            s.add(
                AuditEvent(
                    actor="cli",
                    action="user.created",
                    entity="user",
                    entity_id=username,
                    details={"role": role},
                )
            )
            uid = user.id
    except TriageError as exc:
        raise click.ClickException(exc.message) from exc
    click.echo(f"user {username} ({role}) created with id {uid}")


@users.command("disable")
@click.option("--username", required=True)
def users_disable(username: str) -> None:
    """Disable a user: their sessions end on their next request."""
    from triage.auth.users import disable_user
    from triage.errors import TriageError
    from triage.store.models import AuditEvent

    try:
        with service_app().extensions["triage"].db.session() as s:
            disable_user(s, username)
            s.add(
                AuditEvent(
                    actor="cli",
                    action="user.disabled",
                    entity="user",
                    entity_id=username,
                    details={},
                )
            )
    except TriageError as exc:
        raise click.ClickException(exc.message) from exc
    click.echo(f"user {username} disabled")


@users.command("list")
def users_list() -> None:
    """List users (never their password hashes)."""
    from sqlalchemy import select

    from triage.store.models import User

    with service_app().extensions["triage"].db.session() as s:
        for u in s.scalars(select(User).order_by(User.username)):
            state = "disabled" if u.disabled_at else "active"
            click.echo(f"{u.id}\t{u.username}\t{u.role}\t{state}")
