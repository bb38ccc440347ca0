"""The retraining loop's data: reviewed labels for training, and comparing model
versions on the same held-out reviewed labels before promotion."""
