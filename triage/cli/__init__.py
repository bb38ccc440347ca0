"""The `triage` command line: one group per area, each in its own module."""

from __future__ import annotations

import click

from triage.cli.coding import code, evaluate_coding, models, train
from triage.cli.corpus import corpus
from triage.cli.deid import deid, evaluate_deid
from triage.cli.review import compare_models, export_labels
from triage.cli.service import clients, db, facilities, serve, worker
from triage.cli.users import users


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="pso-triage")
def main() -> None:
    """PSO Triage: de-identify and code patient-safety incident narratives."""


@click.group()
def evaluate() -> None:
    """Measure de-identification or coding against a gold file."""


evaluate.add_command(evaluate_deid, "deid")
evaluate.add_command(evaluate_coding, "coding")

for command in (
    corpus,
    deid,
    code,
    train,
    evaluate,
    models,
    serve,
    worker,
    db,
    facilities,
    clients,
    export_labels,
    compare_models,
    users,
):
    main.add_command(command)
