-- Which extractor version produced each event, as a column analysts can filter
-- on (it was only inside the payload), backfilled for the rows already stored.

ALTER TABLE events ADD COLUMN extractor_version TEXT;
UPDATE events SET extractor_version = payload -> 'extractor' ->> 'version';
CREATE INDEX IF NOT EXISTS events_extractor_version_idx ON events (extractor_version);
