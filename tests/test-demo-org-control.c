/* test-demo-org-control.c — the demo org's /_demo/ control API over HTTP, merges and late rows
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "test-demo-org-util.h"

static void
setup (DemoFixture  *f,
       gconstpointer data)
{
  demo_fixture_start (f, demo_small_org ());
}

static void
teardown (DemoFixture  *f,
          gconstpointer data)
{
  demo_fixture_stop (f);
}

static DemoReply
control (DemoFixture *f,
         const char  *method,
         const char  *path,
         const char  *json)
{
  g_autofree char *url = g_strconcat (aud_demo_org_get_login_url (f->org), path, NULL);

  return demo_send_full (f, method, url, NULL, json ? "application/json" : NULL, json, NULL);
}

static gint64
count (DemoFixture *f,
       const char  *resource,
       const char  *soql)
{
  g_autofree char *q = g_uri_escape_string (soql, NULL, FALSE);
  g_autofree char *path = g_strdup_printf ("%s?q=%s", resource, q);
  g_auto(DemoReply) r = demo_get (f, path);

  g_assert_cmpuint (r.status, ==, 200);
  return json_object_get_int_member (demo_object (&r), "totalSize");
}

static void
test_info_stats_and_limits (DemoFixture  *f,
                            gconstpointer data)
{
  g_auto(DemoReply) info = control (f, "GET", "/_demo/info", NULL);
  g_auto(DemoReply) set = control (f, "POST", "/_demo/limits", "{\"max\":100,\"used\":99}");
  g_auto(DemoReply) last = demo_get (f, "/limits");
  g_auto(DemoReply) over = demo_get (f, "/limits");
  g_auto(DemoReply) stats = control (f, "GET", "/_demo/stats", NULL);
  g_auto(DemoReply) bad_fault = control (f, "POST", "/_demo/faults", "{\"no_such_fault\":1}");
  JsonObject *s;

  g_assert_cmpstr (json_object_get_string_member (demo_object (&info), "instanceUrl"), ==, aud_demo_org_get_instance_url (f->org));
  g_assert_cmpstr (json_object_get_string_member (demo_object (&info), "clientId"), ==, AUD_DEMO_ORG_CLIENT_ID);
  g_assert_cmpuint (set.status, ==, 200);
  g_assert_cmpuint (last.status, ==, 200);
  g_assert_cmpstr (soup_message_headers_get_one (last.headers, "Sforce-Limit-Info"), ==, "api-usage=100/100");
  g_assert_cmpuint (over.status, ==, 403);

  s = demo_object (&stats);
  g_assert_cmpint (json_object_get_int_member (s, "totalApiCalls"), ==, 2);
  g_assert_cmpint (json_object_get_int_member (s, "apiUsed"), ==, 100);
  g_assert_cmpint (json_object_get_int_member (json_object_get_object_member (s, "byEndpoint"), "limits"), ==, 1);
  g_assert_cmpint (json_object_get_int_member (json_object_get_object_member (s, "byEndpoint"), "limitExceeded"), ==, 1);
  g_assert_cmpuint (bad_fault.status, ==, 400);
}

static void
test_mutate_dump_and_truth (DemoFixture  *f,
                            gconstpointer data)
{
  g_auto(DemoReply) deleted = control (f, "POST", "/_demo/mutate", "{\"object\":\"Lead\",\"operation\":\"delete\",\"count\":4}");
  g_auto(DemoReply) dump = control (f, "GET", "/_demo/dump?object=Lead", NULL);
  g_auto(DemoReply) truth = control (f, "GET", "/_demo/truth?object=Contact", NULL);
  g_auto(DemoReply) unknown = control (f, "POST", "/_demo/mutate", "{\"object\":\"Widget\",\"operation\":\"update\"}");
  JsonArray *rows;
  guint n_deleted = 0;
  JsonObject *clusters;
  GList *keys;

  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (demo_object (&deleted), "ids")), ==, 4);
  /* The dump shows deleted rows too. */
  rows = json_node_get_array (dump.json);
  g_assert_cmpuint (json_array_get_length (rows), ==, 30);
  for (guint i = 0; i < json_array_get_length (rows); i++)
    n_deleted += json_object_get_boolean_member (json_array_get_object_element (rows, i), "IsDeleted");
  g_assert_cmpuint (n_deleted, ==, 4);
  g_assert_cmpint (count (f, "/query", "SELECT COUNT() FROM Lead"), ==, 26);

  clusters = json_object_get_object_member (demo_object (&truth), "clusters");
  keys = json_object_get_members (clusters);
  g_assert_nonnull (keys);
  for (GList *l = keys; l; l = l->next)
    g_assert_cmpuint (json_array_get_length (json_object_get_array_member (clusters, l->data)), >=, 2);
  g_list_free (keys);

  g_assert_cmpuint (unknown.status, ==, 400);
}

static void
test_undelete_and_purge (DemoFixture  *f,
                         gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) deleted = aud_demo_org_mutate (f->org, "Contact", AUD_DEMO_ORG_MUTATE_DELETE, 5, FALSE, &error);
  g_auto(GStrv) restored = aud_demo_org_mutate (f->org, "Contact", AUD_DEMO_ORG_MUTATE_UNDELETE, 2, FALSE, &error);
  g_auto(GStrv) purged = NULL;

  g_assert_no_error (error);
  /* Undelete takes rows back out of the recycle bin. */
  for (guint i = 0; restored[i]; i++)
    g_assert_true (g_strv_contains ((const char * const *) deleted, restored[i]));
  g_assert_cmpint (count (f, "/query", "SELECT COUNT() FROM Contact"), ==, 147);
  g_assert_cmpint (count (f, "/queryAll", "SELECT COUNT() FROM Contact"), ==, 150);

  /* A hard delete vanishes even from queryAll. */
  purged = aud_demo_org_mutate (f->org, "Contact", AUD_DEMO_ORG_MUTATE_PURGE, 4, FALSE, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_strv_length (purged), ==, 4);
  g_assert_cmpint (count (f, "/queryAll", "SELECT COUNT() FROM Contact"), ==, 146);
}

static void
test_merge (DemoFixture  *f,
            gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GHashTable) truth = aud_demo_org_dup_ground_truth (f->org, "Contact", &error);
  g_auto(GStrv) losers = aud_demo_org_mutate (f->org, "Contact", AUD_DEMO_ORG_MUTATE_MERGE, 3, TRUE, &error);
  g_autofree char *soql = NULL;
  g_auto(DemoReply) merged = { 0 };
  g_autofree char *q = NULL;
  g_autofree char *path = NULL;
  JsonArray *records;

  g_assert_no_error (error);
  g_assert_cmpuint (g_strv_length (losers), ==, 3);
  soql = g_strdup_printf ("SELECT Id, IsDeleted, MasterRecordId FROM Contact WHERE Id IN ('%s', '%s', '%s')",
                          losers[0], losers[1], losers[2]);
  q = g_uri_escape_string (soql, NULL, FALSE);
  path = g_strdup_printf ("/queryAll?q=%s", q);
  merged = demo_get (f, path);
  records = json_object_get_array_member (demo_object (&merged), "records");
  g_assert_cmpuint (json_array_get_length (records), ==, 3);
  for (guint i = 0; i < 3; i++)
    {
      JsonObject *r = json_array_get_object_element (records, i);

      /* Losers are deleted and point at their cluster's survivor. */
      g_assert_true (json_object_get_boolean_member (r, "IsDeleted"));
      g_assert_cmpstr (json_object_get_string_member (r, "MasterRecordId"), ==,
                       g_hash_table_lookup (truth, json_object_get_string_member (r, "Id")));
    }
}

static void
test_late_row (DemoFixture  *f,
               gconstpointer data)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autoptr(GDateTime) lookback = g_date_time_add_minutes (now, -5);
  g_autofree char *cursor = g_date_time_format (now, "%Y-%m-%dT%H:%M:%SZ");
  g_autofree char *earlier = g_date_time_format (lookback, "%Y-%m-%dT%H:%M:%SZ");
  g_auto(DemoReply) late = control (f, "POST", "/_demo/late", "{\"object\":\"Contact\",\"seconds_ago\":90}");
  g_autofree char *strict = g_strdup_printf ("SELECT COUNT() FROM Contact WHERE SystemModstamp >= %s", cursor);
  g_autofree char *with_lookback = g_strdup_printf ("SELECT COUNT() FROM Contact WHERE SystemModstamp >= %s", earlier);

  g_assert_cmpuint (late.status, ==, 200);
  g_assert_true (g_str_has_prefix (json_object_get_string_member (demo_object (&late), "id"), "003"));
  /* The row appeared after the cursor was taken, stamped before it: only a look-back finds it. */
  g_assert_cmpint (count (f, "/queryAll", strict), ==, 0);
  g_assert_cmpint (count (f, "/queryAll", with_lookback), ==, 1);
}

static void
test_expiry_switches (DemoFixture  *f,
                      gconstpointer data)
{
  g_autofree char *q = g_uri_escape_string ("SELECT Id FROM Contact", NULL, FALSE);
  g_autofree char *path = g_strdup_printf ("/query?q=%s", q);
  g_auto(DemoReply) cap = control (f, "POST", "/_demo/faults", "{\"page_size_cap\":100}");
  g_auto(DemoReply) first = demo_get (f, path);
  g_autofree char *next = g_strconcat (aud_demo_org_get_instance_url (f->org),
                                       json_object_get_string_member (demo_object (&first), "nextRecordsUrl"), NULL);
  g_auto(DemoReply) expire_locators = control (f, "POST", "/_demo/expire-locators", NULL);
  g_auto(DemoReply) stale = demo_get (f, next);
  g_auto(DemoReply) expire_tokens = control (f, "POST", "/_demo/expire-tokens", NULL);
  g_auto(DemoReply) dead = demo_get (f, "/limits");
  g_auto(DemoReply) clear = control (f, "POST", "/_demo/faults/clear", NULL);

  g_assert_cmpuint (cap.status, ==, 200);
  g_assert_cmpstr (demo_error_code (&stale), ==, "INVALID_QUERY_LOCATOR");
  g_assert_cmpuint (dead.status, ==, 401);
  g_assert_cmpstr (demo_error_code (&dead), ==, "INVALID_SESSION_ID");
  g_assert_cmpint (aud_demo_org_get_fault (f->org, AUD_DEMO_ORG_FAULT_PAGE_SIZE_CAP), ==, 0);
  g_assert_cmpuint (expire_locators.status + expire_tokens.status + clear.status, ==, 600);
}

static void
test_write_faults (DemoFixture  *f,
                   gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) ids = aud_demo_org_mutate (f->org, "Contact", AUD_DEMO_ORG_MUTATE_UPDATE, 1, FALSE, &error);
  g_autofree char *path = g_strdup_printf ("/sobjects/Contact/%s", ids[0]);
  g_auto(DemoReply) set = control (f, "POST", "/_demo/faults", "{\"duplicates_every\":1}");
  g_auto(DemoReply) dup = demo_send_json (f, "PATCH", path, "{\"Title\":\"x\"}");
  g_auto(DemoReply) set2 = control (f, "POST", "/_demo/faults", "{\"duplicates_every\":0,\"validation_every\":1}");
  g_auto(DemoReply) rule = demo_send_json (f, "PATCH", path, "{\"Title\":\"x\"}");

  g_assert_cmpuint (dup.status, ==, 400);
  g_assert_cmpstr (demo_error_code (&dup), ==, "DUPLICATES_DETECTED");
  g_assert_cmpstr (demo_error_code (&rule), ==, "FIELD_CUSTOM_VALIDATION_EXCEPTION");
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, fn) g_test_add ("/demo-org/control/" path, DemoFixture, NULL, setup, fn, teardown)
  ADD ("info-stats-and-limits", test_info_stats_and_limits);
  ADD ("mutate-dump-and-truth", test_mutate_dump_and_truth);
  ADD ("undelete-and-purge", test_undelete_and_purge);
  ADD ("merge", test_merge);
  ADD ("late-row", test_late_row);
  ADD ("expiry-switches", test_expiry_switches);
  ADD ("write-faults", test_write_faults);
#undef ADD

  return g_test_run ();
}
