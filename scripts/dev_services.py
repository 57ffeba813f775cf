"""Run every Intervox service as its own process against RabbitMQ and PostgreSQL.

Defaults match a local install (RabbitMQ guest/guest on 5672, PostgreSQL trust auth on
5432, database ``intervox``); override with AMQP_URL / DATABASE_URL. Ctrl-C stops all.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time

SERVICES = [
    ("auth", "intervox_auth.main", 8001),
    ("interview-engine", "intervox_engine.main", 8003),
    ("scoring", "intervox_scoring.main", 8004),
    ("stt", "intervox_stt.main", 8005),
    ("tts", "intervox_tts.main", 8006),
    ("gateway", "intervox_gateway.main", 8000),
]


def main() -> int:
    env = {
        "AMQP_URL": "amqp://guest:guest@127.0.0.1:5672/",
        "DATABASE_URL": "postgresql://postgres@127.0.0.1:5432/intervox",
        "AUTH_URL": "http://127.0.0.1:8001",
        "TRUST_PROXY_HEADERS": "true",
        "LOG_JSON": "false",
        **os.environ,
    }
    if "127.0.0.1:5432/intervox" in env["DATABASE_URL"]:
        subprocess.run(
            ["createdb", "-h", "127.0.0.1", "-U", "postgres", "intervox"],
            check=False,
            capture_output=True,
        )
    processes = []
    for name, module, port in SERVICES:
        service_env = {**env, "PORT": str(port), "HOST": "127.0.0.1"}
        print(f"starting {name} on :{port}", flush=True)
        processes.append(
            subprocess.Popen(
                [sys.executable, "-c", f"from {module} import run; run()"], env=service_env
            )
        )
        time.sleep(0.5)
    print("gateway: http://127.0.0.1:8000  (Ctrl-C stops everything)", flush=True)
    try:
        while all(p.poll() is None for p in processes):
            time.sleep(0.5)
    except KeyboardInterrupt:
        pass
    for process in processes:
        process.send_signal(signal.SIGTERM)
    for process in processes:
        process.wait(timeout=30)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
