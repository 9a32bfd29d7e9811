-- The daily rollup: per endpoint and local day of the app's time zone, the first and last
-- successful reading, as (ts, kwh, off, rc) like the hourly rows. A day's row is the fold of the
-- hourly rows whose hour starts in that day, so it is kept exact from the hourly rows alone, in
-- the ingest transaction, and survives the purge of raw readings. `day` is the local day's start
-- in epoch milliseconds (the first instant whose wall clock shows that date).
CREATE TABLE consumption_monitor__daily (
  endpoint_id INTEGER NOT NULL REFERENCES consumption_monitor__endpoints (id) ON DELETE CASCADE,
  day INTEGER NOT NULL,
  first_ts INTEGER NOT NULL,
  first_kwh REAL NOT NULL,
  first_off REAL NOT NULL,
  first_rc INTEGER NOT NULL,
  last_ts INTEGER NOT NULL,
  last_kwh REAL NOT NULL,
  last_off REAL NOT NULL,
  last_rc INTEGER NOT NULL,
  PRIMARY KEY (endpoint_id, day)
) WITHOUT ROWID;

-- The IANA zone the daily rows are built for: at most one row. No row means no daily rollup is
-- kept (a zone whose midnights are not whole UTC hours, or none chosen yet); reports then use the
-- hourly rows. A change of the app's time zone rebuilds the daily rows from the hourly ones.
CREATE TABLE consumption_monitor__daily_zone (
  id INTEGER PRIMARY KEY CHECK (id = 1),
  zone TEXT NOT NULL
);
