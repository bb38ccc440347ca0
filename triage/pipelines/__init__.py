"""Pipelines that turn raw incident narratives into safe, coded data (de-identification first)."""
