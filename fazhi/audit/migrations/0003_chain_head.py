from django.db import migrations


def create_head(apps, schema_editor):
    head_model = apps.get_model("audit", "AuditChainHead")
    head_model.objects.get_or_create(pk=1)


class Migration(migrations.Migration):
    dependencies = [("audit", "0002_initial")]
    operations = [migrations.RunPython(create_head, migrations.RunPython.noop)]
