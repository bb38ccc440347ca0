"""OpenAPI 3 document built from the routes' declared schemas, plus request parsing
against the same schemas."""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, TypeVar

from flask import Blueprint, Response, current_app, request
from pydantic import BaseModel, ValidationError

from triage import __version__
from triage.errors import InputError
from triage.web.schemas import ErrorOut

M = TypeVar("M", bound=BaseModel)
F = TypeVar("F", bound=Callable[..., Any])


@dataclass
class Operation:
    """One documented operation."""

    path: str
    method: str
    summary: str
    roles: tuple[str, ...]
    body: type[BaseModel] | None = None
    body_media: str = "application/json"
    responses: dict[int, type[BaseModel] | None] = field(default_factory=dict)
    query: dict[str, str] = field(default_factory=dict)
    tag: str = "reports"


OPERATIONS: list[Operation] = []


def document(op: Operation) -> Callable[[F], F]:
    """Register an operation for the OpenAPI document (decorator, no behaviour)."""

    def wrap(fn: F) -> F:
        if not any(o.path == op.path and o.method == op.method for o in OPERATIONS):
            OPERATIONS.append(op)
        return fn

    return wrap


def _field_errors(exc: ValidationError) -> list[dict[str, str]]:
    # pydantic's messages can echo the input value; keep the location and type only.
    return [
        {"field": ".".join(str(p) for p in e["loc"]) or "body", "problem": e["type"]}
        for e in exc.errors()
    ]


def parse_model(model: type[M], data: Any) -> M:
    """Validate data against a schema; an InputError lists the bad fields."""
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        raise InputError(
            "validation_failed",
            "the request does not match the schema",
            fields=_field_errors(exc),
        ) from exc


def json_body() -> Any:
    """The request's JSON body, or a clear error for a wrong type or bad JSON."""
    if not request.mimetype or request.mimetype != "application/json":
        raise UnsupportedMediaType()
    raw = request.get_data(cache=True)
    try:
        return json.loads(raw.decode("utf-8"))
    except UnicodeDecodeError as exc:
        raise InputError("invalid_encoding", "the body is not valid UTF-8") from exc
    except json.JSONDecodeError as exc:
        raise InputError(
            "malformed_json", f"malformed JSON at position {exc.pos}"
        ) from exc


class UnsupportedMediaType(InputError):
    """The request body is not of the expected media type."""

    http_status = 415
    default_code = "unsupported_media_type"

    def __init__(self) -> None:
        super().__init__(message="send the body as application/json")


def _schema_ref(model: type[BaseModel], components: dict[str, Any]) -> dict[str, str]:
    schema = model.model_json_schema(ref_template="#/components/schemas/{model}")
    for name, sub in schema.pop("$defs", {}).items():
        components[name] = sub
    components[model.__name__] = schema
    return {"$ref": f"#/components/schemas/{model.__name__}"}


def build_document() -> dict[str, Any]:
    """The OpenAPI 3.1 document of every registered operation."""
    components: dict[str, Any] = {}
    paths: dict[str, Any] = {}
    error_ref = _schema_ref(ErrorOut, components)
    for op in OPERATIONS:
        entry: dict[str, Any] = {
            "summary": op.summary,
            "tags": [op.tag],
            "description": f"Roles: {', '.join(op.roles) or 'none (public)'}.",
            "responses": {},
        }
        if op.roles:
            entry["security"] = [{"bearerAuth": []}]
        if op.query:
            entry["parameters"] = [
                {
                    "name": k,
                    "in": "query",
                    "required": False,
                    "description": v,
                    "schema": {"type": "string"},
                }
                for k, v in op.query.items()
            ]
        for name in _path_params(op.path):
            entry.setdefault("parameters", []).append(
                {
                    "name": name,
                    "in": "path",
                    "required": True,
                    "schema": {"type": "string"},
                }
            )
        if op.body is not None:
            entry["requestBody"] = {
                "required": True,
                "content": {
                    op.body_media: {"schema": _schema_ref(op.body, components)}
                },
            }
        for status, model in op.responses.items():
            content = (
                {"application/json": {"schema": _schema_ref(model, components)}}
                if model
                else None
            )
            entry["responses"][str(status)] = {
                "description": str(status),
                **({"content": content} if content else {}),
            }
        for status in (400, 401, 403, 404, 409, 413, 415, 503):
            entry["responses"].setdefault(
                str(status),
                {
                    "description": "error",
                    "content": {"application/json": {"schema": error_ref}},
                },
            )
        paths.setdefault(_openapi_path(op.path), {})[op.method.lower()] = entry
    return {
        "openapi": "3.1.0",
        "info": {"title": "PSO Triage API", "version": __version__},
        "servers": [{"url": "/"}],
        "paths": paths,
        "components": {
            "schemas": components,
            "securitySchemes": {"bearerAuth": {"type": "http", "scheme": "bearer"}},
        },
    }


def _path_params(path: str) -> list[str]:
    return [seg[1:-1].split(":")[-1] for seg in path.split("/") if seg.startswith("<")]


def _openapi_path(path: str) -> str:
    return "/".join(
        "{" + seg[1:-1].split(":")[-1] + "}" if seg.startswith("<") else seg
        for seg in path.split("/")
    )


bp = Blueprint("openapi", __name__)

_DOCS_PAGE = """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>PSO Triage API</title>
<link rel="stylesheet" href="/static/app.css"></head>
<body><main class="docs"><h1>PSO Triage API</h1>
<p>Machine-readable document: <a href="/api/v1/openapi.json">/api/v1/openapi.json</a>.
Authenticate with <code>Authorization: Bearer &lt;key&gt;</code>.</p>
{body}</main></body></html>"""


@bp.get("/api/v1/openapi.json")
def openapi_json() -> Response:
    """The OpenAPI document."""
    return current_app.response_class(
        json.dumps(build_document(), indent=1, default=str), mimetype="application/json"
    )


@bp.get("/api/v1/docs")
def docs_page() -> str:
    """A readable list of operations rendered from the same document (no CDN)."""
    from markupsafe import escape

    rows = []
    for op in sorted(OPERATIONS, key=lambda o: (o.tag, o.path, o.method)):
        body = f" body: <code>{escape(op.body.__name__)}</code>" if op.body else ""
        roles = escape(", ".join(op.roles) or "public")
        rows.append(
            f"<li><code>{escape(op.method)} {escape(_openapi_path(op.path))}</code> "
            f"— {escape(op.summary)} (roles: {roles}){body}</li>"
        )
    return _DOCS_PAGE.format(body="<ul>" + "".join(rows) + "</ul>")
