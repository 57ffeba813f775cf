"""``intervox run``: the whole product in one process (see README, Quick start)."""

from __future__ import annotations

import argparse

import uvicorn
from intervox_gateway.settings import GatewaySettings

from intervox.embedded import create_app


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="intervox", description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True)
    run = sub.add_parser("run", help="serve the whole product (embedded mode)")
    run.add_argument("--host", default=None)
    run.add_argument("--port", type=int, default=None)
    args = parser.parse_args(argv)
    if args.command == "run":
        settings = GatewaySettings()
        host = args.host or settings.host
        port = args.port or settings.port
        uvicorn.run(
            create_app(settings),
            host=host,
            port=port,
            log_config=None,
            ws_ping_interval=20,
            ws_ping_timeout=20,
        )
    return 0
