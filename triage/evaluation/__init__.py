"""Measuring the pipelines against gold data (de-identification first)."""
