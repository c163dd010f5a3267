# Each cramp, medication period and condition gets a stable identity (uuid)
# that backups and the cramps CSV carry, so importing tells "already here"
# from "a second, identical entry". Existing rows get one each (a plain
# AddField default would give every row the same value).

import uuid

from django.conf import settings
from django.db import migrations, models

import journal.models

MODELS = ("cramp", "medication", "condition")


def give_each_row_an_identity(apps, schema_editor):
    for name in MODELS:
        model = apps.get_model("journal", name)
        rows = list(model.objects.only("pk"))
        for row in rows:
            row.uuid = uuid.uuid4()
        model.objects.bulk_update(rows, ["uuid"], batch_size=500)


class Migration(migrations.Migration):
    dependencies = [
        ("journal", "0005_clinical"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        *(
            migrations.AddField(
                model_name=name, name="uuid", field=models.UUIDField(null=True, editable=False)
            )
            for name in MODELS
        ),
        migrations.RunPython(give_each_row_an_identity, migrations.RunPython.noop),
        *(
            migrations.AlterField(
                model_name=name,
                name="uuid",
                field=models.UUIDField(default=uuid.uuid4, editable=False),
            )
            for name in MODELS
        ),
        migrations.AlterField(
            model_name="condition",
            name="ended_on",
            field=models.DateField(
                blank=True, null=True, validators=[journal.models.validate_past_date]
            ),
        ),
        migrations.AlterField(
            model_name="profile",
            name="timer_started_at",
            field=models.DateTimeField(
                blank=True, null=True, validators=[journal.models.validate_not_future]
            ),
        ),
        migrations.AddConstraint(
            model_name="condition",
            constraint=models.UniqueConstraint(
                fields=("owner", "uuid"), name="condition_unique_uuid"
            ),
        ),
        migrations.AddConstraint(
            model_name="cramp",
            constraint=models.UniqueConstraint(fields=("owner", "uuid"), name="cramp_unique_uuid"),
        ),
        migrations.AddConstraint(
            model_name="medication",
            constraint=models.UniqueConstraint(
                fields=("owner", "uuid"), name="medication_unique_uuid"
            ),
        ),
    ]
