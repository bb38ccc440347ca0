"""The Flask service."""
