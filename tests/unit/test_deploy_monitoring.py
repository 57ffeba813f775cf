"""deploy/monitoring: the alert rules, the Grafana dashboard and the KEDA queries parse as
PromQL (promql-parser) and name only metrics that exist: exported by the code (found in
the sources), recorded by a rule, or exported by RabbitMQ/Prometheus themselves. Every
runbook link points at a heading of docs/operations.md."""

from __future__ import annotations

import json
import re
from functools import cache
from pathlib import Path
from typing import Any

import promql_parser
import pytest
import yaml

from tests.support.deploy import DEPLOY, ROOT, by_kind, rendered

ALERTS = yaml.safe_load((DEPLOY / "monitoring" / "alerts.yml").read_text())
DASHBOARD = json.loads((DEPLOY / "monitoring" / "grafana" / "intervox.json").read_text())
OPERATIONS = (ROOT / "docs" / "operations.md").read_text()
# Exported by RabbitMQ's prometheus plugin (/metrics/detailed, families queue_coarse_metrics
# and queue_consumer_count) and by Prometheus itself.
EXTERNAL = {"rabbitmq_detailed_queue_messages", "rabbitmq_detailed_queue_consumers", "up"}
SAMPLE_SUFFIXES = {
    "Counter": ("_total",),
    "Gauge": ("",),
    "Histogram": ("_bucket", "_sum", "_count"),
    "Summary": ("_sum", "_count", ""),
}
DEFINITION = re.compile(r"\b(Counter|Gauge|Histogram|Summary)\(\s*\"(intervox_[a-z0-9_]+)\"", re.S)
# The voice pipeline's metrics, named by contract for the dashboard and the alerts while
# the STT/TTS engines land; test_voice_metrics_keep_their_contract checks them once defined.
VOICE = {
    "intervox_stt_real_time_factor": "Histogram",
    "intervox_stt_segment_seconds": "Histogram",
    "intervox_tts_synthesis_seconds": "Histogram",
    "intervox_tts_cache_total": "Counter",
}


@cache
def _defined_in_code() -> dict[str, str]:
    """Metric name → type, from the constructors in libs/ and services/ (no imports: the
    voice services' imports take seconds)."""
    found: dict[str, str] = {}
    for folder in ("libs", "services"):
        for path in (ROOT / folder).rglob("*.py"):
            for kind, name in DEFINITION.findall(path.read_text()):
                found[name.removesuffix("_total") if kind == "Counter" else name] = kind
    return found


def _samples(definitions: dict[str, str]) -> set[str]:
    return {name + suffix for name, kind in definitions.items() for suffix in SAMPLE_SUFFIXES[kind]}


def _recorded() -> set[str]:
    return {
        rule["record"] for group in ALERTS["groups"] for rule in group["rules"] if "record" in rule
    }


@cache
def _known() -> frozenset[str]:
    contract = {name.removesuffix("_total"): kind for name, kind in VOICE.items()}
    return frozenset(_samples(contract | _defined_in_code()) | _recorded() | EXTERNAL)


def _metric_names(expr: Any) -> set[str]:
    names: set[str] = set()
    if isinstance(expr, promql_parser.VectorSelector):
        names.add(expr.name)
    for attribute in ("lhs", "rhs", "expr", "param", "vector_selector"):
        child = getattr(expr, attribute, None)
        if child is not None:
            names |= _metric_names(child)
    for child in getattr(expr, "args", None) or []:
        names |= _metric_names(child)
    return names


def _parse(expr: str) -> Any:
    # Grafana's interval variable is not PromQL.
    return promql_parser.parse(expr.replace("$__rate_interval", "5m"))


def _rules() -> list[dict[str, Any]]:
    return [rule for group in ALERTS["groups"] for rule in group["rules"]]


def _dashboard_targets() -> list[tuple[str, str]]:
    return [
        (panel["title"], target["expr"])
        for panel in DASHBOARD["panels"]
        for target in panel.get("targets", [])
    ]


def test_platform_metrics_are_found_in_the_sources() -> None:
    """The scan that the checks below rely on finds what the platform really exports."""
    defined = _defined_in_code()
    assert defined["intervox_events_consumed"] == "Counter"
    assert defined["intervox_handler_seconds"] == "Histogram"
    assert defined["intervox_relay_latency_seconds"] == "Histogram"
    assert defined["intervox_ws_connections"] == "Gauge"


def test_voice_metrics_keep_their_contract() -> None:
    defined = _defined_in_code()
    for name, kind in VOICE.items():
        key = name.removesuffix("_total") if kind == "Counter" else name
        if key in defined:
            assert defined[key] == kind, name


@pytest.mark.parametrize("rule", _rules(), ids=lambda r: r.get("alert") or r["record"])
def test_rule_is_valid_promql_on_known_metrics(rule: dict[str, Any]) -> None:
    names = _metric_names(_parse(rule["expr"]))
    assert names, rule
    assert names <= _known(), names - _known()
    if "alert" in rule:
        assert rule["labels"]["severity"] in {"warning", "critical"}
        assert rule["annotations"]["summary"]
        assert re.fullmatch(r"\d+[smh]", rule["for"])


def test_the_issue_alerts_exist() -> None:
    alerts = {rule["alert"]: rule["expr"] for rule in _rules() if "alert" in rule}
    assert "dlq" in alerts["IntervoxDeadLetters"]
    assert "== 0" in alerts["IntervoxQueueWithoutConsumers"]
    assert "turn_latency" in alerts["IntervoxTurnLatencyOverBudget"]
    assert "error_ratio" in alerts["IntervoxEventErrorRate"]
    assert "error_ratio" in alerts["IntervoxHttpErrorRate"]


def test_runbook_links_point_at_headings() -> None:
    def slug(heading: str) -> str:
        return re.sub(r"[^\w\- ]", "", heading.strip().lower()).replace(" ", "-")

    anchors = {slug(h) for h in re.findall(r"^#+ (.+)$", OPERATIONS, re.M)}
    text = (DEPLOY / "monitoring" / "alerts.yml").read_text()
    text += json.dumps(DASHBOARD)
    text += "".join(p.read_text() for p in (DEPLOY / "k8s").rglob("*.yaml"))
    links = set(re.findall(r"docs/operations\.md#([\w-]+)", text))
    assert links
    assert links <= anchors, links - anchors


def test_dashboard_is_a_provisionable_grafana_dashboard() -> None:
    assert DASHBOARD["uid"] == "intervox-overview"
    [datasource] = DASHBOARD["templating"]["list"]
    assert datasource["type"] == "datasource"
    assert datasource["query"] == "prometheus"
    ids = [panel["id"] for panel in DASHBOARD["panels"]]
    assert len(ids) == len(set(ids))
    for panel in DASHBOARD["panels"]:
        grid = panel["gridPos"]
        assert grid["x"] + grid["w"] <= 24
        for target in panel.get("targets", []):
            assert target["datasource"]["uid"] == "${datasource}"
    titles = {panel["title"] for panel in DASHBOARD["panels"]}
    for row in ("Live interview pipeline", "Voice", "Per-service saturation", "HTTP"):
        assert row in titles


@pytest.mark.parametrize(("title", "expr"), _dashboard_targets())
def test_dashboard_queries_are_valid_on_known_metrics(title: str, expr: str) -> None:
    names = _metric_names(_parse(expr))
    assert names <= _known(), (title, names - _known())


def test_dashboard_covers_the_issue_metrics() -> None:
    queried = set().union(*(_metric_names(_parse(e)) for _, e in _dashboard_targets()))
    for name in (
        "intervox_events_published_total",
        "intervox_events_consumed_total",
        "intervox_handler_seconds_bucket",
        "intervox_queue_messages",
        "intervox_queue_consumers",
        "intervox_ws_connections",
        "intervox_relay_latency_seconds_bucket",
        "intervox_http_requests_total",
        "intervox_http_request_seconds_bucket",
        "intervox_stt_real_time_factor_bucket",
        "intervox_stt_segment_seconds_bucket",
        "intervox_tts_synthesis_seconds_bucket",
        "intervox_tts_cache_total",
    ):
        assert name in queried, name


@pytest.mark.parametrize("overlay", ["dev", "prod"])
def test_keda_prometheus_queries_use_known_metrics(overlay: str) -> None:
    for scaled in by_kind(rendered(overlay), "ScaledObject").values():
        for trigger in scaled["spec"]["triggers"]:
            if trigger["type"] == "prometheus":
                names = _metric_names(_parse(trigger["metadata"]["query"]))
                assert names <= _known(), names - _known()


def test_kubernetes_prometheus_config_loads_the_same_rules() -> None:
    config = yaml.safe_load((DEPLOY / "monitoring" / "prometheus-kubernetes.yml").read_text())
    assert config["rule_files"] == ["/etc/prometheus/alerts.yml"]
    jobs = {job["job_name"] for job in config["scrape_configs"]}
    assert {"intervox", "rabbitmq-queues"} <= jobs


def test_unknown_metric_is_caught() -> None:
    assert "intervox_no_such_thing" in _metric_names(_parse("rate(intervox_no_such_thing[5m])"))
    assert "intervox_no_such_thing" not in _known()
    assert Path(DEPLOY / "monitoring" / "grafana" / "intervox.json").is_file()
