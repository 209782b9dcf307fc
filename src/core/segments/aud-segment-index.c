/* aud-segment-index.c — expression indexes on source_records for the fields segments compare
 *
 * Why these indexes: records keep their values in one JSON column, so without help every count
 * parses every record. An index on (json_extract(data, '$.Field'), source_id), partial on
 * is_deleted = 0, lets SQLite answer "Score > 50", "Segment any of …", "CreatedDate in the last 30
 * days", "HasOptedOutOfEmail is false" or "Email is blank" from the index alone, without reading a
 * single record. Only fields that saved segments compare raw get one: each index costs every sync
 * write a little. Text conditions compare folded text (case and Unicode insensitive), which a raw
 * index cannot serve, so they do not add one; they are filtered after the indexed conditions.
 * The extracted value leads, not source_id: queries say "+source_id = ?" so that SQLite never
 * walks some unrelated segment index just because it starts with source_id (measured: a
 * random-order walk over every record, slower than reading the table). The source check is then
 * answered from the index itself. The indexes use only built-in functions, so every connection
 * (the sync worker's, other programs') can keep writing records without knowing about segments.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "aud-segment-index.h"
#include "aud-segment-node.h"
#include "aud-segment-sql.h"
#include "aud-store-private.h"

gboolean
aud_segment_index_serves (AudSegmentOperator op)
{
  switch (op)
    {
    case AUD_SEGMENT_OPERATOR_IS:
    case AUD_SEGMENT_OPERATOR_IS_NOT:
    case AUD_SEGMENT_OPERATOR_CONTAINS:
    case AUD_SEGMENT_OPERATOR_STARTS_WITH:
    case AUD_SEGMENT_OPERATOR_IN_LIST:
      return FALSE;
    default:
      return TRUE;
    }
}

gboolean
aud_segment_index_serves_any (const AudSegmentNode *node)
{
  g_return_val_if_fail (node != NULL, FALSE);

  if (!node->is_group)
    return aud_segment_index_serves (node->op);
  for (guint i = 0; i < node->children->len; i++)
    if (aud_segment_index_serves_any (g_ptr_array_index (node->children, i)))
      return TRUE;
  return FALSE;
}

static void
collect_indexed_fields (const AudSegmentNode *node,
                        GHashTable           *fields)
{
  if (!node->is_group)
    {
      if (aud_segment_index_serves (node->op) && aud_segment_field_name_is_safe (node->field))
        g_hash_table_add (fields, g_strdup (node->field));
      return;
    }

  for (guint i = 0; i < node->children->len; i++)
    collect_indexed_fields (g_ptr_array_index (node->children, i), fields);
}

static int
compare_strings (gconstpointer a,
                 gconstpointer b)
{
  return strcmp (*(const char **) a, *(const char **) b);
}

GStrv
aud_segment_index_list (AudStore  *store,
                        GError   **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);

  g_return_val_if_fail (AUD_IS_STORE (store), NULL);

  stmt = aud_store_prepare (store,
                            "SELECT substr(name, length('" AUD_SEGMENT_INDEX_PREFIX "') + 1) FROM sqlite_schema "
                            "WHERE type = 'index' AND tbl_name = 'source_records' "
                            "  AND name GLOB '" AUD_SEGMENT_INDEX_PREFIX "*'",
                            error);
  if (stmt == NULL)
    return NULL;

  while (sqlite3_step (stmt) == SQLITE_ROW)
    g_ptr_array_add (names, g_strdup ((const char *) sqlite3_column_text (stmt, 0)));
  g_ptr_array_sort (names, compare_strings);
  g_ptr_array_add (names, NULL);

  return (GStrv) g_ptr_array_free (g_steal_pointer (&names), FALSE);
}

gboolean
aud_segment_index_refresh (AudStore  *store,
                           GError   **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(GHashTable) wanted = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_auto(GStrv) existing = NULL;
  GHashTableIter iter;
  const char *field;

  g_return_val_if_fail (AUD_IS_STORE (store), FALSE);

  stmt = aud_store_prepare (store, "SELECT definition FROM segments", error);
  if (stmt == NULL)
    return FALSE;
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      /* A damaged definition is reported where it is used; here it just needs no index. */
      g_autoptr(AudSegmentNode) root = aud_segment_node_from_json ((const char *) sqlite3_column_text (stmt, 0), NULL);
      if (root != NULL)
        collect_indexed_fields (root, wanted);
    }

  existing = aud_segment_index_list (store, error);
  if (existing == NULL)
    return FALSE;

  /* Names come from aud_segment_field_name_is_safe() fields or from our own index names. */
  for (guint i = 0; existing[i] != NULL; i++)
    if (!g_hash_table_remove (wanted, existing[i]))
      {
        g_autofree char *sql = g_strdup_printf ("DROP INDEX IF EXISTS \"" AUD_SEGMENT_INDEX_PREFIX "%s\"", existing[i]);
        if (!aud_store_exec (store, sql, error))
          return FALSE;
      }

  g_hash_table_iter_init (&iter, wanted);
  while (g_hash_table_iter_next (&iter, (gpointer *) &field, NULL))
    {
      g_autofree char *expression = aud_segment_sql_field_expression (field);
      g_autofree char *sql = g_strdup_printf ("CREATE INDEX IF NOT EXISTS \"" AUD_SEGMENT_INDEX_PREFIX "%s\" "
                                              "ON source_records (%s, source_id) WHERE is_deleted = 0",
                                              field, expression);
      if (!aud_store_exec (store, sql, error))
        return FALSE;
    }

  return TRUE;
}

static void
refresh_thread (GTask        *task,
                gpointer      source_object,
                gpointer      task_data,
                GCancellable *cancellable)
{
  g_autoptr(AudStore) store = NULL;
  GError *error = NULL;

  store = aud_store_open (task_data, &error);
  if (store == NULL || !aud_segment_index_refresh (store, &error))
    {
      g_task_return_error (task, error);
      return;
    }
  g_task_return_boolean (task, TRUE);
}

void
aud_segment_index_refresh_async (const char          *store_path,
                                 GCancellable        *cancellable,
                                 GAsyncReadyCallback  callback,
                                 gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (store_path != NULL);

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, aud_segment_index_refresh_async);
  g_task_set_task_data (task, g_strdup (store_path), g_free);
  g_task_run_in_thread (task, refresh_thread);
}

gboolean
aud_segment_index_refresh_finish (GAsyncResult  *result,
                                  GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == aud_segment_index_refresh_async, FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}
