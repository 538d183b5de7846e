import os

os.environ.setdefault("FAZHI_ENV", "test")

from collections.abc import Iterator
from dataclasses import dataclass
from io import StringIO
from typing import Any

import pytest


@pytest.fixture
def world(db):
    from fazhi.testing import build_world

    return build_world()


@pytest.fixture
def anon():
    from django.test import Client

    return Client()


@dataclass
class LoadedDemo:
    snapshot: Any  # fazhi.snapshot.Snapshot
    output: str  # what `fazhi demo` printed

    def restore(self) -> None:
        self.snapshot.restore()


@pytest.fixture(scope="session")
def demo_snapshot(django_db_setup, django_db_blocker) -> Iterator[LoadedDemo]:
    """The Haibin demo, loaded by ``fazhi demo`` once per test run (per worker) and kept as a
    snapshot that ``restore()`` puts back into the emptied test database. The database is left
    empty, as the run found it."""
    from django.core.management import call_command

    from fazhi.snapshot import Snapshot

    with django_db_blocker.unblock():
        out = StringIO()
        call_command("demo", stdout=out)
        snapshot = Snapshot.take()
        call_command("flush", interactive=False, verbosity=0)
    yield LoadedDemo(snapshot, out.getvalue())


@pytest.fixture(scope="module")
def demo(demo_snapshot, django_db_blocker) -> Iterator[str]:
    """The demo in the test database for the module's tests (what `fazhi demo` printed),
    removed after them."""
    from django.core.management import call_command

    with django_db_blocker.unblock():
        demo_snapshot.restore()
        yield demo_snapshot.output
        call_command("flush", interactive=False, verbosity=0)
