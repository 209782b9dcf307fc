/* aud-application.c — the Audiences application: workspace, settings, actions
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "aud-application.h"
#include "aud-cli.h"
#include "aud-client-factory.h"
#include "aud-demo-org.h"
#include "aud-window.h"

struct _AudApplication
{
  AdwApplication  parent_instance;

  char           *workspace_path;
  gboolean        demo;
  AudStore       *store;
  GError         *store_error;    /* shown by the window instead of the pages */
  AudConnection  *connection;     /* the workspace's Salesforce connection, shared by all windows */
  AudDemoOrg     *demo_org;       /* with --demo: serves from its own thread while the app runs */
  AudClientFactory *client_factory; /* kept current with the connection, for the sync worker */
  AudSyncEngine  *sync_engine;
  GSettings      *settings;
  guint           auto_sync_id;
};

G_DEFINE_FINAL_TYPE (AudApplication, aud_application, ADW_TYPE_APPLICATION)

AudApplication *
aud_application_new (void)
{
  return g_object_new (AUD_TYPE_APPLICATION,
                       "application-id", APP_ID,
                       "flags", G_APPLICATION_DEFAULT_FLAGS,
                       "resource-base-path", "/org/example/Audiences",
                       NULL);
}

AudStore *
aud_application_get_store (AudApplication *self)
{
  g_return_val_if_fail (AUD_IS_APPLICATION (self), NULL);

  return self->store;
}

const GError *
aud_application_get_store_error (AudApplication *self)
{
  g_return_val_if_fail (AUD_IS_APPLICATION (self), NULL);

  return self->store_error;
}

AudSyncEngine *
aud_application_get_sync_engine (AudApplication *self)
{
  g_return_val_if_fail (AUD_IS_APPLICATION (self), NULL);

  return self->sync_engine;
}

AudClientFactory *
aud_application_get_client_factory (AudApplication *self)
{
  g_return_val_if_fail (AUD_IS_APPLICATION (self), NULL);

  return self->client_factory;
}

static void
update_client_factory (AudApplication *self)
{
  g_autoptr(AudConnectionInfo) info = aud_connection_dup_info (self->connection);
  AudCredentials *credentials = aud_connection_get_credentials (self->connection);

  if (info != NULL && credentials != NULL && aud_connection_get_status (self->connection) == AUD_CONNECTION_STATUS_CONNECTED)
    aud_client_factory_set (self->client_factory, credentials, info->instance_url, info->api_version);
  else
    aud_client_factory_set (self->client_factory, NULL, NULL, NULL);
}

static void
connection_notify_status_cb (AudApplication *self,
                             GParamSpec     *pspec,
                             AudConnection  *connection)
{
  update_client_factory (self);
}

static gboolean
auto_sync_cb (gpointer user_data)
{
  AudApplication *self = user_data;

  /* Only when connected and idle; a paused or failed run is retried on the next tick. */
  if (aud_connection_get_status (self->connection) == AUD_CONNECTION_STATUS_CONNECTED &&
      !aud_sync_engine_get_running (self->sync_engine))
    aud_sync_engine_start (self->sync_engine, NULL, NULL);

  return G_SOURCE_CONTINUE;
}

static void
schedule_auto_sync (AudApplication *self)
{
  guint minutes = g_settings_get_uint (self->settings, "auto-sync-interval");

  g_clear_handle_id (&self->auto_sync_id, g_source_remove);
  if (minutes > 0 && self->sync_engine != NULL)
    self->auto_sync_id = g_timeout_add_seconds (minutes * 60, auto_sync_cb, self);
}

static void
settings_changed_auto_sync_cb (AudApplication *self,
                               const char     *key,
                               GSettings      *settings)
{
  schedule_auto_sync (self);
}

AudConnection *
aud_application_get_connection (AudApplication *self)
{
  g_return_val_if_fail (AUD_IS_APPLICATION (self), NULL);

  return self->connection;
}

gboolean
aud_application_get_demo (AudApplication *self)
{
  g_return_val_if_fail (AUD_IS_APPLICATION (self), FALSE);

  return self->demo;
}

static int
aud_application_handle_local_options (GApplication *app,
                                      GVariantDict *options)
{
  AudApplication *self = AUD_APPLICATION (app);
  const char *workspace = NULL;

  if (g_variant_dict_lookup (options, "version", "b", NULL))
    {
      g_print ("audiences %s\n", PACKAGE_VERSION);
      return 0;
    }

  if (g_variant_dict_lookup (options, "workspace", "^&ay", &workspace))
    self->workspace_path = g_strdup (workspace);
  self->demo = g_variant_dict_contains (options, "demo");

  return G_APPLICATION_CLASS (aud_application_parent_class)->handle_local_options (app, options);
}

static void
aud_application_activate (GApplication *app)
{
  AudApplication *self = AUD_APPLICATION (app);
  GtkWindow *window;

  window = gtk_application_get_active_window (GTK_APPLICATION (app));
  if (window == NULL)
    window = GTK_WINDOW (aud_window_new (self));

  gtk_window_present (window);
}

static void
aud_application_startup (GApplication *app)
{
  AudApplication *self = AUD_APPLICATION (app);
  g_autofree char *path = NULL;

  G_APPLICATION_CLASS (aud_application_parent_class)->startup (app);

  path = self->workspace_path != NULL ? g_strdup (self->workspace_path) : aud_store_default_path ();
  self->store = aud_store_open (path, &self->store_error);
  if (self->store == NULL)
    {
      g_debug ("Workspace %s not opened: %s", path, self->store_error->message);
      return;
    }

  self->connection = aud_connection_new (self->store);
  {
    g_autoptr(GSettings) settings = g_settings_new (APP_ID);
    g_autofree char *callback_path = g_settings_get_string (settings, "oauth-callback-path");

    /* Must match the callback the org's admin registered, character for character. */
    aud_connection_set_callback (self->connection, g_settings_get_uint (settings, "oauth-callback-port"),
                                 callback_path);
  }

  if (self->demo)
    {
      g_autoptr(GError) error = NULL;

      self->demo_org = aud_demo_org_new ();
      if (aud_demo_org_start_in_thread (self->demo_org, &error))
        aud_connection_set_preset (self->connection, aud_demo_org_get_login_url (self->demo_org),
                                   AUD_DEMO_ORG_CLIENT_ID);
      else
        g_warning ("The demo org did not start: %s", error->message);
    }

  /* One sync worker for the app; it builds its own client from the connection when it runs. */
  self->client_factory = aud_client_factory_new ();
  update_client_factory (self);
  g_signal_connect_object (self->connection, "notify::status", G_CALLBACK (connection_notify_status_cb),
                           self, G_CONNECT_SWAPPED);
  self->sync_engine = aud_sync_engine_new (path, aud_client_factory_create_for_sync,
                                           g_object_ref (self->client_factory), g_object_unref);

  self->settings = g_settings_new (APP_ID);
  g_signal_connect_object (self->settings, "changed::auto-sync-interval",
                           G_CALLBACK (settings_changed_auto_sync_cb), self, G_CONNECT_SWAPPED);
  schedule_auto_sync (self);
}

static void
aud_application_dispose (GObject *object)
{
  AudApplication *self = AUD_APPLICATION (object);

  g_clear_handle_id (&self->auto_sync_id, g_source_remove);
  /* The engine joins its worker: the batch in flight commits or rolls back first. */
  g_clear_object (&self->sync_engine);
  g_clear_object (&self->client_factory);
  g_clear_object (&self->settings);
  g_clear_object (&self->connection);
  if (self->demo_org != NULL)
    aud_demo_org_stop (self->demo_org);
  g_clear_object (&self->demo_org);
  g_clear_object (&self->store);
  g_clear_error (&self->store_error);
  g_clear_pointer (&self->workspace_path, g_free);

  G_OBJECT_CLASS (aud_application_parent_class)->dispose (object);
}

static void
aud_application_class_init (AudApplicationClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GApplicationClass *app_class = G_APPLICATION_CLASS (klass);

  object_class->dispose = aud_application_dispose;
  app_class->activate = aud_application_activate;
  app_class->startup = aud_application_startup;
  app_class->handle_local_options = aud_application_handle_local_options;
}

static void
about_action (GSimpleAction *action,
              GVariant      *parameter,
              gpointer       user_data)
{
  AudApplication *self = user_data;
  const char *developers[] = { _("The Audiences developers"), NULL };
  GtkWindow *parent = gtk_application_get_active_window (GTK_APPLICATION (self));
  GtkWidget *about;

  about = g_object_new (ADW_TYPE_ABOUT_WINDOW,
                        "transient-for", parent,
                        "modal", TRUE,
                        "application-name", _("Audiences"),
                        "application-icon", APP_ID,
                        "developer-name", _("The Audiences developers"),
                        "version", PACKAGE_VERSION,
                        "comments", _("Bring your CRM data into one local, trusted audience, "
                                      "clean it, and write improvements back."),
                        "license-type", GTK_LICENSE_GPL_3_0,
                        "developers", developers,
                        "translator-credits", _("translator-credits"),
                        NULL);
  gtk_window_present (GTK_WINDOW (about));
}

static void
quit_action (GSimpleAction *action,
             GVariant      *parameter,
             gpointer       user_data)
{
  AudApplication *self = user_data;
  GList *windows = gtk_application_get_windows (GTK_APPLICATION (self));

  /* Close windows first so each saves its geometry. */
  for (GList *l = windows; l != NULL;)
    {
      GList *next = l->next;
      gtk_window_close (l->data);
      l = next;
    }

  g_application_quit (G_APPLICATION (self));
}

static const GActionEntry app_actions[] = {
  { "about", about_action },
  { "quit", quit_action },
};

static void
aud_application_init (AudApplication *self)
{
  const GOptionEntry options[] = {
    { "workspace", 'w', 0, G_OPTION_ARG_FILENAME, NULL,
      N_("Use the workspace database at PATH"), N_("PATH") },
    { "demo", 0, 0, G_OPTION_ARG_NONE, NULL,
      N_("Connect to the built-in demo org instead of a real Salesforce org"), NULL },
    { "version", 0, 0, G_OPTION_ARG_NONE, NULL, N_("Show the version and exit"), NULL },
    { NULL }
  };
  const char *quit_accels[] = { "<Control>q", NULL };

  g_application_add_main_option_entries (G_APPLICATION (self), options);
  g_application_set_option_context_parameter_string (G_APPLICATION (self), _("[COMMAND …]"));
  g_application_set_option_context_summary (G_APPLICATION (self),
                                            _("Without a command, open the Audiences window."));
  g_application_set_option_context_description (G_APPLICATION (self), aud_cli_commands_summary ());

  g_action_map_add_action_entries (G_ACTION_MAP (self), app_actions, G_N_ELEMENTS (app_actions), self);
  gtk_application_set_accels_for_action (GTK_APPLICATION (self), "app.quit", quit_accels);
}
