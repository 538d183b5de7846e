"""District-scale records for benchmarks and the district view: many streets, many years.

    fazhi generate_district --streets 24 --years 2016-2020 [--district 滨海新区] [--seed 1]
    generate(district="滨海新区", streets=1, years=[2020], scale=0.3, seed=1)

Each app says what a street and a year of its work look like in its own ``generate.py``, as its
``demo.py`` tells the Haibin demo:

    @generator_step(order=50)                      # once per street, before its first year
    def setup_enforcement(plan: StreetPlan) -> None: ...

    @generator_step(order=50, per_year=True)       # for every street and year
    def enforcement_year(plan: StreetPlan, year: int) -> None: ...

This module is the engine: the streets' plans, the bulk writer and the audit trail. Nothing goes
through the per-record services (24 streets over five years are about 1.4 million rows): the
records are built in memory, a street-year at a time, and written table by table in one
transaction, all or nothing (``Rows``: one ``executemany`` per table, the values adapted as
Django adapts them; ``bulk_create`` compiles each value and would take twice the five minutes a
district may take). The generators keep the services' rules themselves — a case's state follows its
dates, deadlines are counted on the same working-day calendar, a record links only to records
of its own street — and every record gets the audit rows its service would have written. Those
rows continue the hash chain with ``audit.services.entry_hash``, in the order of the time they
record, so ``fazhi audit verify`` passes afterwards.

Records carry the time they happened (``created_at``, ``updated_at``, the audit row's time): the
``auto_now`` fields are switched off while the generator writes. Everything is drawn from
random sources seeded by the seed, the street's number and the step, so a seed gives the same
district on every machine. The steps run in the product's language, as stored text is.
"""

from __future__ import annotations

import contextlib
import graphlib
import random
import time as wallclock
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from typing import Any, Protocol, TypeVar

from django.apps import apps
from django.conf import settings
from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.core.management.color import no_style
from django.db import connection, models, transaction
from django.utils import timezone
from django.utils.module_loading import autodiscover_modules

from fazhi.audit.models import Action, AuditChainHead, AuditEntry
from fazhi.audit.services import entry_hash, json_value
from fazhi.core.demo import mobile, person_name
from fazhi.core.language import product_language
from fazhi.core.services import snapshot
from fazhi.core.workdays import CalendarUnknown, WorkCalendar
from fazhi.org.models import District, Street, User

M = TypeVar("M", bound=models.Model)


class Output(Protocol):
    """Where progress goes: a command's ``self.stdout``, ``sys.stdout``, a ``StringIO``."""

    def write(self, text: str, /) -> Any: ...


DEFAULT_DISTRICT = "滨海新区"  # the Haibin demo's district (org/demo.py)
DEFAULT_CITY = "天津市"
MAX_STREETS = 200
MAX_SCALE = 5.0
# Rows per ``executemany`` call.
BATCH_SIZE = 5000

# The sub-districts and towns of 滨海新区 other than the demo's 海滨街: (name, slug). Past the
# list, streets are numbered (第31街).
STREET_NAMES: tuple[tuple[str, str], ...] = (
    ("新港街", "xingang"),
    ("新河街", "xinhe"),
    ("新村街", "xincun"),
    ("新北街", "xinbei"),
    ("杭州道街", "hangzhoudao"),
    ("向阳街", "xiangyang"),
    ("解放路街", "jiefanglu"),
    ("大沽街", "dagu"),
    ("北塘街", "beitang"),
    ("胡家园街", "hujiayuan"),
    ("泰达街", "taida"),
    ("汉沽街", "hangu"),
    ("寨上街", "zhaishang"),
    ("茶淀街", "chadian"),
    ("大港街", "dagang"),
    ("古林街", "gulin"),
    ("渤海石油街", "bohaishiyou"),
    ("新城镇", "xinchengzhen"),
    ("太平镇", "taipingzhen"),
    ("小王庄镇", "xiaowangzhuang"),
    ("中塘镇", "zhongtang"),
    ("杨家泊镇", "yangjiabo"),
    ("临港街", "lingang"),
    ("东疆街", "dongjiang"),
    ("中新街", "zhongxin"),
    ("塘沽街", "tanggu"),
    ("海洋街", "haiyang"),
    ("开发区街", "kaifaqu"),
    ("保税区街", "baoshuiqu"),
    ("欧美街", "oumei"),
)


def _local() -> Any:
    return timezone.get_default_timezone()


def street_names(first: int, count: int) -> list[tuple[str, str]]:
    """The names and slugs of the streets numbered ``first`` .. ``first + count - 1``."""
    names = []
    for number in range(first, first + count):
        if number <= len(STREET_NAMES):
            names.append(STREET_NAMES[number - 1])
        else:
            names.append((f"第{number}街", f"jiedao-{number:03d}"))
    return names


@dataclass(frozen=True)
class _RememberingCalendar(WorkCalendar):
    """The working-day calendar, each day looked up once: a district counts a few hundred
    thousand deadlines over the same few years of days."""

    known: dict[date, bool] = field(default_factory=dict, compare=False, hash=False)

    @classmethod
    def of(cls, calendar: WorkCalendar) -> _RememberingCalendar:
        return cls(entries=calendar.entries, declared=calendar.declared)

    def is_workday(self, day: date) -> bool:
        found = self.known.get(day)
        if found is None:
            found = self.known[day] = super().is_workday(day)
        return found


# --- the steps ------------------------------------------------------------------------------


SetupStep = Callable[["StreetPlan"], None]
YearStep = Callable[["StreetPlan", int], None]
_setup_steps: list[tuple[int, str, SetupStep]] = []
_year_steps: list[tuple[int, str, YearStep]] = []


def generator_step(order: int, *, per_year: bool = False) -> Callable[[Any], Any]:
    """Register an app's step: once per street (``plan``), or per street and year
    (``plan, year``) when ``per_year``. Steps run by ``order`` (org 10, legal services 30,
    reviews 40, enforcement 50, as the demo's)."""

    def register(func: Any) -> Any:
        name = f"{func.__module__}.{func.__qualname__}"
        steps: list[Any] = _year_steps if per_year else _setup_steps
        if all(existing != name for _, existing, _ in steps):
            steps.append((order, name, func))
        return func

    return register


# --- timestamps -----------------------------------------------------------------------------

# The auto_now fields of each model (created_at, updated_at …), filled by ``Rows.add``.
_auto_fields: dict[type[models.Model], tuple[str, ...]] = {}


def _auto_field_names(model: type[models.Model]) -> tuple[str, ...]:
    names = _auto_fields.get(model)
    if names is None:
        names = tuple(
            f.name
            for f in model._meta.concrete_fields
            if isinstance(f, models.DateField)
            and (getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False))
        )
        _auto_fields[model] = names
    return names


@contextlib.contextmanager
def historical_timestamps() -> Iterator[None]:
    """Let the generator write the time a record was made (``auto_now`` would write today)."""
    switched: list[tuple[Any, bool, bool]] = []
    for model in apps.get_models():
        for name in _auto_field_names(model):
            f: Any = model._meta.get_field(name)
            switched.append((f, f.auto_now, f.auto_now_add))
            f.auto_now = f.auto_now_add = False
    try:
        yield
    finally:
        for f, auto_now, auto_now_add in switched:
            f.auto_now, f.auto_now_add = auto_now, auto_now_add


@contextlib.contextmanager
def _large_page_cache() -> Iterator[None]:
    """A SQLite page cache large enough for the audit log's indexes (its unique hash is random,
    so every row touches another page): a quarter gigabyte for the run, then as it was."""
    if connection.vendor != "sqlite":
        yield
        return
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA cache_size")
        before = cursor.fetchone()[0]
        cursor.execute("PRAGMA cache_size = -262144")
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            cursor.execute(f"PRAGMA cache_size = {int(before)}")


# --- the bulk writer ------------------------------------------------------------------------


def _first_free_id(model: type[models.Model]) -> int:
    """The first id after every id the table has used (SQLite's AUTOINCREMENT remembers ids
    of deleted rows in ``sqlite_sequence``)."""
    table, column = model._meta.db_table, model._meta.pk.column  # type: ignore[union-attr]
    qn = connection.ops.quote_name
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT MAX({qn(column)}) FROM {qn(table)}")
        top = cursor.fetchone()[0] or 0
        if connection.vendor == "sqlite":
            cursor.execute("SELECT name FROM sqlite_master WHERE name = 'sqlite_sequence'")
            if cursor.fetchone():
                cursor.execute("SELECT seq FROM sqlite_sequence WHERE name = %s", [table])
                row = cursor.fetchone()
                top = max(top, row[0] if row else 0)
    return int(top) + 1


# Fields whose Python value is what the database driver takes.
_PLAIN = frozenset(
    {
        "AutoField",
        "BigAutoField",
        "SmallAutoField",
        "BooleanField",
        "CharField",
        "EmailField",
        "IntegerField",
        "BigIntegerField",
        "SmallIntegerField",
        "PositiveIntegerField",
        "PositiveBigIntegerField",
        "PositiveSmallIntegerField",
        "SlugField",
        "TextField",
        "URLField",
    }
)


def _reader(f: Any) -> Callable[[models.Model], Any]:
    """How to read one column's value of a record, as the database takes it: the backend's
    own adapters (what ``get_db_prep_save`` ends in), without the per-value overhead of
    ``bulk_create``'s SQL compiler."""
    attname, ops = f.attname, connection.ops
    if f.is_relation:
        name = f.name

        def related(obj: models.Model) -> Any:
            value = obj.__dict__[attname]
            if value is None:  # linked before the linked record had its id
                linked = obj._state.fields_cache.get(name)
                value = linked.pk if linked is not None else None
            return value

        return related
    kind = f.get_internal_type()
    if kind in _PLAIN:
        return lambda obj: obj.__dict__[attname]
    if kind == "DateTimeField":
        if connection.vendor == "sqlite" and settings.USE_TZ:
            # What the SQLite backend's adapter does with an aware datetime, without its
            # checks around it (a few microseconds on each of some three million values).
            utc = connection.timezone

            def moment(obj: models.Model) -> Any:
                value = obj.__dict__[attname]
                if value is None or value.tzinfo is None:
                    return ops.adapt_datetimefield_value(value)
                return str(value.astimezone(utc).replace(tzinfo=None))

            return moment
        return lambda obj: ops.adapt_datetimefield_value(obj.__dict__[attname])
    if kind == "DateField":
        return lambda obj: ops.adapt_datefield_value(obj.__dict__[attname])
    if kind == "TimeField":
        return lambda obj: ops.adapt_timefield_value(obj.__dict__[attname])
    if kind == "DecimalField":
        digits, places = f.max_digits, f.decimal_places
        return lambda obj: ops.adapt_decimalfield_value(obj.__dict__[attname], digits, places)
    return lambda obj: f.get_db_prep_save(obj.__dict__[attname], connection)


class Rows:
    """Records waiting to be written, written table by table in the order of their links.

    Ids are given when a record is queued (from the first id the table has not used; the
    transaction holds the write lock), so records link to each other before anything is
    written and the audit rows can name them. Each table is written with one INSERT run over
    all its rows (``executemany``): Django's ``bulk_create`` compiles every value through its
    SQL compiler, some 300 µs a row here, which would take a district past ten minutes."""

    def __init__(self) -> None:
        self._pending: dict[type[models.Model], list[models.Model]] = {}
        self._next_id: dict[type[models.Model], int] = {}
        self._inserts: dict[type[models.Model], tuple[str, list[Callable[[Any], Any]]]] = {}
        self._links: dict[tuple[type[models.Model], str], tuple[Any, str, str]] = {}
        self.counts: Counter[str] = Counter()
        self.models: set[type[models.Model]] = set()

    def next_id(self, model: type[models.Model]) -> int:
        value = self._next_id.get(model)
        if value is None:
            value = _first_free_id(model)
        self._next_id[model] = value + 1
        return value

    def add(self, obj: M, at: datetime | None = None) -> M:
        """Queue ``obj`` with its id; its empty ``auto_now`` fields get ``at``."""
        model = type(obj)
        if at is not None:
            for name in _auto_field_names(model):
                if getattr(obj, name) is None:
                    setattr(obj, name, at)
        if obj.pk is None:
            obj.pk = self.next_id(model)
        self._pending.setdefault(model, []).append(obj)
        return obj

    def link(
        self, model: type[models.Model], name: str, owner: Any, targets: Iterable[Any]
    ) -> None:
        """Queue the rows of the many-to-many ``model.name`` from ``owner`` to ``targets``."""
        found = self._links.get((model, name))
        if found is None:
            m2m: Any = model._meta.get_field(name)
            found = (m2m.remote_field.through, m2m.m2m_field_name(), m2m.m2m_reverse_field_name())
            self._links[(model, name)] = found
        through, source, target = found
        for item in targets:
            self.add(through(**{source: owner, target: item}))

    def flush(self) -> int:
        """Write everything queued (parents before the records that link to them)."""
        pending, self._pending = self._pending, {}
        graph = {
            model: {
                f.related_model
                for f in model._meta.concrete_fields
                if f.is_relation and f.related_model in pending and f.related_model is not model
            }
            for model in pending
        }
        written = 0
        for model in graphlib.TopologicalSorter(graph).static_order():
            written += self.write(model, pending[model])
        return written

    def write(self, model: type[models.Model], objs: Sequence[models.Model]) -> int:
        if not objs:
            return 0
        insert = self._inserts.get(model)
        if insert is None:
            fields = model._meta.concrete_fields
            qn = connection.ops.quote_name
            sql = "INSERT INTO {} ({}) VALUES ({})".format(
                qn(model._meta.db_table),
                ", ".join(qn(f.column) for f in fields),
                ", ".join(["%s"] * len(fields)),
            )
            insert = self._inserts[model] = (sql, [_reader(f) for f in fields])
        sql, readers = insert
        values = [tuple([read(obj) for read in readers]) for obj in objs]
        with connection.cursor() as cursor:
            for start in range(0, len(values), BATCH_SIZE):
                cursor.executemany(sql, values[start : start + BATCH_SIZE])
        self.counts[model._meta.db_table] += len(objs)
        self.models.add(model)
        return len(objs)

    def reset_sequences(self) -> None:
        """Move the databases' id sequences past the ids given here (PostgreSQL; SQLite's
        AUTOINCREMENT follows by itself)."""
        statements = connection.ops.sequence_reset_sql(no_style(), list(self.models))
        with connection.cursor() as cursor:
            for statement in statements:
                cursor.execute(statement)


def freeze(obj: models.Model, **extra: Any) -> dict[str, Any]:
    """The record's fields as ``core.services.snapshot`` reads them, taken now: an audit row
    written later shows the record as it was created. Linked records are kept as themselves
    (``json_value`` makes them ids once they are written)."""
    data: dict[str, Any] = {}
    for f in obj._meta.concrete_fields:
        if f.name in {"password", "created_at", "updated_at"}:
            continue
        if f.primary_key:
            data[f.name] = obj
        elif f.is_relation:
            data[f.name] = getattr(obj, f.name)
        elif isinstance(f, models.FileField):
            data[f.name] = getattr(obj, f.attname).name or ""
        else:
            data[f.name] = getattr(obj, f.attname)
    data.update(extra)
    return data


# --- the audit trail ------------------------------------------------------------------------


@dataclass(slots=True)
class _Pending:
    at: datetime
    street: Street | None
    actor: User | None
    actor_name: str
    action: str
    obj: models.Model | None
    object_type: str
    object_repr: str
    changes: dict[str, Any] | None  # None: the record's snapshot when written (``extra`` added)
    extra: dict[str, Any] | None
    ip: str
    request_id: str


class AuditTrail:
    """The audit rows of the generated records, appended to the hash chain in time order."""

    def __init__(self, head: AuditChainHead, rows: Rows) -> None:
        self.head = head
        self.rows = rows
        self._pending: list[_Pending] = []
        self._columns = [f.attname for f in AuditEntry._meta.concrete_fields]
        self.written = 0

    def add(self, row: _Pending) -> None:
        self._pending.append(row)

    def emit(self, until: datetime | None = None) -> int:
        """Chain and write the rows dated before ``until`` (all when None); the records they
        name must be written already."""
        if until is None:
            ready, self._pending = self._pending, []
        else:
            ready = [row for row in self._pending if row.at < until]
            self._pending = [row for row in self._pending if row.at >= until]
        ready.sort(key=lambda row: row.at)  # stable: rows of one moment keep their order
        seq, prev = self.head.last_seq, self.head.last_hash
        batch: list[AuditEntry] = []
        for row in ready:
            if row.changes is None:
                assert row.obj is not None
                changes = {"after": json_value(snapshot(row.obj) | (row.extra or {}))}
            else:
                changes = json_value(row.changes)
            seq += 1
            values = {
                "id": self.rows.next_id(AuditEntry),
                "seq": seq,
                "created_at": row.at,
                "street_id": row.street.pk if row.street is not None else None,
                "actor_id": row.actor.pk if row.actor is not None else None,
                "actor_name": row.actor_name[:150],
                "action": row.action,
                "object_type": row.object_type[:100],
                "object_id": str(row.obj.pk)[:64] if row.obj is not None else "",
                "object_repr": row.object_repr[:200],
                "changes": changes,
                "ip": row.ip,
                "request_id": row.request_id,
                "prev_hash": prev,
                "hash": "",
            }
            # By position, as Django builds a row read from the database: half the time of
            # keyword arguments, for half the district's rows.
            ordered: list[Any] = [values[name] for name in self._columns]
            entry = AuditEntry(*ordered)  # type: ignore[misc]  # django-stubs: a star-argument read as ``id``
            entry.hash = prev = entry_hash(entry)
            batch.append(entry)
            if len(batch) >= BATCH_SIZE * 5:
                self._write(batch)
                batch = []
        self._write(batch)
        self.head.last_seq, self.head.last_hash = seq, prev
        AuditChainHead.objects.filter(pk=self.head.pk).update(last_seq=seq, last_hash=prev)
        return len(ready)

    def _write(self, batch: list[AuditEntry]) -> None:
        self.written += self.rows.write(AuditEntry, batch)


# --- a street's plan ------------------------------------------------------------------------


@dataclass
class StreetPlan:
    """One generated street: its record, its random sources, its calendar, and what its steps
    hand to each other (``shared``: users by role, villages, grids, lawyers …)."""

    street: Street
    number: int
    seed: int
    scale: float
    years: tuple[int, ...]
    horizon: date  # nothing happens after this day
    calendar: WorkCalendar
    rows: Rows
    audit: AuditTrail
    groups: dict[str, Group]
    shared: dict[str, Any] = field(default_factory=dict)
    phones: set[str] = field(default_factory=set)
    _ips: dict[int, str] = field(default_factory=dict)
    _workdays: dict[int, list[date]] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self._audit_rng = self.rng("audit")

    # --- randomness and volume
    def rng(self, part: str, year: int | None = None) -> random.Random:
        """A random source of its own for each step (and year): steps do not disturb each
        other, and the same seed gives the same street."""
        return random.Random(f"{self.seed}/{self.number}/{part}/{year or ''}")

    def times(self, rng: random.Random, chance: float) -> int:
        """How many times something that happens with ``chance`` at scale 1 happens here."""
        expected = chance * self.scale
        whole = int(expected)
        return whole + (1 if rng.random() < expected - whole else 0)

    def person(self, rng: random.Random) -> str:
        return person_name(rng)

    def mobile(self, rng: random.Random) -> str:
        return mobile(rng, self.phones)

    # --- places and names
    @property
    def district(self) -> District:
        return self.street.district

    def address(self, text: str) -> str:
        return f"{self.district.city}{self.district.name}{self.street.name}{text}"

    @property
    def document_prefix(self) -> str:
        """津滨新港街: the province, the district and the street, as document numbers begin."""
        return f"津{self.district.name[:1]}{self.street.name}"

    @property
    def first_year(self) -> int:
        return self.years[0]

    @property
    def founding(self) -> date:
        """The day the street's registers were entered: before its first generated year."""
        return date(self.first_year - 1, 12, 1)

    # --- time
    def at(self, day: date, hour: int, minute: int = 0) -> datetime:
        return datetime.combine(day, time(hour, minute), tzinfo=_local())

    def office_hours(self, moment: datetime, rng: random.Random) -> datetime:
        """``moment``, or when the office next opens (8:30 to 17:30, any day)."""
        local = timezone.localtime(moment)
        if local.hour < 8 or (local.hour == 8 and local.minute < 30):
            return self.at(local.date(), 8, 30 + rng.randrange(30))
        if local.hour > 17 or (local.hour == 17 and local.minute > 30):
            return self.at(local.date() + timedelta(days=1), 8, 30 + rng.randrange(30))
        return moment

    def year_days(self, year: int) -> tuple[date, date]:
        """The first and last day of ``year`` that the street lives through."""
        return date(year, 1, 1), min(date(year, 12, 31), self.horizon)

    def workdays(self, year: int) -> list[date]:
        days = self._workdays.get(year)
        if days is None:
            first, last = self.year_days(year)
            days = []
            day = first
            while day <= last:
                if self.calendar.is_workday(day):
                    days.append(day)
                day += timedelta(days=1)
            self._workdays[year] = days
        return days

    def add_workdays(self, day: date, n: int) -> date:
        """The ``n``-th working day after ``day``; ``date.max`` (never reached) when the
        calendar of that year is unknown."""
        try:
            return self.calendar.add_workdays(day, n)
        except CalendarUnknown:
            return date.max

    # --- people
    def users(self, role: str) -> list[User]:
        found: list[User] = self.shared["users"][role]
        return found

    def user(self, role: str) -> User:
        return self.users(role)[0]

    def ip(self, user: User | None) -> str:
        """The office address a staff member works from, or a resident's public address."""
        rng = self._audit_rng
        if user is None:
            return f"{rng.choice((36, 39, 60, 111, 117, 123, 221))}.{rng.randrange(1, 255)}.{rng.randrange(1, 255)}.{rng.randrange(2, 255)}"
        key = id(user)
        if key not in self._ips:
            self._ips[key] = (
                f"10.{16 + self.number % 200}.{rng.randrange(1, 250)}.{rng.randrange(2, 250)}"
            )
        return self._ips[key]

    def request_id(self) -> str:
        return f"{self._audit_rng.getrandbits(128):032x}"

    # --- audit rows, as the services write them
    def _audit(
        self,
        at: datetime,
        action: str,
        *,
        actor: User | None,
        obj: models.Model | None,
        changes: dict[str, Any] | None,
        extra: dict[str, Any] | None = None,
        object_repr: str | None = None,
        object_type: str | None = None,
        request_id: str | None = None,
        resident: bool = False,
    ) -> str:
        request = request_id or self.request_id()
        self.audit.add(
            _Pending(
                at=at,
                street=self.street,
                actor=actor,
                actor_name=actor.display_name
                if actor is not None
                else ("匿名访客" if resident else "系统"),
                action=action,
                obj=obj,
                object_type=object_type or (obj._meta.label_lower if obj is not None else ""),
                object_repr=object_repr if object_repr is not None else str(obj),
                changes=changes,
                extra=extra,
                ip=self.ip(actor) if actor is not None or resident else "",
                request_id=request,
            )
        )
        return request

    def audit_create(
        self,
        obj: models.Model,
        at: datetime,
        actor: User | None,
        *,
        frozen: bool = False,
        extra: dict[str, Any] | None = None,
        drop: Sequence[str] = (),
        object_repr: str | None = None,
        resident: bool = False,
        request_id: str | None = None,
    ) -> str:
        """The row of ``model_create``: the record's fields (taken now when ``frozen``, for a
        record that changes later; else when written), ``extra`` (its many-to-many) and not
        the ``drop``-ped ones (which ``frozen`` requires)."""
        changes = None
        if frozen or drop:
            after = freeze(obj, **(extra or {}))
            for name in drop:
                after.pop(name, None)
            changes = {"after": after}
        return self._audit(
            at,
            Action.CREATE,
            actor=actor,
            obj=obj,
            changes=changes,
            extra=extra,
            object_repr=object_repr,
            resident=resident,
            request_id=request_id,
        )

    def audit_change(
        self,
        obj: models.Model,
        at: datetime,
        actor: User | None,
        *,
        before: dict[str, Any],
        after: dict[str, Any],
        extra: dict[str, Any] | None = None,
        action: str = Action.TRANSITION,
        object_repr: str | None = None,
        request_id: str | None = None,
    ) -> str:
        """The row of ``model_transition`` (or ``model_update`` with ``action``)."""
        changes: dict[str, Any] = {"before": before, "after": after, **(extra or {})}
        return self._audit(
            at,
            action,
            actor=actor,
            obj=obj,
            changes=changes,
            object_repr=object_repr,
            request_id=request_id,
        )

    def change(
        self,
        obj: models.Model,
        at: datetime,
        actor: User | None,
        fields: dict[str, Any],
        *,
        extra: dict[str, Any] | None = None,
        action: str = Action.TRANSITION,
        object_repr: str | None = None,
        m2m: dict[str, list[Any]] | None = None,
    ) -> None:
        """Apply ``fields`` to ``obj`` and write the audit row of the change, as
        ``model_transition`` does (its ``updated_at`` moves to ``at``); ``m2m`` are the
        many-to-many links set with it (queued here, empty before)."""
        before = {name: getattr(obj, name) for name in fields}
        after = dict(fields)
        for name, value in fields.items():
            setattr(obj, name, value)
        if hasattr(obj, "updated_at"):
            obj.updated_at = at
        for name, targets in (m2m or {}).items():
            self.rows.link(type(obj), name, obj, targets)
            before[name] = []
            after[name] = sorted(t.pk for t in targets)
        self.audit_change(
            obj,
            at,
            actor,
            before=before,
            after=after,
            extra=extra,
            action=action,
            object_repr=object_repr,
        )


# --- the whole run --------------------------------------------------------------------------


def parse_years(text: str) -> list[int]:
    """``2016-2020``, ``2020`` or ``2016,2018``: the years, in order."""
    years: set[int] = set()
    try:
        for part in text.replace("，", ",").split(","):
            part = part.strip()
            if "-" in part:
                start, end = (int(x) for x in part.split("-", 1))
                if end < start:
                    raise ValidationError(f"年份范围“{part}”的结束年份早于开始年份。")
                years.update(range(start, end + 1))
            elif part:
                years.add(int(part))
    except ValueError:
        raise ValidationError(
            f"年份“{text}”格式不正确，应为 2016-2020、2020 或 2016,2018。"
        ) from None
    if not years:
        raise ValidationError("请指定要生成的年份，例如 2016-2020。")
    return sorted(years)


def _check_arguments(
    streets: int, years: Sequence[int], scale: float, first: int | None, calendar: WorkCalendar
) -> tuple[int, ...]:
    if settings.PRODUCTION and not settings.DEMO_MODE:
        raise ValidationError("生产环境不能生成模拟数据：生成的街道、账号和案件都是虚构的。")
    if not 1 <= streets <= MAX_STREETS:
        raise ValidationError(f"街道数须在1至{MAX_STREETS}之间（现为{streets}）。")
    if first is not None and first < 1:
        raise ValidationError(f"起始编号须为正整数（现为{first}）。")
    if not 0 < scale <= MAX_SCALE:
        raise ValidationError(f"规模系数须大于0、不超过{MAX_SCALE:g}（现为{scale:g}）。")
    if not years:
        raise ValidationError("请指定要生成的年份，例如 2016-2020。")
    this_year = timezone.localdate().year
    for year in years:
        if year > this_year:
            raise ValidationError(f"不能生成{year}年的数据：该年尚未到来（今年是{this_year}年）。")
        try:
            calendar.is_workday(date(year, 1, 1))
            calendar.is_workday(date(year, 12, 31))
        except CalendarUnknown:
            raise ValidationError(
                f"不能生成{year}年的数据：尚无该年的法定节假日安排，无法计算工作日期限。"
            ) from None
    ordered = tuple(sorted(set(years)))
    if ordered[-1] - ordered[0] + 1 != len(ordered):
        raise ValidationError("年份须连续（例如 2016-2020）：跨年的案件要在下一年办结。")
    return ordered


def _refuse_existing(district_name: str, names: list[tuple[str, str]]) -> None:
    """Refuse, naming them, the streets (or their accounts) that already exist."""
    taken = Street.objects.filter(
        models.Q(slug__in=[slug for _, slug in names])
        | models.Q(district__name=district_name, name__in=[name for name, _ in names])
    ).values_list("name", "slug")
    if taken:
        listed = "、".join(f"{name}（{slug}）" for name, slug in taken)
        raise ValidationError(
            f"以下街道已存在，未生成任何数据：{listed}。请使用新的数据库，或用 --first 指定其他编号"
            "（不指定时接在已有的街道之后）。"
        )
    for _name, slug in names:
        if User.objects.filter(username__istartswith=f"{slug}_").exists():
            raise ValidationError(
                f"已有以“{slug}_”开头的用户名，与要生成的街道“{slug}”的账号冲突，未生成任何数据。"
            )


def _next_free(district_name: str, count: int) -> int:
    """The first number from which ``count`` streets of the list are all new: past the streets
    already there (the demo's neighbour street, an earlier run) and their accounts."""
    slugs = set(Street.objects.values_list("slug", flat=True))
    names = set(Street.objects.filter(district__name=district_name).values_list("name", flat=True))
    prefixes = {
        username.split("_", 1)[0].lower()
        for username in User.objects.filter(username__contains="_").values_list(
            "username", flat=True
        )
    }

    def free(number: int) -> bool:
        ((name, slug),) = street_names(number, 1)
        return slug not in slugs and name not in names and slug.lower() not in prefixes

    first = 1
    while not all(free(n) for n in range(first, first + count)):
        first += 1
    return first


def _progress(stdout: Output | None, text: str) -> None:
    if stdout is not None:
        stdout.write(text + "\n")


def generate(
    *,
    district: District | str = DEFAULT_DISTRICT,
    streets: int,
    years: Sequence[int],
    scale: float = 1.0,
    seed: int = 1,
    first: int | None = None,
    stdout: Output | None = None,
) -> list[Street]:
    """Create ``streets`` new streets of ``district`` with ``years`` of records each.

    ``scale`` multiplies the year's volume (1.0: Haibin's year, about 11,000 rows a street with
    the audit rows; 0.3 a small street); the organisation itself is full size. The streets are
    the ``first``-th and following of ``STREET_NAMES``; without ``first``, the first ones not
    there yet (so a second run adds streets). Refused with a ``ValidationError`` (in Chinese,
    nothing written) for bad arguments, or when a street from ``first`` on already exists.
    Progress and the rows per table go to ``stdout`` when given."""
    autodiscover_modules("generate")
    calendar = _RememberingCalendar.of(WorkCalendar.load())
    chosen = _check_arguments(streets, years, scale, first, calendar)
    district_name = district.name if isinstance(district, District) else str(district).strip()
    if not district_name:
        raise ValidationError("请指定区的名称。")
    horizon = min(date(chosen[-1], 12, 31), timezone.localdate() - timedelta(days=1))
    started = wallclock.monotonic()
    plans: list[StreetPlan] = []
    with product_language(), historical_timestamps(), _large_page_cache(), transaction.atomic():
        if first is None:
            first = _next_free(district_name, streets)
        names = street_names(first, streets)
        _refuse_existing(district_name, names)
        target, _ = District.objects.get_or_create(
            name=district_name,
            defaults={"city": DEFAULT_CITY if district_name == DEFAULT_DISTRICT else ""},
        )
        # The chain's head stays locked to the end: no other writer appends meanwhile.
        AuditChainHead.objects.get_or_create(pk=1)
        head = AuditChainHead.objects.select_for_update().get(pk=1)
        rows = Rows()
        audit = AuditTrail(head, rows)
        groups = {g.name: g for g in Group.objects.all()}
        for number, (name, slug) in enumerate(names, start=first):
            plan = StreetPlan(
                street=_street(target, name, slug, number),
                number=number,
                seed=seed,
                scale=scale,
                years=chosen,
                horizon=horizon,
                calendar=calendar,
                rows=rows,
                audit=audit,
                groups=groups,
            )
            rows.counts[Street._meta.db_table] += 1
            plan.audit_create(plan.street, plan.at(plan.founding, 9), None)
            for _, _, step in sorted(_setup_steps, key=lambda s: (s[0], s[1])):
                step(plan)
            written = rows.flush()
            plans.append(plan)
            _progress(stdout, f"{plan.street.name}（{slug}）：组织机构和登记册 {written:,} 行")
        for year in chosen:
            year_rows = 0
            for plan in plans:
                for _, _, year_step in sorted(_year_steps, key=lambda s: (s[0], s[1])):
                    year_step(plan, year)
                year_rows += rows.flush()
            # Rows dated after the year (a case decided next January) wait for their year, so
            # the chain runs in time order.
            year_end = datetime.combine(date(year + 1, 1, 1), time(), tzinfo=_local())
            audited = audit.emit(None if year == chosen[-1] else year_end)
            _progress(
                stdout,
                f"{year}年：{len(plans)}个街道 {year_rows:,} 行，审计记录 {audited:,} 行"
                f"（用时{wallclock.monotonic() - started:.0f}秒）",
            )
        audit.emit(None)
        rows.reset_sequences()
    if stdout is not None:
        total = sum(rows.counts.values())
        _progress(stdout, "各表行数：")
        for table, count in sorted(rows.counts.items()):
            _progress(stdout, f"  {table:<40} {count:>10,}")
        _progress(
            stdout,
            f"共 {total:,} 行，{len(plans)}个街道 × {len(chosen)}年，"
            f"用时{wallclock.monotonic() - started:.1f}秒。",
        )
    return [plan.street for plan in plans]


def _street(district: District, name: str, slug: str, number: int) -> Street:
    authority = office_name(name)
    street = Street(
        district=district,
        name=name,
        slug=slug,
        address=f"{district.city}{district.name}{authority}",
        phone=f"022-6{number % 1000:03d}2348",
        office_hours="周一至周五 8:30—12:00，13:30—17:30（法定节假日除外）",
        introduction=f"{name}位于{district.city}{district.name}，辖区有村有居、城乡兼有。",
    )
    street.full_clean()
    street.save()
    return street


def office_name(name: str) -> str:
    """街道办事处 or 镇人民政府: the office that acts in the street's name."""
    if name.endswith("镇"):
        return f"{name}人民政府"
    return f"{name}道办事处"


def authority_name(plan: StreetPlan) -> str:
    """The street's office with its city and district: 天津市滨海新区新港街道办事处."""
    return f"{plan.district.city}{plan.district.name}{office_name(plan.street.name)}"
