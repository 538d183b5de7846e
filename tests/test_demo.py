"""The Haibin Street 2020 demo reproduces the seed report's organisation figures."""

from __future__ import annotations

import json
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from fazhi.audit.services import verify
from fazhi.org.models import User
from fazhi.org.roles import Role


@pytest.fixture
def demo(db):
    out = StringIO()
    call_command("demo", stdout=out)
    return out.getvalue()


def test_demo_reproduces_the_seed(demo):
    out = StringIO()
    call_command(
        "stats",
        "--street",
        "haibin",
        "--from",
        "2020-01-01",
        "--to",
        "2020-09-28",
        "--json",
        stdout=out,
    )
    values = json.loads(out.getvalue())
    assert values["org.grids"] == 72
    assert values["org.grid_workers"] == 263
    assert values["org.villages"] == 13
    assert values["org.leading_group_meetings"] == 4
    assert values["org.leading_group_members"] == 8


def test_demo_has_one_account_per_role_and_prints_them(demo):
    for role in Role:
        assert User.objects.filter(is_demo_account=True, groups__name=role.value).exists(), role
    assert "Haibin@2020" in demo and "auditor" in demo


def test_demo_is_audited_and_chain_verifies(demo):
    result = verify()
    assert result.ok and result.checked > 263 + 72


def test_demo_twice_refuses_or_skips(demo):
    with pytest.raises(CommandError, match="已存在"):
        call_command("demo")
    out = StringIO()
    call_command("demo", "--if-empty", stdout=out)
    assert "未重复载入" in out.getvalue()
