"""Is a new JSON schema of an event a compatible evolution of its published snapshot?

Compatible: adding optional fields, loosening constraints we do not check. Breaking:
removing a field, changing its type, making an optional field required or adding a
required one, dropping an enum value or changing a const.
"""

from __future__ import annotations

from typing import Any


def _resolve(schema: dict[str, Any], root: dict[str, Any]) -> dict[str, Any]:
    ref = schema.get("$ref")
    if isinstance(ref, str) and ref.startswith("#/$defs/"):
        resolved: dict[str, Any] = root.get("$defs", {})[ref.removeprefix("#/$defs/")]
        return _resolve(resolved, root)
    return schema


def _types(schema: dict[str, Any], root: dict[str, Any]) -> set[str]:
    schema = _resolve(schema, root)
    if "anyOf" in schema:
        out: set[str] = set()
        for option in schema["anyOf"]:
            out |= _types(option, root)
        return out
    kind = schema.get("type")
    if isinstance(kind, list):
        return set(kind)
    if kind:
        return {kind}
    if "const" in schema or "enum" in schema:
        return {"enum"}
    return {"any"}


def breaking_changes(
    old: dict[str, Any],
    new: dict[str, Any],
    path: str = "$",
    *,
    old_root: Any = None,
    new_root: Any = None,
) -> list[str]:
    old_root = old_root or old
    new_root = new_root or new
    old = _resolve(old, old_root)
    new = _resolve(new, new_root)
    problems: list[str] = []

    old_types, new_types = _types(old, old_root), _types(new, new_root)
    if "any" not in new_types and not old_types <= new_types:
        problems.append(f"{path}: type {sorted(old_types)} became {sorted(new_types)}")

    if "const" in old and new.get("const") != old["const"]:
        problems.append(f"{path}: const {old['const']!r} changed")
    if "enum" in old:
        dropped = set(old["enum"]) - set(new.get("enum", old["enum"]))
        if dropped:
            problems.append(f"{path}: enum values removed {sorted(dropped)}")

    old_props: dict[str, Any] = old.get("properties", {})
    new_props: dict[str, Any] = new.get("properties", {})
    for name, old_prop in old_props.items():
        if name not in new_props:
            problems.append(f"{path}.{name}: removed")
            continue
        problems += breaking_changes(
            old_prop, new_props[name], f"{path}.{name}", old_root=old_root, new_root=new_root
        )
    newly_required = set(new.get("required", [])) - set(old.get("required", []))
    for name in sorted(newly_required):
        problems.append(f"{path}.{name}: now required")

    if "items" in old and "items" in new:
        problems += breaking_changes(
            old["items"], new["items"], f"{path}[]", old_root=old_root, new_root=new_root
        )
    if "anyOf" in old and "anyOf" in new:
        for i, (o, n) in enumerate(zip(old["anyOf"], new["anyOf"], strict=False)):
            if _types(o, old_root) == _types(n, new_root):
                problems += breaking_changes(
                    o, n, f"{path}<{i}>", old_root=old_root, new_root=new_root
                )
    return problems
