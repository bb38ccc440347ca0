"""Storage: tables, sessions and migrations (SQLite by default, PostgreSQL in production)."""
