/* test-demo-org-writes.c — the demo org's record writes, sObject Collections and fault switches
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

static const char *
first_contact (DemoFixture *f,
               char       **out)
{
  g_auto(DemoReply) r = demo_query (f, "/query", "SELECT Id FROM Contact WHERE IsDeleted = false ORDER BY Id LIMIT 1", NULL);

  *out = g_strdup (json_object_get_string_member (json_array_get_object_element (
    json_object_get_array_member (demo_object (&r), "records"), 0), "Id"));
  return *out;
}

static void
test_single_writes (DemoFixture  *f,
                    gconstpointer data)
{
  g_autofree char *id = NULL;
  g_autofree char *path = g_strdup_printf ("/sobjects/Contact/%s", first_contact (f, &id));
  g_autofree char *path15 = g_strdup_printf ("/sobjects/Contact/%.15s", id);
  g_auto(DemoReply) before = demo_get (f, path);
  g_auto(DemoReply) ok = demo_send_json (f, "PATCH", path15, "{\"Title\":\"Chief Audience Officer\",\"FirstName\":null,"
                                                              "\"Email\":\"new@example.org\"}");
  g_auto(DemoReply) after = demo_get (f, path);
  g_auto(DemoReply) formula = demo_send_json (f, "PATCH", path, "{\"Email_Domain__c\":\"x\"}");
  g_auto(DemoReply) unknown = demo_send_json (f, "PATCH", path, "{\"Shoe_Size__c\":\"x\"}");
  g_auto(DemoReply) too_long = { 0 };
  g_auto(DemoReply) required = demo_send_json (f, "PATCH", path, "{\"LastName\":null}");
  g_auto(DemoReply) picklist = demo_send_json (f, "PATCH", path, "{\"Level__c\":\"Quaternary\"}");
  g_auto(DemoReply) malformed = demo_send_json (f, "PATCH", "/sobjects/Contact/003xyz", "{\"Title\":\"x\"}");
  g_auto(DemoReply) missing = demo_send_json (f, "PATCH", "/sobjects/Contact/0038d0000000zzzAAA", "{\"Title\":\"x\"}");
  g_autofree char *long_title = g_strnfill (129, 'x');
  g_autofree char *long_body = g_strdup_printf ("{\"Title\":\"%s\"}", long_title);
  JsonObject *b, *a;

  g_assert_cmpuint (ok.status, ==, 204);
  b = demo_object (&before);
  a = demo_object (&after);
  g_assert_cmpstr (json_object_get_string_member (a, "Title"), ==, "Chief Audience Officer");
  g_assert_null (json_object_get_string_member (a, "FirstName"));
  /* Derived fields follow; both stamps move. */
  g_assert_cmpstr (json_object_get_string_member (a, "Name"), ==, json_object_get_string_member (a, "LastName"));
  g_assert_cmpstr (json_object_get_string_member (a, "Email_Domain__c"), ==, "example.org");
  g_assert_cmpstr (json_object_get_string_member (a, "SystemModstamp"), >, json_object_get_string_member (b, "SystemModstamp"));
  g_assert_cmpstr (json_object_get_string_member (a, "LastModifiedDate"), ==, json_object_get_string_member (a, "SystemModstamp"));

  g_assert_cmpuint (formula.status, ==, 400);
  g_assert_cmpstr (demo_error_code (&formula), ==, "INVALID_FIELD_FOR_INSERT_UPDATE");
  g_assert_cmpstr (json_array_get_string_element (json_object_get_array_member (
    json_array_get_object_element (json_node_get_array (formula.json), 0), "fields"), 0), ==, "Email_Domain__c");
  g_assert_cmpstr (demo_error_code (&unknown), ==, "INVALID_FIELD");
  too_long = demo_send_json (f, "PATCH", path, long_body);
  g_assert_cmpstr (demo_error_code (&too_long), ==, "STRING_TOO_LONG");
  g_assert_cmpstr (demo_error_code (&required), ==, "REQUIRED_FIELD_MISSING");
  g_assert_cmpstr (demo_error_code (&picklist), ==, "INVALID_OR_NULL_FOR_RESTRICTED_PICKLIST");
  g_assert_cmpuint (malformed.status, ==, 400);
  g_assert_cmpstr (demo_error_code (&malformed), ==, "MALFORMED_ID");
  g_assert_cmpuint (missing.status, ==, 404);
  g_assert_cmpstr (demo_error_code (&missing), ==, "NOT_FOUND");

  /* Changed after the client read it: 412. */
  {
    g_autofree char *url = g_strconcat (f->api, path, NULL);
    g_auto(DemoReply) stale = demo_send_full (f, "PATCH", url, f->token, "application/json", "{\"Title\":\"x\"}",
                                              "If-Unmodified-Since", "Mon, 01 Jan 2024 00:00:00 GMT", NULL);

    g_assert_cmpuint (stale.status, ==, 412);
  }
}

static void
test_escaping_round_trip (DemoFixture  *f,
                          gconstpointer data)
{
  g_autofree char *id = NULL;
  g_autofree char *path = g_strdup_printf ("/sobjects/Contact/%s", first_contact (f, &id));
  g_auto(DemoReply) patch = demo_send_json (f, "PATCH", path,
                                            "{\"Description\":\"say \\\"hi\\\" \\\\ line\\nnext\\ttab \\u0001 Zoë\"}");
  g_auto(DemoReply) back = demo_get (f, path);

  g_assert_cmpuint (patch.status, ==, 204);
  g_assert_cmpstr (json_object_get_string_member (demo_object (&back), "Description"), ==,
                   "say \"hi\" \\ line\nnext\ttab \001 Zoë");
}

static void
test_deleted_write (DemoFixture  *f,
                    gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) deleted = aud_demo_org_mutate (f->org, "Contact", AUD_DEMO_ORG_MUTATE_DELETE, 1, FALSE, &error);
  g_autofree char *path = g_strdup_printf ("/sobjects/Contact/%s", deleted[0]);
  g_auto(DemoReply) r = demo_send_json (f, "PATCH", path, "{\"Title\":\"x\"}");

  g_assert_cmpuint (r.status, ==, 404);
  g_assert_cmpstr (demo_error_code (&r), ==, "ENTITY_IS_DELETED");
}

static char *
collection_body (const char *id_a,
                 const char *id_b,
                 gboolean    all_or_none)
{
  return g_strdup_printf ("{\"allOrNone\":%s,\"records\":["
                          "{\"attributes\":{\"type\":\"Contact\"},\"id\":\"%s\",\"Department\":\"RevOps\"},"
                          "{\"attributes\":{\"type\":\"Contact\"},\"id\":\"%s\",\"LastModifiedDate\":\"2020-01-01T00:00:00Z\"},"
                          "{\"attributes\":{\"type\":\"Contact\"},\"Department\":\"No Id\"}]}",
                          all_or_none ? "true" : "false", id_a, id_b);
}

static void
test_collections (DemoFixture  *f,
                  gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_auto(DemoReply) ids = demo_query (f, "/query", "SELECT Id FROM Contact ORDER BY Id LIMIT 2", NULL);
  JsonArray *records = json_object_get_array_member (demo_object (&ids), "records");
  g_autofree char *a = g_strdup (json_object_get_string_member (json_array_get_object_element (records, 0), "Id"));
  g_autofree char *b = g_strdup (json_object_get_string_member (json_array_get_object_element (records, 1), "Id"));
  g_autofree char *body_all = collection_body (a, b, TRUE);
  g_autofree char *body = collection_body (a, b, FALSE);
  g_auto(DemoReply) rolled = demo_send_json (f, "PATCH", "/composite/sobjects", body_all);
  g_autofree char *check = g_strdup_printf ("SELECT Department FROM Contact WHERE Id = '%s'", a);
  g_auto(DemoReply) after_rollback = demo_query (f, "/query", check, NULL);
  g_auto(DemoReply) partial = demo_send_json (f, "PATCH", "/composite/sobjects", body);
  g_auto(DemoReply) after = demo_query (f, "/query", check, NULL);
  JsonArray *results;

  g_assert_cmpuint (rolled.status, ==, 200);
  results = json_node_get_array (rolled.json);
  g_assert_cmpuint (json_array_get_length (results), ==, 3);
  for (guint i = 0; i < 3; i++)
    g_assert_false (json_object_get_boolean_member (json_array_get_object_element (results, i), "success"));
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (json_object_get_array_member (
    json_array_get_object_element (results, 0), "errors"), 0), "statusCode"), ==, "ALL_OR_NONE_OPERATION_ROLLED_BACK");
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (json_object_get_array_member (
    json_array_get_object_element (results, 1), "errors"), 0), "statusCode"), ==, "INVALID_FIELD_FOR_INSERT_UPDATE");
  /* Rolled back: the valid first record was not written either. */
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (
    json_object_get_array_member (demo_object (&after_rollback), "records"), 0), "Department"), !=, "RevOps");

  results = json_node_get_array (partial.json);
  g_assert_true (json_object_get_boolean_member (json_array_get_object_element (results, 0), "success"));
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (results, 0), "id"), ==, a);
  g_assert_false (json_object_get_boolean_member (json_array_get_object_element (results, 1), "success"));
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (json_object_get_array_member (
    json_array_get_object_element (results, 2), "errors"), 0), "statusCode"), ==, "MISSING_ARGUMENT");
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (
    json_object_get_array_member (demo_object (&after), "records"), 0), "Department"), ==, "RevOps");

  {
    GString *big = g_string_new ("{\"records\":[");

    for (int i = 0; i < 201; i++)
      g_string_append_printf (big, "%s{\"attributes\":{\"type\":\"Contact\"},\"id\":\"%s\",\"Title\":\"t\"}", i ? "," : "", a);
    g_string_append (big, "]}");
    {
      g_auto(DemoReply) too_many = demo_send_json (f, "PATCH", "/composite/sobjects", big->str);

      g_assert_cmpuint (too_many.status, ==, 400);
    }
    g_string_free (big, TRUE);
  }
}

static void
test_faults (DemoFixture  *f,
             gconstpointer data)
{
  g_autofree char *faults_url = g_strdup_printf ("%s/_demo/faults", aud_demo_org_get_instance_url (f->org));
  g_auto(DemoReply) set = demo_send_full (f, "POST", faults_url, NULL, "application/json",
                                          "{\"unavailable_every\":2}", NULL);
  g_autoptr(GTimer) timer = NULL;

  g_assert_cmpuint (set.status, ==, 200);
  {
    g_auto(DemoReply) a = demo_get (f, "/limits");
    g_auto(DemoReply) b = demo_get (f, "/limits");

    g_assert_cmpuint (a.status + b.status, ==, 200 + 503);
  }
  aud_demo_org_clear_faults (f->org);

  /* Latency delays the answer without blocking the org. */
  aud_demo_org_set_fault (f->org, AUD_DEMO_ORG_FAULT_LATENCY_MS, 150);
  timer = g_timer_new ();
  {
    g_auto(DemoReply) slow = demo_get (f, "/limits");

    g_assert_cmpuint (slow.status, ==, 200);
    g_assert_cmpfloat (g_timer_elapsed (timer, NULL), >=, 0.15);
  }
  aud_demo_org_clear_faults (f->org);

  /* A dropped connection: the client sees a transport error, not an HTTP status. */
  aud_demo_org_set_fault (f->org, AUD_DEMO_ORG_FAULT_DROP_EVERY, 1);
  {
    g_autofree char *url = g_strconcat (f->api, "/limits", NULL);
    g_autoptr(SoupMessage) msg = soup_message_new ("GET", url);
    g_autofree char *auth = g_strdup_printf ("Bearer %s", f->token);
    g_autoptr(GError) error = NULL;
    g_autoptr(GBytes) bytes = NULL;

    soup_message_headers_replace (soup_message_get_request_headers (msg), "Authorization", auth);
    bytes = soup_session_send_and_read (f->session, msg, NULL, &error);
    g_assert_nonnull (error);
  }
  aud_demo_org_clear_faults (f->org);

  aud_demo_org_set_fault (f->org, AUD_DEMO_ORG_FAULT_EXPIRE_TOKENS_AFTER, 2);
  for (int i = 0; i < 3; i++)
    {
      g_auto(DemoReply) r = demo_get (f, "/limits");

      g_assert_cmpuint (r.status, ==, i < 2 ? 200 : 401);
    }
  g_free (f->token);
  f->token = aud_demo_org_mint_access_token (f->org);

  aud_demo_org_set_fault (f->org, AUD_DEMO_ORG_FAULT_EXHAUST_LIMIT_AFTER, 2);
  for (int i = 0; i < 3; i++)
    {
      g_auto(DemoReply) r = demo_get (f, "/limits");

      g_assert_cmpuint (r.status, ==, i < 2 ? 200 : 403);
    }
  aud_demo_org_set_api_usage (f->org, 0, 15000);

  aud_demo_org_set_fault (f->org, AUD_DEMO_ORG_FAULT_QUERY_TIMEOUT_NEXT, 1);
  {
    g_auto(DemoReply) timeout = demo_query (f, "/query", "SELECT Id FROM Contact", NULL);
    g_auto(DemoReply) fine = demo_query (f, "/query", "SELECT Id FROM Contact", NULL);

    g_assert_cmpstr (demo_error_code (&timeout), ==, "QUERY_TIMEOUT");
    g_assert_cmpuint (fine.status, ==, 200);
  }

  aud_demo_org_set_fault (f->org, AUD_DEMO_ORG_FAULT_PAGE_SIZE_CAP, 60);
  {
    gint64 total = 0;
    g_autoptr(GPtrArray) ids = demo_query_all_pages (f, "/query", "SELECT Id FROM Contact", "2000", 60, &total);

    g_assert_cmpuint (ids->len, ==, 150);
  }
  aud_demo_org_clear_faults (f->org);

  /* Every second record write is locked; a retry of the same record goes through. */
  aud_demo_org_set_fault (f->org, AUD_DEMO_ORG_FAULT_LOCK_ROW_EVERY, 2);
  {
    g_autofree char *id = NULL;
    g_autofree char *body = NULL;
    g_auto(DemoReply) r = { 0 };
    JsonArray *results;

    first_contact (f, &id);
    body = g_strdup_printf ("{\"records\":[{\"attributes\":{\"type\":\"Contact\"},\"id\":\"%1$s\",\"Title\":\"a\"},"
                            "{\"attributes\":{\"type\":\"Contact\"},\"id\":\"%1$s\",\"Title\":\"b\"},"
                            "{\"attributes\":{\"type\":\"Contact\"},\"id\":\"%1$s\",\"Title\":\"c\"}]}", id);
    r = demo_send_json (f, "PATCH", "/composite/sobjects", body);
    results = json_node_get_array (r.json);
    g_assert_true (json_object_get_boolean_member (json_array_get_object_element (results, 0), "success"));
    g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (json_object_get_array_member (
      json_array_get_object_element (results, 1), "errors"), 0), "statusCode"), ==, "UNABLE_TO_LOCK_ROW");
    g_assert_true (json_object_get_boolean_member (json_array_get_object_element (results, 2), "success"));
  }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, fn) g_test_add ("/demo-org/writes/" path, DemoFixture, NULL, setup, fn, teardown)
  ADD ("single-writes", test_single_writes);
  ADD ("escaping-round-trip", test_escaping_round_trip);
  ADD ("deleted-write", test_deleted_write);
  ADD ("collections", test_collections);
  ADD ("faults", test_faults);
#undef ADD

  return g_test_run ();
}
