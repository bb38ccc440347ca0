"""Asynchronous batches: sealed narratives in the database, work items on Redis (RQ)."""
