"""Run inside bench/.peer-venv: django-survey-and-report's CSV export (Survey2Csv) of N responses.

A survey comparable to bench_exports.py: the 16 matrix statements become 16 radio questions (the package has
no matrix), plus a multiple select, ten 5-point radio scales, three selects, a yes/no radio, an integer, a
short text and a date: 34 questions, 34 answers per response. Responses and answers are bulk-created in a
PostgreSQL database of its own (participatie_survey-exports_peer). Prints one JSON line: rows and seconds.
"""

import json
import os
import random
import sys
import tempfile
import time
import uuid

import django
from django.conf import settings

URL = os.environ.get("PEER_DATABASE_NAME", "participatie_survey-exports_peer")
settings.configure(
    DEBUG=False,
    SECRET_KEY="bench-only",
    INSTALLED_APPS=["django.contrib.contenttypes", "django.contrib.auth", "survey"],
    DATABASES={
        "default": {
            "ENGINE": "django.db.backends.postgresql",
            "NAME": URL,
            "USER": "participatie",
            "PASSWORD": "participatie",
            "HOST": "127.0.0.1",
            "PORT": 5432,
        }
    },
    DEFAULT_AUTO_FIELD="django.db.models.AutoField",
    USE_TZ=True,
    USER_DID_NOT_ANSWER="Left blank",
    CHOICES_SEPARATOR=",",
    EXCEL_COMPATIBLE_CSV=False,
    CSV_DIRECTORY=tempfile.mkdtemp(),
    TEMPLATES=[],
)


def ensure_database():
    import psycopg2
    from psycopg2 import sql

    connection = psycopg2.connect(
        host="127.0.0.1", port=5432, user="participatie", password="participatie", dbname="postgres"
    )
    connection.autocommit = True
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1 FROM pg_database WHERE datname = %s", [URL])
        if not cursor.fetchone():
            cursor.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(URL)))
    connection.close()


def build(n: int):
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    from survey.exporter.csv.survey2csv import Survey2Csv  # noqa: F401
    from survey.models import Answer, Question, Response, Survey

    survey = Survey.objects.filter(name="bench").first()
    if survey and survey.responses.count() == n:
        return survey
    if survey:
        survey.delete()
    survey = Survey.objects.create(name="bench", description="bench", need_logged_user=False)
    scale = "1,2,3,4,5,9"
    specs = [(f"A{i}", Question.RADIO, scale) for i in range(1, 17)]
    specs += [("C", Question.SELECT_MULTIPLE, "1,2,3,4,5,6")]
    specs += [(f"S{i}", Question.RADIO, scale) for i in range(1, 11)]
    specs += [(f"K{i}", Question.SELECT, "1,2,3,4") for i in range(1, 4)]
    specs += [("J", Question.RADIO, "ja,nee"), ("L", Question.INTEGER, ""), ("T", Question.SHORT_TEXT, "")]
    specs += [("D", Question.DATE, "")]
    questions = [
        Question.objects.create(survey=survey, text=code, order=i, required=False, type=kind, choices=choices or None)
        for i, (code, kind, choices) in enumerate(specs)
    ]
    rng = random.Random(1)
    for start in range(0, n, 1000):
        responses = Response.objects.bulk_create(
            [Response(survey=survey, interview_uuid=str(uuid.uuid4())) for _ in range(start, min(n, start + 1000))]
        )
        answers = []
        for response in responses:
            for question in questions:
                if question.type == Question.INTEGER:
                    body = str(rng.randint(18, 90))
                elif question.type == Question.SHORT_TEXT:
                    body = f"Een open antwoord van {response.pk}"
                elif question.type == Question.DATE:
                    body = "1970-05-04"
                elif question.type == Question.SELECT_MULTIPLE:
                    body = "[u'1', u'3']"
                else:
                    body = rng.choice(question.choices.split(","))
                answers.append(Answer(question=question, response=response, body=body))
        Answer.objects.bulk_create(answers)
    return survey


def main():
    n = int(sys.argv[1])
    ensure_database()
    django.setup()
    survey = build(n)
    from survey.exporter.csv.survey2csv import Survey2Csv

    started = time.perf_counter()
    text = str(Survey2Csv(survey))
    seconds = time.perf_counter() - started
    print(json.dumps({"rows": text.count("\n"), "seconds": seconds}))


if __name__ == "__main__":
    main()
