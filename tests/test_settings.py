"""Production refuses unsafe settings; the console script is the project's manage.py."""

from __future__ import annotations

import os
import runpy
import subprocess
import sys
from pathlib import Path

import dj_database_url
import pytest

ROOT = Path(__file__).resolve().parent.parent


def run_fazhi(
    *args: str, env: dict[str, str], cwd: Path = ROOT
) -> subprocess.CompletedProcess[str]:
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("FAZHI_", "DATABASE_URL"))}
    return subprocess.run(
        [sys.executable, "-m", "fazhi", *args],
        env=clean | env,
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=120,
    )


@pytest.mark.parametrize(
    ("env", "message"),
    [
        ({"FAZHI_ENV": "production"}, "FAZHI_SECRET_KEY"),
        ({"FAZHI_ENV": "production", "FAZHI_SECRET_KEY": "short"}, "FAZHI_SECRET_KEY"),
        (
            {"FAZHI_ENV": "production", "FAZHI_SECRET_KEY": "x" * 50, "FAZHI_DEBUG": "1"},
            "FAZHI_DEBUG",
        ),
        ({"FAZHI_ENV": "staging"}, "FAZHI_ENV must be"),
        ({"FAZHI_ENV": "production", "FAZHI_SECRET_KEY": "x" * 50}, "FAZHI_ALLOWED_HOSTS"),
    ],
)
def test_production_refuses_unsafe_settings(tmp_path, env, message):
    result = run_fazhi("check", env=env | {"FAZHI_DATA_DIR": str(tmp_path)})
    assert result.returncode != 0
    assert message in result.stderr


def test_production_starts_with_a_secret_and_checks_deploy(tmp_path):
    env = {
        "FAZHI_ENV": "production",
        "FAZHI_SECRET_KEY": "k" * 20 + "Zq9!" + "p" * 30,
        "FAZHI_ALLOWED_HOSTS": "fazhi.example.gov.cn",
        "FAZHI_DATA_DIR": str(tmp_path),
        "DATABASE_URL": f"sqlite:///{tmp_path}/prod.sqlite3",
    }
    result = run_fazhi("check", env=env)
    assert result.returncode == 0, result.stderr


def test_settings_are_the_documented_ones(settings):
    assert settings.LANGUAGE_CODE == "zh-hans"
    assert ("en", "English") in settings.LANGUAGES
    assert settings.TIME_ZONE == "Asia/Shanghai" and settings.USE_TZ
    assert "django.contrib.auth.hashers.Argon2PasswordHasher" in settings.PASSWORD_HASHERS
    assert settings.SESSION_IDLE_TIMEOUT_SECONDS == 30 * 60
    assert settings.TASKS["default"]["QUEUES"] == ["default"]


def test_file_database_uses_wal(tmp_path):
    result = run_fazhi(
        "shell",
        "-c",
        "from django.db import connection; c = connection.cursor(); "
        "c.execute('PRAGMA journal_mode'); print(c.fetchone()[0])",
        env={"FAZHI_DATA_DIR": str(tmp_path), "FAZHI_ENV": "development"},
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().splitlines()[-1] == "wal"


def test_demo_refuses_production_unless_demo_mode(tmp_path):
    env = {
        "FAZHI_ENV": "production",
        "FAZHI_SECRET_KEY": "k" * 50,
        "FAZHI_ALLOWED_HOSTS": "fazhi.example.gov.cn",
        "FAZHI_DATA_DIR": str(tmp_path),
        "DATABASE_URL": f"sqlite:///{tmp_path}/prod.sqlite3",
    }
    assert run_fazhi("migrate", "--noinput", env=env).returncode == 0
    refused = run_fazhi("demo", env=env)
    assert refused.returncode != 0 and "生产环境不能载入演示数据" in refused.stderr


SQLITE_SAFEGUARDS = {
    "transaction_mode": "IMMEDIATE",
    "timeout": 20,
    "init_command": (
        "PRAGMA journal_mode=WAL;"
        "PRAGMA synchronous=NORMAL;"
        "PRAGMA foreign_keys=ON;"
        "PRAGMA busy_timeout=20000;"
    ),
}


def load_settings(monkeypatch, tmp_path, **env: str) -> dict:
    monkeypatch.setenv("FAZHI_DATA_DIR", str(tmp_path))
    monkeypatch.delenv("DATABASE_URL", raising=False)
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    return runpy.run_path(str(ROOT / "fazhi" / "settings.py"))


@pytest.mark.parametrize("url", [None, "sqlite:///{tmp}/fazhi.sqlite3"])
def test_sqlite_keeps_its_safeguards_however_it_is_configured(monkeypatch, tmp_path, url):
    env = {"DATABASE_URL": url.format(tmp=tmp_path)} if url else {}
    values = load_settings(monkeypatch, tmp_path, **env)
    database = values["DATABASES"]["default"]
    assert database["ENGINE"] == "django.db.backends.sqlite3"
    assert database["OPTIONS"] == SQLITE_SAFEGUARDS
    assert database["CONN_MAX_AGE"] == 600


def test_sqlite_safeguards_keep_what_the_url_chose_and_leave_postgresql_alone():
    from fazhi.settings import with_sqlite_safeguards

    tuned = with_sqlite_safeguards(dj_database_url.parse("sqlite:////srv/fazhi.db?timeout=60"))
    assert tuned["OPTIONS"] == SQLITE_SAFEGUARDS | {"timeout": 60}
    postgres = dj_database_url.parse("postgres://fazhi:secret@127.0.0.1:5432/fazhi")
    assert with_sqlite_safeguards(postgres) == postgres
    assert "OPTIONS" not in postgres


def test_file_database_named_by_url_runs_with_wal_and_a_busy_timeout(tmp_path):
    result = run_fazhi(
        "shell",
        "-c",
        "from django.db import connection; c = connection.cursor()\n"
        "for p in ('journal_mode', 'busy_timeout', 'foreign_keys', 'synchronous'):\n"
        "    c.execute(f'PRAGMA {p}'); print(p, c.fetchone()[0])",
        env={
            "FAZHI_DATA_DIR": str(tmp_path),
            "FAZHI_ENV": "development",
            "DATABASE_URL": f"sqlite:///{tmp_path}/by-url.sqlite3",
        },
    )
    assert result.returncode == 0, result.stderr
    pragmas = dict(line.split() for line in result.stdout.strip().splitlines()[-4:])
    # synchronous 1 is NORMAL: safe in WAL mode, and no fsync on every commit.
    assert pragmas == {
        "journal_mode": "wal",
        "busy_timeout": "20000",
        "foreign_keys": "1",
        "synchronous": "1",
    }
