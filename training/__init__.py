"""Training workflows: PHI NER, coding models."""
