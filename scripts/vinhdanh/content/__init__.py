"""What authors write: the schema, the typed model, reading `content/` into it with every diagnostic."""
