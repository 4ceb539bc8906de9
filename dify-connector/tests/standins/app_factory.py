"""Dify's `app_factory.create_app()` (a Flask app; the connector only enters its app context)."""

from contextlib import nullcontext


class _App:
    def app_context(self):
        return nullcontext()


def create_app():
    return _App()
