/* aud-store-migrations.c — the workspace schema, one step per PRAGMA user_version
 *
 * Steps are append-only: never edit a released step, add a new one. Each runs inside the
 * transaction that also bumps user_version (see migrate() in aud-store.c).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "aud-store-private.h"

/* 1: what ARCHITECTURE.md names so far. Tokens never appear here: the refresh token lives in the
 * keyring, the access token in memory only. */
static gboolean
migrate_to_1 (AudStore  *self,
              GError   **error)
{
  return aud_store_exec (self,
    "CREATE TABLE connection ("
    "  id             INTEGER PRIMARY KEY CHECK (id = 1),"
    "  login_host     TEXT NOT NULL,"
    "  client_id      TEXT,"
    "  instance_url   TEXT,"
    "  org_id         TEXT,"
    "  user_id        TEXT,"
    "  username       TEXT,"
    "  display_name   TEXT,"
    "  api_version    TEXT,"
    "  is_sandbox     INTEGER NOT NULL DEFAULT 0,"
    "  state          TEXT NOT NULL DEFAULT 'disconnected'"
    "                 CHECK (state IN ('disconnected', 'connected', 'needs-reconnect')),"
    "  state_reason   TEXT,"
    "  connected_at   TEXT,"
    "  api_used       INTEGER,"
    "  api_max        INTEGER"
    ");"

    "CREATE TABLE audiences ("
    "  id          INTEGER PRIMARY KEY,"
    "  name        TEXT NOT NULL UNIQUE COLLATE NOCASE CHECK (length(trim(name)) > 0),"
    "  object      TEXT NOT NULL,"
    "  created_at  TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now'))"
    ");"

    /* rule: 'never' | 'conditional' | 'always'; backfill: mapped after the source last synced */
    "CREATE TABLE mapped_fields ("
    "  audience_id    INTEGER NOT NULL REFERENCES audiences (id) ON DELETE CASCADE,"
    "  field          TEXT NOT NULL,"
    "  rule           TEXT NOT NULL DEFAULT 'never' CHECK (rule IN ('never', 'conditional', 'always')),"
    "  needs_backfill INTEGER NOT NULL DEFAULT 0,"
    "  mapped_at      TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now')),"
    "  PRIMARY KEY (audience_id, field)"
    ") WITHOUT ROWID;"

    /* Salesforce describe, cached with the time it was fetched */
    "CREATE TABLE describes ("
    "  object      TEXT PRIMARY KEY,"
    "  fetched_at  TEXT NOT NULL,"
    "  body        TEXT NOT NULL"
    ");"

    /* kind: 'salesforce' | 'csv' | 'warehouse'. A Salesforce source is one per object. */
    "CREATE TABLE sources ("
    "  id                INTEGER PRIMARY KEY,"
    "  kind              TEXT NOT NULL CHECK (kind IN ('salesforce', 'csv', 'warehouse')),"
    "  object            TEXT NOT NULL,"
    "  name              TEXT NOT NULL,"
    "  settings          TEXT NOT NULL DEFAULT '{}',"
    "  cursor_watermark  TEXT,"
    "  cursor_position   TEXT,"
    "  last_full_sync_at TEXT,"
    "  last_sync_at      TEXT,"
    "  UNIQUE (kind, object, name)"
    ");"

    "CREATE TABLE audience_sources ("
    "  audience_id INTEGER NOT NULL REFERENCES audiences (id) ON DELETE CASCADE,"
    "  source_id   INTEGER NOT NULL REFERENCES sources (id) ON DELETE CASCADE,"
    "  PRIMARY KEY (audience_id, source_id)"
    ") WITHOUT ROWID;"

    "CREATE TABLE source_records ("
    "  id          INTEGER PRIMARY KEY,"
    "  source_id   INTEGER NOT NULL REFERENCES sources (id) ON DELETE CASCADE,"
    "  external_id TEXT NOT NULL,"
    "  modstamp    TEXT,"
    "  is_deleted  INTEGER NOT NULL DEFAULT 0,"
    "  data        TEXT NOT NULL DEFAULT '{}',"
    "  UNIQUE (source_id, external_id)"
    ");"
    "CREATE INDEX source_records_modstamp ON source_records (source_id, modstamp);"

    "CREATE TABLE sync_runs ("
    "  id          INTEGER PRIMARY KEY,"
    "  source_id   INTEGER NOT NULL REFERENCES sources (id) ON DELETE CASCADE,"
    "  kind        TEXT NOT NULL CHECK (kind IN ('full', 'incremental', 'backfill', 'reconcile')),"
    "  path        TEXT,"
    "  started_at  TEXT NOT NULL,"
    "  finished_at TEXT,"
    "  fetched     INTEGER NOT NULL DEFAULT 0,"
    "  created     INTEGER NOT NULL DEFAULT 0,"
    "  updated     INTEGER NOT NULL DEFAULT 0,"
    "  deleted     INTEGER NOT NULL DEFAULT 0,"
    "  api_calls   INTEGER NOT NULL DEFAULT 0,"
    "  outcome     TEXT NOT NULL DEFAULT 'running'"
    "              CHECK (outcome IN ('running', 'succeeded', 'failed', 'cancelled', 'paused-api-limit', 'needs-reconnect', 'interrupted')),"
    "  message     TEXT"
    ");"
    "CREATE INDEX sync_runs_source ON sync_runs (source_id, started_at);",
    error);
}

/* 2: fields that disappeared from a describe, so a mapping shows them as gone instead of
 * silently dropping them (label and type kept for display). */
static gboolean
migrate_to_2 (AudStore  *self,
              GError   **error)
{
  return aud_store_exec (self,
    "CREATE TABLE describe_gone_fields ("
    "  object   TEXT NOT NULL,"
    "  field    TEXT NOT NULL,"
    "  label    TEXT,"
    "  type     TEXT,"
    "  gone_at  TEXT NOT NULL,"
    "  PRIMARY KEY (object, field)"
    ") WITHOUT ROWID;",
    error);
}

/* 3: saved segments of an audience. The definition is the segment file's JSON shape (see
 * aud-segment-node.h), so it stays readable; names are unique per audience, ignoring case. */
static gboolean
migrate_to_3 (AudStore  *self,
              GError   **error)
{
  return aud_store_exec (self,
    "CREATE TABLE segments ("
    "  id          INTEGER PRIMARY KEY,"
    "  audience_id INTEGER NOT NULL REFERENCES audiences (id) ON DELETE CASCADE,"
    "  name        TEXT NOT NULL COLLATE NOCASE CHECK (length(trim(name)) > 0),"
    "  definition  TEXT NOT NULL,"
    "  created_at  TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now')),"
    "  updated_at  TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now')),"
    "  UNIQUE (audience_id, name)"
    ");",
    error);
}

/* 4: the matching engine's results and the decisions people made. Computed results (entities,
 * members, pairs, golden values, job changes) are rewritten by every match; decisions are kept
 * apart and refer to source record ids, not entity ids, so they survive any re-match. Entity
 * ids are stable: a re-match gives a cluster the id of the old entity it shares most records
 * with (see aud-match-run.c). */
static gboolean
migrate_to_4 (AudStore  *self,
              GError   **error)
{
  return aud_store_exec (self,
    "CREATE TABLE entities ("
    "  id          INTEGER PRIMARY KEY,"
    "  audience_id INTEGER NOT NULL REFERENCES audiences (id) ON DELETE CASCADE,"
    "  n_members   INTEGER NOT NULL DEFAULT 0,"
    "  weak        INTEGER NOT NULL DEFAULT 0,"
    "  confirmed   INTEGER NOT NULL DEFAULT 0,"
    "  created_at  TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now')),"
    "  updated_at  TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now'))"
    ");"
    "CREATE INDEX entities_audience ON entities (audience_id);"

    "CREATE TABLE entity_members ("
    "  audience_id INTEGER NOT NULL REFERENCES audiences (id) ON DELETE CASCADE,"
    "  record_id   INTEGER NOT NULL REFERENCES source_records (id) ON DELETE CASCADE,"
    "  entity_id   INTEGER NOT NULL REFERENCES entities (id) ON DELETE CASCADE,"
    "  PRIMARY KEY (audience_id, record_id)"
    ") WITHOUT ROWID;"
    "CREATE INDEX entity_members_entity ON entity_members (entity_id);"

    /* the pairs the matcher reports, with per-comparison evidence as JSON */
    "CREATE TABLE match_pairs ("
    "  id          INTEGER PRIMARY KEY,"
    "  audience_id INTEGER NOT NULL REFERENCES audiences (id) ON DELETE CASCADE,"
    "  record_a    INTEGER NOT NULL REFERENCES source_records (id) ON DELETE CASCADE,"
    "  record_b    INTEGER NOT NULL REFERENCES source_records (id) ON DELETE CASCADE,"
    "  kind        TEXT NOT NULL CHECK (kind IN ('merge', 'review', 'job-change', 'held-apart')),"
    "  score       REAL NOT NULL,"
    "  evidence    TEXT NOT NULL DEFAULT '{}'"
    ");"
    "CREATE INDEX match_pairs_audience ON match_pairs (audience_id, kind);"

    /* records_a / records_b: JSON arrays of source record ids. pin: records_a holds the one
     * record whose value for `field` was pinned, `value` that value. Undone decisions stay for
     * the audit trail. */
    "CREATE TABLE match_decisions ("
    "  id          INTEGER PRIMARY KEY,"
    "  audience_id INTEGER NOT NULL REFERENCES audiences (id) ON DELETE CASCADE,"
    "  kind        TEXT NOT NULL CHECK (kind IN ('confirm', 'split', 'never-merge', 'pin')),"
    "  records_a   TEXT NOT NULL,"
    "  records_b   TEXT,"
    "  field       TEXT,"
    "  value       TEXT,"
    "  decided_by  TEXT NOT NULL,"
    "  decided_at  TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now')),"
    "  undone_at   TEXT"
    ");"
    "CREATE INDEX match_decisions_audience ON match_decisions (audience_id, id);"

    "CREATE TABLE golden_values ("
    "  entity_id   INTEGER NOT NULL REFERENCES entities (id) ON DELETE CASCADE,"
    "  field       TEXT NOT NULL,"
    "  value       TEXT NOT NULL,"
    "  record_id   INTEGER REFERENCES source_records (id) ON DELETE SET NULL,"
    "  reason      TEXT NOT NULL CHECK (reason IN ('source-priority', 'most-recent', 'most-complete', 'most-frequent', 'pinned')),"
    "  PRIMARY KEY (entity_id, field)"
    ") WITHOUT ROWID;"

    "CREATE TABLE job_changes ("
    "  audience_id INTEGER NOT NULL REFERENCES audiences (id) ON DELETE CASCADE,"
    "  entity_a    INTEGER NOT NULL REFERENCES entities (id) ON DELETE CASCADE,"
    "  entity_b    INTEGER NOT NULL REFERENCES entities (id) ON DELETE CASCADE,"
    "  score       REAL NOT NULL,"
    "  PRIMARY KEY (entity_a, entity_b)"
    ") WITHOUT ROWID;"
    "CREATE INDEX job_changes_audience ON job_changes (audience_id);"

    /* source_priority: JSON array of source kinds, first wins; field_rules: JSON object
     * field → rule overriding default_rule */
    "CREATE TABLE survivorship_settings ("
    "  audience_id     INTEGER PRIMARY KEY REFERENCES audiences (id) ON DELETE CASCADE,"
    "  source_priority TEXT NOT NULL DEFAULT '[\"salesforce\",\"warehouse\",\"csv\"]',"
    "  default_rule    TEXT NOT NULL DEFAULT 'source-priority'"
    "                  CHECK (default_rule IN ('source-priority', 'most-recent', 'most-complete', 'most-frequent')),"
    "  field_rules     TEXT NOT NULL DEFAULT '{}'"
    ");"

    "CREATE TABLE match_runs ("
    "  id          INTEGER PRIMARY KEY,"
    "  audience_id INTEGER NOT NULL REFERENCES audiences (id) ON DELETE CASCADE,"
    "  kind        TEXT NOT NULL CHECK (kind IN ('full', 'incremental')),"
    "  finished_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now')),"
    "  records     INTEGER NOT NULL,"
    "  changed     INTEGER NOT NULL,"
    "  entities    INTEGER NOT NULL,"
    "  seconds     REAL NOT NULL"
    ");",
    error);
}

/* 5: write-back runs and their audit. An item row is written (state 'sent') in the same
 * transaction as its chunk's other rows BEFORE the chunk goes to Salesforce, so a killed process
 * leaves exactly what may have been sent; the answer then moves it to written/failed. Values are
 * JSON texts (NULL: the field was blank), kind is the AudFieldKind used to compare them. */
static gboolean
migrate_to_5 (AudStore  *self,
              GError   **error)
{
  return aud_store_exec (self,
    "CREATE TABLE writeback_runs ("
    "  id          INTEGER PRIMARY KEY,"
    "  audience_id INTEGER REFERENCES audiences (id) ON DELETE SET NULL,"
    "  object      TEXT NOT NULL,"
    "  kind        TEXT NOT NULL CHECK (kind IN ('apply', 'undo')),"
    "  undo_of     INTEGER REFERENCES writeback_runs (id) ON DELETE SET NULL,"
    "  started_at  TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now')),"
    "  finished_at TEXT,"
    "  state       TEXT NOT NULL DEFAULT 'running'"
    "              CHECK (state IN ('running', 'succeeded', 'partial', 'failed', 'cancelled', 'paused-api-limit', 'needs-reconnect', 'interrupted')),"
    "  message     TEXT"
    ");"

    "CREATE TABLE writeback_items ("
    "  id          INTEGER PRIMARY KEY,"
    "  run_id      INTEGER NOT NULL REFERENCES writeback_runs (id) ON DELETE CASCADE,"
    "  record_id   TEXT NOT NULL,"
    "  field       TEXT NOT NULL,"
    "  kind        INTEGER NOT NULL DEFAULT 0,"
    "  old_value   TEXT,"
    "  new_value   TEXT,"
    "  state       TEXT NOT NULL CHECK (state IN ('sent', 'written', 'failed', 'conflict')),"
    "  sent_at     TEXT,"
    "  finished_at TEXT,"
    "  error_code  TEXT,"
    "  message     TEXT,"
    "  UNIQUE (run_id, record_id, field)"
    ");",
    error);
}

static const AudStoreMigration migrations[] = {
  migrate_to_1,
  migrate_to_2,
  migrate_to_3,
  migrate_to_4,
  migrate_to_5,
};

const AudStoreMigration *
aud_store_get_migrations (guint *n_migrations)
{
  *n_migrations = G_N_ELEMENTS (migrations);
  return migrations;
}
