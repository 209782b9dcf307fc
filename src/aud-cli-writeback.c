/* aud-cli-writeback.c — `audiences writeback` and `audiences writeback-undo` without a display
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>
#include <json-glib/json-glib.h>

#include "aud-audience.h"
#include "aud-cli-private.h"
#include "aud-segment-query.h"
#include "aud-client-factory.h"
#include "aud-connection.h"
#include "aud-write-apply.h"
#include "aud-write-audit.h"
#include "aud-write-inputs.h"
#include "aud-write-runner.h"

static int
exit_code_for (AudWriteState state)
{
  switch (state)
    {
    case AUD_WRITE_STATE_SUCCEEDED:
    case AUD_WRITE_STATE_PARTIAL:          /* per-record outcomes are in the summary and the audit */
      return AUD_CLI_EXIT_OK;
    case AUD_WRITE_STATE_NEEDS_RECONNECT: return AUD_CLI_EXIT_NEEDS_RECONNECT;
    case AUD_WRITE_STATE_PAUSED_API_LIMIT: return AUD_CLI_EXIT_PAUSED;
    case AUD_WRITE_STATE_RUNNING:
    case AUD_WRITE_STATE_FAILED:
    case AUD_WRITE_STATE_CANCELLED:
    case AUD_WRITE_STATE_INTERRUPTED:
    default:
      return AUD_CLI_EXIT_FAILURE;
    }
}

/* A client for this thread, or NULL with the exit status in *status. */
static AudSalesforceClient *
make_client (AudCliContext *ctx,
             AudStore      *store,
             int           *status)
{
  g_autoptr(AudConnection) connection = aud_connection_new (store);
  g_autoptr(AudConnectionInfo) info = aud_connection_dup_info (connection);
  g_autoptr(AudClientFactory) factory = NULL;
  g_autoptr(GError) error = NULL;
  AudSalesforceClient *client;

  *status = AUD_CLI_EXIT_NEEDS_RECONNECT;
  if (info == NULL || aud_connection_get_credentials (connection) == NULL)
    {
      aud_cli_error (ctx, "%s", _("Salesforce is not connected. Run “audiences connect” first."));
      return NULL;
    }
  if (info->state == AUD_CONNECTION_STATE_NEEDS_RECONNECT)
    {
      aud_cli_error (ctx, _("Salesforce needs to be reconnected (%s). Run “audiences connect”."),
                     info->state_reason ? info->state_reason : "");
      return NULL;
    }

  factory = aud_client_factory_new ();
  aud_client_factory_set (factory, aud_connection_get_credentials (connection), info->instance_url, info->api_version);
  client = aud_client_factory_create (factory, &error);
  if (client == NULL)
    {
      *status = AUD_CLI_EXIT_FAILURE;
      aud_cli_error (ctx, "%s", error->message);
    }
  return client;
}

static void
print_plan (AudAudience        *audience,
            const AudWritePlan *plan,
            gboolean            json)
{
  if (json)
    {
      g_autoptr(JsonBuilder) b = json_builder_new ();
      g_autoptr(JsonGenerator) gen = json_generator_new ();
      g_autoptr(JsonNode) root = NULL;
      g_autofree char *text = NULL;

      json_builder_begin_object (b);
      json_builder_set_member_name (b, "audience");
      json_builder_add_string_value (b, aud_audience_get_name (audience));
      json_builder_set_member_name (b, "records");
      json_builder_add_int_value (b, plan->n_records);
      json_builder_set_member_name (b, "records_with_writes");
      json_builder_add_int_value (b, plan->n_records_with_writes);
      json_builder_set_member_name (b, "forecast_api_calls");
      json_builder_add_int_value (b, plan->n_forecast_calls);
      json_builder_set_member_name (b, "fields");
      json_builder_begin_array (b);
      for (guint i = 0; i < plan->totals->len; i++)
        {
          AudWriteFieldTotals *t = plan->totals->pdata[i];

          json_builder_begin_object (b);
          json_builder_set_member_name (b, "field");
          json_builder_add_string_value (b, t->field);
          for (AudWriteOutcome o = AUD_WRITE_OUTCOME_WRITE; o <= AUD_WRITE_OUTCOME_DEFERRED; o++)
            {
              json_builder_set_member_name (b, aud_write_outcome_to_string (o));
              json_builder_add_int_value (b, t->n_outcome[o]);
            }
          json_builder_set_member_name (b, "reasons");
          json_builder_begin_object (b);
          for (guint r = 0; r < AUD_WRITE_N_REASONS; r++)
            if (t->n_reason[r] > 0)
              {
                json_builder_set_member_name (b, aud_write_reason_to_string (r));
                json_builder_add_int_value (b, t->n_reason[r]);
              }
          json_builder_end_object (b);
          json_builder_end_object (b);
        }
      json_builder_end_array (b);
      json_builder_end_object (b);

      root = json_builder_get_root (b);
      json_generator_set_root (gen, root);
      json_generator_set_pretty (gen, TRUE);
      text = json_generator_to_data (gen, NULL);
      g_print ("%s\n", text);
      return;
    }

  g_print (_("%s: %u records, %u with writes, "), aud_audience_get_name (audience), plan->n_records,
           plan->n_records_with_writes);
  g_print (ngettext ("%u API call to write them\n", "%u API calls to write them\n", plan->n_forecast_calls),
           plan->n_forecast_calls);
  for (guint i = 0; i < plan->totals->len; i++)
    {
      AudWriteFieldTotals *t = plan->totals->pdata[i];

      g_print (_("  %s: %u to write"), t->field, t->n_outcome[AUD_WRITE_OUTCOME_WRITE]);
      for (guint r = 0; r < AUD_WRITE_N_REASONS; r++)
        if (t->n_reason[r] > 0 && r != AUD_WRITE_REASON_RULE_ALWAYS && r != AUD_WRITE_REASON_SALESFORCE_BLANK)
          g_print (_(", %u skipped (%s)"), t->n_reason[r], aud_write_reason_get_description (r));
      if (t->n_outcome[AUD_WRITE_OUTCOME_DEFERRED] > 0)
        g_print (_(", %u left for after the trial"), t->n_outcome[AUD_WRITE_OUTCOME_DEFERRED]);
      g_print ("\n");
    }
}

static void
print_result (const AudWriteResult *result,
              gboolean              json)
{
  if (json)
    {
      g_print ("{\"run\": %" G_GINT64_FORMAT ", \"state\": \"%s\", \"written\": %" G_GINT64_FORMAT
               ", \"conflicts\": %" G_GINT64_FORMAT ", \"failed\": %" G_GINT64_FORMAT
               ", \"api_calls\": %" G_GINT64_FORMAT "}\n",
               result->run_id, aud_write_state_to_string (result->state), result->counts.written,
               result->counts.conflicts, result->counts.failed, result->counts.api_calls);
      return;
    }
  g_print (_("Run %lld %s: %s\n"), (long long) result->run_id, aud_write_state_to_string (result->state),
           result->message);
  if (result->counts.conflicts > 0 || result->counts.failed > 0)
    g_print (_("See each field’s outcome with “audiences writeback-undo --run %lld --show”.\n"),
             (long long) result->run_id);
}

int
aud_cli_writeback_run (AudCliContext  *ctx,
                       int             argc,
                       char          **argv)
{
  g_autoptr(GOptionContext) options = g_option_context_new (NULL);
  g_autoptr(GError) error = NULL;
  g_autofree char *audience_name = NULL;
  g_autofree char *csv_path = NULL;
  gboolean dry_run = FALSE, apply = FALSE, json = FALSE;
  int limit = 0;
  g_autofree char *segment_name = NULL;
  int status = AUD_CLI_EXIT_OK;
  g_autoptr(AudAudience) audience = NULL;
  g_autoptr(AudSalesforceClient) client = NULL;
  g_autoptr(GPtrArray) fields = NULL;
  g_autoptr(GPtrArray) inputs = NULL;
  g_autoptr(AudWritePlan) plan = NULL;
  AudStore *store;
  const GOptionEntry entries[] = {
    { "audience", 'a', 0, G_OPTION_ARG_STRING, &audience_name, N_("The audience to write back"), N_("NAME") },
    { "dry-run", 0, 0, G_OPTION_ARG_NONE, &dry_run, N_("Only show what would be written"), NULL },
    { "apply", 0, 0, G_OPTION_ARG_NONE, &apply, N_("Refresh from Salesforce, then write"), NULL },
    { "limit", 0, 0, G_OPTION_ARG_INT, &limit, N_("Write only the first N records that have changes"), N_("N") },
    { "segment", 's', 0, G_OPTION_ARG_STRING, &segment_name, N_("Only the records of this saved segment of the audience"), N_("NAME") },
    { "csv", 0, 0, G_OPTION_ARG_FILENAME, &csv_path, N_("Save the plan, field by field, as CSV"), N_("FILE") },
    { "json", 0, 0, G_OPTION_ARG_NONE, &json, N_("Print the summary as JSON"), NULL },
    { NULL }
  };

  g_option_context_set_summary (options, _("Write improved values back to Salesforce as each field’s overwrite "
                                            "rule allows. Exit status: 0 done (see the summary for skipped or "
                                            "failed fields), 1 failed, 3 needs reconnect, 4 paused at the API limit."));
  g_option_context_add_main_entries (options, entries, GETTEXT_PACKAGE);
  if (!aud_cli_parse (ctx, options, &argc, &argv))
    return AUD_CLI_EXIT_USAGE;
  if (audience_name == NULL || dry_run == apply || limit < 0)
    {
      aud_cli_error (ctx, "%s", _("Give --audience NAME and exactly one of --dry-run or --apply."));
      return AUD_CLI_EXIT_USAGE;
    }

  store = aud_cli_open_store (ctx, &error);
  if (store == NULL || (audience = aud_audience_lookup (store, audience_name, &error)) == NULL
      || !aud_write_audit_close_interrupted (store, &error))
    {
      aud_cli_error (ctx, "%s", error != NULL ? error->message : _("No such audience"));
      return AUD_CLI_EXIT_FAILURE;
    }

  if (apply)
    {
      client = make_client (ctx, store, &status);
      if (client == NULL)
        return status;
      if (!aud_write_runner_refresh (store, client, aud_audience_get_object (audience), NULL, &error))
        {
          aud_cli_error (ctx, "%s", error->message);
          return AUD_CLI_EXIT_FAILURE;
        }
    }

  fields = aud_write_inputs_load_fields (audience, &error);
  if (fields != NULL)
    inputs = aud_write_inputs_load (audience, fields, &error);
  if (inputs == NULL)
    {
      aud_cli_error (ctx, "%s", error->message);
      return AUD_CLI_EXIT_FAILURE;
    }

  /* Scoped to a segment: the plan only holds the segment's records, as of the freshest sync. */
  if (segment_name != NULL)
    {
      g_autoptr(AudSegmentQuery) query = aud_segment_query_new_for_saved (audience, segment_name, &error);
      g_autoptr(GHashTable) ids = query != NULL ? aud_segment_query_record_ids (query, store, NULL, &error) : NULL;

      if (ids == NULL)
        {
          aud_cli_error (ctx, "%s", error->message);
          return AUD_CLI_EXIT_FAILURE;
        }
      for (guint i = inputs->len; i > 0; i--)
        {
          AudWriteInput *input = g_ptr_array_index (inputs, i - 1);

          if (!g_hash_table_contains (ids, input->record_id))
            g_ptr_array_remove_index (inputs, i - 1);
        }
    }
  plan = aud_write_plan_build (fields, inputs, NULL, (guint) limit);

  if (csv_path != NULL)
    {
      g_autofree char *csv = aud_write_plan_to_csv (plan);

      if (!g_file_set_contents (csv_path, csv, -1, &error))
        {
          aud_cli_error (ctx, "%s", error->message);
          return AUD_CLI_EXIT_FAILURE;
        }
    }
  if (dry_run || !json)
    print_plan (audience, plan, json);

  if (apply)
    {
      g_autoptr(GPtrArray) changes = aud_write_plan_get_changes (plan);
      g_autoptr(AudWriteResult) result = NULL;

      if (changes->len == 0)
        {
          if (!json)
            g_print ("%s\n", _("Nothing to write: Salesforce already holds every value the rules allow."));
          return AUD_CLI_EXIT_OK;
        }
      result = aud_write_apply_run (store, client, aud_audience_get_id (audience), aud_audience_get_object (audience),
                                    changes, -1, NULL, NULL, NULL, NULL, &error);
      if (result == NULL)
        {
          aud_cli_error (ctx, "%s", error->message);
          return AUD_CLI_EXIT_FAILURE;
        }
      print_result (result, json);
      status = exit_code_for (result->state);
      /* so a dry run right after shows what is left, not what was just written */
      if (result->counts.written > 0 && !aud_write_runner_refresh (store, client, aud_audience_get_object (audience), NULL, &error))
        g_debug ("Refresh after writing failed: %s", error->message);
    }
  return status;
}

static void
print_runs (GPtrArray *runs)
{
  if (runs->len == 0)
    g_print ("%s\n", _("No write-back runs yet."));
  /* Tab-separated for scripts: run, kind, state, started, written, conflicts, failed, unanswered. */
  for (guint i = 0; i < runs->len; i++)
    {
      AudWriteRunInfo *run = runs->pdata[i];

      g_print ("%lld\t%s\t%s\t%s\t%lld\t%lld\t%lld\t%lld\n", (long long) run->id, run->is_undo ? "undo" : "apply",
               aud_write_state_to_string (run->state), run->started_at, (long long) run->n_written,
               (long long) run->n_conflicts, (long long) run->n_failed, (long long) run->n_sent);
    }
}

static void
print_items (GPtrArray *items)
{
  for (guint i = 0; i < items->len; i++)
    {
      AudWriteAuditItem *item = items->pdata[i];
      g_autofree char *old_text = aud_write_value_to_display (item->old_value);
      g_autofree char *new_text = aud_write_value_to_display (item->new_value);

      g_print ("%s\t%s\t%s\t%s\t%s\t%s\n", item->record_id, item->field, old_text, new_text, item->state,
               item->message ? item->message : "");
    }
}

int
aud_cli_writeback_undo_run (AudCliContext  *ctx,
                            int             argc,
                            char          **argv)
{
  g_autoptr(GOptionContext) options = g_option_context_new (NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(AudSalesforceClient) client = NULL;
  g_autoptr(AudWriteRunInfo) run = NULL;
  g_autoptr(GPtrArray) changes = NULL;
  g_autoptr(AudWriteResult) result = NULL;
  gint64 run_id = -1;
  gboolean list = FALSE, show = FALSE, json = FALSE;
  int status;
  AudStore *store;
  const GOptionEntry entries[] = {
    { "run", 'r', 0, G_OPTION_ARG_INT64, &run_id, N_("The write-back run to undo"), N_("ID") },
    { "list", 0, 0, G_OPTION_ARG_NONE, &list, N_("List the write-back runs, newest first"), NULL },
    { "show", 0, 0, G_OPTION_ARG_NONE, &show, N_("Show what the run sent, field by field, instead of undoing it"), NULL },
    { "json", 0, 0, G_OPTION_ARG_NONE, &json, N_("Print the result as JSON"), NULL },
    { NULL }
  };

  g_option_context_set_summary (options, _("Undo a write-back run: put back the old values where Salesforce still "
                                            "holds the ones the run wrote; fields changed since are reported and kept."));
  g_option_context_add_main_entries (options, entries, GETTEXT_PACKAGE);
  if (!aud_cli_parse (ctx, options, &argc, &argv))
    return AUD_CLI_EXIT_USAGE;
  if (!list && run_id < 0)
    {
      aud_cli_error (ctx, "%s", _("Give --run ID (see the runs with --list)."));
      return AUD_CLI_EXIT_USAGE;
    }

  store = aud_cli_open_store (ctx, &error);
  if (store == NULL || !aud_write_audit_close_interrupted (store, &error))
    {
      aud_cli_error (ctx, "%s", error->message);
      return AUD_CLI_EXIT_FAILURE;
    }
  if (list)
    {
      g_autoptr(GPtrArray) runs = aud_write_audit_list_runs (store, -1, &error);

      if (runs == NULL)
        {
          aud_cli_error (ctx, "%s", error->message);
          return AUD_CLI_EXIT_FAILURE;
        }
      print_runs (runs);
      return AUD_CLI_EXIT_OK;
    }

  run = aud_write_audit_get_run (store, run_id, &error);
  if (run == NULL)
    {
      aud_cli_error (ctx, "%s", error->message);
      return AUD_CLI_EXIT_FAILURE;
    }
  if (show)
    {
      g_autoptr(GPtrArray) items = aud_write_audit_list_items (store, run_id, &error);

      if (items == NULL)
        {
          aud_cli_error (ctx, "%s", error->message);
          return AUD_CLI_EXIT_FAILURE;
        }
      print_items (items);
      return AUD_CLI_EXIT_OK;
    }

  changes = aud_write_audit_undo_changes (store, run_id, &error);
  if (changes == NULL)
    {
      aud_cli_error (ctx, "%s", error->message);
      return AUD_CLI_EXIT_FAILURE;
    }
  client = make_client (ctx, store, &status);
  if (client == NULL)
    return status;
  result = aud_write_apply_run (store, client, run->audience_id, run->object, changes, run_id, NULL, NULL, NULL,
                                NULL, &error);
  if (result == NULL)
    {
      aud_cli_error (ctx, "%s", error->message);
      return AUD_CLI_EXIT_FAILURE;
    }
  print_result (result, json);
  return exit_code_for (result->state);
}
