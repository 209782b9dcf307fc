/* aud-warehouse-job.c — one sync of one warehouse source: full or incremental
 *
 * With an "updated at" column, reads are ordered by (updated_at, id) and every committed batch
 * saves the (updated_at, id) of its last row as the cursor position. A resumed run re-queries
 * strictly after it, tie-broken by id, so rows sharing one stamp across a batch boundary are
 * neither skipped nor read twice (as aud-sync-job.c does with SystemModstamp). Later syncs read
 * from the watermark minus the look-back, which catches rows committed late with an older
 * stamp; rows read again with the stamp already stored count as unchanged.
 * Without such a column every sync is a full read and a row's modstamp is a fingerprint of its
 * values, so changed rows are updated and the others left alone.
 * Either way a pass over the keys finishes the run and marks rows the warehouse no longer has
 * as deleted: only after a complete read, never from a partial one.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <sql.h>
#include <sqlext.h>
#include <string.h>

#include "aud-csv-import-private.h"
#include "aud-csv-source.h"
#include "aud-store-private.h"
#include "aud-warehouse-job.h"
#include "aud-warehouse-reader.h"
#include "aud-warehouse-source.h"
#include "aud-warehouse-vault.h"

typedef struct
{
  AudStore              *store;
  gint64                 source_id;
  gint64                 run_id;
  AudWarehouseSettings  *settings;
  AudWarehouseReader    *reader;
  GCancellable          *cancellable;
  AudSyncProgressFunc    progress_func;
  gpointer               progress_data;
  AudSyncProgress        progress;
  char                  *watermark;     /* committed, UTC ISO text */
  char                  *max_stamp;     /* highest stamp read this run */
  int                    id_index;
  int                    stamp_index;
  int                   *map_index;     /* per mapped column */
  int                    id_type;
  int                    stamp_type;
} Job;

static void
job_clear (Job *job)
{
  g_clear_pointer (&job->settings, aud_warehouse_settings_free);
  g_clear_object (&job->reader);
  g_clear_pointer (&job->watermark, g_free);
  g_clear_pointer (&job->max_stamp, g_free);
  g_clear_pointer (&job->map_index, g_free);
  aud_sync_progress_clear (&job->progress);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Job, job_clear)

static void
job_report (Job *job)
{
  if (job->progress_func != NULL)
    job->progress_func (&job->progress, job->progress_data);
}

static gboolean
check_cancelled (Job     *job,
                 GError **error)
{
  return g_cancellable_set_error_if_cancelled (job->cancellable, error);
}

/* FALSE on error or cancellation; *has_row FALSE at the end of the result. */
static gboolean
fetch_row (Job       *job,
           gboolean  *has_row,
           GError   **error)
{
  g_autoptr(GError) local = NULL;

  *has_row = FALSE;
  if (check_cancelled (job, error))
    return FALSE;
  if (!aud_warehouse_reader_next (job->reader, has_row, &local) && local != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local));
      return FALSE;
    }
  return TRUE;
}

/* Finds the configured columns in a result without rows, so a renamed column fails before any
 * row is read, and learns the SQL types the cursor parameters are bound with. */
static gboolean
resolve_columns (Job     *job,
                 GError **error)
{
  g_autofree char *base = aud_warehouse_settings_base_sql (job->settings);
  g_autofree char *sql = g_strdup_printf ("SELECT * FROM (%s) aud_w WHERE 1 = 0", base);
  AudWarehouseSettings *s = job->settings;

  if (!aud_warehouse_reader_execute (job->reader, sql, NULL, NULL, error))
    return FALSE;

  job->id_index = aud_warehouse_reader_find_column (job->reader, s->id_column);
  job->stamp_index = aud_warehouse_reader_find_column (job->reader, s->updated_at_column);
  if (job->id_index < 0 || (s->updated_at_column != NULL && job->stamp_index < 0))
    {
      g_set_error (error, AUD_WAREHOUSE_ERROR, AUD_WAREHOUSE_ERROR_NO_COLUMN,
                   _("The column “%s” is not in the warehouse data. Pick another column in the source’s settings."),
                   job->id_index < 0 ? s->id_column : s->updated_at_column);
      return FALSE;
    }
  job->id_type = aud_warehouse_reader_get_column (job->reader, job->id_index)->sql_type;
  if (job->stamp_index >= 0)
    job->stamp_type = aud_warehouse_reader_get_column (job->reader, job->stamp_index)->sql_type;

  job->map_index = g_new0 (int, MAX (s->columns->len, 1));
  for (guint i = 0; i < s->columns->len; i++)
    {
      job->map_index[i] = aud_warehouse_reader_find_column (job->reader, g_ptr_array_index (s->columns, i));
      if (job->map_index[i] < 0)
        {
          g_set_error (error, AUD_WAREHOUSE_ERROR, AUD_WAREHOUSE_ERROR_NO_COLUMN,
                       _("The mapped column “%s” is not in the warehouse data. Fix the mapping."),
                       (const char *) g_ptr_array_index (s->columns, i));
          return FALSE;
        }
    }
  return TRUE;
}

/* "2024-01-02T03:04:05.000006Z" minus @seconds, as the parameter text drivers take. */
static char *
stamp_to_parameter (const char *stamp,
                    guint       minus_seconds,
                    int         sql_type)
{
  g_autoptr(GDateTime) dt = g_date_time_new_from_iso8601 (stamp, NULL);
  g_autoptr(GDateTime) moved = NULL;

  if (dt == NULL || (sql_type != SQL_TYPE_TIMESTAMP && sql_type != SQL_TIMESTAMP &&
                     sql_type != SQL_TYPE_DATE && sql_type != SQL_DATE))
    return g_strdup (stamp);
  moved = g_date_time_add_seconds (dt, -(gdouble) minus_seconds);
  if (sql_type == SQL_TYPE_DATE || sql_type == SQL_DATE)
    return g_date_time_format (moved, "%Y-%m-%d");
  return g_date_time_format (moved, "%Y-%m-%d %H:%M:%S.%f");
}

static void
append_record (Job        *job,
               GPtrArray  *batch)
{
  AudWarehouseSettings *s = job->settings;
  AudSyncRecord *record = g_new0 (AudSyncRecord, 1);
  GString *json = g_string_sized_new (256);
  guint n = aud_warehouse_reader_get_n_columns (job->reader);

  g_string_append_c (json, '{');
  if (s->columns->len > 0)
    for (guint i = 0; i < s->columns->len; i++)
      {
        if (i > 0)
          g_string_append_c (json, ',');
        {
          const char *field = g_ptr_array_index (s->fields, i);
          aud_csv_append_json_string (json, field, strlen (field));
        }
        g_string_append_c (json, ':');
        aud_warehouse_reader_append_json (job->reader, job->map_index[i], json);
      }
  else
    for (guint i = 0; i < n; i++)
      {
        if (i > 0)
          g_string_append_c (json, ',');
        {
          const char *name = aud_warehouse_reader_get_column (job->reader, i)->name;
          aud_csv_append_json_string (json, name, strlen (name));
        }
        g_string_append_c (json, ':');
        aud_warehouse_reader_append_json (job->reader, i, json);
      }
  g_string_append_c (json, '}');

  record->external_id = g_strdup (aud_warehouse_reader_get_text (job->reader, job->id_index));
  if (job->stamp_index >= 0)
    record->modstamp = g_strdup (aud_warehouse_reader_get_text (job->reader, job->stamp_index));
  if (record->modstamp == NULL)
    {
      /* No stamp to go by: the values' fingerprint moves exactly when a value does. */
      g_autofree char *sum = g_compute_checksum_for_string (G_CHECKSUM_SHA256, json->str, json->len);
      record->modstamp = g_strdup_printf ("fp:%.32s", sum);
    }
  record->values_json = g_string_free (json, FALSE);
  g_ptr_array_add (batch, record);
}

/* Marks the keys of @batch as seen in this connection's scratch table; a transaction of its own
 * because the table is TEMP and commits cheaply. */
static gboolean
mark_seen (Job        *job,
           GPtrArray  *keys,
           GError    **error)
{
  if (!aud_store_begin (job->store, error))
    return FALSE;
  for (guint i = 0; i < keys->len; i++)
    {
      gboolean first;

      if (!aud_csv_source_mark_seen (job->store, g_ptr_array_index (keys, i), &first, error))
        {
          aud_store_rollback (job->store);
          return FALSE;
        }
    }
  return aud_store_commit (job->store, error);
}

static gboolean
commit_batch (Job        *job,
              GPtrArray  *batch,
              gboolean    full,
              GError    **error)
{
  g_autofree char *position = NULL;
  g_autoptr(GPtrArray) keys = g_ptr_array_new ();

  if (batch->len == 0)
    return TRUE;

  if (!full)
    {
      AudSyncRecord *last = g_ptr_array_index (batch, batch->len - 1);
      position = g_strdup_printf ("%s\n%s", last->modstamp, last->external_id);
    }
  if (!aud_sync_store_commit_batch (job->store, job->source_id, job->run_id, batch, FALSE,
                                    job->watermark, position, &job->progress.counts, error))
    return FALSE;

  if (full)
    {
      for (guint i = 0; i < batch->len; i++)
        g_ptr_array_add (keys, ((AudSyncRecord *) g_ptr_array_index (batch, i))->external_id);
      if (!mark_seen (job, keys, error))
        return FALSE;
    }
  job_report (job);
  return TRUE;
}

/* Reads the rows of the current result into batches. Rows without a key cannot be tracked
 * and are left out (counted as fetched only by the warehouse). */
static gboolean
read_rows (Job       *job,
           gboolean   full,
           GError   **error)
{
  g_autoptr(GPtrArray) batch = g_ptr_array_new_with_free_func ((GDestroyNotify) aud_sync_record_free);

  for (;;)
    {
      gboolean has_row;

      if (!fetch_row (job, &has_row, error))
        return FALSE;
      if (!has_row)
        break;
      if (aud_warehouse_reader_get_text (job->reader, job->id_index) == NULL)
        continue;

      append_record (job, batch);
      if (!full)
        {
          AudSyncRecord *record = g_ptr_array_index (batch, batch->len - 1);

          if (job->max_stamp == NULL || strcmp (record->modstamp, job->max_stamp) > 0)
            {
              g_free (job->max_stamp);
              job->max_stamp = g_strdup (record->modstamp);
            }
        }
      if (batch->len >= AUD_SYNC_BATCH_SIZE)
        {
          if (!commit_batch (job, batch, full, error))
            return FALSE;
          g_ptr_array_set_size (batch, 0);
        }
    }

  return commit_batch (job, batch, full, error);
}

static gboolean
run_incremental (Job                   *job,
                 const AudSyncOptions  *options,
                 const char            *position,
                 GError               **error)
{
  AudWarehouseSettings *s = job->settings;
  g_autofree char *base = aud_warehouse_settings_base_sql (s);
  g_autofree char *id = aud_warehouse_reader_quote (job->reader, s->id_column);
  g_autofree char *stamp = aud_warehouse_reader_quote (job->reader, s->updated_at_column);
  g_autoptr(GString) sql = g_string_new (NULL);
  g_autoptr(GPtrArray) params = g_ptr_array_new_with_free_func (g_free);
  int types[5];
  guint n = 0;
  const char *where = " WHERE";

  /* A row without a stamp cannot be placed in the order, so it cannot be resumed after either:
   * such rows are left out of incremental reads (pick a NOT NULL column, or none). */
  g_string_printf (sql, "SELECT * FROM (%s) aud_w WHERE %s IS NOT NULL", base, stamp);
  where = " AND";
  if (job->watermark != NULL)
    {
      g_string_append_printf (sql, "%s %s >= ?", where, stamp);
      g_ptr_array_add (params, stamp_to_parameter (job->watermark, options->lookback_seconds, job->stamp_type));
      types[n++] = job->stamp_type;
      where = " AND";
    }
  if (position != NULL && strchr (position, '\n') != NULL)
    {
      g_auto(GStrv) parts = g_strsplit (position, "\n", 2);

      /* Strictly after the checkpoint, tie-broken by the key. */
      g_string_append_printf (sql, "%s (%s > ? OR (%s = ? AND %s > ?))", where, stamp, stamp, id);
      g_ptr_array_add (params, stamp_to_parameter (parts[0], 0, job->stamp_type));
      types[n++] = job->stamp_type;
      g_ptr_array_add (params, stamp_to_parameter (parts[0], 0, job->stamp_type));
      types[n++] = job->stamp_type;
      g_ptr_array_add (params, g_strdup (parts[1]));
      types[n++] = job->id_type;
    }
  g_string_append_printf (sql, " ORDER BY %s, %s", stamp, id);
  g_ptr_array_add (params, NULL);

  if (!aud_warehouse_reader_execute (job->reader, sql->str, (const char * const *) params->pdata, types, error))
    return FALSE;
  return read_rows (job, FALSE, error);
}

/* The keys the warehouse has now; the live records it lacks are marked deleted. */
static gboolean
remove_missing (Job       *job,
                gboolean   keys_seen,
                GError   **error)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autofree char *stamp = g_date_time_format (now, "%Y-%m-%dT%H:%M:%S.%fZ");
  gint64 removed;

  if (!keys_seen)
    {
      g_autofree char *base = aud_warehouse_settings_base_sql (job->settings);
      g_autofree char *id = aud_warehouse_reader_quote (job->reader, job->settings->id_column);
      g_autofree char *sql = g_strdup_printf ("SELECT %s FROM (%s) aud_w", id, base);
      g_autoptr(GPtrArray) keys = g_ptr_array_new_with_free_func (g_free);

      if (!aud_warehouse_reader_execute (job->reader, sql, NULL, NULL, error))
        return FALSE;
      for (;;)
        {
          gboolean has_row;

          if (!fetch_row (job, &has_row, error))
            return FALSE;
          if (!has_row)
            break;
          if (aud_warehouse_reader_get_text (job->reader, 0) != NULL)
            g_ptr_array_add (keys, g_strdup (aud_warehouse_reader_get_text (job->reader, 0)));
          if (keys->len >= 10 * AUD_SYNC_BATCH_SIZE)
            {
              if (!mark_seen (job, keys, error))
                return FALSE;
              g_ptr_array_set_size (keys, 0);
            }
        }
      if (!mark_seen (job, keys, error))
        return FALSE;
    }

  if (!aud_store_begin (job->store, error))
    return FALSE;
  removed = aud_csv_source_remove_unseen (job->store, job->source_id, stamp, error);
  if (removed < 0 || !aud_store_commit (job->store, error))
    {
      aud_store_rollback (job->store);
      return FALSE;
    }
  job->progress.counts.deleted += removed;
  return TRUE;
}

static gboolean
read_source_row (AudStore  *store,
                 gint64     source_id,
                 char     **object,
                 GError   **error)
{
  g_autoptr(sqlite3_stmt) stmt = aud_store_prepare (store,
                                                    "SELECT object FROM sources WHERE id = ?1 AND kind = 'warehouse'",
                                                    error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, source_id);
  if (sqlite3_step (stmt) != SQLITE_ROW)
    {
      g_set_error (error, AUD_STORE_ERROR, AUD_STORE_ERROR_NOT_FOUND,
                   _("Warehouse source %lld does not exist. Add it first."), (long long) source_id);
      return FALSE;
    }
  *object = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
  return TRUE;
}

AudSyncResult *
aud_warehouse_job_run_with_password (AudStore              *store,
                                     gint64                 source_id,
                                     const char            *password,
                                     const AudSyncOptions  *options,
                                     AudSyncProgressFunc    progress_func,
                                     gpointer               progress_data,
                                     GCancellable          *cancellable,
                                     GError               **warehouse_error,
                                     GError               **error)
{
  g_auto(Job) job = { 0 };
  g_autoptr(AudSyncResult) result = g_new0 (AudSyncResult, 1);
  g_autoptr(GError) job_error = NULL;
  g_autofree char *position = NULL;
  AudSyncOptions defaults;
  gboolean full;
  gboolean ok;

  g_return_val_if_fail (AUD_IS_STORE (store), NULL);

  if (options == NULL)
    {
      aud_sync_options_init (&defaults);
      options = &defaults;
    }

  job.store = store;
  job.source_id = source_id;
  job.cancellable = cancellable;
  job.progress_func = progress_func;
  job.progress_data = progress_data;
  job.progress.expected = -1;
  job.progress.api_used = -1;
  job.progress.started_us = g_get_monotonic_time ();
  job.id_index = job.stamp_index = -1;

  if (!read_source_row (store, source_id, &job.progress.object, error) ||
      !aud_store_get_source_cursor (store, source_id, &job.watermark, &position, error) ||
      !aud_sync_store_close_interrupted_runs (store, error))
    return NULL;

  /* Settings that no longer pass the guard fail the run, like a bad query would. */
  job.settings = aud_warehouse_source_load (store, source_id, &job_error);

  if (options->force_full && job.settings != NULL && job.settings->updated_at_column != NULL)
    {
      g_clear_pointer (&job.watermark, g_free);
      g_clear_pointer (&position, g_free);
    }
  full = job.settings == NULL || job.settings->updated_at_column == NULL;
  /* A full read restarts after a crash: its committed batches come back as unchanged. */
  if (full)
    g_clear_pointer (&position, g_free);
  job.progress.kind = full || (job.watermark == NULL && position == NULL) ? AUD_SYNC_KIND_FULL
                                                                          : AUD_SYNC_KIND_INCREMENTAL;

  result->object = g_strdup (job.progress.object);
  result->source_id = source_id;
  result->kind = job.progress.kind;
  result->path = g_strdup (full ? "odbc: full read, changes by fingerprint" : "odbc: ordered by updated at");
  job.run_id = aud_sync_store_start_run (store, source_id, result->kind, result->path, error);
  if (job.run_id < 0)
    return NULL;
  result->run_id = job.run_id;
  job_report (&job);

  ok = job_error == NULL && aud_csv_source_begin_import (store, error);
  if (job_error == NULL && !ok)
    return NULL;

  if (ok)
    {
      job.reader = aud_warehouse_reader_connect (job.settings->connection, password, &job_error);
      ok = job.reader != NULL && resolve_columns (&job, &job_error);
    }
  if (ok && full)
    {
      g_autofree char *base = aud_warehouse_settings_base_sql (job.settings);

      ok = aud_warehouse_reader_execute (job.reader, base, NULL, NULL, &job_error) &&
           read_rows (&job, TRUE, &job_error);
    }
  else if (ok)
    ok = run_incremental (&job, options, position, &job_error);

  ok = ok && remove_missing (&job, full, &job_error);
  aud_csv_source_end_import (store);

  if (ok)
    {
      const char *new_watermark = job.watermark;

      /* The watermark moves to the highest stamp read, never back, never to "now". */
      if (job.max_stamp != NULL && (new_watermark == NULL || strcmp (job.max_stamp, new_watermark) > 0))
        new_watermark = job.max_stamp;
      if (!aud_store_set_source_cursor (store, source_id, new_watermark, NULL, error) ||
          !aud_sync_store_mark_synced (store, source_id, full || result->kind == AUD_SYNC_KIND_FULL, error))
        return NULL;
      result->outcome = AUD_SYNC_OUTCOME_SUCCEEDED;
    }
  else if (g_error_matches (job_error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      result->outcome = AUD_SYNC_OUTCOME_CANCELLED;
      result->message = g_strdup (_("Cancelled. The rows imported so far are kept; the next sync continues from there."));
    }
  else
    {
      result->outcome = AUD_SYNC_OUTCOME_FAILED;
      result->message = g_strdup (job_error != NULL ? job_error->message : _("The sync failed."));
    }

  result->counts = job.progress.counts;
  if (!aud_sync_store_finish_run (store, job.run_id, result->path, &result->counts, result->outcome,
                                  result->message, error))
    return NULL;
  job_report (&job);

  if (job_error != NULL && warehouse_error != NULL)
    g_propagate_error (warehouse_error, g_steal_pointer (&job_error));
  return g_steal_pointer (&result);
}

AudSyncResult *
aud_warehouse_job_run (AudStore              *store,
                       gint64                 source_id,
                       const AudSyncOptions  *options,
                       AudSyncProgressFunc    progress_func,
                       gpointer               progress_data,
                       GCancellable          *cancellable,
                       GError               **error)
{
  g_autoptr(AudWarehouseSettings) settings = NULL;
  g_autoptr(GError) keyring_error = NULL;
  g_autofree char *password = NULL;
  AudSyncResult *result;

  g_return_val_if_fail (AUD_IS_STORE (store), NULL);

  settings = aud_warehouse_source_load (store, source_id, NULL);
  /* No keyring, or nothing stored: try without; a login failure then says what to do. */
  if (settings != NULL)
    password = aud_warehouse_vault_lookup (settings->connection, 0, cancellable, &keyring_error);
  result = aud_warehouse_job_run_with_password (store, source_id, password, options, progress_func,
                                                progress_data, cancellable, NULL, error);
  if (password != NULL)
    memset (password, 0, strlen (password));
  return result;
}
