/* test-writeback.c — write-back against the demo org: rules, conflicts, faults, undo, kills
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gstdio.h>
#include <signal.h>
#include <string.h>
#include <sys/wait.h>

#include "aud-store-private.h"
#include "aud-sync-job.h"
#include "aud-write-apply.h"
#include "aud-write-audit.h"
#include "aud-write-inputs.h"
#include "aud-write-runner.h"
#include "writeback-test-util.h"

typedef WbFixture Fixture;

static AudWritePlan *
make_plan (Fixture *f)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) fields = aud_write_inputs_load_fields (f->audience, &error);
  g_autoptr(GPtrArray) inputs = NULL;

  g_assert_no_error (error);
  inputs = aud_write_inputs_load (f->audience, fields, &error);
  g_assert_no_error (error);
  return aud_write_plan_build (fields, inputs, NULL, 0);
}

static AudWriteResult *
apply_changes (Fixture   *f,
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

static AudWriteResult *
apply_plan (Fixture      *f,
            AudWritePlan *plan)
{
  g_autoptr(GPtrArray) changes = aud_write_plan_get_changes (plan);

  return apply_changes (f, changes, -1);
}

static AudWriteItem *
find_item (AudWritePlan *plan,
           const char   *id,
           const char   *field)
{
  for (guint i = 0; i < plan->items->len; i++)
    {
      AudWriteItem *item = plan->items->pdata[i];

      if (g_str_equal (item->record_id, id) && g_str_equal (item->field, field))
        return item;
    }
  return NULL;
}

/* Salesforce blank, equal to ours, different from ours — for each rule. */
static void
test_rules_against_org (Fixture       *f,
                        gconstpointer  data)
{
  static const char * const states[] = { NULL, "Golden", "Someone else's" };
  g_autoptr(AudWritePlan) plan = NULL;
  g_autoptr(AudWriteResult) result = NULL;
  g_autoptr(JsonNode) before = NULL;
  g_autoptr(JsonNode) after = NULL;

  for (guint s = 0; s < 3; s++)
    {
      wb_org_set (f, f->ids->pdata[s], "Title", states[s]);
      wb_org_set (f, f->ids->pdata[s], "Department", states[s]);
      wb_org_set (f, f->ids->pdata[s], "AssistantName", states[s]);
    }
  wb_run_sync (f);
  for (guint s = 0; s < 3; s++)
    wb_set_golden (f, f->ids->pdata[s], "Title", "Golden", "Department", "Golden", "AssistantName", "Golden", NULL);
  before = wb_dump (f);

  plan = make_plan (f);
  /* Never fields are not even candidates. */
  g_assert_null (find_item (plan, f->ids->pdata[0], "AssistantName"));
  g_assert_cmpint (find_item (plan, f->ids->pdata[0], "Title")->reason, ==, AUD_WRITE_REASON_RULE_ALWAYS);
  g_assert_cmpint (find_item (plan, f->ids->pdata[0], "Department")->reason, ==, AUD_WRITE_REASON_SALESFORCE_BLANK);
  g_assert_cmpint (find_item (plan, f->ids->pdata[1], "Title")->reason, ==, AUD_WRITE_REASON_UNCHANGED);
  g_assert_cmpint (find_item (plan, f->ids->pdata[1], "Department")->reason, ==, AUD_WRITE_REASON_UNCHANGED);
  g_assert_cmpint (find_item (plan, f->ids->pdata[2], "Title")->reason, ==, AUD_WRITE_REASON_RULE_ALWAYS);
  g_assert_cmpint (find_item (plan, f->ids->pdata[2], "Department")->reason, ==, AUD_WRITE_REASON_SALESFORCE_NOT_BLANK);
  g_assert_cmpuint (plan->n_outcome[AUD_WRITE_OUTCOME_WRITE], ==, 3);
  g_assert_cmpuint (plan->n_records_with_writes, ==, 2);
  g_assert_cmpuint (plan->n_forecast_calls, ==, 1);

  result = apply_plan (f, plan);
  g_assert_cmpint (result->state, ==, AUD_WRITE_STATE_SUCCEEDED);
  g_assert_cmpint (result->counts.written, ==, 3);

  after = wb_dump (f);
  g_assert_cmpstr (wb_org_value (after, f->ids->pdata[0], "Title"), ==, "Golden");
  g_assert_cmpstr (wb_org_value (after, f->ids->pdata[0], "Department"), ==, "Golden");
  g_assert_null (wb_org_value (after, f->ids->pdata[0], "AssistantName"));
  for (guint s = 1; s < 3; s++)
    {
      g_assert_cmpstr (wb_org_value (after, f->ids->pdata[s], "Department"), ==, states[s]);
      g_assert_cmpstr (wb_org_value (after, f->ids->pdata[s], "AssistantName"), ==, states[s]);
    }
  g_assert_cmpstr (wb_org_value (after, f->ids->pdata[2], "Title"), ==, "Golden");
  /* the equal record was not even sent: its stamp did not move */
  g_assert_cmpstr (wb_org_value (after, f->ids->pdata[1], "SystemModstamp"), ==,
                   wb_org_value (before, f->ids->pdata[1], "SystemModstamp"));
  /* nobody else was touched */
  for (guint i = 3; i < f->ids->len; i++)
    g_assert_cmpstr (wb_org_value (after, f->ids->pdata[i], "SystemModstamp"), ==,
                     wb_org_value (before, f->ids->pdata[i], "SystemModstamp"));
}

static void
golden_titles (Fixture *f,
               guint    n)
{
  wb_run_sync (f);
  for (guint i = 0; i < n; i++)
    {
      g_autofree char *title = g_strdup_printf ("Golden title %u", i);

      wb_set_golden (f, f->ids->pdata[i], "Title", title, NULL);
    }
}

static void
test_edit_after_preview_is_kept (Fixture       *f,
                                 gconstpointer  data)
{
  g_autoptr(AudWritePlan) plan = NULL;
  g_autoptr(AudWriteResult) result = NULL;
  g_autoptr(JsonNode) after = NULL;
  g_autoptr(GPtrArray) items = NULL;
  g_autoptr(GError) error = NULL;
  guint conflicts = 0;

  golden_titles (f, 8);
  plan = make_plan (f);
  g_assert_cmpuint (plan->n_outcome[AUD_WRITE_OUTCOME_WRITE], ==, 8);

  /* someone edits one of the records in Salesforce after the preview */
  wb_org_set (f, f->ids->pdata[3], "Title", "Edited meanwhile");
  result = apply_plan (f, plan);
  g_assert_cmpint (result->state, ==, AUD_WRITE_STATE_PARTIAL);
  g_assert_cmpint (result->counts.written, ==, 7);
  g_assert_cmpint (result->counts.conflicts, ==, 1);

  after = wb_dump (f);
  g_assert_cmpstr (wb_org_value (after, f->ids->pdata[3], "Title"), ==, "Edited meanwhile");
  g_assert_cmpstr (wb_org_value (after, f->ids->pdata[4], "Title"), ==, "Golden title 4");

  items = aud_write_audit_list_items (f->store, result->run_id, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < items->len; i++)
    {
      AudWriteAuditItem *item = items->pdata[i];

      if (g_str_equal (item->state, "conflict"))
        {
          conflicts++;
          g_assert_cmpstr (item->record_id, ==, f->ids->pdata[3]);
          g_assert_nonnull (strstr (item->message, "Edited meanwhile"));
        }
      else
        g_assert_cmpstr (item->state, ==, "written");
    }
  g_assert_cmpuint (conflicts, ==, 1);
}

static void
test_locked_rows_are_retried (Fixture       *f,
                              gconstpointer  data)
{
  g_autoptr(AudWritePlan) plan = NULL;
  g_autoptr(AudWriteResult) result = NULL;
  g_autoptr(JsonNode) after = NULL;

  golden_titles (f, 12);
  plan = make_plan (f);
  aud_demo_org_set_fault (f->org, AUD_DEMO_ORG_FAULT_LOCK_ROW_EVERY, 3);
  result = apply_plan (f, plan);
  aud_demo_org_clear_faults (f->org);

  g_assert_cmpint (result->state, ==, AUD_WRITE_STATE_SUCCEEDED);
  g_assert_cmpint (result->counts.written, ==, 12);
  g_assert_cmpint (result->counts.lock_retries, >=, 4);
  after = wb_dump (f);
  for (guint i = 0; i < 12; i++)
    {
      g_autofree char *want = g_strdup_printf ("Golden title %u", i);

      g_assert_cmpstr (wb_org_value (after, f->ids->pdata[i], "Title"), ==, want);
    }
}

typedef struct
{
  AudDemoOrgFault  fault;
  const char      *code;
  const char      *message;
} RecordFault;

static const RecordFault validation_fault = {
  AUD_DEMO_ORG_FAULT_VALIDATION_EVERY, "FIELD_CUSTOM_VALIDATION_EXCEPTION",
  "Records in this region need a postal code before they can be saved."
};
static const RecordFault duplicates_fault = {
  AUD_DEMO_ORG_FAULT_DUPLICATES_EVERY, "DUPLICATES_DETECTED", "Use one of these records?"
};

/* A row that stays locked fails with Salesforce's message once the retries are spent. */
static void
test_lock_that_never_clears_fails (Fixture       *f,
                                   gconstpointer  data)
{
  g_autoptr(AudWritePlan) plan = NULL;
  g_autoptr(AudWriteResult) result = NULL;
  g_autoptr(GPtrArray) items = NULL;
  g_autoptr(GError) error = NULL;

  golden_titles (f, 3);
  plan = make_plan (f);
  aud_demo_org_set_fault (f->org, AUD_DEMO_ORG_FAULT_LOCK_ROW_EVERY, 1);
  result = apply_plan (f, plan);
  aud_demo_org_clear_faults (f->org);

  g_assert_cmpint (result->state, ==, AUD_WRITE_STATE_PARTIAL);
  g_assert_cmpint (result->counts.failed, ==, 3);
  g_assert_cmpint (result->counts.lock_retries, ==, 3 * 3);   /* three records, three retries each */
  items = aud_write_audit_list_items (f->store, result->run_id, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < items->len; i++)
    {
      AudWriteAuditItem *item = items->pdata[i];

      g_assert_cmpstr (item->state, ==, "failed");
      g_assert_cmpstr (item->error_code, ==, "UNABLE_TO_LOCK_ROW");
      g_assert_nonnull (strstr (item->message, "unable to obtain exclusive access"));
    }
}

/* Validation rules and duplicate rules refuse single records; the rest of the chunk lands. */
static void
test_record_failures_are_reported (Fixture       *f,
                                   gconstpointer  data)
{
  const RecordFault *fault = data;
  g_autoptr(AudWritePlan) plan = NULL;
  g_autoptr(AudWriteResult) result = NULL;
  g_autoptr(JsonNode) before = NULL;
  g_autoptr(JsonNode) after = NULL;
  g_autoptr(GPtrArray) items = NULL;
  g_autoptr(GError) error = NULL;
  guint failed = 0, written = 0;

  golden_titles (f, 12);
  before = wb_dump (f);
  plan = make_plan (f);
  aud_demo_org_set_fault (f->org, fault->fault, 4);
  result = apply_plan (f, plan);
  aud_demo_org_clear_faults (f->org);

  g_assert_cmpint (result->state, ==, AUD_WRITE_STATE_PARTIAL);
  g_assert_cmpint (result->counts.failed, ==, 3);
  g_assert_cmpint (result->counts.written, ==, 9);

  after = wb_dump (f);
  items = aud_write_audit_list_items (f->store, result->run_id, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < items->len; i++)
    {
      AudWriteAuditItem *item = items->pdata[i];
      const char *now = wb_org_value (after, item->record_id, "Title");

      if (g_str_equal (item->state, "failed"))
        {
          failed++;
          g_assert_cmpstr (item->error_code, ==, fault->code);
          g_assert_cmpstr (item->message, ==, fault->message);
          g_assert_cmpstr (now, ==, wb_org_value (before, item->record_id, "Title"));
        }
      else
        {
          written++;
          g_assert_cmpstr (item->state, ==, "written");
          g_assert_cmpstr (now, ==, json_node_get_string (item->new_value));
        }
    }
  g_assert_cmpuint (failed, ==, 3);
  g_assert_cmpuint (written, ==, 9);
}

/* Every field of every row, except the stamps a write necessarily moves. */
static void
assert_rows_equal (JsonNode *a,
                   JsonNode *b)
{
  static const char * const stamps[] = { "SystemModstamp", "LastModifiedDate", "LastModifiedById", NULL };
  JsonArray *x = json_node_get_array (a);
  JsonArray *y = json_node_get_array (b);

  g_assert_cmpuint (json_array_get_length (x), ==, json_array_get_length (y));
  for (guint i = 0; i < json_array_get_length (x); i++)
    {
      JsonObject *row = json_array_get_object_element (x, i);
      JsonObject *other = wb_org_row (b, json_object_get_string_member (row, "Id"));
      g_autoptr(GList) members = json_object_get_members (row);

      for (GList *l = members; l != NULL; l = l->next)
        {
          g_autofree char *want = NULL;
          g_autofree char *got = NULL;

          if (g_strv_contains (stamps, l->data))
            continue;
          want = json_to_string (json_object_get_member (row, l->data), FALSE);
          got = json_to_string (json_object_get_member (other, l->data), FALSE);
          if (g_strcmp0 (want, got) != 0)
            g_error ("%s.%s: %s, want %s", json_object_get_string_member (row, "Id"), (char *) l->data, got, want);
        }
    }
}

static void
test_undo_restores_exactly (Fixture       *f,
                            gconstpointer  data)
{
  g_autoptr(AudWritePlan) plan = NULL;
  g_autoptr(AudWriteResult) result = NULL;
  g_autoptr(AudWriteResult) undo = NULL;
  g_autoptr(GPtrArray) changes = NULL;
  g_autoptr(GPtrArray) runs = NULL;
  g_autoptr(JsonNode) before = NULL;
  g_autoptr(JsonNode) after = NULL;
  g_autoptr(GError) error = NULL;

  /* blank fields too: undo must put the blank back, not leave ours */
  wb_org_set (f, f->ids->pdata[0], "Title", NULL);
  wb_org_set (f, f->ids->pdata[1], "Department", NULL);
  wb_run_sync (f);
  for (guint i = 0; i < 10; i++)
    {
      g_autofree char *title = g_strdup_printf ("Golden title %u", i);

      wb_set_golden (f, f->ids->pdata[i], "Title", title, "Department", "Golden department", NULL);
    }
  before = wb_dump (f);

  plan = make_plan (f);
  result = apply_plan (f, plan);
  g_assert_cmpint (result->state, ==, AUD_WRITE_STATE_SUCCEEDED);
  g_assert_cmpint (result->counts.written, ==, 11);   /* 10 titles and the one blank department */

  /* the workspace learns the written values, as the app's runner syncs after a run; then a new
   * second, since SystemModstamp has whole seconds and the sync skips rows whose stamp it has */
  wb_run_sync (f);
  g_usleep (1100 * 1000);
  changes = aud_write_audit_undo_changes (f->store, result->run_id, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (changes->len, ==, 11);
  undo = apply_changes (f, changes, result->run_id);
  g_assert_cmpint (undo->state, ==, AUD_WRITE_STATE_SUCCEEDED);

  after = wb_dump (f);
  assert_rows_equal (before, after);

  /* Synced again, the fields undo blanked read as blank, not as never fetched: the next preview
   * offers to fill them again. */
  wb_run_sync (f);
  {
    g_autoptr(AudWritePlan) again = make_plan (f);

    g_assert_cmpint (find_item (again, f->ids->pdata[0], "Title")->reason, ==, AUD_WRITE_REASON_RULE_ALWAYS);
    g_assert_cmpint (find_item (again, f->ids->pdata[1], "Department")->reason, ==, AUD_WRITE_REASON_SALESFORCE_BLANK);
    g_assert_cmpuint (again->n_outcome[AUD_WRITE_OUTCOME_WRITE], ==, 11);
  }

  runs = aud_write_audit_list_runs (f->store, -1, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (runs->len, ==, 2);
  g_assert_true (((AudWriteRunInfo *) runs->pdata[0])->is_undo);
  g_assert_cmpint (((AudWriteRunInfo *) runs->pdata[0])->undo_of, ==, result->run_id);
  g_assert_cmpint (((AudWriteRunInfo *) runs->pdata[1])->n_written, ==, 11);
}

static void
test_undo_reports_later_edits (Fixture       *f,
                               gconstpointer  data)
{
  g_autoptr(AudWritePlan) plan = NULL;
  g_autoptr(AudWriteResult) result = NULL;
  g_autoptr(AudWriteResult) undo = NULL;
  g_autoptr(GPtrArray) changes = NULL;
  g_autoptr(JsonNode) before = NULL;
  g_autoptr(JsonNode) after = NULL;
  g_autoptr(GError) error = NULL;

  golden_titles (f, 5);
  before = wb_dump (f);
  plan = make_plan (f);
  result = apply_plan (f, plan);
  g_assert_cmpint (result->counts.written, ==, 5);

  wb_org_set (f, f->ids->pdata[2], "Title", "Changed after the run");
  changes = aud_write_audit_undo_changes (f->store, result->run_id, &error);
  g_assert_no_error (error);
  undo = apply_changes (f, changes, result->run_id);
  g_assert_cmpint (undo->state, ==, AUD_WRITE_STATE_PARTIAL);
  g_assert_cmpint (undo->counts.written, ==, 4);
  g_assert_cmpint (undo->counts.conflicts, ==, 1);

  after = wb_dump (f);
  g_assert_cmpstr (wb_org_value (after, f->ids->pdata[2], "Title"), ==, "Changed after the run");
  for (guint i = 0; i < 5; i++)
    if (i != 2)
      g_assert_cmpstr (wb_org_value (after, f->ids->pdata[i], "Title"), ==, wb_org_value (before, f->ids->pdata[i], "Title"));
}

static void
test_deleted_record_is_reported (Fixture       *f,
                                 gconstpointer  data)
{
  g_autoptr(AudWritePlan) plan = NULL;
  g_autoptr(AudWriteResult) result = NULL;
  g_autoptr(GPtrArray) items = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) deleted = NULL;
  guint failed = 0;

  golden_titles (f, f->ids->len);
  plan = make_plan (f);
  /* someone deletes a record after the preview */
  deleted = aud_demo_org_mutate (f->org, "Contact", AUD_DEMO_ORG_MUTATE_DELETE, 1, FALSE, &error);
  g_assert_no_error (error);
  result = apply_plan (f, plan);
  g_assert_cmpint (result->state, ==, AUD_WRITE_STATE_PARTIAL);
  g_assert_cmpint (result->counts.failed, ==, 1);
  g_assert_cmpint (result->counts.written, ==, f->ids->len - 1);

  items = aud_write_audit_list_items (f->store, result->run_id, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < items->len; i++)
    {
      AudWriteAuditItem *item = items->pdata[i];

      if (g_str_equal (item->state, "failed"))
        {
          failed++;
          g_assert_cmpstr (item->record_id, ==, deleted[0]);
          g_assert_cmpstr (item->error_code, ==, "ENTITY_IS_DELETED");
        }
    }
  g_assert_cmpuint (failed, ==, 1);
}

/* Like the sync, the run keeps the org's reserve of daily calls: it stops between chunks as
 * paused, and what it did not reach is not in the audit. */
static void
test_api_budget_pauses (Fixture       *f,
                        gconstpointer  data)
{
  g_autoptr(AudWritePlan) plan = NULL;
  g_autoptr(GPtrArray) changes = NULL;
  g_autoptr(AudWriteResult) result = NULL;
  g_autoptr(GPtrArray) items = NULL;
  g_autoptr(GError) error = NULL;
  AudWriteOptions options;

  golden_titles (f, 6);
  plan = make_plan (f);
  changes = aud_write_plan_get_changes (plan);
  /* 10% of 1000 is the reserve: the first chunk's re-read and write reach it */
  aud_demo_org_set_api_usage (f->org, 898, 1000);
  aud_write_options_init (&options);
  options.chunk_size = 2;
  result = aud_write_apply_run (f->store, f->client, aud_audience_get_id (f->audience), "Contact", changes, -1,
                                &options, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (result->state, ==, AUD_WRITE_STATE_PAUSED_API_LIMIT);
  g_assert_cmpint (result->counts.written, ==, 2);
  g_assert_nonnull (strstr (result->message, "reserve"));
  items = aud_write_audit_list_items (f->store, result->run_id, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (items->len, ==, 2);
}

/* Salesforce refuses the whole call at the daily limit: the run pauses, the audit says the
 * fields failed with REQUEST_LIMIT_EXCEEDED, and the org is untouched. */
static void
test_limit_refusal_is_audited (Fixture       *f,
                               gconstpointer  data)
{
  g_autoptr(AudWritePlan) plan = NULL;
  g_autoptr(AudWriteResult) result = NULL;
  g_autoptr(GPtrArray) items = NULL;
  g_autoptr(JsonNode) before = NULL;
  g_autoptr(JsonNode) after = NULL;
  g_autoptr(GError) error = NULL;

  golden_titles (f, 3);
  before = wb_dump (f);
  plan = make_plan (f);
  /* the re-read still gets through; the write finds the day's calls used up */
  aud_demo_org_set_fault (f->org, AUD_DEMO_ORG_FAULT_EXHAUST_LIMIT_AFTER, 1);
  result = apply_plan (f, plan);
  aud_demo_org_clear_faults (f->org);

  g_assert_cmpint (result->state, ==, AUD_WRITE_STATE_PAUSED_API_LIMIT);
  g_assert_cmpint (result->counts.written, ==, 0);
  items = aud_write_audit_list_items (f->store, result->run_id, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (items->len, ==, 3);
  for (guint i = 0; i < items->len; i++)
    {
      AudWriteAuditItem *item = items->pdata[i];

      g_assert_cmpstr (item->state, ==, "failed");
      g_assert_cmpstr (item->error_code, ==, "REQUEST_LIMIT_EXCEEDED");
    }
  after = wb_dump (f);
  for (guint i = 0; i < 3; i++)
    g_assert_cmpstr (wb_org_value (after, f->ids->pdata[i], "Title"), ==, wb_org_value (before, f->ids->pdata[i], "Title"));
}

/* ---- killed with SIGKILL in the middle of applying ---- */

static int
run_child_apply (const char *workspace,
                 const char *login_url,
                 const char *instance_url,
                 const char *access,
                 const char *org_id,
                 const char *user_id)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(AudStore) store = aud_store_open (workspace, &error);
  g_autoptr(AudCredentials) credentials = NULL;
  g_autoptr(AudSalesforceClient) client = NULL;
  g_autoptr(AudAudience) audience = NULL;
  g_autoptr(GPtrArray) fields = NULL;
  g_autoptr(GPtrArray) inputs = NULL;
  g_autoptr(AudWritePlan) plan = NULL;
  g_autoptr(GPtrArray) changes = NULL;
  g_autoptr(AudWriteResult) result = NULL;
  AudWriteOptions options;

  if (store == NULL || (audience = aud_audience_lookup (store, "People", &error)) == NULL
      || (fields = aud_write_inputs_load_fields (audience, &error)) == NULL
      || (inputs = aud_write_inputs_load (audience, fields, &error)) == NULL)
    {
      g_printerr ("child: %s\n", error->message);
      return 2;
    }
  credentials = aud_credentials_new (login_url, AUD_DEMO_ORG_CLIENT_ID, org_id, user_id, AUD_DEMO_ORG_USERNAME);
  aud_credentials_set_tokens (credentials, access, NULL);
  client = wb_make_client (credentials, instance_url);

  plan = aud_write_plan_build (fields, inputs, NULL, 0);
  changes = aud_write_plan_get_changes (plan);
  aud_write_options_init (&options);
  options.chunk_size = 4;
  result = aud_write_apply_run (store, client, aud_audience_get_id (audience), "Contact", changes, -1,
                                &options, NULL, NULL, NULL, &error);
  return result != NULL ? 0 : 1;
}

static gint64
count_items (AudStore   *store,
             const char *state)
{
  g_autoptr(sqlite3_stmt) stmt = aud_store_prepare (store, "SELECT count(*) FROM writeback_items WHERE state = ?1", NULL);

  sqlite3_bind_text (stmt, 1, state, -1, SQLITE_STATIC);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  return sqlite3_column_int64 (stmt, 0);
}

static void
test_sigkill_leaves_exact_audit (Fixture       *f,
                                 gconstpointer  data)
{
  g_autofree char *access = aud_demo_org_mint_access_token (f->org);
  const char *argv[] = { g_test_get_filename (G_TEST_BUILT, "test-writeback", NULL), "--child",
                         f->path, aud_demo_org_get_login_url (f->org), aud_demo_org_get_instance_url (f->org),
                         access, aud_demo_org_get_org_id (f->org), aud_demo_org_get_user_id (f->org), NULL };
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) before = NULL;
  g_autoptr(JsonNode) after = NULL;
  g_autoptr(GPtrArray) runs = NULL;
  g_autoptr(GPtrArray) items = NULL;
  g_autoptr(GHashTable) audited = g_hash_table_new (g_str_hash, g_str_equal);
  gint64 deadline;
  GPid pid;
  int status;
  guint changed = 0, landed = 0;

  golden_titles (f, 24);
  before = wb_dump (f);
  /* Slow answers, so the kill lands while a chunk is on the wire. */
  aud_demo_org_set_fault (f->org, AUD_DEMO_ORG_FAULT_LATENCY_MS, 150);

  g_assert_true (g_spawn_async (NULL, (char **) argv, NULL, G_SPAWN_DO_NOT_REAP_CHILD, NULL, NULL, &pid, &error));
  g_assert_no_error (error);
  /* Kill once one chunk has landed and the next is sent without an answer. */
  deadline = g_get_monotonic_time () + 30 * G_USEC_PER_SEC;
  while (!(count_items (f->store, "written") > 0 && count_items (f->store, "sent") > 0))
    {
      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
      g_usleep (5000);
    }
  g_assert_cmpint (kill (pid, SIGKILL), ==, 0);
  g_assert_cmpint (waitpid (pid, &status, 0), ==, pid);
  g_spawn_close_pid (pid);
  g_assert_true (WIFSIGNALED (status));
  /* the request already on the wire still lands in the org */
  g_usleep (600 * 1000);
  aud_demo_org_clear_faults (f->org);

  g_assert_true (aud_write_audit_close_interrupted (f->store, &error));
  g_assert_no_error (error);
  runs = aud_write_audit_list_runs (f->store, -1, &error);
  g_assert_cmpuint (runs->len, ==, 1);
  g_assert_cmpint (((AudWriteRunInfo *) runs->pdata[0])->state, ==, AUD_WRITE_STATE_INTERRUPTED);
  g_assert_cmpint (((AudWriteRunInfo *) runs->pdata[0])->n_sent, >, 0);
  g_assert_cmpint (((AudWriteRunInfo *) runs->pdata[0])->n_sent + ((AudWriteRunInfo *) runs->pdata[0])->n_written, <, 24);

  /* The audit names exactly what may have changed in Salesforce: written items hold ours, items
   * still "sent" hold ours or the old value (the kill may have come before the request left),
   * and nothing outside the audit moved. */
  after = wb_dump (f);
  items = aud_write_audit_list_items (f->store, ((AudWriteRunInfo *) runs->pdata[0])->id, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < items->len; i++)
    {
      AudWriteAuditItem *item = items->pdata[i];
      const char *now = wb_org_value (after, item->record_id, "Title");
      const char *old = wb_org_value (before, item->record_id, "Title");

      g_hash_table_add (audited, item->record_id);
      g_assert_cmpstr (old, ==, item->old_value != NULL ? json_node_get_string (item->old_value) : NULL);
      if (g_str_equal (item->state, "written"))
        g_assert_cmpstr (now, ==, json_node_get_string (item->new_value));
      else
        {
          g_assert_cmpstr (item->state, ==, "sent");
          g_assert_true (g_strcmp0 (now, json_node_get_string (item->new_value)) == 0 || g_strcmp0 (now, old) == 0);
        }
      landed += g_strcmp0 (now, json_node_get_string (item->new_value)) == 0;
    }
  for (guint i = 0; i < f->ids->len; i++)
    {
      const char *id = f->ids->pdata[i];

      if (g_strcmp0 (wb_org_value (before, id, "SystemModstamp"), wb_org_value (after, id, "SystemModstamp")) != 0)
        {
          changed++;
          g_assert_true (g_hash_table_contains (audited, id));
        }
    }
  g_assert_cmpuint (changed, ==, landed);

  /* a new run picks up what is left */
  {
    g_autoptr(AudWritePlan) plan = NULL;
    g_autoptr(AudWriteResult) rest = NULL;

    wb_run_sync (f);
    plan = make_plan (f);
    g_assert_cmpuint (plan->n_outcome[AUD_WRITE_OUTCOME_WRITE], ==, 24 - landed);
    rest = apply_plan (f, plan);
    g_assert_cmpint (rest->state, ==, AUD_WRITE_STATE_SUCCEEDED);
  }
}

/* ---- on the worker thread, cancelled between chunks ---- */

static AudSalesforceClient *
worker_client (gpointer   data,
               GError   **error)
{
  Fixture *f = data;

  return wb_make_client (f->credentials, aud_demo_org_get_instance_url (f->org));
}

typedef struct
{
  GCancellable   *cancellable;
  GThread        *main_thread;
  guint           n_progress;
  AudWriteResult *result;
  GError         *error;
  gboolean        done;
} Worker;

static void
worker_progress_cb (const AudWriteCounts *counts,
                    gpointer              data)
{
  Worker *w = data;

  /* progress arrives on the caller's thread, never the worker's */
  g_assert_true (g_thread_self () == w->main_thread);
  w->n_progress++;
  g_cancellable_cancel (w->cancellable);
}

static void
worker_done_cb (GObject      *source,
                GAsyncResult *result,
                gpointer      data)
{
  Worker *w = data;

  w->result = aud_write_runner_apply_finish (result, &w->error);
  w->done = TRUE;
}

static void
test_worker_cancels_between_chunks (Fixture       *f,
                                    gconstpointer  data)
{
  g_autoptr(AudWritePlan) plan = NULL;
  g_autoptr(GPtrArray) changes = NULL;
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GPtrArray) items = NULL;
  g_autoptr(GError) error = NULL;
  AudWriteOptions options;
  Worker w = { cancellable, g_thread_self (), 0, NULL, NULL, FALSE };

  golden_titles (f, 12);
  plan = make_plan (f);
  changes = aud_write_plan_get_changes (plan);
  /* slow answers: the cancel lands while the worker is still on the first chunks */
  aud_demo_org_set_fault (f->org, AUD_DEMO_ORG_FAULT_LATENCY_MS, 40);
  aud_write_options_init (&options);
  options.chunk_size = 2;
  aud_write_runner_apply_async (f->path, worker_client, f, aud_audience_get_id (f->audience), "Contact", changes,
                                -1, TRUE, &options, worker_progress_cb, &w, cancellable, worker_done_cb, &w);
  while (!w.done)
    g_main_context_iteration (NULL, TRUE);
  aud_demo_org_clear_faults (f->org);

  g_assert_no_error (w.error);
  g_assert_nonnull (w.result);
  g_assert_cmpint (w.result->state, ==, AUD_WRITE_STATE_CANCELLED);
  g_assert_cmpuint (w.n_progress, >=, 1);
  g_assert_cmpint (w.result->counts.written, >=, 2);
  g_assert_cmpint (w.result->counts.written, <, 12);

  /* the audit holds exactly the chunks that went out, all answered */
  items = aud_write_audit_list_items (f->store, w.result->run_id, &error);
  g_assert_no_error (error);
  g_assert_cmpint (items->len, ==, w.result->counts.written);
  for (guint i = 0; i < items->len; i++)
    g_assert_cmpstr (((AudWriteAuditItem *) items->pdata[i])->state, ==, "written");
  aud_write_result_free (w.result);
}

int
main (int   argc,
      char *argv[])
{
  if (argc == 8 && g_strcmp0 (argv[1], "--child") == 0)
    return run_child_apply (argv[2], argv[3], argv[4], argv[5], argv[6], argv[7]);

  g_test_init (&argc, &argv, NULL);

#define ADD(path, fn) g_test_add (path, Fixture, NULL, wb_fixture_setup, fn, wb_fixture_teardown)
  ADD ("/writeback/rules-against-org", test_rules_against_org);
  ADD ("/writeback/edit-after-preview-is-kept", test_edit_after_preview_is_kept);
  ADD ("/writeback/locked-rows-are-retried", test_locked_rows_are_retried);
  ADD ("/writeback/lock-that-never-clears-fails", test_lock_that_never_clears_fails);
  g_test_add ("/writeback/validation-failures-per-record", Fixture, &validation_fault, wb_fixture_setup,
              test_record_failures_are_reported, wb_fixture_teardown);
  g_test_add ("/writeback/duplicate-rule-failures-per-record", Fixture, &duplicates_fault, wb_fixture_setup,
              test_record_failures_are_reported, wb_fixture_teardown);
  ADD ("/writeback/deleted-record-is-reported", test_deleted_record_is_reported);
  ADD ("/writeback/api-budget-pauses", test_api_budget_pauses);
  ADD ("/writeback/limit-refusal-is-audited", test_limit_refusal_is_audited);
  ADD ("/writeback/undo-restores-exactly", test_undo_restores_exactly);
  ADD ("/writeback/undo-reports-later-edits", test_undo_reports_later_edits);
  ADD ("/writeback/sigkill-leaves-exact-audit", test_sigkill_leaves_exact_audit);
  ADD ("/writeback/worker-cancels-between-chunks", test_worker_cancels_between_chunks);
#undef ADD

  return g_test_run ();
}
