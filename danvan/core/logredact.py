"""Keep petition tracking secrets out of logs (Django's loggers and gunicorn's access log).

Current links carry the secret in the URL fragment, which browsers never send. Links of the old form
(/don-thu/cong-khai/theo-doi/CODE/SECRET/, da-gui/…, bien-nhan/…) and the API's `?token=` still reach the
server: their secret is replaced by "[redacted]" in every log line that passes through here.
"""

from __future__ import annotations

import logging
import re
from typing import Any

from gunicorn.glogging import Logger as GunicornBaseLogger

REDACTED = "[redacted]"
_SECRET_PATH = re.compile(
    r"(/don-thu/cong-khai/(?:theo-doi|da-gui|bien-nhan)/[^/\s?#\"]+/)"
    r"(?!y-kien/|to-cao-tiep/)([^/\s?#\"]+)"
)
_TOKEN_PARAM = re.compile(r"([?&](?:token|secret)=)[^&\s#\"]*", re.IGNORECASE)


def redact(text: str) -> str:
    """Return `text` with every tracking secret in a URL replaced by [redacted]."""
    if "/don-thu/cong-khai/" not in text and "token=" not in text.lower() and "secret=" not in text.lower():
        return text
    text = _SECRET_PATH.sub(lambda m: m.group(1) + REDACTED, text)
    return _TOKEN_PARAM.sub(lambda m: m.group(1) + REDACTED, text)


class RedactSecretsFilter(logging.Filter):
    """A logging filter (on the handlers in LOGGING) that redacts tracking secrets in the formatted message."""

    def filter(self, record: logging.LogRecord) -> bool:
        try:
            message = record.getMessage()
        except Exception:  # a malformed record is logged as it is, by the handler's own error path
            return True
        redacted = redact(message)
        if redacted != message:
            record.msg, record.args = redacted, ()
        return True


class GunicornLogger(GunicornBaseLogger):
    """gunicorn's logger, with the request line, path, query and Referer of access-log lines redacted."""

    def atoms(self, resp: Any, req: Any, environ: dict[str, Any], request_time: Any) -> dict[str, Any]:
        atoms: dict[str, Any] = super().atoms(resp, req, environ, request_time)
        for name in ("r", "U", "q", "f"):
            if isinstance(atoms.get(name), str):
                atoms[name] = redact(atoms[name])
        return atoms
