/* aud-csv-source.c — the workspace side of CSV sources: find, create, upsert, export
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "aud-csv-source.h"
#include "aud-store-private.h"

gint64
aud_csv_source_ensure (AudStore    *store,
                       const char  *object,
                       const char  *name,
                       GError     **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;

  g_return_val_if_fail (AUD_IS_STORE (store), -1);
  g_return_val_if_fail (object != NULL && name != NULL, -1);

  stmt = aud_store_prepare (store,
                            "INSERT INTO sources (kind, object, name) VALUES ('csv', ?1, ?2) "
                            "ON CONFLICT (kind, object, name) DO UPDATE SET kind = excluded.kind "
                            "RETURNING id",
                            error);
  if (stmt == NULL)
    return -1;

  sqlite3_bind_text (stmt, 1, object, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, name, -1, SQLITE_STATIC);
  if (sqlite3_step (stmt) != SQLITE_ROW)
    {
      aud_store_set_sqlite_error (store, error, sqlite3_errcode (aud_store_get_db (store)),
                                  "adding a CSV source");
      return -1;
    }

  return sqlite3_column_int64 (stmt, 0);
}

gint64
aud_csv_source_find (AudStore    *store,
                     const char  *object,
                     const char  *name,
                     GError     **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  int rc;

  g_return_val_if_fail (AUD_IS_STORE (store), -1);
  g_return_val_if_fail (object != NULL && name != NULL, -1);

  stmt = aud_store_prepare (store,
                            "SELECT id FROM sources WHERE kind = 'csv' AND object = ?1 AND name = ?2",
                            error);
  if (stmt == NULL)
    return -1;

  sqlite3_bind_text (stmt, 1, object, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, name, -1, SQLITE_STATIC);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    return sqlite3_column_int64 (stmt, 0);
  if (rc == SQLITE_DONE)
    g_set_error (error, AUD_STORE_ERROR, AUD_STORE_ERROR_NOT_FOUND,
                 _("There is no CSV source “%s” for %s. Import a file first."), name, object);
  else
    aud_store_set_sqlite_error (store, error, rc, "finding a CSV source");

  return -1;
}

/* The first column of every row of @stmt, bound and ready to step. */
static GStrv
collect_strings (AudStore      *store,
                 sqlite3_stmt  *stmt,
                 const char    *what,
                 GError       **error)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  int rc;

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_strv_builder_add (builder, (const char *) sqlite3_column_text (stmt, 0));

  if (rc != SQLITE_DONE)
    {
      aud_store_set_sqlite_error (store, error, rc, what);
      return NULL;
    }

  return g_strv_builder_end (builder);
}

gboolean
aud_csv_source_link_audience (AudStore    *store,
                              gint64       source_id,
                              gint64       audience_id,
                              GError     **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;

  g_return_val_if_fail (AUD_IS_STORE (store), FALSE);

  stmt = aud_store_prepare (store,
                            "INSERT INTO audience_sources (audience_id, source_id) VALUES (?1, ?2) "
                            "ON CONFLICT DO NOTHING",
                            error);
  if (stmt == NULL)
    return FALSE;

  sqlite3_bind_int64 (stmt, 1, audience_id);
  sqlite3_bind_int64 (stmt, 2, source_id);
  return aud_store_step_done (store, stmt, error);
}

gint64
aud_csv_source_find_for_audience (AudStore    *store,
                                  gint64       audience_id,
                                  const char  *object,
                                  const char  *name,
                                  GError     **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  int rc;

  g_return_val_if_fail (AUD_IS_STORE (store), -1);
  g_return_val_if_fail (object != NULL && name != NULL, -1);

  stmt = aud_store_prepare (store,
                            "SELECT id FROM sources WHERE name = ?2 AND "
                            "  (id IN (SELECT source_id FROM audience_sources WHERE audience_id = ?1) "
                            "   OR (kind = 'salesforce' AND object = ?3)) "
                            "ORDER BY kind = 'salesforce' LIMIT 1",
                            error);
  if (stmt == NULL)
    return -1;

  sqlite3_bind_int64 (stmt, 1, audience_id);
  sqlite3_bind_text (stmt, 2, name, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 3, object, -1, SQLITE_STATIC);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    return sqlite3_column_int64 (stmt, 0);
  if (rc == SQLITE_DONE)
    g_set_error (error, AUD_STORE_ERROR, AUD_STORE_ERROR_NOT_FOUND,
                 _("The audience has no source “%s”. Import a file into it first, or pick one of its sources."),
                 name);
  else
    aud_store_set_sqlite_error (store, error, rc, "finding a source");

  return -1;
}

GStrv
aud_csv_source_list_audience_sources (AudStore    *store,
                                      gint64       audience_id,
                                      GError     **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;

  g_return_val_if_fail (AUD_IS_STORE (store), NULL);

  stmt = aud_store_prepare (store,
                            "SELECT s.name FROM sources AS s JOIN audience_sources AS a ON a.source_id = s.id "
                            "WHERE a.audience_id = ?1 ORDER BY s.name",
                            error);
  if (stmt == NULL)
    return NULL;

  sqlite3_bind_int64 (stmt, 1, audience_id);
  return collect_strings (store, stmt, "listing an audience’s sources", error);
}

char *
aud_csv_source_get_settings (AudStore    *store,
                             gint64       source_id,
                             GError     **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  int rc;

  g_return_val_if_fail (AUD_IS_STORE (store), NULL);

  stmt = aud_store_prepare (store, "SELECT settings FROM sources WHERE id = ?1", error);
  if (stmt == NULL)
    return NULL;

  sqlite3_bind_int64 (stmt, 1, source_id);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    return g_strdup ((const char *) sqlite3_column_text (stmt, 0));
  if (rc == SQLITE_DONE)
    g_set_error (error, AUD_STORE_ERROR, AUD_STORE_ERROR_NOT_FOUND,
                 _("Source %lld does not exist"), (long long) source_id);
  else
    aud_store_set_sqlite_error (store, error, rc, "reading a source’s settings");

  return NULL;
}

gboolean
aud_csv_source_set_settings (AudStore    *store,
                             gint64       source_id,
                             const char  *settings_json,
                             GError     **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;

  g_return_val_if_fail (AUD_IS_STORE (store), FALSE);
  g_return_val_if_fail (settings_json != NULL, FALSE);

  stmt = aud_store_prepare (store,
                            "UPDATE sources SET settings = ?2, "
                            "  last_sync_at = strftime('%Y-%m-%dT%H:%M:%SZ', 'now'), "
                            "  last_full_sync_at = strftime('%Y-%m-%dT%H:%M:%SZ', 'now') "
                            "WHERE id = ?1",
                            error);
  if (stmt == NULL)
    return FALSE;

  sqlite3_bind_int64 (stmt, 1, source_id);
  sqlite3_bind_text (stmt, 2, settings_json, -1, SQLITE_STATIC);
  return aud_store_step_done (store, stmt, error);
}

gboolean
aud_csv_source_begin_import (AudStore  *store,
                             GError   **error)
{
  g_return_val_if_fail (AUD_IS_STORE (store), FALSE);

  /* A TEMP table lives in this connection only and is never part of the workspace file. */
  return aud_store_exec (store,
                         "CREATE TEMP TABLE IF NOT EXISTS csv_import_seen "
                         "  (external_id TEXT PRIMARY KEY) WITHOUT ROWID;"
                         "DELETE FROM temp.csv_import_seen;",
                         error);
}

gboolean
aud_csv_source_mark_seen (AudStore    *store,
                          const char  *external_id,
                          gboolean    *first,
                          GError     **error)
{
  sqlite3_stmt *stmt;

  g_return_val_if_fail (AUD_IS_STORE (store), FALSE);

  stmt = aud_store_prepare_cached (store,
                                   "INSERT INTO temp.csv_import_seen (external_id) VALUES (?1) "
                                   "ON CONFLICT DO NOTHING",
                                   error);
  if (stmt == NULL)
    return FALSE;

  sqlite3_bind_text (stmt, 1, external_id, -1, SQLITE_STATIC);
  if (!aud_store_step_done (store, stmt, error))
    return FALSE;

  *first = sqlite3_changes (aud_store_get_db (store)) > 0;
  return TRUE;
}

gboolean
aud_csv_source_upsert (AudStore            *store,
                       gint64               source_id,
                       const char          *external_id,
                       const char          *modstamp,
                       const char          *values_json,
                       AudCsvUpsertResult  *result,
                       GError             **error)
{
  sqlite3_stmt *insert;
  sqlite3_stmt *update;
  sqlite3 *db = aud_store_get_db (store);

  g_return_val_if_fail (AUD_IS_STORE (store), FALSE);
  g_return_val_if_fail (external_id != NULL && values_json != NULL, FALSE);

  insert = aud_store_prepare_cached (store,
                                     "INSERT INTO source_records (source_id, external_id, modstamp, data) "
                                     "VALUES (?1, ?2, ?3, ?4) ON CONFLICT (source_id, external_id) DO NOTHING",
                                     error);
  if (insert == NULL)
    return FALSE;

  sqlite3_bind_int64 (insert, 1, source_id);
  sqlite3_bind_text (insert, 2, external_id, -1, SQLITE_STATIC);
  sqlite3_bind_text (insert, 3, modstamp, -1, SQLITE_STATIC);
  sqlite3_bind_text (insert, 4, values_json, -1, SQLITE_STATIC);
  if (!aud_store_step_done (store, insert, error))
    return FALSE;
  if (sqlite3_changes (db) > 0)
    {
      *result = AUD_CSV_UPSERT_CREATED;
      return TRUE;
    }

  /* The modstamp moves only when the values do, so "most recent" survivorship still means
   * "changed most recently", not "re-imported most recently". */
  update = aud_store_prepare_cached (store,
                                     "UPDATE source_records SET modstamp = ?3, data = ?4, is_deleted = 0 "
                                     "WHERE source_id = ?1 AND external_id = ?2 "
                                     "  AND (data IS NOT ?4 OR is_deleted)",
                                     error);
  if (update == NULL)
    return FALSE;

  sqlite3_bind_int64 (update, 1, source_id);
  sqlite3_bind_text (update, 2, external_id, -1, SQLITE_STATIC);
  sqlite3_bind_text (update, 3, modstamp, -1, SQLITE_STATIC);
  sqlite3_bind_text (update, 4, values_json, -1, SQLITE_STATIC);
  if (!aud_store_step_done (store, update, error))
    return FALSE;

  *result = sqlite3_changes (db) > 0 ? AUD_CSV_UPSERT_UPDATED : AUD_CSV_UPSERT_UNCHANGED;
  return TRUE;
}

gint64
aud_csv_source_remove_unseen (AudStore    *store,
                              gint64       source_id,
                              const char  *modstamp,
                              GError     **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;

  g_return_val_if_fail (AUD_IS_STORE (store), -1);

  stmt = aud_store_prepare (store,
                            "UPDATE source_records SET is_deleted = 1, modstamp = ?2 "
                            "WHERE source_id = ?1 AND NOT is_deleted "
                            "  AND external_id NOT IN (SELECT external_id FROM temp.csv_import_seen)",
                            error);
  if (stmt == NULL)
    return -1;

  sqlite3_bind_int64 (stmt, 1, source_id);
  sqlite3_bind_text (stmt, 2, modstamp, -1, SQLITE_STATIC);
  if (!aud_store_step_done (store, stmt, error))
    return -1;

  return sqlite3_changes (aud_store_get_db (store));
}

void
aud_csv_source_end_import (AudStore *store)
{
  g_return_if_fail (AUD_IS_STORE (store));

  /* Outside the transaction, so it also runs after a rollback; failure only costs temp space. */
  aud_store_exec (store, "DROP TABLE IF EXISTS temp.csv_import_seen", NULL);
}

GStrv
aud_csv_source_list_fields (AudStore    *store,
                            gint64       source_id,
                            GError     **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;

  g_return_val_if_fail (AUD_IS_STORE (store), NULL);

  stmt = aud_store_prepare (store,
                            "SELECT j.key FROM source_records AS r, json_each (r.data) AS j "
                            "WHERE r.source_id = ?1 AND NOT r.is_deleted "
                            "GROUP BY j.key ORDER BY min (r.id), min (j.id)",
                            error);
  if (stmt == NULL)
    return NULL;

  sqlite3_bind_int64 (stmt, 1, source_id);
  return collect_strings (store, stmt, "listing a source’s fields", error);
}

/* SQL selecting the external id and each field's value. JSON paths cannot name a key that holds
 * a double quote, so such keys are looked up with json_each instead. */
static char *
build_export_sql (const char * const *fields)
{
  GString *sql = g_string_new ("SELECT external_id");

  for (guint i = 0; fields[i] != NULL; i++)
    {
      if (strchr (fields[i], '"') == NULL && strchr (fields[i], '\\') == NULL)
        g_string_append_printf (sql, ", json_extract (data, '$.\"' || ?%u || '\"')", i + 2);
      else
        g_string_append_printf (sql, ", (SELECT value FROM json_each (data) WHERE key = ?%u)", i + 2);
    }
  g_string_append (sql, " FROM source_records WHERE source_id = ?1 AND NOT is_deleted ORDER BY id");

  return g_string_free (sql, FALSE);
}

gboolean
aud_csv_source_export (AudStore            *store,
                       gint64               source_id,
                       const char * const  *fields,
                       const char * const  *headers,
                       AudCsvWriter        *writer,
                       GCancellable        *cancellable,
                       GError             **error)
{
  g_auto(GStrv) listed = NULL;
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autofree char *sql = NULL;
  g_autofree const char **row = NULL;
  guint n_fields;
  int rc;

  g_return_val_if_fail (AUD_IS_STORE (store), FALSE);
  g_return_val_if_fail (AUD_IS_CSV_WRITER (writer), FALSE);

  if (fields == NULL)
    {
      listed = aud_csv_source_list_fields (store, source_id, error);
      if (listed == NULL)
        return FALSE;
      fields = (const char * const *) listed;
      headers = NULL;
    }

  n_fields = g_strv_length ((char **) fields);
  g_return_val_if_fail (headers == NULL || g_strv_length ((char **) headers) == n_fields, FALSE);

  row = g_new0 (const char *, n_fields + 2);
  row[0] = AUD_CSV_SOURCE_ID_COLUMN;
  for (guint i = 0; i < n_fields; i++)
    row[i + 1] = headers != NULL ? headers[i] : fields[i];
  if (!aud_csv_writer_write_row (writer, row, n_fields + 1, cancellable, error))
    return FALSE;

  sql = build_export_sql (fields);
  stmt = aud_store_prepare (store, sql, error);
  if (stmt == NULL)
    return FALSE;

  sqlite3_bind_int64 (stmt, 1, source_id);
  for (guint i = 0; i < n_fields; i++)
    sqlite3_bind_text (stmt, (int) i + 2, fields[i], -1, SQLITE_STATIC);

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      for (guint i = 0; i <= n_fields; i++)
        row[i] = (const char *) sqlite3_column_text (stmt, (int) i);

      if (!aud_csv_writer_write_row (writer, row, n_fields + 1, cancellable, error))
        return FALSE;

      /* Writes hit the cancellable every 64 KiB; this catches a cancel between them cheaply. */
      if (g_cancellable_set_error_if_cancelled (cancellable, error))
        return FALSE;
    }

  if (rc != SQLITE_DONE)
    {
      aud_store_set_sqlite_error (store, error, rc, "reading records to export");
      return FALSE;
    }

  return aud_csv_writer_flush (writer, cancellable, error);
}
