"""Storage: tables, sessions and migrations (SQLite or PostgreSQL)."""
