/* aud-demo-org-control.c — the /_demo/ control API: faults, limits, mutations, dumps, statistics
 *
 * Tests and benchmarks change the org behind the client's back here, the way other users,
 * automation and Salesforce itself do in a real org. Everything is also a C call.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "aud-demo-org-private.h"
#include "aud-sf-id.h"

static const char * const mutation_names[] = { "update", "create", "delete", "undelete", "purge", "touch", "merge" };

static gboolean
require_started (AudDemoOrg  *self,
                 GError     **error)
{
  if (self->db == NULL)
    {
      g_set_error_literal (error, AUD_DEMO_ORG_ERROR, AUD_DEMO_ORG_ERROR_NOT_RUNNING,
                           "The demo org is not running");
      return FALSE;
    }
  return TRUE;
}

static gboolean
exec_with_id (AudDemoOrg  *self,
              const char  *object_name,
              const char  *sql,
              const char  *id,
              const char  *stamp,
              GError     **error)
{
  g_autoptr(sqlite3_stmt) stmt = demo_data_prepare (self, sql, error);

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, id, -1, SQLITE_STATIC);
  if (stamp != NULL)
    sqlite3_bind_text (stmt, 2, stamp, -1, SQLITE_STATIC);
  if (sqlite3_bind_parameter_count (stmt) >= 3)
    sqlite3_bind_text (stmt, 3, object_name, -1, SQLITE_STATIC);
  if (sqlite3_step (stmt) != SQLITE_DONE)
    {
      demo_data_set_error (self, error, "mutate");
      return FALSE;
    }
  return TRUE;
}

/* Picks @count Ids deterministically: live rows (or deleted ones for undelete) in Id order, in a
 * window that moves on by @count with every mutation, so successive calls touch different rows. */
static GPtrArray *
pick_rows (AudDemoOrg         *self,
           DemoObject         *object,
           AudDemoOrgMutation  mutation,
           guint               count,
           GError            **error)
{
  g_autofree char *sql = g_strdup_printf ("SELECT Id FROM \"%s\" WHERE IsDeleted = ?1 ORDER BY Id "
                                          "LIMIT ?2 OFFSET (SELECT CASE WHEN count(*) > ?2 THEN ?3 %% (count(*) - ?2 + 1) "
                                          "ELSE 0 END FROM \"%s\" WHERE IsDeleted = ?1)",
                                          object->name, object->name);
  g_autoptr(sqlite3_stmt) stmt = demo_data_prepare (self, sql, error);
  GPtrArray *ids = g_ptr_array_new_with_free_func (g_free);

  if (stmt == NULL)
    {
      g_ptr_array_unref (ids);
      return NULL;
    }
  sqlite3_bind_int (stmt, 1, mutation == AUD_DEMO_ORG_MUTATE_UNDELETE);
  sqlite3_bind_int64 (stmt, 2, count);
  sqlite3_bind_int64 (stmt, 3, (gint64) ((self->mutation_turn + self->seed % 97) % G_MAXINT32));
  self->mutation_turn += count;
  while (sqlite3_step (stmt) == SQLITE_ROW)
    g_ptr_array_add (ids, g_strdup ((const char *) sqlite3_column_text (stmt, 0)));
  return ids;
}

/* Merges like Salesforce's merge(): each loser of a ground-truth cluster is soft-deleted with
 * MasterRecordId pointing at the cluster's live survivor (its root). */
static gboolean
merge_duplicates (AudDemoOrg  *self,
                  DemoObject  *object,
                  guint        count,
                  const char  *stamp,
                  GPtrArray   *changed,
                  GError     **error)
{
  g_autofree char *pick_sql = g_strdup_printf ("SELECT t.Id, t.Cluster FROM _demo_truth t "
                                               "JOIN \"%1$s\" l ON l.Id = t.Id AND l.IsDeleted = 0 "
                                               "JOIN \"%1$s\" w ON w.Id = t.Cluster AND w.IsDeleted = 0 "
                                               "WHERE t.Object = ?1 AND t.Id != t.Cluster ORDER BY t.Id LIMIT ?2",
                                               object->name);
  g_autofree char *merge_sql = g_strdup_printf ("UPDATE \"%s\" SET IsDeleted = 1, MasterRecordId = ?3, "
                                                "LastModifiedDate = ?2, SystemModstamp = ?2 WHERE Id = ?1", object->name);
  g_autoptr(sqlite3_stmt) pick = NULL;
  g_autoptr(sqlite3_stmt) merge = NULL;
  g_autoptr(sqlite3_stmt) log = NULL;

  if (demo_object_lookup_field (object, "MasterRecordId") == NULL)
    {
      g_set_error (error, AUD_DEMO_ORG_ERROR, AUD_DEMO_ORG_ERROR_INVALID_ARGUMENT, "%s records can't be merged", object->name);
      return FALSE;
    }
  pick = demo_data_prepare (self, pick_sql, error);
  merge = pick ? demo_data_prepare (self, merge_sql, error) : NULL;
  log = merge ? demo_data_prepare (self, "INSERT OR REPLACE INTO _demo_deleted (Object, Id, DeletedDate) VALUES (?1, ?2, ?3)",
                                   error) : NULL;
  if (log == NULL)
    return FALSE;

  sqlite3_bind_text (pick, 1, object->name, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (pick, 2, count);
  while (sqlite3_step (pick) == SQLITE_ROW)
    {
      const char *loser = (const char *) sqlite3_column_text (pick, 0);
      const char *winner = (const char *) sqlite3_column_text (pick, 1);

      sqlite3_bind_text (merge, 1, loser, -1, SQLITE_TRANSIENT);
      sqlite3_bind_text (merge, 2, stamp, -1, SQLITE_STATIC);
      sqlite3_bind_text (merge, 3, winner, -1, SQLITE_TRANSIENT);
      sqlite3_bind_text (log, 1, object->name, -1, SQLITE_STATIC);
      sqlite3_bind_text (log, 2, loser, -1, SQLITE_TRANSIENT);
      sqlite3_bind_text (log, 3, stamp, -1, SQLITE_STATIC);
      if (sqlite3_step (merge) != SQLITE_DONE || sqlite3_step (log) != SQLITE_DONE)
        {
          demo_data_set_error (self, error, "merge");
          return FALSE;
        }
      sqlite3_reset (merge);
      sqlite3_reset (log);
      g_ptr_array_add (changed, g_strdup (loser));
    }
  return TRUE;
}

static char **
mutate_locked (AudDemoOrg         *self,
               const char         *object_name,
               AudDemoOrgMutation  mutation,
               guint               count,
               gboolean            same_stamp,
               GError            **error)
{
  DemoObject *object;
  g_autoptr(GPtrArray) ids = NULL;
  g_autoptr(GPtrArray) changed = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *shared = demo_now_string ();
  g_autofree char *update_sql = NULL;
  g_autofree char *delete_sql = NULL;
  g_autofree char *undelete_sql = NULL;
  g_autofree char *purge_sql = NULL;
  g_autofree char *touch_sql = NULL;

  if (!require_started (self, error))
    return NULL;
  object = demo_schema_lookup (self->schema, object_name);
  if (object == NULL || g_str_equal (object->name, "User"))
    {
      g_set_error (error, AUD_DEMO_ORG_ERROR, AUD_DEMO_ORG_ERROR_INVALID_ARGUMENT,
                   "Unknown object %s", object_name ? object_name : "(null)");
      return NULL;
    }

  update_sql = g_strdup_printf ("UPDATE \"%s\" SET %s, LastModifiedDate = ?2, SystemModstamp = ?2 WHERE Id = ?1",
                                object->name,
                                g_str_equal (object->name, "Opportunity") ? "NextStep = 'Follow up ' || ?2"
                                : g_str_equal (object->name, "Account") ? "Description = 'Reviewed ' || ?2"
                                : "Title = CASE WHEN Title LIKE 'Senior %' THEN substr(Title, 8) ELSE 'Senior ' || COALESCE(Title, 'Associate') END");
  delete_sql = g_strdup_printf ("UPDATE \"%s\" SET IsDeleted = 1, LastModifiedDate = ?2, SystemModstamp = ?2 WHERE Id = ?1",
                                object->name);
  undelete_sql = g_strdup_printf ("UPDATE \"%s\" SET IsDeleted = 0, LastModifiedDate = ?2, SystemModstamp = ?2 WHERE Id = ?1",
                                  object->name);
  purge_sql = g_strdup_printf ("DELETE FROM \"%s\" WHERE Id = ?1", object->name);
  touch_sql = g_strdup_printf ("UPDATE \"%s\" SET SystemModstamp = ?2 WHERE Id = ?1", object->name);

  if (!demo_data_exec (self, "BEGIN", error))
    return NULL;

  if (mutation == AUD_DEMO_ORG_MUTATE_MERGE)
    {
      if (!merge_duplicates (self, object, count, shared, changed, error))
        {
          sqlite3_exec (self->db, "ROLLBACK", NULL, NULL, NULL);
          return NULL;
        }
    }
  else if (mutation == AUD_DEMO_ORG_MUTATE_CREATE)
    {
      for (guint i = 0; i < count; i++)
        {
          g_autofree char *stamp = same_stamp ? g_strdup (shared) : demo_now_string ();
          char *id = demo_data_create_record (self, object, stamp, error);

          if (id == NULL)
            {
              sqlite3_exec (self->db, "ROLLBACK", NULL, NULL, NULL);
              return NULL;
            }
          g_ptr_array_add (changed, id);
        }
    }
  else
    {
      ids = pick_rows (self, object, mutation, count, error);
      if (ids == NULL)
        {
          sqlite3_exec (self->db, "ROLLBACK", NULL, NULL, NULL);
          return NULL;
        }
      for (guint i = 0; i < ids->len; i++)
        {
          const char *id = ids->pdata[i];
          g_autofree char *stamp = same_stamp ? g_strdup (shared) : demo_now_string ();
          gboolean ok = TRUE;

          switch (mutation)
            {
            case AUD_DEMO_ORG_MUTATE_UPDATE:
              ok = exec_with_id (self, object->name, update_sql, id, stamp, error);
              break;
            case AUD_DEMO_ORG_MUTATE_DELETE:
              ok = exec_with_id (self, object->name, delete_sql, id, stamp, error)
                   && exec_with_id (self, object->name, "INSERT OR REPLACE INTO _demo_deleted (Object, Id, DeletedDate) "
                                          "VALUES (?3, ?1, ?2)", id, stamp, error);
              break;
            case AUD_DEMO_ORG_MUTATE_UNDELETE:
              ok = exec_with_id (self, object->name, undelete_sql, id, stamp, error)
                   && exec_with_id (self, object->name, "DELETE FROM _demo_deleted WHERE Id = ?1 AND ?2 IS NOT NULL", id, stamp, error);
              break;
            case AUD_DEMO_ORG_MUTATE_PURGE:
              /* Hard delete: gone from queryAll, but still listed by getDeleted. */
              ok = exec_with_id (self, object->name, purge_sql, id, NULL, error)
                   && exec_with_id (self, object->name, "INSERT OR IGNORE INTO _demo_deleted (Object, Id, DeletedDate) "
                                          "VALUES (?3, ?1, ?2)", id, stamp, error);
              break;
            case AUD_DEMO_ORG_MUTATE_TOUCH:
              ok = exec_with_id (self, object->name, touch_sql, id, stamp, error);
              break;
            case AUD_DEMO_ORG_MUTATE_CREATE:
            case AUD_DEMO_ORG_MUTATE_MERGE:
            default:
              g_assert_not_reached ();
            }
          if (!ok)
            {
              sqlite3_exec (self->db, "ROLLBACK", NULL, NULL, NULL);
              return NULL;
            }
          g_ptr_array_add (changed, g_strdup (id));
        }
    }

  if (!demo_data_exec (self, "COMMIT", error))
    return NULL;

  g_ptr_array_add (changed, NULL);
  return (char **) g_ptr_array_free (g_steal_pointer (&changed), FALSE);
}

char **
aud_demo_org_mutate (AudDemoOrg         *self,
                     const char         *object,
                     AudDemoOrgMutation  mutation,
                     guint               count,
                     gboolean            same_stamp,
                     GError            **error)
{
  char **ids;

  g_return_val_if_fail (AUD_IS_DEMO_ORG (self), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  g_mutex_lock (&self->lock);
  ids = mutate_locked (self, object, mutation, count, same_stamp, error);
  g_mutex_unlock (&self->lock);
  return ids;
}

static char *
insert_late_locked (AudDemoOrg  *self,
                    const char  *object_name,
                    guint        seconds_ago,
                    GError     **error)
{
  DemoObject *object;
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autoptr(GDateTime) then = g_date_time_add_seconds (now, -(gdouble) seconds_ago);
  g_autofree char *stamp = demo_format_datetime (then);

  if (!require_started (self, error))
    return NULL;
  object = demo_schema_lookup (self->schema, object_name);
  if (object == NULL)
    {
      g_set_error (error, AUD_DEMO_ORG_ERROR, AUD_DEMO_ORG_ERROR_INVALID_ARGUMENT, "Unknown object %s", object_name);
      return NULL;
    }
  return demo_data_create_record (self, object, stamp, error);
}

char *
aud_demo_org_insert_late_record (AudDemoOrg  *self,
                                 const char  *object,
                                 guint        seconds_ago,
                                 GError     **error)
{
  char *id;

  g_return_val_if_fail (AUD_IS_DEMO_ORG (self), NULL);

  g_mutex_lock (&self->lock);
  id = insert_late_locked (self, object, seconds_ago, error);
  g_mutex_unlock (&self->lock);
  return id;
}

static JsonNode *
stats_locked (AudDemoOrg *self)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();
  GHashTableIter iter;
  gpointer key, value;

  json_builder_begin_object (b);
  json_builder_set_member_name (b, "totalApiCalls");
  json_builder_add_int_value (b, self->total_calls);
  json_builder_set_member_name (b, "apiUsed");
  json_builder_add_int_value (b, self->api_used);
  json_builder_set_member_name (b, "apiMax");
  json_builder_add_int_value (b, self->api_max);
  json_builder_set_member_name (b, "recordsServed");
  json_builder_add_int_value (b, self->records_served);
  json_builder_set_member_name (b, "recordWrites");
  json_builder_add_int_value (b, self->record_writes);
  json_builder_set_member_name (b, "openCursors");
  json_builder_add_int_value (b, g_hash_table_size (self->cursors));
  json_builder_set_member_name (b, "byEndpoint");
  json_builder_begin_object (b);
  g_hash_table_iter_init (&iter, self->calls_by_endpoint);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      json_builder_set_member_name (b, key);
      json_builder_add_int_value (b, *(gint64 *) value);
    }
  json_builder_end_object (b);
  json_builder_end_object (b);
  return json_builder_get_root (b);
}

JsonNode *
aud_demo_org_dup_stats (AudDemoOrg *self)
{
  JsonNode *node;

  g_return_val_if_fail (AUD_IS_DEMO_ORG (self), NULL);
  g_mutex_lock (&self->lock);
  node = stats_locked (self);
  g_mutex_unlock (&self->lock);
  return node;
}

static JsonNode *
rows_locked (AudDemoOrg  *self,
             const char  *object_name,
             GError     **error)
{
  DemoObject *object;
  g_autoptr(GString) sql = g_string_new ("SELECT ");
  g_autoptr(GPtrArray) cols = g_ptr_array_new ();
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GString) out = g_string_new ("[");
  gboolean first = TRUE;

  if (!require_started (self, error))
    return NULL;
  object = demo_schema_lookup (self->schema, object_name);
  if (object == NULL)
    {
      g_set_error (error, AUD_DEMO_ORG_ERROR, AUD_DEMO_ORG_ERROR_INVALID_ARGUMENT, "Unknown object %s",
                   object_name ? object_name : "(null)");
      return NULL;
    }

  for (guint i = 0; i < object->fields->len; i++)
    {
      DemoField *field = g_ptr_array_index (object->fields, i);

      if (!demo_field_is_stored (field))
        continue;
      g_string_append_printf (sql, "%s\"%s\"", cols->len ? ", " : "", field->name);
      g_ptr_array_add (cols, field);
    }
  g_string_append_printf (sql, " FROM \"%s\" ORDER BY Id", object->name);
  stmt = demo_data_prepare (self, sql->str, error);
  if (stmt == NULL)
    return NULL;

  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      g_string_append (out, first ? "{" : ",{");
      first = FALSE;
      for (guint i = 0; i < cols->len; i++)
        {
          DemoField *field = cols->pdata[i];

          g_string_append_printf (out, "%s\"%s\":", i ? "," : "", field->name);
          demo_data_append_value (out, stmt, (int) i, field);
        }
      g_string_append_c (out, '}');
    }
  g_string_append_c (out, ']');

  if (!json_parser_load_from_data (parser, out->str, out->len, error))
    return NULL;
  return json_node_copy (json_parser_get_root (parser));
}

JsonNode *
aud_demo_org_dup_rows (AudDemoOrg  *self,
                       const char  *object,
                       GError     **error)
{
  JsonNode *node;

  g_return_val_if_fail (AUD_IS_DEMO_ORG (self), NULL);
  g_mutex_lock (&self->lock);
  node = rows_locked (self, object, error);
  g_mutex_unlock (&self->lock);
  return node;
}

static GHashTable *
truth_locked (AudDemoOrg  *self,
              const char  *object_name,
              GError     **error)
{
  DemoObject *object;
  g_autoptr(sqlite3_stmt) stmt = NULL;
  GHashTable *truth;

  if (!require_started (self, error))
    return NULL;
  object = demo_schema_lookup (self->schema, object_name);
  if (object == NULL)
    {
      g_set_error (error, AUD_DEMO_ORG_ERROR, AUD_DEMO_ORG_ERROR_INVALID_ARGUMENT, "Unknown object %s",
                   object_name ? object_name : "(null)");
      return NULL;
    }
  stmt = demo_data_prepare (self, "SELECT Id, Cluster FROM _demo_truth WHERE Object = ?", error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_text (stmt, 1, object->name, -1, SQLITE_STATIC);
  truth = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    g_hash_table_insert (truth, g_strdup ((const char *) sqlite3_column_text (stmt, 0)),
                         g_strdup ((const char *) sqlite3_column_text (stmt, 1)));
  return truth;
}

GHashTable *
aud_demo_org_dup_ground_truth (AudDemoOrg  *self,
                               const char  *object,
                               GError     **error)
{
  GHashTable *truth;

  g_return_val_if_fail (AUD_IS_DEMO_ORG (self), NULL);
  g_mutex_lock (&self->lock);
  truth = truth_locked (self, object, error);
  g_mutex_unlock (&self->lock);
  return truth;
}

/* ---- HTTP ---- */

static void
reply_gerror (SoupServerMessage *msg,
              const GError      *error)
{
  demo_reply_error (msg, error->code == AUD_DEMO_ORG_ERROR_INVALID_ARGUMENT ? SOUP_STATUS_BAD_REQUEST
                                                                             : SOUP_STATUS_INTERNAL_SERVER_ERROR,
                    "DEMO_CONTROL_ERROR", error->message);
}

static JsonObject *
body_object (SoupServerMessage *msg,
             JsonNode         **holder)
{
  *holder = demo_parse_json_body (msg, NULL);
  if (*holder == NULL || !JSON_NODE_HOLDS_OBJECT (*holder))
    {
      demo_reply_error (msg, SOUP_STATUS_BAD_REQUEST, "JSON_PARSER_ERROR", "The body must be a JSON object");
      return NULL;
    }
  return json_node_get_object (*holder);
}

static const char *
query_param (SoupServerMessage *msg,
             const char        *name,
             GHashTable       **holder)
{
  const char *query = g_uri_get_query (soup_server_message_get_uri (msg));

  *holder = query ? soup_form_decode (query) : g_hash_table_new (g_str_hash, g_str_equal);
  return g_hash_table_lookup (*holder, name);
}

static void
handle_mutate (AudDemoOrg        *self,
               SoupServerMessage *msg)
{
  g_autoptr(JsonNode) holder = NULL;
  JsonObject *body = body_object (msg, &holder);
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) ids = NULL;
  const char *operation;
  int mutation = -1;
  GString *out;

  if (body == NULL)
    return;
  operation = json_object_get_string_member_with_default (body, "operation", "update");
  for (guint i = 0; i < G_N_ELEMENTS (mutation_names); i++)
    if (g_str_equal (mutation_names[i], operation))
      mutation = (int) i;
  if (mutation < 0)
    {
      demo_reply_error (msg, SOUP_STATUS_BAD_REQUEST, "DEMO_CONTROL_ERROR", "Unknown operation");
      return;
    }

  ids = mutate_locked (self, json_object_get_string_member_with_default (body, "object", "Contact"), mutation,
                       (guint) json_object_get_int_member_with_default (body, "count", 1),
                       json_object_get_boolean_member_with_default (body, "same_stamp", FALSE), &error);
  if (ids == NULL)
    {
      reply_gerror (msg, error);
      return;
    }
  out = g_string_new ("{\"ids\":[");
  for (guint i = 0; ids[i] != NULL; i++)
    g_string_append_printf (out, "%s\"%s\"", i ? "," : "", ids[i]);
  g_string_append (out, "]}");
  demo_reply_take_json (msg, SOUP_STATUS_OK, g_string_free (out, FALSE));
}

static void
handle_faults (AudDemoOrg        *self,
               SoupServerMessage *msg)
{
  g_autoptr(JsonNode) holder = NULL;
  JsonObject *body = body_object (msg, &holder);
  JsonObjectIter iter;
  const char *name;
  JsonNode *value;

  if (body == NULL)
    return;
  json_object_iter_init (&iter, body);
  while (json_object_iter_next (&iter, &name, &value))
    {
      int fault = aud_demo_org_fault_from_name (name);

      if (fault < 0 || !JSON_NODE_HOLDS_VALUE (value) || json_node_get_value_type (value) != G_TYPE_INT64)
        {
          g_autofree char *message = g_strdup_printf ("Unknown fault or non-integer value: %s", name);

          demo_reply_error (msg, SOUP_STATUS_BAD_REQUEST, "DEMO_CONTROL_ERROR", message);
          return;
        }
    }
  json_object_iter_init (&iter, body);
  while (json_object_iter_next (&iter, &name, &value))
    {
      demo_set_fault_locked (self, (AudDemoOrgFault) aud_demo_org_fault_from_name (name), json_node_get_int (value));
    }
  demo_reply_json (msg, SOUP_STATUS_OK, "{}");
}

void
demo_control_handle (AudDemoOrg        *self,
                     SoupServerMessage *msg,
                     const char        *path)
{
  const char *method = soup_server_message_get_method (msg);
  gboolean post = g_str_equal (method, "POST");
  g_autoptr(GHashTable) params = NULL;
  g_autoptr(GError) error = NULL;

  if (g_str_equal (path, "/_demo/stats"))
    {
      g_autoptr(JsonNode) node = stats_locked (self);

      demo_reply_node (msg, SOUP_STATUS_OK, node);
    }
  else if (g_str_equal (path, "/_demo/info"))
    demo_reply_take_json (msg, SOUP_STATUS_OK,
                          g_strdup_printf ("{\"loginUrl\":\"%s\",\"instanceUrl\":\"%s\",\"clientId\":\"%s\","
                                           "\"orgId\":\"%s\",\"userId\":\"%s\",\"username\":\"%s\",\"apiVersion\":\"%s\"}",
                                           self->login_url, self->instance_url, AUD_DEMO_ORG_CLIENT_ID,
                                           self->org_id, self->user_id, AUD_DEMO_ORG_USERNAME, AUD_DEMO_ORG_API_VERSION));
  else if (post && g_str_equal (path, "/_demo/faults"))
    handle_faults (self, msg);
  else if (post && g_str_equal (path, "/_demo/faults/clear"))
    {
      memset (self->faults, 0, sizeof self->faults);
      self->expire_tokens_at_call = 0;
      demo_reply_json (msg, SOUP_STATUS_OK, "{}");
    }
  else if (post && g_str_equal (path, "/_demo/limits"))
    {
      g_autoptr(JsonNode) holder = NULL;
      JsonObject *body = body_object (msg, &holder);

      if (body == NULL)
        return;
      self->api_max = json_object_get_int_member_with_default (body, "max", self->api_max);
      self->api_used = json_object_get_int_member_with_default (body, "used", self->api_used);
      demo_reply_json (msg, SOUP_STATUS_OK, "{}");
    }
  else if (post && g_str_equal (path, "/_demo/expire-tokens"))
    {
      demo_oauth_expire_all (self);
      demo_reply_json (msg, SOUP_STATUS_OK, "{}");
    }
  else if (post && g_str_equal (path, "/_demo/expire-locators"))
    {
      demo_query_expire_all (self);
      demo_reply_json (msg, SOUP_STATUS_OK, "{}");
    }
  else if (post && g_str_equal (path, "/_demo/mutate"))
    handle_mutate (self, msg);
  else if (post && g_str_equal (path, "/_demo/late"))
    {
      g_autoptr(JsonNode) holder = NULL;
      JsonObject *body = body_object (msg, &holder);
      g_autofree char *id = NULL;

      if (body == NULL)
        return;
      id = insert_late_locked (self, json_object_get_string_member_with_default (body, "object", "Contact"),
                               (guint) json_object_get_int_member_with_default (body, "seconds_ago", 60), &error);
      if (id == NULL)
        reply_gerror (msg, error);
      else
        demo_reply_take_json (msg, SOUP_STATUS_OK, g_strdup_printf ("{\"id\":\"%s\"}", id));
    }
  else if (g_str_equal (path, "/_demo/dump"))
    {
      g_autoptr(JsonNode) rows = rows_locked (self, query_param (msg, "object", &params), &error);

      if (rows == NULL)
        reply_gerror (msg, error);
      else
        demo_reply_node (msg, SOUP_STATUS_OK, rows);
    }
  else if (g_str_equal (path, "/_demo/truth"))
    {
      g_autoptr(GHashTable) truth = truth_locked (self, query_param (msg, "object", &params), &error);
      g_autoptr(GHashTable) clusters = NULL;
      GHashTableIter iter;
      gpointer key, value;
      GString *out;

      if (truth == NULL)
        {
          reply_gerror (msg, error);
          return;
        }
      clusters = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, (GDestroyNotify) g_ptr_array_unref);
      g_hash_table_iter_init (&iter, truth);
      while (g_hash_table_iter_next (&iter, &key, &value))
        {
          GPtrArray *members = g_hash_table_lookup (clusters, value);

          if (members == NULL)
            g_hash_table_insert (clusters, value, (members = g_ptr_array_new ()));
          g_ptr_array_add (members, key);
        }
      out = g_string_new ("{\"clusters\":{");
      g_hash_table_iter_init (&iter, clusters);
      for (gboolean first = TRUE; g_hash_table_iter_next (&iter, &key, &value); first = FALSE)
        {
          GPtrArray *members = value;

          g_string_append_printf (out, "%s\"%s\":[", first ? "" : ",", (char *) key);
          for (guint i = 0; i < members->len; i++)
            g_string_append_printf (out, "%s\"%s\"", i ? "," : "", (char *) members->pdata[i]);
          g_string_append_c (out, ']');
        }
      g_string_append (out, "}}");
      demo_reply_take_json (msg, SOUP_STATUS_OK, g_string_free (out, FALSE));
    }
  else
    demo_reply_error (msg, SOUP_STATUS_NOT_FOUND, "NOT_FOUND", "The requested resource does not exist");
}
