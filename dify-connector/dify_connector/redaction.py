"""Keeps decrypted secrets out of logs and error messages.

Secrets are known only while a config is being mirrored; every one is registered here first, and
every log record of the connector's loggers and every error text it raises passes through `scrub`.
"""

import logging
import threading

MASK = "********"
_lock = threading.Lock()
_secrets: set[str] = set()


def register(*values: object) -> None:
    with _lock:
        for v in values:
            if isinstance(v, str) and len(v) >= 4:
                _secrets.add(v)


def scrub(text: str) -> str:
    with _lock:
        known = sorted(_secrets, key=len, reverse=True)
    for secret in known:
        if secret in text:
            text = text.replace(secret, MASK)
    return text


class ScrubbingFilter(logging.Filter):
    """Renders the message once, scrubbed, so neither the format args nor the text carry a secret."""

    def filter(self, record: logging.LogRecord) -> bool:
        record.msg = scrub(record.getMessage())
        record.args = None
        if record.exc_info and record.exc_info[1] is not None:
            record.exc_text = scrub(logging.Formatter().formatException(record.exc_info))
            record.exc_info = None
        return True


def logger(name: str) -> logging.Logger:
    log = logging.getLogger(name)
    if not any(isinstance(f, ScrubbingFilter) for f in log.filters):
        log.addFilter(ScrubbingFilter())
    return log
