-- The schema as it was before migrations existed (created by CREATE ... IF NOT
-- EXISTS on every open). IF NOT EXISTS stays, so a database made by that code
-- takes this migration as a no-op and is merely recorded as at version 0001.
-- PostgreSQL: dates are DATE, timestamps TIMESTAMPTZ, JSON is JSONB.

CREATE TABLE IF NOT EXISTS events (
    event_id         TEXT PRIMARY KEY,
    event_type       TEXT NOT NULL,
    article_id       TEXT NOT NULL,
    article_url      TEXT,
    published_at     DATE,
    event_date       DATE,
    status           TEXT,
    actors           JSONB,
    project_name     TEXT,
    location_name    TEXT,
    location_country TEXT,
    amount_value     DOUBLE PRECISION,
    amount_currency  TEXT,
    confidence       REAL,
    schema_version   TEXT,
    extracted_at     TIMESTAMPTZ,
    stored_at        TIMESTAMPTZ,
    payload          JSONB NOT NULL
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
    extracted_at      TIMESTAMPTZ NOT NULL,
    event_ids         JSONB NOT NULL,
    stored_at         TIMESTAMPTZ NOT NULL
);
