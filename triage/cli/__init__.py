"""The `triage` command line: one group per area, each in its own module."""

from __future__ import annotations

import click

from triage.cli.corpus import corpus
from triage.cli.service import clients, db, facilities, serve, worker


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="pso-triage")
def main() -> None:
    """PSO Triage: de-identify and code patient-safety incident narratives."""


for command in (corpus, serve, worker, db, facilities, clients):
    main.add_command(command)
