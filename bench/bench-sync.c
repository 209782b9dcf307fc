/* bench-sync.c — sync throughput, incremental cost, memory and main-thread stalls
 *
 * Usage: bench-sync [CONTACTS] [MAPPED_FIELDS] [rest|bulk]   (defaults: 1000000, 20, the
 * engine's own choice: Bulk API 2.0 above its threshold)
 *
 * In one run: the demo org's bare serving rate (paging a plain REST query with a raw client and
 * discarding the rows), then a full sync through the engine on its worker thread, then an
 * incremental sync after 1% of the records changed. While the engine runs, the main loop
 * measures how late a 10 ms timer fires: the longest lateness is the worst UI stall.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <stdio.h>

#include "aud-credentials.h"
#include "aud-demo-org.h"
#include "aud-salesforce-client.h"
#include "aud-store-private.h"
#include "aud-sync-engine.h"

static const char * const contact_fields[] = {
  "AccountId", "Birthdate", "Department", "Description", "DoNotCall", "Email", "Fax", "FirstName",
  "HasOptedOutOfEmail", "HomePhone", "LastName", "LeadSource", "MailingCity", "MailingCountry",
  "MailingPostalCode", "MailingState", "MailingStreet", "MobilePhone", "OwnerId", "Phone", "Salutation",
  "Title", NULL
};

typedef struct
{
  AudDemoOrg     *org;
  AudCredentials *credentials;
} Recipe;

static AudSalesforceClient *
make_client (gpointer   user_data,
             GError   **error)
{
  Recipe *recipe = user_data;

  return aud_salesforce_client_new (recipe->credentials, aud_demo_org_get_instance_url (recipe->org),
                                    AUD_DEMO_ORG_API_VERSION);
}

static gint64
peak_rss_kb (void)
{
  g_autofree char *status = NULL;
  const char *line;

  if (!g_file_get_contents ("/proc/self/status", &status, NULL, NULL))
    return -1;
  line = strstr (status, "VmHWM:");
  return line != NULL ? g_ascii_strtoll (line + 6, NULL, 10) : -1;
}

/* ---- main-thread stall probe ---- */

static gint64 expected_at;
static gint64 worst_stall_us;

static gboolean
probe_tick (gpointer data)
{
  gint64 now = g_get_monotonic_time ();

  if (expected_at > 0)
    worst_stall_us = MAX (worst_stall_us, now - expected_at);
  expected_at = now + 10000;
  return G_SOURCE_CONTINUE;
}

static const char *path_mode;

static double
run_engine (AudSyncEngine  *engine,
            gboolean        full,
            AudSyncResult **result_out)
{
  AudSyncOptions options;
  gint64 start = g_get_monotonic_time ();
  guint probe;

  aud_sync_options_init (&options);
  options.force_full = full;
  if (g_strcmp0 (path_mode, "rest") == 0)
    options.bulk_threshold = G_MAXINT64;
  else if (g_strcmp0 (path_mode, "bulk") == 0)
    options.bulk_threshold = 0;
  expected_at = 0;
  probe = g_timeout_add (10, probe_tick, NULL);
  aud_sync_engine_start (engine, NULL, &options);
  while (aud_sync_engine_get_running (engine))
    g_main_context_iteration (NULL, TRUE);
  g_source_remove (probe);

  if (aud_sync_engine_get_error (engine) != NULL)
    g_error ("sync failed: %s", aud_sync_engine_get_error (engine)->message);
  *result_out = g_ptr_array_index (aud_sync_engine_get_results (engine), 0);
  return (g_get_monotonic_time () - start) / (double) G_USEC_PER_SEC;
}

/* Pages through SELECT <fields> FROM Contact with a bare client in a thread: what the org can
 * serve, with no parsing into records and no database writes. */
typedef struct
{
  Recipe *recipe;
  char   *soql;
  gint64  rows;
  double  seconds;
} BareRun;

static gpointer
bare_serving_thread (gpointer data)
{
  BareRun *run = data;
  g_autoptr(GMainContext) context = g_main_context_new ();
  g_autoptr(AudSalesforceClient) client = NULL;
  g_autofree char *escaped = g_uri_escape_string (run->soql, NULL, FALSE);
  g_autofree char *url = g_strdup_printf ("query/?q=%s", escaped);
  static const char * const headers[] = { "Sforce-Query-Options", "batchSize=2000", NULL };
  gint64 start;

  g_main_context_push_thread_default (context);
  client = make_client (run->recipe, NULL);
  start = g_get_monotonic_time ();
  while (url != NULL)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(JsonNode) node = aud_salesforce_client_get_json (client, url, headers, NULL, &error);
      JsonObject *page;

      if (node == NULL)
        g_error ("bare query: %s", error->message);
      page = json_node_get_object (node);
      run->rows += json_array_get_length (json_object_get_array_member (page, "records"));
      g_free (url);
      url = json_object_get_boolean_member (page, "done") ? NULL
            : g_strdup (json_object_get_string_member (page, "nextRecordsUrl"));
    }
  run->seconds = (g_get_monotonic_time () - start) / (double) G_USEC_PER_SEC;
  g_main_context_pop_thread_default (context);
  return NULL;
}

int
main (int   argc,
      char *argv[])
{
  guint contacts = argc > 1 ? (guint) g_ascii_strtoull (argv[1], NULL, 10) : 1000000;
  guint n_fields = argc > 2 ? (guint) g_ascii_strtoull (argv[2], NULL, 10) : 20;
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("aud-bench-sync-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "workspace.db", NULL);
  g_autoptr(AudStore) store = NULL;
  g_autoptr(AudSyncEngine) engine = NULL;
  g_autofree char *access = NULL;
  g_autofree char *refresh = NULL;
  g_autoptr(GString) field_list = g_string_new ("Id, IsDeleted, LastModifiedDate, SystemModstamp");
  Recipe recipe = { 0 };
  BareRun bare = { 0 };
  AudSyncResult *full, *incremental;
  double full_s, incr_s;
  gint64 full_stall, incr_stall;
  g_auto(GStrv) changed = NULL;
  gint64 rss_before;

  path_mode = argc > 3 ? argv[3] : NULL;
  n_fields = MIN (n_fields, g_strv_length ((GStrv) contact_fields));

  recipe.org = aud_demo_org_new ();
  g_object_set (recipe.org, "seed", (guint64) 7, "contacts", contacts, "accounts", MAX (contacts / 10, 1),
                "leads", 0, "opportunities", 0, "api-max", 100000000, NULL);
  if (!aud_demo_org_start_in_thread (recipe.org, &error))
    g_error ("demo org: %s", error->message);
  g_print ("demo org: %u contacts generated in %.1f s\n", contacts, aud_demo_org_get_generation_seconds (recipe.org));

  aud_demo_org_mint_tokens (recipe.org, &access, &refresh);
  recipe.credentials = aud_credentials_new (aud_demo_org_get_login_url (recipe.org), AUD_DEMO_ORG_CLIENT_ID,
                                            aud_demo_org_get_org_id (recipe.org),
                                            aud_demo_org_get_user_id (recipe.org), AUD_DEMO_ORG_USERNAME);
  aud_credentials_set_tokens (recipe.credentials, access, refresh);

  store = aud_store_open (path, &error);
  if (store == NULL)
    g_error ("%s", error->message);
  aud_store_exec (store, "INSERT INTO audiences (name, object) VALUES ('Bench', 'Contact')", NULL);
  for (guint i = 0; i < n_fields; i++)
    {
      g_autofree char *sql = g_strdup_printf ("INSERT INTO mapped_fields (audience_id, field) VALUES (1, '%s')",
                                              contact_fields[i]);
      aud_store_exec (store, sql, NULL);
      g_string_append_printf (field_list, ", %s", contact_fields[i]);
    }

  /* 1. The bare serving rate, same fields. */
  bare.recipe = &recipe;
  bare.soql = g_strdup_printf ("SELECT %s FROM Contact ORDER BY SystemModstamp, Id", field_list->str);
  g_thread_join (g_thread_new ("bare", bare_serving_thread, &bare));
  g_print ("bare serving: %" G_GINT64_FORMAT " rows in %.1f s = %.0f records/s\n",
           bare.rows, bare.seconds, bare.rows / bare.seconds);

  /* 2. Full sync through the engine. */
  rss_before = peak_rss_kb ();
  engine = aud_sync_engine_new (path, make_client, &recipe, NULL);
  worst_stall_us = 0;
  full_s = run_engine (engine, TRUE, &full);
  full_stall = worst_stall_us;
  g_print ("full sync (%s): %" G_GINT64_FORMAT " records, %" G_GINT64_FORMAT " API calls, %.1f s = %.0f records/s "
           "(%.0f%% of bare serving); longest main-thread stall %.1f ms\n",
           full->path, full->counts.fetched, full->counts.api_calls, full_s, full->counts.fetched / full_s,
           100.0 * (full->counts.fetched / full_s) / (bare.rows / bare.seconds), full_stall / 1000.0);

  /* 3. Incremental after 1% changed. */
  changed = aud_demo_org_mutate (recipe.org, "Contact", AUD_DEMO_ORG_MUTATE_UPDATE, MAX (contacts / 100, 1),
                                 FALSE, &error);
  if (changed == NULL)
    g_error ("mutate: %s", error->message);
  worst_stall_us = 0;
  incr_s = run_engine (engine, FALSE, &incremental);
  incr_stall = worst_stall_us;
  g_print ("incremental sync after %u changes: %" G_GINT64_FORMAT " fetched, %" G_GINT64_FORMAT " updated, "
           "%" G_GINT64_FORMAT " API calls, %.2f s; longest main-thread stall %.1f ms\n",
           g_strv_length (changed), incremental->counts.fetched, incremental->counts.updated,
           incremental->counts.api_calls, incr_s, incr_stall / 1000.0);

  g_print ("peak RSS: %.0f MB (before the sync, with the demo org's data generated: %.0f MB)\n",
           peak_rss_kb () / 1024.0, rss_before / 1024.0);

  g_clear_object (&engine);
  aud_demo_org_stop (recipe.org);
  g_clear_object (&recipe.org);
  g_clear_object (&recipe.credentials);
  g_free (bare.soql);
  return 0;
}
