"""Render deploy/k8s overlays without a kustomize binary: the subset of kustomize they use.

Supported kustomization fields: ``resources`` (files and directories), ``namespace``,
``labels`` (``includeSelectors: false``: metadata labels only), ``images`` and ``patches``
given as inline JSON 6902 operations with a ``target`` (kind, optional name). Anything
else raises, so a manifest that grows past this subset fails loudly instead of rendering
wrong. tests/unit/test_deploy_k8s.py checks that the output equals ``kubectl kustomize``
wherever that is installed.
"""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

import yaml

SUPPORTED = {"apiVersion", "kind", "resources", "namespace", "labels", "images", "patches"}
CLUSTER_SCOPED = {
    "Namespace",
    "ClusterRole",
    "ClusterRoleBinding",
    "CustomResourceDefinition",
    "PersistentVolume",
    "StorageClass",
    "PriorityClass",
    "IngressClass",
    "ClusterTriggerAuthentication",
}

Obj = dict[str, Any]


def load_documents(path: Path) -> list[Obj]:
    return [doc for doc in yaml.safe_load_all(path.read_text()) if doc]


def render(directory: Path) -> list[Obj]:
    kustomization = yaml.safe_load((directory / "kustomization.yaml").read_text())
    unknown = set(kustomization) - SUPPORTED
    if unknown:
        raise ValueError(f"{directory}: kustomization fields not supported here: {sorted(unknown)}")
    objects: list[Obj] = []
    for entry in kustomization.get("resources", []):
        target = (directory / entry).resolve()
        objects += render(target) if target.is_dir() else load_documents(target)
    objects = copy.deepcopy(objects)
    for patch in kustomization.get("patches", []):
        _apply_patch(directory, objects, patch)
    if "namespace" in kustomization:
        for obj in objects:
            if obj["kind"] not in CLUSTER_SCOPED:
                obj["metadata"]["namespace"] = kustomization["namespace"]
    for spec in kustomization.get("labels", []):
        if spec.get("includeSelectors") or spec.get("includeTemplates"):
            raise ValueError(f"{directory}: labels only with includeSelectors/Templates false")
        for obj in objects:
            obj["metadata"].setdefault("labels", {}).update(spec["pairs"])
    for image in kustomization.get("images", []):
        for obj in objects:
            for container in _containers(obj):
                _set_image(container, image)
    return objects


def _containers(obj: Obj) -> list[Obj]:
    pod = obj.get("spec", {}).get("template", {}).get("spec", {})
    return [*pod.get("containers", []), *pod.get("initContainers", [])]


def _set_image(container: Obj, image: Obj) -> None:
    current: str = container.get("image", "")
    # The tag is after the last ':' of the last path segment (a registry may have a port).
    name, tag = current.rsplit(":", 1) if ":" in current.rsplit("/", 1)[-1] else (current, "")
    if name != image["name"]:
        return
    container["image"] = f"{image.get('newName', name)}:{image.get('newTag', tag)}"


def _apply_patch(directory: Path, objects: list[Obj], patch: Obj) -> None:
    target = patch.get("target", {})
    if set(target) - {"kind", "name"} or "patch" not in patch:
        raise ValueError(f"{directory}: only inline patches with a kind/name target: {patch}")
    operations = yaml.safe_load(patch["patch"])
    if not isinstance(operations, list):
        raise ValueError(f"{directory}: only JSON 6902 patches (a list of operations)")
    matched = [
        obj
        for obj in objects
        if obj["kind"] == target.get("kind", obj["kind"])
        and obj["metadata"]["name"] == target.get("name", obj["metadata"]["name"])
    ]
    if not matched:
        raise ValueError(f"{directory}: patch target matches nothing: {target}")
    for obj in matched:
        for operation in operations:
            _apply_operation(obj, operation)


def _pointer(path: str) -> list[str]:
    return [part.replace("~1", "/").replace("~0", "~") for part in path.split("/")[1:]]


def _apply_operation(obj: Obj, operation: Obj) -> None:
    *parents, last = _pointer(operation["path"])
    node: Any = obj
    for part in parents:
        node = node[int(part)] if isinstance(node, list) else node[part]
    op = operation["op"]
    value = copy.deepcopy(operation.get("value"))
    if isinstance(node, list):
        if op == "add":
            node.insert(len(node) if last == "-" else int(last), value)
        elif op == "replace":
            node[int(last)] = value
        elif op == "remove":
            del node[int(last)]
        else:
            raise ValueError(f"unsupported operation {op}")
        return
    if op == "add":
        node[last] = value
    elif op == "replace":
        if last not in node:
            raise KeyError(f"replace of a missing field: {operation['path']}")
        node[last] = value
    elif op == "remove":
        del node[last]
    else:
        raise ValueError(f"unsupported operation {op}")
