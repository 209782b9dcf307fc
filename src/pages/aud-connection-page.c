/* aud-connection-page.c — the Connection page: sign in, see who is connected, disconnect
 *
 * The page only reflects AudConnection's status and calls its methods; the flow itself lives in
 * the core. It is the one place that opens the browser (the core never does).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "aud-connection-page.h"

struct _AudConnectionPage
{
  AdwBin          parent_instance;

  AudStore       *store;
  AudConnection  *connection;
  GPtrArray      *host_values;   /* login host per combo row item; "" = custom My Domain */
  gboolean        form_filled;

  /* template children */
  AdwActionRow   *api_version_row;
  GtkLabel       *callback_label;
  GtkButton      *cancel_button;
  AdwEntryRow    *client_id_row;
  GtkLabel       *connected_subtitle;
  GtkButton      *copy_button;
  AdwEntryRow    *domain_row;
  GtkLabel       *error_label;
  GtkRevealer    *error_revealer;
  GtkBox         *finishing_box;
  GtkSpinner     *finishing_spinner;
  AdwComboRow    *host_row;
  GtkStringList  *host_model;
  AdwActionRow   *instance_row;
  AdwActionRow   *login_host_row;
  GtkButton      *open_button;
  AdwActionRow   *org_row;
  AdwStatusPage  *reconnect_status;
  GtkLabel       *sandbox_badge;
  GtkStack       *stack;
  GtkLevelBar    *usage_bar;
  AdwActionRow   *usage_row;
  GtkLabel       *url_label;
  AdwActionRow   *user_row;
};

G_DEFINE_FINAL_TYPE (AudConnectionPage, aud_connection_page, ADW_TYPE_BIN)

static void
show_toast (AudConnectionPage *self,
            const char        *message)
{
  GtkWidget *overlay = gtk_widget_get_ancestor (GTK_WIDGET (self), ADW_TYPE_TOAST_OVERLAY);

  if (overlay != NULL)
    adw_toast_overlay_add_toast (ADW_TOAST_OVERLAY (overlay), adw_toast_new (message));
}

static void
show_error (AudConnectionPage *self,
            const char        *message)
{
  gtk_label_set_text (self->error_label, message != NULL ? message : "");
  gtk_revealer_set_reveal_child (self->error_revealer, message != NULL);
}

const char *
aud_connection_page_get_error (AudConnectionPage *self)
{
  g_return_val_if_fail (AUD_IS_CONNECTION_PAGE (self), NULL);

  return gtk_revealer_get_reveal_child (self->error_revealer) ? gtk_label_get_text (self->error_label) : NULL;
}

const char *
aud_connection_page_get_state_name (AudConnectionPage *self)
{
  g_return_val_if_fail (AUD_IS_CONNECTION_PAGE (self), NULL);

  return gtk_stack_get_visible_child_name (self->stack);
}

AudConnection *
aud_connection_page_get_connection (AudConnectionPage *self)
{
  g_return_val_if_fail (AUD_IS_CONNECTION_PAGE (self), NULL);

  return self->connection;
}

/* ---- the form ---- */

static void
add_host (AudConnectionPage *self,
          const char        *label,
          const char        *host)
{
  gtk_string_list_append (self->host_model, label);
  g_ptr_array_add (self->host_values, g_strdup (host));
}

static void
fill_hosts (AudConnectionPage *self)
{
  const char *preset = self->connection != NULL ? aud_connection_get_preset_login_host (self->connection) : NULL;
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->host_model));

  gtk_string_list_splice (self->host_model, 0, n, NULL);
  g_ptr_array_set_size (self->host_values, 0);
  if (preset != NULL)
    add_host (self, _("Demo Org (built into Audiences)"), preset);
  add_host (self, _("Production (login.salesforce.com)"), "https://login.salesforce.com");
  add_host (self, _("Sandbox (test.salesforce.com)"), "https://test.salesforce.com");
  add_host (self, _("Custom My Domain"), "");
}

static void
host_row_notify_selected_cb (AudConnectionPage *self)
{
  guint i = adw_combo_row_get_selected (self->host_row);
  const char *host = i < self->host_values->len ? g_ptr_array_index (self->host_values, i) : NULL;
  const char *preset;

  if (self->connection == NULL)
    return;

  preset = aud_connection_get_preset_login_host (self->connection);

  gtk_widget_set_visible (GTK_WIDGET (self->domain_row), host != NULL && *host == '\0');
  /* The demo org has its own built-in client id, and no admin to register anything. */
  gtk_widget_set_visible (GTK_WIDGET (self->callback_label), preset == NULL || g_strcmp0 (host, preset) != 0);
  if (preset != NULL && g_strcmp0 (host, preset) == 0)
    gtk_editable_set_text (GTK_EDITABLE (self->client_id_row), aud_connection_get_preset_client_id (self->connection));
}

static void
select_host (AudConnectionPage *self,
             const char        *login_host)
{
  for (guint i = 0; i < self->host_values->len; i++)
    if (g_strcmp0 (g_ptr_array_index (self->host_values, i), login_host) == 0)
      {
        adw_combo_row_set_selected (self->host_row, i);
        return;
      }

  /* Anything else is a My Domain. */
  adw_combo_row_set_selected (self->host_row, self->host_values->len - 1);
  gtk_editable_set_text (GTK_EDITABLE (self->domain_row), login_host);
}

/* Prefills once per connection: the demo org when there is one, else the last host used. */
static void
fill_form (AudConnectionPage *self)
{
  g_autoptr(AudConnectionInfo) info = aud_connection_dup_info (self->connection);
  g_autofree char *callback = aud_connection_dup_callback_uri (self->connection);
  g_autofree char *text = NULL;
  const char *preset = aud_connection_get_preset_login_host (self->connection);

  fill_hosts (self);
  if (preset != NULL)
    {
      select_host (self, preset);
      gtk_editable_set_text (GTK_EDITABLE (self->client_id_row), aud_connection_get_preset_client_id (self->connection));
    }
  else if (info != NULL && info->login_host != NULL)
    {
      select_host (self, info->login_host);
      gtk_editable_set_text (GTK_EDITABLE (self->client_id_row), info->client_id != NULL ? info->client_id : "");
    }
  else
    select_host (self, "https://login.salesforce.com");
  host_row_notify_selected_cb (self);

  /* Translators: %s is a URL such as http://localhost:1717/OauthRedirect */
  text = g_strdup_printf (_("Your Salesforce admin creates an External Client App with the callback URL %s, "
                            "the scopes “api” and “refresh_token”, and PKCE. Its consumer key is the client id."),
                          callback);
  gtk_label_set_text (self->callback_label, text);
  self->form_filled = TRUE;
}

static char *
dup_form_host (AudConnectionPage *self)
{
  guint i = adw_combo_row_get_selected (self->host_row);
  const char *host = i < self->host_values->len ? g_ptr_array_index (self->host_values, i) : "";

  if (*host == '\0')
    return g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->domain_row)));
  return g_strdup (host);
}

/* ---- reflecting the connection ---- */

static void
set_row (AdwActionRow *row,
         const char   *value)
{
  adw_action_row_set_subtitle (row, value != NULL && *value != '\0' ? value : "—");
}

static void
update_connected (AudConnectionPage *self)
{
  g_autoptr(AudConnectionInfo) info = aud_connection_dup_info (self->connection);
  g_autofree char *user = NULL;
  g_autofree char *subtitle = NULL;

  if (info == NULL)
    return;

  user = info->display_name != NULL
    ? g_strdup_printf ("%s (%s)", info->display_name, info->username != NULL ? info->username : "")
    : g_strdup (info->username);
  set_row (self->user_row, user);
  set_row (self->org_row, info->org_id);
  set_row (self->instance_row, info->instance_url);
  set_row (self->login_host_row, info->login_host);
  set_row (self->api_version_row, info->api_version);
  gtk_widget_set_visible (GTK_WIDGET (self->sandbox_badge), info->is_sandbox);

  if (info->connected_at != NULL)
    {
      g_autoptr(GDateTime) when = g_date_time_new_from_iso8601 (info->connected_at, NULL);
      g_autoptr(GDateTime) local = when != NULL ? g_date_time_to_local (when) : NULL;
      g_autofree char *date = local != NULL ? g_date_time_format (local, "%x %X") : NULL;

      /* Translators: "Signed in as Jane Doe on 2026-11-28 17:38" */
      subtitle = g_strdup_printf (_("Signed in as %s on %s"),
                                  info->display_name != NULL ? info->display_name : info->username,
                                  date != NULL ? date : info->connected_at);
    }
  gtk_label_set_text (self->connected_subtitle, subtitle != NULL ? subtitle : "");

  if (info->api_max > 0 && info->api_used >= 0)
    {
      g_autofree char *used = g_strdup_printf ("%'" G_GINT64_FORMAT, info->api_used);
      g_autofree char *max = g_strdup_printf ("%'" G_GINT64_FORMAT, info->api_max);
      g_autofree char *usage = NULL;

      /* Translators: "1,234 of 15,000" daily API calls */
      usage = g_strdup_printf (_("%s of %s"), used, max);
      adw_action_row_set_subtitle (self->usage_row, usage);
      gtk_level_bar_set_value (self->usage_bar, MIN (1.0, (double) info->api_used / (double) info->api_max));
      gtk_widget_set_visible (GTK_WIDGET (self->usage_bar), TRUE);
    }
  else
    {
      adw_action_row_set_subtitle (self->usage_row, _("Not known yet: Salesforce reports it with the next sync."));
      gtk_widget_set_visible (GTK_WIDGET (self->usage_bar), FALSE);
    }
}

static void
update (AudConnectionPage *self)
{
  AudConnectionStatus status = aud_connection_get_status (self->connection);
  gboolean finishing = status == AUD_CONNECTION_STATUS_FINISHING;
  const char *url = aud_connection_get_authorize_url (self->connection);

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "connection.connect", status == AUD_CONNECTION_STATUS_DISCONNECTED);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "connection.cancel", status == AUD_CONNECTION_STATUS_WAITING_FOR_BROWSER);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "connection.copy-url", url != NULL);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "connection.open-browser", url != NULL && !finishing);

  switch (status)
    {
    case AUD_CONNECTION_STATUS_DISCONNECTED:
      if (!self->form_filled)
        fill_form (self);
      gtk_stack_set_visible_child_name (self->stack, "disconnected");
      break;

    case AUD_CONNECTION_STATUS_WAITING_FOR_BROWSER:
    case AUD_CONNECTION_STATUS_FINISHING:
      /* Shown, not selectable (GTK selects a whole selectable label on focus): Copy copies it. */
      if (url != NULL)
        gtk_label_set_text (self->url_label, url);
      gtk_widget_set_visible (GTK_WIDGET (self->finishing_box), finishing);
      gtk_spinner_set_spinning (self->finishing_spinner, finishing);
      gtk_widget_set_visible (GTK_WIDGET (self->copy_button), !finishing);
      gtk_widget_set_visible (GTK_WIDGET (self->open_button), !finishing);
      gtk_widget_set_visible (GTK_WIDGET (self->cancel_button), !finishing);
      gtk_stack_set_visible_child_name (self->stack, "waiting");
      break;

    case AUD_CONNECTION_STATUS_CONNECTED:
      update_connected (self);
      self->form_filled = FALSE;
      gtk_stack_set_visible_child_name (self->stack, "connected");
      break;

    case AUD_CONNECTION_STATUS_NEEDS_RECONNECT:
      {
        const char *reason = aud_connection_get_reason (self->connection);
        g_autofree char *text =
          g_strdup_printf (_("%s\n\nEverything already in this workspace is kept. Sign in again to continue syncing."),
                           reason != NULL ? reason : _("Salesforce no longer accepts the saved sign-in."));

        adw_status_page_set_description (self->reconnect_status, text);
        self->form_filled = FALSE;
        gtk_stack_set_visible_child_name (self->stack, "reconnect");
      }
      break;

    default:
      g_assert_not_reached ();
    }
}

/* ---- the browser ---- */

static void
show_uri_cb (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(AudConnectionPage) self = user_data;
  g_autoptr(GError) error = NULL;

  /* No browser (or none we may start): the address and Copy stay on the page. */
  if (!gtk_show_uri_full_finish (GTK_WINDOW (source), result, &error))
    {
      g_debug ("No browser opened: %s", error->message);
      show_toast (self, _("No browser opened. Copy the address into one to sign in."));
    }
}

static void
open_browser (AudConnectionPage *self)
{
  const char *url = aud_connection_get_authorize_url (self->connection);
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));

  if (url == NULL || !GTK_IS_WINDOW (root))
    return;

  gtk_show_uri_full (GTK_WINDOW (root), url, GDK_CURRENT_TIME, NULL, show_uri_cb, g_object_ref (self));
}

static void
connection_notify_cb (AudConnectionPage *self,
                      GParamSpec        *pspec,
                      AudConnection     *connection)
{
  gboolean was_waiting = g_strcmp0 (gtk_stack_get_visible_child_name (self->stack), "waiting") == 0;

  update (self);
  if (!was_waiting && aud_connection_get_status (connection) == AUD_CONNECTION_STATUS_WAITING_FOR_BROWSER)
    open_browser (self);
}

/* ---- actions ---- */

static void
connect_cb (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(AudConnectionPage) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(AudConnectionInfo) info = NULL;

  if (!aud_connection_connect_finish (AUD_CONNECTION (source), result, &error))
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        show_error (self, error->message);
      return;
    }

  info = aud_connection_dup_info (AUD_CONNECTION (source));
  if (info != NULL)
    {
      g_autofree char *text = g_strdup_printf (_("Connected as %s"), info->username);
      show_toast (self, text);
    }
}

static void
start_connect (AudConnectionPage *self,
               const char        *login_host,
               const char        *client_id)
{
  show_error (self, NULL);
  aud_connection_connect_async (self->connection, login_host, client_id, NULL, connect_cb, g_object_ref (self));
}

static void
connect_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  AudConnectionPage *self = AUD_CONNECTION_PAGE (widget);
  g_autofree char *host = dup_form_host (self);

  start_connect (self, host, gtk_editable_get_text (GTK_EDITABLE (self->client_id_row)));
}

static void
reconnect_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  AudConnectionPage *self = AUD_CONNECTION_PAGE (widget);
  g_autoptr(AudConnectionInfo) info = aud_connection_dup_info (self->connection);
  const char *preset = aud_connection_get_preset_login_host (self->connection);

  if (info == NULL)
    return;

  /* A demo org gets a new port each run: reconnect to today's, not the one stored. */
  if (preset != NULL && (g_str_has_prefix (info->login_host, "http://127.") ||
                         g_str_has_prefix (info->login_host, "http://localhost")))
    start_connect (self, preset, aud_connection_get_preset_client_id (self->connection));
  else
    start_connect (self, info->login_host, info->client_id);
}

static void
cancel_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  aud_connection_cancel (AUD_CONNECTION_PAGE (widget)->connection);
}

static void
copy_url_action (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *parameter)
{
  AudConnectionPage *self = AUD_CONNECTION_PAGE (widget);
  const char *url = aud_connection_get_authorize_url (self->connection);

  if (url == NULL)
    return;

  gdk_clipboard_set_text (gtk_widget_get_clipboard (widget), url);
  show_toast (self, _("Address copied"));
}

static void
open_browser_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  open_browser (AUD_CONNECTION_PAGE (widget));
}

static void
dismiss_error_action (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *parameter)
{
  show_error (AUD_CONNECTION_PAGE (widget), NULL);
}

static void
disconnect_cb (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(AudConnectionPage) self = user_data;
  g_autoptr(GError) error = NULL;

  if (!aud_connection_disconnect_finish (AUD_CONNECTION (source), result, &error))
    show_error (self, error->message);
  else
    show_toast (self, _("Disconnected from Salesforce"));
}

static void
disconnect_response_cb (AdwMessageDialog  *dialog,
                        const char        *response,
                        AudConnectionPage *self)
{
  if (g_strcmp0 (response, "keep") == 0 || g_strcmp0 (response, "delete") == 0)
    aud_connection_disconnect_async (self->connection, g_strcmp0 (response, "delete") == 0, NULL,
                                     disconnect_cb, g_object_ref (self));
}

static void
disconnect_action (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *parameter)
{
  AudConnectionPage *self = AUD_CONNECTION_PAGE (widget);
  GtkRoot *root = gtk_widget_get_root (widget);
  AdwMessageDialog *dialog;

  dialog = ADW_MESSAGE_DIALOG (adw_message_dialog_new (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                                       _("Disconnect from Salesforce?"),
                                                       _("Audiences signs out, tells Salesforce to end this sign-in "
                                                         "and removes it from your keyring. The Salesforce records "
                                                         "already in this workspace can stay for when you "
                                                         "reconnect, or be deleted now.")));
  adw_message_dialog_add_responses (dialog,
                                    "cancel", _("_Cancel"),
                                    "delete", _("Disconnect and _Delete Data"),
                                    "keep", _("Disconnect, _Keep Data"),
                                    NULL);
  adw_message_dialog_set_response_appearance (dialog, "delete", ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_response_appearance (dialog, "keep", ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (dialog, "keep");
  adw_message_dialog_set_close_response (dialog, "cancel");
  g_signal_connect_object (dialog, "response", G_CALLBACK (disconnect_response_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

/* ---- setup ---- */

void
aud_connection_page_set_connection (AudConnectionPage *self,
                                    AudConnection     *connection)
{
  g_return_if_fail (AUD_IS_CONNECTION_PAGE (self));
  g_return_if_fail (connection == NULL || AUD_IS_CONNECTION (connection));

  if (self->connection == connection)
    return;

  if (self->connection != NULL)
    g_signal_handlers_disconnect_by_data (self->connection, self);
  g_set_object (&self->connection, connection);
  self->form_filled = FALSE;
  if (connection == NULL)
    return;

  g_signal_connect_object (connection, "notify", G_CALLBACK (connection_notify_cb), self, G_CONNECT_SWAPPED);
  update (self);
}

void
aud_connection_page_set_store (AudConnectionPage *self,
                               AudStore          *store)
{
  g_return_if_fail (AUD_IS_CONNECTION_PAGE (self));

  g_set_object (&self->store, store);
  if (self->connection == NULL && store != NULL)
    {
      g_autoptr(AudConnection) connection = aud_connection_new (store);
      aud_connection_page_set_connection (self, connection);
    }
}

static void
aud_connection_page_dispose (GObject *object)
{
  AudConnectionPage *self = (AudConnectionPage *) object;

  /* AdwBin unparents its child itself; dispose_template would free it first. */
  if (self->connection != NULL)
    g_signal_handlers_disconnect_by_data (self->connection, self);
  g_clear_object (&self->connection);
  g_clear_object (&self->store);

  G_OBJECT_CLASS (aud_connection_page_parent_class)->dispose (object);
}

static void
aud_connection_page_finalize (GObject *object)
{
  AudConnectionPage *self = (AudConnectionPage *) object;

  g_ptr_array_unref (self->host_values);

  G_OBJECT_CLASS (aud_connection_page_parent_class)->finalize (object);
}

static void
aud_connection_page_class_init (AudConnectionPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = aud_connection_page_dispose;
  object_class->finalize = aud_connection_page_finalize;

  gtk_widget_class_set_template_from_resource (widget_class, "/org/example/Audiences/pages/aud-connection-page.ui");
  gtk_widget_class_bind_template_child (widget_class, AudConnectionPage, api_version_row);
  gtk_widget_class_bind_template_child (widget_class, AudConnectionPage, callback_label);
  gtk_widget_class_bind_template_child (widget_class, AudConnectionPage, cancel_button);
  gtk_widget_class_bind_template_child (widget_class, AudConnectionPage, client_id_row);
  gtk_widget_class_bind_template_child (widget_class, AudConnectionPage, connected_subtitle);
  gtk_widget_class_bind_template_child (widget_class, AudConnectionPage, copy_button);
  gtk_widget_class_bind_template_child (widget_class, AudConnectionPage, domain_row);
  gtk_widget_class_bind_template_child (widget_class, AudConnectionPage, error_label);
  gtk_widget_class_bind_template_child (widget_class, AudConnectionPage, error_revealer);
  gtk_widget_class_bind_template_child (widget_class, AudConnectionPage, finishing_box);
  gtk_widget_class_bind_template_child (widget_class, AudConnectionPage, finishing_spinner);
  gtk_widget_class_bind_template_child (widget_class, AudConnectionPage, host_model);
  gtk_widget_class_bind_template_child (widget_class, AudConnectionPage, host_row);
  gtk_widget_class_bind_template_child (widget_class, AudConnectionPage, instance_row);
  gtk_widget_class_bind_template_child (widget_class, AudConnectionPage, login_host_row);
  gtk_widget_class_bind_template_child (widget_class, AudConnectionPage, open_button);
  gtk_widget_class_bind_template_child (widget_class, AudConnectionPage, org_row);
  gtk_widget_class_bind_template_child (widget_class, AudConnectionPage, reconnect_status);
  gtk_widget_class_bind_template_child (widget_class, AudConnectionPage, sandbox_badge);
  gtk_widget_class_bind_template_child (widget_class, AudConnectionPage, stack);
  gtk_widget_class_bind_template_child (widget_class, AudConnectionPage, usage_bar);
  gtk_widget_class_bind_template_child (widget_class, AudConnectionPage, usage_row);
  gtk_widget_class_bind_template_child (widget_class, AudConnectionPage, url_label);
  gtk_widget_class_bind_template_child (widget_class, AudConnectionPage, user_row);

  gtk_widget_class_install_action (widget_class, "connection.connect", NULL, connect_action);
  gtk_widget_class_install_action (widget_class, "connection.reconnect", NULL, reconnect_action);
  gtk_widget_class_install_action (widget_class, "connection.cancel", NULL, cancel_action);
  gtk_widget_class_install_action (widget_class, "connection.copy-url", NULL, copy_url_action);
  gtk_widget_class_install_action (widget_class, "connection.open-browser", NULL, open_browser_action);
  gtk_widget_class_install_action (widget_class, "connection.disconnect", NULL, disconnect_action);
  gtk_widget_class_install_action (widget_class, "connection.dismiss-error", NULL, dismiss_error_action);
}

static void
aud_connection_page_init (AudConnectionPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->host_values = g_ptr_array_new_with_free_func (g_free);
  g_signal_connect_object (self->host_row, "notify::selected", G_CALLBACK (host_row_notify_selected_cb),
                           self, G_CONNECT_SWAPPED);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "connection.cancel", FALSE);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "connection.copy-url", FALSE);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "connection.open-browser", FALSE);
}
