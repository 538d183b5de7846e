"""Fold the legal advisers' pushes (legal_services.MessagePush) into the publicity items: one
model and one list for every piece of publicity. Every push is copied with its id, street,
date, channel, WeChat group, lawyer, title, content kind, link and timestamps, so that the
audit rows written about it still name the same number; legal_services 0003 then drops the
table (it depends on this migration)."""

from django.core.management.color import no_style
from django.db import migrations

# MessagePush.Channel → PublicityItem.Channel.
CHANNELS = {
    "wechat_group": "wechat_group",
    "official_account": "official_account",
    "weibo": "weibo",
    "other": "other_online",
}
# And back, for reversing the migration (the online channels a push had no name for as other).
CHANNELS_BACK = {
    "wechat_group": "wechat_group",
    "official_account": "official_account",
    "weibo": "weibo",
    "moments": "other",
    "douyin": "other",
    "other_online": "other",
}


def publicity_item_of(push, PublicityItem):
    """The publicity item a push becomes."""
    return PublicityItem(
        id=push.id,
        street_id=push.street_id,
        created_at=push.created_at,
        updated_at=push.updated_at,
        published_on=push.pushed_on,
        channel=CHANNELS.get(push.channel, "other_online"),
        title=push.title,
        kind=push.kind,
        group_id=push.group_id,
        lawyer_id=push.lawyer_id,
        link=push.link,
    )


def _reset_sequences(schema_editor, model):
    """Ids were given explicitly: the next new record must not take one of them (PostgreSQL's
    sequence does not move by itself; SQLite's AUTOINCREMENT does)."""
    connection = schema_editor.connection
    statements = connection.ops.sequence_reset_sql(no_style(), [model])
    with connection.cursor() as cursor:
        for sql in statements:
            cursor.execute(sql)


def _bulk_create_as_given(model, records):
    """Write the records with the times they carry: auto_now and auto_now_add would stamp
    every copy with the migration's time (bulk_create calls pre_save too)."""
    fields = [f for f in model._meta.concrete_fields if getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False)]
    saved = [(f, f.auto_now, f.auto_now_add) for f in fields]
    for f in fields:
        f.auto_now = f.auto_now_add = False
    try:
        model.objects.bulk_create(records, batch_size=1000)
    finally:
        for f, auto_now, auto_now_add in saved:
            f.auto_now, f.auto_now_add = auto_now, auto_now_add


def copy_pushes(apps, schema_editor):
    MessagePush = apps.get_model("legal_services", "MessagePush")
    PublicityItem = apps.get_model("outreach", "PublicityItem")
    items = [publicity_item_of(p, PublicityItem) for p in MessagePush.objects.order_by("id").iterator()]
    _bulk_create_as_given(PublicityItem, items)
    _reset_sequences(schema_editor, PublicityItem)


def copy_back(apps, schema_editor):
    MessagePush = apps.get_model("legal_services", "MessagePush")
    PublicityItem = apps.get_model("outreach", "PublicityItem")
    folded = PublicityItem.objects.filter(channel__in=list(CHANNELS_BACK))
    pushes = [
        MessagePush(
            id=item.id,
            street_id=item.street_id,
            created_at=item.created_at,
            updated_at=item.updated_at,
            pushed_on=item.published_on,
            channel=CHANNELS_BACK[item.channel],
            group_id=item.group_id,
            title=item.title,
            kind=item.kind or "law",
            lawyer_id=item.lawyer_id,
            link=item.link,
        )
        for item in folded.order_by("id").iterator()
    ]
    _bulk_create_as_given(MessagePush, pushes)
    _reset_sequences(schema_editor, MessagePush)
    folded.delete()


class Migration(migrations.Migration):

    dependencies = [
        ("outreach", "0001_initial"),
        ("legal_services", "0002_period_indexes"),
    ]

    operations = [migrations.RunPython(copy_pushes, copy_back)]
