"""Write the gateway's OpenAPI document to web/src/api/openapi.json.

The web client's typed API (src/api/schema.gen.ts) is generated from this file by
`npm run gen`; tests/unit/test_web_client_generated.py fails when it is stale.
Run: `uv run python web/scripts/export_openapi.py` (or `make web-api`).
"""

from __future__ import annotations

import json
import os
import sys
import tempfile
from pathlib import Path

TARGET = Path(__file__).resolve().parents[1] / "src" / "api" / "openapi.json"


def render() -> str:
    """The OpenAPI document of the embedded app, as the committed file holds it."""
    # Only the routes matter: keep the app away from real settings and from ./data.
    for var in ("DATABASE_URL", "AMQP_URL", "AUTH_URL"):
        os.environ.pop(var, None)
    from intervox_gateway.settings import GatewaySettings

    from intervox.embedded import create_app

    with tempfile.TemporaryDirectory() as data_dir:
        app = create_app(GatewaySettings(data_dir=Path(data_dir), log_json=False))
        document = app.openapi()
    return json.dumps(document, indent=2, sort_keys=True, ensure_ascii=False) + "\n"


def main() -> int:
    TARGET.write_text(render(), encoding="utf-8")
    print(f"wrote {TARGET}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
