// SQL: migrations, the embedded cluster, queries.
