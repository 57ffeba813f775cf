"""deploy/k8s: both overlays render, every object is valid against the Kubernetes schemas
(custom resources against deploy/k8s/schemas/), and the manifests keep the promises of
docs/operations.md: probes, non-root read-only pods, graceful shutdown, queue-driven
autoscaling on the right queues, network isolation, references that resolve."""

from __future__ import annotations

import importlib
import importlib.util
import json
import re
import shutil
import subprocess
from functools import cache
from pathlib import Path
from typing import Any

import jsonschema
import promql_parser
import pytest
import yaml
from intervox_contracts import Topology
from kubernetes_validate import utils
from referencing import Registry, Resource

from tests.support.deploy import K8S, OVERLAYS, SERVICES, SHARED_ENV, by_kind, rendered
from tests.support.kustomize import load_documents, render

# The oldest Kubernetes the manifests support and the newest the schemas know.
K8S_VERSIONS = ("1.29", utils.major_minor(utils.latest_version()))
CUSTOM_SCHEMAS = K8S / "schemas"
BUS_GRACE_S = 20  # AmqpBus.stop_consuming's default: in-flight messages get this long
OPERATOR_SECRETS = {
    "intervox-pg-app": "CloudNativePG Cluster intervox-pg (application user)",
    "intervox-rabbitmq-default-user": "RabbitmqCluster intervox-rabbitmq",
}
SECRET_TEMPLATES = {
    doc["metadata"]["name"]: doc
    for path in sorted((K8S / "secrets").glob("*.yaml"))
    for doc in load_documents(path)
}
WORK_QUEUES = {
    "interview-engine": "engine_queue",
    "scoring": "scoring_queue",
    "stt": "stt_queue",
    "tts": "tts_queue",
}


def _kustomize_binary() -> list[str] | None:
    if shutil.which("kustomize"):
        return ["kustomize", "build"]
    if shutil.which("kubectl"):
        return ["kubectl", "kustomize"]
    return None


def _key(obj: dict[str, Any]) -> tuple[str, str, str, str]:
    meta = obj["metadata"]
    return (obj["apiVersion"], obj["kind"], meta.get("namespace", ""), meta["name"])


def _custom_validator(obj: dict[str, Any]) -> jsonschema.protocols.Validator | None:
    group = obj["apiVersion"].split("/")[0].split(".")[0]
    version = obj["apiVersion"].split("/")[-1]
    path = CUSTOM_SCHEMAS / f"{obj['kind'].lower()}-{group}-{version}.json"
    if not path.is_file():
        return None
    schema = json.loads(path.read_text())
    return jsonschema.Draft202012Validator(schema)


@cache
def _kubernetes_validator(version: str, kind: str, api_version: str) -> Any:
    """kubernetes_validate.validate's schema lookup, cached: it re-reads the 1 MB definitions
    file on every call, which made this module take seconds per object."""
    available = [v for v in utils.all_versions() if utils.major_minor(v) <= version]
    schema_dir = f"v{available[-1]}-local-strict"
    group = re.sub(r"^([^./]*)(?:\.[^/]*)?/", r"\1-", api_version)
    path = f"kubernetes-json-schema/{schema_dir}/{kind.lower()}-{group}.json"
    try:
        schema = utils.schema_contents(path, version)
    except FileNotFoundError:
        return None
    definitions = utils.schema_contents(
        f"kubernetes-json-schema/{schema_dir}/_definitions.json", version
    )
    registry = Resource.from_contents(definitions) @ (Resource.from_contents(schema) @ Registry())
    return jsonschema.Draft202012Validator(schema, registry=registry)


def _pod_spec(obj: dict[str, Any]) -> dict[str, Any]:
    spec: dict[str, Any] = obj["spec"]["template"]["spec"]
    return spec


@pytest.mark.parametrize("overlay", OVERLAYS)
def test_overlay_renders_exactly_like_kustomize(overlay: str) -> None:
    """The in-repo renderer is what the other checks read; kustomize is what operators run."""
    command = _kustomize_binary()
    if command is None:
        pytest.skip("neither kustomize nor kubectl is installed")
    output = subprocess.run(
        [*command, str(K8S / "overlays" / overlay)],
        capture_output=True,
        text=True,
        check=True,
        timeout=60,
    ).stdout
    real = {_key(d): d for d in yaml.safe_load_all(output) if d}
    ours = {_key(d): d for d in rendered(overlay)}
    assert ours.keys() == real.keys()
    for key, obj in ours.items():
        assert obj == real[key], key


def test_renderer_refuses_what_it_does_not_implement(tmp_path: Path) -> None:
    (tmp_path / "kustomization.yaml").write_text("resources: []\nconfigMapGenerator: []\n")
    with pytest.raises(ValueError, match="configMapGenerator"):
        render(tmp_path)


@pytest.mark.parametrize("overlay", OVERLAYS)
def test_every_object_is_valid(overlay: str) -> None:
    custom_kinds = set()
    for obj in rendered(overlay):
        validator = _custom_validator(obj)
        if validator is not None:
            custom_kinds.add(obj["kind"])
            errors = [f"{list(e.path)}: {e.message}" for e in validator.iter_errors(obj)]
            assert not errors, (obj["kind"], obj["metadata"]["name"], errors)
            continue
        for version in K8S_VERSIONS:
            k8s = _kubernetes_validator(version, obj["kind"], obj["apiVersion"])
            assert k8s is not None, f"no schema for {obj['apiVersion']} {obj['kind']}: add one"
            errors = [f"{list(e.path)}: {e.message}" for e in k8s.iter_errors(obj)]
            assert not errors, (version, obj["kind"], obj["metadata"]["name"], errors)
    expected = {"ScaledObject", "TriggerAuthentication", "RabbitmqCluster", "Cluster"}
    assert expected <= custom_kinds


def test_custom_resource_schemas_reject_typos() -> None:
    """The hand-written CRD schemas are strict: a misspelt field or bad value fails."""
    scaled = by_kind(rendered("prod"), "ScaledObject")["scoring"]
    validator = _custom_validator(scaled)
    assert validator is not None
    assert validator.is_valid(scaled)
    typo = json.loads(json.dumps(scaled))
    typo["spec"]["maxReplicas"] = typo["spec"].pop("maxReplicaCount")
    assert not validator.is_valid(typo)
    bad_mode = json.loads(json.dumps(scaled))
    bad_mode["spec"]["triggers"][0]["metadata"]["mode"] = "QueueLenght"
    assert not validator.is_valid(bad_mode)


def test_kubernetes_schemas_are_strict() -> None:
    deployment = by_kind(rendered("dev"), "Deployment")["auth"]
    validator = _kubernetes_validator(K8S_VERSIONS[0], "Deployment", "apps/v1")
    assert validator.is_valid(deployment)
    typo = json.loads(json.dumps(deployment))
    typo["spec"]["template"]["spec"]["containers"][0]["readinesProbe"] = {}
    assert not validator.is_valid(typo)


def test_secret_templates_are_valid_and_never_applied() -> None:
    assert {"intervox-amqp", "intervox-auth-key", "intervox-providers"} <= set(SECRET_TEMPLATES)
    for name, secret in SECRET_TEMPLATES.items():
        validator = _kubernetes_validator(K8S_VERSIONS[-1], "Secret", "v1")
        assert validator.is_valid(secret), name
        values = " ".join(str(v) for v in secret.get("stringData", {}).values())
        assert re.search(r"REPLACE|USER:PASSWORD", values), f"{name} looks like a real secret"
    for overlay in OVERLAYS:
        # Applying a template would overwrite the operator's real Secret with placeholders.
        assert not by_kind(rendered(overlay), "Secret"), overlay


def test_provider_secret_template_names_every_api_key() -> None:
    """Each service's *_API_KEY setting can be given through the providers Secret, and the
    Secret names nothing that no service reads."""
    template = set(SECRET_TEMPLATES["intervox-providers"]["stringData"])
    readers = {
        name
        for name, service in SERVICES.items()
        for deployment in [by_kind(rendered("prod"), "Deployment")[name]]
        if "intervox-providers" in json.dumps(_pod_spec(deployment)["containers"][0]["envFrom"])
    }
    keys = {k for name in readers for k in SERVICES[name].env_names if k.endswith("_API_KEY")}
    assert keys
    assert keys <= template
    assert template <= set().union(*(SERVICES[name].env_names for name in readers))


@pytest.mark.parametrize("overlay", OVERLAYS)
def test_each_service_runs_as_documented(overlay: str) -> None:
    objects = rendered(overlay)
    deployments = by_kind(objects, "Deployment")
    services = by_kind(objects, "Service")
    budgets = by_kind(objects, "PodDisruptionBudget")
    assert set(deployments) == set(SERVICES)
    for name, service in SERVICES.items():
        deployment = deployments[name]
        pod = _pod_spec(deployment)
        labels = deployment["spec"]["template"]["metadata"]["labels"]
        selector = deployment["spec"]["selector"]["matchLabels"]
        assert selector.items() <= labels.items()
        assert labels["intervox.io/tier"] == "app"  # what the NetworkPolicies select
        [container] = pod["containers"]
        assert container["image"].rsplit(":", 1)[0].endswith(f"intervox/{name}")
        ports = {p["name"]: p["containerPort"] for p in container["ports"]}
        assert ports == {"http": service.port}
        env = {e["name"]: e for e in container["env"]}
        assert env["PORT"]["value"] == str(service.port)

        # Probes on the services' own health endpoints, on the named port.
        assert container["startupProbe"]["httpGet"] == {"path": "/healthz", "port": "http"}
        assert container["livenessProbe"]["httpGet"] == {"path": "/healthz", "port": "http"}
        assert container["readinessProbe"]["httpGet"] == {"path": "/readyz", "port": "http"}
        annotations = deployment["spec"]["template"]["metadata"]["annotations"]
        assert annotations["prometheus.io/port"] == str(service.port)

        # Non-root, read-only, no capabilities, resources bounded.
        assert pod["securityContext"]["runAsNonRoot"] is True
        assert pod["securityContext"]["runAsUser"] == 10001  # the images' user
        assert pod["automountServiceAccountToken"] is False
        security = container["securityContext"]
        assert security["readOnlyRootFilesystem"] is True
        assert security["allowPrivilegeEscalation"] is False
        assert security["capabilities"]["drop"] == ["ALL"]
        mounts = {m["mountPath"] for m in container["volumeMounts"]}
        assert {"/tmp", "/var/lib/intervox"} <= mounts  # the writable places
        for kind in ("requests", "limits"):
            assert {"cpu", "memory"} <= set(container["resources"][kind])

        # Graceful shutdown: endpoint removal, then the bus finishes in-flight messages.
        pre_stop = " ".join(container["lifecycle"]["preStop"]["exec"]["command"])
        pre_stop_s = int(re.findall(r"sleep\((\d+)\)", pre_stop)[0])
        assert pod["terminationGracePeriodSeconds"] >= pre_stop_s + BUS_GRACE_S + 10

        assert services[name]["spec"]["selector"].items() <= labels.items()
        assert services[name]["spec"]["ports"][0]["targetPort"] == "http"
        assert budgets[name]["spec"]["selector"]["matchLabels"] == selector
        assert budgets[name]["spec"].get("maxUnavailable") == 1


@pytest.mark.parametrize("overlay", OVERLAYS)
def test_environment_names_are_real_settings(overlay: str) -> None:
    """A misspelt variable would be silently ignored by pydantic-settings: catch it here."""
    objects = rendered(overlay)
    config = by_kind(objects, "ConfigMap")["intervox-config"]["data"]
    assert set(config) <= SHARED_ENV
    for name, deployment in by_kind(objects, "Deployment").items():
        [container] = _pod_spec(deployment)["containers"]
        names = {e["name"] for e in container["env"]}
        assert names <= SERVICES[name].env_names, (name, names - SERVICES[name].env_names)


@pytest.mark.parametrize("overlay", OVERLAYS)
def test_workers_scale_on_their_own_queue(overlay: str) -> None:
    objects = rendered(overlay)
    namespace = by_kind(objects, "ConfigMap")["intervox-config"]["data"]["BUS_NAMESPACE"]
    topology = Topology(namespace)
    scaled = by_kind(objects, "ScaledObject")
    auths = by_kind(objects, "TriggerAuthentication")
    deployments = by_kind(objects, "Deployment")
    assert set(scaled) == set(WORK_QUEUES)
    for name, attribute in WORK_QUEUES.items():
        queue = getattr(topology, attribute)
        spec = scaled[name]["spec"]
        assert spec["scaleTargetRef"]["name"] == name
        assert name in deployments
        assert queue.consumer == name  # the Deployment scaled is the queue's consumer
        assert 1 <= spec["minReplicaCount"] <= spec["maxReplicaCount"]
        [rabbit] = [t for t in spec["triggers"] if t["type"] == "rabbitmq"]
        assert rabbit["metadata"]["queueName"] == queue.name
        assert rabbit["metadata"]["mode"] == "QueueLength"
        assert rabbit["authenticationRef"]["name"] in auths
    # STT also scales on seconds of backlog, not only on a message count.
    [backlog] = [t for t in scaled["stt"]["spec"]["triggers"] if t["type"] == "prometheus"]
    query = backlog["metadata"]["query"]
    promql_parser.parse(query)
    assert f'queue="{topology.stt_queue.name}"' in query
    assert "intervox_handler_seconds_sum" in query
    assert 'service="stt"' in query
    # The gateway scales on CPU (HPA); its sequencer queue has one active consumer anyway.
    [hpa] = by_kind(objects, "HorizontalPodAutoscaler").values()
    assert hpa["spec"]["scaleTargetRef"]["name"] == "gateway"
    assert hpa["spec"]["minReplicas"] >= 2


@pytest.mark.parametrize("overlay", OVERLAYS)
def test_ingress_reaches_only_the_gateway_and_carries_websockets(overlay: str) -> None:
    objects = rendered(overlay)
    [ingress] = by_kind(objects, "Ingress").values()
    backends = [
        path["backend"]["service"]
        for rule in ingress["spec"]["rules"]
        for path in rule["http"]["paths"]
    ]
    assert backends == [{"name": "gateway", "port": {"name": "http"}}]
    annotations = ingress["metadata"]["annotations"]
    assert int(annotations["nginx.ingress.kubernetes.io/proxy-read-timeout"]) >= 3600
    assert not [a for a in annotations if "affinity" in a or "sticky" in a]


@pytest.mark.parametrize("overlay", OVERLAYS)
def test_network_policies_isolate_the_services(overlay: str) -> None:
    policies = by_kind(rendered(overlay), "NetworkPolicy")
    deny = policies["intervox-default-deny"]["spec"]
    assert deny["podSelector"]["matchLabels"] == {"intervox.io/tier": "app"}
    assert set(deny["policyTypes"]) == {"Ingress", "Egress"}
    assert "ingress" not in deny
    assert "egress" not in deny

    def ingress_sources(pod_name: str) -> list[dict[str, Any]]:
        """Every `from` entry of every policy that selects this service's pods."""
        labels = {"app.kubernetes.io/name": pod_name, "intervox.io/tier": "app"}
        return [
            source
            for policy in policies.values()
            if policy["spec"]["podSelector"]["matchLabels"].items() <= labels.items()
            for rule in policy["spec"].get("ingress", [])
            for source in rule.get("from", [])
        ]

    def namespace(source: dict[str, Any]) -> str | None:
        labels = source.get("namespaceSelector", {}).get("matchLabels", {})
        return labels.get("kubernetes.io/metadata.name")

    for name in SERVICES:
        sources = ingress_sources(name)
        from_ingress = [s for s in sources if namespace(s) == "ingress-nginx"]
        assert bool(from_ingress) == (name == "gateway"), name
        assert {namespace(s) for s in sources} <= {"ingress-nginx", "monitoring", None}
    assert [
        s["podSelector"]["matchLabels"] for s in ingress_sources("auth") if namespace(s) is None
    ] == [{"app.kubernetes.io/name": "gateway"}]
    egress_ports = {
        port["port"]
        for rule in policies["intervox-egress"]["spec"]["egress"]
        for port in rule.get("ports", [])
    }
    assert egress_ports == {53, 5672, 5432, 443}


@pytest.mark.parametrize("overlay", OVERLAYS)
def test_references_resolve(overlay: str) -> None:
    """Every ConfigMap, Secret and volume claim a pod or KEDA names exists: rendered, a
    documented Secret template, or a Secret the operators create."""
    objects = rendered(overlay)
    config_maps = set(by_kind(objects, "ConfigMap"))
    claims = set(by_kind(objects, "PersistentVolumeClaim"))
    known_secrets = set(SECRET_TEMPLATES) | set(OPERATOR_SECRETS)
    assert "intervox-pg" in by_kind(objects, "Cluster")
    assert "intervox-rabbitmq" in by_kind(objects, "RabbitmqCluster")
    for obj in objects:
        text = json.dumps(obj)
        for name in re.findall(r'"configMapRef": \{"name": "([^"]+)"', text):
            assert name in config_maps, (obj["metadata"]["name"], name)
        for name in re.findall(r'"(?:secretKeyRef|secretRef)": \{"name": "([^"]+)"', text):
            assert name in known_secrets, (obj["metadata"]["name"], name)
        for name in re.findall(r'"secretName": "([^"]+)"', text):
            assert name in known_secrets or name == "intervox-tls", name
        for name in re.findall(r'"claimName": "([^"]+)"', text):
            assert name in claims, name
    for auth in by_kind(objects, "TriggerAuthentication").values():
        for ref in auth["spec"]["secretTargetRef"]:
            assert ref["name"] in known_secrets
            template = SECRET_TEMPLATES.get(ref["name"], {})
            assert ref["key"] in template.get("stringData", {})


@pytest.mark.parametrize("overlay", OVERLAYS)
def test_migration_job_covers_every_service(overlay: str) -> None:
    job = by_kind(rendered(overlay), "Job")["intervox-migrate"]
    steps = {c["name"]: c for c in _pod_spec(job)["initContainers"]}
    assert set(steps) == set(SERVICES)
    for name, step in steps.items():
        assert step["image"].rsplit(":", 1)[0].endswith(f"intervox/{name}")
        module = step["command"][-1]
        assert module == SERVICES[name].module
        # What deploy/docker/migrate.py needs from the module (read, not imported: the
        # voice services' imports take seconds; tests/integration runs the real thing).
        spec = importlib.util.find_spec(module)
        assert spec is not None
        assert spec.origin is not None
        source = Path(spec.origin).read_text()
        assert re.search(r"^MIGRATIONS = ", source, re.M), module
        assert re.search(r"^SCHEMA = |^from \S+ import .*\bSCHEMA\b", source, re.M), module
        assert (Path(spec.origin).parent / "migrations" / "versions").is_dir()


def test_data_stores_are_replicated_in_prod_and_small_in_dev() -> None:
    prod, dev = rendered("prod"), rendered("dev")
    assert by_kind(prod, "RabbitmqCluster")["intervox-rabbitmq"]["spec"]["replicas"] == 3
    assert by_kind(prod, "Cluster")["intervox-pg"]["spec"]["instances"] == 3
    assert "barmanObjectStore" in by_kind(prod, "Cluster")["intervox-pg"]["spec"]["backup"]
    assert by_kind(prod, "ScheduledBackup")["intervox-pg-nightly"]["spec"]["cluster"] == {
        "name": "intervox-pg"
    }
    assert by_kind(dev, "RabbitmqCluster")["intervox-rabbitmq"]["spec"]["replicas"] == 1
    assert by_kind(dev, "Cluster")["intervox-pg"]["spec"]["instances"] == 1
    # Two auth replicas only with a shared signing key.
    auth = by_kind(prod, "Deployment")["auth"]
    [container] = _pod_spec(auth)["containers"]
    assert auth["spec"]["replicas"] == 2
    env = {e["name"]: e.get("value") for e in container["env"]}
    assert env["AUTH_PRIVATE_KEY_PATH"] == "/etc/intervox/auth/ed25519.pem"
    assert by_kind(dev, "Deployment")["auth"]["spec"]["replicas"] == 1
    namespaces = {o["metadata"].get("namespace") for o in prod if o["kind"] != "Namespace"}
    assert namespaces == {"intervox"}


def test_media_is_in_object_storage_in_prod_and_on_a_volume_in_dev() -> None:
    """Several gateway and tts replicas on several nodes share media through S3 (no
    ReadWriteMany volume needed); the one-node dev cluster keeps it on a local volume."""
    for overlay, store in (("prod", "s3"), ("dev", "local")):
        objects = rendered(overlay)
        config = by_kind(objects, "ConfigMap")["intervox-config"]["data"]
        assert config["MEDIA_STORE"] == store, overlay
        deployments = by_kind(objects, "Deployment")
        for name in ("gateway", "tts"):
            [container] = _pod_spec(deployments[name])["containers"]
            mounts = {m["mountPath"] for m in container["volumeMounts"]}
            secrets = [ref["secretRef"] for ref in container["envFrom"] if "secretRef" in ref]
            assert {"name": "intervox-media", "optional": True} in secrets, (overlay, name)
            assert ("/var/lib/intervox-media" in mounts) == (store == "local"), (overlay, name)
        for name in ("auth", "interview-engine", "scoring", "stt"):
            [container] = _pod_spec(deployments[name])["containers"]
            assert "intervox-media" not in json.dumps(container), (overlay, name)
        claims = by_kind(objects, "PersistentVolumeClaim")
        assert ("intervox-media" in claims) == (store == "local"), overlay
    assert "S3_BUCKET" in by_kind(rendered("prod"), "ConfigMap")["intervox-config"]["data"]
    assert set(SECRET_TEMPLATES["intervox-media"]["stringData"]) == {
        "S3_ACCESS_KEY_ID",
        "S3_SECRET_ACCESS_KEY",
    }
