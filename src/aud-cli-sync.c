/* aud-cli-sync.c — `audiences sync`: the sync engine without a display (cron, systemd timers)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>
#include <json-glib/json-glib.h>
#include <unistd.h>

#include "aud-audience.h"
#include "aud-cli-private.h"
#include "aud-client-factory.h"
#include "aud-connection.h"
#include "aud-sync-engine.h"

typedef struct
{
  AudSyncEngine *engine;
  gboolean       tty;
  gboolean       json;
  gboolean       progress_shown;
} SyncCli;

static void
engine_progress_cb (AudSyncEngine *engine,
                    SyncCli       *cli)
{
  AudSyncProgress p = { 0 };
  double elapsed;

  if (cli->json)
    return;

  aud_sync_engine_get_progress (engine, &p);
  elapsed = (g_get_monotonic_time () - p.started_us) / (double) G_USEC_PER_SEC;
  g_printerr ("%s%s: %lld", cli->tty ? "\r\033[K" : "", p.object ? p.object : "", (long long) p.counts.fetched);
  if (p.expected >= 0)
    g_printerr (_(" of %lld records"), (long long) p.expected);
  else
    g_printerr (_(" records"));
  g_printerr (_(", %lld batches, %.0f records/s, %lld API calls"), (long long) p.counts.batches,
              elapsed > 0 ? p.counts.fetched / elapsed : 0.0, (long long) p.counts.api_calls);
  if (p.api_max > 0)
    g_printerr (_(" (org: %lld of %lld today)"), (long long) p.api_used, (long long) p.api_max);
  if (!cli->tty)
    g_printerr ("\n");
  cli->progress_shown = TRUE;
  aud_sync_progress_clear (&p);
}

static int
exit_code_for (AudSyncOutcome outcome)
{
  switch (outcome)
    {
    case AUD_SYNC_OUTCOME_SUCCEEDED: return AUD_CLI_EXIT_OK;
    case AUD_SYNC_OUTCOME_NEEDS_RECONNECT: return AUD_CLI_EXIT_NEEDS_RECONNECT;
    case AUD_SYNC_OUTCOME_PAUSED_API_LIMIT: return AUD_CLI_EXIT_PAUSED;
    case AUD_SYNC_OUTCOME_RUNNING:
    case AUD_SYNC_OUTCOME_FAILED:
    case AUD_SYNC_OUTCOME_CANCELLED:
    case AUD_SYNC_OUTCOME_INTERRUPTED:
    default:
      return AUD_CLI_EXIT_FAILURE;
    }
}

static void
print_json (GPtrArray    *results,
            const GError *error)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();
  g_autoptr(JsonGenerator) gen = json_generator_new ();
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *text = NULL;

  json_builder_begin_object (b);
  json_builder_set_member_name (b, "results");
  json_builder_begin_array (b);
  for (guint i = 0; results != NULL && i < results->len; i++)
    {
      AudSyncResult *r = g_ptr_array_index (results, i);

      json_builder_begin_object (b);
      json_builder_set_member_name (b, "object");
      json_builder_add_string_value (b, r->object);
      json_builder_set_member_name (b, "kind");
      json_builder_add_string_value (b, aud_sync_kind_to_string (r->kind));
      json_builder_set_member_name (b, "path");
      json_builder_add_string_value (b, r->path);
      json_builder_set_member_name (b, "outcome");
      json_builder_add_string_value (b, aud_sync_outcome_to_string (r->outcome));
      json_builder_set_member_name (b, "fetched");
      json_builder_add_int_value (b, r->counts.fetched);
      json_builder_set_member_name (b, "created");
      json_builder_add_int_value (b, r->counts.created);
      json_builder_set_member_name (b, "updated");
      json_builder_add_int_value (b, r->counts.updated);
      json_builder_set_member_name (b, "unchanged");
      json_builder_add_int_value (b, r->counts.unchanged);
      json_builder_set_member_name (b, "deleted");
      json_builder_add_int_value (b, r->counts.deleted);
      json_builder_set_member_name (b, "batches");
      json_builder_add_int_value (b, r->counts.batches);
      json_builder_set_member_name (b, "api_calls");
      json_builder_add_int_value (b, r->counts.api_calls);
      json_builder_set_member_name (b, "message");
      json_builder_add_string_value (b, r->message);
      json_builder_end_object (b);
    }
  json_builder_end_array (b);
  json_builder_set_member_name (b, "error");
  json_builder_add_string_value (b, error != NULL ? error->message : NULL);
  json_builder_end_object (b);

  root = json_builder_get_root (b);
  json_generator_set_root (gen, root);
  json_generator_set_pretty (gen, TRUE);
  text = json_generator_to_data (gen, NULL);
  g_print ("%s\n", text);
}

static void
print_summary (GPtrArray *results)
{
  for (guint i = 0; results != NULL && i < results->len; i++)
    {
      AudSyncResult *r = g_ptr_array_index (results, i);

      g_print (_("%s: %s sync %s — %lld fetched, %lld created, %lld updated, %lld deleted, %lld API calls (%s)\n"),
               r->object, aud_sync_kind_to_string (r->kind), aud_sync_outcome_to_string (r->outcome),
               (long long) r->counts.fetched, (long long) r->counts.created, (long long) r->counts.updated,
               (long long) r->counts.deleted, (long long) r->counts.api_calls, r->path);
      if (r->message != NULL)
        g_print ("  %s\n", r->message);
    }
}

int
aud_cli_command_sync (AudCliContext  *ctx,
                      int             argc,
                      char          **argv)
{
  g_autoptr(GOptionContext) options = g_option_context_new (NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(AudConnection) connection = NULL;
  g_autoptr(AudConnectionInfo) info = NULL;
  g_autoptr(AudSyncEngine) engine = NULL;
  g_autofree char *audience_name = NULL;
  const char *objects[2] = { NULL, NULL };
  gboolean full = FALSE, json = FALSE;
  AudSyncOptions sync_options;
  AudClientFactory *factory;
  SyncCli cli = { 0 };
  GPtrArray *results;
  AudStore *store;
  int status = AUD_CLI_EXIT_OK;
  const GOptionEntry entries[] = {
    { "audience", 'a', 0, G_OPTION_ARG_STRING, &audience_name, N_("Sync only the object of this audience"), N_("NAME") },
    { "full", 0, 0, G_OPTION_ARG_NONE, &full, N_("Fetch every record again instead of only the changes"), NULL },
    { "json", 0, 0, G_OPTION_ARG_NONE, &json, N_("Print the summary as JSON"), NULL },
    { NULL }
  };

  g_option_context_set_summary (options, _("Sync the workspace’s audiences with Salesforce: the first time every "
                                            "record, later only what changed. Exit status: 0 done, 1 failed, "
                                            "3 needs reconnect, 4 paused at the API limit."));
  g_option_context_add_main_entries (options, entries, GETTEXT_PACKAGE);
  if (!aud_cli_parse (ctx, options, &argc, &argv))
    return AUD_CLI_EXIT_USAGE;

  store = aud_cli_open_store (ctx, &error);
  if (store == NULL)
    {
      aud_cli_error (ctx, "%s", error->message);
      return AUD_CLI_EXIT_FAILURE;
    }

  if (audience_name != NULL)
    {
      g_autoptr(AudAudience) audience = aud_audience_lookup (store, audience_name, &error);

      if (audience == NULL)
        {
          aud_cli_error (ctx, "%s", error != NULL ? error->message : _("No such audience"));
          return AUD_CLI_EXIT_FAILURE;
        }
      objects[0] = g_intern_string (aud_audience_get_object (audience));
    }

  connection = aud_connection_new (store);
  info = aud_connection_dup_info (connection);
  if (info == NULL || aud_connection_get_credentials (connection) == NULL)
    {
      aud_cli_error (ctx, "%s", _("Salesforce is not connected. Run “audiences connect” first."));
      return AUD_CLI_EXIT_NEEDS_RECONNECT;
    }
  if (info->state == AUD_CONNECTION_STATE_NEEDS_RECONNECT)
    {
      aud_cli_error (ctx, _("Salesforce needs to be reconnected (%s). Run “audiences connect”."),
                     info->state_reason ? info->state_reason : "");
      return AUD_CLI_EXIT_NEEDS_RECONNECT;
    }

  factory = aud_client_factory_new ();
  aud_client_factory_set (factory, aud_connection_get_credentials (connection), info->instance_url, info->api_version);
  engine = aud_sync_engine_new (aud_store_get_path (store), aud_client_factory_create_for_sync, factory, g_object_unref);
  cli.engine = engine;
  cli.json = json;
  cli.tty = isatty (STDERR_FILENO);
  g_signal_connect (engine, "progress", G_CALLBACK (engine_progress_cb), &cli);

  aud_sync_options_init (&sync_options);
  sync_options.force_full = full;
  aud_sync_engine_start (engine, objects[0] != NULL ? objects : NULL, &sync_options);
  while (aud_sync_engine_get_running (engine))
    g_main_context_iteration (NULL, TRUE);

  if (cli.progress_shown && cli.tty)
    g_printerr ("\n");

  results = aud_sync_engine_get_results (engine);
  if (json)
    print_json (results, aud_sync_engine_get_error (engine));
  else
    print_summary (results);

  if (aud_sync_engine_get_error (engine) != NULL)
    {
      if (!json)
        aud_cli_error (ctx, "%s", aud_sync_engine_get_error (engine)->message);
      return AUD_CLI_EXIT_FAILURE;
    }

  for (guint i = 0; results != NULL && i < results->len; i++)
    {
      AudSyncResult *r = g_ptr_array_index (results, i);
      int code = exit_code_for (r->outcome);

      if (code != AUD_CLI_EXIT_OK)
        status = code;
    }

  return status;
}
