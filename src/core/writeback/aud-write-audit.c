/* aud-write-audit.c — the history of write-back runs, what each sent, and undoing a run
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "aud-store-private.h"
#include "aud-write-audit.h"

void
aud_write_run_info_free (AudWriteRunInfo *info)
{
  if (info == NULL)
    return;
  g_free (info->object);
  g_free (info->started_at);
  g_free (info->finished_at);
  g_free (info->message);
  g_free (info);
}

void
aud_write_audit_item_free (AudWriteAuditItem *item)
{
  if (item == NULL)
    return;
  g_free (item->record_id);
  g_free (item->field);
  g_clear_pointer (&item->old_value, json_node_unref);
  g_clear_pointer (&item->new_value, json_node_unref);
  g_free (item->state);
  g_free (item->sent_at);
  g_free (item->finished_at);
  g_free (item->error_code);
  g_free (item->message);
  g_free (item);
}

AudWriteState
aud_write_state_from_string (const char *s)
{
  for (AudWriteState state = AUD_WRITE_STATE_RUNNING; state <= AUD_WRITE_STATE_INTERRUPTED; state++)
    if (g_strcmp0 (s, aud_write_state_to_string (state)) == 0)
      return state;
  return AUD_WRITE_STATE_FAILED;
}

static char *
column_dup (sqlite3_stmt *stmt,
            int           column)
{
  return g_strdup ((const char *) sqlite3_column_text (stmt, column));
}

/* NULL for a blank value (stored as SQL NULL). */
static JsonNode *
column_json (sqlite3_stmt *stmt,
             int           column)
{
  const char *text = (const char *) sqlite3_column_text (stmt, column);

  return text != NULL ? json_from_string (text, NULL) : NULL;
}

#define RUN_COLUMNS \
  "SELECT r.id, r.audience_id, r.object, r.kind, r.undo_of, r.started_at, r.finished_at, r.state, r.message, " \
  "  (SELECT count(*) FROM writeback_items i WHERE i.run_id = r.id AND i.state = 'sent'), " \
  "  (SELECT count(*) FROM writeback_items i WHERE i.run_id = r.id AND i.state = 'written'), " \
  "  (SELECT count(*) FROM writeback_items i WHERE i.run_id = r.id AND i.state = 'failed'), " \
  "  (SELECT count(*) FROM writeback_items i WHERE i.run_id = r.id AND i.state = 'conflict') " \
  "FROM writeback_runs r "

static AudWriteRunInfo *
run_from_row (sqlite3_stmt *stmt)
{
  AudWriteRunInfo *info = g_new0 (AudWriteRunInfo, 1);

  info->id = sqlite3_column_int64 (stmt, 0);
  info->audience_id = sqlite3_column_type (stmt, 1) == SQLITE_NULL ? -1 : sqlite3_column_int64 (stmt, 1);
  info->object = column_dup (stmt, 2);
  info->is_undo = g_strcmp0 ((const char *) sqlite3_column_text (stmt, 3), "undo") == 0;
  info->undo_of = sqlite3_column_type (stmt, 4) == SQLITE_NULL ? -1 : sqlite3_column_int64 (stmt, 4);
  info->started_at = column_dup (stmt, 5);
  info->finished_at = column_dup (stmt, 6);
  info->state = aud_write_state_from_string ((const char *) sqlite3_column_text (stmt, 7));
  info->message = column_dup (stmt, 8);
  info->n_sent = sqlite3_column_int64 (stmt, 9);
  info->n_written = sqlite3_column_int64 (stmt, 10);
  info->n_failed = sqlite3_column_int64 (stmt, 11);
  info->n_conflicts = sqlite3_column_int64 (stmt, 12);
  return info;
}

GPtrArray *
aud_write_audit_list_runs (AudStore  *store,
                           gint64     audience_id,
                           GError   **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(GPtrArray) runs = g_ptr_array_new_with_free_func ((GDestroyNotify) aud_write_run_info_free);
  int rc;

  g_return_val_if_fail (AUD_IS_STORE (store), NULL);

  stmt = aud_store_prepare (store, RUN_COLUMNS "WHERE ?1 < 0 OR r.audience_id = ?1 ORDER BY r.id DESC", error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, audience_id);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_ptr_array_add (runs, run_from_row (stmt));
  if (rc != SQLITE_DONE)
    {
      aud_store_set_sqlite_error (store, error, rc, "list write-back runs");
      return NULL;
    }
  return g_steal_pointer (&runs);
}

AudWriteRunInfo *
aud_write_audit_get_run (AudStore  *store,
                         gint64     run_id,
                         GError   **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  int rc;

  g_return_val_if_fail (AUD_IS_STORE (store), NULL);

  stmt = aud_store_prepare (store, RUN_COLUMNS "WHERE r.id = ?1", error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, run_id);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    return run_from_row (stmt);
  if (rc == SQLITE_DONE)
    g_set_error (error, AUD_WRITE_ERROR, AUD_WRITE_ERROR_NOT_FOUND,
                 _("There is no write-back run %lld. See the runs with “audiences writeback-undo --list”."),
                 (long long) run_id);
  else
    aud_store_set_sqlite_error (store, error, rc, "read a write-back run");
  return NULL;
}

GPtrArray *
aud_write_audit_list_items (AudStore  *store,
                            gint64     run_id,
                            GError   **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(GPtrArray) items = g_ptr_array_new_with_free_func ((GDestroyNotify) aud_write_audit_item_free);
  int rc;

  g_return_val_if_fail (AUD_IS_STORE (store), NULL);

  stmt = aud_store_prepare (store,
                            "SELECT record_id, field, kind, old_value, new_value, state, sent_at, finished_at, "
                            "  error_code, message FROM writeback_items WHERE run_id = ?1 ORDER BY id",
                            error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, run_id);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      AudWriteAuditItem *item = g_new0 (AudWriteAuditItem, 1);

      item->record_id = column_dup (stmt, 0);
      item->field = column_dup (stmt, 1);
      item->kind = sqlite3_column_int (stmt, 2);
      item->old_value = column_json (stmt, 3);
      item->new_value = column_json (stmt, 4);
      item->state = column_dup (stmt, 5);
      item->sent_at = column_dup (stmt, 6);
      item->finished_at = column_dup (stmt, 7);
      item->error_code = column_dup (stmt, 8);
      item->message = column_dup (stmt, 9);
      g_ptr_array_add (items, item);
    }
  if (rc != SQLITE_DONE)
    {
      aud_store_set_sqlite_error (store, error, rc, "list write-back items");
      return NULL;
    }
  return g_steal_pointer (&items);
}

gboolean
aud_write_audit_close_interrupted (AudStore  *store,
                                   GError   **error)
{
  g_return_val_if_fail (AUD_IS_STORE (store), FALSE);

  return aud_store_exec (store,
                         "UPDATE writeback_runs SET state = 'interrupted', "
                         "  finished_at = strftime('%Y-%m-%dT%H:%M:%SZ', 'now') WHERE state = 'running'",
                         error);
}

GPtrArray *
aud_write_audit_undo_changes (AudStore  *store,
                              gint64     run_id,
                              GError   **error)
{
  g_autoptr(AudWriteRunInfo) run = NULL;
  g_autoptr(GPtrArray) items = NULL;
  g_autoptr(GPtrArray) changes = g_ptr_array_new_with_free_func ((GDestroyNotify) aud_write_change_free);

  run = aud_write_audit_get_run (store, run_id, error);
  if (run == NULL)
    return NULL;
  items = aud_write_audit_list_items (store, run_id, error);
  if (items == NULL)
    return NULL;

  for (guint i = 0; i < items->len; i++)
    {
      AudWriteAuditItem *item = items->pdata[i];

      /* A "sent" item may or may not have landed; if it did not, Salesforce still holds the old
       * value and the undo reports it as a conflict instead of touching it. */
      if (g_str_equal (item->state, "written") || g_str_equal (item->state, "sent"))
        g_ptr_array_add (changes, aud_write_change_new (item->record_id, item->field, item->kind,
                                                        item->new_value, item->old_value));
    }
  if (changes->len == 0)
    {
      g_set_error (error, AUD_WRITE_ERROR, AUD_WRITE_ERROR_NOTHING_TO_DO,
                   _("Run %lld wrote nothing to Salesforce, so there is nothing to undo."), (long long) run_id);
      return NULL;
    }
  return g_steal_pointer (&changes);
}
