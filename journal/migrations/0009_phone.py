from django.db import migrations, models

SIDES = [("left", "Left"), ("right", "Right"), ("both", "Both"), ("na", "Not recorded")]


def forget_unchosen_sides(apps, schema_editor):
    """A profile with no cramp yet never chose a side: its "left" was only a default."""
    Profile = apps.get_model("journal", "Profile")
    Profile.objects.filter(last_side="left", user__cramps__isnull=True).update(last_side="")


class Migration(migrations.Migration):
    dependencies = [("journal", "0004_pending_import")]

    operations = [
        migrations.AlterField(
            model_name="cramp",
            name="side",
            field=models.CharField(choices=SIDES, default="na", max_length=5),
        ),
        migrations.AlterField(
            model_name="profile",
            name="last_side",
            field=models.CharField(blank=True, choices=SIDES, default="", max_length=5),
        ),
        migrations.AlterField(
            model_name="profile",
            name="timer_side",
            field=models.CharField(blank=True, choices=SIDES, max_length=5),
        ),
        migrations.RunPython(forget_unchosen_sides, migrations.RunPython.noop),
    ]
