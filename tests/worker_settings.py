"""Settings for a worker process a test starts (tests/conferences/test_worker_faults.py): the
test settings, with real SMTP to the test's own server (EMAIL_HOST, EMAIL_PORT from the env)."""

import os

from config.settings.test import *  # noqa: F403

EMAIL_BACKEND = "home.mail_delivery.EmailBackend"
EMAIL_HOST = "127.0.0.1"
EMAIL_PORT = int(os.environ["EMAIL_PORT"])
EMAIL_TIMEOUT = 5
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": "INFO"},
}
