/* bench-demo-org.c — demo org generation time and records/s served by a full query scan
 *
 * Usage: bench-demo-org [CONTACTS [BATCH]]   (defaults: 1000000 contacts, batchSize 2000)
 * Generates the org, then pages through SELECT … FROM Contact with a real libsoup client in
 * this thread while the org serves from its own, and parses every page as a sync client would.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <json-glib/json-glib.h>
#include <libsoup/soup.h>

#include "aud-demo-org.h"

int
main (int   argc,
      char *argv[])
{
  guint contacts = argc > 1 ? (guint) g_ascii_strtoull (argv[1], NULL, 10) : 1000000;
  const char *batch = argc > 2 ? argv[2] : "2000";
  g_autoptr(AudDemoOrg) org = g_object_new (AUD_TYPE_DEMO_ORG, "contacts", contacts,
                                            "accounts", MAX (contacts / 10, 1), "leads", 0,
                                            "opportunities", 0, NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(SoupSession) session = soup_session_new_with_options ("timeout", 600, NULL);
  g_autoptr(GTimer) timer = NULL;
  g_autofree char *token = NULL;
  g_autofree char *auth = NULL;
  g_autofree char *options = g_strdup_printf ("batchSize=%s", batch);
  g_autofree char *url = NULL;
  g_autofree char *q = g_uri_escape_string ("SELECT Id, FirstName, LastName, Email, Phone, Title, AccountId, "
                                            "MailingCity, IsDeleted, SystemModstamp FROM Contact", NULL, FALSE);
  guint64 records = 0, pages = 0, bytes_total = 0;
  double first_page = 0, elapsed, fetching = 0;

  if (!aud_demo_org_start_in_thread (org, &error))
    {
      g_printerr ("start: %s\n", error->message);
      return 1;
    }
  g_print ("contacts=%u accounts=%u generation_s=%.2f generation_rows_per_s=%.0f\n", contacts, MAX (contacts / 10, 1),
           aud_demo_org_get_generation_seconds (org),
           (contacts + contacts / 10) / MAX (aud_demo_org_get_generation_seconds (org), 1e-9));

  token = aud_demo_org_mint_access_token (org);
  auth = g_strdup_printf ("Bearer %s", token);
  aud_demo_org_set_api_usage (org, 0, G_MAXINT64);
  url = g_strdup_printf ("%s/services/data/v%s/queryAll?q=%s", aud_demo_org_get_instance_url (org),
                         AUD_DEMO_ORG_API_VERSION, q);
  timer = g_timer_new ();

  while (url != NULL)
    {
      g_autoptr(SoupMessage) msg = soup_message_new ("GET", url);
      g_autoptr(GBytes) body = NULL;
      g_autoptr(JsonParser) parser = json_parser_new ();
      JsonObject *page;

      soup_message_headers_replace (soup_message_get_request_headers (msg), "Authorization", auth);
      soup_message_headers_replace (soup_message_get_request_headers (msg), "Sforce-Query-Options", options);
      {
        double before = g_timer_elapsed (timer, NULL);

        body = soup_session_send_and_read (session, msg, NULL, &error);
        fetching += g_timer_elapsed (timer, NULL) - before;
      }
      if (body == NULL || soup_message_get_status (msg) != 200
          || !json_parser_load_from_data (parser, g_bytes_get_data (body, NULL), g_bytes_get_size (body), &error))
        {
          g_printerr ("page %" G_GUINT64_FORMAT " failed: %u %s\n", pages, soup_message_get_status (msg),
                      error ? error->message : "");
          return 1;
        }
      if (pages == 0)
        first_page = g_timer_elapsed (timer, NULL);
      pages++;
      bytes_total += g_bytes_get_size (body);
      page = json_node_get_object (json_parser_get_root (parser));
      records += json_array_get_length (json_object_get_array_member (page, "records"));
      g_clear_pointer (&url, g_free);
      if (!json_object_get_boolean_member (page, "done"))
        url = g_strconcat (aud_demo_org_get_instance_url (org), json_object_get_string_member (page, "nextRecordsUrl"), NULL);
    }
  elapsed = g_timer_elapsed (timer, NULL);

  /* fetch_s is the org's answering time as the client sees it (snapshot, JSON, HTTP); the rest
   * of scan_s is this client parsing the pages with json-glib. */
  g_print ("scan_records=%" G_GUINT64_FORMAT " pages=%" G_GUINT64_FORMAT " batch=%s first_page_s=%.2f "
           "scan_s=%.2f records_per_s=%.0f fetch_s=%.2f served_records_per_s=%.0f mb=%.1f\n",
           records, pages, batch, first_page, elapsed, records / MAX (elapsed, 1e-9), fetching,
           records / MAX (fetching, 1e-9), bytes_total / 1e6);
  aud_demo_org_stop (org);
  return records == contacts ? 0 : 1;
}
