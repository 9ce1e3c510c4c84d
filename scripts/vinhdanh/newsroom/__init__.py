"""The newsroom: a shared editor for the whole hospital, with accounts, roles and review (issue 24)."""
