"""Review queues: routing, claims, corrections and agreement."""
