"""The last day to apply for judicial confirmation, kept with the agreement: the 30th day after
its signing, moved past a rest day or holiday. Agreements already recorded get it computed."""

from typing import Any

from django.db import migrations, models


def fill_deadlines(apps: Any, schema_editor: Any) -> None:
    MediationAgreement = apps.get_model("legal_services", "MediationAgreement")
    agreements = list(MediationAgreement.objects.filter(confirmation_deadline__isnull=True))
    if not agreements:
        return
    # The rule itself, as the service applies it (it reads the holiday calendar).
    from fazhi.legal_services.services.mediation import confirmation_deadline_for

    for agreement in agreements:
        agreement.confirmation_deadline = confirmation_deadline_for(agreement.signed_on)
        agreement.save(update_fields=["confirmation_deadline"])


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0002_rate_counter"),
        ("legal_services", "0001_initial"),
    ]

    operations = [
        migrations.AddField(
            model_name="mediationagreement",
            name="confirmation_deadline",
            field=models.DateField(editable=False, null=True),
        ),
        migrations.RunPython(fill_deadlines, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="mediationagreement",
            name="confirmation_deadline",
            field=models.DateField(
                editable=False,
                help_text="协议生效（签订）之日起三十日；最后一日为法定休假日的，顺延至休假日后第一个工作日。",
                verbose_name="申请司法确认截止日",
            ),
        ),
    ]
