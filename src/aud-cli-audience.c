/* aud-cli-audience.c — `audiences audience …` and `audiences mapping …`, headless
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>
#include <stdio.h>
#include <unistd.h>

#include "aud-audience.h"
#include "aud-cli-audience.h"
#include "aud-connection.h"
#include "aud-describe.h"
#include "aud-describe-fetch.h"
#include "aud-mapping.h"
#include "aud-mapping-file.h"

static gboolean
confirm_delete (const char *name)
{
  char answer[16] = { 0 };

  g_print (_("Delete the audience “%s” and its field mapping? Synced records are kept. [y/N] "), name);
  if (fgets (answer, sizeof answer, stdin) == NULL)
    return FALSE;

  return answer[0] == 'y' || answer[0] == 'Y';
}

static int
list_audiences (AudCliContext *ctx,
                AudStore      *store)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) audiences = aud_audience_list (store, &error);

  if (audiences == NULL)
    return aud_cli_fail (ctx, error);

  if (audiences->len == 0)
    {
      g_print (_("No audiences yet. Create one with “audiences audience create NAME --object Contact”.\n"));
      return AUD_CLI_EXIT_OK;
    }

  /* Tab-separated so scripts can cut it: name, object, mapped fields, fields awaiting backfill. */
  for (guint i = 0; i < audiences->len; i++)
    {
      AudAudience *audience = g_ptr_array_index (audiences, i);
      g_autoptr(GPtrArray) fields = aud_mapping_load (audience, &error);
      guint backfill = 0;

      if (fields == NULL)
        return aud_cli_fail (ctx, error);
      for (guint j = 0; j < fields->len; j++)
        backfill += ((AudMappedField *) g_ptr_array_index (fields, j))->needs_backfill ? 1 : 0;

      g_print ("%s\t%s\t%u\t%u\n", aud_audience_get_name (audience), aud_audience_get_object (audience),
               fields->len, backfill);
    }

  return AUD_CLI_EXIT_OK;
}

int
aud_cli_audience_run (AudCliContext  *ctx,
                      int             argc,
                      char          **argv)
{
  g_autoptr(GOptionContext) options = g_option_context_new (_("create NAME | list | rename NAME NEW | duplicate NAME NEW | delete NAME"));
  g_autoptr(GError) error = NULL;
  g_autoptr(AudAudience) audience = NULL;
  g_autoptr(AudAudience) created = NULL;
  g_autofree char *object = NULL;
  gboolean yes = FALSE;
  const GOptionEntry entries[] = {
    { "object", 'o', 0, G_OPTION_ARG_STRING, &object,
      N_("The Salesforce object of a new audience: Contact or Account (default Contact)"), N_("OBJECT") },
    { "yes", 'y', 0, G_OPTION_ARG_NONE, &yes, N_("Delete without asking"), NULL },
    { NULL }
  };
  const char *verb;
  AudStore *store;

  g_option_context_set_summary (options, _("Create, list, rename, duplicate and delete audiences."));
  g_option_context_add_main_entries (options, entries, GETTEXT_PACKAGE);
  if (!aud_cli_parse (ctx, options, &argc, &argv))
    return AUD_CLI_EXIT_USAGE;

  verb = argc > 1 ? argv[1] : NULL;
  if (verb == NULL ||
      (g_str_equal (verb, "list") && argc != 2) ||
      ((g_str_equal (verb, "create") || g_str_equal (verb, "delete")) && argc != 3) ||
      ((g_str_equal (verb, "rename") || g_str_equal (verb, "duplicate")) && argc != 4) ||
      !g_strv_contains ((const char * const[]) { "list", "create", "delete", "rename", "duplicate", NULL }, verb))
    return aud_cli_usage (options);

  store = aud_cli_open_store (ctx, &error);
  if (store == NULL)
    return aud_cli_fail (ctx, error);

  if (g_str_equal (verb, "list"))
    return list_audiences (ctx, store);

  if (g_str_equal (verb, "create"))
    {
      created = aud_audience_create (store, argv[2], object != NULL ? object : "Contact", &error);
      if (created == NULL)
        return aud_cli_fail (ctx, error);
      g_print (_("Created the %s audience “%s”. Map its fields with “audiences mapping import” or in the app.\n"),
               aud_audience_get_object (created), aud_audience_get_name (created));
      return AUD_CLI_EXIT_OK;
    }

  audience = aud_audience_lookup (store, argv[2], &error);
  if (audience == NULL)
    return aud_cli_fail (ctx, error);

  if (g_str_equal (verb, "rename"))
    {
      if (!aud_audience_rename (audience, argv[3], &error))
        return aud_cli_fail (ctx, error);
      g_print (_("Renamed to “%s”.\n"), aud_audience_get_name (audience));
    }
  else if (g_str_equal (verb, "duplicate"))
    {
      created = aud_audience_duplicate (audience, argv[3], &error);
      if (created == NULL)
        return aud_cli_fail (ctx, error);
      g_print (_("Created “%s” with the same fields and rules.\n"), aud_audience_get_name (created));
    }
  else
    {
      if (!yes && !isatty (STDIN_FILENO))
        {
          aud_cli_error (ctx, _("Deleting needs confirmation: add --yes to delete “%s” without asking."),
                         aud_audience_get_name (audience));
          return AUD_CLI_EXIT_USAGE;
        }
      if (!yes && !confirm_delete (aud_audience_get_name (audience)))
        {
          g_print (_("Nothing deleted.\n"));
          return AUD_CLI_EXIT_OK;
        }
      if (!aud_audience_delete (audience, &error))
        return aud_cli_fail (ctx, error);
      g_print (_("Deleted “%s”. Records other audiences use were kept.\n"), aud_audience_get_name (audience));
    }

  return AUD_CLI_EXIT_OK;
}

/* Fetches the audience's object describe through the stored connection and caches it. */
static int
refresh_fields (AudCliContext *ctx,
                AudStore      *store,
                AudAudience   *audience)
{
  g_autoptr(AudConnection) connection = aud_connection_new (store);
  g_autoptr(AudConnectionInfo) info = aud_connection_dup_info (connection);
  g_autoptr(AudSalesforceClient) client = NULL;
  g_autoptr(AudDescribe) before = NULL;
  g_autoptr(AudDescribe) fetched = NULL;
  g_autoptr(AudDescribe) after = NULL;
  g_autoptr(GError) error = NULL;
  GPtrArray *fields;
  guint added = 0, removed = 0;

  if (info == NULL || aud_connection_get_credentials (connection) == NULL ||
      info->state != AUD_CONNECTION_STATE_CONNECTED)
    {
      aud_cli_error (ctx, "%s", _("Salesforce is not connected. Run “audiences connect” first."));
      return AUD_CLI_EXIT_NEEDS_RECONNECT;
    }

  client = aud_salesforce_client_new (aud_connection_get_credentials (connection), info->instance_url, info->api_version);
  fetched = aud_describe_fetch (client, aud_audience_get_object (audience), NULL, &error);
  if (fetched == NULL)
    {
      aud_cli_error (ctx, "%s", error->message);
      return g_error_matches (error, AUD_CRM_ERROR, AUD_CRM_ERROR_NEEDS_RECONNECT)
             ? AUD_CLI_EXIT_NEEDS_RECONNECT : AUD_CLI_EXIT_FAILURE;
    }

  before = aud_describe_load (store, aud_audience_get_object (audience), NULL);
  if (!aud_describe_save (fetched, store, &error) ||
      (after = aud_describe_load (store, aud_audience_get_object (audience), &error)) == NULL)
    return aud_cli_fail (ctx, error);

  fields = aud_describe_get_fields (after);
  for (guint i = 0; i < fields->len; i++)
    {
      AudFieldInfo *now = g_ptr_array_index (fields, i);
      AudFieldInfo *was = before != NULL ? aud_describe_lookup (before, now->name) : NULL;

      added += !now->gone && (was == NULL || was->gone) ? 1 : 0;
      removed += now->gone && was != NULL && !was->gone ? 1 : 0;
    }

  /* Tab-separated: object, fields, new since the last refresh, removed since. */
  g_print ("%s\t%u\t%u\t%u\n", aud_audience_get_object (audience), fields->len, added, removed);
  return AUD_CLI_EXIT_OK;
}

int
aud_cli_mapping_run (AudCliContext  *ctx,
                     int             argc,
                     char          **argv)
{
  g_autoptr(GOptionContext) options = g_option_context_new (_("export FILE | import FILE | show | refresh"));
  g_autoptr(GError) error = NULL;
  g_autoptr(AudAudience) audience = NULL;
  g_autoptr(AudDescribe) describe = NULL;
  g_autofree char *name = NULL;
  const GOptionEntry entries[] = {
    { "audience", 'a', 0, G_OPTION_ARG_STRING, &name, N_("The audience whose mapping to use"), N_("NAME") },
    { NULL }
  };
  const char *verb;
  AudStore *store;

  g_option_context_set_summary (options,
    _("Export an audience’s mapped fields and rules to a JSON file (“-” for standard output), "
      "import one, show the mapping, or refresh the field list from Salesforce."));
  g_option_context_add_main_entries (options, entries, GETTEXT_PACKAGE);
  if (!aud_cli_parse (ctx, options, &argc, &argv))
    return AUD_CLI_EXIT_USAGE;

  verb = argc > 1 ? argv[1] : NULL;
  if (name == NULL || verb == NULL ||
      !(((g_str_equal (verb, "export") || g_str_equal (verb, "import")) && argc == 3) ||
        ((g_str_equal (verb, "show") || g_str_equal (verb, "refresh")) && argc == 2)))
    return aud_cli_usage (options);

  store = aud_cli_open_store (ctx, &error);
  if (store == NULL)
    return aud_cli_fail (ctx, error);

  audience = aud_audience_lookup (store, name, &error);
  if (audience == NULL)
    return aud_cli_fail (ctx, error);

  if (g_str_equal (verb, "export"))
    {
      g_autofree char *data = aud_mapping_file_export_data (audience, &error);

      if (data == NULL)
        return aud_cli_fail (ctx, error);
      if (g_str_equal (argv[2], "-"))
        g_print ("%s", data);
      else if (!g_file_set_contents (argv[2], data, -1, &error))
        return aud_cli_fail (ctx, error);
      return AUD_CLI_EXIT_OK;
    }

  if (g_str_equal (verb, "refresh"))
    return refresh_fields (ctx, store, audience);

  describe = aud_describe_load (store, aud_audience_get_object (audience), &error);
  if (error != NULL)
    return aud_cli_fail (ctx, error);

  if (g_str_equal (verb, "show"))
    {
      g_autoptr(GPtrArray) fields = aud_mapping_load (audience, &error);

      if (fields == NULL)
        return aud_cli_fail (ctx, error);
      for (guint i = 0; i < fields->len; i++)
        {
          AudMappedField *m = g_ptr_array_index (fields, i);
          AudFieldInfo *info = describe != NULL ? aud_describe_lookup (describe, m->field) : NULL;

          g_print ("%s\t%s%s%s\n", m->field, aud_overwrite_rule_to_string (m->rule),
                   m->needs_backfill ? _("\tneeds backfill") : "",
                   info != NULL && info->gone ? _("\tremoved from Salesforce") : "");
        }
      return AUD_CLI_EXIT_OK;
    }

  {
    guint n = 0;

    if (describe == NULL)
      g_printerr (_("Note: no field list is cached for %s yet, so the file’s fields were not checked "
                    "against Salesforce. Run “audiences mapping refresh” to check them.\n"),
                  aud_audience_get_object (audience));

    if (!aud_mapping_file_import (audience, describe, argv[2], &n, &error))
      return aud_cli_fail (ctx, error);
    g_print (g_dngettext (GETTEXT_PACKAGE, "Imported %u field into “%s”.\n", "Imported %u fields into “%s”.\n", n),
             n, aud_audience_get_name (audience));
  }

  return AUD_CLI_EXIT_OK;
}
