/* aud-entity-export.c — CSV exports of an audience's matched records and golden records
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "aud-entity-store.h"
#include "aud-mapping.h"
#include "aud-store-private.h"

/* Column names from one query's first column, in order. */
static GPtrArray *
column_names (AudStore    *store,
              const char  *sql,
              gint64       audience_id,
              GError     **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  int rc;

  stmt = aud_store_prepare (store, sql, error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, audience_id);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      const char *name = (const char *) sqlite3_column_text (stmt, 0);

      if (name != NULL && !aud_mapping_is_sync_field (name))
        g_ptr_array_add (names, g_strdup (name));
    }
  if (rc != SQLITE_DONE)
    {
      aud_store_set_sqlite_error (store, error, rc, "export columns");
      return NULL;
    }
  return g_steal_pointer (&names);
}

static gboolean
write_rows (AudStore      *store,
            AudCsvWriter  *writer,
            GPtrArray     *header,
            GString       *sql,
            gint64         audience_id,
            GPtrArray     *bind_texts,
            GCancellable  *cancellable,
            GError       **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autofree const char **row = g_new0 (const char *, header->len);
  int rc;

  if (!aud_csv_writer_write_row (writer, (const char * const *) header->pdata, header->len, cancellable, error))
    return FALSE;
  stmt = aud_store_prepare (store, sql->str, error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, audience_id);
  for (guint i = 0; i < bind_texts->len; i++)
    sqlite3_bind_text (stmt, i + 2, g_ptr_array_index (bind_texts, i), -1, SQLITE_STATIC);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      for (guint c = 0; c < header->len; c++)
        row[c] = (const char *) sqlite3_column_text (stmt, c);
      if (!aud_csv_writer_write_row (writer, row, header->len, cancellable, error))
        return FALSE;
    }
  if (rc != SQLITE_DONE)
    {
      aud_store_set_sqlite_error (store, error, rc, "export");
      return FALSE;
    }
  return aud_csv_writer_flush (writer, cancellable, error);
}

gboolean
aud_entity_store_export_members (AudStore      *store,
                                 gint64         audience_id,
                                 AudCsvWriter  *writer,
                                 GCancellable  *cancellable,
                                 GError       **error)
{
  g_autoptr(GPtrArray) fields = NULL;
  g_autoptr(GPtrArray) header = g_ptr_array_new ();
  g_autoptr(GPtrArray) paths = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GString) sql = g_string_new ("SELECT m.entity_id, s.name, s.kind, r.external_id");

  g_return_val_if_fail (AUD_IS_STORE (store), FALSE);
  g_return_val_if_fail (AUD_IS_CSV_WRITER (writer), FALSE);

  fields = column_names (store,
                         "SELECT DISTINCT j.key FROM entity_members AS m "
                         "JOIN source_records AS r ON r.id = m.record_id, json_each (r.data) AS j "
                         "WHERE m.audience_id = ?1 ORDER BY j.key",
                         audience_id, error);
  if (fields == NULL)
    return FALSE;

  g_ptr_array_add (header, "Entity Id");
  g_ptr_array_add (header, "Source");
  g_ptr_array_add (header, "Source Kind");
  g_ptr_array_add (header, "Source Record Id");
  for (guint i = 0; i < fields->len; i++)
    {
      g_autoptr(GString) path = g_string_new ("$.\"");

      /* JSON path member names are quoted; a quote inside one is escaped */
      for (const char *p = g_ptr_array_index (fields, i); *p != '\0'; p++)
        {
          if (*p == '"' || *p == '\\')
            g_string_append_c (path, '\\');
          g_string_append_c (path, *p);
        }
      g_string_append_c (path, '"');
      g_ptr_array_add (paths, g_string_free (g_steal_pointer (&path), FALSE));
      g_ptr_array_add (header, g_ptr_array_index (fields, i));
      g_string_append_printf (sql, ", json_extract (r.data, ?%u)", i + 2);
    }
  g_string_append (sql,
                   " FROM entity_members AS m JOIN source_records AS r ON r.id = m.record_id "
                   "JOIN sources AS s ON s.id = r.source_id "
                   "WHERE m.audience_id = ?1 ORDER BY m.entity_id, r.id");
  return write_rows (store, writer, header, sql, audience_id, paths, cancellable, error);
}

gboolean
aud_entity_store_export_golden (AudStore      *store,
                                gint64         audience_id,
                                AudCsvWriter  *writer,
                                GCancellable  *cancellable,
                                GError       **error)
{
  g_autoptr(GPtrArray) fields = NULL;
  g_autoptr(GPtrArray) header = g_ptr_array_new ();
  g_autoptr(GString) sql = g_string_new ("SELECT e.id, e.n_members");

  g_return_val_if_fail (AUD_IS_STORE (store), FALSE);
  g_return_val_if_fail (AUD_IS_CSV_WRITER (writer), FALSE);

  fields = column_names (store,
                         "SELECT DISTINCT g.field FROM golden_values AS g JOIN entities AS e ON e.id = g.entity_id "
                         "WHERE e.audience_id = ?1 ORDER BY g.field",
                         audience_id, error);
  if (fields == NULL)
    return FALSE;

  g_ptr_array_add (header, "Entity Id");
  g_ptr_array_add (header, "Records");
  for (guint i = 0; i < fields->len; i++)
    {
      g_ptr_array_add (header, g_ptr_array_index (fields, i));
      g_string_append_printf (sql, ", (SELECT value FROM golden_values WHERE entity_id = e.id AND field = ?%u)", i + 2);
    }
  g_string_append (sql, " FROM entities AS e WHERE e.audience_id = ?1 ORDER BY e.id");
  return write_rows (store, writer, header, sql, audience_id, fields, cancellable, error);
}
