CREATE TABLE regions (
  id        INTEGER PRIMARY KEY,
  code      TEXT NOT NULL UNIQUE,
  name      TEXT NOT NULL UNIQUE,
  parent_id INTEGER REFERENCES regions(id)
);
CREATE TABLE indicators (
  id      INTEGER PRIMARY KEY,
  code    TEXT NOT NULL UNIQUE,
  name    TEXT NOT NULL UNIQUE,
  name_en TEXT NOT NULL,
  unit    TEXT NOT NULL,
  measure TEXT NOT NULL CHECK (measure IN ('stock','flow'))
);
CREATE TABLE loads (
  id      INTEGER PRIMARY KEY,
  at      TEXT NOT NULL,
  files   TEXT NOT NULL
);
CREATE TABLE observations (
  region_id    INTEGER NOT NULL REFERENCES regions(id),
  indicator_id INTEGER NOT NULL REFERENCES indicators(id),
  period       TEXT NOT NULL,
  value        REAL NOT NULL,
  source       TEXT,
  note         TEXT,
  load_id      INTEGER NOT NULL REFERENCES loads(id),
  PRIMARY KEY (region_id, indicator_id, period)
);
CREATE TABLE observation_revisions (
  id           INTEGER PRIMARY KEY,
  region_id    INTEGER NOT NULL,
  indicator_id INTEGER NOT NULL,
  period       TEXT NOT NULL,
  value        REAL NOT NULL,
  source       TEXT,
  note         TEXT,
  load_id      INTEGER NOT NULL,
  replaced_by  INTEGER NOT NULL
);
CREATE TABLE targets (
  id           INTEGER PRIMARY KEY,
  region_id    INTEGER NOT NULL REFERENCES regions(id),
  indicator_id INTEGER NOT NULL REFERENCES indicators(id),
  deadline     INTEGER NOT NULL,
  kind         TEXT NOT NULL CHECK (kind IN ('level','increment')),
  value        REAL NOT NULL,
  start        INTEGER NOT NULL,
  source       TEXT,
  lead_unit    TEXT,
  load_id      INTEGER NOT NULL REFERENCES loads(id),
  UNIQUE (region_id, indicator_id, deadline, kind, start)
);
CREATE TABLE runs (
  id            INTEGER PRIMARY KEY,
  command       TEXT NOT NULL,
  at            TEXT NOT NULL,
  version       TEXT NOT NULL,
  seed          INTEGER NOT NULL,
  paths         INTEGER NOT NULL,
  args          TEXT NOT NULL,
  inputs_digest TEXT NOT NULL,
  series        INTEGER NOT NULL,
  models        TEXT NOT NULL
);
