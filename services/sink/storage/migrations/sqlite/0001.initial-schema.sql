-- The schema as it was before migrations existed (created by CREATE ... IF NOT
-- EXISTS on every open). IF NOT EXISTS stays, so a database made by that code
-- takes this migration as a no-op and is merely recorded as at version 0001.
-- SQLite has no native date/JSON types: dates are ISO-8601 text, timestamps
-- ISO-8601 UTC text, JSON is text queryable with json_extract()/json_each().

CREATE TABLE IF NOT EXISTS events (
    event_id         TEXT PRIMARY KEY,
    event_type       TEXT NOT NULL,
    article_id       TEXT NOT NULL,
    article_url      TEXT,
    published_at     DATE,
    event_date       DATE,
    status           TEXT,
    actors           TEXT,
    project_name     TEXT,
    location_name    TEXT,
    location_country TEXT,
    amount_value     REAL,
    amount_currency  TEXT,
    confidence       REAL,
    schema_version   TEXT,
    extracted_at     TIMESTAMP,
    stored_at        TIMESTAMP,
    payload          TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS events_article_id_idx ON events (article_id);
CREATE INDEX IF NOT EXISTS events_type_date_idx ON events (event_type, event_date);
CREATE TABLE IF NOT EXISTS event_actors (
    event_id TEXT NOT NULL REFERENCES events (event_id) ON DELETE CASCADE,
    position INTEGER NOT NULL,
    name     TEXT NOT NULL,
    role     TEXT NOT NULL,
    kind     TEXT,
    country  TEXT,
    title    TEXT,
    PRIMARY KEY (event_id, position)
);
CREATE INDEX IF NOT EXISTS event_actors_country_idx ON event_actors (country);
CREATE INDEX IF NOT EXISTS event_actors_name_idx ON event_actors (name);
CREATE TABLE IF NOT EXISTS article_manifests (
    article_id        TEXT PRIMARY KEY,
    extractor_version TEXT NOT NULL,
    extracted_at      TIMESTAMP NOT NULL,
    event_ids         TEXT NOT NULL,
    stored_at         TIMESTAMP NOT NULL
);
