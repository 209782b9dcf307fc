/* aud-window.c — the main window: five pages in a view stack
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "aud-window.h"
#include "pages/aud-audiences-page.h"
#include "pages/aud-connection-page.h"
#include "pages/aud-duplicates-page.h"
#include "pages/aud-sync-page.h"
#include "pages/aud-writeback-page.h"

struct _AudWindow
{
  AdwApplicationWindow  parent_instance;

  GSettings            *settings;

  /* template children */
  AudAudiencesPage     *audiences_page;
  AudConnectionPage    *connection_page;
  GtkRevealer          *demo_revealer;
  AudDuplicatesPage    *duplicates_page;
  AdwStatusPage        *error_status;
  GtkStack             *main_stack;
  AudSyncPage          *sync_page;
  AdwToastOverlay      *toast_overlay;
  AdwViewStack         *view_stack;
  AudWritebackPage     *writeback_page;
};

G_DEFINE_FINAL_TYPE (AudWindow, aud_window, ADW_TYPE_APPLICATION_WINDOW)

static const char * const page_names[] = { "connection", "audiences", "sync", "duplicates", "writeback" };

AudWindow *
aud_window_new (AudApplication *application)
{
  return g_object_new (AUD_TYPE_WINDOW, "application", application, NULL);
}

void
aud_window_show_page (AudWindow  *self,
                      const char *name)
{
  g_return_if_fail (AUD_IS_WINDOW (self));

  if (adw_view_stack_get_child_by_name (self->view_stack, name) != NULL)
    adw_view_stack_set_visible_child_name (self->view_stack, name);
}

const char *
aud_window_get_page (AudWindow *self)
{
  g_return_val_if_fail (AUD_IS_WINDOW (self), NULL);

  return adw_view_stack_get_visible_child_name (self->view_stack);
}

void
aud_window_add_toast (AudWindow  *self,
                      const char *message)
{
  g_return_if_fail (AUD_IS_WINDOW (self));

  adw_toast_overlay_add_toast (self->toast_overlay, adw_toast_new (message));
}

static void
show_page_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  aud_window_show_page (AUD_WINDOW (widget), g_variant_get_string (parameter, NULL));
}

static void
view_stack_notify_visible_child_cb (AudWindow    *self,
                                    GParamSpec   *pspec,
                                    AdwViewStack *stack)
{
  const char *name = adw_view_stack_get_visible_child_name (stack);

  if (name != NULL)
    g_settings_set_string (self->settings, "last-page", name);
}

static gboolean
aud_window_close_request (GtkWindow *window)
{
  AudWindow *self = AUD_WINDOW (window);
  int width, height;

  gtk_window_get_default_size (window, &width, &height);
  g_settings_delay (self->settings);
  g_settings_set_boolean (self->settings, "window-maximized", gtk_window_is_maximized (window));
  if (!gtk_window_is_maximized (window))
    {
      g_settings_set_int (self->settings, "window-width", width);
      g_settings_set_int (self->settings, "window-height", height);
    }
  g_settings_apply (self->settings);

  return GTK_WINDOW_CLASS (aud_window_parent_class)->close_request (window);
}

/* "application" is not a construct property, so the workspace is wired up when it is set. */
static void
aud_window_notify_application_cb (AudWindow  *self,
                                  GParamSpec *pspec,
                                  gpointer    user_data)
{
  AudApplication *app;
  const GError *store_error;

  app = AUD_APPLICATION (gtk_window_get_application (GTK_WINDOW (self)));
  if (app == NULL)
    return;

  gtk_revealer_set_reveal_child (self->demo_revealer, aud_application_get_demo (app));

  store_error = aud_application_get_store_error (app);
  if (store_error != NULL)
    {
      adw_status_page_set_description (self->error_status, store_error->message);
      gtk_stack_set_visible_child_name (self->main_stack, "error");
      return;
    }

  aud_connection_page_set_connection (self->connection_page, aud_application_get_connection (app));
  aud_connection_page_set_store (self->connection_page, aud_application_get_store (app));
  aud_audiences_page_set_store (self->audiences_page, aud_application_get_store (app));
  aud_audiences_page_set_connection (self->audiences_page, aud_application_get_connection (app));
  aud_sync_page_set_store (self->sync_page, aud_application_get_store (app));
  aud_sync_page_set_engine (self->sync_page, aud_application_get_sync_engine (app));
  aud_duplicates_page_set_store (self->duplicates_page, aud_application_get_store (app));
  aud_writeback_page_set_store (self->writeback_page, aud_application_get_store (app));
  aud_writeback_page_set_client_factory (self->writeback_page, aud_client_factory_create_for_sync,
                                         aud_application_get_client_factory (app));
}

static void
aud_window_dispose (GObject *object)
{
  AudWindow *self = AUD_WINDOW (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), AUD_TYPE_WINDOW);
  g_clear_object (&self->settings);

  G_OBJECT_CLASS (aud_window_parent_class)->dispose (object);
}

static void
aud_window_class_init (AudWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GtkWindowClass *window_class = GTK_WINDOW_CLASS (klass);

  object_class->dispose = aud_window_dispose;
  window_class->close_request = aud_window_close_request;

  g_type_ensure (AUD_TYPE_AUDIENCES_PAGE);
  g_type_ensure (AUD_TYPE_CONNECTION_PAGE);
  g_type_ensure (AUD_TYPE_DUPLICATES_PAGE);
  g_type_ensure (AUD_TYPE_SYNC_PAGE);
  g_type_ensure (AUD_TYPE_WRITEBACK_PAGE);

  gtk_widget_class_set_template_from_resource (widget_class, "/org/example/Audiences/aud-window.ui");
  gtk_widget_class_bind_template_child (widget_class, AudWindow, audiences_page);
  gtk_widget_class_bind_template_child (widget_class, AudWindow, connection_page);
  gtk_widget_class_bind_template_child (widget_class, AudWindow, demo_revealer);
  gtk_widget_class_bind_template_child (widget_class, AudWindow, duplicates_page);
  gtk_widget_class_bind_template_child (widget_class, AudWindow, error_status);
  gtk_widget_class_bind_template_child (widget_class, AudWindow, main_stack);
  gtk_widget_class_bind_template_child (widget_class, AudWindow, sync_page);
  gtk_widget_class_bind_template_child (widget_class, AudWindow, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, AudWindow, view_stack);
  gtk_widget_class_bind_template_child (widget_class, AudWindow, writeback_page);

  gtk_widget_class_install_action (widget_class, "win.show-page", "s", show_page_action);
  for (guint i = 0; i < G_N_ELEMENTS (page_names); i++)
    gtk_widget_class_add_binding_action (widget_class, GDK_KEY_1 + i, GDK_ALT_MASK,
                                         "win.show-page", "s", page_names[i]);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_w, GDK_CONTROL_MASK, "window.close", NULL);
}

static void
aud_window_init (AudWindow *self)
{
  g_autofree char *last_page = NULL;

  gtk_widget_init_template (GTK_WIDGET (self));

  self->settings = g_settings_new (APP_ID);
  gtk_window_set_default_size (GTK_WINDOW (self),
                               g_settings_get_int (self->settings, "window-width"),
                               g_settings_get_int (self->settings, "window-height"));
  if (g_settings_get_boolean (self->settings, "window-maximized"))
    gtk_window_maximize (GTK_WINDOW (self));

  last_page = g_settings_get_string (self->settings, "last-page");
  aud_window_show_page (self, last_page);

  g_signal_connect (self, "notify::application", G_CALLBACK (aud_window_notify_application_cb), NULL);
  g_signal_connect_object (self->view_stack, "notify::visible-child",
                           G_CALLBACK (view_stack_notify_visible_child_cb), self, G_CONNECT_SWAPPED);
}
