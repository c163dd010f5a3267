import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


def create_versions(apps, schema_editor):
    User = apps.get_model(*settings.AUTH_USER_MODEL.split("."))
    JournalVersion = apps.get_model("journal", "JournalVersion")
    JournalVersion.objects.bulk_create(
        [JournalVersion(owner_id=pk) for pk in User.objects.values_list("pk", flat=True)],
        batch_size=500,
    )


class Migration(migrations.Migration):

    dependencies = [
        ('journal', '0007_profile_alcohol_threshold'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name='JournalVersion',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('number', models.PositiveBigIntegerField(default=0)),
                ('owner', models.OneToOneField(on_delete=django.db.models.deletion.CASCADE, related_name='journal_version', to=settings.AUTH_USER_MODEL)),
            ],
        ),
        migrations.RunPython(create_versions, migrations.RunPython.noop),
    ]
