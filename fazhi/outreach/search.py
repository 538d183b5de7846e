"""Chinese full-text search of the legal FAQ (法律问答检索).

Text is cut into words by jieba in its search-engine mode (``cut_for_search``: a long word and
the shorter words inside it, 拖欠工资 → 拖欠 / 工资 / 拖欠工资) over jieba's dictionary and the
legal words of ``legal_dict.txt`` beside this module (one word a line), without jieba's HMM
guesser, so that a word is cut the same way wherever it stands. The words, joined by spaces,
are what the database indexes (``FaqSearchText``): SQLite's FTS5 with its unicode61 tokenizer,
PostgreSQL's ``tsvector`` with the 'simple' configuration (no stemming, no stop words); both
come with the database, nothing to install.

A query is cut the same way. Each of its words must be found (as the words inside it, all of
them, anywhere in the entry: 拖欠工资 finds 工资被拖欠), or one of the street's synonyms of it
(``FaqSynonym``: 欠薪 finds 拖欠工资). When no entry has every word, the entries with any of
them are given, and the result says so. Only letters and digits reach the database, each word
quoted as a string, so quotes, ``*``, NEAR, brackets or minus signs typed by a resident are
never query syntax. Entries are ranked by relevance with the question weighted above the
answer and the answer above the law references (bm25 column weights on SQLite, ``ts_rank``
over weights A, B and C on PostgreSQL), at most ``MAX_RESULTS`` of them; only the entries of
the page shown are read and highlighted with ``<mark>``.
"""

from __future__ import annotations

import html
import logging
import re
import unicodedata
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from functools import cached_property, lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any, overload

from django.db import connection, transaction
from django.utils.safestring import SafeString, mark_safe

from fazhi.core import segmenter
from fazhi.outreach.models import FaqEntry, FaqSearchText, FaqSynonym

if TYPE_CHECKING:
    from fazhi.org.models import Street

LEGAL_DICT = Path(__file__).with_name("legal_dict.txt")
FTS_TABLE = "outreach_faq_fts"
# Longer input is cut to this, never refused.
MAX_QUERY_CHARS = 100
# Words of a query searched for; the rest are left out.
MAX_WORDS = 10
# The most relevant entries a search gives; the portal pages through these.
MAX_RESULTS = 200
# How many of the matching entries are ranked: beyond this many (a common word among tens of
# thousands of entries), the first found are ranked, so that a search costs the same on any
# street. A street's FAQ of a few hundred entries never comes near it.
CANDIDATES = 300
# The answer's excerpt in a list of results, and how much of it comes before the first match.
SNIPPET_CHARS = 120
SNIPPET_LEAD = 24
# bm25 weights of the FTS5 columns: question, answer, law references (PostgreSQL: A, B, C).
SQLITE_WEIGHTS = (5.0, 1.0, 0.5)
# Words a question is asked with rather than what it is about: left out of a query unless it
# has nothing else.
_STOP_WORDS = (
    "的 地 得 了 着 过 吗 呢 吧 啊 呀 么 嘛 是 在 和 与 及 或 或者 被 把 对 将 为 从 给 让 向 由 "
    "就 都 也 还 又 而 但 我 你 他 她 它 您 我们 你们 他们 自己 这 那 这个 那个 这些 那些 "
    "怎么 怎么办 怎样 怎么样 如何 什么 为什么 哪些 哪里 哪个 多少 是否 能否 可否 可以 能 会 "
    "要 想 应该 应当 需要 请问 一下 有 没有 有没有 是不是 能不能 可不可以 会不会 啥 咋 咋办"
)
STOP_WORDS = frozenset(_STOP_WORDS.split())

# jieba's own blocks: it cuts each run of these characters separately, so cutting (and
# caching) block by block gives what cutting the whole text gives.
_BLOCK = re.compile(r"[\u4E00-\u9FD5a-zA-Z0-9+#&._%\-]+")
# What a word is made of in the index: letters and digits (the unicode61 tokenizer and
# PostgreSQL's parser split at anything else).
_PIECE = re.compile(r"[^\W_]+")
_SYNONYM_SEPARATORS = re.compile(r"[、，,；;/／|\s]+")

logger = logging.getLogger(__name__)


def _jieba() -> Any:
    """jieba's tokenizer with the legal words, loaded once per process on first use."""
    return segmenter.tokenizer(LEGAL_DICT)


def _normal(text: str) -> str:
    """Full-width letters and digits as half-width, lower case: the form words are compared in."""
    return unicodedata.normalize("NFKC", text).lower()


@lru_cache(maxsize=65536)
def _block_words(block: str) -> tuple[str, ...]:
    return tuple(
        piece
        for word in _jieba().cut_for_search(block, HMM=False)
        for piece in _PIECE.findall(word)
    )


def segment(text: str) -> list[str]:
    """The words of ``text`` as the index holds them and as a query is matched."""
    normal = _normal(text)
    words: list[str] = []
    end = 0
    for block in _BLOCK.finditer(normal):
        words.extend(_PIECE.findall(normal[end : block.start()]))
        words.extend(_block_words(block.group()))
        end = block.end()
    words.extend(_PIECE.findall(normal[end:]))
    return words


def _needed(words: Iterable[str]) -> tuple[str, ...]:
    """The words a match needs: a word made up wholly of the shorter words cut from it is
    left to them, so 拖欠工资 needs 拖欠 and 工资 (in any order), while 劳动合同法 needs 劳动,
    合同 and 合同法 (合同法 has a character none of the shorter words has)."""
    unique = list(dict.fromkeys(words))

    def covered(word: str) -> bool:
        seen = [False] * len(word)
        for other in unique:
            if other == word or other not in word:
                continue
            start = word.find(other)
            while start != -1:
                seen[start : start + len(other)] = [True] * len(other)
                start = word.find(other, start + 1)
        return all(seen)

    return tuple(w for w in unique if not covered(w))


# --- the index -----------------------------------------------------------------------------


def document(question: str, answer: str, law_references: str = "") -> dict[str, str]:
    """An entry's text as ``FaqSearchText`` stores it."""
    return {
        "question_words": " ".join(segment(question)),
        "answer_words": " ".join(segment(answer)),
        "reference_words": " ".join(segment(law_references or "")),
    }


def _row(
    pk: int, street_id: int, status: str, category: str, question: str, answer: str, refs: str
) -> FaqSearchText:
    return FaqSearchText(
        entry_id=pk,
        street_id=street_id,
        status=status,
        category=category,
        **document(question, answer, refs),
    )


_ROW_FIELDS = ("pk", "street_id", "status", "category", "question", "answer", "law_references")


def index_entry(entry: FaqEntry) -> None:
    """Index ``entry`` as it is now: its words, street, status and category."""
    row = _row(*(getattr(entry, name) for name in _ROW_FIELDS))
    FaqSearchText.objects.update_or_create(
        entry_id=entry.pk,
        defaults={f.attname: getattr(row, f.attname) for f in FaqSearchText._meta.concrete_fields},
    )


def remove_entry(entry: FaqEntry) -> None:
    """Take ``entry`` out of the index (deleting an entry does so by itself)."""
    FaqSearchText.objects.filter(entry_id=entry.pk).delete()


def rebuild_index(street: Street | None = None, *, batch_size: int = 1000) -> int:
    """Index every entry again (of ``street``, or of all streets), e.g. after entries were
    written in bulk; returns how many were indexed."""
    entries = FaqEntry._base_manager.all()
    texts = FaqSearchText.objects.all()
    if street is not None:
        entries = entries.filter(street=street)
        texts = texts.filter(entry__street=street)
    count = 0
    with transaction.atomic():
        texts.delete()
        batch: list[FaqSearchText] = []
        rows = entries.order_by("pk").values_list(*_ROW_FIELDS)
        for values in rows.iterator(chunk_size=batch_size):
            batch.append(_row(*values))
            if len(batch) >= batch_size:
                FaqSearchText.objects.bulk_create(batch)
                count += len(batch)
                batch = []
        FaqSearchText.objects.bulk_create(batch)
        count += len(batch)
    if street is None and connection.vendor == "sqlite":
        # Merge the index's segments into one: the fewer there are, the faster a search.
        with connection.cursor() as cursor:
            cursor.execute(f"INSERT INTO {FTS_TABLE}({FTS_TABLE}) VALUES ('optimize')")
    return count


# --- queries -------------------------------------------------------------------------------

# A query's words: for each, the ways it may be found; each way, the index words it needs.
Groups = tuple[tuple[tuple[str, ...], ...], ...]


@dataclass(frozen=True)
class Query:
    """A resident's query as searched: its words with their synonyms, and what to highlight."""

    text: str
    groups: Groups
    terms: tuple[str, ...] = ()

    def fts5(self, *, every: bool = True) -> str:
        """The FTS5 MATCH expression: every word (or any, ``every=False``), each as a string."""

        def string(word: str) -> str:
            return '"' + word.replace('"', '""') + '"'

        return self._expression(string, " AND ", " OR ", every)

    def tsquery(self, *, every: bool = True) -> str:
        """The same for PostgreSQL's ``to_tsquery('simple', …)``."""

        def string(word: str) -> str:
            return "'" + word.replace("\\", "\\\\").replace("'", "''") + "'"

        return self._expression(string, " & ", " | ", every)

    def _expression(self, string: Any, and_: str, or_: str, every: bool) -> str:
        def both(parts: list[str], joiner: str) -> str:
            return parts[0] if len(parts) == 1 else "(" + joiner.join(parts) + ")"

        groups = [
            both([both([string(w) for w in way], and_) for way in ways], or_)
            for ways in self.groups
        ]
        return (and_ if every else or_).join(groups)

    @cached_property
    def pattern(self) -> re.Pattern[str] | None:
        if not self.terms:
            return None
        return re.compile("|".join(re.escape(t) for t in self.terms), re.IGNORECASE)


def synonym_sets(street: Street) -> list[tuple[str, ...]]:
    """The street's synonyms: each word with the words residents may search by for it."""
    sets = []
    # Read on the cursor: the ORM's cost here would be most of a search's own.
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT term, synonyms FROM {FaqSynonym._meta.db_table} WHERE street_id = %s",
            [street.pk],
        )
        rows = cursor.fetchall()
    for term, synonyms in rows:
        words = [_normal(w) for w in [term, *_SYNONYM_SEPARATORS.split(synonyms)]]
        members = tuple(dict.fromkeys(w.strip() for w in words if w.strip()))
        if len(members) > 1:
            sets.append(members)
    return sets


def _overlaps(start: int, end: int, spans: Iterable[tuple[int, int, Any]]) -> bool:
    return any(s < end and start < e for s, e, _ in spans)


def parse_query(text: str, synonyms: Iterable[tuple[str, ...]] = ()) -> Query:
    """``text`` cut into words, each with its synonyms; at most ``MAX_QUERY_CHARS`` read."""
    text = " ".join(text.split())[:MAX_QUERY_CHARS]
    normal = _normal(text)
    # A synonym found in the query claims its place, the longest first: 拖欠工资 is one word
    # with its synonyms, not 拖欠 and 工资.
    claimed: list[tuple[int, int, tuple[str, ...]]] = []
    members = sorted(
        ((m, group) for group in synonyms for m in group), key=lambda item: -len(item[0])
    )
    for member, group in members:
        start = normal.find(member)
        while start != -1:
            if not _overlaps(start, start + len(member), claimed):
                claimed.append((start, start + len(member), group))
            start = normal.find(member, start + 1)
    found: list[tuple[int, tuple[str, ...], bool]] = [(s, group, True) for s, _, group in claimed]
    for word, start, end in _jieba().tokenize(normal, HMM=False):
        if not _overlaps(start, end, claimed):
            found.extend((start, (piece,), False) for piece in _PIECE.findall(word))
    found.sort(key=lambda item: item[0])
    kept = [item for item in found if item[2] or item[1][0] not in STOP_WORDS] or found

    groups: list[tuple[tuple[str, ...], ...]] = []
    terms: set[str] = set()
    for _, phrases, _ in kept:
        ways: list[tuple[str, ...]] = []
        for phrase in phrases:
            words = _needed(segment(phrase))
            if not words:
                continue
            ways.append(words)
            terms.add(phrase)
            # A single character is marked only where it was searched for on its own.
            terms.update(w for w in words if len(w) > 1 or len(words) == 1)
        alternatives = tuple(dict.fromkeys(ways))
        if alternatives and alternatives not in groups:
            groups.append(alternatives)
    return Query(
        text=text,
        groups=tuple(groups[:MAX_WORDS]),
        terms=tuple(sorted(terms, key=lambda t: (-len(t), t))),
    )


def ranking_sql(
    query: Query,
    street_id: int,
    *,
    every: bool = True,
    category: str | None = None,
    published_only: bool = True,
    limit: int = MAX_RESULTS,
) -> tuple[str, list[Any]]:
    """The SQL that ranks the street's entries for ``query``, and its parameters: at most
    ``CANDIDATES`` matching entries are scored, the ``limit`` best returned."""
    entries = FaqEntry._meta.db_table
    filters, extra = "", []
    if published_only:
        filters += " AND {t}.status = %s"
        extra.append(FaqEntry.Status.PUBLISHED.value)
    if category:
        filters += " AND {t}.category = %s"
        extra.append(category)
    if connection.vendor == "postgresql":
        # Candidates from the GIN index by the copies of street, status and category, then
        # checked against the entries and ranked.
        texts = FaqSearchText._meta.db_table
        sql = (
            "SELECT c.id FROM ("
            f"SELECT t.entry_id AS id, t.document FROM {texts} t "
            "WHERE t.document @@ to_tsquery('simple', %s) AND t.street_id = %s"
            + filters.format(t="t")
            + " LIMIT %s) c "
            f"JOIN {entries} e ON e.id = c.id AND e.street_id = %s"
            + filters.format(t="e")
            + " CROSS JOIN to_tsquery('simple', %s) q "
            "ORDER BY ts_rank(c.document, q) DESC, c.id LIMIT %s"
        )
        tsquery = query.tsquery(every=every)
        params = [tsquery, street_id, *extra, CANDIDATES, street_id, *extra, tsquery, limit]
        return sql, params
    weights = ", ".join(str(w) for w in SQLITE_WEIGHTS)
    # CROSS JOIN keeps the full-text index the outer loop (SQLite's documented way to fix the
    # join order): led by the street's entries instead, it would run the MATCH once per entry.
    sql = (
        "SELECT id FROM ("
        f"SELECT e.id AS id, bm25({FTS_TABLE}, {weights}) AS score "
        f"FROM {FTS_TABLE} CROSS JOIN {entries} e "
        f"WHERE {FTS_TABLE} MATCH %s AND e.id = {FTS_TABLE}.rowid AND e.street_id = %s"
        + filters.format(t="e")
        + " LIMIT %s) ORDER BY score, id LIMIT %s"
    )
    return sql, [query.fts5(every=every), street_id, *extra, CANDIDATES, limit]


def _ids(sql: str, params: list[Any]) -> list[int]:
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return [row[0] for row in cursor.fetchall()]


# --- results -------------------------------------------------------------------------------


def highlight(text: str, pattern: re.Pattern[str] | None) -> SafeString:
    """``text`` escaped, with what ``pattern`` finds in <mark>."""
    # html.escape escapes what Django's escape does (& < > " '), without its lazy wrapper.
    if pattern is None:
        return mark_safe(html.escape(text))
    parts: list[str] = []
    end = 0
    for match in pattern.finditer(text):
        parts.append(html.escape(text[end : match.start()]))
        parts.append(f"<mark>{html.escape(match.group())}</mark>")
        end = match.end()
    parts.append(html.escape(text[end:]))
    # Safe: every piece of the text was escaped above.
    return mark_safe("".join(parts))


def excerpt(text: str, pattern: re.Pattern[str] | None, size: int = SNIPPET_CHARS) -> SafeString:
    """About ``size`` characters of ``text`` around its first match, highlighted."""
    text = " ".join(text.split())
    match = pattern.search(text) if pattern is not None else None
    start = max(0, match.start() - SNIPPET_LEAD) if match is not None else 0
    end = min(len(text), start + size)
    start = max(0, min(start, end - size))
    body = highlight(text[start:end], pattern)
    return mark_safe(("…" if start else "") + body + ("…" if end < len(text) else ""))


@dataclass(frozen=True)
class Hit:
    """One entry as a list shows it: its question (highlighted where a search found it) and
    an excerpt of its answer."""

    pk: int
    category: str
    text: str
    question: SafeString
    snippet: SafeString

    @property
    def category_label(self) -> str:
        return str(FaqEntry.Category(self.category).label)

    @classmethod
    def of(
        cls, pk: int, category: str, question: str, answer: str, pattern: re.Pattern[str] | None
    ) -> Hit:
        return cls(
            pk=pk,
            category=category,
            text=question,
            question=highlight(question, pattern),
            snippet=excerpt(answer, pattern),
        )


@dataclass
class SearchResult(Sequence[Hit]):
    """The entries found, most relevant first; an entry is read and highlighted only when a
    page of results asks for it (the list works with Django's ``Paginator``)."""

    query: Query
    ids: list[int]
    # No entry had every word: these have some of them.
    relaxed: bool = False
    _hits: dict[int, Hit] = field(default_factory=dict, repr=False)

    def __len__(self) -> int:
        return len(self.ids)

    @overload
    def __getitem__(self, index: int) -> Hit: ...

    @overload
    def __getitem__(self, index: slice) -> list[Hit]: ...

    def __getitem__(self, index: int | slice) -> Hit | list[Hit]:
        if isinstance(index, slice):
            return self._load(self.ids[index])
        pk = self.ids[index]
        hits = self._load([pk])
        if not hits:
            raise IndexError(index)
        return hits[0]

    def __iter__(self) -> Iterator[Hit]:
        return iter(self._load(self.ids))

    def _load(self, ids: list[int]) -> list[Hit]:
        missing = [pk for pk in ids if pk not in self._hits]
        if missing:
            pattern = self.query.pattern
            for pk, category, question, answer in _entries(missing):
                self._hits[pk] = Hit.of(pk, category, question, answer, pattern)
        # An entry deleted since the ranking is left out.
        return [self._hits[pk] for pk in ids if pk in self._hits]


def _entries(ids: list[int]) -> list[tuple[int, str, str, str]]:
    """Id, category, question and answer of the entries of ``ids``, read on the cursor: the
    ORM's cost here would be most of a search's own."""
    placeholders = ", ".join(["%s"] * len(ids))
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT id, category, question, answer FROM {FaqEntry._meta.db_table} "
            f"WHERE id IN ({placeholders})",
            ids,
        )
        return cursor.fetchall()


def search(
    street: Street,
    query: str,
    category: str | None = None,
    *,
    published_only: bool = True,
    limit: int = MAX_RESULTS,
) -> SearchResult:
    """The street's entries that answer ``query`` (of ``category``), most relevant first:
    published ones only unless ``published_only`` is false. Never fails on what a resident
    types: a query with no word finds nothing."""
    parsed = parse_query(query, synonym_sets(street))
    if not parsed.groups:
        return SearchResult(parsed, [])
    options: dict[str, Any] = {
        "category": category,
        "published_only": published_only,
        "limit": limit,
    }
    ids = _ids(*ranking_sql(parsed, street.pk, **options))
    if ids or len(parsed.groups) == 1:
        return SearchResult(parsed, ids)
    ids = _ids(*ranking_sql(parsed, street.pk, every=False, **options))
    return SearchResult(parsed, ids, relaxed=bool(ids))
