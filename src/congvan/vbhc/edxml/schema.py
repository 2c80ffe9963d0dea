"""Validation against ``edxml.xsd``, our own XSD of the standard's structure (what we write must pass)."""

from __future__ import annotations

import functools
from importlib import resources

from lxml import etree

from .errors import EdxmlError

_SAFE_PARSER_OPTIONS = {"resolve_entities": False, "no_network": True, "load_dtd": False, "huge_tree": False}


@functools.cache
def xml_schema() -> etree.XMLSchema:
    source = resources.files(__package__).joinpath("edxml.xsd").read_bytes()
    return etree.XMLSchema(etree.fromstring(source, etree.XMLParser(**_SAFE_PARSER_OPTIONS)))


def schema_errors(message: bytes | etree._Element) -> list[str]:
    """Every XSD violation as 'line N: reason'; empty when the message is valid.

    Pass the element tree from ``build_edoc_tree`` to validate a message whose attachments exceed the
    parser's 10 MB text-node limit; bytes are parsed with the same safe options as everywhere else.
    """
    if isinstance(message, bytes):
        try:
            tree = etree.fromstring(message, etree.XMLParser(**_SAFE_PARSER_OPTIONS))
        except etree.XMLSyntaxError as exc:
            raise EdxmlError(
                f"XML không đúng cú pháp: {exc.msg}", f"not well-formed XML: {exc.msg}", line=exc.lineno
            ) from None
    else:
        tree = message
    schema = xml_schema()
    if schema.validate(tree):
        return []
    return [f"line {error.line}: {error.message}" for error in schema.error_log]
