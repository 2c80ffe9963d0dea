"""The one search function of the staff interface, the API and the portal.

``search(base=…, params=…)`` takes the QuerySet of the documents the reader may see — ``readable_by(actor)``
for staff, ``public_documents()`` for the portal — and puts it, with the filters, into the full-text query
as a sub-select: who may read what is decided inside the index query, never by filtering a fetched page.
"""

from __future__ import annotations

import collections
import datetime as dt
import functools
import html
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from django.db import connection
from django.db.models import Q, QuerySet
from django.utils.safestring import SafeString, mark_safe

from congvan.documents import statements
from congvan.documents.listing import fixed_ids_sql
from congvan.documents.models import Attachment, Document
from congvan.documents.selectors import readable_by, reads_all_ordinary
from congvan.orgs.models import Membership, Organization
from congvan.vbhc.text import fold

from . import text as t
from .models import ExtractedText, SavedSearch

SNIPPET_WORDS = 30
# The relations of a document any column of the results may show (search.fields).
ALL_RELATED = ("owner", "register", "drafting_unit")


@dataclass
class SearchParams:
    """The search box and the filters of Phụ lục VI III.6."""

    q: str = ""
    doc_type: str = ""
    issuer: str = ""
    year: int | None = None
    number: str = ""
    symbol: str = ""
    signer: str = ""
    date_from: dt.date | None = None
    date_to: dt.date | None = None
    state: str = ""
    register: int | None = None
    unit: int | None = None
    direction: str = ""
    extra: dict[str, Any] = field(default_factory=dict)  # portal filters (category, organisation)


@dataclass
class Hit:
    document: Document
    score: float
    snippet: SafeString


@dataclass
class Page:
    hits: list[Hit]
    total: int
    query: t.Query


def apply_filters(qs: QuerySet[Document], p: SearchParams) -> QuerySet[Document]:
    """The exact filters, on the documents table."""
    if p.doc_type:
        qs = qs.filter(doc_type=p.doc_type)
    if p.direction:
        qs = qs.filter(direction=p.direction)
    if p.year:
        qs = qs.filter(issued_on__year=p.year)
    if p.date_from:
        qs = qs.filter(issued_on__gte=p.date_from)
    if p.date_to:
        qs = qs.filter(issued_on__lte=p.date_to)
    if p.number.strip():
        n = p.number.strip()
        cond = Q(number_text=n)
        if n.isdigit():
            cond |= Q(number=int(n)) | Q(number_text=f"{int(n):02d}") | Q(number_text=str(int(n)))
        qs = qs.filter(cond)
    if p.symbol.strip():
        qs = qs.filter(symbol=p.symbol.strip().upper())
    if p.state:
        qs = qs.filter(state=p.state)
    if p.register:
        qs = qs.filter(register_id=p.register)
    if p.unit:
        qs = qs.filter(drafting_unit_id=p.unit)
    return qs


def _match_terms(
    query: t.Query, p: SearchParams, owner_id: int | None, *, term: Callable[[list[str]], str], any_of: str
) -> list[str]:
    """The terms every match must have, in one backend's syntax (``term`` writes a word or a phrase): the
    owner's mark first, the phrases, any of the number/symbol codes (its own or cited), issuer and signer."""
    parts = [term(phrase) for phrase in query.phrases]
    if query.codes:
        codes = [term([prefix + c]) for c in query.codes for prefix in (t.OWN_CODE, t.CITED_CODE)]
        parts.append("(" + any_of.join(codes) + ")")
    if owner_id is not None:
        parts.insert(0, term([f"{t.OWNER}{owner_id}"]))
    for prefix, value in ((t.ISSUER, p.issuer), (t.SIGNER, p.signer)):
        if t.words(value):
            parts.append(term([prefix + w for w in t.words(value)]))
    return parts


def _fts5_phrase(tokens: list[str]) -> str:
    return '"' + " ".join(tokens) + '"'


def _tsquery_phrase(tokens: list[str]) -> str:
    inner = " <-> ".join(f"'{w}'" for w in tokens)
    return f"({inner})" if len(tokens) > 1 else inner


def _sqlite_match(query: t.Query, p: SearchParams, owner_id: int | None) -> str:
    return " AND ".join(_match_terms(query, p, owner_id, term=_fts5_phrase, any_of=" OR "))


def _pg_tsquery(query: t.Query, p: SearchParams, owner_id: int | None) -> str:
    return " & ".join(_match_terms(query, p, owner_id, term=_tsquery_phrase, any_of=" | "))


Base = QuerySet[Document] | Callable[[], QuerySet[Document]]


def _qs(base: Base) -> QuerySet[Document]:
    return base() if callable(base) else base


def _filtered(p: SearchParams) -> bool:
    """Whether ``p`` has an exact filter (apply_filters changes a QuerySet: it returns the one given otherwise)."""
    probe = Document.objects.all()
    return apply_filters(probe, p) is not probe


def ranked_sql(
    base: Base,
    p: SearchParams,
    *,
    owner_id: int | None,
    limit: int,
    offset: int,
    few: bool = False,
    base_ids: tuple[str, list[Any]] | None = None,
) -> tuple[str, list[Any]] | None:
    """The one SQL statement of a full-text search (None when there is no text to match): ids and scores of
    one page, best first, with the total in each row.

    ``owner_id`` (the reader's organisation) narrows the full-text match to that organisation's documents
    through a token of the index, which makes it fast; the rule itself is ``base``, a sub-select of the same
    statement.

    ``few`` (PostgreSQL): the reader may read only a small part of the organisation's documents (their unit's
    and their own, :func:`reads_few`), so the statement takes those documents and matches each one's entry,
    read by its key, instead of asking the full-text index for every match in the organisation and keeping
    the readable ones — the same rows, scores and order (``base`` must not repeat a document, which
    ``readable_by`` does not). At 1,000,000 documents a specialist's search of a common word costs PostgreSQL
    about 2 ms instead of 8-10: the index's lists for words like "báo", "cáo" are long even within one
    organisation, while a unit reads a hundred or two of its documents. PostgreSQL's planner cannot see that
    (it guesses the permission rule keeps half the organisation), hence the LATERAL sub-select with OFFSET 0,
    which it runs as written: once per readable document, through the entry's primary key.

    ``base``: a QuerySet, or a function that builds it (when it is needed); ``base_ids``: the SQL and parameters
    of ``base.values("id")`` already written (documents.listing.fixed_ids_sql), used when there is no exact
    filter to add.
    """
    query = t.parse_query(p.q)
    if query.empty and not t.words(p.issuer) and not t.words(p.signer):
        return None
    if base_ids is not None and not _filtered(p):
        sub_sql, sub_params = base_ids[0], tuple(base_ids[1])
    else:
        sub_sql, sub_params = apply_filters(_qs(base), p).values("id").query.sql_with_params()
    if connection.vendor == "postgresql":
        # The ranking query leaves out the organisation token, which every candidate has anyway.
        rank = _pg_tsquery(query, SearchParams(), None) or _pg_tsquery(query, p, None)
        match = _pg_tsquery(query, p, owner_id)
        if few:
            sql = (
                "SELECT d.id, ts_rank(e.vector, r) AS score, count(*) OVER () "
                "FROM to_tsquery('simple', %s) q, to_tsquery('simple', %s) r, "
                f"({sub_sql}) d (id) CROSS JOIN LATERAL (SELECT e.vector FROM search_searchentry e "
                "WHERE e.document_id = d.id AND e.vector @@ q OFFSET 0) e "
                "ORDER BY score DESC, d.id DESC LIMIT %s OFFSET %s"
            )
            return sql, [match, rank, *sub_params, limit, offset]
        sql = (
            "SELECT e.document_id, ts_rank(e.vector, r) AS score, count(*) OVER () "
            "FROM search_searchentry e, to_tsquery('simple', %s) q, to_tsquery('simple', %s) r "
            f"WHERE e.vector @@ q AND e.document_id IN ({sub_sql}) "
            "ORDER BY score DESC, e.document_id DESC LIMIT %s OFFSET %s"
        )
        return sql, [match, rank, *sub_params, limit, offset]
    # FTS5's bm25() counts, for each query term, every row of the whole index holding it (its IDF): that is
    # linear in the size of the index (17 ms for a common word at 300,000 documents). The ranking here needs
    # no global statistics: documents matching in the subject (where the own number/symbol also is) first,
    # then the newest — a second MATCH restricted to the subject column, joined.
    sql = (
        "SELECT a.id, (s.id IS NOT NULL) AS score, count(*) OVER () FROM "
        f"(SELECT rowid AS id FROM search_fts WHERE search_fts MATCH %s AND +rowid IN ({sub_sql})) a "
        "LEFT JOIN (SELECT rowid AS id FROM search_fts WHERE search_fts MATCH %s) s ON s.id = a.id "
        "ORDER BY score DESC, a.id DESC LIMIT %s OFFSET %s"
    )
    # (a token no document has when there are no words, only an issuer or signer filter)
    subject_only = _sqlite_match(query, SearchParams(), None) or f'"{t.OWNER}none"'
    owner = f'"{t.OWNER}{owner_id}" AND ' if owner_id is not None else ""
    return sql, [
        _sqlite_match(query, p, owner_id),
        *sub_params,
        f"{owner}subject : ({subject_only})",
        limit,
        offset,
    ]


def ranked_ids(
    base: Base,
    p: SearchParams,
    *,
    owner_id: int | None,
    limit: int,
    offset: int,
    few: bool = False,
    base_ids: tuple[str, list[Any]] | None = None,
) -> tuple[list[tuple[int, float]], int, t.Query]:
    """(document id, score) of one page, best first, and the total (see :func:`ranked_sql`)."""
    query = t.parse_query(p.q)
    statement = ranked_sql(base, p, owner_id=owner_id, limit=limit, offset=offset, few=few, base_ids=base_ids)
    if statement is None:
        base = _qs(base)
        allowed = apply_filters(base, p).values("id")
        rows = list(
            allowed.order_by("-issued_on", "-id").values_list("id", flat=True)[offset : offset + limit]
        )
        total = apply_filters(base, p).count()
        return [(i, 0.0) for i in rows], total, query
    sql, params = statement
    with connection.cursor() as cur:
        cur.execute(sql, params)
        rows = cur.fetchall()
    if not rows and offset:
        return [], _count(sql, params), query
    total = rows[0][2] if rows else 0
    return [(r[0], float(r[1])) for r in rows], total, query


def _count(sql: str, params: list[Any]) -> int:
    with connection.cursor() as cur:
        cur.execute(f"SELECT count(*) FROM ({sql.replace('LIMIT %s OFFSET %s', '')}) x", params[:-2])
        return int(cur.fetchone()[0])


def search(
    *,
    base: Base,
    params: SearchParams,
    owner_id: int | None = None,
    limit: int = 20,
    offset: int = 0,
    snippets: bool = True,
    few: bool = False,
    related: tuple[str, ...] = ALL_RELATED,
    base_ids: tuple[str, list[Any]] | None = None,
) -> Page:
    """A page of ranked hits with their documents and highlighted snippets (``few``, ``base_ids`` and ``base``
    as a function: see :func:`ranked_sql`).

    ``related``: the documents' relations fetched with them, those the caller shows (the API and the portal
    only the owner, the issuer's name when a document has none of its own)."""
    ranked, total, query = ranked_ids(
        base, params, owner_id=owner_id, limit=limit, offset=offset, few=few, base_ids=base_ids
    )
    ids = [i for i, _s in ranked]
    docs: dict[int, Document]
    if related == ("owner",):
        docs = documents_with_owner(ids)
    else:
        docs_qs = Document.objects.filter(pk__in=ids)
        if related:  # (select_related() without names would follow every relation)
            docs_qs = docs_qs.select_related(*related)
        docs = docs_qs.in_bulk()
    files: dict[int, str] = {}
    if snippets and query.terms and ids:
        files = _file_texts(ids)
    hits = [
        Hit(
            document=docs[i],
            score=s,
            snippet=_snippet_of(docs[i], files.get(i, ""), query.terms) if snippets else mark_safe(""),
        )
        for i, s in ranked
        if i in docs
    ]
    return Page(hits=hits, total=total, query=query)


def _documents_with_owner_columns() -> statements.Columns:
    return statements.Columns.of([(Document, "d"), (Organization, "o")])


def documents_with_owner(ids: list[int]) -> dict[int, Document]:
    """``Document.objects.filter(pk__in=ids).select_related("owner").in_bulk()`` as a fixed statement
    (documents.statements): the hits of the API and the portal, without compiling the query at each search."""
    if not ids:
        return {}
    columns = statements.made("search_documents_with_owner", _documents_with_owner_columns)
    one_of, params = statements.one_of('d."id"', ids)
    sql = (
        f'SELECT {columns.sql} FROM "{Document._meta.db_table}" d'
        f' INNER JOIN "{Organization._meta.db_table}" o ON o."id" = d."owner_id" WHERE {one_of}'
    )
    out: dict[int, Document] = {}
    for found in statements.rows(sql, params):
        document, owner = columns.objects(columns.convert(found))
        statements.attach(document, "owner", owner)
        out[document.pk] = document
    return out


def reads_few(actor: Membership) -> bool:
    """Whether ``actor`` reads only part of their organisation's documents (their unit's, their own, what is
    directed, assigned or shared to them): not the clerks and leaders, who read every ordinary document."""
    return not reads_all_ordinary(actor)


def staff_search(
    actor: Membership,
    params: SearchParams,
    *,
    limit: int = 20,
    offset: int = 0,
    snippets: bool = True,
    related: tuple[str, ...] = ALL_RELATED,
) -> Page:
    """The search of a member of staff (the page, its exports and the API): what ``actor`` may read, in their
    organisation. The rule's SQL is written once per shape of person (documents.listing.fixed_ids_sql): built
    by the ORM at every search it cost 1–2 ms of CPU (issue 10); the QuerySet is built only when the ORM must."""
    return search(
        base=functools.partial(readable_by, actor),
        base_ids=fixed_ids_sql("readable_by", readable_by, actor),
        params=params,
        owner_id=actor.organization_id,
        limit=limit,
        offset=offset,
        snippets=snippets,
        few=reads_few(actor),
        related=related,
    )


def _file_texts(ids: list[int]) -> dict[int, str]:
    """The extracted text of each document's attachments, in their order: one joined statement (it runs on
    every search page, and the ORM's two lookups cost more to build than to run)."""
    one_of, params = statements.one_of("a.document_id", ids)
    with connection.cursor() as cur:
        cur.execute(
            f"SELECT a.document_id, t.text FROM {Attachment._meta.db_table} a"
            f" JOIN {ExtractedText._meta.db_table} t ON t.stored_id = a.stored_id"
            f" WHERE {one_of} AND t.text <> '' ORDER BY a.position, a.id",
            params,
        )
        rows = cur.fetchall()
    out: dict[int, str] = {}
    for doc_id, text in rows:
        out[doc_id] = out.get(doc_id, "") + "\n" + text
    return out


_TOKEN_RE = re.compile(r"\w+")
_WORD_CHAR_RE = re.compile(r"\w")
# Words repeat a lot in administrative text: fold each distinct one once.
_fold_word = functools.lru_cache(maxsize=100_000)(fold)

# The blocks whose word characters are checked, one by one, for the fast matching below: Latin with every
# Vietnamese letter, punctuation and symbols, CJK punctuation, full-width forms. A word character anywhere
# else (Greek, CJK, emoji neighbours…) sends a text to the word-by-word loop, exact for any text.
_CHECKED_BLOCKS = ((0x0000, 0x0300), (0x1E00, 0x1F00), (0x2000, 0x2C00), (0x3000, 0x3040), (0xFE00, 0x10000))


@dataclass(frozen=True)
class _FoldedChars:
    """The checked word characters whose ``fold`` is exactly one word character, by that character
    (``"d" -> "DdĎďĐđḊḋ…"``), and a pattern finding any character outside the checked blocks or a word
    character not among them ('ß' folds to 'ss', 'ŉ' to "ʼn"; the Ångström sign 'Å', which folds to 'a', is
    among them)."""

    by_fold: dict[str, str]
    unchecked: re.Pattern[str]


def _char_class(chars: Iterable[str]) -> str:
    return "[" + "".join(re.escape(c) for c in sorted(set(chars))) + "]"


def _code_ranges(codes: list[int]) -> str:
    """Sorted code points as the ranges of a character class: a few dozen ranges instead of thousands of
    characters, which keeps the pattern small to compile."""
    out: list[str] = []
    start = prev = codes[0]
    for code in [*codes[1:], -1]:
        if code == prev + 1:
            prev = code
            continue
        out.append(re.escape(chr(start)) + ("-" + re.escape(chr(prev)) if prev > start else ""))
        start = prev = code
    return "".join(out)


@functools.cache
def _folded_chars() -> _FoldedChars:
    # Checked on first use rather than at import: a few milliseconds, which processes that never search skip.
    # Why one character suffices: ``fold`` works character by character (NFD decomposes each one, the
    # combining marks it drops are the only ones reordering moves, casefold has no context), so a word of
    # such characters folds to their folds side by side, one for one.
    by_fold: dict[str, list[str]] = collections.defaultdict(list)
    fine: list[int] = []
    for start, end in _CHECKED_BLOCKS:
        for code in range(start, end):
            char = chr(code)
            if not _WORD_CHAR_RE.match(char):
                fine.append(code)
                continue
            folded = fold(char)
            if len(folded) == 1 and _WORD_CHAR_RE.match(folded):
                by_fold[folded].append(char)
                fine.append(code)
    return _FoldedChars(
        by_fold={f: "".join(chars) for f, chars in by_fold.items()},
        unchecked=re.compile(f"[^{_code_ranges(fine)}]"),
    )


@functools.lru_cache(maxsize=8192)
def _term_pattern(term: str) -> re.Pattern[str] | None:
    """The words of checked characters whose fold is ``term``, as a pattern searched over the text as it is:
    the same words as folding each (issue 10), without folding any. ``None`` when no such word can fold to it
    (an empty term, a term with a space or an unfolded letter).

    One pattern per word of a query, cached per process: a class of accented letters compiles to a
    64K-character bitmap (about 0.1 ms each), and the same words come back in query after query far more often
    than the same whole query does. Its first letter's class leads, so the regex engine skips to the candidates
    with its character-set scan; the look-behind then says no word character comes before."""
    by_fold = _folded_chars().by_fold
    if not term or not all(c in by_fold for c in term):
        return None
    rest = "".join(_char_class(by_fold[c]) for c in term[1:])
    return re.compile(rf"{_char_class(by_fold[term[0]])}(?<!\w.){rest}(?!\w)")


def _term_patterns(terms: list[str]) -> list[re.Pattern[str]]:
    return [p for p in map(_term_pattern, dict.fromkeys(terms)) if p is not None]


def _first_match(patterns: list[re.Pattern[str]], text: str) -> re.Match[str] | None:
    """The first word matching any of the patterns. Each match is a whole word and a word folds to one term
    only, so two patterns never match at the same place."""
    found = [m for m in (p.search(text) for p in patterns) if m is not None]
    return min(found, key=lambda m: m.start()) if found else None


def _snippet_of(doc: Document, files_text: str, terms: list[str]) -> SafeString:
    """Around the first match in the body or the files; the subject, highlighted, when they have none."""
    return snippet(f"{doc.body}\n{files_text}", terms) or highlight(doc.subject, terms)


def highlight(text: str, terms: list[str]) -> SafeString:
    """The text, escaped, with the words matching ``terms`` (folded) in <mark>. Escaped by ``html.escape``: the
    same characters and entities as Django's ``escape`` (which calls it), without its lazy-string wrapper and a
    SafeString for every piece of every hit (issue 10)."""
    if _folded_chars().unchecked.search(text):
        return _highlight_word_by_word(text, terms)
    escape = html.escape
    patterns = _term_patterns(terms)
    if not patterns:
        return mark_safe(escape(text))  # noqa: S308 — escaped
    out: list[str] = []
    last = 0
    matches = [m for p in patterns for m in p.finditer(text)]
    for m in sorted(matches, key=lambda m: m.start()) if len(patterns) > 1 else matches:
        out.append(escape(text[last : m.start()]))
        out.append(f"<mark>{escape(m.group(0))}</mark>")
        last = m.end()
    out.append(escape(text[last:]))
    return mark_safe("".join(out))  # noqa: S308 — every piece is escaped above


def _highlight_word_by_word(text: str, terms: list[str]) -> SafeString:
    """:func:`highlight` folding every word: for texts with characters :func:`_folded_chars` has not checked."""
    escape = html.escape
    wanted = set(terms)
    out: list[str] = []
    last = 0
    for m in _TOKEN_RE.finditer(text):
        if _fold_word(m.group(0)) in wanted:
            out.append(escape(text[last : m.start()]))
            out.append(f"<mark>{escape(m.group(0))}</mark>")
            last = m.end()
    out.append(escape(text[last:]))
    return mark_safe("".join(out))  # noqa: S308 — every piece is escaped above


def snippet(text: str, terms: list[str], size: int = SNIPPET_WORDS) -> SafeString:
    """About ``size`` words of ``text`` around the first matching word, the matches highlighted; empty when
    no word matches."""
    found = _first_match(_term_patterns(terms), text)
    # Only the words before the match must be of checked characters: those after it are not folded here.
    # A negative size goes there too, to be refused as it always was (by the deque).
    if size < 0 or _folded_chars().unchecked.search(text, 0, found.start() if found else len(text)):
        return _snippet_word_by_word(text, terms, size)
    if found is None:
        return mark_safe("")
    before, skipped = _words_before(text, found.start(), size // 3)
    window = [*before, found]
    more = False
    for match in _TOKEN_RE.finditer(text, found.end()):
        if len(window) >= size:
            more = True
            break
        window.append(match)
    return _snippet_text(text, window, skipped, more, terms)


def _words_before(text: str, end: int, keep: int) -> tuple[list[re.Match[str]], bool]:
    """The last ``keep`` words before ``end`` (where a word starts) and whether there are more before them,
    reading only as far back as they go: a deep match does not tokenise the whole text before it."""
    span = 8 * (keep + 2)  # about twice the characters of ``keep`` Vietnamese words, then four times more
    while True:
        start = max(0, end - span)
        found = list(_TOKEN_RE.finditer(text, start, end))
        if start == 0:
            return found[max(0, len(found) - keep) :], len(found) > keep
        # The first word read may be the cut end of a longer one: it counts only as a word before.
        if len(found) > keep:
            return found[len(found) - keep :], True
        span *= 4


def _snippet_word_by_word(text: str, terms: list[str], size: int) -> SafeString:
    """:func:`snippet` folding every word up to the first match: for texts with characters
    :func:`_folded_chars` has not checked."""
    wanted = set(terms)
    # The words are read as far as the snippet needs, not the whole text: the ``size // 3`` words before the
    # first match, the match, the words after it up to ``size`` in all, and whether one more follows.
    words = _TOKEN_RE.finditer(text)
    before: collections.deque[re.Match[str]] = collections.deque(maxlen=size // 3)
    skipped = False  # words before those kept
    for match in words:
        if _fold_word(match.group(0)) in wanted:
            break
        if len(before) == before.maxlen:
            skipped = True
        before.append(match)
    else:
        return mark_safe("")
    window = [*before, match]
    more = False
    for match in words:
        if len(window) >= size:
            more = True
            break
        window.append(match)
    return _snippet_text(text, window, skipped, more, terms)


def _snippet_text(
    text: str, window: list[re.Match[str]], skipped: bool, more: bool, terms: list[str]
) -> SafeString:
    piece = " ".join(text[window[0].start() : window[-1].end()].split())
    prefix = "… " if skipped else ""
    suffix = " …" if more else ""
    return mark_safe(html.escape(prefix) + highlight(piece, terms) + html.escape(suffix))  # noqa: S308


@dataclass(frozen=True)
class SavedRow:
    """A saved search as the page lists it."""

    pk: int
    name: str
    query: str


def _saved_searches_sql() -> str:
    sql, params = (
        SavedSearch.objects.filter(user_id=0).values_list("pk", "name", "query").query.sql_with_params()
    )
    assert len(params) == 1  # the person: the statement's one parameter
    return sql


def saved_searches_of(user_id: int) -> list[SavedRow]:
    """``SavedSearch.objects.filter(user_id=user_id)``'s rows (by name) as plain rows, read by the ORM's own
    statement compiled once per process (documents.statements.made) instead of at every search page (issue 10)."""
    sql = statements.made("search_saved_searches", _saved_searches_sql)
    return [SavedRow(*row) for row in statements.rows(sql, [user_id])]
