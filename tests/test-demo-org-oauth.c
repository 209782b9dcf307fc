/* test-demo-org-oauth.c — the demo org's OAuth, identity, versions, auth and limit behaviour
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "test-demo-org-util.h"

#define VERIFIER "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk-demo-verifier"
#define REDIRECT "http://localhost:1717/OauthRedirect"

static char *
challenge_for (const char *verifier)
{
  g_autoptr(GChecksum) sum = g_checksum_new (G_CHECKSUM_SHA256);
  guint8 digest[32];
  gsize len = sizeof digest;
  char *b64;

  g_checksum_update (sum, (const guchar *) verifier, -1);
  g_checksum_get_digest (sum, digest, &len);
  b64 = g_base64_encode (digest, len);
  g_strdelimit (b64, "+", '-');
  g_strdelimit (b64, "/", '_');
  *strchr (b64, '=') = '\0';
  return b64;
}

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

static char *
authorize_url (DemoFixture *f,
               const char  *client_id,
               const char  *redirect,
               const char  *challenge)
{
  g_autofree char *r = g_uri_escape_string (redirect, NULL, FALSE);
  g_autofree char *c = g_uri_escape_string (client_id, NULL, FALSE);

  return g_strdup_printf ("%s/services/oauth2/authorize?response_type=code&client_id=%s&redirect_uri=%s"
                          "&code_challenge=%s&code_challenge_method=S256&state=st4te%%2Bx&scope=api%%20refresh_token",
                          aud_demo_org_get_login_url (f->org), c, r, challenge);
}

/* Follows the authorize step and returns the decoded code from the 302's Location. */
static char *
get_code (DemoFixture *f,
          const char  *verifier)
{
  g_autofree char *challenge = challenge_for (verifier);
  g_autofree char *url = authorize_url (f, AUD_DEMO_ORG_CLIENT_ID, REDIRECT, challenge);
  g_auto(DemoReply) reply = demo_send_full (f, "GET", url, NULL, NULL, NULL, NULL);
  const char *location = soup_message_headers_get_one (reply.headers, "Location");
  g_autoptr(GUri) uri = NULL;
  g_autoptr(GHashTable) params = NULL;

  g_assert_cmpuint (reply.status, ==, 302);
  g_assert_nonnull (location);
  g_assert_true (g_str_has_prefix (location, REDIRECT "?"));
  uri = g_uri_parse (location, G_URI_FLAGS_ENCODED_QUERY, NULL);
  params = soup_form_decode (g_uri_get_query (uri));
  g_assert_cmpstr (g_hash_table_lookup (params, "state"), ==, "st4te+x");
  /* Real codes are base64 with padding: the client must URL-decode them. */
  g_assert_true (g_str_has_suffix (g_hash_table_lookup (params, "code"), "=="));
  return g_strdup (g_hash_table_lookup (params, "code"));
}

static DemoReply
post_token (DemoFixture *f,
            const char  *first_key,
            ...)
{
  g_autoptr(GHashTable) form = g_hash_table_new (g_str_hash, g_str_equal);
  g_autofree char *body = NULL;
  g_autofree char *url = g_strdup_printf ("%s/services/oauth2/token", aud_demo_org_get_login_url (f->org));
  const char *key = first_key;
  va_list args;

  va_start (args, first_key);
  while (key != NULL)
    {
      g_hash_table_insert (form, (char *) key, va_arg (args, char *));
      key = va_arg (args, const char *);
    }
  va_end (args);
  body = soup_form_encode_hash (form);
  return demo_send_full (f, "POST", url, NULL, "application/x-www-form-urlencoded", body, NULL);
}

static DemoReply
exchange (DemoFixture *f,
          const char  *code,
          const char  *verifier)
{
  return post_token (f, "grant_type", "authorization_code", "code", code, "client_id", AUD_DEMO_ORG_CLIENT_ID,
                     "redirect_uri", REDIRECT, "code_verifier", verifier, NULL);
}

static void
assert_oauth_error (DemoReply  *reply,
                    const char *error)
{
  g_assert_cmpuint (reply->status, ==, 400);
  g_assert_cmpstr (json_object_get_string_member (demo_object (reply), "error"), ==, error);
  g_assert_true (json_object_has_member (demo_object (reply), "error_description"));
}

static void
test_code_flow (DemoFixture  *f,
                gconstpointer data)
{
  g_autofree char *code = get_code (f, VERIFIER);
  g_auto(DemoReply) reply = exchange (f, code, VERIFIER);
  g_auto(DemoReply) again = { 0 };
  g_auto(DemoReply) api = { 0 };
  g_autofree char *expected_id = NULL;
  g_autofree char *org15 = NULL;
  JsonObject *token;

  g_assert_cmpuint (reply.status, ==, 200);
  token = demo_object (&reply);
  expected_id = g_strdup_printf ("%s/id/%s/%s", aud_demo_org_get_login_url (f->org),
                                 aud_demo_org_get_org_id (f->org), aud_demo_org_get_user_id (f->org));
  g_assert_cmpstr (json_object_get_string_member (token, "id"), ==, expected_id);
  g_assert_cmpstr (json_object_get_string_member (token, "instance_url"), ==, aud_demo_org_get_instance_url (f->org));
  g_assert_cmpstr (aud_demo_org_get_instance_url (f->org), !=, aud_demo_org_get_login_url (f->org));
  g_assert_cmpstr (json_object_get_string_member (token, "token_type"), ==, "Bearer");
  g_assert_cmpstr (json_object_get_string_member (token, "scope"), ==, "api refresh_token");
  g_assert_true (json_object_has_member (token, "signature"));
  g_assert_true (json_object_has_member (token, "refresh_token"));
  /* issued_at is milliseconds as a string; there is no expires_in. */
  g_assert_cmpint (json_node_get_value_type (json_object_get_member (token, "issued_at")), ==, G_TYPE_STRING);
  g_assert_false (json_object_has_member (token, "expires_in"));
  org15 = g_strdup_printf ("%.15s!", aud_demo_org_get_org_id (f->org));
  g_assert_true (g_str_has_prefix (json_object_get_string_member (token, "access_token"), org15));

  /* The token works on the instance host… */
  g_free (f->token);
  f->token = g_strdup (json_object_get_string_member (token, "access_token"));
  api = demo_get (f, "/limits");
  g_assert_cmpuint (api.status, ==, 200);

  /* …and the code is spent. */
  again = exchange (f, code, VERIFIER);
  assert_oauth_error (&again, "invalid_grant");
  g_assert_cmpstr (json_object_get_string_member (demo_object (&again), "error_description"), ==,
                   "expired authorization code");
}

static void
test_pkce (DemoFixture  *f,
           gconstpointer data)
{
  g_autofree char *code = get_code (f, VERIFIER);
  g_autofree char *code2 = get_code (f, VERIFIER);
  g_auto(DemoReply) wrong = exchange (f, code, VERIFIER "-but-not-the-same");
  g_auto(DemoReply) missing = post_token (f, "grant_type", "authorization_code", "code", code2,
                                          "client_id", AUD_DEMO_ORG_CLIENT_ID, "redirect_uri", REDIRECT, NULL);

  assert_oauth_error (&wrong, "invalid_request");
  assert_oauth_error (&missing, "invalid_grant");
}

static void
test_authorize_errors (DemoFixture  *f,
                       gconstpointer data)
{
  g_autofree char *challenge = challenge_for (VERIFIER);
  g_autofree char *bad_client = authorize_url (f, "SomeOtherApp", REDIRECT, challenge);
  g_autofree char *bad_redirect = authorize_url (f, AUD_DEMO_ORG_CLIENT_ID, "http://localhost:1718/OauthRedirect", challenge);
  g_autofree char *good = authorize_url (f, AUD_DEMO_ORG_CLIENT_ID, REDIRECT, challenge);
  g_autofree char *custom = authorize_url (f, AUD_DEMO_ORG_CLIENT_ID, "http://127.0.0.1:4321/cb", challenge);
  g_auto(DemoReply) r1 = demo_send_full (f, "GET", bad_client, NULL, NULL, NULL, NULL);
  g_auto(DemoReply) r2 = demo_send_full (f, "GET", bad_redirect, NULL, NULL, NULL, NULL);
  g_auto(DemoReply) r3 = { 0 };
  g_auto(DemoReply) r4 = { 0 };
  const char *location;

  /* Neither error may be redirected to an unverified URI. */
  g_assert_cmpuint (r1.status, ==, 400);
  g_assert_nonnull (strstr (r1.body, "invalid_client_id"));
  g_assert_cmpuint (r2.status, ==, 400);
  g_assert_nonnull (strstr (r2.body, "redirect_uri_mismatch"));

  /* A registered URI from the test works; the deny switch answers access_denied with the state. */
  aud_demo_org_add_redirect_uri (f->org, "http://127.0.0.1:4321/cb");
  r3 = demo_send_full (f, "GET", custom, NULL, NULL, NULL, NULL);
  g_assert_cmpuint (r3.status, ==, 302);

  g_object_set (f->org, "deny-authorization", TRUE, NULL);
  r4 = demo_send_full (f, "GET", good, NULL, NULL, NULL, NULL);
  location = soup_message_headers_get_one (r4.headers, "Location");
  g_assert_cmpuint (r4.status, ==, 302);
  g_assert_true (g_str_has_prefix (location, REDIRECT "?error=access_denied&error_description="));
  g_assert_nonnull (strstr (location, "&state=st4te%2Bx"));
  g_assert_null (strstr (location, "code="));
}

static void
test_interactive (DemoFixture  *f,
                  gconstpointer data)
{
  g_autofree char *challenge = challenge_for (VERIFIER);
  g_autofree char *url = authorize_url (f, AUD_DEMO_ORG_CLIENT_ID, REDIRECT, challenge);
  g_autofree char *txn = NULL;
  g_autofree char *form = NULL;
  g_auto(DemoReply) page = { 0 };
  g_auto(DemoReply) decided = { 0 };
  const char *start;

  g_object_set (f->org, "interactive", TRUE, NULL);
  page = demo_send_full (f, "GET", url, NULL, NULL, NULL, NULL);
  g_assert_cmpuint (page.status, ==, 200);
  g_assert_nonnull (strstr (page.body, "demo org"));
  start = strstr (page.body, "name=\"txn\" value=\"");
  g_assert_nonnull (start);
  start += strlen ("name=\"txn\" value=\"");
  txn = g_strndup (start, strchr (start, '"') - start);

  form = g_strdup_printf ("txn=%s&decision=approve", txn);
  decided = demo_send_full (f, "POST", url, NULL, "application/x-www-form-urlencoded", form, NULL);
  g_assert_cmpuint (decided.status, ==, 302);
  g_assert_nonnull (strstr (soup_message_headers_get_one (decided.headers, "Location"), "code="));

  /* The same approval can't be used twice; a Deny click sends access_denied. */
  {
    g_auto(DemoReply) replay = demo_send_full (f, "POST", url, NULL, "application/x-www-form-urlencoded", form, NULL);
    g_auto(DemoReply) page2 = demo_send_full (f, "GET", url, NULL, NULL, NULL, NULL);
    g_autofree char *txn2 = NULL;
    g_autofree char *deny = NULL;
    g_auto(DemoReply) denied = { 0 };

    g_assert_cmpuint (replay.status, ==, 400);
    start = strstr (page2.body, "name=\"txn\" value=\"") + strlen ("name=\"txn\" value=\"");
    txn2 = g_strndup (start, strchr (start, '"') - start);
    deny = g_strdup_printf ("txn=%s&decision=deny", txn2);
    denied = demo_send_full (f, "POST", url, NULL, "application/x-www-form-urlencoded", deny, NULL);
    g_assert_cmpuint (denied.status, ==, 302);
    g_assert_nonnull (strstr (soup_message_headers_get_one (denied.headers, "Location"), "error=access_denied"));
  }
}

static void
test_confidential_client (DemoFixture  *f,
                          gconstpointer data)
{
  g_autofree char *code = NULL;
  g_autofree char *code2 = NULL;
  g_auto(DemoReply) without = { 0 };
  g_auto(DemoReply) with = { 0 };

  /* A confidential client must send its secret (and still pass PKCE). */
  g_object_set (f->org, "client-secret", "s3cr3t", NULL);
  code = get_code (f, VERIFIER);
  without = exchange (f, code, VERIFIER);
  assert_oauth_error (&without, "invalid_client");
  code2 = get_code (f, VERIFIER);
  with = post_token (f, "grant_type", "authorization_code", "code", code2, "client_id", AUD_DEMO_ORG_CLIENT_ID,
                     "client_secret", "s3cr3t", "redirect_uri", REDIRECT, "code_verifier", VERIFIER, NULL);
  g_assert_cmpuint (with.status, ==, 200);
}

static void
test_refresh_and_rotation (DemoFixture  *f,
                           gconstpointer data)
{
  g_autofree char *code = get_code (f, VERIFIER);
  g_auto(DemoReply) first = exchange (f, code, VERIFIER);
  g_autofree char *refresh = g_strdup (json_object_get_string_member (demo_object (&first), "refresh_token"));
  g_auto(DemoReply) plain = post_token (f, "grant_type", "refresh_token", "refresh_token", refresh,
                                        "client_id", AUD_DEMO_ORG_CLIENT_ID, NULL);
  g_auto(DemoReply) rotated = { 0 };
  g_auto(DemoReply) old = { 0 };
  g_auto(DemoReply) bad_grant = { 0 };
  g_auto(DemoReply) secret = { 0 };

  /* Without rotation the response carries no refresh_token. */
  g_assert_cmpuint (plain.status, ==, 200);
  g_assert_false (json_object_has_member (demo_object (&plain), "refresh_token"));
  g_assert_true (json_object_has_member (demo_object (&plain), "access_token"));

  g_object_set (f->org, "rotate-refresh-tokens", TRUE, NULL);
  rotated = post_token (f, "grant_type", "refresh_token", "refresh_token", refresh,
                        "client_id", AUD_DEMO_ORG_CLIENT_ID, NULL);
  g_assert_cmpuint (rotated.status, ==, 200);
  g_assert_cmpstr (json_object_get_string_member (demo_object (&rotated), "refresh_token"), !=, refresh);

  old = post_token (f, "grant_type", "refresh_token", "refresh_token", refresh, "client_id", AUD_DEMO_ORG_CLIENT_ID, NULL);
  assert_oauth_error (&old, "invalid_grant");
  g_assert_cmpstr (json_object_get_string_member (demo_object (&old), "error_description"), ==,
                   "expired access/refresh token");

  bad_grant = post_token (f, "grant_type", "password", "client_id", AUD_DEMO_ORG_CLIENT_ID, NULL);
  assert_oauth_error (&bad_grant, "unsupported_grant_type");
  /* A public client that sends a secret is refused. */
  secret = post_token (f, "grant_type", "refresh_token", "refresh_token", refresh, "client_id", AUD_DEMO_ORG_CLIENT_ID,
                       "client_secret", "hunter2", NULL);
  assert_oauth_error (&secret, "invalid_client");
}

static void
test_revoke (DemoFixture  *f,
             gconstpointer data)
{
  g_autofree char *access = NULL;
  g_autofree char *refresh = NULL;
  g_autofree char *url = g_strdup_printf ("%s/services/oauth2/revoke", aud_demo_org_get_login_url (f->org));
  g_autofree char *body = NULL;
  g_auto(DemoReply) before = { 0 };
  g_auto(DemoReply) revoked = { 0 };
  g_auto(DemoReply) after = { 0 };
  g_auto(DemoReply) unknown = { 0 };

  aud_demo_org_mint_tokens (f->org, &access, &refresh);
  g_free (f->token);
  f->token = g_strdup (access);
  before = demo_get (f, "/limits");
  g_assert_cmpuint (before.status, ==, 200);

  body = g_strdup_printf ("token=%s", refresh);
  revoked = demo_send_full (f, "POST", url, NULL, "application/x-www-form-urlencoded", body, NULL);
  g_assert_cmpuint (revoked.status, ==, 200);

  /* Revoking the refresh token killed the access tokens it issued. */
  after = demo_get (f, "/limits");
  g_assert_cmpuint (after.status, ==, 401);
  g_assert_cmpstr (demo_error_code (&after), ==, "INVALID_SESSION_ID");

  unknown = demo_send_full (f, "POST", url, NULL, "application/x-www-form-urlencoded", "token=nope", NULL);
  g_assert_cmpuint (unknown.status, ==, 400);
}

static void
test_identity (DemoFixture  *f,
               gconstpointer data)
{
  g_autofree char *id_url = g_strdup_printf ("%s/id/%s/%s", aud_demo_org_get_login_url (f->org),
                                             aud_demo_org_get_org_id (f->org), aud_demo_org_get_user_id (f->org));
  g_autofree char *versioned = g_strdup_printf ("%s?version=%s", id_url, AUD_DEMO_ORG_API_VERSION);
  g_autofree char *userinfo_url = g_strdup_printf ("%s/services/oauth2/userinfo", aud_demo_org_get_instance_url (f->org));
  g_auto(DemoReply) id = demo_get (f, id_url);
  g_auto(DemoReply) id_v = demo_get (f, versioned);
  g_auto(DemoReply) info = demo_get (f, userinfo_url);
  g_auto(DemoReply) bad = demo_send_full (f, "GET", id_url, "00Dnope!bad", NULL, NULL, NULL);
  JsonObject *o;

  g_assert_cmpuint (id.status, ==, 200);
  o = demo_object (&id);
  g_assert_cmpstr (json_object_get_string_member (o, "user_id"), ==, aud_demo_org_get_user_id (f->org));
  g_assert_cmpstr (json_object_get_string_member (o, "organization_id"), ==, aud_demo_org_get_org_id (f->org));
  g_assert_cmpstr (json_object_get_string_member (o, "username"), ==, AUD_DEMO_ORG_USERNAME);
  g_assert_nonnull (strstr (json_object_get_string_member (json_object_get_object_member (o, "urls"), "rest"), "{version}"));
  g_assert_nonnull (strstr (json_object_get_string_member (json_object_get_object_member (demo_object (&id_v), "urls"), "rest"),
                            "/services/data/v" AUD_DEMO_ORG_API_VERSION "/"));

  g_assert_cmpuint (info.status, ==, 200);
  g_assert_cmpstr (json_object_get_string_member (demo_object (&info), "preferred_username"), ==, AUD_DEMO_ORG_USERNAME);
  g_assert_cmpstr (json_object_get_string_member (demo_object (&info), "organization_id"), ==, aud_demo_org_get_org_id (f->org));

  g_assert_cmpuint (bad.status, ==, 403);
}

static void
test_versions_and_auth (DemoFixture  *f,
                        gconstpointer data)
{
  g_autofree char *versions_url = g_strdup_printf ("%s/services/data/", aud_demo_org_get_instance_url (f->org));
  g_autofree char *old = g_strdup_printf ("%s/services/data/v20.0/limits", aud_demo_org_get_instance_url (f->org));
  g_autofree char *login_api = g_strdup_printf ("%s/services/data/v%s/limits", aud_demo_org_get_login_url (f->org),
                                                AUD_DEMO_ORG_API_VERSION);
  g_auto(DemoReply) versions = demo_send_full (f, "GET", versions_url, NULL, NULL, NULL, NULL);
  g_auto(DemoReply) unknown = demo_get (f, old);
  g_auto(DemoReply) anonymous = { 0 };
  g_auto(DemoReply) on_login = demo_get (f, login_api);
  JsonArray *list;
  JsonObject *last;

  g_assert_cmpuint (versions.status, ==, 200);
  list = json_node_get_array (versions.json);
  last = json_array_get_object_element (list, json_array_get_length (list) - 1);
  g_assert_cmpstr (json_object_get_string_member (last, "version"), ==, AUD_DEMO_ORG_API_VERSION);
  g_assert_cmpstr (json_object_get_string_member (last, "label"), ==, "Winter '25");
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (list, 0), "label"), ==, "Summer '14");

  g_assert_cmpuint (unknown.status, ==, 404);
  g_assert_cmpstr (demo_error_code (&unknown), ==, "NOT_FOUND");

  anonymous = demo_send_full (f, "GET", login_api, NULL, NULL, NULL, NULL);
  g_assert_cmpuint (anonymous.status, ==, 404);
  /* The login host is not the instance: API calls there fail even with a good token. */
  g_assert_cmpuint (on_login.status, ==, 404);

  {
    g_autofree char *url = g_strconcat (f->api, "/limits", NULL);
    g_auto(DemoReply) r = demo_send_full (f, "GET", url, NULL, NULL, NULL, NULL);

    g_assert_cmpuint (r.status, ==, 401);
    g_assert_cmpstr (demo_error_code (&r), ==, "INVALID_SESSION_ID");
  }
}

static void
test_limits (DemoFixture  *f,
             gconstpointer data)
{
  g_auto(DemoReply) limits = demo_get (f, "/limits/");
  const char *header = soup_message_headers_get_one (limits.headers, "Sforce-Limit-Info");
  JsonObject *daily;

  g_assert_cmpuint (limits.status, ==, 200);
  g_assert_cmpstr (header, ==, "api-usage=1/15000");
  daily = json_object_get_object_member (demo_object (&limits), "DailyApiRequests");
  g_assert_cmpint (json_object_get_int_member (daily, "Max"), ==, 15000);
  g_assert_cmpint (json_object_get_int_member (daily, "Remaining"), ==, 14999);
  g_assert_true (json_object_has_member (demo_object (&limits), "DailyBulkV2QueryJobs"));

  /* Jump close to the end of the day's allocation, then walk over the edge one call at a time. */
  aud_demo_org_set_api_usage (f->org, 14997, -1);
  for (int call = 14998; call <= 15000; call++)
    {
      g_auto(DemoReply) r = demo_get (f, "/limits");
      g_autofree char *expected = g_strdup_printf ("api-usage=%d/15000", call);

      g_assert_cmpuint (r.status, ==, 200);
      g_assert_cmpstr (soup_message_headers_get_one (r.headers, "Sforce-Limit-Info"), ==, expected);
    }
  {
    g_auto(DemoReply) r = demo_get (f, "/limits");

    g_assert_cmpuint (r.status, ==, 403);
    g_assert_cmpstr (demo_error_code (&r), ==, "REQUEST_LIMIT_EXCEEDED");
    g_assert_cmpstr (soup_message_headers_get_one (r.headers, "Sforce-Limit-Info"), ==, "api-usage=15000/15000");
  }
}

static void
count_notify_cb (GObject    *object,
                 GParamSpec *pspec,
                 gpointer    data)
{
  (*(guint *) data)++;
}

static void
test_property_notify (void)
{
  g_autoptr(AudDemoOrg) org = aud_demo_org_new ();
  guint notified = 0;

  g_signal_connect (org, "notify::rotate-refresh-tokens", G_CALLBACK (count_notify_cb), &notified);
  g_object_set (org, "rotate-refresh-tokens", TRUE, NULL);
  g_object_set (org, "rotate-refresh-tokens", TRUE, NULL);
  g_object_set (org, "rotate-refresh-tokens", FALSE, NULL);
  /* Only real changes notify. */
  g_assert_cmpuint (notified, ==, 2);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, fn) g_test_add ("/demo-org/oauth/" path, DemoFixture, NULL, setup, fn, teardown)
  ADD ("code-flow", test_code_flow);
  ADD ("pkce", test_pkce);
  ADD ("authorize-errors", test_authorize_errors);
  ADD ("interactive", test_interactive);
  ADD ("confidential-client", test_confidential_client);
  ADD ("refresh-and-rotation", test_refresh_and_rotation);
  ADD ("revoke", test_revoke);
  ADD ("identity", test_identity);
  ADD ("versions-and-auth", test_versions_and_auth);
  ADD ("limits", test_limits);
#undef ADD
  g_test_add_func ("/demo-org/oauth/property-notify", test_property_notify);

  return g_test_run ();
}
