"""`python -m dify_connector import-settings`: mirrors every traced app of the deployment once (run it in a
container of Dify's image, like the worker). `python -m dify_connector stats`: the connector's counters."""

import argparse
import json
import logging
import sys

from . import counters


def _dify_app_context():
    from app_factory import create_app  # Dify's Flask app: database, storage and Redis set up

    return create_app().app_context()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="dify-connector")
    sub = parser.add_subparsers(dest="command", required=True)
    sub.add_parser("import-settings", help="mirror every traced app's settings to the relay")
    sub.add_parser("stats", help="print the connector's counters as JSON")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(levelname)s %(name)s: %(message)s")
    with _dify_app_context():
        from .dify import Dify

        dify = Dify()
        if args.command == "stats":
            print(json.dumps(counters.snapshot(dify.redis), sort_keys=True))
            return 0
        from .mirror import SettingsMirror
        from .relay import RelayClient
        from .settings import Settings

        relay = RelayClient(Settings.from_env())
        try:
            mirrored, missing = SettingsMirror(dify, relay).import_all()
        finally:
            relay.close()
        print(json.dumps({"mirrored_apps": mirrored, "apps_gone": missing}))
        return 0


if __name__ == "__main__":
    sys.exit(main())
