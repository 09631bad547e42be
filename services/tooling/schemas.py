"""Write the JSON Schemas and the AsyncAPI document from the code (``make schemas``).

The checked-in files are what consumers read; ``tests/unit/test_contracts.py``
fails when they drift from the models or the services' topic wiring.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from pydantic import BaseModel
from pydantic.json_schema import DEFAULT_REF_TEMPLATE

import eventx.contracts
from eventx.contracts.models import (
    EVENT_TYPES,
    SCHEMA_VERSION,
    SCHEMA_VERSION_PATTERN,
    ArticleManifest,
    DeadLetter,
    ErrorKind,
    Event,
    RawArticle,
)
from eventx.services.common.config import Settings
from eventx.services.common.deadletter import header_name

HERE = Path(eventx.contracts.__file__).parent
SCHEMA_DIR = HERE / "schemas"
ASYNCAPI_PATH = HERE / "asyncapi.json"
MODELS = {"raw_article": RawArticle, "event": Event, "article_manifest": ArticleManifest,
          "dead_letter": DeadLetter}

DELIVERY = (
    "Delivery is at-least-once into idempotent upserts: a consumer may see an event more than once "
    "and must key on event_id. Corrections: after an article's events the extractor publishes its "
    "ArticleManifest on events.articles (key: article id) listing every current event id; any earlier "
    "event of that article not listed is retracted (the sink deletes it in the same transaction). "
    "Manifests older than the one applied are ignored, so replays are no-ops. An event_id belongs to "
    "one article and one type, and an event travels only on events.<its type>; the sink dead-letters "
    "anything else on events.dlq."
)
VERSIONING = (
    "Versioning: schema_version is a semantic version. Additive changes (a new optional field, a new "
    "enum value announced beforehand) bump the minor; consumers must ignore fields they do not know. "
    "A breaking change never reuses a topic: it gets new topics (e.g. events.v2.<type>) while the old "
    "ones keep flowing during the migration."
)


# What the services write is described as serialised (every field present, so
# ``required``); what crawlers write is described as accepted (defaults optional).
SERIALISED = (Event, ArticleManifest, DeadLetter)


def _schema(model: type[BaseModel], ref_template: str = DEFAULT_REF_TEMPLATE) -> dict[str, Any]:
    mode = "serialization" if model in SERIALISED else "validation"
    return model.model_json_schema(mode=mode, ref_template=ref_template)


def json_schemas() -> dict[str, dict[str, Any]]:
    out = {}
    for name, model in MODELS.items():
        schema = _schema(model)
        schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
        schema["$id"] = f"https://eventx.example/schemas/{name}.json"
        out[f"{name}.schema.json"] = schema
    return out


def _headers_schema(properties: dict[str, Any], required: list[str]) -> dict[str, Any]:
    return {"type": "object", "properties": properties, "required": required}


def _dead_letter_headers() -> dict[str, Any]:
    """DeadLetter's fields as the string-valued ``x-*`` headers they travel in."""
    props: dict[str, Any] = {"content-type": {"type": "string", "description": "The original content type, "
                                              "or application/octet-stream when the body was truncated."}}
    source = _schema(DeadLetter)["properties"]
    for field, info in DeadLetter.model_fields.items():
        prop: dict[str, Any] = {"type": "string", "description": info.description or field.replace("_", " ")}
        if field == "error_kind":
            prop["enum"] = [k.value for k in ErrorKind]
        elif source[field].get("type") == "boolean":
            prop["enum"] = ["true", "false"]
        props[header_name(field)] = prop
    return _headers_schema(props, sorted(props))


def _messages() -> dict[str, Any]:
    json_ct = {"type": "string", "const": "application/json"}
    version = {"type": "string", "pattern": SCHEMA_VERSION_PATTERN,
               "description": "The payload's schema_version (see the README's compatibility policy)."}
    article_key = {"type": "string", "description": "The article id (UTF-8)."}

    def message(name: str, summary: str, payload: dict[str, Any], headers: dict[str, Any],
                key: dict[str, Any], content_type: str = "application/json") -> dict[str, Any]:
        return {"name": name, "title": name, "summary": summary, "contentType": content_type,
                "payload": payload, "headers": headers,
                "bindings": {"kafka": {"key": key, "bindingVersion": "0.5.0"}}}

    return {
        "RawArticle": message("RawArticle", "An article as a crawler publishes it.", _ref("RawArticle"),
                              _headers_schema({"content-type": {"type": "string"}}, []),
                              {**article_key, "description": "The article id (UTF-8); optional."}),
        "Event": message("Event", "One extracted event, on events.<its event_type>.", _ref("Event"),
                         _headers_schema({"content-type": json_ct,
                                          "x-event-type": {"type": "string", "enum": list(EVENT_TYPES)},
                                          "x-schema-version": version},
                                         ["content-type", "x-event-type", "x-schema-version"]), article_key),
        "ArticleManifest": message("ArticleManifest", "An article's current event ids (the correction signal).",
                                   _ref("ArticleManifest"), _headers_schema({"content-type": json_ct},
                                                                            ["content-type"]), article_key),
        "DeadLetter": message("DeadLetter", DeadLetter.__doc__.strip().splitlines()[0],
                              {"type": "string", "format": "binary",
                               "description": "The original value's bytes (only the first ones when "
                                              "x-truncated is true)."},
                              _dead_letter_headers(),
                              {"type": "string", "format": "binary", "description": "The original key."},
                              content_type="application/octet-stream"),
    }


def _ref(name: str, kind: str = "schemas") -> dict[str, str]:
    return {"$ref": f"#/components/{kind}/{name}"}


def _channels(settings: Settings) -> dict[str, dict[str, Any]]:
    """One channel per topic; the id is the topic with ``.`` as ``-``."""
    topics = {settings.topic_articles: ("RawArticle", "Raw articles in, keyed by article id."),
              settings.topic_manifests: ("ArticleManifest", "After an article's events, every event id its "
                                         "current extraction yields; earlier ones not listed are retracted."),
              settings.topic_dlq: ("DeadLetter", "Articles the extractor could not process."),
              settings.topic_events_dlq: ("DeadLetter", "Event messages the sink could not store.")}
    for event_type in EVENT_TYPES:
        topics[settings.event_topic(event_type)] = ("Event", f"Extracted {event_type} events, keyed by "
                                                    "article id.")
    return {topic.replace(".", "-"): {"address": topic, "description": description,
                                      "messages": {message: _ref(message, "messages")},
                                      "bindings": {"kafka": {"topic": topic, "bindingVersion": "0.5.0"}}}
            for topic, (message, description) in sorted(topics.items())}


def _operations(channels: dict[str, dict[str, Any]]) -> dict[str, Any]:
    """Who sends and who receives on each channel."""
    def op(action: str, channel: str, summary: str) -> dict[str, Any]:
        message = next(iter(channels[channel]["messages"]))
        return {"action": action, "summary": summary, "channel": {"$ref": f"#/channels/{channel}"},
                "messages": [{"$ref": f"#/channels/{channel}/messages/{message}"}]}

    ops: dict[str, Any] = {}
    for cid, channel in channels.items():
        message = next(iter(channel["messages"]))
        name = "".join(part.capitalize() for part in cid.replace("_", "-").split("-"))
        if message == "RawArticle":
            ops[f"extractorReceives{name}"] = op("receive", cid, "The extractor reads articles.")
        elif message == "DeadLetter":
            service = "extractor" if cid.startswith("articles") else "sink"
            ops[f"{service}Sends{name}"] = op("send", cid, f"The {service} dead-letters what it cannot process.")
        else:
            ops[f"extractorSends{name}"] = op("send", cid, "The extractor publishes.")
            ops[f"sinkReceives{name}"] = op("receive", cid, "The sink stores (idempotent upsert).")
    return ops


def asyncapi() -> dict[str, Any]:
    """One AsyncAPI 3.0 document for both services: channels, domain messages, keys and headers."""
    settings = Settings(kafka_bootstrap="kafka:9092")
    channels = _channels(settings)
    schemas: dict[str, Any] = {}
    for model in (RawArticle, Event, ArticleManifest):
        schema = _schema(model, ref_template="#/components/schemas/{model}")
        schemas.update(schema.pop("$defs", {}))
        schemas[model.__name__] = schema
    return {
        "asyncapi": "3.0.0",
        "info": {"title": "eventx", "version": SCHEMA_VERSION,
                 "description": "Raw articles in on articles.raw; typed events out on events.<type>; "
                                "per-article manifests on events.articles; unprocessable input on "
                                "articles.dlq / events.dlq. " + DELIVERY + " " + VERSIONING},
        "defaultContentType": "application/json",
        "servers": {"development": {"host": "localhost:9092", "protocol": "kafka",
                                    "description": "`eventx up` / `eventx broker` (embedded)."}},
        "channels": channels,
        "operations": _operations(channels),
        "components": {"schemas": dict(sorted(schemas.items())), "messages": _messages()},
    }


def render(obj: Any) -> str:
    return json.dumps(obj, indent=2, sort_keys=True, ensure_ascii=False) + "\n"


def expected_files() -> dict[Path, str]:
    files = {SCHEMA_DIR / name: render(schema) for name, schema in json_schemas().items()}
    files[ASYNCAPI_PATH] = render(asyncapi())
    return files


def main() -> None:
    SCHEMA_DIR.mkdir(exist_ok=True)
    for path, text in expected_files().items():
        path.write_text(text, encoding="utf-8")
        print(f"wrote {path}")


if __name__ == "__main__":
    main()
