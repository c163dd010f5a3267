import django.core.validators
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('journal', '0006_row_identity'),
    ]

    operations = [
        migrations.AddField(
            model_name='profile',
            name='alcohol_drinks_threshold',
            field=models.PositiveSmallIntegerField(default=1, help_text='Evenings with at least this many drinks count as alcohol evenings.', validators=[django.core.validators.MinValueValidator(1), django.core.validators.MaxValueValidator(20)]),
        ),
    ]
