"""What the section publishes besides pages: feeds, the JSON export, the search index, the calendar, blocks."""
