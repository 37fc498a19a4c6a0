"""Settings of a minimal site around django-survey-and-report (the peer), for bench/surveys_peer_submit.py.

Run only from bench/.peer-venv. The database name comes from PEER_DATABASE_NAME.
"""

import os

DEBUG = False
SECRET_KEY = "bench-only-secret-key"
ALLOWED_HOSTS = ["127.0.0.1", "testserver", "localhost"]
ROOT_URLCONF = "peer_support.peer_urls"
INSTALLED_APPS = [
    "django.contrib.contenttypes",
    "django.contrib.auth",
    "django.contrib.sessions",
    "django.contrib.messages",
    "survey",
]
MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]
DATABASES = {
    "default": {
        "ENGINE": "django.db.backends.postgresql",
        "NAME": os.environ.get("PEER_DATABASE_NAME", "bench_peer"),
        "USER": "participatie",
        "PASSWORD": "participatie",
        "HOST": "127.0.0.1",
        "PORT": 5432,
        "CONN_MAX_AGE": 60,
    }
}
TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.contrib.auth.context_processors.auth",
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.template.context_processors.static",
                "django.contrib.messages.context_processors.messages",
            ]
        },
    }
]
DEFAULT_AUTO_FIELD = "django.db.models.AutoField"
USE_TZ = True
LANGUAGE_CODE = "nl"
STATIC_URL = "/static/"
LOGIN_URL = "/login/"
USER_DID_NOT_ANSWER = "Left blank"
CHOICES_SEPARATOR = ","
EXCEL_COMPATIBLE_CSV = False
CSV_DIRECTORY = os.path.join(os.path.dirname(__file__), "..", ".peer-work")
LOGGING = {"version": 1, "disable_existing_loggers": True}
