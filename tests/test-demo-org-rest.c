/* test-demo-org-rest.c — describe, query paging, replication, writes and faults of the demo org
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

static void
test_describe (DemoFixture  *f,
               gconstpointer data)
{
  static const char * const keys[] = {
    "aggregatable", "autoNumber", "byteLength", "calculated", "calculatedFormula", "cascadeDelete",
    "caseSensitive", "compoundFieldName", "controllerName", "createable", "custom", "defaultValue",
    "defaultValueFormula", "defaultedOnCreate", "dependentPicklist", "deprecatedAndHidden", "digits",
    "displayLocationInDecimal", "encrypted", "externalId", "extraTypeInfo", "filterable",
    "filteredLookupInfo", "groupable", "highScaleNumber", "htmlFormatted", "idLookup", "inlineHelpText",
    "label", "length", "mask", "maskType", "name", "nameField", "namePointing", "nillable",
    "permissionable", "picklistValues", "precision", "queryByDistance", "referenceTargetField",
    "referenceTo", "relationshipName", "relationshipOrder", "restrictedDelete", "restrictedPicklist",
    "scale", "soapType", "sortable", "type", "unique", "updateable", "writeRequiresMasterRead",
  };
  g_auto(DemoReply) describe = demo_get (f, "/sobjects/Contact/describe/");
  g_auto(DemoReply) global = demo_get (f, "/sobjects/");
  g_auto(DemoReply) missing = demo_get (f, "/sobjects/Widget__c/describe/");
  g_autoptr(GHashTable) by_name = g_hash_table_new (g_str_hash, g_str_equal);
  const char *last_modified = soup_message_headers_get_one (describe.headers, "Last-Modified");
  JsonArray *fields;
  JsonObject *field;

  g_assert_cmpuint (describe.status, ==, 200);
  g_assert_cmpstr (json_object_get_string_member (demo_object (&describe), "keyPrefix"), ==, "003");
  fields = json_object_get_array_member (demo_object (&describe), "fields");
  for (guint i = 0; i < json_array_get_length (fields); i++)
    {
      field = json_array_get_object_element (fields, i);
      for (guint k = 0; k < G_N_ELEMENTS (keys); k++)
        g_assert_true (json_object_has_member (field, keys[k]));
      g_hash_table_insert (by_name, (char *) json_object_get_string_member (field, "name"), field);
    }

  field = g_hash_table_lookup (by_name, "Email_Domain__c");
  g_assert_true (json_object_get_boolean_member (field, "calculated"));
  g_assert_true (json_object_get_boolean_member (field, "custom"));
  g_assert_false (json_object_get_boolean_member (field, "updateable"));
  field = g_hash_table_lookup (by_name, "Level__c");
  g_assert_true (json_object_get_boolean_member (field, "restrictedPicklist"));
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (field, "picklistValues")), ==, 3);
  field = g_hash_table_lookup (by_name, "MailingAddress");
  g_assert_cmpstr (json_object_get_string_member (field, "type"), ==, "address");
  field = g_hash_table_lookup (by_name, "MailingCity");
  g_assert_cmpstr (json_object_get_string_member (field, "compoundFieldName"), ==, "MailingAddress");
  field = g_hash_table_lookup (by_name, "SystemModstamp");
  g_assert_cmpstr (json_object_get_string_member (field, "soapType"), ==, "xsd:dateTime");
  g_assert_false (json_object_get_boolean_member (field, "updateable"));
  field = g_hash_table_lookup (by_name, "AccountId");
  g_assert_cmpstr (json_object_get_string_member (field, "relationshipName"), ==, "Account");
  field = g_hash_table_lookup (by_name, "LastName");
  g_assert_cmpint (json_object_get_int_member (field, "byteLength"), ==, 240);

  /* Unchanged since the date it reported: 304 and no body. */
  {
    g_autofree char *url = g_strconcat (f->api, "/sobjects/Contact/describe/", NULL);
    g_auto(DemoReply) cached = demo_send_full (f, "GET", url, f->token, NULL, NULL,
                                               "If-Modified-Since", last_modified, NULL);

    g_assert_nonnull (last_modified);
    g_assert_cmpuint (cached.status, ==, 304);
    g_assert_cmpstr (cached.body, ==, "");
  }

  g_assert_cmpuint (global.status, ==, 200);
  g_assert_cmpint (json_object_get_int_member (demo_object (&global), "maxBatchSize"), ==, 200);
  {
    static const char * const objects[][2] = { { "Account", "001" }, { "Lead", "00Q" }, { "Opportunity", "006" } };

    for (guint i = 0; i < G_N_ELEMENTS (objects); i++)
      {
        g_autofree char *path = g_strdup_printf ("/sobjects/%s/describe", objects[i][0]);
        g_auto(DemoReply) d = demo_get (f, path);

        g_assert_cmpuint (d.status, ==, 200);
        g_assert_cmpstr (json_object_get_string_member (demo_object (&d), "keyPrefix"), ==, objects[i][1]);
        g_assert_cmpuint (json_array_get_length (json_object_get_array_member (demo_object (&d), "fields")), >=, 15);
      }
  }
  g_assert_cmpuint (missing.status, ==, 404);
  g_assert_cmpstr (demo_error_code (&missing), ==, "NOT_FOUND");
}

static void
test_composite_batch (DemoFixture  *f,
                      gconstpointer data)
{
  g_auto(DemoReply) r = demo_send_json (f, "POST", "/composite/batch",
                                        "{\"batchRequests\":["
                                        "{\"method\":\"GET\",\"url\":\"v" AUD_DEMO_ORG_API_VERSION "/sobjects/Account/describe\"},"
                                        "{\"method\":\"GET\",\"url\":\"/services/data/v" AUD_DEMO_ORG_API_VERSION "/sobjects/Lead/describe/\"},"
                                        "{\"method\":\"GET\",\"url\":\"v" AUD_DEMO_ORG_API_VERSION "/sobjects/Widget__c/describe\"}]}");
  JsonArray *results;
  GString *big = g_string_new ("{\"batchRequests\":[");

  g_assert_cmpuint (r.status, ==, 200);
  g_assert_true (json_object_get_boolean_member (demo_object (&r), "hasErrors"));
  results = json_object_get_array_member (demo_object (&r), "results");
  g_assert_cmpint (json_object_get_int_member (json_array_get_object_element (results, 0), "statusCode"), ==, 200);
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (json_array_get_object_element (results, 1), "result"),
                                                  "keyPrefix"), ==, "00Q");
  g_assert_cmpint (json_object_get_int_member (json_array_get_object_element (results, 2), "statusCode"), ==, 404);

  for (int i = 0; i < 26; i++)
    g_string_append_printf (big, "%s{\"method\":\"GET\",\"url\":\"v%s/limits\"}", i ? "," : "", AUD_DEMO_ORG_API_VERSION);
  g_string_append (big, "]}");
  {
    g_auto(DemoReply) too_many = demo_send_json (f, "POST", "/composite/batch", big->str);

    g_assert_cmpuint (too_many.status, ==, 400);
  }
  g_string_free (big, TRUE);
}

static void
test_wide_describe (void)
{
  DemoFixture fixture = { 0 }, *f = &fixture;
  g_auto(DemoReply) describe = { 0 };
  g_auto(DemoReply) q = { 0 };

  demo_fixture_start (f, g_object_new (AUD_TYPE_DEMO_ORG, "contacts", 20, "accounts", 5, "leads", 0,
                                       "opportunities", 0, "extra-custom-fields", 760, NULL));
  describe = demo_get (f, "/sobjects/Contact/describe");
  g_assert_cmpuint (describe.status, ==, 200);
  /* Real orgs reach 800 fields on Contact. */
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (demo_object (&describe), "fields")), >=, 800);
  q = demo_query (f, "/query", "SELECT Id, Custom_Field_760__c FROM Contact", NULL);
  g_assert_cmpuint (q.status, ==, 200);
  g_assert_cmpint (json_object_get_int_member (demo_object (&q), "totalSize"), ==, 20);
  demo_fixture_stop (f);
}

static void
test_paging (void)
{
  DemoFixture fixture = { 0 }, *f = &fixture;
  static const struct { const char *batch; gint64 page; } cases[] = {
    { "200", 200 }, { "777", 777 }, { "2000", 2000 }, { NULL, 2000 }, { "50", 200 }, { "100000", 2000 },
  };

  demo_fixture_start (f, g_object_new (AUD_TYPE_DEMO_ORG, "contacts", 4100, "accounts", 50, "leads", 0,
                                       "opportunities", 0, NULL));
  for (guint c = 0; c < G_N_ELEMENTS (cases); c++)
    {
      gint64 total = 0;
      g_autoptr(GPtrArray) ids = demo_query_all_pages (f, "/query", "SELECT Id, LastName FROM Contact ORDER BY SystemModstamp, Id",
                                                  cases[c].batch, cases[c].page, &total);
      g_autoptr(GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);

      /* Every row exactly once. */
      g_assert_cmpint (total, ==, 4100);
      g_assert_cmpuint (ids->len, ==, 4100);
      for (guint i = 0; i < ids->len; i++)
        g_assert_true (g_hash_table_add (seen, ids->pdata[i]));
    }
  demo_fixture_stop (f);
}

static DemoReply
capped_query (DemoFixture *f,
              const char  *soql)
{
  /* The small org fits in one 200-row page; a page cap makes it span two. */
  aud_demo_org_set_fault (f->org, AUD_DEMO_ORG_FAULT_PAGE_SIZE_CAP, 100);
  return demo_query (f, "/query", soql, "200");
}

static void
test_snapshot_and_locators (DemoFixture  *f,
                            gconstpointer data)
{
  g_auto(DemoReply) first = capped_query (f, "SELECT Id FROM Contact ORDER BY Id");
  g_autofree char *next = g_strdup (json_object_get_string_member (demo_object (&first), "nextRecordsUrl"));
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) deleted = NULL;
  g_auto(GStrv) created = NULL;

  g_assert_nonnull (next);
  /* The org changes between pages; the cursor's result doesn't. */
  deleted = aud_demo_org_mutate (f->org, "Contact", AUD_DEMO_ORG_MUTATE_DELETE, 20, FALSE, &error);
  g_assert_no_error (error);
  created = aud_demo_org_mutate (f->org, "Contact", AUD_DEMO_ORG_MUTATE_CREATE, 5, FALSE, &error);
  g_assert_no_error (error);

  {
    g_auto(DemoReply) second = demo_next_page (f, next, "200");
    g_auto(DemoReply) again = demo_next_page (f, next, "200");
    JsonObject *o = demo_object (&second);

    g_assert_cmpint (json_object_get_int_member (o, "totalSize"), ==, 150);
    g_assert_cmpuint (json_array_get_length (json_object_get_array_member (o, "records")), ==, 50);
    g_assert_true (json_object_get_boolean_member (o, "done"));
    /* Pages can be fetched again after a lost answer. */
    g_assert_cmpstr (second.body, ==, again.body);
  }

  aud_demo_org_expire_query_locators (f->org);
  {
    g_auto(DemoReply) expired = demo_next_page (f, next, NULL);

    g_assert_cmpuint (expired.status, ==, 400);
    g_assert_cmpstr (demo_error_code (&expired), ==, "INVALID_QUERY_LOCATOR");
  }
  {
    g_auto(DemoReply) live = demo_query (f, "/query", "SELECT COUNT() FROM Contact", NULL);
    g_auto(DemoReply) all = demo_query (f, "/queryAll", "SELECT COUNT() FROM Contact", NULL);

    g_assert_cmpint (json_object_get_int_member (demo_object (&live), "totalSize"), ==, 135);
    g_assert_cmpint (json_object_get_int_member (demo_object (&all), "totalSize"), ==, 155);
  }
}

static void
test_cursor_eviction (DemoFixture  *f,
                      gconstpointer data)
{
  g_auto(DemoReply) in_progress = capped_query (f, "SELECT Id FROM Contact ORDER BY Id");
  g_auto(DemoReply) finished = capped_query (f, "SELECT Id, Email FROM Contact ORDER BY Id");
  g_autofree char *open_next = g_strdup (json_object_get_string_member (demo_object (&in_progress), "nextRecordsUrl"));
  g_autofree char *done_next = g_strdup (json_object_get_string_member (demo_object (&finished), "nextRecordsUrl"));

  {
    g_auto(DemoReply) last = demo_next_page (f, done_next, "200");

    g_assert_true (json_object_get_boolean_member (demo_object (&last), "done"));
  }
  /* A sync that finished many scans must not fill the disk with their snapshots… */
  for (int i = 0; i < 8; i++)
    {
      g_auto(DemoReply) leads = capped_query (f, "SELECT Id FROM Lead ORDER BY Id");

      g_assert_true (json_object_get_boolean_member (demo_object (&leads), "done"));
    }
  {
    g_auto(DemoReply) evicted = demo_next_page (f, done_next, "200");
    g_auto(DemoReply) still_open = demo_next_page (f, open_next, "200");

    g_assert_cmpstr (demo_error_code (&evicted), ==, "INVALID_QUERY_LOCATOR");
    /* …while a scan still in progress keeps its cursor. */
    g_assert_cmpuint (still_open.status, ==, 200);
    g_assert_cmpuint (json_array_get_length (json_object_get_array_member (demo_object (&still_open), "records")), ==, 50);
  }
}

static void
test_record_shapes (DemoFixture  *f,
                    gconstpointer data)
{
  g_auto(DemoReply) r = demo_query (f, "/query", "SELECT Id, FirstName, Account.Name, Account.Owner.Name, MailingAddress, "
                                            "SystemModstamp, HasOptedOutOfEmail, MailingLatitude FROM Contact", NULL);
  JsonArray *records;
  gboolean saw_null_account = FALSE, saw_account = FALSE;
  g_autoptr(GRegex) datetime = g_regex_new ("^\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.000\\+0000$", 0, 0, NULL);

  g_assert_cmpuint (r.status, ==, 200);
  g_assert_cmpstr (soup_message_headers_get_content_type (r.headers, NULL), ==, "application/json");
  records = json_object_get_array_member (demo_object (&r), "records");
  g_assert_cmpuint (json_array_get_length (records), ==, 150);
  for (guint i = 0; i < json_array_get_length (records); i++)
    {
      JsonObject *rec = json_array_get_object_element (records, i);
      JsonNode *account = json_object_get_member (rec, "Account");
      JsonObject *address = json_object_get_object_member (rec, "MailingAddress");

      g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (rec, "attributes"), "type"), ==, "Contact");
      g_assert_true (g_regex_match (datetime, json_object_get_string_member (rec, "SystemModstamp"), 0, NULL));
      g_assert_cmpint (json_node_get_value_type (json_object_get_member (rec, "HasOptedOutOfEmail")), ==, G_TYPE_BOOLEAN);
      g_assert_cmpint (json_node_get_value_type (json_object_get_member (rec, "MailingLatitude")), ==, G_TYPE_DOUBLE);
      g_assert_nonnull (json_object_get_string_member (address, "city"));
      g_assert_true (json_object_has_member (address, "postalCode"));

      g_assert_nonnull (account);
      if (JSON_NODE_HOLDS_NULL (account))
        saw_null_account = TRUE;
      else
        {
          JsonObject *a = json_node_get_object (account);
          JsonObject *owner = json_object_get_object_member (a, "Owner");

          saw_account = TRUE;
          g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (a, "attributes"), "type"), ==, "Account");
          g_assert_nonnull (json_object_get_string_member (a, "Name"));
          g_assert_cmpstr (json_object_get_string_member (owner, "Name"), ==, "Demo User");
        }
    }
  g_assert_true (saw_null_account);
  g_assert_true (saw_account);
}

static void
test_query_errors (DemoFixture  *f,
                   gconstpointer data)
{
  g_auto(DemoReply) malformed = demo_query (f, "/query", "SELECT Id FROM", NULL);
  g_auto(DemoReply) field = demo_query (f, "/query", "SELECT Id, Nope__c FROM Contact", NULL);
  g_auto(DemoReply) type = demo_query (f, "/query", "SELECT Id FROM Widget__c", NULL);
  g_autofree char *plus_url = g_strdup_printf ("%s/query?q=SELECT+Id+FROM+Contact+WHERE+SystemModstamp+>+2024-01-01T00:00:00+00:00",
                                               f->api);
  g_auto(DemoReply) plus = demo_send_full (f, "GET", plus_url, f->token, NULL, NULL, NULL);

  g_assert_cmpuint (malformed.status, ==, 400);
  g_assert_cmpstr (demo_error_code (&malformed), ==, "MALFORMED_QUERY");
  g_assert_cmpuint (field.status, ==, 400);
  g_assert_cmpstr (demo_error_code (&field), ==, "INVALID_FIELD");
  g_assert_cmpstr (demo_error_code (&type), ==, "INVALID_TYPE");
  /* An unencoded '+' in the offset arrives as a space and breaks the literal, as in real life. */
  g_assert_cmpuint (plus.status, ==, 400);
}

static char *
now_literal (void)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();

  return g_date_time_format (now, "%Y-%m-%dT%H:%M:%SZ");
}

static void
test_incremental (DemoFixture  *f,
                  gconstpointer data)
{
  g_autofree char *t0 = now_literal ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GHashTable) expected = g_hash_table_new (g_str_hash, g_str_equal);
  g_auto(GStrv) updated = aud_demo_org_mutate (f->org, "Contact", AUD_DEMO_ORG_MUTATE_UPDATE, 6, TRUE, &error);
  g_auto(GStrv) deleted = aud_demo_org_mutate (f->org, "Contact", AUD_DEMO_ORG_MUTATE_DELETE, 3, FALSE, &error);
  g_auto(GStrv) created = aud_demo_org_mutate (f->org, "Contact", AUD_DEMO_ORG_MUTATE_CREATE, 2, FALSE, &error);
  g_auto(GStrv) touched = aud_demo_org_mutate (f->org, "Contact", AUD_DEMO_ORG_MUTATE_TOUCH, 2, FALSE, &error);
  g_autofree char *soql = g_strdup_printf ("SELECT Id, IsDeleted, SystemModstamp, LastModifiedDate FROM Contact "
                                           "WHERE SystemModstamp >= %s ORDER BY SystemModstamp, Id", t0);
  g_auto(DemoReply) all = demo_query (f, "/queryAll", soql, NULL);
  g_auto(DemoReply) live = demo_query (f, "/query", soql, NULL);
  JsonArray *records;
  const char *shared_stamp = NULL;

  g_assert_no_error (error);
  for (GStrv *set = (GStrv[]) { updated, deleted, created, touched, NULL }; *set; set++)
    for (guint i = 0; (*set)[i]; i++)
      g_hash_table_add (expected, (*set)[i]);
  g_assert_cmpuint (g_hash_table_size (expected), ==, 13);

  /* Exactly the changed rows, deleted ones included with IsDeleted = true. */
  records = json_object_get_array_member (demo_object (&all), "records");
  g_assert_cmpuint (json_array_get_length (records), ==, 13);
  for (guint i = 0; i < json_array_get_length (records); i++)
    {
      JsonObject *r = json_array_get_object_element (records, i);
      const char *id = json_object_get_string_member (r, "Id");

      g_assert_true (g_hash_table_contains (expected, id));
      g_assert_cmpint (json_object_get_boolean_member (r, "IsDeleted"), ==, g_strv_contains ((const char * const *) deleted, id));
      if (g_strv_contains ((const char * const *) updated, id))
        {
          if (shared_stamp == NULL)
            shared_stamp = json_object_get_string_member (r, "SystemModstamp");
          g_assert_cmpstr (json_object_get_string_member (r, "SystemModstamp"), ==, shared_stamp);
        }
      /* A system-only touch moves SystemModstamp and leaves LastModifiedDate in the past. */
      if (g_strv_contains ((const char * const *) touched, id))
        g_assert_cmpstr (json_object_get_string_member (r, "LastModifiedDate"), <, json_object_get_string_member (r, "SystemModstamp"));
    }
  g_assert_cmpint (json_object_get_int_member (demo_object (&live), "totalSize"), ==, 10);
}

static void
test_replication (DemoFixture  *f,
                  gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) deleted = aud_demo_org_mutate (f->org, "Account", AUD_DEMO_ORG_MUTATE_DELETE, 2, FALSE, &error);
  g_auto(GStrv) purged = aud_demo_org_mutate (f->org, "Account", AUD_DEMO_ORG_MUTATE_PURGE, 1, FALSE, &error);
  g_auto(GStrv) updated = aud_demo_org_mutate (f->org, "Account", AUD_DEMO_ORG_MUTATE_UPDATE, 3, FALSE, &error);
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autoptr(GDateTime) hour_ago = g_date_time_add_hours (now, -1);
  g_autoptr(GDateTime) later = g_date_time_add_minutes (now, 2);
  g_autoptr(GDateTime) long_ago = g_date_time_add_days (now, -20);
  g_autofree char *start = g_date_time_format (hour_ago, "%Y-%m-%dT%H:%M:%S%%2B00:00");
  g_autofree char *end = g_date_time_format (later, "%Y-%m-%dT%H:%M:%S%%2B00:00");
  g_autofree char *old = g_date_time_format (long_ago, "%Y-%m-%dT%H:%M:%SZ");
  g_autofree char *del_path = g_strdup_printf ("/sobjects/Account/deleted/?start=%s&end=%s", start, end);
  g_autofree char *upd_path = g_strdup_printf ("/sobjects/Account/updated/?start=%s&end=%s", start, end);
  g_autofree char *reversed = g_strdup_printf ("/sobjects/Account/deleted/?start=%s&end=%s", end, start);
  g_autofree char *too_old = g_strdup_printf ("/sobjects/Account/deleted/?start=%s&end=%s", old, end);
  g_auto(DemoReply) del = demo_get (f, del_path);
  g_auto(DemoReply) upd = demo_get (f, upd_path);
  g_auto(DemoReply) bad = demo_get (f, reversed);
  g_auto(DemoReply) stale = demo_get (f, too_old);
  JsonArray *records;

  g_assert_no_error (error);
  g_assert_cmpuint (del.status, ==, 200);
  records = json_object_get_array_member (demo_object (&del), "deletedRecords");
  /* Soft and hard deletes both appear in getDeleted. */
  g_assert_cmpuint (json_array_get_length (records), ==, 3);
  g_assert_true (json_object_has_member (json_array_get_object_element (records, 0), "deletedDate"));
  g_assert_true (json_object_has_member (demo_object (&del), "earliestDateAvailable"));
  g_assert_true (json_object_has_member (demo_object (&del), "latestDateCovered"));

  g_assert_cmpuint (upd.status, ==, 200);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (demo_object (&upd), "ids")), ==, 3);

  g_assert_cmpstr (demo_error_code (&bad), ==, "INVALID_REPLICATION_DATE");
  g_assert_cmpstr (demo_error_code (&stale), ==, "INVALID_REPLICATION_DATE");
  {
    g_auto(DemoReply) all = demo_query (f, "/queryAll", "SELECT COUNT() FROM Account", NULL);

    g_assert_cmpint (json_object_get_int_member (demo_object (&all), "totalSize"), ==, 39);
  }
}
static void
test_control_and_determinism (void)
{
  g_autoptr(AudDemoOrg) a = g_object_new (AUD_TYPE_DEMO_ORG, "seed", (guint64) 99, "contacts", 300, "accounts", 60,
                                          "duplicate-percent", 20, NULL);
  g_autoptr(AudDemoOrg) b = g_object_new (AUD_TYPE_DEMO_ORG, "seed", (guint64) 99, "contacts", 300, "accounts", 60,
                                          "duplicate-percent", 20, NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) rows_a = NULL;
  g_autoptr(JsonNode) rows_b = NULL;
  g_autoptr(GHashTable) truth = NULL;
  g_autofree char *text_a = NULL;
  g_autofree char *text_b = NULL;
  g_autoptr(GHashTable) stamps = g_hash_table_new (g_str_hash, g_str_equal);
  guint max_same = 0;
  JsonArray *array;

  g_assert_true (aud_demo_org_start (a, &error));
  g_assert_true (aud_demo_org_start (b, &error));
  rows_a = aud_demo_org_dup_rows (a, "Contact", &error);
  rows_b = aud_demo_org_dup_rows (b, "Contact", &error);
  g_assert_no_error (error);
  text_a = json_to_string (rows_a, FALSE);
  text_b = json_to_string (rows_b, FALSE);
  g_assert_cmpstr (text_a, ==, text_b);

  /* Many rows share one SystemModstamp, so page-boundary bugs show. */
  array = json_node_get_array (rows_a);
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      const char *stamp = json_object_get_string_member (json_array_get_object_element (array, i), "SystemModstamp");
      guint n = GPOINTER_TO_UINT (g_hash_table_lookup (stamps, stamp)) + 1;

      g_hash_table_insert (stamps, (char *) stamp, GUINT_TO_POINTER (n));
      max_same = MAX (max_same, n);
    }
  g_assert_cmpuint (max_same, >=, 20);

  /* Duplicates come with their ground truth: clusters of at least two. */
  truth = aud_demo_org_dup_ground_truth (a, "Contact", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_hash_table_size (truth), >=, 300 * 20 / 100);
  {
    g_autoptr(GHashTable) sizes = g_hash_table_new (g_str_hash, g_str_equal);
    GHashTableIter iter;
    gpointer key, value;

    g_hash_table_iter_init (&iter, truth);
    while (g_hash_table_iter_next (&iter, &key, &value))
      g_hash_table_insert (sizes, value, GUINT_TO_POINTER (GPOINTER_TO_UINT (g_hash_table_lookup (sizes, value)) + 1));
    g_hash_table_iter_init (&iter, sizes);
    while (g_hash_table_iter_next (&iter, &key, &value))
      g_assert_cmpuint (GPOINTER_TO_UINT (value), >=, 2);
  }

  aud_demo_org_stop (a);
  aud_demo_org_stop (b);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, fn) g_test_add ("/demo-org/rest/" path, DemoFixture, NULL, setup, fn, teardown)
  ADD ("describe", test_describe);
  ADD ("composite-batch", test_composite_batch);
  ADD ("snapshot-and-locators", test_snapshot_and_locators);
  ADD ("cursor-eviction", test_cursor_eviction);
  ADD ("record-shapes", test_record_shapes);
  ADD ("query-errors", test_query_errors);
  ADD ("incremental", test_incremental);
  ADD ("replication", test_replication);
#undef ADD
  g_test_add_func ("/demo-org/rest/wide-describe", test_wide_describe);
  g_test_add_func ("/demo-org/rest/paging", test_paging);
  g_test_add_func ("/demo-org/rest/control-and-determinism", test_control_and_determinism);

  return g_test_run ();
}
