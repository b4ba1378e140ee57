"""gunicorn's access log without participants' secrets.

A participant's own pages live under /…/tilmelding/<token>/ (the token is the key to their
registration), the link that confirms a new address adds /bekraeft/<key>/, and the check-in
QR code holds /indtjekning/<key>/ (the admin's /indtjekning/<conference id>/ is no secret).
The access log shows these segments as "[skjult]": in the request line, the path, the query string and the
Referer, so a log that is kept or shipped elsewhere opens no one's registration.
"""

import re

from gunicorn.glogging import Logger

SECRET_SEGMENT = re.compile(
    r"(/(?:tilmelding|bekraeft|indtjekning)/)(?!(?:tak|afventer|slettet)/|[0-9]+(?:[/?#\s\"]|$))([^/?#\s\"]+)"
)
HIDDEN = r"\1[skjult]"


def redact(text):
    return SECRET_SEGMENT.sub(HIDDEN, text) if isinstance(text, str) else text


class RedactingLogger(Logger):
    def atoms(self, resp, req, environ, request_time):
        return {key: redact(value) for key, value in super().atoms(resp, req, environ, request_time).items()}
