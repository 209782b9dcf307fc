/* aud-connection-disconnect.c — AudConnection's disconnect: revoke, forget, optionally delete
 *
 * Revoking happens in a GTask thread with its own SoupSession; the keyring and the workspace are
 * updated back on the main thread.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "aud-connection-private.h"
#include "aud-oauth-flow.h"
#include "aud-store-private.h"
#include "aud-token-vault.h"

typedef struct
{
  AudCredentials *credentials;
  gboolean        delete_local_data;
} DisconnectData;

static void
disconnect_data_free (DisconnectData *data)
{
  g_clear_object (&data->credentials);
  g_free (data);
}

static void
revoke_thread (GTask        *task,
               gpointer      source_object,
               gpointer      task_data,
               GCancellable *cancellable)
{
  AudCredentials *credentials = task_data;
  g_autoptr(SoupSession) session = soup_session_new_with_options ("timeout", 30, NULL);
  g_autoptr(GError) error = NULL;
  char *refresh_token;

  refresh_token = aud_credentials_dup_refresh_token (credentials, cancellable, &error);
  if (refresh_token != NULL)
    {
      /* Revoking the refresh token also kills its access tokens. Failing to reach Salesforce
       * must not keep the user connected against their will: the keyring entry goes anyway. */
      if (!aud_oauth_revoke (session, aud_credentials_get_login_host (credentials), refresh_token,
                             cancellable, &error))
        g_debug ("Could not revoke the Salesforce sign-in: %s", error->message);
      aud_secret_free (refresh_token);
    }
  else
    g_debug ("No refresh token to revoke: %s", error->message);

  g_task_return_boolean (task, TRUE);
}

static gboolean
delete_salesforce_data (AudStore  *store,
                   GError   **error)
{
  const char *statements[] = {
    /* Records cascade from their source. */
    "DELETE FROM sources WHERE kind = 'salesforce'",
    "DELETE FROM describes",
  };

  if (!aud_store_begin (store, error))
    return FALSE;

  for (guint i = 0; i < G_N_ELEMENTS (statements); i++)
    {
      g_autoptr(sqlite3_stmt) stmt = aud_store_prepare (store, statements[i], error);

      if (stmt == NULL || !aud_store_step_done (store, stmt, error))
        {
          aud_store_rollback (store);
          return FALSE;
        }
    }

  return aud_store_commit (store, error);
}

static void
disconnect_vault_clear_cb (GObject      *source,
                           GAsyncResult *result,
                           gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  AudConnection *self = g_task_get_source_object (task);
  DisconnectData *data = g_task_get_task_data (task);
  GError *error = NULL;

  if (!aud_token_vault_clear_finish (result, &error))
    {
      g_task_return_error (task, error);
      return;
    }

  if (self->credentials == data->credentials)
    {
      g_signal_handlers_disconnect_by_data (self->credentials, self);
      g_clear_object (&self->credentials);
    }

  if (self->info != NULL)
    {
      /* Keep host, client id and who it was, so Connect is prefilled and local data is labelled. */
      self->info->state = AUD_CONNECTION_STATE_DISCONNECTED;
      g_clear_pointer (&self->info->state_reason, g_free);
      aud_connection_store_info_internal (self);
    }

  if (data->delete_local_data && !delete_salesforce_data (self->store, &error))
    {
      aud_connection_set_reason_internal (self, NULL);
      aud_connection_set_status_internal (self, AUD_CONNECTION_STATUS_DISCONNECTED);
      g_prefix_error (&error, _("Disconnected, but the local data could not be deleted: "));
      g_task_return_error (task, error);
      return;
    }

  aud_connection_set_reason_internal (self, NULL);
  aud_connection_set_status_internal (self, AUD_CONNECTION_STATUS_DISCONNECTED);
  g_task_return_boolean (task, TRUE);
}

static void
revoke_thread_cb (GObject      *source,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  AudConnection *self = AUD_CONNECTION (source);
  DisconnectData *data = g_task_get_task_data (task);
  GCancellable *cancellable;
  AudTokenKey key = {
    .org_id = aud_credentials_get_org_id (data->credentials),
    .user_id = aud_credentials_get_user_id (data->credentials),
  };

  aud_credentials_forget (data->credentials);
  cancellable = g_task_get_cancellable (task);
  aud_token_vault_clear_async (&key, self->keyring_timeout_ms, cancellable,
                               disconnect_vault_clear_cb, g_steal_pointer (&task));
}

void
aud_connection_disconnect_async (AudConnection       *self,
                                 gboolean             delete_local_data,
                                 GCancellable        *cancellable,
                                 GAsyncReadyCallback  callback,
                                 gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(GTask) thread_task = NULL;
  DisconnectData *data;

  g_return_if_fail (AUD_IS_CONNECTION (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, aud_connection_disconnect_async);

  aud_connection_cancel (self);

  if (self->credentials == NULL)
    {
      GError *error = NULL;

      if (delete_local_data && !delete_salesforce_data (self->store, &error))
        {
          g_task_return_error (task, error);
          return;
        }
      aud_connection_set_status_internal (self, AUD_CONNECTION_STATUS_DISCONNECTED);
      g_task_return_boolean (task, TRUE);
      return;
    }

  data = g_new0 (DisconnectData, 1);
  data->credentials = g_object_ref (self->credentials);
  data->delete_local_data = delete_local_data;
  g_task_set_task_data (task, data, (GDestroyNotify) disconnect_data_free);

  thread_task = g_task_new (self, cancellable, revoke_thread_cb, g_steal_pointer (&task));
  g_task_set_task_data (thread_task, g_object_ref (data->credentials), g_object_unref);
  g_task_run_in_thread (thread_task, revoke_thread);
}

gboolean
aud_connection_disconnect_finish (AudConnection  *self,
                                  GAsyncResult   *result,
                                  GError        **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}
