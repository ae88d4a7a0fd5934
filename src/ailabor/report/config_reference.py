"""The configuration reference (``docs/configuration.md``), generated from the JSON schema
``workflow/schemas/config.schema.yaml`` and the configuration files in ``config/``.

One section per top-level key; a table row for the key and each nested key with its type, its
default (the value in ``config/config.yaml``), the allowed values (enums and bounds of the
schema), the configuration files that set it, and the schema's description. Every property of
the schema must carry a description (:func:`undocumented` lists those that do not; a unit test
fails on them and on a page that is not current). ``make docs`` regenerates the page::

    python -m ailabor.report config-reference docs/configuration.md
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from ..errors import ConfigError
from ..provenance import write_text_atomic

ROOT = Path(__file__).resolve().parents[3]
SCHEMA = Path("workflow/schemas/config.schema.yaml")
DEFAULTS = Path("config/config.yaml")
PAGE = Path("docs/configuration.md")
_MISSING = object()

_TYPES = {
    "string": "string",
    "integer": "integer",
    "number": "number",
    "boolean": "boolean",
    "null": "null",
    "array": "list",
    "object": "mapping",
}


@dataclass(frozen=True)
class Key:
    """One property of the schema: its dotted path (``[]`` marks the items of a list), its
    schema node, and whether its parent requires it."""

    path: str
    schema: Mapping[str, Any]
    required: bool


def _children(node: Mapping[str, Any], prefix: str) -> Iterator[Key]:
    """The properties below ``node``: its own, those of its list items (``prefix[]``) and of
    the object alternatives of a ``oneOf``."""
    required = set(node.get("required", []))
    for name, sub in node.get("properties", {}).items():
        path = f"{prefix}.{name}" if prefix else name
        yield Key(path, sub, name in required)
        yield from _children(sub, path)
    items = node.get("items")
    if isinstance(items, Mapping):
        yield from _children(items, f"{prefix}[]")
    for alt in node.get("oneOf", []):
        yield from _children(alt, prefix)


def keys(schema: Mapping[str, Any]) -> list[Key]:
    """Every property of ``schema`` in schema order, parents before their children."""
    return list(_children(schema, ""))


def undocumented(schema: Mapping[str, Any]) -> list[str]:
    """Dotted paths of the properties without a (non-empty) description."""
    return [k.path for k in keys(schema) if not str(k.schema.get("description", "")).strip()]


def _flow(value: Any) -> str:
    """A value as compact YAML flow text (what one would write in the configuration file)."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        plain = yaml.safe_load(value) == value and value.strip() == value and not set(value) & set(",:[]{}#'\"")
        return value if plain and value else json.dumps(value)
    if isinstance(value, Mapping):
        return "{" + ", ".join(f"{k}: {_flow(v)}" for k, v in value.items()) + "}"
    if isinstance(value, list | tuple):
        return "[" + ", ".join(_flow(v) for v in value) + "]"
    return repr(value) if isinstance(value, float) else str(value)


def type_text(node: Mapping[str, Any]) -> str:
    """The type of a schema node in words: ``list of number``, ``string or null``, ..."""
    if "oneOf" in node:
        return " or ".join(type_text(alt) for alt in node["oneOf"])
    types = node.get("type")
    if types is None:
        return "any"
    out = []
    for t in types if isinstance(types, list) else [types]:
        if t == "array" and isinstance(node.get("items"), Mapping):
            out.append(f"list of {type_text(node['items'])}")
        elif t == "object" and isinstance(node.get("additionalProperties"), Mapping):
            out.append(f"mapping of name to {type_text(node['additionalProperties'])}")
        else:
            out.append(_TYPES.get(t, t))
    return " or ".join(out)


def _bounds(node: Mapping[str, Any]) -> str:
    low = (
        f"> {_flow(node['exclusiveMinimum'])}"
        if "exclusiveMinimum" in node
        else f">= {_flow(node['minimum'])}"
        if "minimum" in node
        else ""
    )
    high = (
        f"< {_flow(node['exclusiveMaximum'])}"
        if "exclusiveMaximum" in node
        else f"<= {_flow(node['maximum'])}"
        if "maximum" in node
        else ""
    )
    return " and ".join(b for b in (low, high) if b)


def allowed_text(node: Mapping[str, Any]) -> str:
    """The values a schema node allows beyond its type: enums, constants, bounds, patterns, list
    lengths, required list members; empty when the type says it all."""
    if "oneOf" in node:
        parts = [a for a in (allowed_text(alt) for alt in node["oneOf"]) if a]
        return "; or ".join(parts)
    parts = []
    if "enum" in node:
        parts.append("one of " + ", ".join(f"`{_flow(v)}`" for v in node["enum"]))
    if "const" in node:
        parts.append(f"`{_flow(node['const'])}`")
    if bounds := _bounds(node):
        parts.append(bounds)
    if "pattern" in node:
        parts.append(f"matches `{node['pattern']}`")
    if "minLength" in node:
        parts.append(f"at least {node['minLength']} characters")
    lo, hi = node.get("minItems"), node.get("maxItems")
    if lo is not None and lo == hi:
        parts.append(f"exactly {lo} items")
    else:
        if lo:
            parts.append(f"at least {lo} item" + ("s" if lo > 1 else ""))
        if hi is not None:
            parts.append(f"at most {hi} items")
    if "minProperties" in node:
        parts.append(f"at least {node['minProperties']} entr" + ("ies" if node["minProperties"] > 1 else "y"))
    if "contains" in node and "const" in node["contains"]:
        parts.append(f"must include `{_flow(node['contains']['const'])}`")
    items = node.get("items")
    if isinstance(items, Mapping) and (sub := allowed_text(items)):
        parts.append(f"each item: {sub}")
    extra = node.get("additionalProperties")
    if isinstance(extra, Mapping) and (sub := allowed_text(extra)):
        parts.append(f"each value: {sub}")
    return "; ".join(parts)


def lookup(config: Any, path: str) -> Any:
    """The value at dotted ``path`` of ``config``, or ``_MISSING`` (paths through list items,
    ``a[].b``, are not looked up)."""
    if "[]" in path:
        return _MISSING
    node = config
    for part in path.split("."):
        if not isinstance(node, Mapping) or part not in node:
            return _MISSING
        node = node[part]
    return node


def config_files(root: Path) -> dict[str, Any]:
    """The configuration files: ``config/config.yaml`` first, then every other ``config/*.yaml``
    except the source registry (the file its ``sources`` key names), by name."""
    defaults = _load(root / DEFAULTS)
    registry = (root / str(defaults.get("sources", ""))).resolve()
    files = {str(DEFAULTS): defaults}
    for f in sorted((root / "config").glob("*.yaml")):
        rel = f.relative_to(root)
        if rel != DEFAULTS and f.resolve() != registry:
            files[str(rel)] = _load(f) or {}
    return files


def _load(path: Path) -> Any:
    try:
        return yaml.safe_load(path.read_text(encoding="utf-8"))
    except FileNotFoundError as exc:
        raise ConfigError(f"configuration reference: {path} not found") from exc
    except yaml.YAMLError as exc:
        raise ConfigError(f"configuration reference: {path} is not valid YAML: {exc}") from exc


def _cell(text: str) -> str:
    """Table-cell markdown: pipes and newlines escaped; outside code spans, ``<``, ``>`` and
    ``*`` too (``results/<dataset>`` is no HTML tag, ``O*NET ... O*NET`` no emphasis)."""
    parts = text.replace("\n", " ").split("`")
    for i in range(0, len(parts), 2):
        parts[i] = parts[i].replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("*", "\\*")
    return "`".join(parts).replace("|", "\\|")


def _row(key: Key, files: Mapping[str, Any]) -> str:
    defaults = files[str(DEFAULTS)]
    default = lookup(defaults, key.path)
    is_parent = "properties" in key.schema or any("properties" in a for a in key.schema.get("oneOf", []))
    if default is _MISSING:
        default_text = "" if key.required or "[]" in key.path else "not set"
    elif is_parent and isinstance(default, Mapping):
        default_text = "see below"
    else:
        default_text = f"`{_flow(default)}`"
    setters = [f"`{Path(name).name}`" for name in files if lookup(files[name], key.path) is not _MISSING]
    name = f"`{key.path}`" + ("" if key.required else " (optional)")
    cells = [
        name,
        type_text(key.schema),
        default_text,
        allowed_text(key.schema),
        ", ".join(setters),
        str(key.schema.get("description", "")).strip(),
    ]
    return "| " + " | ".join(_cell(c) for c in cells) + " |"


def render(root: Path = ROOT) -> str:
    """The markdown of the configuration reference for the repository at ``root``."""
    schema = _load(root / SCHEMA)
    missing = undocumented(schema)
    if missing:
        raise ConfigError(f"{SCHEMA}: properties without a description: {', '.join(missing)}")
    files = config_files(root)
    overlays = ", ".join(f"`{n}`" for n in files if n != str(DEFAULTS))
    out = [
        "# Configuration reference",
        "",
        "<!-- Generated from workflow/schemas/config.schema.yaml and config/*.yaml by",
        "     `python -m ailabor.report config-reference docs/configuration.md` (make docs). Do not edit. -->",
        "",
        f"Every key of the configuration, as the schema `{SCHEMA}` defines it (the run",
        "checks its configuration against the schema at start-up). *Default* is the value in",
        "`config/config.yaml`, which every run reads first; the overlays",
        f"({overlays}) and `--config KEY=VALUE` change only what they set;",
        "*set in* lists the files that set a key. `name[]` is a field of each item of the list",
        "`name`. How overlays work and which one to use: `config/README.md`.",
        "",
    ]
    header = "| key | type | default | allowed | set in | description |\n|---|---|---|---|---|---|"
    top_required = set(schema.get("required", []))
    for name, node in schema["properties"].items():
        out += [f"## `{name}`", "", header]
        out.append(_row(Key(name, node, name in top_required), files))
        out += [_row(k, files) for k in _children(node, name)]
        out.append("")
    return "\n".join(out)


def write(path: str | Path, root: Path = ROOT) -> None:
    """Write the reference to ``path`` (atomically)."""
    write_text_atomic(path, render(root))


def is_current(path: str | Path, root: Path = ROOT) -> bool:
    """Whether the page at ``path`` is what :func:`render` makes now."""
    path = Path(path)
    return path.exists() and path.read_text(encoding="utf-8") == render(root)
