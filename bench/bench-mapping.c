/* bench-mapping.c — describe, mapping and overwrite-rule costs at the 800-field scale
 *
 * Usage: bench-mapping [EXTRA_CUSTOM_FIELDS=780] [DECISIONS=1000000]
 * Fetches the demo org's Contact describe with that many extra custom fields, then times
 * parsing, caching, loading, mapping every field, one rule for all, export/import, and the
 * overwrite decision over a mix of values.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gstdio.h>
#include <stdlib.h>

#include "aud-audience.h"
#include "aud-demo-org.h"
#include "aud-describe-fetch.h"
#include "aud-mapping.h"
#include "aud-mapping-file.h"

static double
ms_since (gint64 start)
{
  return (g_get_monotonic_time () - start) / 1000.0;
}

int
main (int    argc,
      char **argv)
{
  guint extra = argc > 1 ? (guint) atoi (argv[1]) : 780;
  guint decisions = argc > 2 ? (guint) atoi (argv[2]) : 1000000;
  g_autoptr(GError) error = NULL;
  g_autoptr(AudDemoOrg) org = aud_demo_org_new ();
  g_autoptr(AudCredentials) credentials = NULL;
  g_autoptr(AudSalesforceClient) client = NULL;
  g_autoptr(AudDescribe) describe = NULL;
  g_autoptr(AudDescribe) loaded = NULL;
  g_autoptr(AudStore) store = NULL;
  g_autoptr(AudAudience) audience = NULL;
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  g_auto(GStrv) names = NULL;
  g_autofree char *access = NULL;
  g_autofree char *dir = g_dir_make_tmp ("bench-mapping-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "ws.db", NULL);
  g_autofree char *file = g_build_filename (dir, "mapping.json", NULL);
  GPtrArray *fields;
  gint64 start;
  guint changed = 0, skipped = 0, n = 0, writes = 0;

  g_object_set (org, "seed", (guint64) 1, "accounts", 10, "contacts", 10, "leads", 0, "opportunities", 0,
                "extra-custom-fields", extra, NULL);
  if (!aud_demo_org_start_in_thread (org, &error))
    g_error ("%s", error->message);
  access = aud_demo_org_mint_access_token (org);
  credentials = aud_credentials_new (aud_demo_org_get_login_url (org), AUD_DEMO_ORG_CLIENT_ID,
                                     aud_demo_org_get_org_id (org), aud_demo_org_get_user_id (org),
                                     AUD_DEMO_ORG_USERNAME);
  aud_credentials_set_tokens (credentials, access, NULL);
  client = aud_salesforce_client_new (credentials, aud_demo_org_get_instance_url (org), AUD_DEMO_ORG_API_VERSION);

  start = g_get_monotonic_time ();
  describe = aud_describe_fetch (client, "Contact", NULL, &error);
  if (describe == NULL)
    g_error ("%s", error->message);
  fields = aud_describe_get_fields (describe);
  g_print ("fetch describe (loopback)   %8.1f ms  %u fields, %zu bytes of JSON\n", ms_since (start), fields->len,
           strlen (aud_describe_get_data (describe)));

  start = g_get_monotonic_time ();
  for (int i = 0; i < 10; i++)
    {
      g_autoptr(AudDescribe) again = aud_describe_new_from_data (aud_describe_get_data (describe), -1, NULL, &error);
      g_assert (again != NULL);
    }
  g_print ("parse describe              %8.1f ms  (mean of 10)\n", ms_since (start) / 10);

  store = aud_store_open (path, &error);
  g_assert (store != NULL);
  start = g_get_monotonic_time ();
  aud_describe_save (describe, store, &error);
  g_print ("save describe (diff+cache)  %8.1f ms\n", ms_since (start));
  start = g_get_monotonic_time ();
  aud_describe_save (describe, store, &error);
  g_print ("save again (all unchanged)  %8.1f ms\n", ms_since (start));
  start = g_get_monotonic_time ();
  loaded = aud_describe_load (store, "Contact", &error);
  g_print ("load cached describe        %8.1f ms\n", ms_since (start));

  audience = aud_audience_create (store, "Bench", "Contact", &error);
  for (guint i = 0; i < fields->len; i++)
    g_strv_builder_add (builder, ((AudFieldInfo *) g_ptr_array_index (fields, i))->name);
  names = g_strv_builder_end (builder);

  start = g_get_monotonic_time ();
  aud_mapping_set_mapped (audience, (const char * const *) names, TRUE, &changed, &error);
  g_print ("map every field             %8.1f ms  %u fields\n", ms_since (start), changed);
  start = g_get_monotonic_time ();
  aud_mapping_set_rule (audience, loaded, (const char * const *) names, AUD_OVERWRITE_RULE_CONDITIONAL,
                        &changed, &skipped, &error);
  g_print ("one rule for every field    %8.1f ms  %u set, %u read-only kept Never\n", ms_since (start), changed, skipped);
  start = g_get_monotonic_time ();
  for (int i = 0; i < 10; i++)
    {
      g_autoptr(GPtrArray) mapping = aud_mapping_load (audience, &error);
      g_assert (mapping != NULL);
    }
  g_print ("load the mapping            %8.1f ms  (mean of 10)\n", ms_since (start) / 10);
  start = g_get_monotonic_time ();
  aud_mapping_file_export (audience, file, &error);
  g_print ("export mapping file         %8.1f ms\n", ms_since (start));
  start = g_get_monotonic_time ();
  aud_mapping_file_import (audience, loaded, file, &n, &error);
  g_print ("import + validate + replace %8.1f ms  %u fields\n", ms_since (start), n);
  if (error != NULL)
    g_error ("%s", error->message);

  {
    const char *values[] = { "null", "\"\"", "\"Acme\"", "\" Acme \"", "42", "\"42.0\"", "true", "\"2024-01-05\"" };
    JsonNode *nodes[G_N_ELEMENTS (values)];

    for (guint i = 0; i < G_N_ELEMENTS (values); i++)
      nodes[i] = json_from_string (values[i], NULL);

    start = g_get_monotonic_time ();
    for (guint i = 0; i < decisions; i++)
      {
        AudWriteReason reason;

        writes += aud_overwrite_rule_decide ((AudOverwriteRule) (i % 3), TRUE, (AudFieldKind) (i % 5),
                                             nodes[i % G_N_ELEMENTS (values)],
                                             nodes[(i / 7) % G_N_ELEMENTS (values)], &reason);
      }
    g_print ("overwrite decisions         %8.1f ms  %u decisions (%.2f M/s), %u writes\n", ms_since (start), decisions,
             decisions / (ms_since (start) * 1000.0), writes);

    for (guint i = 0; i < G_N_ELEMENTS (values); i++)
      json_node_unref (nodes[i]);
  }

  g_clear_object (&audience);
  g_clear_object (&store);
  aud_demo_org_stop (org);
  {
    const char *suffixes[] = { "", "-wal", "-shm" };
    for (guint i = 0; i < G_N_ELEMENTS (suffixes); i++)
      {
        g_autofree char *p = g_strconcat (path, suffixes[i], NULL);
        g_unlink (p);
      }
    g_unlink (file);
    g_rmdir (dir);
  }
  return 0;
}
