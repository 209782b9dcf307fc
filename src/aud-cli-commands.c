/* aud-cli-commands.c — the registry of headless commands beyond `status`, and shared printers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "aud-cli-audience.h"
#include "aud-cli-connection.h"
#include "aud-cli-csv.h"
#include "aud-cli-private.h"
#include "aud-connection-info.h"

/* Areas add their commands here as they land (connect, audience, mapping, sync, …). */
static const AudCliCommand extra_commands[] = {
  { "connect", N_("Sign in to Salesforce in the browser and connect the workspace"), aud_cli_command_connect },
  { "disconnect", N_("Sign out of Salesforce: revoke the sign-in and forget it"), aud_cli_command_disconnect },
  { "sync", N_("Sync audiences with Salesforce (first everything, then only changes)"), aud_cli_command_sync },
  { "audience", N_("Create, list, rename, duplicate or delete audiences"), aud_cli_audience_run },
  { "mapping", N_("Export, import or show an audience’s field mapping"), aud_cli_mapping_run },
  { "import-csv", N_("Import a CSV file into an audience as one of its sources"), aud_cli_import_csv_run },
  { "export-csv", N_("Export an audience’s source to a CSV file"), aud_cli_export_csv_run },
  { "match", N_("Match an audience’s records into entities, one per real person or company"), aud_cli_match_run },
  { "entities", N_("Export matched records with their entity ids, or golden records, to CSV"), aud_cli_entities_run },
  { "segment", N_("List, show, count, export or import an audience’s segments"), aud_cli_segment_run },
  { "writeback", N_("Preview or apply writing improved values back to Salesforce"), aud_cli_writeback_run },
  { "writeback-undo", N_("List write-back runs, show one, or undo it"), aud_cli_writeback_undo_run },
  { "warehouse", N_("Add, preview or sync a data warehouse table or SELECT as an audience’s source"), aud_cli_warehouse_run },
  { NULL, NULL, NULL },
};

const AudCliCommand *
aud_cli_extra_commands (void)
{
  return extra_commands;
}

guint
aud_cli_n_extra_commands (void)
{
  return G_N_ELEMENTS (extra_commands) - 1;
}

int
aud_cli_print_connection_status (AudCliContext *ctx,
                                 AudStore      *store)
{
  g_autoptr(AudConnectionInfo) info = NULL;
  g_autoptr(GError) error = NULL;

  info = aud_store_load_connection (store, &error);
  if (error != NULL)
    {
      aud_cli_error (ctx, "%s", error->message);
      return AUD_CLI_EXIT_FAILURE;
    }

  if (info == NULL || info->state == AUD_CONNECTION_STATE_DISCONNECTED)
    {
      g_print (_("Salesforce: not connected. Run “audiences connect” or use the Connection page.\n"));
      return AUD_CLI_EXIT_OK;
    }

  g_print (_("Salesforce: %s\n"), aud_connection_state_to_string (info->state));
  g_print (_("  User:        %s (%s)\n"), info->display_name ? info->display_name : "", info->username ? info->username : "");
  g_print (_("  Org:         %s%s\n"), info->org_id ? info->org_id : "", info->is_sandbox ? _(" (sandbox)") : "");
  g_print (_("  Instance:    %s\n"), info->instance_url ? info->instance_url : "");
  g_print (_("  Login host:  %s\n"), info->login_host);
  if (info->api_max > 0)
    g_print (_("  API usage:   %lld of %lld daily calls\n"), (long long) info->api_used, (long long) info->api_max);
  if (info->state == AUD_CONNECTION_STATE_NEEDS_RECONNECT)
    {
      g_print (_("  Needs reconnect: %s\n"), info->state_reason ? info->state_reason : "");
      return AUD_CLI_EXIT_NEEDS_RECONNECT;
    }

  return AUD_CLI_EXIT_OK;
}
