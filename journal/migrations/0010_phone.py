import django.core.validators
from django.db import migrations, models

SIDES = [("left", "Left"), ("right", "Right"), ("both", "Both"), ("na", "Not recorded")]


def forget_unchosen_sides(apps, schema_editor):
    """A profile with no cramp yet never chose a side: its "left" was only a default."""
    Profile = apps.get_model("journal", "Profile")
    Profile.objects.filter(last_side="left", user__cramps__isnull=True).update(last_side="")


class Migration(migrations.Migration):
    dependencies = [("journal", "0009_profile_cramps_began")]

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
        # Plain messages instead of "Ensure this value is greater than or equal to 50."
        migrations.AlterField(
            model_name="profile",
            name="fluid_target_ml",
            field=models.PositiveIntegerField(
                default=1500,
                help_text="Days with less fluid logged than this count as low-fluid days.",
                validators=[
                    django.core.validators.MinValueValidator(250, "Use at least 250 ml."),
                    django.core.validators.MaxValueValidator(10000, "Use at most 10,000 ml."),
                ],
            ),
        ),
        migrations.AlterField(
            model_name="profile",
            name="glass_ml",
            field=models.PositiveIntegerField(
                default=250,
                help_text="How much one +1 glass tap adds.",
                validators=[
                    django.core.validators.MinValueValidator(50, "Use at least 50 ml."),
                    django.core.validators.MaxValueValidator(1000, "Use at most 1,000 ml."),
                ],
            ),
        ),
        migrations.AlterField(
            model_name="profile",
            name="sitting_hours_threshold",
            field=models.DecimalField(
                decimal_places=1,
                default=8,
                max_digits=4,
                validators=[
                    django.core.validators.MinValueValidator(1, "Use 1 to 24 hours."),
                    django.core.validators.MaxValueValidator(24, "Use 1 to 24 hours."),
                ],
            ),
        ),
        migrations.AlterField(
            model_name="profile",
            name="standing_hours_threshold",
            field=models.DecimalField(
                decimal_places=1,
                default=4,
                max_digits=4,
                validators=[
                    django.core.validators.MinValueValidator(1, "Use 1 to 24 hours."),
                    django.core.validators.MaxValueValidator(24, "Use 1 to 24 hours."),
                ],
            ),
        ),
    ]
