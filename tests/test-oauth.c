/* test-oauth.c — PKCE, login hosts, the loopback receiver played by a real HTTP client, and the
 * refresh token in the real keyring (and its absence)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <libsoup/soup.h>
#include <glib/gstdio.h>
#include <signal.h>
#include <string.h>

#include "aud-loopback-receiver.h"
#include "aud-oauth-flow.h"
#include "aud-pkce.h"
#include "aud-test-bus.h"
#include "aud-token-vault.h"

/* ---- PKCE ---- */

static void
test_pkce_values (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *v1 = aud_pkce_new_verifier (&error);
  g_autofree char *v2 = aud_pkce_new_verifier (&error);
  g_autofree char *state = aud_pkce_new_state (&error);
  g_autofree char *challenge = NULL;

  g_assert_no_error (error);
  /* RFC 7636: 43–128 characters of [A-Za-z0-9-._~]. */
  g_assert_cmpuint (strlen (v1), ==, 43);
  g_assert_cmpuint (strspn (v1, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"), ==, 43);
  g_assert_cmpstr (v1, !=, v2);
  g_assert_cmpuint (strlen (state), >=, 22);

  /* Independently computed: base64url(sha256("dBjf…k2M")) without padding. */
  challenge = aud_pkce_challenge_s256 ("dBjftJeZ4CVP-mJ92ZT5PmN05k7Y1vK45EizGgL7k2M");
  g_assert_cmpstr (challenge, ==, "ZlpgzODZHpSozMtdiCG9eERf9WgT5cf1KwqQd-8IgEw");
}

/* ---- login hosts ---- */

static void
test_login_hosts (void)
{
  const struct { const char *input; const char *expected; } good[] = {
    { "https://login.salesforce.com", "https://login.salesforce.com" },
    { "https://login.salesforce.com/", "https://login.salesforce.com" },
    { "  MyCompany.my.salesforce.com ", "https://mycompany.my.salesforce.com" },
    { "https://acme--uat.sandbox.my.salesforce.com", "https://acme--uat.sandbox.my.salesforce.com" },
    { "http://127.0.0.1:4242", "http://127.0.0.1:4242" },
    { "http://localhost:8080/", "http://localhost:8080" },
  };
  const char *bad[] = {
    "", "http://login.salesforce.com", "https://login.salesforce.com/services/oauth2/authorize",
    "https://user@login.salesforce.com", "https://login.salesforce.com?x=1", "ftp://example.com",
    "http://10.0.0.5",
  };

  for (guint i = 0; i < G_N_ELEMENTS (good); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autofree char *host = aud_oauth_normalize_login_host (good[i].input, &error);

      g_assert_no_error (error);
      g_assert_cmpstr (host, ==, good[i].expected);
    }
  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autofree char *host = aud_oauth_normalize_login_host (bad[i], &error);

      g_assert_null (host);
      g_assert_error (error, AUD_AUTH_ERROR, AUD_AUTH_ERROR_INVALID_LOGIN_HOST);
    }

  g_assert_true (aud_oauth_login_host_is_sandbox ("https://test.salesforce.com", NULL));
  g_assert_true (aud_oauth_login_host_is_sandbox ("https://acme--uat.sandbox.my.salesforce.com", NULL));
  g_assert_false (aud_oauth_login_host_is_sandbox ("https://login.salesforce.com",
                                                   "https://acme.my.salesforce.com"));
}

static void
test_authorize_url (void)
{
  g_autofree char *url = aud_oauth_build_authorize_url ("https://login.salesforce.com", "client+id",
                                                        "http://localhost:1717/OauthRedirect",
                                                        "CHALLENGE", "STATE");
  g_autoptr(GUri) uri = g_uri_parse (url, G_URI_FLAGS_ENCODED, NULL);
  g_autoptr(GHashTable) query = soup_form_decode (g_uri_get_query (uri));

  g_assert_cmpstr (g_uri_get_path (uri), ==, "/services/oauth2/authorize");
  g_assert_cmpstr (g_hash_table_lookup (query, "response_type"), ==, "code");
  g_assert_cmpstr (g_hash_table_lookup (query, "client_id"), ==, "client+id");
  g_assert_cmpstr (g_hash_table_lookup (query, "redirect_uri"), ==, "http://localhost:1717/OauthRedirect");
  g_assert_cmpstr (g_hash_table_lookup (query, "scope"), ==, "api refresh_token");
  g_assert_cmpstr (g_hash_table_lookup (query, "code_challenge"), ==, "CHALLENGE");
  g_assert_cmpstr (g_hash_table_lookup (query, "code_challenge_method"), ==, "S256");
  g_assert_cmpstr (g_hash_table_lookup (query, "state"), ==, "STATE");
}

/* ---- the loopback receiver, with a real HTTP client in a thread as the browser ---- */

typedef struct
{
  char   *url;
  guint   status;
  char   *body;
  gboolean done;
} BrowserGet;

static gpointer
browser_thread (gpointer data)
{
  BrowserGet *get = data;
  g_autoptr(SoupSession) session = soup_session_new ();
  g_autoptr(SoupMessage) msg = soup_message_new ("GET", get->url);
  g_autoptr(GBytes) body = soup_session_send_and_read (session, msg, NULL, NULL);

  get->status = soup_message_get_status (msg);
  get->body = body != NULL ? g_strndup (g_bytes_get_data (body, NULL), g_bytes_get_size (body)) : NULL;
  g_atomic_int_set (&get->done, TRUE);
  g_main_context_wakeup (NULL);
  return NULL;
}

/* Plays the browser: GET the URL while this thread's main loop serves the receiver. */
static guint
browse (const char  *url,
        char       **body)
{
  BrowserGet get = { .url = (char *) url };
  GThread *thread = g_thread_new ("browser", browser_thread, &get);

  while (!g_atomic_int_get (&get.done))
    g_main_context_iteration (NULL, TRUE);
  g_thread_join (thread);

  if (body != NULL)
    *body = get.body;
  else
    g_free (get.body);
  return get.status;
}

typedef struct
{
  gboolean done;
  char    *code;
  GError  *error;
} WaitResult;

static void
wait_cb (GObject      *source,
         GAsyncResult *result,
         gpointer      user_data)
{
  WaitResult *r = user_data;

  r->code = aud_loopback_receiver_wait_finish (AUD_LOOPBACK_RECEIVER (source), result, &r->error);
  r->done = TRUE;
}

static void
run_until_done (WaitResult *r)
{
  while (!r->done)
    g_main_context_iteration (NULL, TRUE);
}

static char *
callback_url (AudLoopbackReceiver *receiver,
              const char          *query)
{
  g_autofree char *base = aud_loopback_receiver_dup_redirect_uri (receiver);

  return g_strdup_printf ("%s?%s", base, query);
}

static void
test_receiver_success_and_wrong_state (void)
{
  g_autoptr(AudLoopbackReceiver) receiver = aud_loopback_receiver_new (0, "/OauthRedirect", "right-state");
  g_autoptr(GError) error = NULL;
  g_autofree char *wrong = NULL, *right = NULL, *other_path = NULL, *again = NULL;
  g_autofree char *body = NULL;
  WaitResult r = { 0 };

  g_assert_true (aud_loopback_receiver_listen (receiver, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (aud_loopback_receiver_get_port (receiver), >, 0);
  aud_loopback_receiver_wait_async (receiver, 30, NULL, wait_cb, &r);

  /* A stale tab with another state is refused, and the receiver keeps waiting. */
  wrong = callback_url (receiver, "code=stolen&state=other-state");
  g_assert_cmpuint (browse (wrong, &body), ==, 400);
  g_assert_nonnull (strstr (body, "out of date"));
  g_clear_pointer (&body, g_free);
  g_main_context_iteration (NULL, FALSE);
  g_assert_false (r.done);
  g_assert_cmpuint (aud_loopback_receiver_get_rejected (receiver), ==, 1);

  /* Other paths are not the callback. */
  other_path = g_strdup_printf ("http://127.0.0.1:%u/favicon.ico", aud_loopback_receiver_get_port (receiver));
  g_assert_cmpuint (browse (other_path, NULL), ==, 404);
  g_assert_false (r.done);

  /* The right one completes with the (URL-decoded) code and tells the browser to go back. */
  right = callback_url (receiver, "code=aPrx%2Babc%3D%3D&state=right-state");
  g_assert_cmpuint (browse (right, &body), ==, 200);
  g_assert_nonnull (strstr (body, "return to Audiences"));
  run_until_done (&r);
  g_assert_no_error (r.error);
  g_assert_cmpstr (r.code, ==, "aPrx+abc==");
  g_free (r.code);

  /* One shot: a replay is told the sign-in is over. */
  again = callback_url (receiver, "code=second&state=right-state");
  g_assert_cmpuint (browse (again, NULL), ==, 410);
}

static void
test_receiver_access_denied (void)
{
  g_autoptr(AudLoopbackReceiver) receiver = aud_loopback_receiver_new (0, NULL, "s1");
  g_autoptr(GError) error = NULL;
  g_autofree char *url = NULL;
  WaitResult r = { 0 };

  g_assert_true (aud_loopback_receiver_listen (receiver, &error));
  aud_loopback_receiver_wait_async (receiver, 30, NULL, wait_cb, &r);
  url = callback_url (receiver, "error=access_denied&error_description=end-user+denied+authorization&state=s1");
  g_assert_cmpuint (browse (url, NULL), ==, 200);
  run_until_done (&r);
  g_assert_error (r.error, AUD_AUTH_ERROR, AUD_AUTH_ERROR_ACCESS_DENIED);
  g_assert_nonnull (strstr (r.error->message, "end-user denied authorization"));
  g_assert_null (r.code);
  g_clear_error (&r.error);
}

static void
test_receiver_other_error_verbatim (void)
{
  g_autoptr(AudLoopbackReceiver) receiver = aud_loopback_receiver_new (0, NULL, "s2");
  g_autoptr(GError) error = NULL;
  g_autofree char *url = NULL;
  WaitResult r = { 0 };

  g_assert_true (aud_loopback_receiver_listen (receiver, &error));
  aud_loopback_receiver_wait_async (receiver, 30, NULL, wait_cb, &r);
  url = callback_url (receiver, "error=redirect_uri_mismatch&error_description=redirect_uri+must+match+configuration&state=s2");
  browse (url, NULL);
  run_until_done (&r);
  g_assert_error (r.error, AUD_AUTH_ERROR, AUD_AUTH_ERROR_AUTHORIZATION);
  g_assert_nonnull (strstr (r.error->message, "redirect_uri_mismatch"));
  g_assert_nonnull (strstr (r.error->message, "redirect_uri must match configuration"));
  g_clear_error (&r.error);
}

static void
test_receiver_port_taken (void)
{
  g_autoptr(AudLoopbackReceiver) first = aud_loopback_receiver_new (0, NULL, "a");
  g_autoptr(AudLoopbackReceiver) second = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_true (aud_loopback_receiver_listen (first, &error));
  second = aud_loopback_receiver_new (aud_loopback_receiver_get_port (first), NULL, "b");
  g_assert_false (aud_loopback_receiver_listen (second, &error));
  g_assert_error (error, AUD_AUTH_ERROR, AUD_AUTH_ERROR_PORT_IN_USE);
  g_assert_nonnull (strstr (error->message, "already used"));
}

static void
test_receiver_timeout_and_cancel (void)
{
  g_autoptr(AudLoopbackReceiver) receiver = aud_loopback_receiver_new (0, NULL, "t");
  g_autoptr(AudLoopbackReceiver) receiver2 = aud_loopback_receiver_new (0, NULL, "c");
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GError) error = NULL;
  WaitResult r = { 0 }, r2 = { 0 };

  g_assert_true (aud_loopback_receiver_listen (receiver, &error));
  aud_loopback_receiver_wait_async (receiver, 1, NULL, wait_cb, &r);
  run_until_done (&r);
  g_assert_error (r.error, AUD_AUTH_ERROR, AUD_AUTH_ERROR_TIMED_OUT);
  g_clear_error (&r.error);

  g_assert_true (aud_loopback_receiver_listen (receiver2, &error));
  aud_loopback_receiver_wait_async (receiver2, 60, cancellable, wait_cb, &r2);
  g_cancellable_cancel (cancellable);
  run_until_done (&r2);
  g_assert_error (r2.error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_clear_error (&r2.error);
}

/* ---- the keyring ---- */

static void
test_vault_round_trip (void)
{
  g_autofree char *org = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *token = NULL;
  AudTokenKey key = { .user_id = "005000000000001AAA", .login_host = "http://127.0.0.1:1", .username = "t@example.com" };
  AudTokenKey other = key;

  if (!aud_test_have_secret_service ())
    {
      g_test_skip ("no unlocked Secret Service on this session bus");
      return;
    }

  /* A fresh org id per run, so reruns against the same keyring do not see old items. */
  org = g_strdup_printf ("00D%015" G_GINT64_MODIFIER "d", g_get_real_time () % 1000000000000000);
  key.org_id = org;
  other.org_id = "00D000000000000ZZZ";

  token = aud_token_vault_lookup_sync (&key, 5000, NULL, &error);
  g_assert_error (error, AUD_AUTH_ERROR, AUD_AUTH_ERROR_NO_TOKEN);
  g_assert_null (token);
  g_clear_error (&error);

  g_assert_true (aud_token_vault_store_sync (&key, "5Aep861-refresh-one", 5000, NULL, &error));
  g_assert_no_error (error);
  token = aud_token_vault_lookup_sync (&key, 5000, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (token, ==, "5Aep861-refresh-one");
  g_clear_pointer (&token, g_free);

  /* Storing again replaces (a rotated refresh token), it does not add a second item. */
  g_assert_true (aud_token_vault_store_sync (&key, "5Aep861-refresh-two", 5000, NULL, &error));
  token = aud_token_vault_lookup_sync (&key, 5000, NULL, &error);
  g_assert_cmpstr (token, ==, "5Aep861-refresh-two");
  g_clear_pointer (&token, g_free);

  /* Another org's key does not see it. */
  token = aud_token_vault_lookup_sync (&other, 5000, NULL, &error);
  g_assert_error (error, AUD_AUTH_ERROR, AUD_AUTH_ERROR_NO_TOKEN);
  g_clear_error (&error);

  g_assert_true (aud_token_vault_clear_sync (&key, 5000, NULL, &error));
  g_assert_no_error (error);
  token = aud_token_vault_lookup_sync (&key, 5000, NULL, &error);
  g_assert_error (error, AUD_AUTH_ERROR, AUD_AUTH_ERROR_NO_TOKEN);
  g_assert_null (token);
}

/* A session bus of our own where nothing provides org.freedesktop.secrets. Runs in a
 * subprocess, because GDBus caches the session bus per process. */
static void
test_vault_no_secret_service (void)
{
  if (g_test_subprocess ())
    {
      g_autoptr(GError) error = NULL;
      AudTokenKey key = { .org_id = "00D000000000001AAA", .user_id = "005000000000001AAA" };

      g_assert_false (aud_token_vault_check_sync (5000, NULL, &error));
      g_assert_error (error, AUD_AUTH_ERROR, AUD_AUTH_ERROR_NO_KEYRING);
      g_assert_nonnull (strstr (error->message, "keyring"));
      g_clear_error (&error);
      g_assert_false (aud_token_vault_store_sync (&key, "never-stored", 5000, NULL, &error));
      g_assert_error (error, AUD_AUTH_ERROR, AUD_AUTH_ERROR_NO_KEYRING);
      return;
    }

  if (aud_test_trap_on_empty_bus (20 * G_USEC_PER_SEC))
    g_test_trap_assert_passed ();
}

/* Runs inside its own session bus and keyring (see test_vault_locked), with no display, so
 * the unlock prompt cannot show: that is how a locked keyring looks to a headless run. */
static void
test_vault_locked_inner (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GDBusConnection) bus = NULL;
  g_autoptr(GVariant) reply = NULL;
  g_autofree char *token = NULL;
  AudTokenKey key = { .org_id = "00D000000000001AAA", .user_id = "005000000000001AAA" };
  const char *locked[] = { "/org/freedesktop/secrets/collection/login", NULL };

  g_assert_true (aud_token_vault_store_sync (&key, "5Aep861-before-locking", 5000, NULL, &error));
  g_assert_no_error (error);

  bus = g_bus_get_sync (G_BUS_TYPE_SESSION, NULL, &error);
  reply = g_dbus_connection_call_sync (bus, "org.freedesktop.secrets", "/org/freedesktop/secrets",
                                       "org.freedesktop.Secret.Service", "Lock",
                                       g_variant_new ("(^ao)", locked), NULL, G_DBUS_CALL_FLAGS_NONE,
                                       5000, NULL, &error);
  g_assert_no_error (error);

  /* A locked keyring hides its items rather than failing: the vault must say "unlock", not
   * "missing" (which would send the user to reconnect for nothing). Depending on how the failed
   * prompt reaches libsecret that is "locked" or, when libsecret never finishes, the timeout. */
  token = aud_token_vault_lookup_sync (&key, 3000, NULL, &error);
  g_assert_null (token);
  g_assert_true (g_error_matches (error, AUD_AUTH_ERROR, AUD_AUTH_ERROR_KEYRING_LOCKED) ||
                 g_error_matches (error, AUD_AUTH_ERROR, AUD_AUTH_ERROR_KEYRING_TIMEOUT));
  g_assert_nonnull (strstr (error->message, "nlock"));
  g_clear_error (&error);

  g_assert_false (aud_token_vault_store_sync (&key, "5Aep861-after-locking", 3000, NULL, &error));
  g_assert_true (g_error_matches (error, AUD_AUTH_ERROR, AUD_AUTH_ERROR_KEYRING_LOCKED) ||
                 g_error_matches (error, AUD_AUTH_ERROR, AUD_AUTH_ERROR_KEYRING_DISMISSED) ||
                 g_error_matches (error, AUD_AUTH_ERROR, AUD_AUTH_ERROR_KEYRING_TIMEOUT));
}

static void
test_vault_locked (void)
{
  g_autofree char *dir = g_dir_make_tmp ("aud-keyring-XXXXXX", NULL);
  g_autofree char *out = NULL, *err = NULL;
  g_auto(GStrv) envp = g_get_environ ();
  g_autoptr(GError) error = NULL;
  const char *script =
    "printf x | gnome-keyring-daemon --unlock --components=secrets >/dev/null || exit 77; "
    "for i in $(seq 50); do gdbus call --session -d org.freedesktop.DBus -o /org/freedesktop/DBus "
    "-m org.freedesktop.DBus.NameHasOwner org.freedesktop.secrets 2>/dev/null | grep -q true && break; "
    "sleep 0.1; done; exec \"$0\" -p /oauth/vault/locked-inner";
  const char *argv[] = { "dbus-run-session", "--", "sh", "-c", script, g_test_get_filename (G_TEST_BUILT, "test-oauth", NULL), NULL };
  int status;

  if (!g_file_test (argv[5], G_FILE_TEST_IS_EXECUTABLE) || g_find_program_in_path ("gnome-keyring-daemon") == NULL)
    {
      g_test_skip ("gnome-keyring-daemon or the test binary is not available");
      return;
    }

  /* A keyring of its own (never the session's), and no display for a prompter to use. */
  envp = g_environ_unsetenv (envp, "DISPLAY");
  envp = g_environ_unsetenv (envp, "WAYLAND_DISPLAY");
  envp = g_environ_setenv (envp, "XDG_RUNTIME_DIR", dir, TRUE);
  envp = g_environ_setenv (envp, "XDG_DATA_HOME", dir, TRUE);
  envp = g_environ_setenv (envp, "AUD_TEST_KEYRING_INNER", "1", TRUE);
  /* libsecret 0.20.5 itself logs a critical when the prompt cannot be shown; that is its bug,
   * not ours, so criticals are not fatal in there. */
  envp = g_environ_setenv (envp, "G_DEBUG", "", TRUE);
  g_assert_true (g_spawn_sync (NULL, (char **) argv, envp, G_SPAWN_SEARCH_PATH, NULL, NULL,
                               &out, &err, &status, &error));
  g_assert_no_error (error);
  if (!g_spawn_check_wait_status (status, NULL))
    g_printerr ("%s\n%s\n", out, err);
  g_assert_true (g_spawn_check_wait_status (status, NULL));
  g_assert_nonnull (strstr (out, "ok 1 /oauth/vault/locked-inner"));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/oauth/pkce", test_pkce_values);
  g_test_add_func ("/oauth/login-hosts", test_login_hosts);
  g_test_add_func ("/oauth/authorize-url", test_authorize_url);
  g_test_add_func ("/oauth/receiver/success-and-wrong-state", test_receiver_success_and_wrong_state);
  g_test_add_func ("/oauth/receiver/access-denied", test_receiver_access_denied);
  g_test_add_func ("/oauth/receiver/other-error", test_receiver_other_error_verbatim);
  g_test_add_func ("/oauth/receiver/port-taken", test_receiver_port_taken);
  g_test_add_func ("/oauth/receiver/timeout-and-cancel", test_receiver_timeout_and_cancel);
  g_test_add_func ("/oauth/vault/round-trip", test_vault_round_trip);
  g_test_add_func ("/oauth/vault/no-secret-service", test_vault_no_secret_service);
  if (g_getenv ("AUD_TEST_KEYRING_INNER") != NULL)
    g_test_add_func ("/oauth/vault/locked-inner", test_vault_locked_inner);
  else
    g_test_add_func ("/oauth/vault/locked", test_vault_locked);

  return g_test_run ();
}
