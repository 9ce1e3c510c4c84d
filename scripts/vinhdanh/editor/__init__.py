"""The Decap CMS editor: its configuration from the schema, and `vinhdanh edit`'s local server."""
