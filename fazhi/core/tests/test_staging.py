"""Keeping an uploaded import file between its preview and its apply."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest
from django.utils import timezone

from fazhi.core.imports.cells import STAGE_TTL
from fazhi.core.imports.staging import stage, staged
from fazhi.org.imports import GRID_IMPORT


@pytest.fixture
def staging_dir(settings, tmp_path) -> Path:
    settings.DATA_DIR = tmp_path
    return tmp_path / "imports"


def test_the_kept_file_and_its_metadata_are_readable_by_the_server_only(world, staging_dir):
    old_umask = os.umask(0o022)  # the usual umask: files would be world-readable by default
    try:
        kept = stage(b"PK xlsx", name="甲街网格.xlsx", importer=GRID_IMPORT, user=world.clerk_a)
    finally:
        os.umask(old_umask)
    files = sorted(staging_dir.iterdir())
    assert [f.name for f in files] == [f"{kept.token}.json", f"{kept.token}.xlsx"]
    assert {stat.S_IMODE(f.stat().st_mode) for f in files} == {0o600}
    assert staged(kept.token, importer=GRID_IMPORT, user=world.clerk_a).read() == b"PK xlsx"


def test_a_file_deleted_by_another_request_during_the_purge_is_skipped(
    world, staging_dir, monkeypatch
):
    old = stage(b"old", name="旧.xlsx", importer=GRID_IMPORT, user=world.clerk_a)
    expired = (timezone.now() - STAGE_TTL).timestamp() - 60
    for path in staging_dir.iterdir():
        os.utime(path, (expired, expired))
    listing = Path.iterdir

    def listing_with_a_vanished_file(self: Path):
        # Another request's purge or apply removed this file after the directory was listed.
        yield self / "gone-meanwhile.xlsx"
        yield from listing(self)

    monkeypatch.setattr(Path, "iterdir", listing_with_a_vanished_file)
    new = stage(b"new", name="新.xlsx", importer=GRID_IMPORT, user=world.clerk_a)
    monkeypatch.undo()
    names = {p.name for p in staging_dir.iterdir()}
    assert names == {f"{new.token}.json", f"{new.token}.xlsx"}
    assert not old.path.exists()
