# The pushes are publicity items of the outreach app now: its migration 0002 copied every
# push there, and only then is the table dropped.

from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ("legal_services", "0002_period_indexes"),
        ("outreach", "0002_fold_message_pushes"),
    ]

    operations = [
        migrations.DeleteModel(
            name="MessagePush",
        ),
    ]
