/* aud-audiences-page-refresh.c — Refresh: fetch the field list from Salesforce and cache it
 *
 * The fetch runs in a worker thread with its own client; the answer is saved to the workspace
 * here, on the main thread, where the page's store lives.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "aud-audiences-page-private.h"
#include "aud-describe-fetch.h"

static void
say_what_changed (AudAudiencesPage *self,
                  AudDescribe      *before,
                  AudDescribe      *after)
{
  g_autofree char *message = NULL;
  g_autofree char *added_text = NULL;
  g_autofree char *removed_text = NULL;
  g_autoptr(GPtrArray) removed = NULL;
  GPtrArray *fields = aud_describe_get_fields (after);
  guint added = 0, n_removed = 0;

  if (before == NULL)
    {
      message = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Loaded %u field from Salesforce",
                                              "Loaded %u fields from Salesforce", fields->len), fields->len);
      aud_audiences_page_show_message (self, message);
      return;
    }

  for (guint i = 0; i < fields->len; i++)
    {
      AudFieldInfo *info = g_ptr_array_index (fields, i);
      AudFieldInfo *old = aud_describe_lookup (before, info->name);

      added += !info->gone && (old == NULL || old->gone) ? 1 : 0;
    }
  removed = aud_describe_find_removed (before, after);
  for (guint i = 0; i < removed->len; i++)
    n_removed += ((AudFieldInfo *) g_ptr_array_index (removed, i))->gone ? 0 : 1;

  if (added == 0 && n_removed == 0)
    {
      aud_audiences_page_show_message (self, _("The field list is up to date"));
      return;
    }

  added_text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u new field", "%u new fields", added), added);
  removed_text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u removed from Salesforce",
                                               "%u removed from Salesforce", n_removed), n_removed);
  /* Translators: "Field list updated: 3 new fields, 1 removed from Salesforce" */
  message = g_strdup_printf (_("Field list updated: %s, %s"), added_text, removed_text);
  aud_audiences_page_show_message (self, message);
}

static void
fetch_done_cb (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(AudAudiencesPage) self = user_data;
  g_autoptr(AudDescribe) fetched = NULL;
  g_autoptr(AudDescribe) before = NULL;
  g_autoptr(AudDescribe) saved = NULL;
  g_autoptr(GError) error = NULL;

  fetched = aud_describe_fetch_finish (result, &error);
  /* Cancelled: the page is going away. */
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) || self->store == NULL)
    return;

  g_clear_object (&self->refresh_cancellable);
  aud_audiences_page_update_actions (self);
  if (fetched == NULL)
    {
      aud_audiences_page_show_error (self, error);
      return;
    }

  /* What was cached, to say what changed; save() diffs against it again in its transaction. */
  before = aud_describe_load (self->store, aud_describe_get_object (fetched), NULL);
  if (!aud_describe_save (fetched, self->store, &error))
    {
      aud_audiences_page_show_error (self, error);
      return;
    }

  saved = aud_describe_load (self->store, aud_describe_get_object (fetched), &error);
  if (saved == NULL)
    {
      aud_audiences_page_show_error (self, error);
      return;
    }

  say_what_changed (self, before, saved);
  if (self->audience != NULL &&
      g_strcmp0 (aud_audience_get_object (self->audience), aud_describe_get_object (saved)) == 0)
    aud_audiences_page_show_describe (self, saved);
}

static void
refresh_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  AudAudiencesPage *self = AUD_AUDIENCES_PAGE (widget);
  g_autoptr(AudConnectionInfo) info = NULL;
  AudCredentials *credentials = self->credentials;
  const char *instance_url = self->instance_url;
  const char *api_version = self->api_version;

  if (self->audience == NULL || self->refresh_cancellable != NULL)
    return;

  if (credentials == NULL && self->connection != NULL &&
      aud_connection_get_status (self->connection) == AUD_CONNECTION_STATUS_CONNECTED)
    {
      info = aud_connection_dup_info (self->connection);
      credentials = aud_connection_get_credentials (self->connection);
      instance_url = info != NULL ? info->instance_url : NULL;
      api_version = info != NULL ? info->api_version : NULL;
    }

  if (credentials == NULL || instance_url == NULL)
    {
      aud_audiences_page_show_message (self, _("Connect Salesforce on the Connection page to load the field list"));
      return;
    }

  self->refresh_cancellable = g_cancellable_new ();
  aud_audiences_page_update_actions (self);
  aud_describe_fetch_async (credentials, instance_url, api_version, aud_audience_get_object (self->audience),
                            self->refresh_cancellable, fetch_done_cb, g_object_ref (self));
}

void
aud_audiences_page_class_add_refresh_action (GtkWidgetClass *widget_class)
{
  gtk_widget_class_install_action (widget_class, "mapping.refresh", NULL, refresh_action);
}
