"""Machine and human authentication."""
