"""Coding models and the model registry."""
