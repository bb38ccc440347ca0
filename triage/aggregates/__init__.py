"""Aggregates of coded reports: counts with small-cell suppression, and CSV export."""
