"""The legal advisers' pushes (legal_services.MessagePush) folded into the publicity items: the
data migration keeps every push, with its id, group, lawyer, kind, link and dates, before
legal_services drops the table."""

from __future__ import annotations

import importlib
from datetime import UTC, date, datetime
from types import SimpleNamespace

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from fazhi.outreach.models import PublicityItem

fold = importlib.import_module("fazhi.outreach.migrations.0002_fold_message_pushes")

BEFORE = [("outreach", "0001_initial"), ("legal_services", "0002_period_indexes")]
AFTER = [("outreach", "0002_fold_message_pushes"), ("legal_services", "0002_period_indexes")]


def test_a_push_becomes_the_same_publicity_item():
    created = datetime(2020, 3, 5, 2, 0, tzinfo=UTC)
    push = SimpleNamespace(
        id=7,
        street_id=1,
        created_at=created,
        updated_at=created,
        pushed_on=date(2020, 3, 5),
        channel="other",
        group_id=None,
        title="疫情期间劳动关系处理政策解读",
        kind="policy",
        lawyer_id=3,
        link="https://example.org/a",
    )
    item = fold.publicity_item_of(push, PublicityItem)
    assert (item.pk, item.street_id, item.published_on, item.channel) == (
        7,
        1,
        date(2020, 3, 5),
        "other_online",
    )
    assert (item.title, item.kind, item.lawyer_id, item.link) == (
        push.title,
        "policy",
        3,
        "https://example.org/a",
    )
    assert item.channel in PublicityItem.ONLINE  # still counted by legal_services.messages_pushed


@pytest.mark.django_db(transaction=True)
def test_the_migration_copies_every_push_before_the_table_goes():
    executor = MigrationExecutor(connection)
    executor.migrate(BEFORE)
    old = executor.loader.project_state(BEFORE).apps
    district = old.get_model("org", "District").objects.create(name="滨海新区")
    street = old.get_model("org", "Street").objects.create(
        district=district, name="甲街", slug="street-a"
    )
    firm = old.get_model("legal_services", "LawFirm").objects.create(street=street, name="甲所")
    lawyer = old.get_model("legal_services", "Lawyer").objects.create(
        street=street, firm=firm, name="王律师", licence_no="11201200810000001", phone="13700000001"
    )
    group = old.get_model("legal_services", "WechatGroup").objects.create(
        street=street, name="甲街法律服务群", lawyer=lawyer, created_on=date(2019, 6, 1)
    )
    MessagePush = old.get_model("legal_services", "MessagePush")
    in_group = MessagePush.objects.create(
        street=street,
        pushed_on=date(2020, 3, 5),
        channel="wechat_group",
        group=group,
        title="疫情期间劳动关系处理政策解读",
        kind="policy",
        lawyer=lawyer,
        link="https://example.org/policy",
    )
    on_account = MessagePush.objects.create(
        street=street,
        pushed_on=date(2020, 3, 6),
        channel="official_account",
        title="12348公共法律服务热线服务时间",
        kind="notice",
    )

    executor.loader.build_graph()
    executor.migrate(AFTER)
    new = executor.loader.project_state(AFTER).apps
    items = {i.pk: i for i in new.get_model("outreach", "PublicityItem").objects.all()}
    assert set(items) == {in_group.pk, on_account.pk}
    copied = items[in_group.pk]
    assert (copied.street_id, copied.published_on, copied.channel) == (
        street.pk,
        date(2020, 3, 5),
        "wechat_group",
    )
    assert (copied.group_id, copied.lawyer_id, copied.kind, copied.link, copied.title) == (
        group.pk,
        lawyer.pk,
        "policy",
        "https://example.org/policy",
        "疫情期间劳动关系处理政策解读",
    )
    assert copied.created_at == in_group.created_at
    assert items[on_account.pk].channel == "official_account"
    # A new item after the copied ones takes a fresh id (the sequence was moved past them).
    fresh = new.get_model("outreach", "PublicityItem").objects.create(
        street_id=street.pk, published_on=date(2020, 4, 1), channel="banner", title="条幅"
    )
    assert fresh.pk > on_account.pk

    # Back to where the suite expects the schema: legal_services drops the table after the copy.
    executor.loader.build_graph()
    executor.migrate(executor.loader.graph.leaf_nodes())
    assert "legal_services_messagepush" not in connection.introspection.table_names()
