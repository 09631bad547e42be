"""Write the JSON Schemas and the AsyncAPI document from the code (``make schemas``).

The checked-in files are what consumers read; ``tests/unit/test_contracts.py``
fails when they drift from the models or the services' topic wiring.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from contracts.models import ArticleManifest, DeadLetter, Event, RawArticle

HERE = Path(__file__).parent
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


def json_schemas() -> dict[str, dict[str, Any]]:
    out = {}
    for name, model in MODELS.items():
        schema = model.model_json_schema()
        schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
        schema["$id"] = f"https://eventx.example/schemas/{name}.json"
        out[f"{name}.schema.json"] = schema
    return out


def asyncapi() -> dict[str, Any]:
    """One AsyncAPI 3.0 document describing both services' channels."""
    from faststream.specification import AsyncAPI

    from services.common.config import Settings
    from services.extractor.app import create_app as create_extractor
    from services.sink.app import create_app as create_sink

    settings = Settings(kafka_bootstrap="kafka:9092")
    _, extractor_broker, _ = create_extractor(settings)
    sink_app = create_sink(settings)
    sink_broker = sink_app[1]
    spec = AsyncAPI(extractor_broker, sink_broker, title="eventx", version=Event.model_fields["schema_version"].default,
                    description="Raw articles in on articles.raw; typed events out on events.<type>; "
                                "per-article manifests on events.articles; unprocessable input on "
                                "articles.dlq / events.dlq. " + DELIVERY)
    doc = json.loads(spec.to_specification().to_json())
    # Both services read raw bytes (so they can dead-letter anything), which leaves
    # FastStream nothing to infer payloads from: state the contracts explicitly.
    schemas = doc.setdefault("components", {}).setdefault("schemas", {})
    for model in (RawArticle, ArticleManifest):
        name = model.__name__
        schemas[name] = model.model_json_schema(ref_template="#/components/schemas/{model}")
        for nested in schemas[name].pop("$defs", {}).items():
            schemas.setdefault(*nested)
    schemas["DeadLetterBody"] = {"type": "string", "format": "binary",
                                 "description": DeadLetter.__doc__.strip().splitlines()[0]}
    for name, message in doc["components"].get("messages", {}).items():
        if name.startswith("extract:"):
            message["payload"] = {"$ref": "#/components/schemas/RawArticle"}
        elif name.startswith("events.articles") or name.startswith("article-manifests"):
            message["payload"] = {"$ref": "#/components/schemas/ArticleManifest"}
        elif name.startswith("events.") and ":Store" in name:
            message["payload"] = {"$ref": "#/components/schemas/Event"}
        elif "dlq" in name:
            message["payload"] = {"$ref": "#/components/schemas/DeadLetterBody"}
    for key in [k for k in schemas if k.endswith("Payload")]:
        del schemas[key]
    return doc


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
