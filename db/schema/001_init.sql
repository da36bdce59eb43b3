-- parkwatch schema, version 1: the whole data model of DESIGN.md section 2.
-- Times are INTEGER milliseconds since the epoch (UTC) unless named *_date
-- (TEXT 'YYYY-MM-DD' in the site's calendar). Codes are the identities that
-- operators, gateways and import files use; ids are internal.

CREATE TABLE meta (
  key   TEXT PRIMARY KEY,
  value TEXT
) WITHOUT ROWID;

CREATE TABLE operators (
  name       TEXT PRIMARY KEY,
  display    TEXT,
  role       TEXT NOT NULL DEFAULT 'duty' CHECK (role IN ('duty','supervisor','admin','viewer')),
  created_at INTEGER NOT NULL
) WITHOUT ROWID;

-- Reference data: zones (functional districts) and grids inside them.
CREATE TABLE zones (
  code TEXT PRIMARY KEY,
  name TEXT NOT NULL UNIQUE,
  lat  REAL,
  lon  REAL
) WITHOUT ROWID;

CREATE TABLE industries (
  code TEXT PRIMARY KEY,
  name TEXT NOT NULL UNIQUE
) WITHOUT ROWID;

CREATE TABLE enterprises (
  id             INTEGER PRIMARY KEY,
  code           TEXT NOT NULL UNIQUE,
  name           TEXT NOT NULL,
  industry       TEXT NOT NULL,           -- industry name as shown (reference: industries)
  zone           TEXT NOT NULL,           -- zone name as shown (reference: zones)
  grid           TEXT,
  address        TEXT,
  principal      TEXT,                    -- legal representative / main responsible person
  phone          TEXT,
  safety_officer TEXT,
  safety_phone   TEXT,
  ownership      TEXT,                    -- private, state, foreign, joint...
  size           TEXT CHECK (size IS NULL OR size IN ('micro','small','medium','large')),
  employees      INTEGER CHECK (employees IS NULL OR employees >= 0),
  lat            REAL,
  lon            REAL,
  risk           TEXT NOT NULL DEFAULT 'blue' CHECK (risk IN ('red','orange','yellow','blue')),
  risk_score     REAL NOT NULL DEFAULT 0,
  created_at     INTEGER NOT NULL,
  updated_at     INTEGER NOT NULL
);
CREATE INDEX enterprises_zone ON enterprises(zone);
CREATE INDEX enterprises_industry ON enterprises(industry);

CREATE TABLE contacts (
  id            INTEGER PRIMARY KEY,
  enterprise_id INTEGER NOT NULL REFERENCES enterprises(id) ON DELETE CASCADE,
  name          TEXT NOT NULL,
  role          TEXT NOT NULL,            -- 主要负责人, 安全管理员, 应急联系人...
  phone         TEXT,
  emergency     INTEGER NOT NULL DEFAULT 0 CHECK (emergency IN (0,1))
);
CREATE INDEX contacts_enterprise ON contacts(enterprise_id);

-- Key places: the dangerous places the park supervises (heat-table columns).
CREATE TABLE key_places (
  id            INTEGER PRIMARY KEY,
  enterprise_id INTEGER NOT NULL REFERENCES enterprises(id) ON DELETE CASCADE,
  category      TEXT NOT NULL CHECK (category IN ('ammonia','dust','spray','hazchem','confined','lithium')),
  name          TEXT NOT NULL,
  location      TEXT,
  lat           REAL,
  lon           REAL
);
CREATE INDEX key_places_enterprise ON key_places(enterprise_id);
CREATE INDEX key_places_category ON key_places(category);

-- Hazardous chemicals on site against GB 18218-2018 critical quantities.
CREATE TABLE chemicals (
  id            INTEGER PRIMARY KEY,
  enterprise_id INTEGER NOT NULL REFERENCES enterprises(id) ON DELETE CASCADE,
  name          TEXT NOT NULL,
  cas           TEXT,
  quantity_t    REAL NOT NULL CHECK (quantity_t >= 0),
  threshold_t   REAL CHECK (threshold_t IS NULL OR threshold_t > 0),
  storage       TEXT,
  UNIQUE (enterprise_id, name)
);
CREATE INDEX chemicals_enterprise ON chemicals(enterprise_id);

-- Special-operations certificates (特种作业操作证) of enterprise staff.
CREATE TABLE certificates (
  id            INTEGER PRIMARY KEY,
  enterprise_id INTEGER NOT NULL REFERENCES enterprises(id) ON DELETE CASCADE,
  holder        TEXT NOT NULL,
  kind          TEXT NOT NULL,            -- 电工作业, 焊接与热切割作业, 制冷与空调作业...
  number        TEXT NOT NULL,
  issued_date   TEXT,
  expires       TEXT NOT NULL,            -- YYYY-MM-DD
  UNIQUE (enterprise_id, number)
);
CREATE INDEX certificates_expires ON certificates(expires);

CREATE TABLE materials (
  id            INTEGER PRIMARY KEY,
  enterprise_id INTEGER NOT NULL REFERENCES enterprises(id) ON DELETE CASCADE,
  name          TEXT NOT NULL,
  qty           INTEGER NOT NULL DEFAULT 0 CHECK (qty >= 0),
  unit          TEXT,
  location      TEXT
);
CREATE INDEX materials_enterprise ON materials(enterprise_id);

CREATE TABLE personnel (
  id            INTEGER PRIMARY KEY,
  enterprise_id INTEGER NOT NULL REFERENCES enterprises(id) ON DELETE CASCADE,
  name          TEXT NOT NULL,
  role          TEXT NOT NULL,
  phone         TEXT
);
CREATE INDEX personnel_enterprise ON personnel(enterprise_id);

-- Sensors. Thresholds are in the sensor's own unit. For direction 'high' an
-- alarm raises at value >= l1 (>= l2 escalates); for 'low' at value <= l1.
-- opposite_l1 is an optional limit the other way (oxygen: low 19.5 and high 23.5).
CREATE TABLE sensors (
  id             INTEGER PRIMARY KEY,
  code           TEXT NOT NULL UNIQUE,
  enterprise_id  INTEGER NOT NULL REFERENCES enterprises(id) ON DELETE CASCADE,
  key_place_id   INTEGER REFERENCES key_places(id) ON DELETE SET NULL,
  kind           TEXT NOT NULL CHECK (kind IN ('nh3','lel','o2','co','h2s','smoke','flame','camera','temp','other')),
  unit           TEXT NOT NULL DEFAULT '',
  l1             REAL,
  l2             REAL,
  direction      TEXT NOT NULL DEFAULT 'high' CHECK (direction IN ('high','low')),
  opposite_l1    REAL,
  deadband       REAL NOT NULL DEFAULT 0 CHECK (deadband >= 0),
  on_delay_s     INTEGER NOT NULL DEFAULT 0 CHECK (on_delay_s >= 0),
  comm_timeout_s INTEGER NOT NULL DEFAULT 300 CHECK (comm_timeout_s >= 0),
  location       TEXT,
  lat            REAL,
  lon            REAL,
  in_service     INTEGER NOT NULL DEFAULT 1 CHECK (in_service IN (0,1)),
  online         INTEGER,                 -- last gateway status: 1 online, 0 offline, NULL unknown
  last_value     REAL,
  last_ts        INTEGER,
  state          TEXT NOT NULL DEFAULT 'unknown'
                 CHECK (state IN ('unknown','normal','l1','l2','alarm','fault','offline','oos')),
  engine         TEXT                     -- alarm engine's private per-sensor state (JSON)
);
CREATE INDEX sensors_enterprise ON sensors(enterprise_id);

-- Raw readings, keyed by their identity (sensor, ts): duplicates are ignored.
CREATE TABLE readings (
  sensor_id INTEGER NOT NULL REFERENCES sensors(id) ON DELETE CASCADE,
  ts        INTEGER NOT NULL,
  value     REAL NOT NULL,
  seq       INTEGER,
  PRIMARY KEY (sensor_id, ts)
) WITHOUT ROWID;
CREATE INDEX readings_ts ON readings(ts);

-- Per-minute rollups; kept far longer than raw readings; feed the sparklines.
CREATE TABLE readings_minute (
  sensor_id INTEGER NOT NULL REFERENCES sensors(id) ON DELETE CASCADE,
  minute    INTEGER NOT NULL,             -- ms at the start of the minute
  n         INTEGER NOT NULL,
  vmin      REAL NOT NULL,
  vmax      REAL NOT NULL,
  vsum      REAL NOT NULL,
  PRIMARY KEY (sensor_id, minute)
) WITHOUT ROWID;

-- Discrete detector events (smoke, flame, camera...), identity (sensor, ts, event).
CREATE TABLE sensor_events (
  id        INTEGER PRIMARY KEY,
  sensor_id INTEGER NOT NULL REFERENCES sensors(id) ON DELETE CASCADE,
  ts        INTEGER NOT NULL,
  event     TEXT NOT NULL CHECK (event IN ('alarm','clear','fault','tamper')),
  detail    TEXT,
  UNIQUE (sensor_id, ts, event)
);

-- Weather stations and wind.
CREATE TABLE stations (
  id   INTEGER PRIMARY KEY,
  code TEXT NOT NULL UNIQUE,
  name TEXT NOT NULL,
  lat  REAL,
  lon  REAL
);

CREATE TABLE wind (
  station_id INTEGER NOT NULL REFERENCES stations(id) ON DELETE CASCADE,
  ts         INTEGER NOT NULL,
  dir_deg    REAL NOT NULL CHECK (dir_deg >= 0 AND dir_deg <= 360),  -- blows FROM
  speed_ms   REAL NOT NULL CHECK (speed_ms >= 0),
  PRIMARY KEY (station_id, ts)
) WITHOUT ROWID;

-- Alarms (ISA-18.2). One open alarm per sensor and condition, enforced by
-- the partial unique index, so concurrent recorders cannot duplicate one.
-- state is derived from active/acked/shelved and kept for queries.
CREATE TABLE alarms (
  id            INTEGER PRIMARY KEY,
  sensor_id     INTEGER NOT NULL REFERENCES sensors(id) ON DELETE CASCADE,
  enterprise_id INTEGER NOT NULL REFERENCES enterprises(id) ON DELETE CASCADE,
  condition     TEXT NOT NULL CHECK (condition IN ('limit','opposite','event','tamper','fault','comm')),
  level         INTEGER NOT NULL DEFAULT 1 CHECK (level IN (1,2)),
  priority      INTEGER NOT NULL CHECK (priority BETWEEN 1 AND 4),  -- 4 = diagnostic
  state         TEXT NOT NULL CHECK (state IN ('unack','ack','rtn_unack','cleared','shelved')),
  active        INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0,1)),
  acked         INTEGER NOT NULL DEFAULT 0 CHECK (acked IN (0,1)),
  raised_at     INTEGER NOT NULL,
  value         REAL,                      -- value that raised (or escalated) it
  peak          REAL,
  message       TEXT,
  returned_at   INTEGER,
  cleared_at    INTEGER,
  acked_by      TEXT,
  acked_at      INTEGER,
  ack_comment   TEXT,
  shelved_by    TEXT,
  shelved_until INTEGER,
  shelve_reason TEXT,
  repeats       INTEGER NOT NULL DEFAULT 0,
  updated_at    INTEGER NOT NULL,
  CHECK (state <> 'shelved' OR (shelved_until IS NOT NULL AND shelve_reason IS NOT NULL))
);
CREATE UNIQUE INDEX alarms_open ON alarms(sensor_id, condition) WHERE state <> 'cleared';
CREATE INDEX alarms_state ON alarms(state, priority);
CREATE INDEX alarms_raised ON alarms(raised_at);
CREATE INDEX alarms_enterprise ON alarms(enterprise_id);

CREATE TABLE alarm_events (
  id       INTEGER PRIMARY KEY,
  alarm_id INTEGER NOT NULL REFERENCES alarms(id) ON DELETE CASCADE,
  ts       INTEGER NOT NULL,
  kind     TEXT NOT NULL CHECK (kind IN ('raise','escalate','deescalate','return','reactivate','ack',
                                         'shelve','unshelve','clear','repeat')),
  operator TEXT,
  value    REAL,
  comment  TEXT
);
CREATE INDEX alarm_events_alarm ON alarm_events(alarm_id);

-- Hidden hazards (隐患) and their append-only trace.
CREATE TABLE hazards (
  id             INTEGER PRIMARY KEY,
  enterprise_id  INTEGER NOT NULL REFERENCES enterprises(id) ON DELETE CASCADE,
  grade          TEXT NOT NULL CHECK (grade IN ('general','major')),
  status         TEXT NOT NULL CHECK (status IN ('reported','assigned','rectifying','submitted','verified','closed')),
  source         TEXT NOT NULL DEFAULT 'operator'
                 CHECK (source IN ('grid','third_party','self_check','enforcement','operator')),
  description    TEXT NOT NULL,
  location       TEXT,
  photos         TEXT,                     -- paths or URLs, one a line
  reported_by    TEXT NOT NULL,
  reported_at    INTEGER NOT NULL,
  assignee       TEXT,
  deadline       TEXT,                     -- YYYY-MM-DD, site calendar
  measures       TEXT,                     -- five implementations: measures,
  funds          TEXT,                     -- funds,
  responsible    TEXT,                     -- responsibility,
  contingency    TEXT,                     -- contingency plan (deadline above)
  submitted_by   TEXT,
  verified_by    TEXT,
  closed_at      INTEGER,
  inspection_id  INTEGER REFERENCES inspections(id) ON DELETE SET NULL,
  updated_at     INTEGER NOT NULL
);
CREATE INDEX hazards_enterprise ON hazards(enterprise_id);
CREATE INDEX hazards_status ON hazards(status);

CREATE TABLE hazard_trace (
  id          INTEGER PRIMARY KEY,
  hazard_id   INTEGER NOT NULL REFERENCES hazards(id) ON DELETE CASCADE,
  ts          INTEGER NOT NULL,
  operator    TEXT NOT NULL,
  from_status TEXT,
  to_status   TEXT NOT NULL,
  note        TEXT
);
CREATE INDEX hazard_trace_hazard ON hazard_trace(hazard_id);

-- Daily trace supervision: grid workers' and third-party firms' visits.
CREATE TABLE inspections (
  id            INTEGER PRIMARY KEY,
  enterprise_id INTEGER NOT NULL REFERENCES enterprises(id) ON DELETE CASCADE,
  inspector     TEXT NOT NULL,
  org           TEXT NOT NULL,
  org_kind      TEXT NOT NULL DEFAULT 'grid' CHECK (org_kind IN ('grid','third_party','enforcement','self')),
  ts            INTEGER NOT NULL,
  items         TEXT,
  findings      TEXT
);
CREATE INDEX inspections_enterprise ON inspections(enterprise_id, ts);

-- Rescue force.
CREATE TABLE teams (
  id     INTEGER PRIMARY KEY,
  code   TEXT NOT NULL UNIQUE,
  name   TEXT NOT NULL,
  kind   TEXT NOT NULL DEFAULT 'volunteer' CHECK (kind IN ('volunteer','professional','enterprise','fire')),
  base   TEXT,
  phone  TEXT,
  lat    REAL,
  lon    REAL
);

CREATE TABLE members (
  id           INTEGER PRIMARY KEY,
  team_id      INTEGER NOT NULL REFERENCES teams(id) ON DELETE CASCADE,
  name         TEXT NOT NULL,
  role         TEXT NOT NULL,
  skills       TEXT,
  certificates TEXT,
  phone        TEXT,
  status       TEXT NOT NULL DEFAULT 'available'
               CHECK (status IN ('available','dispatched','en_route','on_scene','off_duty')),
  status_since INTEGER NOT NULL
);
CREATE INDEX members_team ON members(team_id);

CREATE TABLE member_status (
  id          INTEGER PRIMARY KEY,
  member_id   INTEGER NOT NULL REFERENCES members(id) ON DELETE CASCADE,
  ts          INTEGER NOT NULL,
  status      TEXT NOT NULL,
  incident_id INTEGER REFERENCES incidents(id) ON DELETE SET NULL,
  operator    TEXT
);
CREATE INDEX member_status_member ON member_status(member_id, ts);

CREATE TABLE roster (
  id        INTEGER PRIMARY KEY,
  member_id INTEGER NOT NULL REFERENCES members(id) ON DELETE CASCADE,
  starts_at INTEGER NOT NULL,
  ends_at   INTEGER NOT NULL,
  shift     TEXT NOT NULL,                -- 白班 / 夜班 ...
  CHECK (ends_at > starts_at)
);
CREATE INDEX roster_time ON roster(starts_at, ends_at);

-- The centre's shared equipment store and its loans.
CREATE TABLE equipment (
  id           INTEGER PRIMARY KEY,
  code         TEXT NOT NULL UNIQUE,
  name         TEXT NOT NULL,
  category     TEXT,
  qty          INTEGER NOT NULL CHECK (qty >= 0),
  min_qty      INTEGER NOT NULL DEFAULT 0,
  location     TEXT,
  condition    TEXT NOT NULL DEFAULT 'good' CHECK (condition IN ('good','maintenance','damaged')),
  inspected_date TEXT,
  expires      TEXT
);

CREATE TABLE loans (
  id            INTEGER PRIMARY KEY,
  equipment_id  INTEGER NOT NULL REFERENCES equipment(id) ON DELETE CASCADE,
  qty           INTEGER NOT NULL CHECK (qty > 0),
  borrower      TEXT NOT NULL,
  enterprise_id INTEGER REFERENCES enterprises(id) ON DELETE SET NULL,
  incident_id   INTEGER REFERENCES incidents(id) ON DELETE SET NULL,
  out_at        INTEGER NOT NULL,
  due_at        INTEGER,
  returned_at   INTEGER,
  operator      TEXT NOT NULL
);
CREATE INDEX loans_open ON loans(equipment_id) WHERE returned_at IS NULL;

-- Emergency linkage.
CREATE TABLE incidents (
  id            INTEGER PRIMARY KEY,
  type          TEXT NOT NULL CHECK (type IN ('leak','fire','explosion','poisoning','flood','other')),
  severity      INTEGER NOT NULL DEFAULT 3 CHECK (severity BETWEEN 1 AND 4),
  enterprise_id INTEGER REFERENCES enterprises(id) ON DELETE SET NULL,
  alarm_id      INTEGER REFERENCES alarms(id) ON DELETE SET NULL,
  status        TEXT NOT NULL DEFAULT 'pending' CHECK (status IN ('pending','active','controlled','closed')),
  location      TEXT,
  summary       TEXT,
  opened_by     TEXT NOT NULL,
  opened_at     INTEGER NOT NULL,
  closed_at     INTEGER
);

CREATE TABLE dispatches (
  id            INTEGER PRIMARY KEY,
  incident_id   INTEGER NOT NULL REFERENCES incidents(id) ON DELETE CASCADE,
  team_id       INTEGER REFERENCES teams(id) ON DELETE SET NULL,
  member_id     INTEGER REFERENCES members(id) ON DELETE SET NULL,
  dispatched_at INTEGER NOT NULL,
  en_route_at   INTEGER,
  on_scene_at   INTEGER,
  cleared_at    INTEGER,
  operator      TEXT NOT NULL,
  CHECK (team_id IS NOT NULL OR member_id IS NOT NULL)
);
CREATE INDEX dispatches_incident ON dispatches(incident_id);

CREATE TABLE incident_log (
  id          INTEGER PRIMARY KEY,
  incident_id INTEGER NOT NULL REFERENCES incidents(id) ON DELETE CASCADE,
  ts          INTEGER NOT NULL,
  operator    TEXT,
  kind        TEXT NOT NULL DEFAULT 'note',
  text        TEXT NOT NULL
);
CREATE INDEX incident_log_incident ON incident_log(incident_id, ts);

-- Duty log: append-only, each row's hash chains to the previous row's.
-- hash = SHA-256(prev_hash | id | ts | operator | category | text | flagged), hex.
CREATE TABLE duty_log (
  id        INTEGER PRIMARY KEY,
  ts        INTEGER NOT NULL,
  operator  TEXT NOT NULL,
  category  TEXT NOT NULL DEFAULT 'note',
  text      TEXT NOT NULL,
  flagged   INTEGER NOT NULL DEFAULT 0 CHECK (flagged IN (0,1)),
  prev_hash TEXT NOT NULL,
  hash      TEXT NOT NULL UNIQUE
);
CREATE INDEX duty_log_ts ON duty_log(ts);
CREATE TRIGGER duty_log_no_update BEFORE UPDATE ON duty_log
  BEGIN SELECT RAISE(ABORT, 'duty log is append-only'); END;
CREATE TRIGGER duty_log_no_delete BEFORE DELETE ON duty_log
  BEGIN SELECT RAISE(ABORT, 'duty log is append-only'); END;

-- Laws, regulations and standards, searchable by FTS5 (trigram for Chinese).
CREATE TABLE regulations (
  id        INTEGER PRIMARY KEY,
  title     TEXT NOT NULL UNIQUE,
  number    TEXT,
  issuer    TEXT,
  effective TEXT
);

CREATE TABLE reg_articles (
  id     INTEGER PRIMARY KEY,
  reg_id INTEGER NOT NULL REFERENCES regulations(id) ON DELETE CASCADE,
  seq    INTEGER NOT NULL,
  label  TEXT NOT NULL,
  body   TEXT NOT NULL,
  UNIQUE (reg_id, seq)
);

-- rowid = reg_articles.id; stores its own copy so snippet() works.
CREATE VIRTUAL TABLE reg_fts USING fts5(title, label, body, tokenize='trigram');

-- Four-colour risk: current score per enterprise, its history, the model's knobs.
CREATE TABLE risk_params (
  key   TEXT PRIMARY KEY,
  value REAL NOT NULL
) WITHOUT ROWID;

CREATE TABLE risk_scores (
  enterprise_id INTEGER PRIMARY KEY REFERENCES enterprises(id) ON DELETE CASCADE,
  colour        TEXT NOT NULL CHECK (colour IN ('red','orange','yellow','blue')),
  score         REAL NOT NULL,
  reasons       TEXT NOT NULL DEFAULT '',
  computed_at   INTEGER NOT NULL
);

CREATE TABLE risk_history (
  id            INTEGER PRIMARY KEY,
  enterprise_id INTEGER NOT NULL REFERENCES enterprises(id) ON DELETE CASCADE,
  ts            INTEGER NOT NULL,
  colour        TEXT NOT NULL,
  score         REAL NOT NULL,
  reasons       TEXT NOT NULL DEFAULT ''
);
CREATE INDEX risk_history_enterprise ON risk_history(enterprise_id, ts);

-- Messages refused by ingest, with why; bounded (oldest pruned).
CREATE TABLE rejected (
  id          INTEGER PRIMARY KEY,
  received_at INTEGER NOT NULL,
  topic       TEXT NOT NULL,
  reason      TEXT NOT NULL,
  payload     TEXT                        -- first bytes, sanitised
);
