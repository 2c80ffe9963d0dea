"""Search over documents and their attachments (Phụ lục VI III.6): one interface, two backends.

SQLite FTS5 for the embedded default, PostgreSQL full text in production; both index the same folded
tokens (``congvan.search.text``), so a query finds the same documents on either.
"""
