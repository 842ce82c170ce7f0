// PostgreSQL client on libpq.
