"""The statistics registry, its page and the ``fazhi stats`` command."""

from __future__ import annotations

import json
from datetime import date
from io import BytesIO, StringIO

import pytest
from django.core.exceptions import ValidationError
from django.core.management import CommandError, call_command
from openpyxl import load_workbook

from fazhi.audit.models import Action, AuditEntry
from fazhi.core import stats
from fazhi.org import services
from fazhi.org.models import Grid


def test_registry_has_the_org_keys():
    keys = {s.key for s in stats.registered()}
    assert {
        "org.grids",
        "org.grid_workers",
        "org.villages",
        "org.leading_group_members",
        "org.leading_group_meetings",
    } <= keys


def test_duplicate_key_is_refused():
    with pytest.raises(ValueError):
        stats.statistic(
            "org.grids", label="重复", records=stats.RecordSet(Grid), period=stats.AsOf()
        )


def test_bad_key_is_refused():
    with pytest.raises(ValueError):
        stats.statistic("Grids", label="x")


def test_period_must_be_ordered():
    with pytest.raises(ValidationError):
        stats.Period(date(2020, 2, 1), date(2020, 1, 1))


def test_figures_follow_the_period_end(world):
    street = world.a.street
    period = stats.Period(date(2020, 1, 1), date(2020, 12, 31))
    assert stats.compute(street, period, ["org.grids", "org.grid_workers"]) == {
        "org.grids": 2,
        "org.grid_workers": 2,
    }
    services.grid_worker_leave(world.a.worker, ended_on=date(2020, 6, 30), actor=world.clerk_a)
    late = stats.compute(street, period, ["org.grid_workers"])
    early = stats.compute(
        street, stats.Period(date(2020, 1, 1), date(2020, 6, 1)), ["org.grid_workers"]
    )
    assert (early["org.grid_workers"], late["org.grid_workers"]) == (2, 1)
    before_grids = stats.compute(street, stats.Period(date(2018, 1, 1), date(2018, 12, 31)))
    assert before_grids["org.grids"] == 0


def test_other_streets_records_do_not_count(world):
    period = stats.Period(date(2020, 1, 1), date(2020, 12, 31))
    services.grid_create(
        street=world.b.street,
        actor=world.clerk_b,
        village=world.b.village,
        code="B-9",
        name="乙街新网格",
        established_on=date(2020, 2, 1),
    )
    assert stats.compute(world.a.street, period, ["org.grids"])["org.grids"] == 2
    assert stats.compute(world.b.street, period, ["org.grids"])["org.grids"] == 3


def test_command_prints_json(world):
    out = StringIO()
    call_command(
        "stats",
        "--street",
        "street-a",
        "--from",
        "2020-01-01",
        "--to",
        "2020-09-28",
        "--json",
        stdout=out,
    )
    values = json.loads(out.getvalue())
    assert values["org.grids"] == 2 and values["org.villages"] == 1


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--street", "nowhere", "--from", "2020-01-01", "--to", "2020-02-01"], "没有标识为"),
        (["--street", "street-a", "--from", "2020-02-30", "--to", "2020-03-01"], "格式不正确"),
        (["--street", "street-a", "--from", "2020-03-01", "--to", "2020-01-01"], "不能晚于"),
        (
            ["--street", "street-a", "--from", "2020-01-01", "--to", "2020-03-01", "--key", "x.y"],
            "没有名为",
        ),
    ],
)
def test_command_errors_are_clear(world, args, message):
    with pytest.raises(CommandError, match=message):
        call_command("stats", *args)


def test_statistics_page(world):
    client = world.client(world.leader)
    response = client.get(
        "/office/reports/statistics/", {"start": "2020-01-01", "end": "2020-12-31"}
    )
    assert response.status_code == 200
    text = response.content.decode()
    assert "org.grid_workers" in text and "网格员人数" in text
    export = client.get(
        "/office/reports/statistics/",
        {"start": "2020-01-01", "end": "2020-12-31", "format": "xlsx"},
    )
    assert export.status_code == 200 and export.content[:2] == b"PK"


def test_statistics_export_is_audited(world):
    response = world.client(world.leader).get(
        "/office/reports/statistics/",
        {"start": "2020-01-01", "end": "2020-12-31", "format": "xlsx"},
    )
    assert response.status_code == 200
    assert "20200101-20201231.xlsx" in response["Content-Disposition"]
    rows = list(load_workbook(BytesIO(response.content)).active.iter_rows(values_only=True))
    notes = "\n".join(
        "：".join(str(c) for c in r if c is not None)
        for r in load_workbook(BytesIO(response.content))["说明"].iter_rows(values_only=True)
    )
    assert notes.startswith("统计指标")
    assert "筛选条件：街道：甲街；开始日期：2020-01-01；结束日期：2020-12-31" in notes
    figures = {row[3]: row[1] for row in rows[1:]}
    assert figures["org.grid_workers"] == 2
    export = AuditEntry.objects.get(action=Action.EXPORT)
    assert (export.actor, export.street) == (world.leader, world.a.street)
    assert export.object_type == "reports.statistics"
    assert export.changes == {
        "filters": {"街道": "甲街", "开始日期": "2020-01-01", "结束日期": "2020-12-31"},
        "count": len(stats.registered()),
    }


def test_statistics_page_bad_period_and_roles(world):
    client = world.client(world.leader)
    bad = client.get("/office/reports/statistics/", {"start": "2020-05-01", "end": "2020-01-01"})
    assert bad.status_code == 400 and "结束日期不能早于开始日期" in bad.content.decode()
    assert world.client(world.grid_worker).get("/office/reports/statistics/").status_code == 403
    assert world.client(world.leader).post("/office/reports/statistics/").status_code == 405
