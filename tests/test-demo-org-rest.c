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

static DemoReply
query (DemoFixture *f,
       const char  *resource,      /* "/query" or "/queryAll" */
       const char  *soql,
       const char  *batch)
{
  g_autofree char *q = g_uri_escape_string (soql, NULL, FALSE);
  g_autofree char *url = g_strdup_printf ("%s%s?q=%s", f->api, resource, q);
  g_autofree char *options = batch ? g_strdup_printf ("batchSize=%s", batch) : NULL;

  if (options)
    return demo_send_full (f, "GET", url, f->token, NULL, NULL, "Sforce-Query-Options", options, NULL);
  return demo_send_full (f, "GET", url, f->token, NULL, NULL, NULL);
}

static DemoReply
next_page (DemoFixture *f,
           const char  *next,
           const char  *batch)
{
  g_autofree char *url = g_strconcat (aud_demo_org_get_instance_url (f->org), next, NULL);
  g_autofree char *options = batch ? g_strdup_printf ("batchSize=%s", batch) : NULL;

  return demo_send_full (f, "GET", url, f->token, NULL, NULL, options ? "Sforce-Query-Options" : NULL, options, NULL);
}

/* Follows nextRecordsUrl to the end; returns every record's Id in order, checks page sizes. */
static GPtrArray *
query_all_pages (DemoFixture *f,
                 const char  *resource,
                 const char  *soql,
                 const char  *batch,
                 gint64       max_page,
                 gint64      *total_out)
{
  GPtrArray *ids = g_ptr_array_new_with_free_func (g_free);
  g_auto(DemoReply) page = query (f, resource, soql, batch);
  g_autofree char *next = NULL;

  for (;;)
    {
      JsonObject *o;
      JsonArray *records;

      g_assert_cmpuint (page.status, ==, 200);
      o = demo_object (&page);
      records = json_object_get_array_member (o, "records");
      g_assert_cmpint (json_array_get_length (records), <=, max_page);
      *total_out = json_object_get_int_member (o, "totalSize");
      for (guint i = 0; i < json_array_get_length (records); i++)
        {
          JsonObject *r = json_array_get_object_element (records, i);
          JsonObject *attributes = json_object_get_object_member (r, "attributes");
          g_autofree char *url_suffix = g_strdup_printf ("/%s", json_object_get_string_member (r, "Id"));

          g_assert_true (g_str_has_suffix (json_object_get_string_member (attributes, "url"), url_suffix));
          g_ptr_array_add (ids, g_strdup (json_object_get_string_member (r, "Id")));
        }
      if (json_object_get_boolean_member (o, "done"))
        {
          g_assert_false (json_object_has_member (o, "nextRecordsUrl"));
          break;
        }
      /* A page that isn't the last one is full (unless a fault caps it). */
      g_assert_cmpint (json_array_get_length (records), ==, max_page);
      g_free (next);
      next = g_strdup (json_object_get_string_member (o, "nextRecordsUrl"));
      g_assert_true (g_str_has_prefix (next, "/services/data/v" AUD_DEMO_ORG_API_VERSION "/query/01g"));
      demo_reply_clear (&page);
      page = next_page (f, next, batch);
    }
  return ids;
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
  q = query (f, "/query", "SELECT Id, Custom_Field_760__c FROM Contact", NULL);
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
      g_autoptr(GPtrArray) ids = query_all_pages (f, "/query", "SELECT Id, LastName FROM Contact ORDER BY SystemModstamp, Id",
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
  return query (f, "/query", soql, "200");
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
    g_auto(DemoReply) second = next_page (f, next, "200");
    g_auto(DemoReply) again = next_page (f, next, "200");
    JsonObject *o = demo_object (&second);

    g_assert_cmpint (json_object_get_int_member (o, "totalSize"), ==, 150);
    g_assert_cmpuint (json_array_get_length (json_object_get_array_member (o, "records")), ==, 50);
    g_assert_true (json_object_get_boolean_member (o, "done"));
    /* Pages can be fetched again after a lost answer. */
    g_assert_cmpstr (second.body, ==, again.body);
  }

  aud_demo_org_expire_query_locators (f->org);
  {
    g_auto(DemoReply) expired = next_page (f, next, NULL);

    g_assert_cmpuint (expired.status, ==, 400);
    g_assert_cmpstr (demo_error_code (&expired), ==, "INVALID_QUERY_LOCATOR");
  }
  {
    g_auto(DemoReply) live = query (f, "/query", "SELECT COUNT() FROM Contact", NULL);
    g_auto(DemoReply) all = query (f, "/queryAll", "SELECT COUNT() FROM Contact", NULL);

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
    g_auto(DemoReply) last = next_page (f, done_next, "200");

    g_assert_true (json_object_get_boolean_member (demo_object (&last), "done"));
  }
  /* A sync that finished many scans must not fill the disk with their snapshots… */
  for (int i = 0; i < 8; i++)
    {
      g_auto(DemoReply) leads = capped_query (f, "SELECT Id FROM Lead ORDER BY Id");

      g_assert_true (json_object_get_boolean_member (demo_object (&leads), "done"));
    }
  {
    g_auto(DemoReply) evicted = next_page (f, done_next, "200");
    g_auto(DemoReply) still_open = next_page (f, open_next, "200");

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
  g_auto(DemoReply) r = query (f, "/query", "SELECT Id, FirstName, Account.Name, Account.Owner.Name, MailingAddress, "
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
  g_auto(DemoReply) malformed = query (f, "/query", "SELECT Id FROM", NULL);
  g_auto(DemoReply) field = query (f, "/query", "SELECT Id, Nope__c FROM Contact", NULL);
  g_auto(DemoReply) type = query (f, "/query", "SELECT Id FROM Widget__c", NULL);
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
  g_auto(DemoReply) all = query (f, "/queryAll", soql, NULL);
  g_auto(DemoReply) live = query (f, "/query", soql, NULL);
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
    g_auto(DemoReply) all = query (f, "/queryAll", "SELECT COUNT() FROM Account", NULL);

    g_assert_cmpint (json_object_get_int_member (demo_object (&all), "totalSize"), ==, 39);
  }
}

static const char *
first_contact (DemoFixture *f,
               char       **out)
{
  g_auto(DemoReply) r = query (f, "/query", "SELECT Id FROM Contact WHERE IsDeleted = false ORDER BY Id LIMIT 1", NULL);

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
  g_auto(DemoReply) ids = query (f, "/query", "SELECT Id FROM Contact ORDER BY Id LIMIT 2", NULL);
  JsonArray *records = json_object_get_array_member (demo_object (&ids), "records");
  g_autofree char *a = g_strdup (json_object_get_string_member (json_array_get_object_element (records, 0), "Id"));
  g_autofree char *b = g_strdup (json_object_get_string_member (json_array_get_object_element (records, 1), "Id"));
  g_autofree char *body_all = collection_body (a, b, TRUE);
  g_autofree char *body = collection_body (a, b, FALSE);
  g_auto(DemoReply) rolled = demo_send_json (f, "PATCH", "/composite/sobjects", body_all);
  g_autofree char *check = g_strdup_printf ("SELECT Department FROM Contact WHERE Id = '%s'", a);
  g_auto(DemoReply) after_rollback = query (f, "/query", check, NULL);
  g_auto(DemoReply) partial = demo_send_json (f, "PATCH", "/composite/sobjects", body);
  g_auto(DemoReply) after = query (f, "/query", check, NULL);
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
    g_auto(DemoReply) timeout = query (f, "/query", "SELECT Id FROM Contact", NULL);
    g_auto(DemoReply) fine = query (f, "/query", "SELECT Id FROM Contact", NULL);

    g_assert_cmpstr (demo_error_code (&timeout), ==, "QUERY_TIMEOUT");
    g_assert_cmpuint (fine.status, ==, 200);
  }

  aud_demo_org_set_fault (f->org, AUD_DEMO_ORG_FAULT_PAGE_SIZE_CAP, 60);
  {
    gint64 total = 0;
    g_autoptr(GPtrArray) ids = query_all_pages (f, "/query", "SELECT Id FROM Contact", "2000", 60, &total);

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
  ADD ("single-writes", test_single_writes);
  ADD ("escaping-round-trip", test_escaping_round_trip);
  ADD ("deleted-write", test_deleted_write);
  ADD ("collections", test_collections);
  ADD ("faults", test_faults);
#undef ADD
  g_test_add_func ("/demo-org/rest/wide-describe", test_wide_describe);
  g_test_add_func ("/demo-org/rest/paging", test_paging);
  g_test_add_func ("/demo-org/rest/control-and-determinism", test_control_and_determinism);

  return g_test_run ();
}
