"""gunicorn settings, read from the working directory (``gunicorn participatie.wsgi``).

The access log goes to stdout in the combined format, through participatie.logs.GunicornLogger, which
replaces a resident's resume code in a URL (``/surveys/v/<token>/verder/<code>/``) by ``…``.
"""

import os

bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")
workers = int(os.environ.get("GUNICORN_WORKERS", "3"))
accesslog = "-"
logger_class = "participatie.logs.GunicornLogger"
access_log_format = '%(h)s %(l)s %(u)s %(t)s "%(r)s" %(s)s %(b)s "%(f)s" "%(a)s"'
