"""The eventx sink: consumes ``events.*`` and stores them idempotently."""
