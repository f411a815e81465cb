/**
 * SQLite schema of the tenancy half (companies, entities, senders, users, roles, grants,
 * sessions, control ids, outbox). Times are milliseconds since the Unix epoch on the sandbox
 * clock. Company IDs are stored as seeded and matched with `COLLATE NOCASE` (Intacct company IDs
 * are case-insensitive at sign-in; UNCONFIRMED); sender IDs are case-sensitive (§2.2).
 */
export const TENANCY_SCHEMA = `
CREATE TABLE IF NOT EXISTS tenancy_sender (
  sender_id      TEXT PRIMARY KEY,
  password_hash  TEXT NOT NULL,
  salt           TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS tenancy_company (
  company_id          TEXT PRIMARY KEY COLLATE NOCASE,
  name                TEXT NOT NULL,
  permission_model    TEXT NOT NULL CHECK (permission_model IN ('user', 'role')),
  multi_entity        INTEGER NOT NULL,
  session_duration_ms INTEGER NOT NULL,
  concurrency_limit   INTEGER,            -- NULL = the sandbox default
  next_recordno       INTEGER NOT NULL DEFAULT 1
);
CREATE TABLE IF NOT EXISTS tenancy_entity (
  company_id         TEXT NOT NULL COLLATE NOCASE REFERENCES tenancy_company(company_id) ON DELETE CASCADE,
  entity_id          TEXT NOT NULL,
  recordno           INTEGER NOT NULL,
  name               TEXT NOT NULL,
  currency           TEXT NOT NULL,
  first_fiscal_month INTEGER NOT NULL,
  week_start         INTEGER NOT NULL,
  status             TEXT NOT NULL,     -- active | inactive
  PRIMARY KEY (company_id, entity_id)
);
CREATE TABLE IF NOT EXISTS tenancy_authorization (
  company_id TEXT NOT NULL COLLATE NOCASE REFERENCES tenancy_company(company_id) ON DELETE CASCADE,
  sender_id  TEXT NOT NULL,
  PRIMARY KEY (company_id, sender_id)
);
CREATE TABLE IF NOT EXISTS tenancy_user (
  company_id        TEXT NOT NULL COLLATE NOCASE REFERENCES tenancy_company(company_id) ON DELETE CASCADE,
  loginid           TEXT NOT NULL COLLATE NOCASE,
  recordno          INTEGER NOT NULL,
  first_name        TEXT NOT NULL,
  last_name         TEXT NOT NULL,
  email             TEXT NOT NULL,
  user_type         TEXT NOT NULL,      -- label, e.g. 'business user'
  admin             TEXT NOT NULL,      -- Off | Limited | Full
  status            TEXT NOT NULL,      -- active | inactive | lockedout
  login_disabled    INTEGER NOT NULL,   -- 1 = web services only user
  top_level_access  INTEGER NOT NULL,   -- restricted users: may still work at the top level
  password_hash     TEXT NOT NULL,
  salt              TEXT NOT NULL,
  when_created      INTEGER NOT NULL,
  when_modified     INTEGER NOT NULL,
  PRIMARY KEY (company_id, loginid)
);
CREATE TABLE IF NOT EXISTS tenancy_user_entity (
  company_id TEXT NOT NULL COLLATE NOCASE,
  loginid    TEXT NOT NULL COLLATE NOCASE,
  entity_id  TEXT NOT NULL,
  PRIMARY KEY (company_id, loginid, entity_id),
  FOREIGN KEY (company_id, loginid) REFERENCES tenancy_user(company_id, loginid) ON DELETE CASCADE
);
CREATE TABLE IF NOT EXISTS tenancy_role (
  company_id  TEXT NOT NULL COLLATE NOCASE REFERENCES tenancy_company(company_id) ON DELETE CASCADE,
  name        TEXT NOT NULL,
  recordno    INTEGER NOT NULL,
  description TEXT NOT NULL,
  PRIMARY KEY (company_id, name)
);
CREATE TABLE IF NOT EXISTS tenancy_role_assignment (
  company_id TEXT NOT NULL COLLATE NOCASE,
  loginid    TEXT NOT NULL COLLATE NOCASE,
  role_name  TEXT NOT NULL,
  PRIMARY KEY (company_id, loginid, role_name),
  FOREIGN KEY (company_id, loginid) REFERENCES tenancy_user(company_id, loginid) ON DELETE CASCADE,
  FOREIGN KEY (company_id, role_name) REFERENCES tenancy_role(company_id, name) ON DELETE CASCADE
);
-- One row per (holder, application, policy); rights pipe-joined in UI order (Q2).
CREATE TABLE IF NOT EXISTS tenancy_grant (
  company_id  TEXT NOT NULL COLLATE NOCASE REFERENCES tenancy_company(company_id) ON DELETE CASCADE,
  holder_kind TEXT NOT NULL CHECK (holder_kind IN ('user', 'role')),
  holder      TEXT NOT NULL COLLATE NOCASE,
  application TEXT NOT NULL,
  policy      TEXT NOT NULL,
  rights      TEXT NOT NULL,
  PRIMARY KEY (company_id, holder_kind, holder, application, policy)
);
CREATE TABLE IF NOT EXISTS tenancy_session (
  session_id  TEXT PRIMARY KEY,
  company_id  TEXT NOT NULL COLLATE NOCASE,
  loginid     TEXT NOT NULL COLLATE NOCASE,
  entity_id   TEXT NOT NULL,           -- '' = top level
  created_at  INTEGER NOT NULL,
  expires_at  INTEGER NOT NULL         -- sliding: pushed forward by every call
);
-- Function control ids that completed successfully with uniqueid=true (A1), per company.
CREATE TABLE IF NOT EXISTS gateway_control_id (
  company_id   TEXT NOT NULL COLLATE NOCASE,
  control_id   TEXT NOT NULL,
  completed_at INTEGER NOT NULL,
  PRIMARY KEY (company_id, control_id)
);
CREATE TABLE IF NOT EXISTS tenancy_outbox (
  id         INTEGER PRIMARY KEY AUTOINCREMENT,
  company_id TEXT NOT NULL,
  to_addr    TEXT NOT NULL,
  subject    TEXT NOT NULL,
  body       TEXT NOT NULL,
  created_at INTEGER NOT NULL
);
`;

/** Tables in delete order (children first), for `reset`. */
export const TENANCY_TABLES: readonly string[] = [
  "tenancy_outbox",
  "gateway_control_id",
  "tenancy_session",
  "tenancy_grant",
  "tenancy_role_assignment",
  "tenancy_role",
  "tenancy_user_entity",
  "tenancy_user",
  "tenancy_authorization",
  "tenancy_entity",
  "tenancy_company",
  "tenancy_sender",
];
