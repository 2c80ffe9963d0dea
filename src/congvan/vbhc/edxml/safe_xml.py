"""Parsing untrusted XML into a small tree of ``Element`` objects, safely.

Why a parser *target* rather than lxml's own tree: with ``huge_tree=False`` libxml2 refuses any text node over
10 MB when it builds a tree, and an attachment of 7.5 MB already needs that much base64. Fed to a target,
libxml2 streams text in chunks and applies no such limit, while keeping its other protections (depth,
name length, entity amplification). Our own limits (message size, element count) bound the rest.

Entity declarations are refused outright: edXML has no DTD, and a DOCTYPE carrying ``<!ENTITY`` is either an
XXE probe or an expansion bomb. External DTDs are refused from the parser's doctype event, before anything is
fetched (``load_dtd=False`` and ``no_network=True`` mean nothing would be fetched anyway).
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from lxml import etree

from .attachments import Base64Stream
from .errors import EdxmlError
from .limits import Limits

_PARSER_OPTIONS = {
    "resolve_entities": False,
    "no_network": True,
    "load_dtd": False,
    "huge_tree": False,
    "remove_comments": True,
    "remove_pis": True,
}

_DOCTYPE = re.compile(rb"<!DOCTYPE", re.IGNORECASE)
_ENTITY = re.compile(rb"<!ENTITY", re.IGNORECASE)
# libxml2's message when a target parser meets an entity declaration; mapped to our own wording.
_ENTITY_LIBXML = "xmlAddEntity"


class Element:
    """One element: local name, namespace, attributes, text and children; no tails, no comments."""

    __slots__ = ("name", "key", "namespace", "attrib", "parts", "children", "parent", "stream")

    def __init__(self, name: str, namespace: str | None, attrib: dict[str, str], parent: Element | None):
        self.name = name
        # Matching is case-insensitive: vendors write "Bussiness"/"Business", "edXmlHeader" ...
        self.key = name.lower()
        self.namespace = namespace
        self.attrib = attrib
        self.parts: list[str] = []
        self.children: list[Element] = []
        self.parent = parent
        # Set for base64 elements: their text goes straight to a decoder instead of ``parts``.
        self.stream: Base64Stream | None = None

    @property
    def text(self) -> str:
        return "".join(self.parts)

    @property
    def path(self) -> str:
        # Computed only for error messages, so the O(siblings) scan costs nothing on the normal path.
        names: list[str] = []
        node: Element | None = self
        while node is not None:
            twins = [c for c in node.parent.children if c.key == node.key] if node.parent else [node]
            names.append(f"{node.name}[{twins.index(node) + 1}]" if len(twins) > 1 else node.name)
            node = node.parent
        return "/" + "/".join(reversed(names))

    def child(self, *keys: str) -> Element | None:
        """First child whose lower-cased local name is one of ``keys``."""
        for c in self.children:
            if c.key in keys:
                return c
        return None

    def all(self, *keys: str) -> list[Element]:
        return [c for c in self.children if c.key in keys]

    def iter(self) -> Iterator[Element]:
        stack = [self]
        while stack:
            node = stack.pop()
            yield node
            stack.extend(reversed(node.children))

    def find(self, *keys: str) -> Element | None:
        """First descendant (document order, self excluded) with one of ``keys``; for misplaced elements."""
        for node in self.iter():
            if node is not self and node.key in keys:
                return node
        return None


class _Refused(Exception):
    def __init__(self, error: EdxmlError):
        self.error = error


class _TreeBuilder:
    """lxml parser target building ``Element`` objects and enforcing the element-count limit."""

    def __init__(self, limits: Limits, base64_keys: frozenset[str]) -> None:
        self._limits = limits
        self._base64_keys = base64_keys
        self._stack: list[Element] = []
        self._root: Element | None = None
        self._count = 0

    def start(self, tag: str, attrib: dict[str, str], nsmap: object = None) -> None:
        self._count += 1
        if self._count > self._limits.max_elements:
            raise _Refused(
                EdxmlError(
                    f"thông điệp có quá {self._limits.max_elements} phần tử",
                    f"more than {self._limits.max_elements} elements",
                )
            )
        namespace, _, local = tag[1:].partition("}") if tag.startswith("{") else (None, "", tag)
        # Undeclared prefixes (a vendor's stray xlink:href) reach us as "prefix:name"; keep the local part.
        local = local.rpartition(":")[2]
        parent = self._stack[-1] if self._stack else None
        node = Element(local, namespace, dict(attrib), parent)
        if node.key in self._base64_keys:
            node.stream = Base64Stream()
        if parent is None:
            self._root = node
        else:
            parent.children.append(node)
        self._stack.append(node)

    def end(self, tag: str) -> None:
        self._stack.pop()

    def data(self, text: str) -> None:
        if self._stack:
            node = self._stack[-1]
            if node.stream is not None:
                node.stream.feed(text)
            else:
                node.parts.append(text)

    def doctype(self, name: str | None, pubid: str | None, system: str | None) -> None:
        if pubid or system:
            raise _Refused(
                EdxmlError(
                    "từ chối DOCTYPE tham chiếu DTD bên ngoài", "external DTD refused", where=system or pubid
                )
            )

    def close(self) -> Element | None:
        return self._root


def _ascii_view(data: bytes) -> bytes:
    """The document in an ASCII-compatible form for the DOCTYPE pre-scan (UTF-16 input is transcoded)."""
    if data[:2] in (b"\xff\xfe", b"\xfe\xff") or b"\x00" in data[:4]:
        codec = (
            "utf-16"
            if data[:2] in (b"\xff\xfe", b"\xfe\xff")
            else "utf-16-le"
            if data[1:2] == b"\x00"
            else "utf-16-be"
        )
        return data.decode(codec, errors="ignore").encode("utf-8", errors="ignore")
    return data


def _refuse_entity_declarations(data: bytes) -> None:
    # The parser refuses entity declarations too (see parse); this scan gives the clerk a clear reason.
    head = _ascii_view(data)
    doctype = _DOCTYPE.search(head, 0, 65536)
    if doctype is None:
        return
    if _ENTITY.search(head, doctype.end()):
        line = head.count(b"\n", 0, doctype.start()) + 1
        raise EdxmlError(
            "từ chối DOCTYPE khai báo thực thể (XXE, bom mở rộng thực thể)",
            "DOCTYPE with entity declarations refused (XXE, entity expansion)",
            line=line,
        )


def parse(data: bytes, limits: Limits, *, base64_keys: frozenset[str] = frozenset()) -> Element:
    """Parse ``data`` into an ``Element`` tree or raise ``EdxmlError`` naming the line and the reason.

    Elements whose lower-cased local name is in ``base64_keys`` get their text decoded as it streams in
    (``Element.stream``) rather than kept as text.
    """
    if len(data) > limits.max_message_bytes:
        raise EdxmlError(
            f"thông điệp quá lớn ({len(data)} byte, giới hạn {limits.max_message_bytes})",
            f"message too large ({len(data)} bytes, limit {limits.max_message_bytes})",
        )
    _refuse_entity_declarations(data)
    builder = _TreeBuilder(limits, base64_keys)
    parser = etree.XMLParser(target=builder, **_PARSER_OPTIONS)  # type: ignore[call-overload]
    try:
        root = etree.fromstring(data, parser)
    except _Refused as refused:
        raise refused.error from None
    except etree.XMLSyntaxError as exc:
        line = exc.lineno if exc.lineno else None
        reason = str(exc.msg or exc)
        if _ENTITY_LIBXML in reason:
            raise EdxmlError(
                "từ chối DOCTYPE khai báo thực thể (XXE, bom mở rộng thực thể)",
                "DOCTYPE with entity declarations refused (XXE, entity expansion)",
                line=line,
            ) from None
        # libxml2 appends ", line N, column M (<string>, line N)"; the line is reported separately.
        reason = re.sub(r",? line \d+, column \d+.*$", "", reason)
        raise EdxmlError(
            f"XML không đúng cú pháp: {reason}", f"not well-formed XML: {reason}", line=line
        ) from None
    except (ValueError, LookupError) as exc:  # unknown encodings, NUL bytes in str input ...
        raise EdxmlError(f"không đọc được XML: {exc}", f"cannot read XML: {exc}") from None
    if not isinstance(root, Element):
        raise EdxmlError("tài liệu rỗng", "empty document", line=1)
    return root
