/* test-connection-page.c — the Connection page in every state, driven through its actions
 * against the demo org, with a PNG of each state for people to look at
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <adwaita.h>
#include <glib/gstdio.h>
#include <string.h>

#include "aud-connection-page.h"
#include "aud-connection-private.h"
#include "aud-demo-org.h"
#include "aud-oauth-flow.h"
#include "aud-salesforce-client.h"
#include "aud-test-bus.h"

typedef struct
{
  char              *dir;
  AudStore          *store;
  AudDemoOrg        *demo;
  AudConnection     *connection;
  GtkWindow         *window;
  AudConnectionPage *page;
  char              *shots;
} Fixture;

static void
iterate (guint ms)
{
  gint64 until = g_get_monotonic_time () + ms * 1000;

  while (g_get_monotonic_time () < until)
    {
      while (g_main_context_iteration (NULL, FALSE))
        ;
      g_usleep (5000);
    }
}

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;
  GtkWidget *overlay;

  f->dir = g_dir_make_tmp ("aud-conn-page-XXXXXX", NULL);
  path = g_build_filename (f->dir, "workspace.db", NULL);
  f->store = aud_store_open (path, &error);
  g_assert_no_error (error);

  f->demo = aud_demo_org_new ();
  g_object_set (f->demo, "accounts", 3, "contacts", 5, "leads", 0, "opportunities", 0, NULL);
  g_assert_true (aud_demo_org_start_in_thread (f->demo, &error));

  aud_test_wait_until_serving (aud_demo_org_get_instance_url (f->demo));
  f->connection = aud_connection_new (f->store);
  aud_connection_set_callback (f->connection, 0, NULL);
  aud_connection_set_timeouts (f->connection, 60, 10000);
  if (data != NULL)
    aud_connection_set_preset (f->connection, aud_demo_org_get_login_url (f->demo), AUD_DEMO_ORG_CLIENT_ID);

  f->window = GTK_WINDOW (adw_window_new ());
  gtk_window_set_default_size (f->window, 900, 760);
  gtk_window_set_title (f->window, "Connection");
  overlay = adw_toast_overlay_new ();
  f->page = g_object_new (AUD_TYPE_CONNECTION_PAGE, NULL);
  adw_toast_overlay_set_child (ADW_TOAST_OVERLAY (overlay), GTK_WIDGET (f->page));
  adw_window_set_content (ADW_WINDOW (f->window), overlay);
  aud_connection_page_set_connection (f->page, f->connection);
  gtk_window_present (f->window);
  iterate (200);

  f->shots = g_build_filename (g_getenv ("G_TEST_BUILDDIR") ? g_getenv ("G_TEST_BUILDDIR") : ".",
                               "screenshots", "connection-page", NULL);
  g_mkdir_with_parents (f->shots, 0755);
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  gtk_window_destroy (f->window);
  iterate (50);
  g_clear_object (&f->connection);
  g_clear_object (&f->store);
  aud_demo_org_stop (f->demo);
  g_clear_object (&f->demo);
  {
    g_autoptr(GDir) dir = g_dir_open (f->dir, 0, NULL);
    const char *name;
    while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
      {
        g_autofree char *child = g_build_filename (f->dir, name, NULL);
        g_unlink (child);
      }
  }
  g_rmdir (f->dir);
  g_free (f->dir);
  g_free (f->shots);
  adw_style_manager_set_color_scheme (adw_style_manager_get_default (), ADW_COLOR_SCHEME_DEFAULT);
}

/* Renders a toplevel as GTK draws it, for a person to look at (not compared by the test). */
static void
save_shot (Fixture    *f,
           GtkWidget  *widget,
           const char *name)
{
  g_autoptr(GdkPaintable) paintable = NULL;
  g_autoptr(GskRenderNode) node = NULL;
  g_autoptr(GdkTexture) texture = NULL;
  g_autofree char *file = NULL;
  g_autofree char *path = NULL;
  GtkSnapshot *snapshot;
  int width, height;

  iterate (400);   /* transitions and the spinner settle */
  width = gtk_widget_get_width (widget);
  height = gtk_widget_get_height (widget);
  g_assert_cmpint (width, >, 0);
  paintable = gtk_widget_paintable_new (widget);
  /* A window that just mapped may not have drawn its first frame yet. */
  for (guint tries = 0; node == NULL && tries < 50; tries++)
    {
      snapshot = gtk_snapshot_new ();
      gdk_paintable_snapshot (paintable, snapshot, width, height);
      node = gtk_snapshot_free_to_node (snapshot);
      if (node == NULL)
        iterate (100);
    }
  g_assert_nonnull (node);
  texture = gsk_renderer_render_texture (gtk_native_get_renderer (gtk_widget_get_native (widget)), node,
                                         &GRAPHENE_RECT_INIT (0, 0, width, height));
  file = g_strconcat (name, ".png", NULL);
  path = g_build_filename (f->shots, file, NULL);
  g_assert_true (gdk_texture_save_to_png (texture, path));
}

static void
activate (Fixture    *f,
          const char *action)
{
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->page), action, NULL));
}

static void
wait_for_state (Fixture    *f,
                const char *state)
{
  gint64 deadline = g_get_monotonic_time () + 20 * G_USEC_PER_SEC;

  while (g_strcmp0 (aud_connection_page_get_state_name (f->page), state) != 0)
    {
      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
      g_main_context_iteration (NULL, TRUE);
    }
}

static gpointer
browser_thread (gpointer data)
{
  char *url = data;
  g_autoptr(SoupSession) session = soup_session_new ();
  g_autoptr(SoupMessage) msg = soup_message_new ("GET", url);
  g_autoptr(GBytes) body = soup_session_send_and_read (session, msg, NULL, NULL);

  g_free (url);
  return GUINT_TO_POINTER (soup_message_get_status (msg));
}

/* Registers the callback in the demo org (what an admin does in Setup) and signs in there. */
static void
sign_in_in_browser (Fixture *f)
{
  GThread *thread;

  aud_demo_org_add_redirect_uri (f->demo, aud_connection_get_redirect_uri (f->connection));
  thread = g_thread_new ("browser", browser_thread, g_strdup (aud_connection_get_authorize_url (f->connection)));
  while (aud_connection_get_status (f->connection) != AUD_CONNECTION_STATUS_CONNECTED)
    g_main_context_iteration (NULL, TRUE);
  g_assert_cmpuint (GPOINTER_TO_UINT (g_thread_join (thread)), ==, 200);
}

static void
read_text_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  char **text = user_data;

  *text = gdk_clipboard_read_text_finish (GDK_CLIPBOARD (source), result, NULL);
  if (*text == NULL)
    *text = g_strdup ("");
}

static char *
read_clipboard (GtkWidget *widget)
{
  char *text = NULL;

  gdk_clipboard_read_text_async (gtk_widget_get_clipboard (widget), NULL, read_text_cb, &text);
  while (text == NULL)
    g_main_context_iteration (NULL, TRUE);
  return text;
}

static GtkWidget *
find_dialog (void)
{
  GListModel *toplevels = gtk_window_get_toplevels ();   /* not ours to unref */

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GObject) w = g_list_model_get_item (toplevels, i);
      if (ADW_IS_MESSAGE_DIALOG (w) && gtk_widget_get_visible (GTK_WIDGET (w)))
        return GTK_WIDGET (w);
    }
  return NULL;
}

static gpointer
revoke_thread (gpointer data)
{
  Fixture *f = data;
  g_autoptr(AudConnectionInfo) info = aud_connection_dup_info (f->connection);
  AudCredentials *credentials = aud_connection_get_credentials (f->connection);
  g_autoptr(SoupSession) session = soup_session_new ();
  g_autofree char *refresh = aud_credentials_dup_refresh_token (credentials, NULL, NULL);
  g_autoptr(AudSalesforceClient) client = NULL;
  g_autoptr(JsonNode) node = NULL;
  g_autoptr(GError) error = NULL;

  aud_oauth_revoke (session, info->login_host, refresh, NULL, NULL);
  aud_demo_org_expire_access_tokens (f->demo);
  client = aud_salesforce_client_new (credentials, info->instance_url, info->api_version);
  node = aud_salesforce_client_get_json (client, "limits/", NULL, NULL, &error);
  g_assert_error (error, AUD_CRM_ERROR, AUD_CRM_ERROR_NEEDS_RECONNECT);
  return NULL;
}

static void
test_sign_in_form (Fixture       *f,
                   gconstpointer  data)
{
  AdwComboRow *host_row = NULL;

  g_assert_cmpstr (aud_connection_page_get_state_name (f->page), ==, "disconnected");
  g_assert_null (aud_connection_page_get_error (f->page));
  save_shot (f, GTK_WIDGET (f->window), "1-not-connected");

  /* A plain-http address for a real host is refused before anything else happens, with a
   * message that says what to change. */
  gtk_widget_activate_action (GTK_WIDGET (f->page), "connection.connect", NULL);
  iterate (50);
  g_assert_nonnull (aud_connection_page_get_error (f->page));
  g_assert_nonnull (strstr (aud_connection_page_get_error (f->page), "client id"));
  g_assert_cmpstr (aud_connection_page_get_state_name (f->page), ==, "disconnected");
  save_shot (f, GTK_WIDGET (f->window), "2-not-connected-error");
  (void) host_row;

  adw_style_manager_set_color_scheme (adw_style_manager_get_default (), ADW_COLOR_SCHEME_FORCE_DARK);
  save_shot (f, GTK_WIDGET (f->window), "2-not-connected-error-dark");
}

static void
test_states_with_demo_org (Fixture       *f,
                           gconstpointer  data)
{
  GtkWidget *dialog;
  GThread *thread;

  if (!aud_test_have_secret_service ())
    {
      g_test_skip ("no unlocked Secret Service on this session bus");
      return;
    }

  /* The demo org is offered first, with its built-in client id. */
  g_assert_cmpstr (aud_connection_page_get_state_name (f->page), ==, "disconnected");
  save_shot (f, GTK_WIDGET (f->window), "3-not-connected-demo");

  activate (f, "connection.connect");
  wait_for_state (f, "waiting");
  g_assert_nonnull (aud_connection_get_authorize_url (f->connection));
  g_assert_true (g_str_has_prefix (aud_connection_get_authorize_url (f->connection),
                                   aud_demo_org_get_login_url (f->demo)));
  save_shot (f, GTK_WIDGET (f->window), "4-waiting-for-browser");

  /* Copy puts the whole address on the clipboard, for when no browser opened. */
  activate (f, "connection.copy-url");
  {
    g_autofree char *copied = read_clipboard (GTK_WIDGET (f->page));
    g_assert_cmpstr (copied, ==, aud_connection_get_authorize_url (f->connection));
  }

  /* Cancel goes back to the form without an error banner. */
  activate (f, "connection.cancel");
  wait_for_state (f, "disconnected");
  iterate (50);
  g_assert_null (aud_connection_page_get_error (f->page));

  activate (f, "connection.connect");
  wait_for_state (f, "waiting");
  sign_in_in_browser (f);
  wait_for_state (f, "connected");
  save_shot (f, GTK_WIDGET (f->window), "5-connected");
  adw_style_manager_set_color_scheme (adw_style_manager_get_default (), ADW_COLOR_SCHEME_FORCE_DARK);
  save_shot (f, GTK_WIDGET (f->window), "5-connected-dark");
  adw_style_manager_set_color_scheme (adw_style_manager_get_default (), ADW_COLOR_SCHEME_DEFAULT);

  /* The admin revokes access; the next API call finds out and the page asks to reconnect. */
  thread = g_thread_new ("revoke", revoke_thread, f);
  g_thread_join (thread);
  wait_for_state (f, "reconnect");
  save_shot (f, GTK_WIDGET (f->window), "6-needs-reconnect");

  /* Reconnect signs in again. */
  activate (f, "connection.reconnect");
  wait_for_state (f, "waiting");
  sign_in_in_browser (f);
  wait_for_state (f, "connected");

  /* Disconnect asks first. */
  activate (f, "connection.disconnect");
  iterate (200);
  dialog = find_dialog ();
  g_assert_nonnull (dialog);
  save_shot (f, dialog, "7-disconnect-dialog");
  adw_message_dialog_response (ADW_MESSAGE_DIALOG (dialog), "keep");
  wait_for_state (f, "disconnected");
  g_assert_cmpint (aud_connection_get_status (f->connection), ==, AUD_CONNECTION_STATUS_DISCONNECTED);
  g_assert_null (aud_connection_get_credentials (f->connection));
}

int
main (int   argc,
      char *argv[])
{
  gtk_test_init (&argc, &argv, NULL);
  adw_init ();

  g_test_add ("/connection-page/sign-in-form", Fixture, NULL, fixture_setup, test_sign_in_form, fixture_teardown);
  g_test_add ("/connection-page/states-with-demo-org", Fixture, GINT_TO_POINTER (1), fixture_setup,
              test_states_with_demo_org, fixture_teardown);

  return g_test_run ();
}
