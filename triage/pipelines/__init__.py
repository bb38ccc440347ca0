"""Pipelines that turn raw narratives into safe, coded data (de-identification)."""
