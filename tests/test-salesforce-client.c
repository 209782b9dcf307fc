/* test-salesforce-client.c — the REST client against the demo org: Salesforce errors mapped to
 * decisions, retries on 5xx and dropped connections, API usage, refresh on an expired token
 *
 * Needs no keyring: the tokens are minted by the demo org and held in memory.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "aud-demo-org.h"
#include "aud-oauth-flow.h"
#include "aud-salesforce-client.h"
#include "aud-test-bus.h"

typedef struct
{
  AudDemoOrg          *demo;
  AudCredentials      *credentials;
  AudSalesforceClient *client;
} Fixture;

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *access = NULL;
  g_autofree char *refresh = NULL;

  f->demo = aud_demo_org_new ();
  g_object_set (f->demo, "accounts", 5, "contacts", 30, "leads", 0, "opportunities", 0,
                "duplicate-percent", 0, NULL);
  g_assert_true (aud_demo_org_start_in_thread (f->demo, &error));
  g_assert_no_error (error);

  aud_test_wait_until_serving (aud_demo_org_get_instance_url (f->demo));
  aud_demo_org_mint_tokens (f->demo, &access, &refresh);
  f->credentials = aud_credentials_new (aud_demo_org_get_login_url (f->demo), AUD_DEMO_ORG_CLIENT_ID,
                                        aud_demo_org_get_org_id (f->demo), aud_demo_org_get_user_id (f->demo),
                                        AUD_DEMO_ORG_USERNAME);
  aud_credentials_set_tokens (f->credentials, access, refresh);
  f->client = aud_salesforce_client_new (f->credentials, aud_demo_org_get_instance_url (f->demo),
                                         AUD_DEMO_ORG_API_VERSION);
  /* Short back-off so retries take milliseconds, not seconds. */
  aud_salesforce_client_set_retry_policy (f->client, 4, 5);
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  g_clear_object (&f->client);
  g_clear_object (&f->credentials);
  aud_demo_org_stop (f->demo);
  g_clear_object (&f->demo);
}

static char *
query_path (const char *soql)
{
  g_autofree char *escaped = g_uri_escape_string (soql, NULL, FALSE);

  return g_strconcat ("query?q=", escaped, NULL);
}

static void
test_limit_info (void)
{
  const struct { const char *header; gboolean ok; gint64 used, max; } cases[] = {
    { "api-usage=18/5000", TRUE, 18, 5000 },
    { "api-usage=18/5000; per-app-api-usage=17/250(appName=sample-connected-app)", TRUE, 18, 5000 },
    { "per-app-api-usage=17/250(appName=x); api-usage=40/15000", TRUE, 40, 15000 },
    { "per-app-api-usage=17/250(appName=x)", FALSE, 0, 0 },
    { "api-usage=abc/5000", FALSE, 0, 0 },
    { "api-usage=5/0", FALSE, 0, 0 },
    { "", FALSE, 0, 0 },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      gint64 used = 0, max = 0;

      g_assert_cmpint (aud_parse_limit_info (cases[i].header, &used, &max), ==, cases[i].ok);
      if (cases[i].ok)
        {
          g_assert_cmpint (used, ==, cases[i].used);
          g_assert_cmpint (max, ==, cases[i].max);
        }
    }
  g_assert_false (aud_parse_limit_info (NULL, NULL, NULL));
}

static void
test_resolve_url (Fixture       *f,
                  gconstpointer  data)
{
  const char *base = aud_demo_org_get_instance_url (f->demo);
  g_autofree char *relative = aud_salesforce_client_resolve_url (f->client, "limits/");
  g_autofree char *next = aud_salesforce_client_resolve_url (f->client, "/services/data/v62.0/query/01gX-2000");
  g_autofree char *absolute = aud_salesforce_client_resolve_url (f->client, "https://example.my.salesforce.com/x");
  g_autofree char *want_relative = g_strconcat (base, "/services/data/v62.0/limits/", NULL);
  g_autofree char *want_next = g_strconcat (base, "/services/data/v62.0/query/01gX-2000", NULL);

  g_assert_cmpstr (relative, ==, want_relative);
  g_assert_cmpstr (next, ==, want_next);
  g_assert_cmpstr (absolute, ==, "https://example.my.salesforce.com/x");
}

static void
test_query_and_usage (Fixture       *f,
                      gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = query_path ("SELECT Id, Email FROM Contact");
  const char * const headers[] = { "Sforce-Query-Options", "batchSize=200", NULL };
  g_autoptr(JsonNode) page = NULL;
  gint64 used = 0, max = 0;
  JsonObject *obj;

  page = aud_salesforce_client_get_json (f->client, path, headers, NULL, &error);
  g_assert_no_error (error);
  obj = json_node_get_object (page);
  g_assert_cmpint (json_object_get_int_member (obj, "totalSize"), ==, 30);
  g_assert_true (json_object_get_boolean_member (obj, "done"));

  g_assert_true (aud_salesforce_client_get_api_usage (f->client, &used, &max));
  g_assert_cmpint (used, ==, aud_demo_org_get_api_used (f->demo));
  g_assert_cmpint (max, ==, aud_demo_org_get_api_max (f->demo));
  g_assert_null (aud_salesforce_client_get_last_error_code (f->client));
}

static void
assert_fails_with (Fixture    *f,
                   const char *path,
                   int         code,
                   const char *sf_code)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) node = aud_salesforce_client_get_json (f->client, path, NULL, NULL, &error);

  g_assert_null (node);
  g_assert_error (error, AUD_CRM_ERROR, code);
  g_assert_cmpstr (aud_salesforce_client_get_last_error_code (f->client), ==, sf_code);
  /* Messages are for people: never empty, never a bare code. */
  g_assert_cmpuint (strlen (error->message), >, strlen (sf_code) + 10);
}

static void
test_errors_map_to_decisions (Fixture       *f,
                              gconstpointer  data)
{
  g_autofree char *malformed = query_path ("SELEC Id FROM Contact");
  g_autofree char *bad_field = query_path ("SELECT Id, NoSuchField__c FROM Contact");

  assert_fails_with (f, malformed, AUD_CRM_ERROR_MALFORMED_QUERY, "MALFORMED_QUERY");
  assert_fails_with (f, bad_field, AUD_CRM_ERROR_INVALID_FIELD, "INVALID_FIELD");
  assert_fails_with (f, "sobjects/NoSuchObject__c/describe/", AUD_CRM_ERROR_NOT_FOUND, "NOT_FOUND");
}

static void
test_expired_query_locator (Fixture       *f,
                            gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = query_path ("SELECT Id FROM Contact");
  const char * const headers[] = { "Sforce-Query-Options", "batchSize=200", NULL };
  g_autoptr(JsonNode) page = NULL;
  const char *next;

  aud_demo_org_set_fault (f->demo, AUD_DEMO_ORG_FAULT_PAGE_SIZE_CAP, 10);
  page = aud_salesforce_client_get_json (f->client, path, headers, NULL, &error);
  g_assert_no_error (error);
  next = json_object_get_string_member_with_default (json_node_get_object (page), "nextRecordsUrl", NULL);
  g_assert_nonnull (next);

  aud_demo_org_expire_query_locators (f->demo);
  assert_fails_with (f, next, AUD_CRM_ERROR_INVALID_QUERY_LOCATOR, "INVALID_QUERY_LOCATOR");
}

static gint64
total_calls (Fixture *f)
{
  g_autoptr(JsonNode) stats = aud_demo_org_dup_stats (f->demo);

  return json_object_get_int_member (json_node_get_object (stats), "totalApiCalls");
}

static void
test_retries_transient_failures (Fixture       *f,
                                 gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  gint64 before;

  /* Every second call answers 503, then every second call drops the connection: each request
   * still succeeds, by retrying. */
  aud_demo_org_set_fault (f->demo, AUD_DEMO_ORG_FAULT_UNAVAILABLE_EVERY, 2);
  for (guint i = 0; i < 4; i++)
    {
      g_autoptr(JsonNode) node = aud_salesforce_client_get_json (f->client, "limits/", NULL, NULL, &error);
      g_assert_no_error (error);
      g_assert_nonnull (node);
    }
  g_assert_cmpuint (aud_salesforce_client_get_request_count (f->client), >, 4);

  /* Dropped connections: libsoup itself resends some on a fresh connection, the client the
   * rest; the org sees more calls than the four that succeeded. */
  aud_demo_org_clear_faults (f->demo);
  aud_demo_org_set_fault (f->demo, AUD_DEMO_ORG_FAULT_DROP_EVERY, 2);
  before = total_calls (f);
  for (guint i = 0; i < 4; i++)
    {
      g_autoptr(JsonNode) node = aud_salesforce_client_get_json (f->client, "limits/", NULL, NULL, &error);
      g_assert_no_error (error);
    }
  g_assert_cmpint (total_calls (f) - before, >, 4);
}

static void
test_gives_up_after_retries (Fixture       *f,
                             gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) node = NULL;

  aud_demo_org_set_fault (f->demo, AUD_DEMO_ORG_FAULT_UNAVAILABLE_EVERY, 1);
  node = aud_salesforce_client_get_json (f->client, "limits/", NULL, NULL, &error);
  g_assert_null (node);
  g_assert_error (error, AUD_CRM_ERROR, AUD_CRM_ERROR_UNAVAILABLE);
  g_assert_cmpuint (aud_salesforce_client_get_request_count (f->client), ==, 4);
  g_clear_error (&error);

  aud_demo_org_clear_faults (f->demo);
  aud_demo_org_set_fault (f->demo, AUD_DEMO_ORG_FAULT_DROP_EVERY, 1);
  g_clear_pointer (&node, json_node_unref);
  node = aud_salesforce_client_get_json (f->client, "limits/", NULL, NULL, &error);
  g_assert_error (error, AUD_CRM_ERROR, AUD_CRM_ERROR_NETWORK);
  g_assert_cmpuint (aud_salesforce_client_get_request_count (f->client), ==, 8);
}

static void
test_api_limit (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) node = NULL;
  gint64 used = 0, max = 0;

  aud_demo_org_set_api_usage (f->demo, 99, 100);
  node = aud_salesforce_client_get_json (f->client, "limits/", NULL, NULL, &error);
  g_assert_no_error (error);
  g_clear_pointer (&node, json_node_unref);

  /* Used up: a decision (wait for quota), not retried, not a reconnect. */
  node = aud_salesforce_client_get_json (f->client, "limits/", NULL, NULL, &error);
  g_assert_error (error, AUD_CRM_ERROR, AUD_CRM_ERROR_API_LIMIT);
  g_assert_cmpstr (aud_salesforce_client_get_last_error_code (f->client), ==, "REQUEST_LIMIT_EXCEEDED");
  g_assert_cmpuint (aud_salesforce_client_get_request_count (f->client), ==, 2);
  g_assert_true (aud_credentials_get_api_usage (f->credentials, &used, &max));
  g_assert_cmpint (max, ==, 100);
  g_assert_cmpint (used, >=, 100);
}

static void
needs_reconnect_cb (AudCredentials *credentials,
                    const char     *why,
                    gpointer        user_data)
{
  char **out = user_data;

  *out = g_strdup (why);
}

static void
test_refresh_and_dead_refresh_token (Fixture       *f,
                                     gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) node = NULL;
  g_autoptr(AudCredentials) dead = NULL;
  g_autoptr(AudSalesforceClient) client = NULL;
  g_autofree char *access = NULL;
  g_autofree char *why = NULL;
  g_autoptr(GVariant) stats = NULL;
  guint requests;

  aud_demo_org_expire_access_tokens (f->demo);
  node = aud_salesforce_client_get_json (f->client, "limits/", NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (aud_credentials_get_refresh_count (f->credentials), ==, 1);
  g_assert_false (aud_credentials_get_needs_reconnect (f->credentials));

  /* A refresh token Salesforce does not know: the user must reconnect; the signal arrives on
   * the main context; later calls fail at once without asking Salesforce again. */
  access = aud_demo_org_mint_access_token (f->demo);
  dead = aud_credentials_new (aud_demo_org_get_login_url (f->demo), AUD_DEMO_ORG_CLIENT_ID,
                              aud_demo_org_get_org_id (f->demo), aud_demo_org_get_user_id (f->demo), NULL);
  aud_credentials_set_tokens (dead, access, "5Aep861-not-a-refresh-token-this-org-issued");
  g_signal_connect (dead, "needs-reconnect", G_CALLBACK (needs_reconnect_cb), &why);
  client = aud_salesforce_client_new (dead, aud_demo_org_get_instance_url (f->demo), NULL);
  aud_salesforce_client_set_retry_policy (client, 1, 0);
  aud_demo_org_expire_access_tokens (f->demo);

  g_clear_pointer (&node, json_node_unref);
  node = aud_salesforce_client_get_json (client, "limits/", NULL, NULL, &error);
  g_assert_error (error, AUD_CRM_ERROR, AUD_CRM_ERROR_NEEDS_RECONNECT);
  g_clear_error (&error);
  g_assert_true (aud_credentials_get_needs_reconnect (dead));
  while (why == NULL)
    g_main_context_iteration (NULL, TRUE);
  g_assert_nonnull (strstr (why, "Reconnect"));

  requests = aud_salesforce_client_get_request_count (client);
  node = aud_salesforce_client_get_json (client, "limits/", NULL, NULL, &error);
  g_assert_error (error, AUD_CRM_ERROR, AUD_CRM_ERROR_NEEDS_RECONNECT);
  /* Nothing went out: neither the API call nor another try of the dead refresh token. */
  g_assert_cmpuint (aud_salesforce_client_get_request_count (client), ==, requests);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/salesforce-client/limit-info", test_limit_info);
#define ADD(path, func) g_test_add (path, Fixture, NULL, fixture_setup, func, fixture_teardown)
  ADD ("/salesforce-client/resolve-url", test_resolve_url);
  ADD ("/salesforce-client/query-and-usage", test_query_and_usage);
  ADD ("/salesforce-client/errors-map-to-decisions", test_errors_map_to_decisions);
  ADD ("/salesforce-client/expired-query-locator", test_expired_query_locator);
  ADD ("/salesforce-client/retries-transient-failures", test_retries_transient_failures);
  ADD ("/salesforce-client/gives-up-after-retries", test_gives_up_after_retries);
  ADD ("/salesforce-client/api-limit", test_api_limit);
  ADD ("/salesforce-client/refresh-and-dead-refresh-token", test_refresh_and_dead_refresh_token);
#undef ADD

  return g_test_run ();
}
