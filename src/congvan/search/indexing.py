"""Building the index: what of a document is indexed, writing batches to the backend, and the after-commit hook.

Every save of a document, reference or attachment (and every audit event, which comes with each transition)
marks its document; when the transaction commits, the marked ids go to the background task
``congvan.search.tasks.index_documents`` in one batch. Writes that bypass signals (``bulk_create`` of incoming
copies and imports) leave documents *missing* from the index: each task run also sweeps those, and
``congvan reindex --check`` reports them. Tests and the demo call :func:`index_documents` directly.
"""

from __future__ import annotations

import hashlib
import logging
import threading
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any

from django.db import connection, transaction
from django.db.models.signals import post_delete, post_save
from django.utils import timezone

from congvan.documents import statements
from congvan.documents.models import Attachment, Document, Event, Reference, StoredFile
from congvan.vbhc import doctypes, numbering

from . import text as t
from .models import ExtractedText, SearchEntry

log = logging.getLogger(__name__)

BATCH = 1000
# A rebuild commits every this many batches.
COMMIT_BATCHES = 10
# A document's attachments add at most this much text to the index (PostgreSQL caps a tsvector at 1 MB).
MAX_FILES_TEXT = 200_000


@dataclass(frozen=True)
class Row:
    """The five columns of one document in the index, already folded into tokens."""

    document_id: int
    subject: str
    meta: str
    body: str
    files: str
    tags: str

    @property
    def digest(self) -> str:
        h = hashlib.sha1(usedforsecurity=False)
        for part in (self.subject, self.meta, self.body, self.files, self.tags):
            h.update(part.encode())
            h.update(b"\x00")
        return h.hexdigest()


@dataclass(frozen=True)
class Source:
    """What of a document goes into the index, read as plain values (no model instances: indexing a million
    documents should not build a million of them)."""

    pk: int
    owner_id: int
    owner_name: str
    direction: str
    doc_type: str
    number: int | None
    number_text: str
    symbol: str
    subject: str
    body: str
    issuer_name: str
    signer_name: str
    signing_authority: str
    references: tuple[tuple[str, str, str], ...] = ()  # (number, symbol, issuer)


_TYPE_NAMES = {d.code: d.name for d in doctypes.DOC_TYPES}
SOURCE_FIELDS = [
    "pk", "owner_id", "owner__name", "direction", "doc_type", "number", "number_text", "symbol", "subject", "body",
    "issuer_name", "signer_name", "signing_authority",
]  # fmt: skip


def row_for(doc: Source, files_text: str = "") -> Row:
    """The index row of a document."""
    issuer = doc.issuer_name if doc.direction == "in" else doc.owner_name
    own_number = doc.number_text or (numbering.format_number(doc.number) if doc.number else "")
    type_name = _TYPE_NAMES.get(doc.doc_type, doc.doc_type)
    meta = " ".join(
        [f"{own_number}/{doc.symbol}", issuer, doc.signer_name, type_name, doc.signing_authority]
        + [f"{n}/{s} {i}" for n, s, i in doc.references]
    )
    tags = [f"{t.OWNER}{doc.owner_id}"]
    # The document's own number/symbol goes with the subject (the heaviest column), so that a number/symbol
    # query ranks the document itself before those citing it.
    own = t.OWN_CODE + t.code_key(own_number, doc.symbol) + " " if own_number and doc.symbol else ""
    tags += [t.CITED_CODE + t.code_key(n, s) for n, s, _i in doc.references if n and s]
    tags += [t.tagged(t.ISSUER, issuer), t.tagged(t.SIGNER, doc.signer_name)]
    return Row(
        document_id=doc.pk,
        subject=own + t.index_text(doc.subject),
        meta=t.index_text(meta),
        body=t.index_text(doc.body),
        files=t.index_text(files_text[:MAX_FILES_TEXT]),
        tags=" ".join(x for x in tags if x),
    )


def _span(ids: Sequence[int]) -> tuple[dict[str, object], dict[str, object]]:
    """The filters on documents and on their children for these ids. A ``range`` (a rebuild's contiguous pk
    span) becomes two comparisons instead of a thousand bound parameters, which Django then prepares one by
    one and the database matches one by one."""
    if isinstance(ids, range):
        return (
            {"pk__gte": ids.start, "pk__lt": ids.stop},
            {"document_id__gte": ids.start, "document_id__lt": ids.stop},
        )
    return {"pk__in": ids}, {"document_id__in": ids}


def _sources(ids: Sequence[int]) -> tuple[list[Source], dict[int, list[int]]]:
    """The documents' values, with their references, and the stored file ids of each one's attachments.

    A list (an index task's few ids) is read by fixed statements; a rebuild's ``range`` stays on the ORM, whose
    two comparisons on the span it needs, and whose compiling is nothing beside a thousand documents' folding."""
    if isinstance(ids, range):
        return _sources_orm(ids)
    return _sources_fixed(list(ids))


def _sources_orm(ids: Sequence[int]) -> tuple[list[Source], dict[int, list[int]]]:
    """The ORM's reads: a rebuild's, and what the fixed statements are tested against."""
    on_docs, on_children = _span(ids)
    refs: dict[int, list[tuple[str, str, str]]] = {}
    for doc_id, number, symbol, issuer in Reference.objects.filter(**on_children).values_list(
        "document_id", "number", "symbol", "issuer_name"
    ):
        refs.setdefault(doc_id, []).append((number, symbol, issuer))
    files: dict[int, list[int]] = {}
    for doc_id, stored_id in (
        Attachment.objects.filter(**on_children)
        .order_by("position", "id")
        .values_list("document_id", "stored_id")
    ):
        files.setdefault(doc_id, []).append(stored_id)
    sources = [
        Source(*values, references=tuple(refs.get(values[0], ())))  # type: ignore[misc]
        for values in Document.objects.filter(**on_docs).values_list(*SOURCE_FIELDS)
    ]
    return sources, files


@dataclass(frozen=True)
class _Read:
    """A fixed statement for a list of ids: ``head`` WHERE ``column`` is one of them, then ``tail``."""

    head: str
    column: str
    tail: str = ""
    # The columns the ORM converts after reading them: none of the indexed ones on SQLite or PostgreSQL today, but
    # a field changed to a type that has one must not come out raw.
    conversions: statements.Conversions = ()

    def rows(self, ids: list[int]) -> list[tuple[Any, ...]]:
        where, params = statements.one_of(self.column, ids)
        found = statements.rows(f"{self.head} WHERE {where}{self.tail}", params)
        if not self.conversions:
            return found
        return [tuple(statements.convert_row(row, self.conversions)) for row in found]


def _column(alias: str, field: Any) -> str:
    return f"{alias}.{connection.ops.quote_name(field.column)}"


def _table(model: Any, alias: str) -> str:
    return f"{connection.ops.quote_name(model._meta.db_table)} {alias}"


def _children_read(model: Any, alias: str, names: list[str], order: list[str]) -> _Read:
    """``model.objects.filter(document_id__in=ids).order_by(*order).values_list(*names)``."""
    fields = [model._meta.get_field(n) for n in names]
    return _Read(
        head=f"SELECT {', '.join(_column(alias, f) for f in fields)} FROM {_table(model, alias)}",
        column=_column(alias, model._meta.get_field("document")),
        tail=" ORDER BY " + ", ".join(_column(alias, model._meta.get_field(n)) for n in order),
        conversions=statements.conversions(fields),
    )


def _documents_read() -> _Read:
    """``Document.objects.filter(pk__in=ids).values_list(*SOURCE_FIELDS)``: SOURCE_FIELDS of the document and
    of its owner, which is never null (the ORM's INNER JOIN)."""
    meta = Document._meta
    owner: Any = meta.get_field("owner")
    org = owner.related_model
    fields: list[Any] = []
    for name in SOURCE_FIELDS:
        if name.startswith("owner__"):
            fields.append(org._meta.get_field(name.removeprefix("owner__")))
        else:
            fields.append(meta.pk if name == "pk" else meta.get_field(name))
    columns = [_column("o" if f.model is org else "d", f) for f in fields]
    pk = _column("d", meta.pk)
    return _Read(
        head=f"SELECT {', '.join(columns)} FROM {_table(Document, 'd')} INNER JOIN {_table(org, 'o')}"
        f" ON {_column('o', org._meta.pk)} = {_column('d', owner)}",
        column=pk,
        # The ORM's query has no order; this one's makes rows_for's (and stale_ids') output the same at every run.
        tail=f" ORDER BY {pk}",
        conversions=statements.conversions(fields),
    )


@dataclass(frozen=True)
class _SourceReads:
    references: _Read
    attachments: _Read
    documents: _Read


def _source_reads() -> _SourceReads:
    return _SourceReads(
        # The ORM orders references by the model's ordering (position); the id settles ties, as for attachments.
        references=_children_read(
            Reference, "r", ["document", "number", "symbol", "issuer_name"], ["position", "id"]
        ),
        attachments=_children_read(Attachment, "a", ["document", "stored"], ["position", "id"]),
        documents=_documents_read(),
    )


def _sources_fixed(ids: list[int]) -> tuple[list[Source], dict[int, list[int]]]:
    """:func:`_sources_orm` for the few ids of an index task, by fixed statements: the ORM compiled its three
    queries again at every task, about 40 % of the worker's CPU (issue 10), more than PostgreSQL took to
    answer them."""
    if not ids:
        return [], {}
    reads = statements.made("search_index_sources", _source_reads)
    refs: dict[int, list[tuple[str, str, str]]] = {}
    for doc_id, number, symbol, issuer in reads.references.rows(ids):
        refs.setdefault(doc_id, []).append((number, symbol, issuer))
    files: dict[int, list[int]] = {}
    for doc_id, stored_id in reads.attachments.rows(ids):
        files.setdefault(doc_id, []).append(stored_id)
    sources = [
        Source(*values, references=tuple(refs.get(values[0], ())))  # type: ignore[misc]
        for values in reads.documents.rows(ids)
    ]
    return sources, files


def _known_texts_read() -> _Read:
    """``ExtractedText.objects.filter(stored_id__in=ids).values_list("stored_id", "text")``."""
    fields: list[Any] = [ExtractedText._meta.get_field(n) for n in ("stored", "text")]
    return _Read(
        head=f"SELECT {', '.join(_column('t', f) for f in fields)} FROM {_table(ExtractedText, 't')}",
        column=_column("t", fields[0]),
        conversions=statements.conversions(fields),
    )


def file_texts(stored_ids: Iterable[int]) -> dict[int, str]:
    """The text of each stored file, extracted now for those never extracted before."""
    wanted = set(stored_ids)
    if not wanted:
        return {}
    known: dict[int, str] = dict(
        statements.made("search_index_known_texts", _known_texts_read).rows(list(wanted))
    )
    missing = wanted - known.keys()
    if missing:
        from congvan.documents.storage import open_stored
        from congvan.vbhc.reader.files import extract_text

        new = []
        for stored in StoredFile.objects.filter(pk__in=missing):
            try:
                with open_stored(stored) as fh:
                    text, warnings = extract_text(fh.read())
            except Exception as exc:  # an unreadable file must not stop the indexing of the others
                log.warning("no text from stored file %s: %s", stored.pk, exc)
                text, warnings = "", [str(exc)]
            known[stored.pk] = text
            new.append(ExtractedText(stored=stored, text=text, warnings="\n".join(map(str, warnings))))
        ExtractedText.objects.bulk_create(new, ignore_conflicts=True)
    return known


def rows_for(ids: Sequence[int]) -> list[Row]:
    sources, files = _sources(ids)
    texts = file_texts(stored for stored_ids in files.values() for stored in stored_ids)
    return [row_for(d, "\n".join(texts.get(f, "") for f in files.get(d.pk, []))) for d in sources]


def index_documents(ids: Iterable[int]) -> int:
    """Index (or re-index) these documents now, in batches; ids of deleted documents are dropped. Returns
    how many rows were written."""
    ids = sorted(set(ids))
    written = 0
    for start in range(0, len(ids), BATCH):
        chunk = ids[start : start + BATCH]
        rows = rows_for(chunk)
        with transaction.atomic():
            write_rows(rows, replace=True)
            gone = set(chunk) - {r.document_id for r in rows}
            if gone:
                delete_rows(gone)
        written += len(rows)
    return written


def write_rows(rows: Sequence[Row], *, replace: bool) -> None:
    """Write index rows; ``replace`` first removes the documents' old rows (not needed after a truncate)."""
    if not rows:
        return
    now = timezone.now()
    with connection.cursor() as cur:
        if connection.vendor == "postgresql":
            upsert = (
                " ON CONFLICT (document_id) DO UPDATE SET digest = EXCLUDED.digest,"
                " indexed_at = EXCLUDED.indexed_at, vector = EXCLUDED.vector"
            )
            # The vector is built here as a tsvector literal when it can be the very same as
            # ``to_tsvector`` would make (see :func:`tsvector_literal`): parsing a literal costs the server
            # a fraction of running its text parser, which was most of a PostgreSQL rebuild's time.
            literal, parsed = [], []
            for r in rows:
                vector = tsvector_literal(r)
                if vector is None:
                    parsed.append(
                        (r.document_id, r.digest, now, r.subject, f"{r.meta} {r.tags}", r.body, r.files)
                    )
                else:
                    literal.append((r.document_id, r.digest, now, vector))
            if literal:
                cur.executemany(
                    "INSERT INTO search_searchentry (document_id, digest, indexed_at, vector)"
                    f" VALUES (%s, %s, %s, %s::tsvector){upsert}",
                    literal,
                )
            if parsed:
                cur.executemany(
                    "INSERT INTO search_searchentry (document_id, digest, indexed_at, vector) VALUES (%s, %s, %s,"
                    " setweight(to_tsvector('simple', %s), 'A') || setweight(to_tsvector('simple', %s), 'B')"
                    f" || setweight(to_tsvector('simple', %s), 'C') || setweight(to_tsvector('simple', %s), 'D')){upsert}",
                    parsed,
                )
            return
        if replace:
            ids = [r.document_id for r in rows]
            marks = ",".join(["%s"] * len(ids))
            cur.execute(f"DELETE FROM search_fts WHERE rowid IN ({marks})", ids)
        cur.executemany(
            "INSERT INTO search_fts (rowid, subject, meta, body, files, tags) VALUES (%s, %s, %s, %s, %s, %s)",
            [(r.document_id, r.subject, r.meta, r.body, r.files, r.tags) for r in rows],
        )
        # Plain SQL rather than ``bulk_create``: building a thousand model instances and their INSERT cost
        # more CPU than writing the full-text rows (profile of a rebuild at 30,000 documents).
        upsert = (
            " ON CONFLICT (document_id) DO UPDATE SET digest = excluded.digest, indexed_at = excluded.indexed_at"
            if replace
            else ""
        )
        stamp = connection.ops.adapt_datetimefield_value(now)
        cur.executemany(
            f"INSERT INTO search_searchentry (document_id, digest, indexed_at) VALUES (%s, %s, %s){upsert}",
            [(r.document_id, r.digest, stamp) for r in rows],
        )


# PostgreSQL's limits on positions (tsvector.h): a position is at most 16383, a lexeme keeps at most 256.
_MAX_POSITION = 16383
_MAX_POSITIONS = 255


def tsvector_literal(row: Row) -> str | None:
    """The row's weighted vector as a tsvector literal, equal to what the SQL of :func:`write_rows` makes
    with ``setweight(to_tsvector('simple', column), weight) || …``; None when PostgreSQL's position limits would
    come into play (very long texts), where its own clamping rules are left to it.

    The columns hold folded words (``[0-9a-z]+``) separated by spaces, which the default parser and the
    'simple' configuration keep one for one, lower-cased, at positions 1, 2, 3 …; ``||`` shifts the positions
    of the right vector by the last position of the left one. (Tested against ``to_tsvector``.)"""
    positions: dict[str, list[str]] = {}
    last = 0
    for text, weight in (
        (row.subject, "A"),
        (f"{row.meta} {row.tags}", "B"),
        (row.body, "C"),
        (row.files, "D"),
    ):
        tokens = text.split()
        if last + len(tokens) > _MAX_POSITION:
            return None
        for pos, word in enumerate(tokens, last + 1):
            positions.setdefault(word, []).append(f"{pos}{weight}")
        if tokens:
            last += len(tokens)
    if any(len(p) > _MAX_POSITIONS for p in positions.values()):
        return None
    return " ".join(f"{w}:{','.join(p)}" for w, p in positions.items())


def delete_rows(ids: Iterable[int]) -> None:
    ids = list(ids)
    if not ids:
        return
    marks = ",".join(["%s"] * len(ids))
    with connection.cursor() as cur:
        if connection.vendor == "sqlite":
            cur.execute(f"DELETE FROM search_fts WHERE rowid IN ({marks})", ids)
        cur.execute(f"DELETE FROM search_searchentry WHERE document_id IN ({marks})", ids)


def clear() -> None:
    with connection.cursor() as cur:
        if connection.vendor == "sqlite":
            cur.execute("DELETE FROM search_fts")
            cur.execute("DELETE FROM search_searchentry")
        else:
            cur.execute("TRUNCATE search_searchentry")


def missing_ids() -> list[int]:
    """Documents with no index entry (written by ``bulk_create`` or before the index existed)."""
    return list(Document.objects.filter(searchentry_missing()).values_list("pk", flat=True))


def searchentry_missing():  # type: ignore[no-untyped-def]
    from django.db.models import Exists, OuterRef, Q

    return ~Q(Exists(SearchEntry.objects.filter(document_id=OuterRef("pk"))))


def stale_ids(batch: int = BATCH) -> list[int]:
    """Indexed documents whose indexed content differs from what they hold now."""
    stale: list[int] = []
    digests = dict(SearchEntry.objects.values_list("document_id", "digest"))
    ids = sorted(digests)
    for start in range(0, len(ids), batch):
        for row in rows_for(ids[start : start + batch]):
            if digests[row.document_id] != row.digest:
                stale.append(row.document_id)
    return stale


def _spans(ids: Sequence[int], size: int) -> list[range]:
    """Contiguous pk spans of ``size`` documents each."""
    return [range(ids[k], ids[min(k + size, len(ids)) - 1] + 1) for k in range(0, len(ids), size)]


def _index_span(span: range) -> int:
    """Read, fold and write one span in its own transaction (a PostgreSQL rebuild's worker)."""
    rows = rows_for(span)
    with transaction.atomic():
        write_rows(rows, replace=False)
    return len(rows)


def _fast_bulk_session() -> None:
    """Settings of the rebuilding connection(s). A rebuild can always be run again, so PostgreSQL need not wait
    for the WAL flush at each commit (a crash loses at most the last commits, which ``reindex --check``
    reports as missing)."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cur:
            cur.execute("SET synchronous_commit = off")


def _worker_start() -> None:
    from django.db import connections

    # The forked child must not use the parent's sockets (they were closed before the fork; this is a guard).
    for conn in connections.all(initialized_only=True):
        conn.connection = None
    _fast_bulk_session()


def rebuild(*, progress: bool = False, workers: int = 1) -> int:
    """Empty the index and index every document again, in batches.

    ``workers`` > 1 reads and folds the documents in that many processes (the folding is CPU-bound Python):
    on PostgreSQL each also writes its own batches on its own connection (the server's ``to_tsvector`` then
    runs in as many backends); on SQLite, which has one writer, this process writes what they return while
    they fold the next batches. Not inside a caller's transaction (a test's): the workers could not see it.
    """
    clear()
    ids = list(Document.objects.order_by("pk").values_list("pk", flat=True))
    spans = _spans(ids, BATCH)
    done = 0
    in_atomic = connection.in_atomic_block
    # PostgreSQL builds a GIN index from scratch faster than it grows one row by row (not inside a caller's
    # transaction, e.g. a test's, where deferred constraint checks forbid CREATE INDEX).
    gin = connection.vendor == "postgresql" and not in_atomic
    if gin:
        with connection.cursor() as cur:
            cur.execute("DROP INDEX IF EXISTS search_searchentry_vector")
    if connection.vendor == "sqlite":
        # FTS5 merges its segments a little at each commit; the ``optimize`` at the end merges them all once.
        with connection.cursor() as cur:
            cur.execute("INSERT INTO search_fts(search_fts, rank) VALUES ('automerge', 0)")

    def report(n: int) -> None:
        nonlocal done
        done += n
        if progress:
            print(f"\r{done}/{len(ids)}", end="", flush=True)

    try:
        # (An in-memory SQLite database, a test's, exists only in this process: the workers would find it empty.)
        shared = not (connection.vendor == "sqlite" and connection.is_in_memory_db())  # type: ignore[attr-defined]
        if workers > 1 and not in_atomic and shared and spans:
            _rebuild_parallel(spans, workers, report)
        else:
            if not in_atomic:
                _fast_bulk_session()
            for start in range(0, len(spans), COMMIT_BATCHES):
                # Several batches per commit: fewer, larger FTS5 segments and fewer syncs.
                with transaction.atomic():
                    for span in spans[start : start + COMMIT_BATCHES]:
                        rows = rows_for(span)
                        write_rows(rows, replace=False)
                        report(len(rows))
    finally:
        with connection.cursor() as cur:
            if gin:
                # Memory for the build: the default 64 MB makes a GIN build over a million documents spill to
                # disk in many runs.
                cur.execute("SET maintenance_work_mem = '512MB'")
                cur.execute(
                    "CREATE INDEX IF NOT EXISTS search_searchentry_vector ON search_searchentry USING gin (vector)"
                )
                cur.execute("RESET maintenance_work_mem")
            if connection.vendor == "sqlite":
                cur.execute("INSERT INTO search_fts(search_fts, rank) VALUES ('automerge', 4)")
            elif not in_atomic:
                cur.execute("RESET synchronous_commit")
    if progress:
        print()
    optimize()
    return done


def _rebuild_parallel(spans: list[range], workers: int, report: Callable[[int], None]) -> None:
    import itertools
    import multiprocessing
    from collections import deque
    from concurrent.futures import Future, ProcessPoolExecutor

    from django.db import connections

    sqlite = connection.vendor == "sqlite"
    # The children get fresh connections: none of this process's may be shared across the fork.
    connections.close_all()
    job: Callable[[range], Any] = rows_for if sqlite else _index_span
    with ProcessPoolExecutor(
        max_workers=workers, mp_context=multiprocessing.get_context("fork"), initializer=_worker_start
    ) as pool:

        def results() -> Iterator[Any]:
            # In order, and at most two batches in flight per worker: folded rows wait in memory until written.
            pending: deque[Future[Any]] = deque()
            for span in spans:
                pending.append(pool.submit(job, span))
                if len(pending) >= 2 * workers:
                    yield pending.popleft().result()
            while pending:
                yield pending.popleft().result()

        out = results()
        if not sqlite:
            for n in out:
                report(n)
            return
        while True:
            batches = 0
            with transaction.atomic():
                for rows in itertools.islice(out, COMMIT_BATCHES):
                    write_rows(rows, replace=False)
                    report(len(rows))
                    batches += 1
            if batches < COMMIT_BATCHES:
                return


def optimize() -> None:
    """After a bulk (re)build: FTS5 merges its segments into one (queries read one b-tree instead of dozens,
    2-3x faster); PostgreSQL refreshes the planner's statistics."""
    with connection.cursor() as cur:
        if connection.vendor == "sqlite":
            cur.execute("INSERT INTO search_fts(search_fts) VALUES('optimize')")
        elif connection.vendor == "postgresql":
            cur.execute("ANALYZE search_searchentry")


# --- after commit -------------------------------------------------------------------------------------

_pending = threading.local()


def mark(document_id: int | None) -> None:
    """Index this document after the current transaction commits (at once when there is none)."""
    if document_id is None:
        return
    ids: set[int] | None = getattr(_pending, "ids", None)
    if ids is None:
        ids = _pending.ids = set()
    ids.add(document_id)
    # One hook per save: the first to run takes the whole set, the others find it empty. (A rolled-back
    # transaction leaves its ids for the next commit, which indexes them again: harmless.)
    transaction.on_commit(_flush)


def _flush() -> None:
    ids: set[int] = getattr(_pending, "ids", None) or set()
    _pending.ids = None
    if ids:
        from .tasks import index_task

        try:
            index_task.enqueue(sorted(ids))
        except Exception:  # ``congvan reindex --check`` reports them, ``--fix`` indexes them
            log.exception("could not enqueue indexing of %d documents", len(ids))


def _on_document(sender: type, instance: Document, **kwargs: object) -> None:
    mark(instance.pk)


# Audit events that change nothing the index holds.
_READ_ONLY_ACTIONS = frozenset({"viewed", "downloaded", "exported"})


def _on_child(sender: type, instance: Reference | Attachment | Event, **kwargs: object) -> None:
    if isinstance(instance, Event) and instance.action in _READ_ONLY_ACTIONS:
        return
    mark(instance.document_id)


def _on_bulk(sender: type, ids: list[int], **kwargs: object) -> None:
    for pk in ids:
        mark(pk)


def connect_signals() -> None:
    from congvan.documents.signals import documents_bulk_created

    documents_bulk_created.connect(_on_bulk, dispatch_uid="search-bulk-documents")
    post_save.connect(_on_document, sender=Document, dispatch_uid="search-document")
    post_delete.connect(_on_document, sender=Document, dispatch_uid="search-del-document")
    for model in (Reference, Attachment, Event):
        post_save.connect(_on_child, sender=model, dispatch_uid=f"search-{model.__name__}")
        post_delete.connect(_on_child, sender=model, dispatch_uid=f"search-del-{model.__name__}")
