"""E-mail opt-ins get a random primary key (UUID) instead of a sequence, ordered by address.

The sequence numbered opt-ins in the order they were given, which matched the anonymous responses
ordered by their sending time. The table is rebuilt (a primary key cannot change type in place on
every database): the rows are copied in address order with fresh random keys; the old numbers go.
"""

import uuid

import django.db.models.deletion
from django.db import migrations, models


def copy_with_random_ids(apps, schema_editor):
    Old = apps.get_model("surveys", "TerugkoppelingEmail")
    New = apps.get_model("surveys", "TerugkoppelingEmailNew")
    New.objects.bulk_create(
        New(id=uuid.uuid4(), survey_id=row.survey_id, email=row.email, created_on=row.created_on)
        for row in Old.objects.order_by("survey_id", "email")
    )


def copy_back(apps, schema_editor):
    Old = apps.get_model("surveys", "TerugkoppelingEmail")
    New = apps.get_model("surveys", "TerugkoppelingEmailNew")
    Old.objects.bulk_create(
        Old(survey_id=row.survey_id, email=row.email, created_on=row.created_on)
        for row in New.objects.order_by("survey_id", "email")
    )


class Migration(migrations.Migration):
    dependencies = [
        ("surveys", "0002_response_answers_complete_for"),
    ]

    operations = [
        migrations.CreateModel(
            name="TerugkoppelingEmailNew",
            fields=[
                ("id", models.UUIDField(default=uuid.uuid4, editable=False, primary_key=True, serialize=False)),
                ("email", models.EmailField(max_length=254, verbose_name="e-mail address")),
                ("created_on", models.DateField(auto_now_add=True, verbose_name="given on")),
                (
                    "survey",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="+",
                        to="surveys.survey",
                        verbose_name="survey",
                    ),
                ),
            ],
        ),
        migrations.RunPython(copy_with_random_ids, copy_back),
        migrations.DeleteModel(name="TerugkoppelingEmail"),
        migrations.RenameModel(old_name="TerugkoppelingEmailNew", new_name="TerugkoppelingEmail"),
        migrations.AlterField(
            model_name="terugkoppelingemail",
            name="survey",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.CASCADE,
                related_name="terugkoppeling_emails",
                to="surveys.survey",
                verbose_name="survey",
            ),
        ),
        migrations.AlterModelOptions(
            name="terugkoppelingemail",
            options={
                "ordering": ["survey", "email"],
                "verbose_name": "e-mail address for feedback",
                "verbose_name_plural": "e-mail addresses for feedback",
            },
        ),
        migrations.AddConstraint(
            model_name="terugkoppelingemail",
            constraint=models.UniqueConstraint(
                fields=("survey", "email"),
                name="survey_terugkoppeling_email_unique",
                violation_error_message="This e-mail address is already registered for this survey.",
            ),
        ),
    ]
