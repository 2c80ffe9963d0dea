"""The administrative document itself, in pure Python (no Django import).

Text normalisation, document types, numbering rules, workflow states, parsing, format checks,
layout, edXML and signing live here so that the CLI, the web application and other tools share them.
"""
