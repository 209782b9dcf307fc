/* test-writeback.c — write-back against the demo org: rules, conflicts, faults, budget, undo
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gstdio.h>
#include <string.h>

#include "aud-store-private.h"
#include "aud-sync-job.h"
#include "aud-write-apply.h"
#include "aud-write-audit.h"
#include "aud-write-inputs.h"
#include "writeback-test-util.h"

typedef WbFixture Fixture;

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

  plan = wb_make_plan (f);
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

  result = wb_apply_plan (f, plan);
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
test_edit_after_preview_is_kept (Fixture       *f,
                                 gconstpointer  data)
{
  g_autoptr(AudWritePlan) plan = NULL;
  g_autoptr(AudWriteResult) result = NULL;
  g_autoptr(JsonNode) after = NULL;
  g_autoptr(GPtrArray) items = NULL;
  g_autoptr(GError) error = NULL;
  guint conflicts = 0;

  wb_golden_titles (f, 8);
  plan = wb_make_plan (f);
  g_assert_cmpuint (plan->n_outcome[AUD_WRITE_OUTCOME_WRITE], ==, 8);

  /* someone edits one of the records in Salesforce after the preview */
  wb_org_set (f, f->ids->pdata[3], "Title", "Edited meanwhile");
  result = wb_apply_plan (f, plan);
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

  wb_golden_titles (f, 12);
  plan = wb_make_plan (f);
  aud_demo_org_set_fault (f->org, AUD_DEMO_ORG_FAULT_LOCK_ROW_EVERY, 3);
  result = wb_apply_plan (f, plan);
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

  wb_golden_titles (f, 3);
  plan = wb_make_plan (f);
  aud_demo_org_set_fault (f->org, AUD_DEMO_ORG_FAULT_LOCK_ROW_EVERY, 1);
  result = wb_apply_plan (f, plan);
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

  wb_golden_titles (f, 12);
  before = wb_dump (f);
  plan = wb_make_plan (f);
  aud_demo_org_set_fault (f->org, fault->fault, 4);
  result = wb_apply_plan (f, plan);
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

  plan = wb_make_plan (f);
  result = wb_apply_plan (f, plan);
  g_assert_cmpint (result->state, ==, AUD_WRITE_STATE_SUCCEEDED);
  g_assert_cmpint (result->counts.written, ==, 11);   /* 10 titles and the one blank department */

  /* the workspace learns the written values, as the app's runner syncs after a run; then a new
   * second, since SystemModstamp has whole seconds and the sync skips rows whose stamp it has */
  wb_run_sync (f);
  g_usleep (1100 * 1000);
  changes = aud_write_audit_undo_changes (f->store, result->run_id, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (changes->len, ==, 11);
  undo = wb_apply_changes (f, changes, result->run_id);
  g_assert_cmpint (undo->state, ==, AUD_WRITE_STATE_SUCCEEDED);

  after = wb_dump (f);
  assert_rows_equal (before, after);

  /* Synced again, the fields undo blanked read as blank, not as never fetched: the next preview
   * offers to fill them again. */
  wb_run_sync (f);
  {
    g_autoptr(AudWritePlan) again = wb_make_plan (f);

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

  wb_golden_titles (f, 5);
  before = wb_dump (f);
  plan = wb_make_plan (f);
  result = wb_apply_plan (f, plan);
  g_assert_cmpint (result->counts.written, ==, 5);

  wb_org_set (f, f->ids->pdata[2], "Title", "Changed after the run");
  changes = aud_write_audit_undo_changes (f->store, result->run_id, &error);
  g_assert_no_error (error);
  undo = wb_apply_changes (f, changes, result->run_id);
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

  wb_golden_titles (f, f->ids->len);
  plan = wb_make_plan (f);
  /* someone deletes a record after the preview */
  deleted = aud_demo_org_mutate (f->org, "Contact", AUD_DEMO_ORG_MUTATE_DELETE, 1, FALSE, &error);
  g_assert_no_error (error);
  result = wb_apply_plan (f, plan);
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

  wb_golden_titles (f, 6);
  plan = wb_make_plan (f);
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

  wb_golden_titles (f, 3);
  before = wb_dump (f);
  plan = wb_make_plan (f);
  /* the re-read still gets through; the write finds the day's calls used up */
  aud_demo_org_set_fault (f->org, AUD_DEMO_ORG_FAULT_EXHAUST_LIMIT_AFTER, 1);
  result = wb_apply_plan (f, plan);
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

int
main (int   argc,
      char *argv[])
{
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
#undef ADD

  return g_test_run ();
}
