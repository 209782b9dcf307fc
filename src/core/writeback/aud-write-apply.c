/* aud-write-apply.c — sending planned changes to Salesforce in audited chunks
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "aud-sf-id.h"
#include "aud-soql.h"
#include "aud-store-private.h"
#include "aud-write-apply.h"

G_DEFINE_QUARK (aud-write-error-quark, aud_write_error)

typedef struct
{
  char      *id;         /* 18 characters */
  GPtrArray *changes;    /* AudWriteChange, borrowed */
  GPtrArray *to_send;    /* the changes that passed the re-read */
  guint      attempts;
} Record;

typedef struct
{
  AudStore              *store;
  AudSalesforceClient   *client;
  const char            *object;
  const AudWriteOptions *options;
  GCancellable          *cancellable;
  gint64                 run_id;
  AudWriteCounts         counts;
  gboolean               budget_spent;
} Apply;

static void
record_free (Record *record)
{
  g_free (record->id);
  g_ptr_array_unref (record->changes);
  g_clear_pointer (&record->to_send, g_ptr_array_unref);
  g_free (record);
}

const char *
aud_write_state_to_string (AudWriteState state)
{
  switch (state)
    {
    case AUD_WRITE_STATE_RUNNING: return "running";
    case AUD_WRITE_STATE_SUCCEEDED: return "succeeded";
    case AUD_WRITE_STATE_PARTIAL: return "partial";
    case AUD_WRITE_STATE_FAILED: return "failed";
    case AUD_WRITE_STATE_CANCELLED: return "cancelled";
    case AUD_WRITE_STATE_PAUSED_API_LIMIT: return "paused-api-limit";
    case AUD_WRITE_STATE_NEEDS_RECONNECT: return "needs-reconnect";
    case AUD_WRITE_STATE_INTERRUPTED: return "interrupted";
    default: g_return_val_if_reached ("failed");
    }
}

void
aud_write_options_init (AudWriteOptions *options)
{
  g_return_if_fail (options != NULL);

  options->chunk_size = AUD_WRITE_MAX_CHUNK;
  options->lock_retries = 3;
  options->retry_delay_ms = 500;
  options->api_reserve = 0.10;
}

AudWriteChange *
aud_write_change_new (const char   *record_id,
                      const char   *field,
                      AudFieldKind  kind,
                      JsonNode     *expected,
                      JsonNode     *value)
{
  AudWriteChange *change = g_new0 (AudWriteChange, 1);

  change->record_id = g_strdup (record_id);
  change->field = g_strdup (field);
  change->kind = kind;
  change->expected = expected != NULL ? json_node_copy (expected) : NULL;
  change->value = value != NULL ? json_node_copy (value) : NULL;
  return change;
}

void
aud_write_change_free (AudWriteChange *change)
{
  if (change == NULL)
    return;
  g_free (change->record_id);
  g_free (change->field);
  g_clear_pointer (&change->expected, json_node_unref);
  g_clear_pointer (&change->value, json_node_unref);
  g_free (change);
}

GPtrArray *
aud_write_plan_get_changes (const AudWritePlan *plan)
{
  GPtrArray *changes = g_ptr_array_new_with_free_func ((GDestroyNotify) aud_write_change_free);

  g_return_val_if_fail (plan != NULL, changes);

  for (guint i = 0; i < plan->items->len; i++)
    {
      AudWriteItem *item = plan->items->pdata[i];

      if (item->outcome == AUD_WRITE_OUTCOME_WRITE)
        g_ptr_array_add (changes, aud_write_change_new (item->record_id, item->field, item->kind,
                                                        item->old_value, item->new_value));
    }
  return changes;
}

void
aud_write_result_free (AudWriteResult *result)
{
  if (result == NULL)
    return;
  g_free (result->message);
  g_free (result);
}

static char *
value_to_text (JsonNode *value)
{
  if (aud_value_is_blank (value))
    return NULL;
  return json_to_string (value, FALSE);
}

static gboolean
same_value (AudFieldKind  kind,
            JsonNode     *a,
            JsonNode     *b)
{
  gboolean a_blank = aud_value_is_blank (a);
  gboolean b_blank = aud_value_is_blank (b);

  if (a_blank || b_blank)
    return a_blank && b_blank;
  return aud_values_equal (kind, a, b);
}

static char *
now_string (void)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();

  return g_date_time_format (now, "%Y-%m-%dT%H:%M:%SZ");
}

static gint64
start_run (AudStore    *store,
           gint64       audience_id,
           const char  *object,
           gint64       undo_of,
           GError     **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;

  stmt = aud_store_prepare (store,
                            "INSERT INTO writeback_runs (audience_id, object, kind, undo_of) VALUES (?1, ?2, ?3, ?4)",
                            error);
  if (stmt == NULL)
    return -1;
  if (audience_id >= 0)
    sqlite3_bind_int64 (stmt, 1, audience_id);
  sqlite3_bind_text (stmt, 2, object, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 3, undo_of >= 0 ? "undo" : "apply", -1, SQLITE_STATIC);
  if (undo_of >= 0)
    sqlite3_bind_int64 (stmt, 4, undo_of);
  if (!aud_store_step_done (store, stmt, error))
    return -1;
  return sqlite3_last_insert_rowid (aud_store_get_db (store));
}

static gboolean
finish_run (AudStore       *store,
            gint64          run_id,
            AudWriteState   state,
            const char     *message,
            GError        **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autofree char *now = now_string ();

  stmt = aud_store_prepare (store,
                            "UPDATE writeback_runs SET state = ?2, message = ?3, finished_at = ?4 WHERE id = ?1",
                            error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, run_id);
  sqlite3_bind_text (stmt, 2, aud_write_state_to_string (state), -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 3, message, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 4, now, -1, SQLITE_STATIC);
  return aud_store_step_done (store, stmt, error);
}

static gboolean
insert_item (Apply           *apply,
             AudWriteChange  *change,
             const char      *state,
             const char      *error_code,
             const char      *message,
             GError         **error)
{
  sqlite3_stmt *stmt;
  g_autofree char *old_text = value_to_text (change->expected);
  g_autofree char *new_text = value_to_text (change->value);
  g_autofree char *now = now_string ();
  gboolean sent = g_str_equal (state, "sent");

  stmt = aud_store_prepare_cached (apply->store,
                                   "INSERT INTO writeback_items (run_id, record_id, field, kind, old_value, new_value, "
                                   "  state, sent_at, finished_at, error_code, message) "
                                   "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)",
                                   error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, apply->run_id);
  sqlite3_bind_text (stmt, 2, change->record_id, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 3, change->field, -1, SQLITE_STATIC);
  sqlite3_bind_int (stmt, 4, change->kind);
  sqlite3_bind_text (stmt, 5, old_text, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 6, new_text, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 7, state, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, sent ? 8 : 9, now, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 10, error_code, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 11, message, -1, SQLITE_STATIC);
  return aud_store_step_done (apply->store, stmt, error);
}

/* Moves a record's sent items to their outcome. */
static gboolean
finish_items (Apply       *apply,
              Record      *record,
              const char  *state,
              const char  *error_code,
              const char  *message,
              GError     **error)
{
  sqlite3_stmt *stmt;
  g_autofree char *now = now_string ();

  stmt = aud_store_prepare_cached (apply->store,
                                   "UPDATE writeback_items SET state = ?3, finished_at = ?4, error_code = ?5, message = ?6 "
                                   "WHERE run_id = ?1 AND record_id = ?2 AND state = 'sent'",
                                   error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, apply->run_id);
  sqlite3_bind_text (stmt, 2, ((AudWriteChange *) record->changes->pdata[0])->record_id, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 3, state, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 4, now, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 5, error_code, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 6, message, -1, SQLITE_STATIC);
  return aud_store_step_done (apply->store, stmt, error);
}

static void
note_api_usage (Apply *apply,
                guint  before)
{
  gint64 used, max;

  apply->counts.api_calls += aud_salesforce_client_get_request_count (apply->client) - before;
  if (aud_salesforce_client_get_api_usage (apply->client, &used, &max) && max > 0
      && used >= (gint64) ((1.0 - apply->options->api_reserve) * max))
    apply->budget_spent = TRUE;
}

/* The chunk's current values, keyed by 18-character Id. */
static GHashTable *
reread_chunk (Apply      *apply,
              GPtrArray  *chunk,
              GError    **error)
{
  g_autoptr(GHashTable) fields = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GHashTable) current = NULL;
  g_autoptr(GString) soql = g_string_new ("SELECT Id");
  g_autoptr(JsonNode) answer = NULL;
  g_autofree char *escaped = NULL;
  g_autofree char *url = NULL;
  JsonArray *rows;
  guint before;

  for (guint r = 0; r < chunk->len; r++)
    {
      Record *record = chunk->pdata[r];

      for (guint c = 0; c < record->changes->len; c++)
        {
          AudWriteChange *change = record->changes->pdata[c];

          if (!g_hash_table_contains (fields, change->field))
            {
              g_hash_table_add (fields, change->field);
              g_string_append_printf (soql, ", %s", change->field);
            }
        }
    }
  g_string_append_printf (soql, " FROM %s WHERE Id IN (", apply->object);
  for (guint r = 0; r < chunk->len; r++)
    {
      g_autofree char *quoted = aud_soql_quote_string (((Record *) chunk->pdata[r])->id);

      g_string_append_printf (soql, "%s%s", r > 0 ? ", " : "", quoted);
    }
  g_string_append_c (soql, ')');

  escaped = g_uri_escape_string (soql->str, NULL, FALSE);
  url = g_strdup_printf ("query/?q=%s", escaped);
  before = aud_salesforce_client_get_request_count (apply->client);
  answer = aud_salesforce_client_get_json (apply->client, url, NULL, apply->cancellable, error);
  note_api_usage (apply, before);
  if (answer == NULL)
    return NULL;

  current = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, (GDestroyNotify) json_object_unref);
  if (!JSON_NODE_HOLDS_OBJECT (answer)
      || (rows = json_object_get_array_member (json_node_get_object (answer), "records")) == NULL)
    {
      g_set_error (error, AUD_WRITE_ERROR, AUD_WRITE_ERROR_FAILED,
                   _("Salesforce answered the re-read of the records unexpectedly. Try again later."));
      return NULL;
    }
  /* 200 Ids fit one page of any batch size Salesforce allows, so there is no nextRecordsUrl. */
  for (guint i = 0; i < json_array_get_length (rows); i++)
    {
      JsonObject *row = json_array_get_object_element (rows, i);
      const char *id = row != NULL ? json_object_get_string_member_with_default (row, "Id", NULL) : NULL;
      char *id18 = id != NULL ? aud_sf_id_to_18 (id) : NULL;

      if (id18 != NULL)
        g_hash_table_insert (current, id18, json_object_ref (row));
    }
  return g_steal_pointer (&current);
}

static JsonNode *
build_body (Apply     *apply,
            GPtrArray *records)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();

  json_builder_begin_object (b);
  json_builder_set_member_name (b, "allOrNone");
  json_builder_add_boolean_value (b, FALSE);
  json_builder_set_member_name (b, "records");
  json_builder_begin_array (b);
  for (guint r = 0; r < records->len; r++)
    {
      Record *record = records->pdata[r];

      json_builder_begin_object (b);
      json_builder_set_member_name (b, "attributes");
      json_builder_begin_object (b);
      json_builder_set_member_name (b, "type");
      json_builder_add_string_value (b, apply->object);
      json_builder_end_object (b);
      json_builder_set_member_name (b, "id");
      json_builder_add_string_value (b, record->id);
      for (guint c = 0; c < record->to_send->len; c++)
        {
          AudWriteChange *change = record->to_send->pdata[c];

          json_builder_set_member_name (b, change->field);
          /* Blank means clear: Salesforce takes JSON null for that. */
          if (aud_value_is_blank (change->value))
            json_builder_add_null_value (b);
          else
            json_builder_add_value (b, json_node_copy (change->value));
        }
      json_builder_end_object (b);
    }
  json_builder_end_array (b);
  json_builder_end_object (b);
  return json_builder_get_root (b);
}

static void
sleep_cancellable (GCancellable *cancellable,
                   guint         ms)
{
  gint64 until = g_get_monotonic_time () + (gint64) ms * 1000;

  while (g_get_monotonic_time () < until && !g_cancellable_is_cancelled (cancellable))
    g_usleep (MIN (20000, until - g_get_monotonic_time ()));
}

static gboolean
request_was_refused (const GError *error)
{
  return error->domain == AUD_CRM_ERROR
         && (error->code == AUD_CRM_ERROR_API_LIMIT || error->code == AUD_CRM_ERROR_NEEDS_RECONNECT
             || error->code == AUD_CRM_ERROR_BAD_REQUEST || error->code == AUD_CRM_ERROR_PERMISSION_DENIED
             || error->code == AUD_CRM_ERROR_INVALID_FIELD);
}

/* Best effort: the run stops with the call's error either way. */
static void
mark_refused (Apply        *apply,
              GPtrArray    *records,
              const GError *why)
{
  const char *code = aud_salesforce_client_get_last_error_code (apply->client);

  if (!aud_store_begin (apply->store, NULL))
    return;
  for (guint i = 0; i < records->len; i++)
    {
      Record *record = records->pdata[i];

      if (!finish_items (apply, record, "failed", code != NULL ? code : "REFUSED", why->message, NULL))
        {
          aud_store_rollback (apply->store);
          return;
        }
      apply->counts.failed += record->to_send->len;
      apply->counts.records_done++;
    }
  if (!aud_store_commit (apply->store, NULL))
    aud_store_rollback (apply->store);
}

/* Sends the records and records each outcome; locked rows go again after a back-off. A failed
 * call leaves its records "sent": whether Salesforce applied them is then unknown. */
static gboolean
send_records (Apply      *apply,
              GPtrArray  *records,
              GError    **error)
{
  g_autoptr(GPtrArray) pending = g_ptr_array_copy (records, NULL, NULL);
  guint delay = apply->options->retry_delay_ms;

  while (pending->len > 0)
    {
      g_autoptr(GPtrArray) locked = g_ptr_array_new ();
      g_autoptr(JsonNode) body = build_body (apply, pending);
      g_autoptr(JsonNode) answer = NULL;
      JsonArray *results;
      guint before = aud_salesforce_client_get_request_count (apply->client);

      answer = aud_salesforce_client_send_json (apply->client, "PATCH", "composite/sobjects", body, NULL,
                                                apply->cancellable, error);
      note_api_usage (apply, before);
      if (answer == NULL)
        {
          /* Refused as a whole (limit, sign-in, a bad request): nothing was applied, and the
           * audit says so. Otherwise (network, 5xx, cancel) the outcome is unknown: stay "sent". */
          if (request_was_refused (*error))
            mark_refused (apply, pending, *error);
          return FALSE;
        }
      if (!JSON_NODE_HOLDS_ARRAY (answer)
          || json_array_get_length ((results = json_node_get_array (answer))) != pending->len)
        {
          g_set_error (error, AUD_WRITE_ERROR, AUD_WRITE_ERROR_FAILED,
                       _("Salesforce answered the write unexpectedly; the run’s audit shows what was sent. Check those records in Salesforce."));
          return FALSE;
        }

      if (!aud_store_begin (apply->store, error))
        return FALSE;
      for (guint i = 0; i < pending->len; i++)
        {
          Record *record = pending->pdata[i];
          JsonObject *result = json_array_get_object_element (results, i);
          JsonArray *errors;
          JsonObject *first = NULL;
          const char *code = NULL;
          const char *message = NULL;
          gboolean ok;

          if (result != NULL && json_object_get_boolean_member_with_default (result, "success", FALSE))
            {
              ok = finish_items (apply, record, "written", NULL, NULL, error);
              apply->counts.written += record->to_send->len;
              apply->counts.records_done++;
              if (!ok)
                {
                  aud_store_rollback (apply->store);
                  return FALSE;
                }
              continue;
            }

          errors = result != NULL && json_object_has_member (result, "errors")
                   ? json_object_get_array_member (result, "errors") : NULL;
          if (errors != NULL && json_array_get_length (errors) > 0)
            first = json_array_get_object_element (errors, 0);
          if (first != NULL)
            {
              code = json_object_get_string_member_with_default (first, "statusCode", NULL);
              message = json_object_get_string_member_with_default (first, "message", NULL);
            }

          if (g_strcmp0 (code, "UNABLE_TO_LOCK_ROW") == 0 && record->attempts < apply->options->lock_retries)
            {
              record->attempts++;
              apply->counts.lock_retries++;
              g_ptr_array_add (locked, record);
              continue;
            }

          apply->counts.failed += record->to_send->len;
          apply->counts.records_done++;
          if (!finish_items (apply, record, "failed", code ? code : "UNKNOWN",
                             message ? message : _("Salesforce refused the record without saying why."), error))
            {
              aud_store_rollback (apply->store);
              return FALSE;
            }
        }
      if (!aud_store_commit (apply->store, error))
        return FALSE;

      g_ptr_array_set_size (pending, 0);
      if (locked->len > 0)
        {
          sleep_cancellable (apply->cancellable, delay);
          delay *= 2;
          if (g_cancellable_set_error_if_cancelled (apply->cancellable, error))
            return FALSE;
          g_ptr_array_extend (pending, locked, NULL, NULL);
        }
    }
  return TRUE;
}

/* One chunk: re-read, hold back conflicts, audit, send. */
static gboolean
apply_chunk (Apply      *apply,
             GPtrArray  *chunk,
             GError    **error)
{
  g_autoptr(GHashTable) current = NULL;
  g_autoptr(GPtrArray) to_send = g_ptr_array_new ();

  current = reread_chunk (apply, chunk, error);
  if (current == NULL)
    return FALSE;

  if (!aud_store_begin (apply->store, error))
    return FALSE;
  for (guint r = 0; r < chunk->len; r++)
    {
      Record *record = chunk->pdata[r];
      JsonObject *row = g_hash_table_lookup (current, record->id);

      record->to_send = g_ptr_array_new ();
      for (guint c = 0; c < record->changes->len; c++)
        {
          AudWriteChange *change = record->changes->pdata[c];
          gboolean ok;

          if (row == NULL)
            {
              ok = insert_item (apply, change, "failed", "ENTITY_IS_DELETED",
                                _("The record is deleted in Salesforce or no longer visible to you."), error);
              apply->counts.failed++;
            }
          else if (!same_value (change->kind, aud_write_lookup_value (row, change->field), change->expected))
            {
              g_autofree char *now_text = value_to_text (aud_write_lookup_value (row, change->field));
              g_autofree char *message = g_strdup_printf (_("Changed in Salesforce since the preview (now %s): not overwritten. Refresh and review the plan."),
                                                          now_text ? now_text : _("blank"));

              ok = insert_item (apply, change, "conflict", "CHANGED_SINCE_PREVIEW", message, error);
              apply->counts.conflicts++;
            }
          else
            {
              ok = insert_item (apply, change, "sent", NULL, NULL, error);
              g_ptr_array_add (record->to_send, change);
            }
          if (!ok)
            {
              aud_store_rollback (apply->store);
              return FALSE;
            }
        }
      if (record->to_send->len > 0)
        g_ptr_array_add (to_send, record);
      else
        apply->counts.records_done++;
    }
  /* The audit is durable before anything leaves: a crash from here on leaves "sent" rows. */
  if (!aud_store_commit (apply->store, error))
    return FALSE;

  if (to_send->len == 0)
    return TRUE;
  return send_records (apply, to_send, error);
}

static GPtrArray *
group_records (GPtrArray *changes)
{
  GPtrArray *records = g_ptr_array_new_with_free_func ((GDestroyNotify) record_free);
  g_autoptr(GHashTable) by_id = g_hash_table_new (g_str_hash, g_str_equal);

  for (guint i = 0; i < changes->len; i++)
    {
      AudWriteChange *change = changes->pdata[i];
      g_autofree char *id = aud_sf_id_to_18 (change->record_id);
      Record *record;

      if (id == NULL)
        id = g_strdup (change->record_id);
      record = g_hash_table_lookup (by_id, id);
      if (record == NULL)
        {
          record = g_new0 (Record, 1);
          record->id = g_steal_pointer (&id);
          record->changes = g_ptr_array_new ();
          g_hash_table_insert (by_id, record->id, record);
          g_ptr_array_add (records, record);
        }
      g_ptr_array_add (record->changes, change);
    }
  return records;
}

AudWriteResult *
aud_write_apply_run (AudStore              *store,
                     AudSalesforceClient   *client,
                     gint64                 audience_id,
                     const char            *object,
                     GPtrArray             *changes,
                     gint64                 undo_of,
                     const AudWriteOptions *options,
                     AudWriteProgressFunc   progress_func,
                     gpointer               progress_data,
                     GCancellable          *cancellable,
                     GError               **error)
{
  AudWriteOptions defaults;
  Apply apply = { 0 };
  g_autoptr(GPtrArray) records = NULL;
  g_autoptr(AudWriteResult) result = g_new0 (AudWriteResult, 1);
  g_autoptr(GError) local_error = NULL;
  guint chunk_size;

  g_return_val_if_fail (AUD_IS_STORE (store), NULL);
  g_return_val_if_fail (AUD_IS_SALESFORCE_CLIENT (client), NULL);
  g_return_val_if_fail (object != NULL, NULL);
  g_return_val_if_fail (changes != NULL, NULL);

  if (options == NULL)
    {
      aud_write_options_init (&defaults);
      options = &defaults;
    }
  chunk_size = CLAMP (options->chunk_size, 1, AUD_WRITE_MAX_CHUNK);

  apply.store = store;
  apply.client = client;
  apply.object = object;
  apply.options = options;
  apply.cancellable = cancellable;
  apply.run_id = start_run (store, audience_id, object, undo_of, error);
  if (apply.run_id < 0)
    return NULL;

  records = group_records (changes);
  apply.counts.records_total = records->len;
  result->run_id = apply.run_id;
  result->state = AUD_WRITE_STATE_SUCCEEDED;

  for (guint start = 0; start < records->len; start += chunk_size)
    {
      g_autoptr(GPtrArray) chunk = g_ptr_array_new ();

      if (g_cancellable_is_cancelled (cancellable))
        {
          result->state = AUD_WRITE_STATE_CANCELLED;
          break;
        }
      if (apply.budget_spent)
        {
          result->state = AUD_WRITE_STATE_PAUSED_API_LIMIT;
          result->message = g_strdup_printf (_("Paused to keep %.0f%% of the org’s daily API calls in reserve. Apply the rest when the quota resets."),
                                             options->api_reserve * 100);
          break;
        }

      for (guint r = start; r < MIN (start + chunk_size, records->len); r++)
        g_ptr_array_add (chunk, records->pdata[r]);

      if (!apply_chunk (&apply, chunk, &local_error))
        {
          if (g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
            result->state = AUD_WRITE_STATE_CANCELLED;
          else if (g_error_matches (local_error, AUD_CRM_ERROR, AUD_CRM_ERROR_API_LIMIT))
            result->state = AUD_WRITE_STATE_PAUSED_API_LIMIT;
          else if (g_error_matches (local_error, AUD_CRM_ERROR, AUD_CRM_ERROR_NEEDS_RECONNECT))
            result->state = AUD_WRITE_STATE_NEEDS_RECONNECT;
          else if (local_error->domain == AUD_STORE_ERROR)
            {
              g_propagate_error (error, g_steal_pointer (&local_error));
              return NULL;
            }
          else
            result->state = AUD_WRITE_STATE_FAILED;
          result->message = g_strdup (local_error->message);
          break;
        }

      if (progress_func != NULL)
        progress_func (&apply.counts, progress_data);
    }

  if (result->state == AUD_WRITE_STATE_SUCCEEDED && (apply.counts.failed > 0 || apply.counts.conflicts > 0))
    result->state = AUD_WRITE_STATE_PARTIAL;
  if (result->message == NULL)
    result->message = g_strdup_printf (_("%lld fields written, %lld held back because Salesforce changed them, %lld failed."),
                                       (long long) apply.counts.written, (long long) apply.counts.conflicts,
                                       (long long) apply.counts.failed);
  result->counts = apply.counts;

  if (!finish_run (store, apply.run_id, result->state, result->message, error))
    return NULL;
  return g_steal_pointer (&result);
}
