/* audiences-demo-org.c — run the demo org (a local Salesforce) from the command line
 *
 * For manual testing and benchmarks: prints the login and instance URLs and the built-in client
 * id, then serves until interrupted. Tokens are never printed; use OAuth against the login URL.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib-unix.h>
#include <glib/gi18n.h>
#include <locale.h>

#include "aud-demo-org.h"

static gboolean
quit_cb (gpointer data)
{
  g_main_loop_quit (data);
  return G_SOURCE_REMOVE;
}

int
main (int   argc,
      char *argv[])
{
  gint port = 0, accounts = 100, contacts = 500, leads = 100, opportunities = 50, duplicates = 10;
  gint extra = 0, latency = 0, unavailable = 0, drop = 0, lock_row = 0, page_cap = 0, expire_after = 0;
  gint64 seed = 1, api_max = 15000;
  gboolean rotate = FALSE, interactive = FALSE, deny = FALSE;
  g_autofree char *database = NULL;
  g_auto(GStrv) redirects = NULL;
  GOptionEntry entries[] = {
    { "port", 'p', 0, G_OPTION_ARG_INT, &port, N_("Instance port (0: any free port)"), "PORT" },
    { "seed", 's', 0, G_OPTION_ARG_INT64, &seed, N_("Seed of the generated data"), "N" },
    { "accounts", 0, 0, G_OPTION_ARG_INT, &accounts, N_("Number of accounts"), "N" },
    { "contacts", 0, 0, G_OPTION_ARG_INT, &contacts, N_("Number of contacts"), "N" },
    { "leads", 0, 0, G_OPTION_ARG_INT, &leads, N_("Number of leads"), "N" },
    { "opportunities", 0, 0, G_OPTION_ARG_INT, &opportunities, N_("Number of opportunities"), "N" },
    { "duplicates", 0, 0, G_OPTION_ARG_INT, &duplicates, N_("Percent of generated duplicates"), "PCT" },
    { "extra-fields", 0, 0, G_OPTION_ARG_INT, &extra, N_("Extra custom fields per object"), "N" },
    { "database", 0, 0, G_OPTION_ARG_FILENAME, &database, N_("SQLite file to build the org in"), "FILE" },
    { "api-max", 0, 0, G_OPTION_ARG_INT64, &api_max, N_("Daily API request limit"), "N" },
    { "rotate-refresh-tokens", 0, 0, G_OPTION_ARG_NONE, &rotate, N_("Rotate refresh tokens"), NULL },
    { "interactive", 0, 0, G_OPTION_ARG_NONE, &interactive, N_("Show an approve/deny page"), NULL },
    { "deny", 0, 0, G_OPTION_ARG_NONE, &deny, N_("Answer every authorization with access_denied"), NULL },
    { "redirect-uri", 0, 0, G_OPTION_ARG_STRING_ARRAY, &redirects, N_("Register another redirect URI"), "URI" },
    { "latency-ms", 0, 0, G_OPTION_ARG_INT, &latency, N_("Delay every API answer"), "MS" },
    { "unavailable-every", 0, 0, G_OPTION_ARG_INT, &unavailable, N_("Answer 503 to every Nth call"), "N" },
    { "drop-every", 0, 0, G_OPTION_ARG_INT, &drop, N_("Drop the connection on every Nth call"), "N" },
    { "lock-row-every", 0, 0, G_OPTION_ARG_INT, &lock_row, N_("UNABLE_TO_LOCK_ROW on every Nth record write"), "N" },
    { "page-size-cap", 0, 0, G_OPTION_ARG_INT, &page_cap, N_("At most N records per query page"), "N" },
    { "expire-tokens-after", 0, 0, G_OPTION_ARG_INT, &expire_after, N_("Expire access tokens after N calls"), "N" },
    { NULL }
  };
  g_autoptr(GOptionContext) context = g_option_context_new (NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(AudDemoOrg) org = NULL;
  g_autoptr(GMainLoop) loop = NULL;

  setlocale (LC_ALL, "");
  g_option_context_set_summary (context, _("A local Salesforce with generated data, for tests and demos."));
  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      g_printerr ("%s\n", error->message);
      return 2;
    }

  org = g_object_new (AUD_TYPE_DEMO_ORG, "port", (guint) port, "seed", (guint64) seed,
                      "accounts", (guint) accounts, "contacts", (guint) contacts, "leads", (guint) leads,
                      "opportunities", (guint) opportunities, "duplicate-percent", (guint) CLAMP (duplicates, 0, 50),
                      "extra-custom-fields", (guint) CLAMP (extra, 0, 780), "database-path", database,
                      "api-max", api_max, "rotate-refresh-tokens", rotate, "interactive", interactive,
                      "deny-authorization", deny, NULL);
  for (guint i = 0; redirects != NULL && redirects[i] != NULL; i++)
    aud_demo_org_add_redirect_uri (org, redirects[i]);
  aud_demo_org_set_fault (org, AUD_DEMO_ORG_FAULT_LATENCY_MS, latency);
  aud_demo_org_set_fault (org, AUD_DEMO_ORG_FAULT_UNAVAILABLE_EVERY, unavailable);
  aud_demo_org_set_fault (org, AUD_DEMO_ORG_FAULT_DROP_EVERY, drop);
  aud_demo_org_set_fault (org, AUD_DEMO_ORG_FAULT_LOCK_ROW_EVERY, lock_row);
  aud_demo_org_set_fault (org, AUD_DEMO_ORG_FAULT_PAGE_SIZE_CAP, page_cap);
  aud_demo_org_set_fault (org, AUD_DEMO_ORG_FAULT_EXPIRE_TOKENS_AFTER, expire_after);

  if (!aud_demo_org_start (org, &error))
    {
      g_printerr (_("Could not start the demo org: %s\n"), error->message);
      return 1;
    }

  g_print ("login_url=%s\ninstance_url=%s\nclient_id=%s\norg_id=%s\nusername=%s\napi_version=%s\n"
           "generated_in=%.2fs\n",
           aud_demo_org_get_login_url (org), aud_demo_org_get_instance_url (org), AUD_DEMO_ORG_CLIENT_ID,
           aud_demo_org_get_org_id (org), AUD_DEMO_ORG_USERNAME, AUD_DEMO_ORG_API_VERSION,
           aud_demo_org_get_generation_seconds (org));

  loop = g_main_loop_new (NULL, FALSE);
  g_unix_signal_add (SIGINT, quit_cb, loop);
  g_unix_signal_add (SIGTERM, quit_cb, loop);
  g_main_loop_run (loop);
  aud_demo_org_stop (org);
  return 0;
}
