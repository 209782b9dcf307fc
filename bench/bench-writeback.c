/* bench-writeback.c — planner decisions/s, and apply records/s and API calls against the demo org
 *
 * bench-writeback [PLAN_RECORDS [APPLY_RECORDS]]   (defaults 200000 and 2000)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gstdio.h>

#include "aud-demo-org.h"
#include "aud-describe-fetch.h"
#include "aud-mapping.h"
#include "aud-store-private.h"
#include "aud-sync-job.h"
#include "aud-write-apply.h"
#include "aud-write-inputs.h"

static void
bench_plan (guint n)
{
  static const char * const names[] = { "Title", "Department", "Phone", "Email", "MailingCity" };
  g_autoptr(GPtrArray) fields = g_ptr_array_new_with_free_func ((GDestroyNotify) aud_write_field_free);
  g_autoptr(GPtrArray) inputs = g_ptr_array_new_with_free_func ((GDestroyNotify) aud_write_input_free);
  g_autoptr(AudWritePlan) plan = NULL;
  gint64 start;
  double seconds;

  for (guint f = 0; f < G_N_ELEMENTS (names); f++)
    g_ptr_array_add (fields, aud_write_field_new (names[f], f % 2 ? AUD_OVERWRITE_RULE_CONDITIONAL : AUD_OVERWRITE_RULE_ALWAYS,
                                                  TRUE, AUD_FIELD_KIND_TEXT));
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(JsonObject) theirs = json_object_new ();
      g_autoptr(JsonObject) ours = json_object_new ();
      g_autofree char *id = g_strdup_printf ("003%015u", i);

      for (guint f = 0; f < G_N_ELEMENTS (names); f++)
        {
          g_autofree char *value = g_strdup_printf ("value %u", (i + f) % 7);

          if ((i + f) % 3 == 0)
            json_object_set_null_member (theirs, names[f]);
          else
            json_object_set_string_member (theirs, names[f], value);
          json_object_set_string_member (ours, names[f], "value 1");
        }
      g_ptr_array_add (inputs, aud_write_input_new (id, theirs, ours));
    }

  start = g_get_monotonic_time ();
  plan = aud_write_plan_build (fields, inputs, NULL, 0);
  seconds = (g_get_monotonic_time () - start) / (double) G_USEC_PER_SEC;
  g_print ("plan: %u records × %u fields = %u decisions in %.3f s (%.0f decisions/s); %u writes, %u calls forecast\n",
           n, fields->len, plan->items->len, seconds, plan->items->len / seconds,
           plan->n_outcome[AUD_WRITE_OUTCOME_WRITE], plan->n_forecast_calls);
}

static void
bench_apply (guint n)
{
  static const char * const mapped[] = { "Title", NULL };
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("bench-writeback-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "workspace.db", NULL);
  g_autoptr(AudDemoOrg) org = aud_demo_org_new ();
  g_autoptr(AudCredentials) credentials = NULL;
  g_autoptr(AudSalesforceClient) client = NULL;
  g_autoptr(AudStore) store = NULL;
  g_autoptr(AudDescribe) describe = NULL;
  g_autoptr(AudAudience) audience = NULL;
  g_autoptr(AudSyncResult) sync = NULL;
  g_autoptr(GPtrArray) fields = NULL;
  g_autoptr(GPtrArray) inputs = NULL;
  g_autoptr(AudWritePlan) plan = NULL;
  g_autoptr(GPtrArray) changes = NULL;
  g_autoptr(AudWriteResult) result = NULL;
  g_autofree char *access = NULL;
  g_autofree char *refresh = NULL;
  AudSyncOptions options;
  gint64 start;
  double seconds;

  g_object_set (org, "seed", (guint64) 11, "accounts", 50, "contacts", n, "leads", 0, "opportunities", 0,
                "api-max", 1000000, NULL);
  g_assert_true (aud_demo_org_start_in_thread (org, &error));
  aud_demo_org_mint_tokens (org, &access, &refresh);
  credentials = aud_credentials_new (aud_demo_org_get_login_url (org), AUD_DEMO_ORG_CLIENT_ID,
                                     aud_demo_org_get_org_id (org), aud_demo_org_get_user_id (org), AUD_DEMO_ORG_USERNAME);
  aud_credentials_set_tokens (credentials, access, refresh);
  client = aud_salesforce_client_new (credentials, aud_demo_org_get_instance_url (org), AUD_DEMO_ORG_API_VERSION);
  store = aud_store_open (path, &error);
  describe = aud_describe_fetch (client, "Contact", NULL, &error);
  g_assert_no_error (error);
  aud_describe_save (describe, store, &error);
  audience = aud_audience_create (store, "Bench", "Contact", &error);
  aud_mapping_set_mapped (audience, mapped, TRUE, NULL, &error);
  aud_mapping_set_rule (audience, describe, mapped, AUD_OVERWRITE_RULE_ALWAYS, NULL, NULL, &error);
  g_assert_no_error (error);
  aud_sync_options_init (&options);
  sync = aud_sync_job_run (store, client, "Contact", &options, NULL, NULL, NULL, &error);
  g_assert_no_error (error);

  /* every live record is its own entity with a new title */
  g_assert_true (aud_store_exec (store,
                                 "INSERT INTO entities (id, audience_id, n_members) "
                                 "  SELECT r.id, 1, 1 FROM source_records r WHERE NOT r.is_deleted;"
                                 "INSERT INTO entity_members (audience_id, record_id, entity_id) "
                                 "  SELECT 1, id, id FROM entities;"
                                 "INSERT INTO golden_values (entity_id, field, value, record_id, reason) "
                                 "  SELECT id, 'Title', 'Benchmark title ' || id, id, 'source-priority' FROM entities;",
                                 &error));

  start = g_get_monotonic_time ();
  fields = aud_write_inputs_load_fields (audience, &error);
  inputs = aud_write_inputs_load (audience, fields, &error);
  plan = aud_write_plan_build (fields, inputs, NULL, 0);
  seconds = (g_get_monotonic_time () - start) / (double) G_USEC_PER_SEC;
  g_print ("preview from the workspace: %u records in %.3f s\n", plan->n_records, seconds);

  changes = aud_write_plan_get_changes (plan);
  start = g_get_monotonic_time ();
  result = aud_write_apply_run (store, client, aud_audience_get_id (audience), "Contact", changes, -1, NULL, NULL, NULL,
                                NULL, &error);
  g_assert_no_error (error);
  seconds = (g_get_monotonic_time () - start) / (double) G_USEC_PER_SEC;
  g_print ("apply: %lld fields written in %.3f s (%.0f records/s), %lld API calls (forecast %u writes + as many re-reads), state %s\n",
           (long long) result->counts.written, seconds, result->counts.records_done / seconds,
           (long long) result->counts.api_calls, plan->n_forecast_calls, aud_write_state_to_string (result->state));

  aud_demo_org_stop (org);
  g_clear_object (&store);
  for (const char *suffix = ""; suffix != NULL; suffix = g_str_equal (suffix, "") ? "-wal" : g_str_equal (suffix, "-wal") ? "-shm" : NULL)
    {
      g_autofree char *file = g_strconcat (path, suffix, NULL);
      g_unlink (file);
    }
  g_rmdir (dir);
}

int
main (int   argc,
      char *argv[])
{
  guint plan_records = argc > 1 ? (guint) g_ascii_strtoull (argv[1], NULL, 10) : 200000;
  guint apply_records = argc > 2 ? (guint) g_ascii_strtoull (argv[2], NULL, 10) : 2000;

  bench_plan (plan_records);
  bench_apply (apply_records);
  return 0;
}
