/* aud-sync-store.c — what the sync engine reads from and writes to the workspace
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "aud-store-private.h"
#include "aud-sync-store.h"

/* The sync cannot work without these, whatever the audiences map. */
static const char * const required_fields[] = { "Id", "IsDeleted", "LastModifiedDate", "SystemModstamp" };

static const char * const kind_names[] = { "full", "incremental", "backfill", "reconcile" };
static const char * const outcome_names[] = {
  "running", "succeeded", "failed", "cancelled", "paused-api-limit", "needs-reconnect", "interrupted"
};

const char *
aud_sync_kind_to_string (AudSyncKind kind)
{
  g_return_val_if_fail (kind < G_N_ELEMENTS (kind_names), NULL);
  return kind_names[kind];
}

const char *
aud_sync_outcome_to_string (AudSyncOutcome outcome)
{
  g_return_val_if_fail (outcome < G_N_ELEMENTS (outcome_names), NULL);
  return outcome_names[outcome];
}

AudSyncOutcome
aud_sync_outcome_from_string (const char *s)
{
  for (guint i = 0; i < G_N_ELEMENTS (outcome_names); i++)
    if (g_strcmp0 (s, outcome_names[i]) == 0)
      return (AudSyncOutcome) i;

  return AUD_SYNC_OUTCOME_FAILED;
}

static AudSyncKind
kind_from_string (const char *s)
{
  for (guint i = 0; i < G_N_ELEMENTS (kind_names); i++)
    if (g_strcmp0 (s, kind_names[i]) == 0)
      return (AudSyncKind) i;

  return AUD_SYNC_KIND_FULL;
}

void
aud_sync_record_free (AudSyncRecord *record)
{
  if (record == NULL)
    return;

  g_free (record->external_id);
  g_free (record->modstamp);
  g_free (record->values_json);
  g_free (record);
}

void
aud_sync_run_info_free (AudSyncRunInfo *info)
{
  if (info == NULL)
    return;

  g_free (info->path);
  g_free (info->started_at);
  g_free (info->finished_at);
  g_free (info->message);
  g_free (info);
}

static int
compare_strings (gconstpointer a,
                 gconstpointer b,
                 gpointer      user_data)
{
  return strcmp (*(const char * const *) a, *(const char * const *) b);
}

/* Reads column 0 of every row, adds the required fields if asked, sorts and drops duplicates:
 * the SOQL must name each field once. */
void
aud_sync_source_info_free (AudSyncSourceInfo *info)
{
  if (info == NULL)
    return;

  g_free (info->kind);
  g_free (info->object);
  g_free (info->name);
  g_free (info->last_sync_at);
  g_free (info->last_full_sync_at);
  g_free (info);
}

GPtrArray *
aud_sync_store_list_sources (AudStore  *store,
                             GError   **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(GPtrArray) sources = g_ptr_array_new_with_free_func ((GDestroyNotify) aud_sync_source_info_free);
  int rc;

  stmt = aud_store_prepare (store,
                            "SELECT s.id, s.kind, s.object, s.name, s.last_sync_at, s.last_full_sync_at, "
                            "  (SELECT count(*) FROM source_records r WHERE r.source_id = s.id AND NOT r.is_deleted), "
                            "  (SELECT count(*) FROM source_records r WHERE r.source_id = s.id AND r.is_deleted) "
                            "FROM sources s ORDER BY s.kind = 'salesforce' DESC, s.object, s.name",
                            error);
  if (stmt == NULL)
    return NULL;

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      AudSyncSourceInfo *info = g_new0 (AudSyncSourceInfo, 1);

      info->id = sqlite3_column_int64 (stmt, 0);
      info->kind = g_strdup ((const char *) sqlite3_column_text (stmt, 1));
      info->object = g_strdup ((const char *) sqlite3_column_text (stmt, 2));
      info->name = g_strdup ((const char *) sqlite3_column_text (stmt, 3));
      info->last_sync_at = g_strdup ((const char *) sqlite3_column_text (stmt, 4));
      info->last_full_sync_at = g_strdup ((const char *) sqlite3_column_text (stmt, 5));
      info->records = sqlite3_column_int64 (stmt, 6);
      info->deleted = sqlite3_column_int64 (stmt, 7);
      g_ptr_array_add (sources, info);
    }

  if (rc != SQLITE_DONE)
    {
      aud_store_set_sqlite_error (store, error, rc, "reading sources");
      return NULL;
    }

  return g_steal_pointer (&sources);
}

static GStrv
collect_strings (AudStore      *store,
                 sqlite3_stmt  *stmt,
                 gboolean       with_required,
                 GError       **error)
{
  g_autoptr(GPtrArray) all = g_ptr_array_new_with_free_func (g_free);
  GPtrArray *unique;
  int rc;

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_ptr_array_add (all, g_strdup ((const char *) sqlite3_column_text (stmt, 0)));

  if (rc != SQLITE_DONE)
    {
      aud_store_set_sqlite_error (store, error, rc, "reading mapped fields");
      return NULL;
    }

  if (with_required)
    for (guint i = 0; i < G_N_ELEMENTS (required_fields); i++)
      g_ptr_array_add (all, g_strdup (required_fields[i]));

  g_ptr_array_sort_with_data (all, compare_strings, NULL);

  unique = g_ptr_array_new ();
  for (guint i = 0; i < all->len; i++)
    if (unique->len == 0 || strcmp (g_ptr_array_index (unique, unique->len - 1), all->pdata[i]) != 0)
      g_ptr_array_add (unique, g_strdup (all->pdata[i]));
  g_ptr_array_add (unique, NULL);

  return (GStrv) g_ptr_array_free (unique, FALSE);
}

/* The mapped fields of every audience on @object (only those waiting for a backfill when asked),
 * leaving out fields removed from Salesforce: asking for them would fail the whole query. */
static GStrv
mapped_fields (AudStore    *store,
               const char  *object,
               gboolean     backfill_only,
               GError     **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;

  stmt = aud_store_prepare (store,
                            "SELECT DISTINCT f.field FROM mapped_fields f "
                            "JOIN audiences a ON a.id = f.audience_id "
                            "WHERE a.object = ?1 AND (NOT ?2 OR f.needs_backfill) "
                            "AND f.field NOT IN (SELECT field FROM describe_gone_fields WHERE object = ?1)",
                            error);
  if (stmt == NULL)
    return NULL;

  sqlite3_bind_text (stmt, 1, object, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int (stmt, 2, backfill_only ? 1 : 0);
  return collect_strings (store, stmt, !backfill_only, error);
}

GStrv
aud_sync_store_fields_for_object (AudStore    *store,
                                  const char  *object,
                                  GError     **error)
{
  return mapped_fields (store, object, FALSE, error);
}

GStrv
aud_sync_store_backfill_fields (AudStore    *store,
                                const char  *object,
                                GError     **error)
{
  return mapped_fields (store, object, TRUE, error);
}

gboolean
aud_sync_store_clear_backfill (AudStore            *store,
                               const char          *object,
                               const char * const  *fields,
                               GError             **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;

  stmt = aud_store_prepare (store,
                            "UPDATE mapped_fields SET needs_backfill = 0 "
                            "WHERE field = ?2 AND audience_id IN (SELECT id FROM audiences WHERE object = ?1)",
                            error);
  if (stmt == NULL)
    return FALSE;

  for (guint i = 0; fields != NULL && fields[i] != NULL; i++)
    {
      sqlite3_reset (stmt);
      sqlite3_bind_text (stmt, 1, object, -1, SQLITE_TRANSIENT);
      sqlite3_bind_text (stmt, 2, fields[i], -1, SQLITE_TRANSIENT);
      if (!aud_store_step_done (store, stmt, error))
        return FALSE;
    }

  return TRUE;
}

GStrv
aud_sync_store_synced_objects (AudStore  *store,
                               GError   **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;

  stmt = aud_store_prepare (store, "SELECT DISTINCT object FROM audiences ORDER BY object", error);
  if (stmt == NULL)
    return NULL;

  return collect_strings (store, stmt, FALSE, error);
}

static char *
now_iso (void)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();

  return g_date_time_format (now, "%Y-%m-%dT%H:%M:%S.%fZ");
}

gint64
aud_sync_store_start_run (AudStore     *store,
                          gint64        source_id,
                          AudSyncKind   kind,
                          const char   *path,
                          GError      **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autofree char *now = now_iso ();

  stmt = aud_store_prepare (store,
                            "INSERT INTO sync_runs (source_id, kind, path, started_at) VALUES (?1, ?2, ?3, ?4)",
                            error);
  if (stmt == NULL)
    return -1;

  sqlite3_bind_int64 (stmt, 1, source_id);
  sqlite3_bind_text (stmt, 2, aud_sync_kind_to_string (kind), -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 3, path, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 4, now, -1, SQLITE_TRANSIENT);
  if (!aud_store_step_done (store, stmt, error))
    return -1;

  return sqlite3_last_insert_rowid (aud_store_get_db (store));
}

gboolean
aud_sync_store_finish_run (AudStore             *store,
                           gint64                run_id,
                           const char           *path,
                           const AudSyncCounts  *counts,
                           AudSyncOutcome        outcome,
                           const char           *message,
                           GError              **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autofree char *now = now_iso ();

  stmt = aud_store_prepare (store,
                            "UPDATE sync_runs SET finished_at = ?2, outcome = ?3, message = ?4, "
                            "  fetched = ?5, created = ?6, updated = ?7, deleted = ?8, api_calls = ?9, "
                            "  path = coalesce(?10, path) "
                            "WHERE id = ?1",
                            error);
  if (stmt == NULL)
    return FALSE;

  sqlite3_bind_int64 (stmt, 1, run_id);
  sqlite3_bind_text (stmt, 2, now, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 3, aud_sync_outcome_to_string (outcome), -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 4, message, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int64 (stmt, 5, counts->fetched);
  sqlite3_bind_int64 (stmt, 6, counts->created);
  sqlite3_bind_int64 (stmt, 7, counts->updated);
  sqlite3_bind_int64 (stmt, 8, counts->deleted);
  sqlite3_bind_int64 (stmt, 9, counts->api_calls);
  sqlite3_bind_text (stmt, 10, path, -1, SQLITE_TRANSIENT);

  return aud_store_step_done (store, stmt, error);
}

gboolean
aud_sync_store_close_interrupted_runs (AudStore  *store,
                                       GError   **error)
{
  return aud_store_exec (store,
                         "UPDATE sync_runs SET outcome = 'interrupted', "
                         "  finished_at = coalesce(finished_at, strftime('%Y-%m-%dT%H:%M:%fZ', 'now')), "
                         "  message = 'Audiences stopped during this run; the next sync resumed from its last batch.' "
                         "WHERE outcome = 'running'",
                         error);
}

GPtrArray *
aud_sync_store_list_runs (AudStore  *store,
                          gint64     source_id,
                          guint      limit,
                          GError   **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(GPtrArray) runs = g_ptr_array_new_with_free_func ((GDestroyNotify) aud_sync_run_info_free);
  int rc;

  stmt = aud_store_prepare (store,
                            "SELECT id, source_id, kind, path, started_at, finished_at, fetched, created, "
                            "       updated, deleted, api_calls, outcome, message "
                            "FROM sync_runs WHERE ?1 < 0 OR source_id = ?1 ORDER BY id DESC LIMIT ?2",
                            error);
  if (stmt == NULL)
    return NULL;

  sqlite3_bind_int64 (stmt, 1, source_id);
  sqlite3_bind_int64 (stmt, 2, limit);

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      AudSyncRunInfo *info = g_new0 (AudSyncRunInfo, 1);

      info->id = sqlite3_column_int64 (stmt, 0);
      info->source_id = sqlite3_column_int64 (stmt, 1);
      info->kind = kind_from_string ((const char *) sqlite3_column_text (stmt, 2));
      info->path = g_strdup ((const char *) sqlite3_column_text (stmt, 3));
      info->started_at = g_strdup ((const char *) sqlite3_column_text (stmt, 4));
      info->finished_at = g_strdup ((const char *) sqlite3_column_text (stmt, 5));
      info->counts.fetched = sqlite3_column_int64 (stmt, 6);
      info->counts.created = sqlite3_column_int64 (stmt, 7);
      info->counts.updated = sqlite3_column_int64 (stmt, 8);
      info->counts.deleted = sqlite3_column_int64 (stmt, 9);
      info->counts.api_calls = sqlite3_column_int64 (stmt, 10);
      info->outcome = aud_sync_outcome_from_string ((const char *) sqlite3_column_text (stmt, 11));
      info->message = g_strdup ((const char *) sqlite3_column_text (stmt, 12));
      g_ptr_array_add (runs, info);
    }

  if (rc != SQLITE_DONE)
    {
      aud_store_set_sqlite_error (store, error, rc, "reading sync history");
      return NULL;
    }

  return g_steal_pointer (&runs);
}

/* Returns FALSE on error; otherwise *state is 0 (new), 1 (changed), 2 (same modstamp as stored). */
static gboolean
write_record (AudStore       *store,
              gint64          source_id,
              AudSyncRecord  *record,
              gboolean        rewrite_unchanged,
              int            *state,
              gboolean       *was_deleted,
              GError        **error)
{
  sqlite3_stmt *lookup;
  sqlite3_stmt *insert;
  sqlite3_stmt *update;
  int rc;

  /* A first import is almost all new rows: try the insert first and only look the row up when
   * it is already there (one statement per row instead of two). */
  if (*state == 0)
    {
      insert = aud_store_prepare_cached (store,
                                         "INSERT INTO source_records (source_id, external_id, modstamp, is_deleted, data) "
                                         "VALUES (?1, ?2, ?3, ?4, ?5) "
                                         "ON CONFLICT (source_id, external_id) DO NOTHING",
                                         error);
      if (insert == NULL)
        return FALSE;

      sqlite3_bind_int64 (insert, 1, source_id);
      sqlite3_bind_text (insert, 2, record->external_id, -1, SQLITE_STATIC);
      sqlite3_bind_text (insert, 3, record->modstamp, -1, SQLITE_STATIC);
      sqlite3_bind_int (insert, 4, record->is_deleted ? 1 : 0);
      sqlite3_bind_text (insert, 5, record->values_json != NULL ? record->values_json : "{}", -1, SQLITE_STATIC);
      if (!aud_store_step_done (store, insert, error))
        return FALSE;
      if (sqlite3_changes (aud_store_get_db (store)) > 0)
        {
          *was_deleted = FALSE;
          return TRUE;
        }
    }

  lookup = aud_store_prepare_cached (store,
                                     "SELECT modstamp, is_deleted FROM source_records "
                                     "WHERE source_id = ?1 AND external_id = ?2",
                                     error);
  if (lookup == NULL)
    return FALSE;

  sqlite3_bind_int64 (lookup, 1, source_id);
  sqlite3_bind_text (lookup, 2, record->external_id, -1, SQLITE_STATIC);
  rc = sqlite3_step (lookup);
  if (rc == SQLITE_ROW)
    {
      const char *stored = (const char *) sqlite3_column_text (lookup, 0);

      *was_deleted = sqlite3_column_int (lookup, 1) != 0;
      *state = g_strcmp0 (stored, record->modstamp) == 0 && *was_deleted == record->is_deleted ? 2 : 1;
    }
  else if (rc == SQLITE_DONE)
    {
      *state = 0;
      *was_deleted = FALSE;
    }
  else
    {
      aud_store_set_sqlite_error (store, error, rc, "reading a record");
      return FALSE;
    }
  sqlite3_reset (lookup);

  /* Seen again with the stamp we already have (the look-back overlap). SystemModstamp has
   * whole seconds, so an edit in the same second as our last read keeps its stamp: write only
   * when the values differ, and then it counts as an update. */
  if (*state == 2 && record->modstamp != NULL && !rewrite_unchanged)
    {
      sqlite3_stmt *same = aud_store_prepare_cached (store,
                                                     "UPDATE source_records SET data = json_patch(data, ?3) "
                                                     "WHERE source_id = ?1 AND external_id = ?2 "
                                                     /* compared without nulls: a merge drops them */
                                                     "  AND json_patch('{}', data) IS NOT json_patch(json_patch('{}', data), ?3)",
                                                     error);
      if (same == NULL)
        return FALSE;

      sqlite3_bind_int64 (same, 1, source_id);
      sqlite3_bind_text (same, 2, record->external_id, -1, SQLITE_STATIC);
      sqlite3_bind_text (same, 3, record->values_json != NULL ? record->values_json : "{}", -1, SQLITE_STATIC);
      if (!aud_store_step_done (store, same, error))
        return FALSE;
      if (sqlite3_changes (aud_store_get_db (store)) > 0)
        *state = 1;
      return TRUE;
    }

  if (*state == 0)
    {
      insert = aud_store_prepare_cached (store,
                                         "INSERT INTO source_records (source_id, external_id, modstamp, is_deleted, data) "
                                         "VALUES (?1, ?2, ?3, ?4, ?5)",
                                         error);
      if (insert == NULL)
        return FALSE;

      sqlite3_bind_int64 (insert, 1, source_id);
      sqlite3_bind_text (insert, 2, record->external_id, -1, SQLITE_STATIC);
      sqlite3_bind_text (insert, 3, record->modstamp, -1, SQLITE_STATIC);
      sqlite3_bind_int (insert, 4, record->is_deleted ? 1 : 0);
      sqlite3_bind_text (insert, 5, record->values_json != NULL ? record->values_json : "{}", -1, SQLITE_STATIC);
      return aud_store_step_done (store, insert, error);
    }

  /* Merge: fields fetched now replace theirs, fields not fetched (unmapped, or not part of a
   * backfill) keep what they had. A backfill row carries no modstamp and keeps the stored one. */
  update = aud_store_prepare_cached (store,
                                     "UPDATE source_records SET "
                                     "  modstamp = coalesce(?3, modstamp), "
                                     "  is_deleted = CASE WHEN ?3 IS NULL THEN is_deleted ELSE ?4 END, "
                                     "  data = json_patch(data, ?5) "
                                     "WHERE source_id = ?1 AND external_id = ?2",
                                     error);
  if (update == NULL)
    return FALSE;

  sqlite3_bind_int64 (update, 1, source_id);
  sqlite3_bind_text (update, 2, record->external_id, -1, SQLITE_STATIC);
  sqlite3_bind_text (update, 3, record->modstamp, -1, SQLITE_STATIC);
  sqlite3_bind_int (update, 4, record->is_deleted ? 1 : 0);
  sqlite3_bind_text (update, 5, record->values_json != NULL ? record->values_json : "{}", -1, SQLITE_STATIC);

  return aud_store_step_done (store, update, error);
}

gboolean
aud_sync_store_commit_batch (AudStore       *store,
                             gint64          source_id,
                             gint64          run_id,
                             GPtrArray      *records,
                             gboolean        rewrite_unchanged,
                             const char     *watermark,
                             const char     *position,
                             AudSyncCounts  *counts,
                             GError        **error)
{
  AudSyncCounts batch = { 0 };
  g_autoptr(sqlite3_stmt) run = NULL;
  gboolean previous_new = FALSE;

  if (!aud_store_begin (store, error))
    return FALSE;

  for (guint i = 0; records != NULL && i < records->len; i++)
    {
      AudSyncRecord *record = g_ptr_array_index (records, i);
      gboolean was_deleted;
      /* In: 0 guesses "new" (the previous row was); out: what it was. */
      int state = previous_new ? 0 : 1;

      if (!write_record (store, source_id, record, rewrite_unchanged, &state, &was_deleted, error))
        {
          aud_store_rollback (store);
          return FALSE;
        }

      previous_new = state == 0;
      batch.fetched++;
      if (state == 2)
        batch.unchanged++;
      else if (record->is_deleted && (state == 0 || !was_deleted))
        batch.deleted++;
      else if (state == 0)
        batch.created++;
      else
        batch.updated++;
    }

  batch.batches = 1;
  counts->fetched += batch.fetched;
  counts->created += batch.created;
  counts->updated += batch.updated;
  counts->unchanged += batch.unchanged;
  counts->deleted += batch.deleted;
  counts->batches += batch.batches;

  run = aud_store_prepare (store,
                           "UPDATE sync_runs SET fetched = ?2, created = ?3, updated = ?4, deleted = ?5, "
                           "  api_calls = ?6 WHERE id = ?1",
                           error);
  if (run == NULL)
    {
      aud_store_rollback (store);
      return FALSE;
    }
  sqlite3_bind_int64 (run, 1, run_id);
  sqlite3_bind_int64 (run, 2, counts->fetched);
  sqlite3_bind_int64 (run, 3, counts->created);
  sqlite3_bind_int64 (run, 4, counts->updated);
  sqlite3_bind_int64 (run, 5, counts->deleted);
  sqlite3_bind_int64 (run, 6, counts->api_calls);

  if (!aud_store_step_done (store, run, error) ||
      !aud_store_set_source_cursor (store, source_id, watermark, position, error) ||
      !aud_store_commit (store, error))
    {
      aud_store_rollback (store);
      /* The counters were advanced for a batch that did not land. */
      counts->fetched -= batch.fetched;
      counts->created -= batch.created;
      counts->updated -= batch.updated;
      counts->unchanged -= batch.unchanged;
      counts->deleted -= batch.deleted;
      counts->batches -= batch.batches;
      return FALSE;
    }

  return TRUE;
}

gboolean
aud_sync_store_mark_synced (AudStore  *store,
                            gint64     source_id,
                            gboolean   full,
                            GError   **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autofree char *now = now_iso ();

  stmt = aud_store_prepare (store,
                            "UPDATE sources SET last_sync_at = ?2, "
                            "  last_full_sync_at = CASE WHEN ?3 THEN ?2 ELSE last_full_sync_at END "
                            "WHERE id = ?1",
                            error);
  if (stmt == NULL)
    return FALSE;

  sqlite3_bind_int64 (stmt, 1, source_id);
  sqlite3_bind_text (stmt, 2, now, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int (stmt, 3, full ? 1 : 0);
  return aud_store_step_done (store, stmt, error);
}
