"""The legal FAQ's full-text index: each entry's text cut into words (FaqSearchText, written by
fazhi.outreach.search) and the database's own index over it, nothing to install.

SQLite: an FTS5 table reading its text from outreach_faqsearchtext (external content), kept in
step by triggers on that table. PostgreSQL: a generated tsvector column of the 'simple'
configuration, the question weighted A, the answer B and the law references C, with a GIN
index. Entries already written are indexed here.
"""

import django.db.models.deletion
from django.db import migrations, models

SQLITE = [
    "CREATE VIRTUAL TABLE outreach_faq_fts USING fts5("
    "question_words, answer_words, reference_words, "
    "content='outreach_faqsearchtext', content_rowid='entry_id', tokenize='unicode61')",
    "CREATE TRIGGER outreach_faq_fts_insert AFTER INSERT ON outreach_faqsearchtext BEGIN "
    "INSERT INTO outreach_faq_fts(rowid, question_words, answer_words, reference_words) "
    "VALUES (new.entry_id, new.question_words, new.answer_words, new.reference_words); END",
    "CREATE TRIGGER outreach_faq_fts_delete AFTER DELETE ON outreach_faqsearchtext BEGIN "
    "INSERT INTO outreach_faq_fts(outreach_faq_fts, rowid, question_words, answer_words, "
    "reference_words) VALUES ('delete', old.entry_id, old.question_words, old.answer_words, "
    "old.reference_words); END",
    "CREATE TRIGGER outreach_faq_fts_update AFTER UPDATE ON outreach_faqsearchtext BEGIN "
    "INSERT INTO outreach_faq_fts(outreach_faq_fts, rowid, question_words, answer_words, "
    "reference_words) VALUES ('delete', old.entry_id, old.question_words, old.answer_words, "
    "old.reference_words); "
    "INSERT INTO outreach_faq_fts(rowid, question_words, answer_words, reference_words) "
    "VALUES (new.entry_id, new.question_words, new.answer_words, new.reference_words); END",
]
SQLITE_REVERSE = [
    "DROP TRIGGER IF EXISTS outreach_faq_fts_update",
    "DROP TRIGGER IF EXISTS outreach_faq_fts_delete",
    "DROP TRIGGER IF EXISTS outreach_faq_fts_insert",
    "DROP TABLE IF EXISTS outreach_faq_fts",
]
POSTGRESQL = [
    "ALTER TABLE outreach_faqsearchtext ADD COLUMN document tsvector GENERATED ALWAYS AS ("
    "setweight(to_tsvector('simple', question_words), 'A') || "
    "setweight(to_tsvector('simple', answer_words), 'B') || "
    "setweight(to_tsvector('simple', reference_words), 'C')) STORED",
    "CREATE INDEX outreach_faq_document ON outreach_faqsearchtext USING gin (document)",
    # The tsvector stays in the row, uncompressed while the row allows, and the words (read
    # only to make it) go out of line first: the planner then sees a scan of the table as the
    # cost it is and takes the GIN index, and ranking reads the tsvector without unpacking it.
    "ALTER TABLE outreach_faqsearchtext ALTER COLUMN document SET STORAGE MAIN, "
    "ALTER COLUMN question_words SET STORAGE EXTERNAL, "
    "ALTER COLUMN answer_words SET STORAGE EXTERNAL, "
    "ALTER COLUMN reference_words SET STORAGE EXTERNAL",
]
POSTGRESQL_REVERSE = [
    "DROP INDEX IF EXISTS outreach_faq_document",
    "ALTER TABLE outreach_faqsearchtext DROP COLUMN IF EXISTS document",
]


def _run(statements):
    def run(apps, schema_editor):
        for sql in statements.get(schema_editor.connection.vendor, []):
            schema_editor.execute(sql)

    return run


def index_existing(apps, schema_editor):
    from fazhi.outreach.search import document

    db = schema_editor.connection.alias
    entry_model = apps.get_model("outreach", "FaqEntry")
    text_model = apps.get_model("outreach", "FaqSearchText")
    fields = ("pk", "street_id", "status", "category", "question", "answer", "law_references")
    text_model.objects.using(db).bulk_create(
        [
            text_model(
                entry_id=pk,
                street_id=street_id,
                status=status,
                category=category,
                **document(question, answer, references),
            )
            for pk, street_id, status, category, question, answer, references in (
                entry_model.objects.using(db).values_list(*fields).iterator()
            )
        ],
        batch_size=1000,
    )


class Migration(migrations.Migration):
    dependencies = [
        ("outreach", "0002_fold_message_pushes"),
        ("org", "0004_grid_boundary_district_account"),
    ]

    operations = [
        migrations.CreateModel(
            name="FaqSearchText",
            fields=[
                (
                    "entry",
                    models.OneToOneField(
                        on_delete=django.db.models.deletion.CASCADE,
                        primary_key=True,
                        related_name="search_text",
                        serialize=False,
                        to="outreach.faqentry",
                        verbose_name="常见法律问题",
                    ),
                ),
                (
                    "street",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="+",
                        to="org.street",
                        verbose_name="街道",
                    ),
                ),
                (
                    "status",
                    models.CharField(
                        choices=[("draft", "草稿"), ("published", "已发布"), ("retired", "已停用")],
                        max_length=16,
                        verbose_name="状态",
                    ),
                ),
                (
                    "category",
                    models.CharField(
                        choices=[
                            ("epidemic", "疫情防控"),
                            ("labour", "劳动用工"),
                            ("tenancy", "房屋租赁"),
                            ("contract", "合同履行"),
                            ("consumer", "消费维权"),
                            ("public_order", "社会秩序"),
                            ("marriage_family", "婚姻家庭"),
                            ("property", "物业管理"),
                            ("social_security", "社会保障"),
                            ("other", "其他"),
                        ],
                        max_length=20,
                        verbose_name="分类",
                    ),
                ),
                ("question_words", models.TextField(verbose_name="问题分词")),
                ("answer_words", models.TextField(verbose_name="解答分词")),
                ("reference_words", models.TextField(blank=True, verbose_name="法律依据分词")),
            ],
            options={
                "verbose_name": "法律问答检索文本",
                "verbose_name_plural": "法律问答检索文本",
                "default_permissions": (),
            },
        ),
        migrations.RunPython(
            _run({"sqlite": SQLITE, "postgresql": POSTGRESQL}),
            _run({"sqlite": SQLITE_REVERSE, "postgresql": POSTGRESQL_REVERSE}),
        ),
        migrations.RunPython(index_existing, migrations.RunPython.noop),
    ]
