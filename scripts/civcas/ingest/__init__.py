"""Draft observation and allegation rows from the text of a statement: `civcas ingest`."""
