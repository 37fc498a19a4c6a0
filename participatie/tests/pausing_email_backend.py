"""A test e-mail backend for worker processes: writes each message to a file, then pauses.

The pause (``EMAIL_PAUSE_SECONDS``) holds the worker between the SMTP call and recording the result,
so a test can kill it exactly there.
"""

import os
import time

from django.core.mail.backends.filebased import EmailBackend as FileEmailBackend


class EmailBackend(FileEmailBackend):
    def send_messages(self, email_messages):
        sent = super().send_messages(email_messages)
        time.sleep(float(os.environ.get("EMAIL_PAUSE_SECONDS", "0")))
        return sent
