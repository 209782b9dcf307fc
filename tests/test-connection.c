/* test-connection.c — connecting to the demo org end to end: the browser played by a real HTTP
 * client, the refresh token in the real keyring and never in the workspace file, refresh on an
 * expired token, needs-reconnect on a revoked one, disconnect, no keyring, and no secret in logs
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gstdio.h>
#include <signal.h>
#include <string.h>

#include "aud-connection-private.h"
#include "aud-demo-org.h"
#include "aud-oauth-flow.h"
#include "aud-salesforce-client.h"
#include "aud-test-bus.h"
#include "aud-token-vault.h"

typedef struct
{
  char          *dir;
  char          *path;
  AudStore      *store;
  AudDemoOrg    *demo;
  AudConnection *connection;
  /* what the browser saw */
  char          *code;
  guint          callback_status;
  gboolean       browser_done;
  gboolean       manual_redirect;   /* read the code from the 302 before following it */
} Fixture;

static void
fixture_setup_with (Fixture  *f,
                    gboolean  rotate,
                    gboolean  deny)
{
  g_autoptr(GError) error = NULL;

  f->dir = g_dir_make_tmp ("aud-conn-XXXXXX", NULL);
  f->path = g_build_filename (f->dir, "workspace.db", NULL);
  f->store = aud_store_open (f->path, &error);
  g_assert_no_error (error);

  f->demo = aud_demo_org_new ();
  g_object_set (f->demo, "accounts", 5, "contacts", 10, "leads", 0, "opportunities", 0,
                "rotate-refresh-tokens", rotate, "deny-authorization", deny, NULL);
  g_assert_true (aud_demo_org_start_in_thread (f->demo, &error));
  g_assert_no_error (error);

  aud_test_wait_until_serving (aud_demo_org_get_instance_url (f->demo));
  f->connection = aud_connection_new (f->store);
  /* A free port, so parallel tests and a running Audiences never collide. */
  aud_connection_set_callback (f->connection, 0, "/OauthRedirect");
  aud_connection_set_timeouts (f->connection, 30, 10000);
}

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  fixture_setup_with (f, FALSE, FALSE);
}

static void
fixture_setup_rotating (Fixture       *f,
                        gconstpointer  data)
{
  fixture_setup_with (f, TRUE, FALSE);
}

static void
fixture_setup_denying (Fixture       *f,
                       gconstpointer  data)
{
  fixture_setup_with (f, FALSE, TRUE);
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  g_clear_object (&f->connection);
  g_clear_object (&f->store);
  aud_demo_org_stop (f->demo);
  g_clear_object (&f->demo);
  g_unlink (f->path);
  {
    g_autofree char *wal = g_strconcat (f->path, "-wal", NULL);
    g_autofree char *shm = g_strconcat (f->path, "-shm", NULL);
    g_unlink (wal);
    g_unlink (shm);
  }
  g_rmdir (f->dir);
  g_free (f->path);
  g_free (f->dir);
  g_free (f->code);
}

/* ---- the browser ---- */

typedef struct
{
  Fixture *f;
  char    *url;
} BrowserJob;

static gpointer
browser_thread (gpointer data)
{
  BrowserJob *job = data;
  g_autoptr(SoupSession) session = soup_session_new ();
  g_autoptr(SoupMessage) msg = soup_message_new ("GET", job->url);
  g_autoptr(GBytes) body = NULL;

  if (job->f->manual_redirect)
    {
      /* Stop at the 302 like a browser's network log would, note the code, then follow. */
      g_autoptr(GUri) location = NULL;
      g_autoptr(GHashTable) query = NULL;
      g_autoptr(SoupMessage) callback = NULL;
      const char *loc;

      soup_message_add_flags (msg, SOUP_MESSAGE_NO_REDIRECT);
      body = soup_session_send_and_read (session, msg, NULL, NULL);
      g_assert_cmpuint (soup_message_get_status (msg), ==, 302);
      loc = soup_message_headers_get_one (soup_message_get_response_headers (msg), "Location");
      location = g_uri_parse (loc, G_URI_FLAGS_ENCODED, NULL);
      query = soup_form_decode (g_uri_get_query (location));
      job->f->code = g_strdup (g_hash_table_lookup (query, "code"));
      callback = soup_message_new ("GET", loc);
      g_clear_pointer (&body, g_bytes_unref);
      body = soup_session_send_and_read (session, callback, NULL, NULL);
      job->f->callback_status = soup_message_get_status (callback);
    }
  else
    {
      /* Follows the demo org's 302 to the loopback callback. */
      body = soup_session_send_and_read (session, msg, NULL, NULL);
      job->f->callback_status = soup_message_get_status (msg);
    }

  g_atomic_int_set (&job->f->browser_done, TRUE);
  g_main_context_wakeup (NULL);
  g_free (job->url);
  g_free (job);
  return NULL;
}

static void
redirect_uri_cb (AudConnection *connection,
                 GParamSpec    *pspec,
                 Fixture       *f)
{
  /* What an admin does in Setup: register the callback the app will use. */
  if (aud_connection_get_redirect_uri (connection) != NULL)
    aud_demo_org_add_redirect_uri (f->demo, aud_connection_get_redirect_uri (connection));
}

static void
authorize_url_cb (AudConnection *connection,
                  GParamSpec    *pspec,
                  Fixture       *f)
{
  BrowserJob *job;

  if (aud_connection_get_authorize_url (connection) == NULL)
    return;

  g_assert_cmpint (aud_connection_get_status (connection), ==, AUD_CONNECTION_STATUS_WAITING_FOR_BROWSER);
  job = g_new0 (BrowserJob, 1);
  job->f = f;
  job->url = g_strdup (aud_connection_get_authorize_url (connection));
  g_thread_unref (g_thread_new ("browser", browser_thread, job));
}

typedef struct
{
  gboolean done;
  gboolean ok;
  GError  *error;
} Result;

static void
connect_cb (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  Result *r = user_data;

  r->ok = aud_connection_connect_finish (AUD_CONNECTION (source), result, &r->error);
  r->done = TRUE;
}

static void
disconnect_cb (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  Result *r = user_data;

  r->ok = aud_connection_disconnect_finish (AUD_CONNECTION (source), result, &r->error);
  r->done = TRUE;
}

static void
wait_for (Result *r)
{
  while (!r->done)
    g_main_context_iteration (NULL, TRUE);
}

static gboolean
connect_via_browser (Fixture  *f,
                     GError  **error)
{
  Result r = { 0 };
  gulong id1, id2;

  id1 = g_signal_connect (f->connection, "notify::redirect-uri", G_CALLBACK (redirect_uri_cb), f);
  id2 = g_signal_connect (f->connection, "notify::authorize-url", G_CALLBACK (authorize_url_cb), f);
  f->browser_done = FALSE;
  aud_connection_connect_async (f->connection, aud_demo_org_get_login_url (f->demo), AUD_DEMO_ORG_CLIENT_ID,
                                NULL, connect_cb, &r);
  wait_for (&r);
  while (!g_atomic_int_get (&f->browser_done) && aud_connection_get_redirect_uri (f->connection) != NULL)
    g_main_context_iteration (NULL, TRUE);
  g_signal_handler_disconnect (f->connection, id1);
  g_signal_handler_disconnect (f->connection, id2);

  if (!r.ok)
    g_propagate_error (error, r.error);
  return r.ok;
}

static char *
stored_refresh_token (Fixture  *f,
                      GError  **error)
{
  g_autoptr(AudConnectionInfo) info = aud_connection_dup_info (f->connection);
  AudTokenKey key = { .org_id = info->org_id, .user_id = info->user_id };

  return aud_token_vault_lookup_sync (&key, 5000, NULL, error);
}

/* A worker thread, like the sync engine: its own client and SoupSession. */
typedef struct
{
  AudCredentials *credentials;
  char           *instance_url;
  JsonNode       *result;
  GError         *error;
  guint           refreshes;
} WorkerCall;

static gpointer
worker_thread (gpointer data)
{
  WorkerCall *call = data;
  g_autoptr(AudSalesforceClient) client = aud_salesforce_client_new (call->credentials, call->instance_url, NULL);

  aud_salesforce_client_set_retry_policy (client, 2, 10);
  call->result = aud_salesforce_client_get_json (client, "limits/", NULL, NULL, &call->error);
  return NULL;
}

/* Runs @n workers at once while the main context keeps turning (signals land there). */
static void
run_workers (WorkerCall *calls,
             guint       n)
{
  g_autoptr(GPtrArray) threads = g_ptr_array_new ();

  for (guint i = 0; i < n; i++)
    g_ptr_array_add (threads, g_thread_new ("worker", worker_thread, &calls[i]));
  for (guint i = 0; i < n; i++)
    g_thread_join (threads->pdata[i]);
  while (g_main_context_iteration (NULL, FALSE))
    ;
}

static gboolean
file_contains (const char *path,
               const char *needle)
{
  g_autofree char *data = NULL;
  gsize len = 0;

  if (!g_file_get_contents (path, &data, &len, NULL))
    return FALSE;
  for (gsize i = 0, n = strlen (needle); i + n <= len; i++)
    if (memcmp (data + i, needle, n) == 0)
      return TRUE;
  return FALSE;
}

/* ---- tests ---- */

static void
test_connect (Fixture       *f,
              gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(AudConnectionInfo) info = NULL;
  g_autoptr(AudConnectionInfo) reread = NULL;
  g_autofree char *refresh = NULL;
  g_autofree char *access = NULL;
  g_autofree char *wal = NULL;

  if (!aud_test_have_secret_service ())
    {
      g_test_skip ("no unlocked Secret Service on this session bus");
      return;
    }

  g_assert_cmpint (aud_connection_get_status (f->connection), ==, AUD_CONNECTION_STATUS_DISCONNECTED);
  g_assert_true (connect_via_browser (f, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (f->callback_status, ==, 200);

  g_assert_cmpint (aud_connection_get_status (f->connection), ==, AUD_CONNECTION_STATUS_CONNECTED);
  g_assert_null (aud_connection_get_authorize_url (f->connection));
  info = aud_connection_dup_info (f->connection);
  g_assert_cmpstr (info->username, ==, AUD_DEMO_ORG_USERNAME);
  g_assert_cmpstr (info->org_id, ==, aud_demo_org_get_org_id (f->demo));
  g_assert_cmpstr (info->user_id, ==, aud_demo_org_get_user_id (f->demo));
  g_assert_cmpstr (info->instance_url, ==, aud_demo_org_get_instance_url (f->demo));
  g_assert_cmpstr (info->login_host, ==, aud_demo_org_get_login_url (f->demo));
  g_assert_cmpstr (info->api_version, ==, AUD_DEMO_ORG_API_VERSION);
  g_assert_false (info->is_sandbox);
  g_assert_cmpint (info->api_max, >, 0);

  /* What a later start reads back: the workspace, not memory. */
  reread = aud_store_load_connection (f->store, &error);
  g_assert_no_error (error);
  g_assert_cmpint (reread->state, ==, AUD_CONNECTION_STATE_CONNECTED);
  g_assert_cmpstr (reread->display_name, ==, info->display_name);

  /* The refresh token is in the keyring, and neither token is anywhere in the workspace files. */
  refresh = stored_refresh_token (f, &error);
  g_assert_no_error (error);
  g_assert_nonnull (refresh);
  g_assert_cmpuint (strlen (refresh), >, 20);
  access = aud_credentials_dup_access_token (aud_connection_get_credentials (f->connection), NULL);
  g_assert_nonnull (access);
  g_assert_true (g_file_test (f->path, G_FILE_TEST_EXISTS));
  wal = g_strconcat (f->path, "-wal", NULL);
  g_assert_false (file_contains (f->path, refresh) || file_contains (wal, refresh));
  g_assert_false (file_contains (f->path, access) || file_contains (wal, access));
  /* …while the same check does find what is stored there. */
  g_assert_true (file_contains (f->path, AUD_DEMO_ORG_USERNAME) || file_contains (wal, AUD_DEMO_ORG_USERNAME));
}

static void
test_wrong_state_keeps_waiting (Fixture       *f,
                                gconstpointer  data)
{
  g_autoptr(SoupSession) session = NULL;
  g_autofree char *forged = NULL;
  Result r = { 0 };
  gulong id;

  if (!aud_test_have_secret_service ())
    {
      g_test_skip ("no unlocked Secret Service on this session bus");
      return;
    }

  id = g_signal_connect (f->connection, "notify::redirect-uri", G_CALLBACK (redirect_uri_cb), f);
  aud_connection_connect_async (f->connection, aud_demo_org_get_login_url (f->demo), AUD_DEMO_ORG_CLIENT_ID,
                                NULL, connect_cb, &r);
  while (aud_connection_get_status (f->connection) != AUD_CONNECTION_STATUS_WAITING_FOR_BROWSER && !r.done)
    g_main_context_iteration (NULL, TRUE);
  g_assert_false (r.done);

  /* Another tab delivers a code with a state this sign-in never issued. */
  forged = g_strdup_printf ("%s?code=forged&state=not-the-state", aud_connection_get_redirect_uri (f->connection));
  {
    BrowserJob *job = g_new0 (BrowserJob, 1);
    job->f = f;
    job->url = g_strdup (forged);
    f->browser_done = FALSE;
    g_thread_unref (g_thread_new ("browser", browser_thread, job));
    while (!g_atomic_int_get (&f->browser_done))
      g_main_context_iteration (NULL, TRUE);
  }
  g_assert_cmpuint (f->callback_status, ==, 400);
  while (g_main_context_iteration (NULL, FALSE))
    ;
  g_assert_false (r.done);
  g_assert_cmpint (aud_connection_get_status (f->connection), ==, AUD_CONNECTION_STATUS_WAITING_FOR_BROWSER);

  /* The real redirect still completes the sign-in. */
  authorize_url_cb (f->connection, NULL, f);
  wait_for (&r);
  g_assert_no_error (r.error);
  g_assert_true (r.ok);
  g_assert_cmpint (aud_connection_get_status (f->connection), ==, AUD_CONNECTION_STATUS_CONNECTED);
  g_signal_handler_disconnect (f->connection, id);
}

static void
test_access_denied (Fixture       *f,
                    gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(AudConnectionInfo) info = NULL;

  if (!aud_test_have_secret_service ())
    {
      g_test_skip ("no unlocked Secret Service on this session bus");
      return;
    }

  g_assert_false (connect_via_browser (f, &error));
  g_assert_error (error, AUD_AUTH_ERROR, AUD_AUTH_ERROR_ACCESS_DENIED);
  g_assert_nonnull (strstr (error->message, "Allow"));
  g_assert_cmpint (aud_connection_get_status (f->connection), ==, AUD_CONNECTION_STATUS_DISCONNECTED);
  g_assert_null (aud_connection_get_authorize_url (f->connection));
  info = aud_store_load_connection (f->store, NULL);
  g_assert_null (info);
}

static void
test_cancel (Fixture       *f,
             gconstpointer  data)
{
  Result r = { 0 };

  if (!aud_test_have_secret_service ())
    {
      g_test_skip ("no unlocked Secret Service on this session bus");
      return;
    }

  aud_connection_connect_async (f->connection, aud_demo_org_get_login_url (f->demo), AUD_DEMO_ORG_CLIENT_ID,
                                NULL, connect_cb, &r);
  while (aud_connection_get_status (f->connection) != AUD_CONNECTION_STATUS_WAITING_FOR_BROWSER && !r.done)
    g_main_context_iteration (NULL, TRUE);
  aud_connection_cancel (f->connection);
  wait_for (&r);
  g_assert_error (r.error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_clear_error (&r.error);
  g_assert_cmpint (aud_connection_get_status (f->connection), ==, AUD_CONNECTION_STATUS_DISCONNECTED);

  /* The caller's own cancellable works too. */
  {
    g_autoptr(GCancellable) cancellable = g_cancellable_new ();
    Result r2 = { 0 };

    aud_connection_connect_async (f->connection, aud_demo_org_get_login_url (f->demo), AUD_DEMO_ORG_CLIENT_ID,
                                  cancellable, connect_cb, &r2);
    while (aud_connection_get_status (f->connection) != AUD_CONNECTION_STATUS_WAITING_FOR_BROWSER && !r2.done)
      g_main_context_iteration (NULL, TRUE);
    g_cancellable_cancel (cancellable);
    wait_for (&r2);
    g_assert_error (r2.error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
    g_clear_error (&r2.error);
    g_assert_cmpint (aud_connection_get_status (f->connection), ==, AUD_CONNECTION_STATUS_DISCONNECTED);
  }
}

static void
test_expired_access_token_refreshes (Fixture       *f,
                                     gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  AudCredentials *credentials;
  WorkerCall calls[3] = { 0 };
  g_autoptr(AudConnectionInfo) info = NULL;

  if (!aud_test_have_secret_service ())
    {
      g_test_skip ("no unlocked Secret Service on this session bus");
      return;
    }

  g_assert_true (connect_via_browser (f, &error));
  credentials = aud_connection_get_credentials (f->connection);
  before = stored_refresh_token (f, &error);
  g_assert_no_error (error);

  /* The org's session timeout passes: every access token answers 401 INVALID_SESSION_ID. */
  aud_demo_org_expire_access_tokens (f->demo);
  info = aud_connection_dup_info (f->connection);
  for (guint i = 0; i < G_N_ELEMENTS (calls); i++)
    {
      calls[i].credentials = credentials;
      calls[i].instance_url = info->instance_url;
    }
  run_workers (calls, G_N_ELEMENTS (calls));

  for (guint i = 0; i < G_N_ELEMENTS (calls); i++)
    {
      g_assert_no_error (calls[i].error);
      g_assert_nonnull (calls[i].result);
      g_assert_true (JSON_NODE_HOLDS_OBJECT (calls[i].result));
      g_assert_true (json_object_has_member (json_node_get_object (calls[i].result), "DailyApiRequests"));
      json_node_unref (calls[i].result);
    }
  /* Three threads hit the dead token; one refresh served them all. With rotation on, that one
   * refresh replaced the refresh token, and the keyring holds the new one. */
  g_assert_cmpuint (aud_credentials_get_refresh_count (credentials), ==, 1);
  after = stored_refresh_token (f, &error);
  g_assert_no_error (error);
  g_assert_false (g_str_equal (before, after));
  g_assert_cmpint (aud_connection_get_status (f->connection), ==, AUD_CONNECTION_STATUS_CONNECTED);

  /* API usage from Sforce-Limit-Info reached the workspace. */
  g_clear_pointer (&info, aud_connection_info_free);
  info = aud_store_load_connection (f->store, &error);
  g_assert_cmpint (info->api_used, ==, aud_demo_org_get_api_used (f->demo));
}

static gint64
seed_local_data (Fixture *f)
{
  g_autoptr(GError) error = NULL;
  gint64 source = aud_store_ensure_salesforce_source (f->store, "Contact", &error);

  g_assert_no_error (error);
  g_assert_true (aud_store_upsert_source_record (f->store, source, "003000000000001AAA",
                                                 "2026-01-01T00:00:00.000+0000", FALSE,
                                                 "{\"Email\":\"a@example.com\"}", NULL, &error));
  g_assert_no_error (error);
  return source;
}

static void
test_revoked_refresh_token_needs_reconnect (Fixture       *f,
                                            gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SoupSession) session = soup_session_new ();
  g_autoptr(AudConnectionInfo) info = NULL;
  g_autofree char *refresh = NULL;
  WorkerCall call = { 0 };
  gint64 source;

  if (!aud_test_have_secret_service ())
    {
      g_test_skip ("no unlocked Secret Service on this session bus");
      return;
    }

  g_assert_true (connect_via_browser (f, &error));
  source = seed_local_data (f);

  /* An admin revokes the app's access in Setup, and the access token then expires. */
  refresh = stored_refresh_token (f, &error);
  g_assert_true (aud_oauth_revoke (session, aud_demo_org_get_login_url (f->demo), refresh, NULL, &error));
  aud_demo_org_expire_access_tokens (f->demo);

  info = aud_connection_dup_info (f->connection);
  call.credentials = aud_connection_get_credentials (f->connection);
  call.instance_url = info->instance_url;
  run_workers (&call, 1);
  g_assert_error (call.error, AUD_CRM_ERROR, AUD_CRM_ERROR_NEEDS_RECONNECT);
  g_assert_null (call.result);
  g_clear_error (&call.error);

  while (aud_connection_get_status (f->connection) != AUD_CONNECTION_STATUS_NEEDS_RECONNECT)
    g_main_context_iteration (NULL, TRUE);
  g_assert_nonnull (aud_connection_get_reason (f->connection));
  g_clear_pointer (&info, aud_connection_info_free);
  info = aud_store_load_connection (f->store, &error);
  g_assert_cmpint (info->state, ==, AUD_CONNECTION_STATE_NEEDS_RECONNECT);
  g_assert_nonnull (info->state_reason);
  /* Nothing local was lost. */
  g_assert_cmpint (aud_store_count_source_records (f->store, source, TRUE, &error), ==, 1);

  /* A reopened workspace still says so, and a further call fails fast with the same decision. */
  g_clear_object (&f->connection);
  f->connection = aud_connection_new (f->store);
  g_assert_cmpint (aud_connection_get_status (f->connection), ==, AUD_CONNECTION_STATUS_NEEDS_RECONNECT);

  /* Reconnecting brings it back. */
  aud_connection_set_callback (f->connection, 0, NULL);
  g_assert_true (connect_via_browser (f, &error));
  g_assert_no_error (error);
  g_assert_cmpint (aud_connection_get_status (f->connection), ==, AUD_CONNECTION_STATUS_CONNECTED);
  g_assert_cmpint (aud_store_count_source_records (f->store, source, TRUE, &error), ==, 1);
}

static void
test_disconnect (Fixture       *f,
                 gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SoupSession) session = soup_session_new ();
  g_autoptr(AudOAuthTokens) tokens = NULL;
  g_autoptr(AudConnectionInfo) info = NULL;
  g_autofree char *refresh = NULL;
  g_autofree char *after = NULL;
  Result r = { 0 }, r2 = { 0 };
  gint64 source;

  if (!aud_test_have_secret_service ())
    {
      g_test_skip ("no unlocked Secret Service on this session bus");
      return;
    }

  g_assert_true (connect_via_browser (f, &error));
  source = seed_local_data (f);
  refresh = stored_refresh_token (f, &error);
  info = aud_connection_dup_info (f->connection);

  aud_connection_disconnect_async (f->connection, FALSE, NULL, disconnect_cb, &r);
  wait_for (&r);
  g_assert_no_error (r.error);
  g_assert_cmpint (aud_connection_get_status (f->connection), ==, AUD_CONNECTION_STATUS_DISCONNECTED);
  g_assert_null (aud_connection_get_credentials (f->connection));

  /* Revoked at Salesforce… */
  tokens = aud_oauth_refresh (session, info->login_host, AUD_DEMO_ORG_CLIENT_ID, refresh, NULL, &error);
  g_assert_null (tokens);
  g_assert_error (error, AUD_AUTH_ERROR, AUD_AUTH_ERROR_INVALID_GRANT);
  g_clear_error (&error);
  /* …gone from the keyring… */
  {
    AudTokenKey key = { .org_id = info->org_id, .user_id = info->user_id };
    after = aud_token_vault_lookup_sync (&key, 5000, NULL, &error);
    g_assert_null (after);
    g_assert_error (error, AUD_AUTH_ERROR, AUD_AUTH_ERROR_NO_TOKEN);
    g_clear_error (&error);
  }
  /* …local data kept, and the workspace remembers where it was connected. */
  g_assert_cmpint (aud_store_count_source_records (f->store, source, TRUE, &error), ==, 1);
  g_clear_pointer (&info, aud_connection_info_free);
  info = aud_store_load_connection (f->store, &error);
  g_assert_cmpint (info->state, ==, AUD_CONNECTION_STATE_DISCONNECTED);
  g_assert_cmpstr (info->login_host, ==, aud_demo_org_get_login_url (f->demo));

  /* Asked to, it deletes the local Salesforce data too. */
  aud_connection_disconnect_async (f->connection, TRUE, NULL, disconnect_cb, &r2);
  wait_for (&r2);
  g_assert_no_error (r2.error);
  g_assert_cmpint (aud_store_count_source_records (f->store, source, TRUE, &error), ==, 0);
}

static void
test_no_keyring (void)
{
  if (g_test_subprocess ())
    {
      Fixture f = { 0 };
      g_autoptr(GError) error = NULL;

      fixture_setup (&f, NULL);
      g_assert_false (connect_via_browser (&f, &error));
      g_assert_error (error, AUD_AUTH_ERROR, AUD_AUTH_ERROR_NO_KEYRING);
      g_assert_nonnull (strstr (error->message, "GNOME Keyring"));
      /* Checked before the browser step, so nobody signs in for nothing; nothing was saved. */
      g_assert_null (f.code);
      g_assert_cmpint (aud_connection_get_status (f.connection), ==, AUD_CONNECTION_STATUS_DISCONNECTED);
      g_assert_null (aud_store_load_connection (f.store, NULL));
      fixture_teardown (&f, NULL);
      return;
    }

  if (aud_test_trap_on_empty_bus (60 * G_USEC_PER_SEC))
    g_test_trap_assert_passed ();
}

/* The whole life of a connection with every debug message on; then no secret may appear in
 * what was printed. The child writes the secrets it saw to a file for the parent to look for. */
static void
test_no_secrets_in_logs (void)
{
  g_autofree char *secrets_path = g_build_filename (g_get_tmp_dir (), "aud-conn-secrets-XXXXXX", NULL);

  if (!aud_test_have_secret_service ())
    {
      g_test_skip ("no unlocked Secret Service on this session bus");
      return;
    }

  if (g_test_subprocess ())
    {
      Fixture f = { 0 };
      g_autoptr(GError) error = NULL;
      g_autoptr(GString) secrets = g_string_new (NULL);
      g_autofree char *verifier = NULL, *access = NULL, *refresh = NULL, *rotated = NULL;
      WorkerCall call = { 0 };
      g_autoptr(AudConnectionInfo) info = NULL;
      Result r = { 0 };

      /* The child is a fresh exec of this binary: turn every debug message on, as a user
       * hunting a problem would, before anything runs. */
      g_setenv ("G_MESSAGES_DEBUG", "all", TRUE);
      fixture_setup_with (&f, TRUE, FALSE);
      f.manual_redirect = TRUE;
      g_signal_connect (f.connection, "notify::redirect-uri", G_CALLBACK (redirect_uri_cb), &f);
      aud_connection_connect_async (f.connection, aud_demo_org_get_login_url (f.demo), AUD_DEMO_ORG_CLIENT_ID,
                                    NULL, connect_cb, &r);
      while (aud_connection_get_status (f.connection) != AUD_CONNECTION_STATUS_WAITING_FOR_BROWSER)
        g_main_context_iteration (NULL, TRUE);
      verifier = aud_connection_dup_pending_verifier (f.connection);
      authorize_url_cb (f.connection, NULL, &f);
      wait_for (&r);
      g_assert_no_error (r.error);

      access = aud_credentials_dup_access_token (aud_connection_get_credentials (f.connection), NULL);
      refresh = stored_refresh_token (&f, &error);
      aud_demo_org_expire_access_tokens (f.demo);
      info = aud_connection_dup_info (f.connection);
      call.credentials = aud_connection_get_credentials (f.connection);
      call.instance_url = info->instance_url;
      run_workers (&call, 1);
      g_assert_no_error (call.error);
      json_node_unref (call.result);
      rotated = stored_refresh_token (&f, &error);
      g_assert_cmpstr (rotated, !=, refresh);

      r = (Result) { 0 };
      aud_connection_disconnect_async (f.connection, FALSE, NULL, disconnect_cb, &r);
      wait_for (&r);
      g_assert_no_error (r.error);

      g_assert_nonnull (f.code);
      g_assert_nonnull (verifier);
      g_assert_nonnull (access);
      g_string_append_printf (secrets, "%s\n%s\n%s\n%s\n%s\n", f.code, verifier, access, refresh, rotated);
      g_assert_true (g_file_set_contents (g_getenv ("AUD_TEST_SECRETS_FILE"), secrets->str, -1, NULL));
      fixture_teardown (&f, NULL);
      return;
    }

  {
    g_autofree char *contents = NULL;
    g_auto(GStrv) values = NULL;
    int fd = g_mkstemp (secrets_path);

    g_assert_cmpint (fd, >=, 0);
    close (fd);
    g_setenv ("AUD_TEST_SECRETS_FILE", secrets_path, TRUE);
    g_test_trap_subprocess (NULL, 120 * G_USEC_PER_SEC, G_TEST_SUBPROCESS_DEFAULT);
    g_test_trap_assert_passed ();

    /* The debug output was really on, and it talked about the flow… */
    g_test_trap_assert_stdout ("*Connected to Salesforce org*");
    g_test_trap_assert_stdout ("*Access token refreshed*");

    /* …but none of the five secrets is in it. */
    g_assert_true (g_file_get_contents (secrets_path, &contents, NULL, NULL));
    g_unlink (secrets_path);
    values = g_strsplit (g_strstrip (contents), "\n", -1);
    g_assert_cmpuint (g_strv_length (values), ==, 5);
    for (guint i = 0; values[i] != NULL; i++)
      {
        g_autofree char *pattern = g_strdup_printf ("*%s*", values[i]);

        g_assert_cmpuint (strlen (values[i]), >=, 20);
        g_assert_null (strchr (values[i], '*'));
        g_assert_null (strchr (values[i], '?'));
        g_test_trap_assert_stdout_unmatched (pattern);
        g_test_trap_assert_stderr_unmatched (pattern);
      }
  }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add ("/connection/connect", Fixture, NULL, fixture_setup, test_connect, fixture_teardown);
  g_test_add ("/connection/wrong-state-keeps-waiting", Fixture, NULL, fixture_setup,
              test_wrong_state_keeps_waiting, fixture_teardown);
  g_test_add ("/connection/access-denied", Fixture, NULL, fixture_setup_denying, test_access_denied,
              fixture_teardown);
  g_test_add ("/connection/cancel", Fixture, NULL, fixture_setup, test_cancel, fixture_teardown);
  g_test_add ("/connection/expired-access-token-refreshes", Fixture, NULL, fixture_setup_rotating,
              test_expired_access_token_refreshes, fixture_teardown);
  g_test_add ("/connection/revoked-refresh-token-needs-reconnect", Fixture, NULL, fixture_setup,
              test_revoked_refresh_token_needs_reconnect, fixture_teardown);
  g_test_add ("/connection/disconnect", Fixture, NULL, fixture_setup, test_disconnect, fixture_teardown);
  g_test_add_func ("/connection/no-keyring", test_no_keyring);
  g_test_add_func ("/connection/no-secrets-in-logs", test_no_secrets_in_logs);

  return g_test_run ();
}
