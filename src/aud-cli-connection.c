/* aud-cli-connection.c — `audiences connect` and `audiences disconnect`, like a CLI login
 *
 * connect prints the authorize URL (and opens a browser when there is a display), waits for the
 * loopback callback, stores the refresh token in the keyring and prints who is connected. With
 * --demo the demo org runs inside this process and the command plays the browser itself (the
 * demo org approves without asking), so scripts and tests can connect without a display.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib-unix.h>
#include <glib/gi18n.h>
#include <libsoup/soup.h>

#include "aud-cli-connection.h"
#include "aud-cli-private.h"
#include "aud-connection-private.h"
#include "aud-demo-org.h"
#include "aud-oauth-flow.h"
#include "aud-token-vault.h"

typedef struct
{
  GMainLoop     *loop;
  AudConnection *connection;
  AudDemoOrg    *demo;
  gboolean       demo_browser;
  gboolean       ok;
  GError        *error;
} ConnectRun;

/* The demo org's authorize page redirects at once: follow it like a browser would. */
static gpointer
demo_browser_thread (gpointer data)
{
  char *url = data;
  g_autoptr(SoupSession) session = soup_session_new ();
  g_autoptr(SoupMessage) msg = soup_message_new ("GET", url);
  g_autoptr(GBytes) body = NULL;
  g_autoptr(GError) error = NULL;

  body = soup_session_send_and_read (session, msg, NULL, &error);
  if (body == NULL)
    g_printerr (_("The demo sign-in page did not answer: %s\n"), error->message);
  g_free (url);
  return NULL;
}

static void
redirect_uri_notify_cb (AudConnection *connection,
                        GParamSpec    *pspec,
                        ConnectRun    *run)
{
  /* With --port 0 the callback is only known now; the demo org must accept it before the
   * browser step, as an admin registers it in a real org. */
  if (run->demo != NULL && aud_connection_get_redirect_uri (connection) != NULL)
    aud_demo_org_add_redirect_uri (run->demo, aud_connection_get_redirect_uri (connection));
}

static void
authorize_url_notify_cb (AudConnection *connection,
                         GParamSpec    *pspec,
                         ConnectRun    *run)
{
  const char *url = aud_connection_get_authorize_url (connection);

  if (url == NULL)
    return;

  g_print (_("To connect, open this address in your browser and sign in to Salesforce:\n\n  %s\n\n"), url);
  g_print (_("Waiting for the browser to come back to %s …\n"), aud_connection_get_redirect_uri (connection));

  if (run->demo_browser)
    g_thread_unref (g_thread_new ("demo-browser", demo_browser_thread, g_strdup (url)));
  else if (g_getenv ("DISPLAY") != NULL || g_getenv ("WAYLAND_DISPLAY") != NULL)
    {
      g_autoptr(GError) error = NULL;

      if (!g_app_info_launch_default_for_uri (url, NULL, &error))
        g_debug ("No browser opened: %s", error->message);
    }
}

static void
connect_done_cb (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  ConnectRun *run = user_data;

  run->ok = aud_connection_connect_finish (AUD_CONNECTION (source), result, &run->error);
  g_main_loop_quit (run->loop);
}

static gboolean
sigint_cb (gpointer user_data)
{
  ConnectRun *run = user_data;

  aud_connection_cancel (run->connection);
  return G_SOURCE_CONTINUE;
}

int
aud_cli_command_connect (AudCliContext  *ctx,
                 int             argc,
                 char          **argv)
{
  g_autoptr(GOptionContext) options = g_option_context_new (NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(AudConnection) connection = NULL;
  g_autoptr(AudDemoOrg) demo = NULL;
  g_autoptr(AudConnectionInfo) info = NULL;
  g_autofree char *login_host = NULL;
  g_autofree char *client_id = NULL;
  g_autofree char *path = NULL;
  gboolean use_demo = FALSE;
  int port = AUD_OAUTH_DEFAULT_PORT;
  int timeout = 300;
  ConnectRun run = { 0 };
  AudStore *store;
  guint sigint_id;
  const GOptionEntry entries[] = {
    { "login-host", 'l', 0, G_OPTION_ARG_STRING, &login_host,
      N_("Salesforce login host: login.salesforce.com (default), test.salesforce.com or your My Domain"), N_("URL") },
    { "client-id", 'c', 0, G_OPTION_ARG_STRING, &client_id,
      N_("Consumer key of your org’s External Client App"), N_("ID") },
    { "port", 'p', 0, G_OPTION_ARG_INT, &port,
      N_("Local port of the callback registered in the app (default 1717; 0 picks a free one)"), N_("N") },
    { "callback-path", 0, 0, G_OPTION_ARG_STRING, &path,
      N_("Path of the registered callback (default /OauthRedirect)"), N_("PATH") },
    { "timeout", 't', 0, G_OPTION_ARG_INT, &timeout,
      N_("Give up when the browser has not come back after this many seconds (default 300)"), N_("SECONDS") },
    { "demo", 0, 0, G_OPTION_ARG_NONE, &use_demo,
      N_("Connect to a demo org running inside this command (for trying things and tests)"), NULL },
    { NULL }
  };

  g_option_context_set_summary (options, _("Connect the workspace to Salesforce: sign in in the browser; "
                                           "the sign-in is kept in your keyring."));
  g_option_context_add_main_entries (options, entries, GETTEXT_PACKAGE);
  if (!aud_cli_parse (ctx, options, &argc, &argv))
    return AUD_CLI_EXIT_USAGE;
  if (port < 0 || port > 65535 || timeout < 0)
    {
      aud_cli_error (ctx, _("--port must be 0–65535 and --timeout positive."));
      return AUD_CLI_EXIT_USAGE;
    }

  store = aud_cli_open_store (ctx, &error);
  if (store == NULL)
    {
      aud_cli_error (ctx, "%s", error->message);
      return AUD_CLI_EXIT_FAILURE;
    }

  connection = aud_connection_new (store);
  aud_connection_set_callback (connection, (guint) port, path);
  aud_connection_set_timeouts (connection, (guint) timeout, AUD_TOKEN_VAULT_DEFAULT_TIMEOUT_MS);

  if (use_demo)
    {
      demo = aud_demo_org_new ();
      if (!aud_demo_org_start_in_thread (demo, &error))
        {
          aud_cli_error (ctx, _("The demo org did not start: %s"), error->message);
          return AUD_CLI_EXIT_FAILURE;
        }
      g_free (login_host);
      login_host = g_strdup (aud_demo_org_get_login_url (demo));
      if (client_id == NULL)
        client_id = g_strdup (AUD_DEMO_ORG_CLIENT_ID);
      run.demo_browser = TRUE;
    }
  else
    {
      info = aud_connection_dup_info (connection);
      if (login_host == NULL)
        login_host = g_strdup (info != NULL ? info->login_host : AUD_OAUTH_PRODUCTION_HOST);
      if (client_id == NULL && info != NULL)
        client_id = g_strdup (info->client_id);
      if (client_id == NULL)
        {
          aud_cli_error (ctx, _("Give the consumer key of your org’s External Client App with --client-id "
                                "(see the README for how an admin creates one)."));
          return AUD_CLI_EXIT_USAGE;
        }
    }

  run.loop = g_main_loop_new (NULL, FALSE);
  run.connection = connection;
  run.demo = demo;
  g_signal_connect (connection, "notify::redirect-uri", G_CALLBACK (redirect_uri_notify_cb), &run);
  g_signal_connect (connection, "notify::authorize-url", G_CALLBACK (authorize_url_notify_cb), &run);
  sigint_id = g_unix_signal_add (SIGINT, sigint_cb, &run);

  aud_connection_connect_async (connection, login_host, client_id, NULL, connect_done_cb, &run);
  g_main_loop_run (run.loop);
  g_source_remove (sigint_id);
  g_signal_handlers_disconnect_by_data (connection, &run);
  g_main_loop_unref (run.loop);

  if (!run.ok)
    {
      aud_cli_error (ctx, "%s", run.error->message);
      g_clear_error (&run.error);
      return AUD_CLI_EXIT_FAILURE;
    }

  g_clear_pointer (&info, aud_connection_info_free);
  info = aud_connection_dup_info (connection);
  g_print (_("Connected to Salesforce as %s (%s), org %s.\n"),
           info->display_name != NULL ? info->display_name : "", info->username, info->org_id);
  if (demo != NULL)
    g_print (_("The demo org stops when this command ends; use “audiences --demo” to explore it.\n"));
  return AUD_CLI_EXIT_OK;
}

typedef struct
{
  GMainLoop *loop;
  gboolean   ok;
  GError    *error;
} DisconnectRun;

static void
disconnect_done_cb (GObject      *source,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  DisconnectRun *run = user_data;

  run->ok = aud_connection_disconnect_finish (AUD_CONNECTION (source), result, &run->error);
  g_main_loop_quit (run->loop);
}

int
aud_cli_command_disconnect (AudCliContext  *ctx,
                    int             argc,
                    char          **argv)
{
  g_autoptr(GOptionContext) options = g_option_context_new (NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(AudConnection) connection = NULL;
  gboolean delete_data = FALSE;
  DisconnectRun run = { 0 };
  AudStore *store;
  const GOptionEntry entries[] = {
    { "delete-local-data", 0, 0, G_OPTION_ARG_NONE, &delete_data,
      N_("Also delete the Salesforce records copied into this workspace"), NULL },
    { NULL }
  };

  g_option_context_set_summary (options, _("Sign out of Salesforce: revoke the sign-in and remove it from "
                                           "the keyring. Local data stays unless --delete-local-data."));
  g_option_context_add_main_entries (options, entries, GETTEXT_PACKAGE);
  if (!aud_cli_parse (ctx, options, &argc, &argv))
    return AUD_CLI_EXIT_USAGE;

  store = aud_cli_open_store (ctx, &error);
  if (store == NULL)
    {
      aud_cli_error (ctx, "%s", error->message);
      return AUD_CLI_EXIT_FAILURE;
    }

  connection = aud_connection_new (store);
  run.loop = g_main_loop_new (NULL, FALSE);
  aud_connection_disconnect_async (connection, delete_data, NULL, disconnect_done_cb, &run);
  g_main_loop_run (run.loop);
  g_main_loop_unref (run.loop);

  if (!run.ok)
    {
      aud_cli_error (ctx, "%s", run.error->message);
      g_clear_error (&run.error);
      return AUD_CLI_EXIT_FAILURE;
    }

  g_print (delete_data ? _("Disconnected from Salesforce; local Salesforce data deleted.\n")
                       : _("Disconnected from Salesforce; local data kept.\n"));
  return AUD_CLI_EXIT_OK;
}

/* For `status`: is the sign-in actually in the keyring? Only asked when the workspace says it
 * is connected, so a fresh workspace never touches the session bus. */
void
aud_cli_connection_print_keyring (AudCliContext *ctx,
                                  AudStore      *store)
{
  g_autoptr(AudConnectionInfo) info = aud_store_load_connection (store, NULL);
  g_autoptr(GError) error = NULL;
  g_autofree char *token = NULL;
  AudTokenKey key;

  if (info == NULL || info->state == AUD_CONNECTION_STATE_DISCONNECTED || info->org_id == NULL ||
      info->user_id == NULL)
    return;

  key = (AudTokenKey) { .org_id = info->org_id, .user_id = info->user_id };
  token = aud_token_vault_lookup_sync (&key, 5000, NULL, &error);
  if (token != NULL)
    g_print (_("  Keyring:     sign-in stored\n"));
  else
    g_print (_("  Keyring:     %s\n"), error->message);
  if (token != NULL)
    aud_secret_free (g_steal_pointer (&token));
}
