/* aud-warehouse-source.c — a warehouse table or SELECT as a source of the workspace
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <json-glib/json-glib.h>
#include <string.h>

#include "aud-csv-source.h"
#include "aud-store-private.h"
#include "aud-warehouse-guard.h"
#include "aud-warehouse-source.h"

AudWarehouseSettings *
aud_warehouse_settings_new (void)
{
  AudWarehouseSettings *settings = g_new0 (AudWarehouseSettings, 1);

  settings->columns = g_ptr_array_new_with_free_func (g_free);
  settings->fields = g_ptr_array_new_with_free_func (g_free);
  return settings;
}

void
aud_warehouse_settings_free (AudWarehouseSettings *settings)
{
  if (settings == NULL)
    return;
  g_free (settings->connection);
  g_free (settings->table);
  g_free (settings->query);
  g_free (settings->id_column);
  g_free (settings->updated_at_column);
  g_ptr_array_unref (settings->columns);
  g_ptr_array_unref (settings->fields);
  g_free (settings);
}

void
aud_warehouse_settings_add_map (AudWarehouseSettings *settings,
                                const char           *column,
                                const char           *field)
{
  g_ptr_array_add (settings->columns, g_strdup (column));
  g_ptr_array_add (settings->fields, g_strdup (field));
}

gboolean
aud_warehouse_settings_validate (AudWarehouseSettings  *settings,
                                 GError               **error)
{
  g_return_val_if_fail (settings != NULL, FALSE);

  if (settings->connection == NULL || *settings->connection == '\0')
    {
      g_set_error (error, AUD_WAREHOUSE_ERROR, AUD_WAREHOUSE_ERROR_FAILED,
                   _("Give the warehouse’s DSN or ODBC connection string."));
      return FALSE;
    }
  /* The password belongs in the keyring: a settings row is plain text in the workspace. */
  {
    g_autofree char *lower = g_ascii_strdown (settings->connection, -1);

    if (g_str_has_prefix (lower, "pwd=") || strstr (lower, ";pwd=") != NULL ||
        g_str_has_prefix (lower, "password=") || strstr (lower, ";password=") != NULL)
      {
        g_set_error (error, AUD_WAREHOUSE_ERROR, AUD_WAREHOUSE_ERROR_FAILED,
                     _("Leave the password out of the connection string; Audiences asks for it and keeps it in the keyring."));
        return FALSE;
      }
  }
  if ((settings->table == NULL) == (settings->query == NULL))
    {
      g_set_error (error, AUD_WAREHOUSE_ERROR, AUD_WAREHOUSE_ERROR_FAILED,
                   _("Give either a table or a SELECT query."));
      return FALSE;
    }
  if (settings->table != NULL && !aud_warehouse_guard_check_table (settings->table, error))
    return FALSE;
  if (settings->query != NULL)
    {
      char *checked = aud_warehouse_guard_check_query (settings->query, error);

      if (checked == NULL)
        return FALSE;
      g_free (settings->query);
      settings->query = checked;
    }
  if (settings->id_column == NULL || *settings->id_column == '\0')
    {
      g_set_error (error, AUD_WAREHOUSE_ERROR, AUD_WAREHOUSE_ERROR_FAILED,
                   _("Choose the column that identifies a row (its key)."));
      return FALSE;
    }
  return TRUE;
}

char *
aud_warehouse_settings_to_json (const AudWarehouseSettings *settings)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;

  json_builder_begin_object (b);
  json_builder_set_member_name (b, "version");
  json_builder_add_int_value (b, 1);
  json_builder_set_member_name (b, "connection");
  json_builder_add_string_value (b, settings->connection);
  if (settings->table != NULL)
    {
      json_builder_set_member_name (b, "table");
      json_builder_add_string_value (b, settings->table);
    }
  if (settings->query != NULL)
    {
      json_builder_set_member_name (b, "query");
      json_builder_add_string_value (b, settings->query);
    }
  json_builder_set_member_name (b, "id_column");
  json_builder_add_string_value (b, settings->id_column);
  if (settings->updated_at_column != NULL)
    {
      json_builder_set_member_name (b, "updated_at_column");
      json_builder_add_string_value (b, settings->updated_at_column);
    }
  json_builder_set_member_name (b, "map");
  json_builder_begin_array (b);
  for (guint i = 0; i < settings->columns->len; i++)
    {
      json_builder_begin_object (b);
      json_builder_set_member_name (b, "column");
      json_builder_add_string_value (b, g_ptr_array_index (settings->columns, i));
      json_builder_set_member_name (b, "field");
      json_builder_add_string_value (b, g_ptr_array_index (settings->fields, i));
      json_builder_end_object (b);
    }
  json_builder_end_array (b);
  json_builder_end_object (b);

  root = json_builder_get_root (b);
  return json_to_string (root, FALSE);
}

static char *
dup_member (JsonObject *obj,
            const char *name)
{
  return g_strdup (json_object_get_string_member_with_default (obj, name, NULL));
}

AudWarehouseSettings *
aud_warehouse_settings_from_json (const char  *json,
                                  GError     **error)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(AudWarehouseSettings) settings = aud_warehouse_settings_new ();
  JsonNode *root;
  JsonObject *obj;
  JsonArray *map;

  if (!json_parser_load_from_data (parser, json, -1, NULL) ||
      (root = json_parser_get_root (parser)) == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    {
      g_set_error (error, AUD_WAREHOUSE_ERROR, AUD_WAREHOUSE_ERROR_FAILED,
                   _("The warehouse source’s settings are damaged. Add the source again."));
      return NULL;
    }
  obj = json_node_get_object (root);
  settings->connection = dup_member (obj, "connection");
  settings->table = dup_member (obj, "table");
  settings->query = dup_member (obj, "query");
  settings->id_column = dup_member (obj, "id_column");
  settings->updated_at_column = dup_member (obj, "updated_at_column");
  map = json_object_get_array_member (obj, "map");
  for (guint i = 0; map != NULL && i < json_array_get_length (map); i++)
    {
      JsonObject *m = json_array_get_object_element (map, i);
      const char *column = json_object_get_string_member_with_default (m, "column", NULL);
      const char *field = json_object_get_string_member_with_default (m, "field", NULL);

      if (column != NULL && field != NULL)
        aud_warehouse_settings_add_map (settings, column, field);
    }

  if (!aud_warehouse_settings_validate (settings, error))
    return NULL;
  return g_steal_pointer (&settings);
}

char *
aud_warehouse_settings_base_sql (const AudWarehouseSettings *settings)
{
  if (settings->table != NULL)
    return g_strdup_printf ("SELECT * FROM %s", settings->table);
  return g_strdup_printf ("SELECT * FROM (%s) aud_src", settings->query);
}

gint64
aud_warehouse_source_save (AudStore                   *store,
                           const char                 *object,
                           const char                 *name,
                           const AudWarehouseSettings *settings,
                           gint64                      audience_id,
                           GError                    **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autofree char *json = NULL;
  gint64 id;

  g_return_val_if_fail (AUD_IS_STORE (store), -1);
  g_return_val_if_fail (object != NULL && name != NULL && settings != NULL, -1);

  json = aud_warehouse_settings_to_json (settings);
  if (!aud_store_begin (store, error))
    return -1;
  stmt = aud_store_prepare (store,
                            "INSERT INTO sources (kind, object, name, settings) VALUES ('warehouse', ?1, ?2, ?3) "
                            "ON CONFLICT (kind, object, name) DO UPDATE SET settings = excluded.settings "
                            "RETURNING id",
                            error);
  if (stmt == NULL)
    {
      aud_store_rollback (store);
      return -1;
    }
  sqlite3_bind_text (stmt, 1, object, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, name, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 3, json, -1, SQLITE_STATIC);
  if (sqlite3_step (stmt) != SQLITE_ROW)
    {
      aud_store_set_sqlite_error (store, error, sqlite3_errcode (aud_store_get_db (store)),
                                  "saving a warehouse source");
      aud_store_rollback (store);
      return -1;
    }
  id = sqlite3_column_int64 (stmt, 0);
  g_clear_pointer (&stmt, sqlite3_finalize);

  if ((audience_id >= 0 && !aud_csv_source_link_audience (store, id, audience_id, error)) ||
      !aud_store_commit (store, error))
    {
      aud_store_rollback (store);
      return -1;
    }
  return id;
}

AudWarehouseSettings *
aud_warehouse_source_load (AudStore  *store,
                           gint64     source_id,
                           GError   **error)
{
  g_autofree char *json = aud_csv_source_get_settings (store, source_id, error);

  if (json == NULL)
    return NULL;
  return aud_warehouse_settings_from_json (json, error);
}

gint64
aud_warehouse_source_find (AudStore    *store,
                           gint64       audience_id,
                           const char  *name,
                           GError     **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  gint64 id = -1;
  guint n = 0;
  int rc;

  g_return_val_if_fail (AUD_IS_STORE (store), -1);

  stmt = aud_store_prepare (store,
                            "SELECT s.id FROM sources AS s JOIN audience_sources AS a ON a.source_id = s.id "
                            "WHERE a.audience_id = ?1 AND s.kind = 'warehouse' AND (?2 IS NULL OR s.name = ?2) "
                            "ORDER BY s.id",
                            error);
  if (stmt == NULL)
    return -1;
  sqlite3_bind_int64 (stmt, 1, audience_id);
  sqlite3_bind_text (stmt, 2, name, -1, SQLITE_STATIC);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      if (n++ == 0)
        id = sqlite3_column_int64 (stmt, 0);
    }
  if (rc != SQLITE_DONE)
    {
      aud_store_set_sqlite_error (store, error, rc, "finding a warehouse source");
      return -1;
    }
  if (n == 0)
    {
      g_set_error (error, AUD_STORE_ERROR, AUD_STORE_ERROR_NOT_FOUND,
                   _("The audience has no warehouse source. Add one with “audiences warehouse add”."));
      return -1;
    }
  if (n > 1 && name == NULL)
    {
      g_set_error (error, AUD_STORE_ERROR, AUD_STORE_ERROR_INVALID,
                   _("The audience has several warehouse sources. Name one with --source."));
      return -1;
    }
  return id;
}

GArray *
aud_warehouse_source_list_synced (AudStore  *store,
                                  GError   **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(GArray) ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  int rc;

  g_return_val_if_fail (AUD_IS_STORE (store), NULL);

  stmt = aud_store_prepare (store,
                            "SELECT id FROM sources WHERE kind = 'warehouse' "
                            "  AND id IN (SELECT source_id FROM audience_sources) ORDER BY id",
                            error);
  if (stmt == NULL)
    return NULL;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      gint64 id = sqlite3_column_int64 (stmt, 0);
      g_array_append_val (ids, id);
    }
  if (rc != SQLITE_DONE)
    {
      aud_store_set_sqlite_error (store, error, rc, "listing warehouse sources");
      return NULL;
    }
  return g_steal_pointer (&ids);
}

static void
row_free (gpointer data)
{
  g_ptr_array_unref (data);
}

GPtrArray *
aud_warehouse_preview (AudWarehouseReader         *reader,
                       const AudWarehouseSettings *settings,
                       guint                       limit,
                       GError                    **error)
{
  g_autofree char *sql = aud_warehouse_settings_base_sql (settings);
  g_autoptr(GPtrArray) rows = g_ptr_array_new_with_free_func (row_free);
  gboolean has_row = FALSE;

  aud_warehouse_reader_set_max_rows (reader, limit);
  if (!aud_warehouse_reader_execute (reader, sql, NULL, NULL, error))
    {
      aud_warehouse_reader_set_max_rows (reader, 0);
      return NULL;
    }
  aud_warehouse_reader_set_max_rows (reader, 0);

  while (rows->len < limit)
    {
      g_autoptr(GError) local = NULL;
      GPtrArray *row;

      if (!aud_warehouse_reader_next (reader, &has_row, &local))
        {
          if (local != NULL)
            {
              g_propagate_error (error, g_steal_pointer (&local));
              return NULL;
            }
          break;
        }
      row = g_ptr_array_new_with_free_func (g_free);
      for (guint i = 0; i < aud_warehouse_reader_get_n_columns (reader); i++)
        g_ptr_array_add (row, g_strdup (aud_warehouse_reader_get_text (reader, i)));
      g_ptr_array_add (rows, row);
    }

  /* Keeps the column descriptions; only the cursor is given back. */
  return g_steal_pointer (&rows);
}
