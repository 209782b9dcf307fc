/* aud-segment-query.c — counting and previewing a segment's records, on any thread
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "aud-segment-index.h"
#include "aud-segment-query.h"
#include "aud-segment.h"
#include "aud-segment-sql.h"
#include "aud-store-private.h"

struct _AudSegmentQuery
{
  gatomicrefcount   ref_count;
  char             *store_path;
  gint64            source_id;
  AudSegmentFields *fields;
  AudSegmentNode   *root;
};

G_DEFINE_BOXED_TYPE (AudSegmentQuery, aud_segment_query, aud_segment_query_ref, aud_segment_query_unref)

void
aud_segment_record_free (AudSegmentRecord *record)
{
  if (record == NULL)
    return;

  g_free (record->external_id);
  g_free (record->data);
  g_free (record);
}

void
aud_segment_result_free (AudSegmentResult *result)
{
  if (result == NULL)
    return;

  g_clear_pointer (&result->records, g_ptr_array_unref);
  g_free (result);
}

AudSegmentQuery *
aud_segment_query_new (AudAudience           *audience,
                       AudSegmentFields      *fields,
                       const AudSegmentNode  *root,
                       GError               **error)
{
  g_autoptr(AudSegmentSql) sql = NULL;
  AudSegmentQuery *self;
  gint64 source_id;

  g_return_val_if_fail (AUD_IS_AUDIENCE (audience), NULL);
  g_return_val_if_fail (fields != NULL, NULL);
  g_return_val_if_fail (root != NULL && root->is_group, NULL);

  /* Check now, where the error can be shown next to the condition, not later in a thread. */
  sql = aud_segment_sql_compile (root, fields, NULL, error);
  if (sql == NULL)
    return NULL;

  source_id = aud_audience_get_source_id (audience, error);
  if (source_id < 0)
    return NULL;

  self = g_new0 (AudSegmentQuery, 1);
  g_atomic_ref_count_init (&self->ref_count);
  self->store_path = g_strdup (aud_store_get_path (aud_audience_get_store (audience)));
  self->source_id = source_id;
  self->fields = aud_segment_fields_ref (fields);
  self->root = aud_segment_node_copy (root);
  return self;
}

AudSegmentQuery *
aud_segment_query_ref (AudSegmentQuery *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  g_atomic_ref_count_inc (&self->ref_count);
  return self;
}

void
aud_segment_query_unref (AudSegmentQuery *self)
{
  g_return_if_fail (self != NULL);

  if (!g_atomic_ref_count_dec (&self->ref_count))
    return;

  g_free (self->store_path);
  aud_segment_fields_unref (self->fields);
  aud_segment_node_free (self->root);
  g_free (self);
}

AudSegmentFields *
aud_segment_query_get_fields (AudSegmentQuery *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return self->fields;
}

/* SQLite calls this every few thousand instructions; non-zero interrupts the statement. */
static int
check_cancelled (void *data)
{
  return g_cancellable_is_cancelled (G_CANCELLABLE (data));
}

static sqlite3_stmt *
prepare (AudSegmentQuery  *self,
         AudStore         *store,
         GDateTime        *now,
         const char       *select,
         const char       *tail,
         GError          **error)
{
  g_autoptr(AudSegmentSql) sql = NULL;
  g_autofree char *text = NULL;
  sqlite3_stmt *stmt;

  if (!aud_segment_sql_register (aud_store_get_db (store), error))
    return NULL;

  sql = aud_segment_sql_compile (self->root, self->fields, now, error);
  if (sql == NULL)
    return NULL;

  /* is_deleted = 0 lets SQLite use the partial expression indexes; the unary + keeps it from
   * driving the scan through source_id (see aud-segment-index.c). When no condition can use an
   * index, NOT INDEXED keeps it from walking some partial index in random row order (it thinks
   * the partial index is smaller) instead of reading the table front to back. */
  text = g_strdup_printf ("%s FROM source_records%s WHERE +source_id = ? AND is_deleted = 0 AND %s%s",
                          select, aud_segment_index_serves_any (self->root) ? "" : " NOT INDEXED",
                          sql->where, tail);
  stmt = aud_store_prepare (store, text, error);
  if (stmt == NULL)
    return NULL;

  sqlite3_bind_int64 (stmt, 1, self->source_id);
  aud_segment_sql_bind (sql, stmt, 2);
  return stmt;
}

static gboolean
step_failed (AudStore      *store,
             int            rc,
             GCancellable  *cancellable,
             GError       **error)
{
  if (rc == SQLITE_INTERRUPT && g_cancellable_set_error_if_cancelled (cancellable, error))
    return FALSE;

  aud_store_set_sqlite_error (store, error, rc, "reading");
  return FALSE;
}

gboolean
aud_segment_query_count (AudSegmentQuery  *self,
                         AudStore         *store,
                         GDateTime        *now,
                         gint64           *count,
                         GCancellable     *cancellable,
                         GError          **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  sqlite3 *db;
  int rc;

  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (AUD_IS_STORE (store), FALSE);
  g_return_val_if_fail (count != NULL, FALSE);

  stmt = prepare (self, store, now, "SELECT count(*)", "", error);
  if (stmt == NULL)
    return FALSE;

  db = aud_store_get_db (store);
  if (cancellable != NULL)
    sqlite3_progress_handler (db, 10000, check_cancelled, cancellable);
  rc = sqlite3_step (stmt);
  sqlite3_progress_handler (db, 0, NULL, NULL);

  if (rc != SQLITE_ROW)
    return step_failed (store, rc, cancellable, error);

  *count = sqlite3_column_int64 (stmt, 0);
  return TRUE;
}

AudSegmentQuery *
aud_segment_query_new_for_saved (AudAudience  *audience,
                                 const char   *segment_name,
                                 GError      **error)
{
  g_autoptr(AudSegment) segment = NULL;
  g_autoptr(AudSegmentFields) fields = NULL;

  g_return_val_if_fail (AUD_IS_AUDIENCE (audience), NULL);
  g_return_val_if_fail (segment_name != NULL, NULL);

  segment = aud_segment_lookup (audience, segment_name, error);
  if (segment == NULL)
    return NULL;
  fields = aud_segment_fields_load (audience, error);
  if (fields == NULL)
    return NULL;

  return aud_segment_query_new (audience, fields, aud_segment_get_root (segment), error);
}

gboolean
aud_segment_query_foreach (AudSegmentQuery       *self,
                           AudStore              *store,
                           GDateTime             *now,
                           AudSegmentRecordFunc   func,
                           gpointer               user_data,
                           GCancellable          *cancellable,
                           GError               **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  sqlite3 *db;
  int rc;

  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (AUD_IS_STORE (store), FALSE);
  g_return_val_if_fail (func != NULL, FALSE);

  stmt = prepare (self, store, now, "SELECT external_id, data", " ORDER BY id", error);
  if (stmt == NULL)
    return FALSE;

  db = aud_store_get_db (store);
  if (cancellable != NULL)
    sqlite3_progress_handler (db, 10000, check_cancelled, cancellable);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    if (!func ((const char *) sqlite3_column_text (stmt, 0), (const char *) sqlite3_column_text (stmt, 1), user_data))
      {
        rc = SQLITE_DONE;
        break;
      }
  sqlite3_progress_handler (db, 0, NULL, NULL);

  if (rc != SQLITE_DONE)
    return step_failed (store, rc, cancellable, error);

  return TRUE;
}

static gboolean
add_id (const char *external_id,
        const char *data,
        gpointer    user_data)
{
  g_hash_table_add (user_data, g_strdup (external_id));
  return TRUE;
}

GHashTable *
aud_segment_query_record_ids (AudSegmentQuery  *self,
                              AudStore         *store,
                              GCancellable     *cancellable,
                              GError          **error)
{
  g_autoptr(GHashTable) ids = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

  if (!aud_segment_query_foreach (self, store, NULL, add_id, ids, cancellable, error))
    return NULL;

  return g_steal_pointer (&ids);
}

GPtrArray *
aud_segment_query_preview (AudSegmentQuery  *self,
                           AudStore         *store,
                           GDateTime        *now,
                           guint             limit,
                           GCancellable     *cancellable,
                           GError          **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(GPtrArray) records = g_ptr_array_new_with_free_func ((GDestroyNotify) aud_segment_record_free);
  g_autofree char *tail = NULL;
  sqlite3 *db;
  int rc;

  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (AUD_IS_STORE (store), NULL);

  tail = g_strdup_printf (" ORDER BY id LIMIT %u", limit);
  stmt = prepare (self, store, now, "SELECT external_id, data", tail, error);
  if (stmt == NULL)
    return NULL;

  db = aud_store_get_db (store);
  if (cancellable != NULL)
    sqlite3_progress_handler (db, 10000, check_cancelled, cancellable);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      AudSegmentRecord *record = g_new0 (AudSegmentRecord, 1);

      record->external_id = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
      record->data = g_strdup ((const char *) sqlite3_column_text (stmt, 1));
      g_ptr_array_add (records, record);
    }
  sqlite3_progress_handler (db, 0, NULL, NULL);

  if (rc != SQLITE_DONE)
    {
      step_failed (store, rc, cancellable, error);
      return NULL;
    }

  return g_steal_pointer (&records);
}

char *
aud_segment_query_explain (AudSegmentQuery  *self,
                           AudStore         *store,
                           GError          **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(GString) plan = g_string_new (NULL);

  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (AUD_IS_STORE (store), NULL);

  stmt = prepare (self, store, NULL, "EXPLAIN QUERY PLAN SELECT count(*)", "", error);
  if (stmt == NULL)
    return NULL;
  while (sqlite3_step (stmt) == SQLITE_ROW)
    g_string_append_printf (plan, "%s\n", (const char *) sqlite3_column_text (stmt, 3));

  return g_string_free (g_steal_pointer (&plan), FALSE);
}

static void
run_thread (GTask        *task,
            gpointer      source_object,
            gpointer      task_data,
            GCancellable *cancellable)
{
  AudSegmentQuery *self = g_task_get_task_data (task);
  guint limit = GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (task), "preview-limit"));
  g_autoptr(AudSegmentResult) result = g_new0 (AudSegmentResult, 1);
  g_autoptr(AudStore) store = NULL;
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  GError *error = NULL;

  /* This thread's own connection: SQLite handles never cross threads here. */
  store = aud_store_open (self->store_path, &error);
  if (store == NULL ||
      !aud_segment_query_count (self, store, now, &result->count, cancellable, &error) ||
      (limit > 0 && (result->records = aud_segment_query_preview (self, store, now, limit, cancellable, &error)) == NULL))
    {
      g_task_return_error (task, error);
      return;
    }

  if (result->records == NULL)
    result->records = g_ptr_array_new_with_free_func ((GDestroyNotify) aud_segment_record_free);
  g_task_return_pointer (task, g_steal_pointer (&result), (GDestroyNotify) aud_segment_result_free);
}

void
aud_segment_query_run_async (AudSegmentQuery     *self,
                             guint                preview_limit,
                             GCancellable        *cancellable,
                             GAsyncReadyCallback  callback,
                             gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (self != NULL);

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, aud_segment_query_run_async);
  g_task_set_task_data (task, aud_segment_query_ref (self), (GDestroyNotify) aud_segment_query_unref);
  g_object_set_data (G_OBJECT (task), "preview-limit", GUINT_TO_POINTER (preview_limit));
  g_task_run_in_thread (task, run_thread);
}

AudSegmentResult *
aud_segment_query_run_finish (AudSegmentQuery  *self,
                              GAsyncResult     *result,
                              GError          **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == aud_segment_query_run_async, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}
