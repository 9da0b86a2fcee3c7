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
, reverts INTEGER REFERENCES loads(id));
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
CREATE TABLE load_undo (
  id      INTEGER PRIMARY KEY,
  load_id INTEGER,
  tbl     TEXT NOT NULL,
  row_id  INTEGER NOT NULL,
  op      TEXT NOT NULL CHECK (op IN ('insert','update','delete')),
  undo    TEXT
, last_row INTEGER);
CREATE INDEX load_undo_by_load ON load_undo(load_id);
CREATE INDEX load_undo_by_row ON load_undo(tbl, row_id);
CREATE TABLE load_undo_since (first_load INTEGER NOT NULL);
CREATE TABLE run_views (
  run_id INTEGER PRIMARY KEY REFERENCES runs(id),
  as_of  TEXT NOT NULL,
  scope  TEXT NOT NULL
);
CREATE TABLE run_targets (
  run_id      INTEGER NOT NULL REFERENCES runs(id),
  target_id   INTEGER NOT NULL,
  probability REAL NOT NULL,
  PRIMARY KEY (run_id, target_id)
);
CREATE TRIGGER regions_undo_insert AFTER INSERT ON regions BEGIN
  INSERT INTO load_undo(load_id, tbl, row_id, op, undo)
  SELECT max(id), 'regions', new.rowid, 'insert', NULL FROM loads;
END;
CREATE TRIGGER regions_undo_update AFTER UPDATE ON regions
WHEN old.code IS NOT new.code
  OR old.name IS NOT new.name
  OR old.parent_id IS NOT new.parent_id BEGIN
  INSERT INTO load_undo(load_id, tbl, row_id, op, undo)
  SELECT max(id), 'regions', old.rowid, 'update', 'UPDATE regions SET '
    || 'code = ' || quote(old.code)
    || ', name = ' || quote(old.name)
    || ', parent_id = ' || quote(old.parent_id)
    || ' WHERE rowid = ' || old.rowid FROM loads;
END;
CREATE TRIGGER regions_undo_delete AFTER DELETE ON regions BEGIN
  INSERT INTO load_undo(load_id, tbl, row_id, op, undo)
  SELECT max(id), 'regions', old.rowid, 'delete',
    'INSERT INTO regions(rowid, code, name, parent_id) '
    || 'VALUES (' || old.rowid
    || ', ' || quote(old.code)
    || ', ' || quote(old.name)
    || ', ' || quote(old.parent_id)
    || ')' FROM loads;
END;
CREATE TRIGGER indicators_undo_insert AFTER INSERT ON indicators BEGIN
  INSERT INTO load_undo(load_id, tbl, row_id, op, undo)
  SELECT max(id), 'indicators', new.rowid, 'insert', NULL FROM loads;
END;
CREATE TRIGGER indicators_undo_update AFTER UPDATE ON indicators
WHEN old.code IS NOT new.code
  OR old.name IS NOT new.name
  OR old.name_en IS NOT new.name_en
  OR old.unit IS NOT new.unit
  OR old.measure IS NOT new.measure BEGIN
  INSERT INTO load_undo(load_id, tbl, row_id, op, undo)
  SELECT max(id), 'indicators', old.rowid, 'update', 'UPDATE indicators SET '
    || 'code = ' || quote(old.code)
    || ', name = ' || quote(old.name)
    || ', name_en = ' || quote(old.name_en)
    || ', unit = ' || quote(old.unit)
    || ', measure = ' || quote(old.measure)
    || ' WHERE rowid = ' || old.rowid FROM loads;
END;
CREATE TRIGGER indicators_undo_delete AFTER DELETE ON indicators BEGIN
  INSERT INTO load_undo(load_id, tbl, row_id, op, undo)
  SELECT max(id), 'indicators', old.rowid, 'delete',
    'INSERT INTO indicators(rowid, code, name, name_en, unit, measure) '
    || 'VALUES (' || old.rowid
    || ', ' || quote(old.code)
    || ', ' || quote(old.name)
    || ', ' || quote(old.name_en)
    || ', ' || quote(old.unit)
    || ', ' || quote(old.measure)
    || ')' FROM loads;
END;
CREATE TRIGGER observations_undo_insert AFTER INSERT ON observations BEGIN
  INSERT INTO load_undo(load_id, tbl, row_id, op, undo)
  SELECT max(id), 'observations', new.rowid, 'insert', NULL FROM loads;
END;
CREATE TRIGGER observations_undo_update AFTER UPDATE ON observations
WHEN old.region_id IS NOT new.region_id
  OR old.indicator_id IS NOT new.indicator_id
  OR old.period IS NOT new.period
  OR old.value IS NOT new.value
  OR old.source IS NOT new.source
  OR old.note IS NOT new.note
  OR old.load_id IS NOT new.load_id BEGIN
  INSERT INTO load_undo(load_id, tbl, row_id, op, undo)
  SELECT max(id), 'observations', old.rowid, 'update', 'UPDATE observations SET '
    || 'region_id = ' || quote(old.region_id)
    || ', indicator_id = ' || quote(old.indicator_id)
    || ', period = ' || quote(old.period)
    || ', value = ' || quote(old.value)
    || ', source = ' || quote(old.source)
    || ', note = ' || quote(old.note)
    || ', load_id = ' || quote(old.load_id)
    || ' WHERE rowid = ' || old.rowid FROM loads;
END;
CREATE TRIGGER observations_undo_delete AFTER DELETE ON observations BEGIN
  INSERT INTO load_undo(load_id, tbl, row_id, op, undo)
  SELECT max(id), 'observations', old.rowid, 'delete',
    'INSERT INTO observations(rowid, region_id, indicator_id, period, value, source, note, load_id) '
    || 'VALUES (' || old.rowid
    || ', ' || quote(old.region_id)
    || ', ' || quote(old.indicator_id)
    || ', ' || quote(old.period)
    || ', ' || quote(old.value)
    || ', ' || quote(old.source)
    || ', ' || quote(old.note)
    || ', ' || quote(old.load_id)
    || ')' FROM loads;
END;
CREATE TRIGGER observation_revisions_undo_insert AFTER INSERT ON observation_revisions BEGIN
  INSERT INTO load_undo(load_id, tbl, row_id, op, undo)
  SELECT max(id), 'observation_revisions', new.rowid, 'insert', NULL FROM loads;
END;
CREATE TRIGGER observation_revisions_undo_update AFTER UPDATE ON observation_revisions
WHEN old.region_id IS NOT new.region_id
  OR old.indicator_id IS NOT new.indicator_id
  OR old.period IS NOT new.period
  OR old.value IS NOT new.value
  OR old.source IS NOT new.source
  OR old.note IS NOT new.note
  OR old.load_id IS NOT new.load_id
  OR old.replaced_by IS NOT new.replaced_by BEGIN
  INSERT INTO load_undo(load_id, tbl, row_id, op, undo)
  SELECT max(id), 'observation_revisions', old.rowid, 'update', 'UPDATE observation_revisions SET '
    || 'region_id = ' || quote(old.region_id)
    || ', indicator_id = ' || quote(old.indicator_id)
    || ', period = ' || quote(old.period)
    || ', value = ' || quote(old.value)
    || ', source = ' || quote(old.source)
    || ', note = ' || quote(old.note)
    || ', load_id = ' || quote(old.load_id)
    || ', replaced_by = ' || quote(old.replaced_by)
    || ' WHERE rowid = ' || old.rowid FROM loads;
END;
CREATE TRIGGER observation_revisions_undo_delete AFTER DELETE ON observation_revisions BEGIN
  INSERT INTO load_undo(load_id, tbl, row_id, op, undo)
  SELECT max(id), 'observation_revisions', old.rowid, 'delete',
    'INSERT INTO observation_revisions(rowid, region_id, indicator_id, period, value, source, note, load_id, replaced_by) '
    || 'VALUES (' || old.rowid
    || ', ' || quote(old.region_id)
    || ', ' || quote(old.indicator_id)
    || ', ' || quote(old.period)
    || ', ' || quote(old.value)
    || ', ' || quote(old.source)
    || ', ' || quote(old.note)
    || ', ' || quote(old.load_id)
    || ', ' || quote(old.replaced_by)
    || ')' FROM loads;
END;
CREATE TRIGGER targets_undo_insert AFTER INSERT ON targets BEGIN
  INSERT INTO load_undo(load_id, tbl, row_id, op, undo)
  SELECT max(id), 'targets', new.rowid, 'insert', NULL FROM loads;
END;
CREATE TRIGGER targets_undo_update AFTER UPDATE ON targets
WHEN old.region_id IS NOT new.region_id
  OR old.indicator_id IS NOT new.indicator_id
  OR old.deadline IS NOT new.deadline
  OR old.kind IS NOT new.kind
  OR old.value IS NOT new.value
  OR old.start IS NOT new.start
  OR old.source IS NOT new.source
  OR old.lead_unit IS NOT new.lead_unit
  OR old.load_id IS NOT new.load_id BEGIN
  INSERT INTO load_undo(load_id, tbl, row_id, op, undo)
  SELECT max(id), 'targets', old.rowid, 'update', 'UPDATE targets SET '
    || 'region_id = ' || quote(old.region_id)
    || ', indicator_id = ' || quote(old.indicator_id)
    || ', deadline = ' || quote(old.deadline)
    || ', kind = ' || quote(old.kind)
    || ', value = ' || quote(old.value)
    || ', start = ' || quote(old.start)
    || ', source = ' || quote(old.source)
    || ', lead_unit = ' || quote(old.lead_unit)
    || ', load_id = ' || quote(old.load_id)
    || ' WHERE rowid = ' || old.rowid FROM loads;
END;
CREATE TRIGGER targets_undo_delete AFTER DELETE ON targets BEGIN
  INSERT INTO load_undo(load_id, tbl, row_id, op, undo)
  SELECT max(id), 'targets', old.rowid, 'delete',
    'INSERT INTO targets(rowid, region_id, indicator_id, deadline, kind, value, start, source, lead_unit, load_id) '
    || 'VALUES (' || old.rowid
    || ', ' || quote(old.region_id)
    || ', ' || quote(old.indicator_id)
    || ', ' || quote(old.deadline)
    || ', ' || quote(old.kind)
    || ', ' || quote(old.value)
    || ', ' || quote(old.start)
    || ', ' || quote(old.source)
    || ', ' || quote(old.lead_unit)
    || ', ' || quote(old.load_id)
    || ')' FROM loads;
END;
CREATE INDEX load_undo_by_last ON load_undo(tbl, last_row) WHERE last_row IS NOT NULL;
CREATE INDEX regions_by_code_nocase ON regions(code COLLATE NOCASE);
CREATE INDEX indicators_by_code_nocase ON indicators(code COLLATE NOCASE);
