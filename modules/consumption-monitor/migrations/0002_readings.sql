-- Raw readings: one row per (endpoint, time), upserted. Failed reads are kept (success = 0) for
-- the live status and the history, and ignored by every consumption figure.
CREATE TABLE consumption_monitor__readings (
  endpoint_id INTEGER NOT NULL REFERENCES consumption_monitor__endpoints (id) ON DELETE CASCADE,
  ts INTEGER NOT NULL,
  total_kwh REAL,
  power REAL,
  voltage REAL,
  current REAL,
  power_factor REAL,
  success INTEGER NOT NULL CHECK (success IN (0, 1)),
  error TEXT,
  raw TEXT,
  PRIMARY KEY (endpoint_id, ts),
  CHECK (success = 0 OR total_kwh IS NOT NULL)
) WITHOUT ROWID;

-- One row per endpoint and UTC hour that holds at least one successful reading, kept exact on
-- every ingest (same transaction): the hour's first and last successful readings. Each one's
-- counter is carried as (kwh, off, rc):
--   kwh  the meter's counter as read,
--   off  the reset offset: kwh + off is the reset-adjusted cumulative counter, which never drops,
--   rc   how many resets (drops) happened up to and including this reading.
-- The readings around any whole-hour boundary are the last row before it and the first row at or
-- after it: two index seeks. Reports read only these rows and, for a boundary inside an hour,
-- the few raw readings of that hour by primary key. `readings` counts the hour's successful
-- readings, which tells whether its raw rows are still there.
CREATE TABLE consumption_monitor__hourly (
  endpoint_id INTEGER NOT NULL REFERENCES consumption_monitor__endpoints (id) ON DELETE CASCADE,
  hour INTEGER NOT NULL,
  readings INTEGER NOT NULL,
  first_ts INTEGER NOT NULL,
  first_kwh REAL NOT NULL,
  first_off REAL NOT NULL,
  first_rc INTEGER NOT NULL,
  last_ts INTEGER NOT NULL,
  last_kwh REAL NOT NULL,
  last_off REAL NOT NULL,
  last_rc INTEGER NOT NULL,
  PRIMARY KEY (endpoint_id, hour)
) WITHOUT ROWID;

-- Raw readings before purged_before (a whole UTC hour) were deleted; the hourly rows remain.
-- A reading older than that is refused: the hour it falls in can no longer be recomputed.
CREATE TABLE consumption_monitor__raw_retention (
  endpoint_id INTEGER PRIMARY KEY REFERENCES consumption_monitor__endpoints (id) ON DELETE CASCADE,
  purged_before INTEGER NOT NULL
);
