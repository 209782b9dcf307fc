/* writeback-test-util.c — a demo org and a workspace with an audience ready to write back
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gstdio.h>

#include "aud-describe-fetch.h"
#include "aud-mapping.h"
#include "aud-store-private.h"
#include "aud-sync-job.h"
#include "aud-write-inputs.h"
#include "writeback-test-util.h"

/* Title: Always, Department: Conditional, AssistantName: Never (the default). */
static const char * const mapped[] = { "Title", "Department", "AssistantName", NULL };
static const char * const always[] = { "Title", NULL };
static const char * const conditional[] = { "Department", NULL };

AudSalesforceClient *
wb_make_client (AudCredentials *credentials,
                const char     *instance_url)
{
  AudSalesforceClient *client = aud_salesforce_client_new (credentials, instance_url, AUD_DEMO_ORG_API_VERSION);

  aud_salesforce_client_set_retry_policy (client, 4, 5);
  return client;
}

void
wb_fixture_setup (WbFixture     *f,
                  gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *access = NULL;
  g_autofree char *refresh = NULL;
  g_autoptr(AudDescribe) describe = NULL;
  g_autoptr(JsonNode) rows = NULL;
  guint n_changed, n_skipped;

  f->dir = g_dir_make_tmp ("aud-writeback-XXXXXX", NULL);
  f->path = g_build_filename (f->dir, "workspace.db", NULL);

  f->org = aud_demo_org_new ();
  g_object_set (f->org, "seed", (guint64) 7, "accounts", 5, "contacts", WB_N_CONTACTS,
                "leads", 0, "opportunities", 0, "api-max", 1000000, NULL);
  g_assert_true (aud_demo_org_start_in_thread (f->org, &error));
  g_assert_no_error (error);

  aud_demo_org_mint_tokens (f->org, &access, &refresh);
  f->credentials = aud_credentials_new (aud_demo_org_get_login_url (f->org), AUD_DEMO_ORG_CLIENT_ID,
                                        aud_demo_org_get_org_id (f->org), aud_demo_org_get_user_id (f->org),
                                        AUD_DEMO_ORG_USERNAME);
  aud_credentials_set_tokens (f->credentials, access, refresh);
  f->client = wb_make_client (f->credentials, aud_demo_org_get_instance_url (f->org));

  f->store = aud_store_open (f->path, &error);
  g_assert_no_error (error);
  describe = aud_describe_fetch (f->client, "Contact", NULL, &error);
  g_assert_no_error (error);
  g_assert_true (aud_describe_save (describe, f->store, &error));
  g_assert_no_error (error);

  f->audience = aud_audience_create (f->store, "People", "Contact", &error);
  g_assert_no_error (error);
  g_assert_true (aud_mapping_set_mapped (f->audience, mapped, TRUE, &n_changed, &error));
  g_assert_no_error (error);
  g_assert_true (aud_mapping_set_rule (f->audience, describe, always, AUD_OVERWRITE_RULE_ALWAYS, &n_changed, &n_skipped, &error));
  g_assert_true (aud_mapping_set_rule (f->audience, describe, conditional, AUD_OVERWRITE_RULE_CONDITIONAL, &n_changed, &n_skipped, &error));
  g_assert_no_error (error);

  rows = aud_demo_org_dup_rows (f->org, "Contact", &error);
  g_assert_no_error (error);
  f->ids = g_ptr_array_new_with_free_func (g_free);
  for (guint i = 0; i < json_array_get_length (json_node_get_array (rows)); i++)
    {
      JsonObject *row = json_array_get_object_element (json_node_get_array (rows), i);

      if (!json_object_get_boolean_member (row, "IsDeleted"))
        g_ptr_array_add (f->ids, g_strdup (json_object_get_string_member (row, "Id")));
    }
  g_assert_cmpuint (f->ids->len, >=, 30);
}

void
wb_fixture_teardown (WbFixture     *f,
                     gconstpointer  data)
{
  g_autoptr(GDir) d = NULL;
  const char *name;

  g_clear_pointer (&f->ids, g_ptr_array_unref);
  g_clear_object (&f->audience);
  g_clear_object (&f->client);
  g_clear_object (&f->credentials);
  g_clear_object (&f->store);
  aud_demo_org_stop (f->org);
  g_clear_object (&f->org);

  d = g_dir_open (f->dir, 0, NULL);
  while (d != NULL && (name = g_dir_read_name (d)) != NULL)
    {
      g_autofree char *child = g_build_filename (f->dir, name, NULL);
      g_unlink (child);
    }
  g_rmdir (f->dir);
  g_free (f->dir);
  g_free (f->path);
}

/* A user's edit in Salesforce, through the REST API like any other client. NULL clears. */
void
wb_org_set (WbFixture  *f,
            const char *id,
            const char *field,
            const char *value)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) body = json_object_new ();
  g_autoptr(JsonNode) node = json_node_new (JSON_NODE_OBJECT);
  g_autoptr(JsonNode) answer = NULL;
  g_autofree char *path = g_strdup_printf ("sobjects/Contact/%s", id);

  if (value != NULL)
    json_object_set_string_member (body, field, value);
  else
    json_object_set_null_member (body, field);
  json_node_set_object (node, body);
  answer = aud_salesforce_client_send_json (f->client, "PATCH", path, node, NULL, NULL, &error);
  g_assert_no_error (error);
}

JsonObject *
wb_org_row (JsonNode   *rows,
            const char *id)
{
  JsonArray *array = json_node_get_array (rows);

  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonObject *row = json_array_get_object_element (array, i);

      if (g_str_equal (json_object_get_string_member (row, "Id"), id))
        return row;
    }
  g_assert_not_reached ();
}

const char *
wb_org_value (JsonNode   *rows,
              const char *id,
              const char *field)
{
  JsonObject *row = wb_org_row (rows, id);

  return json_object_get_string_member_with_default (row, field, NULL);
}

JsonNode *
wb_dump (WbFixture *f)
{
  g_autoptr(GError) error = NULL;
  JsonNode *rows = aud_demo_org_dup_rows (f->org, "Contact", &error);

  g_assert_no_error (error);
  return rows;
}

void
wb_run_sync (WbFixture *f)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(AudSyncResult) result = NULL;
  AudSyncOptions options;

  aud_sync_options_init (&options);
  result = aud_sync_job_run (f->store, f->client, "Contact", &options, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (result->outcome, ==, AUD_SYNC_OUTCOME_SUCCEEDED);
}

/* Makes the record one matched entity whose golden values are the given field/value pairs, as
 * the entities area writes them. */
void
wb_set_golden (WbFixture  *f,
               const char *id,
               ...)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  gint64 record, entity;
  const char *field;
  va_list args;

  stmt = aud_store_prepare (f->store, "SELECT id FROM source_records WHERE external_id = ?1", NULL);
  sqlite3_bind_text (stmt, 1, id, -1, SQLITE_STATIC);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  record = sqlite3_column_int64 (stmt, 0);
  g_clear_pointer (&stmt, sqlite3_finalize);

  stmt = aud_store_prepare (f->store, "INSERT INTO entities (audience_id, n_members) VALUES (?1, 1)", NULL);
  sqlite3_bind_int64 (stmt, 1, aud_audience_get_id (f->audience));
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_DONE);
  entity = sqlite3_last_insert_rowid (aud_store_get_db (f->store));
  g_clear_pointer (&stmt, sqlite3_finalize);

  stmt = aud_store_prepare (f->store, "INSERT INTO entity_members (audience_id, record_id, entity_id) VALUES (?1, ?2, ?3)", NULL);
  sqlite3_bind_int64 (stmt, 1, aud_audience_get_id (f->audience));
  sqlite3_bind_int64 (stmt, 2, record);
  sqlite3_bind_int64 (stmt, 3, entity);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_DONE);
  g_clear_pointer (&stmt, sqlite3_finalize);

  stmt = aud_store_prepare (f->store,
                            "INSERT INTO golden_values (entity_id, field, value, record_id, reason) "
                            "VALUES (?1, ?2, ?3, ?4, 'source-priority')", NULL);
  va_start (args, id);
  while ((field = va_arg (args, const char *)) != NULL)
    {
      const char *value = va_arg (args, const char *);

      sqlite3_reset (stmt);
      sqlite3_bind_int64 (stmt, 1, entity);
      sqlite3_bind_text (stmt, 2, field, -1, SQLITE_STATIC);
      sqlite3_bind_text (stmt, 3, value, -1, SQLITE_STATIC);
      sqlite3_bind_int64 (stmt, 4, record);
      g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_DONE);
    }
  va_end (args);
}

AudWritePlan *
wb_make_plan (WbFixture *f)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) fields = aud_write_inputs_load_fields (f->audience, &error);
  g_autoptr(GPtrArray) inputs = NULL;

  g_assert_no_error (error);
  inputs = aud_write_inputs_load (f->audience, fields, &error);
  g_assert_no_error (error);
  return aud_write_plan_build (fields, inputs, NULL, 0);
}

AudWriteResult *
wb_apply_changes (WbFixture *f,
                  GPtrArray *changes,
                  gint64     undo_of)
{
  g_autoptr(GError) error = NULL;
  AudWriteOptions options;
  AudWriteResult *result;

  aud_write_options_init (&options);
  options.retry_delay_ms = 5;
  result = aud_write_apply_run (f->store, f->client, aud_audience_get_id (f->audience), "Contact", changes,
                                undo_of, &options, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (result);
  return result;
}

AudWriteResult *
wb_apply_plan (WbFixture    *f,
               AudWritePlan *plan)
{
  g_autoptr(GPtrArray) changes = aud_write_plan_get_changes (plan);

  return wb_apply_changes (f, changes, -1);
}

void
wb_golden_titles (WbFixture *f,
                  guint      n)
{
  wb_run_sync (f);
  for (guint i = 0; i < n; i++)
    {
      g_autofree char *title = g_strdup_printf ("Golden title %u", i);

      wb_set_golden (f, f->ids->pdata[i], "Title", title, NULL);
    }
}
