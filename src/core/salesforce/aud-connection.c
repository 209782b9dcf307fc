/* aud-connection.c — the workspace's one Salesforce connection, as the UI and CLI drive it
 *
 * Lives on the main thread. Connecting: check the keyring is there (before the user signs in
 * for nothing), listen on the loopback callback, publish the authorize URL (the UI opens the
 * browser; the core never does), wait for the redirect, exchange the code and ask who signed in
 * (in a GTask thread with its own SoupSession), put the refresh token in the keyring, then save
 * who/where in the workspace. Tokens never reach the workspace.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "aud-connection-private.h"
#include "aud-loopback-receiver.h"
#include "aud-oauth-flow.h"
#include "aud-pkce.h"
#include "aud-salesforce-client.h"
#include "aud-token-vault.h"

G_DEFINE_ENUM_TYPE (AudConnectionStatus, aud_connection_status,
  G_DEFINE_ENUM_VALUE (AUD_CONNECTION_STATUS_DISCONNECTED, "disconnected"),
  G_DEFINE_ENUM_VALUE (AUD_CONNECTION_STATUS_WAITING_FOR_BROWSER, "waiting-for-browser"),
  G_DEFINE_ENUM_VALUE (AUD_CONNECTION_STATUS_FINISHING, "finishing"),
  G_DEFINE_ENUM_VALUE (AUD_CONNECTION_STATUS_CONNECTED, "connected"),
  G_DEFINE_ENUM_VALUE (AUD_CONNECTION_STATUS_NEEDS_RECONNECT, "needs-reconnect"))


G_DEFINE_FINAL_TYPE (AudConnection, aud_connection, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_STATUS,
  PROP_INFO,
  PROP_AUTHORIZE_URL,
  PROP_REDIRECT_URI,
  PROP_REASON,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void connect_credentials (AudConnection *self);

AudConnection *
aud_connection_new (AudStore *store)
{
  AudConnection *self;
  g_autoptr(GError) error = NULL;

  g_return_val_if_fail (AUD_IS_STORE (store), NULL);

  self = g_object_new (AUD_TYPE_CONNECTION, NULL);
  self->store = g_object_ref (store);
  self->info = aud_store_load_connection (store, &error);
  if (error != NULL)
    g_debug ("Could not read the stored connection: %s", error->message);

  if (self->info != NULL && self->info->state != AUD_CONNECTION_STATE_DISCONNECTED &&
      self->info->org_id != NULL && self->info->user_id != NULL && self->info->client_id != NULL)
    {
      /* No access token yet: the first API call refreshes from the keyring's refresh token. */
      self->credentials = aud_credentials_new (self->info->login_host, self->info->client_id,
                                               self->info->org_id, self->info->user_id,
                                               self->info->username);
      connect_credentials (self);
      if (self->info->state == AUD_CONNECTION_STATE_NEEDS_RECONNECT)
        {
          self->status = AUD_CONNECTION_STATUS_NEEDS_RECONNECT;
          self->reason = g_strdup (self->info->state_reason);
        }
      else
        self->status = AUD_CONNECTION_STATUS_CONNECTED;
    }

  return self;
}

AudConnectionStatus
aud_connection_get_status (AudConnection *self)
{
  g_return_val_if_fail (AUD_IS_CONNECTION (self), AUD_CONNECTION_STATUS_DISCONNECTED);
  return self->status;
}

AudConnectionInfo *
aud_connection_dup_info (AudConnection *self)
{
  g_return_val_if_fail (AUD_IS_CONNECTION (self), NULL);
  return self->info != NULL ? aud_connection_info_copy (self->info) : NULL;
}

const char *
aud_connection_get_authorize_url (AudConnection *self)
{
  g_return_val_if_fail (AUD_IS_CONNECTION (self), NULL);
  return self->authorize_url;
}

const char *
aud_connection_get_redirect_uri (AudConnection *self)
{
  g_return_val_if_fail (AUD_IS_CONNECTION (self), NULL);
  return self->redirect_uri;
}

const char *
aud_connection_get_reason (AudConnection *self)
{
  g_return_val_if_fail (AUD_IS_CONNECTION (self), NULL);
  return self->reason;
}

AudCredentials *
aud_connection_get_credentials (AudConnection *self)
{
  g_return_val_if_fail (AUD_IS_CONNECTION (self), NULL);
  return self->credentials;
}

void
aud_connection_set_callback (AudConnection *self,
                             guint          port,
                             const char    *path)
{
  g_return_if_fail (AUD_IS_CONNECTION (self));
  g_return_if_fail (port <= 65535);

  self->callback_port = port;
  g_free (self->callback_path);
  self->callback_path = g_strdup (path != NULL && *path != '\0' ? path : AUD_OAUTH_DEFAULT_PATH);
}

void
aud_connection_set_preset (AudConnection *self,
                           const char    *login_host,
                           const char    *client_id)
{
  g_return_if_fail (AUD_IS_CONNECTION (self));

  g_free (self->preset_login_host);
  self->preset_login_host = g_strdup (login_host);
  g_free (self->preset_client_id);
  self->preset_client_id = g_strdup (client_id);
}

char *
aud_connection_dup_callback_uri (AudConnection *self)
{
  g_return_val_if_fail (AUD_IS_CONNECTION (self), NULL);
  return aud_oauth_redirect_uri (self->callback_port, self->callback_path);
}

const char *
aud_connection_get_preset_login_host (AudConnection *self)
{
  g_return_val_if_fail (AUD_IS_CONNECTION (self), NULL);
  return self->preset_login_host;
}

const char *
aud_connection_get_preset_client_id (AudConnection *self)
{
  g_return_val_if_fail (AUD_IS_CONNECTION (self), NULL);
  return self->preset_client_id;
}

void
aud_connection_set_timeouts (AudConnection *self,
                             guint          browser_seconds,
                             guint          keyring_ms)
{
  g_return_if_fail (AUD_IS_CONNECTION (self));

  self->browser_timeout_s = browser_seconds;
  self->keyring_timeout_ms = keyring_ms;
  if (self->credentials != NULL)
    aud_credentials_set_vault_timeout (self->credentials, keyring_ms);
}

char *
aud_connection_dup_pending_verifier (AudConnection *self)
{
  g_return_val_if_fail (AUD_IS_CONNECTION (self), NULL);
  return g_strdup (self->pending_verifier);
}

static void
set_status (AudConnection       *self,
            AudConnectionStatus  status)
{
  if (self->status == status)
    return;

  self->status = status;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STATUS]);
}

static void
set_string (AudConnection  *self,
            char          **field,
            const char     *value,
            int             prop)
{
  if (g_strcmp0 (*field, value) == 0)
    return;

  g_free (*field);
  *field = g_strdup (value);
  g_object_notify_by_pspec (G_OBJECT (self), properties[prop]);
}

static void
set_info (AudConnection     *self,
          AudConnectionInfo *info)   /* owned */
{
  g_clear_pointer (&self->info, aud_connection_info_free);
  self->info = info;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_INFO]);
}

static void
save_info (AudConnection *self)
{
  g_autoptr(GError) error = NULL;

  if (!aud_store_save_connection (self->store, self->info, &error))
    g_warning ("Could not save the Salesforce connection in the workspace: %s", error->message);
}

void
aud_connection_set_status_internal (AudConnection       *self,
                                    AudConnectionStatus  status)
{
  set_status (self, status);
}

void
aud_connection_set_reason_internal (AudConnection *self,
                                    const char    *reason)
{
  set_string (self, &self->reason, reason, PROP_REASON);
}

void
aud_connection_store_info_internal (AudConnection *self)
{
  save_info (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_INFO]);
}

static void
credentials_needs_reconnect_cb (AudCredentials *credentials,
                                const char     *why,
                                AudConnection  *self)
{
  if (credentials != self->credentials || self->info == NULL)
    return;

  /* The refresh token is dead; every local row stays where it is. */
  self->info->state = AUD_CONNECTION_STATE_NEEDS_RECONNECT;
  g_free (self->info->state_reason);
  self->info->state_reason = g_strdup (why);
  save_info (self);
  set_string (self, &self->reason, why, PROP_REASON);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_INFO]);
  if (self->connect_cancellable == NULL)
    set_status (self, AUD_CONNECTION_STATUS_NEEDS_RECONNECT);
}

static void
credentials_api_usage_cb (AudCredentials *credentials,
                          gint64          used,
                          gint64          max,
                          AudConnection  *self)
{
  g_autoptr(GError) error = NULL;

  if (credentials != self->credentials || self->info == NULL)
    return;
  if (self->info->api_used == used && self->info->api_max == max)
    return;

  self->info->api_used = used;
  self->info->api_max = max;
  if (!aud_store_update_api_usage (self->store, used, max, &error))
    g_debug ("Could not save the API usage: %s", error->message);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_INFO]);
}

static void
connect_credentials (AudConnection *self)
{
  aud_credentials_set_vault_timeout (self->credentials, self->keyring_timeout_ms);
  g_signal_connect_object (self->credentials, "needs-reconnect",
                           G_CALLBACK (credentials_needs_reconnect_cb), self, 0);
  g_signal_connect_object (self->credentials, "api-usage",
                           G_CALLBACK (credentials_api_usage_cb), self, 0);
}

/* ---- connect ---- */

typedef struct
{
  char                *login_host;
  char                *client_id;
  char                *verifier;
  char                *redirect_uri;
  char                *code;
  AudLoopbackReceiver *receiver;
  /* filled by the thread */
  AudOAuthTokens      *tokens;
  AudOAuthIdentity    *identity;
  char                *api_version;
  gint64               api_used;
  gint64               api_max;
} ConnectData;

static void
connect_data_free (ConnectData *data)
{
  g_free (data->login_host);
  g_free (data->client_id);
  aud_secret_free (data->verifier);
  g_free (data->redirect_uri);
  aud_secret_free (data->code);
  if (data->receiver != NULL)
    g_object_run_dispose (G_OBJECT (data->receiver));
  g_clear_object (&data->receiver);
  aud_oauth_tokens_free (data->tokens);
  aud_oauth_identity_free (data->identity);
  g_free (data->api_version);
  g_free (data);
}

/* Puts the page back where it was before the attempt. */
static void
connect_failed (AudConnection *self,
                GTask         *task,
                GError        *error)
{
  g_clear_object (&self->connect_cancellable);
  g_clear_pointer (&self->pending_verifier, aud_secret_free);
  g_object_freeze_notify (G_OBJECT (self));
  set_string (self, &self->authorize_url, NULL, PROP_AUTHORIZE_URL);
  if (self->credentials != NULL && self->info != NULL &&
      self->info->state == AUD_CONNECTION_STATE_NEEDS_RECONNECT)
    set_status (self, AUD_CONNECTION_STATUS_NEEDS_RECONNECT);
  else if (self->credentials != NULL)
    set_status (self, AUD_CONNECTION_STATUS_CONNECTED);
  else
    set_status (self, AUD_CONNECTION_STATUS_DISCONNECTED);
  g_object_thaw_notify (G_OBJECT (self));
  g_task_return_error (task, error);
}

static void
finish_thread (GTask        *task,
               gpointer      source_object,
               gpointer      task_data,
               GCancellable *cancellable)
{
  ConnectData *data = task_data;
  g_autoptr(SoupSession) session = soup_session_new_with_options ("timeout", 60, NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(AudCredentials) credentials = NULL;
  g_autoptr(AudSalesforceClient) client = NULL;
  g_autoptr(JsonNode) limits = NULL;

  data->tokens = aud_oauth_exchange_code (session, data->login_host, data->client_id, data->redirect_uri,
                                          data->code, data->verifier, cancellable, &error);
  if (data->tokens == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  data->identity = aud_oauth_fetch_identity (session, data->tokens->id_url, data->tokens->access_token,
                                             cancellable, &error);
  if (data->identity == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  data->api_version = aud_oauth_fetch_latest_api_version (session, data->tokens->instance_url,
                                                          cancellable, NULL);
  if (data->api_version == NULL)
    data->api_version = g_strdup (AUD_SALESFORCE_API_VERSION);

  /* One cheap call so the page can show the API usage right away. Not fatal: some users lack
   * "View Setup and Configuration", and the header comes back on the error answer too. */
  credentials = aud_credentials_new (data->login_host, data->client_id, data->identity->org_id,
                                     data->identity->user_id, data->identity->username);
  aud_credentials_set_tokens (credentials, data->tokens->access_token, NULL);
  client = aud_salesforce_client_new (credentials, data->tokens->instance_url, data->api_version);
  aud_salesforce_client_set_retry_policy (client, 1, 0);
  limits = aud_salesforce_client_get_json (client, "limits/", NULL, cancellable, NULL);
  if (!aud_salesforce_client_get_api_usage (client, &data->api_used, &data->api_max))
    data->api_used = data->api_max = -1;

  g_task_return_boolean (task, TRUE);
}

static void
vault_store_cb (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  AudConnection *self = g_task_get_source_object (task);
  ConnectData *data = g_task_get_task_data (task);
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  AudConnectionInfo *info;
  GError *error = NULL;

  if (!aud_token_vault_store_finish (result, &error))
    {
      connect_failed (self, task, error);
      return;
    }

  info = aud_connection_info_new ();
  info->state = AUD_CONNECTION_STATE_CONNECTED;
  info->login_host = g_strdup (data->login_host);
  info->client_id = g_strdup (data->client_id);
  info->instance_url = g_strdup (data->tokens->instance_url);
  info->org_id = g_strdup (data->identity->org_id);
  info->user_id = g_strdup (data->identity->user_id);
  info->username = g_strdup (data->identity->username);
  info->display_name = g_strdup (data->identity->display_name);
  info->api_version = g_strdup (data->api_version);
  info->is_sandbox = aud_oauth_login_host_is_sandbox (data->login_host, data->tokens->instance_url);
  info->connected_at = g_date_time_format_iso8601 (now);
  info->api_used = data->api_used;
  info->api_max = data->api_max;

  if (self->credentials != NULL)
    {
      g_signal_handlers_disconnect_by_data (self->credentials, self);
      g_clear_object (&self->credentials);
    }
  self->credentials = aud_credentials_new (info->login_host, info->client_id, info->org_id,
                                           info->user_id, info->username);
  aud_credentials_set_tokens (self->credentials, data->tokens->access_token, data->tokens->refresh_token);
  connect_credentials (self);

  g_object_freeze_notify (G_OBJECT (self));
  set_info (self, info);
  save_info (self);
  g_clear_object (&self->connect_cancellable);
  g_clear_pointer (&self->pending_verifier, aud_secret_free);
  set_string (self, &self->authorize_url, NULL, PROP_AUTHORIZE_URL);
  set_string (self, &self->reason, NULL, PROP_REASON);
  set_status (self, AUD_CONNECTION_STATUS_CONNECTED);
  g_object_thaw_notify (G_OBJECT (self));
  g_debug ("Connected to Salesforce org %s as %s", info->org_id, info->username);

  g_task_return_boolean (task, TRUE);
}

static void
finish_thread_cb (GObject      *source,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  AudConnection *self = AUD_CONNECTION (source);
  ConnectData *data = g_task_get_task_data (task);
  GCancellable *cancellable;
  AudTokenKey key;
  GError *error = NULL;

  if (!g_task_propagate_boolean (G_TASK (result), &error))
    {
      connect_failed (self, task, error);
      return;
    }

  /* Signed in as someone else than before: the old keyring item would be an orphan. */
  if (self->info != NULL && self->info->org_id != NULL && self->info->user_id != NULL &&
      (g_strcmp0 (self->info->org_id, data->identity->org_id) != 0 ||
       g_strcmp0 (self->info->user_id, data->identity->user_id) != 0))
    {
      AudTokenKey old = { .org_id = self->info->org_id, .user_id = self->info->user_id };
      aud_token_vault_clear_async (&old, self->keyring_timeout_ms, NULL, NULL, NULL);
    }

  key = (AudTokenKey) {
    .org_id = data->identity->org_id,
    .user_id = data->identity->user_id,
    .login_host = data->login_host,
    .username = data->identity->username,
  };
  cancellable = g_task_get_cancellable (task);
  aud_token_vault_store_async (&key, data->tokens->refresh_token, self->keyring_timeout_ms,
                               cancellable, vault_store_cb, g_steal_pointer (&task));
}

static void
receiver_wait_cb (GObject      *source,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  AudConnection *self = g_task_get_source_object (task);
  ConnectData *data = g_task_get_task_data (task);
  g_autoptr(GTask) thread_task = NULL;
  GCancellable *cancellable;
  GError *error = NULL;

  data->code = aud_loopback_receiver_wait_finish (AUD_LOOPBACK_RECEIVER (source), result, &error);
  if (data->code == NULL)
    {
      connect_failed (self, task, error);
      return;
    }

  set_status (self, AUD_CONNECTION_STATUS_FINISHING);
  cancellable = g_task_get_cancellable (task);
  thread_task = g_task_new (self, cancellable, finish_thread_cb, g_steal_pointer (&task));
  g_task_set_source_tag (thread_task, finish_thread);
  g_task_set_task_data (thread_task, data, NULL);
  g_task_run_in_thread (thread_task, finish_thread);
}

static void
vault_check_cb (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  AudConnection *self = g_task_get_source_object (task);
  ConnectData *data = g_task_get_task_data (task);
  g_autofree char *state = NULL;
  g_autofree char *challenge = NULL;
  g_autofree char *url = NULL;
  GCancellable *cancellable;
  GError *error = NULL;

  if (!aud_token_vault_check_finish (result, &error))
    {
      connect_failed (self, task, error);
      return;
    }

  data->verifier = aud_pkce_new_verifier (&error);
  state = data->verifier != NULL ? aud_pkce_new_state (&error) : NULL;
  if (state == NULL)
    {
      connect_failed (self, task, error);
      return;
    }

  data->receiver = aud_loopback_receiver_new (self->callback_port, self->callback_path, state);
  if (!aud_loopback_receiver_listen (data->receiver, &error))
    {
      connect_failed (self, task, error);
      return;
    }

  data->redirect_uri = aud_loopback_receiver_dup_redirect_uri (data->receiver);
  challenge = aud_pkce_challenge_s256 (data->verifier);
  url = aud_oauth_build_authorize_url (data->login_host, data->client_id, data->redirect_uri, challenge, state);
  self->pending_verifier = g_strdup (data->verifier);

  /* Observers of any one property see all three set. */
  g_object_freeze_notify (G_OBJECT (self));
  set_string (self, &self->redirect_uri, data->redirect_uri, PROP_REDIRECT_URI);
  set_string (self, &self->authorize_url, url, PROP_AUTHORIZE_URL);
  set_status (self, AUD_CONNECTION_STATUS_WAITING_FOR_BROWSER);
  g_object_thaw_notify (G_OBJECT (self));

  cancellable = g_task_get_cancellable (task);
  aud_loopback_receiver_wait_async (data->receiver, self->browser_timeout_s, cancellable,
                                    receiver_wait_cb, g_steal_pointer (&task));
}

void
aud_connection_connect_async (AudConnection       *self,
                              const char          *login_host,
                              const char          *client_id,
                              GCancellable        *cancellable,
                              GAsyncReadyCallback  callback,
                              gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autofree char *host = NULL;
  g_autofree char *id = NULL;
  ConnectData *data;
  GError *error = NULL;

  g_return_if_fail (AUD_IS_CONNECTION (self));

  if (self->connect_cancellable != NULL)
    {
      g_task_report_new_error (self, callback, user_data, aud_connection_connect_async,
                               G_IO_ERROR, G_IO_ERROR_PENDING,
                               _("Audiences is already waiting for a sign-in. Finish it in the browser or cancel it."));
      return;
    }

  host = aud_oauth_normalize_login_host (login_host != NULL ? login_host : "", &error);
  if (host == NULL)
    {
      g_task_report_error (self, callback, user_data, aud_connection_connect_async, error);
      return;
    }
  id = g_strstrip (g_strdup (client_id != NULL ? client_id : ""));
  if (*id == '\0')
    {
      g_task_report_new_error (self, callback, user_data, aud_connection_connect_async,
                               AUD_AUTH_ERROR, AUD_AUTH_ERROR_INVALID_CLIENT_ID,
                               _("Enter the client id: the consumer key of your org’s External Client App."));
      return;
    }

  /* Our own cancellable, so Cancel on the page works whatever the caller passed; the caller's
   * still cancels it. */
  self->connect_cancellable = g_cancellable_new ();
  if (cancellable != NULL)
    {
      g_signal_connect_object (cancellable, "cancelled", G_CALLBACK (g_cancellable_cancel),
                               self->connect_cancellable, G_CONNECT_SWAPPED);
      if (g_cancellable_is_cancelled (cancellable))
        g_cancellable_cancel (self->connect_cancellable);
    }
  task = g_task_new (self, self->connect_cancellable, callback, user_data);
  g_task_set_source_tag (task, aud_connection_connect_async);

  data = g_new0 (ConnectData, 1);
  data->login_host = g_steal_pointer (&host);
  data->client_id = g_steal_pointer (&id);
  g_task_set_task_data (task, data, (GDestroyNotify) connect_data_free);

  aud_token_vault_check_async (self->keyring_timeout_ms, self->connect_cancellable,
                               vault_check_cb, g_steal_pointer (&task));
}

gboolean
aud_connection_connect_finish (AudConnection  *self,
                               GAsyncResult   *result,
                               GError        **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

void
aud_connection_cancel (AudConnection *self)
{
  g_return_if_fail (AUD_IS_CONNECTION (self));

  if (self->connect_cancellable != NULL)
    g_cancellable_cancel (self->connect_cancellable);
}

/* ---- GObject ---- */

static void
aud_connection_dispose (GObject *object)
{
  AudConnection *self = AUD_CONNECTION (object);

  aud_connection_cancel (self);
  if (self->credentials != NULL)
    g_signal_handlers_disconnect_by_data (self->credentials, self);
  g_clear_object (&self->credentials);
  g_clear_object (&self->store);

  G_OBJECT_CLASS (aud_connection_parent_class)->dispose (object);
}

static void
aud_connection_finalize (GObject *object)
{
  AudConnection *self = AUD_CONNECTION (object);

  g_clear_pointer (&self->info, aud_connection_info_free);
  g_clear_object (&self->connect_cancellable);
  aud_secret_free (self->pending_verifier);
  g_free (self->authorize_url);
  g_free (self->redirect_uri);
  g_free (self->reason);
  g_free (self->callback_path);
  g_free (self->preset_login_host);
  g_free (self->preset_client_id);

  G_OBJECT_CLASS (aud_connection_parent_class)->finalize (object);
}

static void
aud_connection_get_property (GObject    *object,
                             guint       prop_id,
                             GValue     *value,
                             GParamSpec *pspec)
{
  AudConnection *self = AUD_CONNECTION (object);

  switch (prop_id)
    {
    case PROP_STATUS:
      g_value_set_enum (value, self->status);
      break;
    case PROP_INFO:
      g_value_set_boxed (value, self->info);
      break;
    case PROP_AUTHORIZE_URL:
      g_value_set_string (value, self->authorize_url);
      break;
    case PROP_REDIRECT_URI:
      g_value_set_string (value, self->redirect_uri);
      break;
    case PROP_REASON:
      g_value_set_string (value, self->reason);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
aud_connection_class_init (AudConnectionClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = aud_connection_dispose;
  object_class->finalize = aud_connection_finalize;
  object_class->get_property = aud_connection_get_property;

  properties[PROP_STATUS] =
    g_param_spec_enum ("status", NULL, NULL, AUD_TYPE_CONNECTION_STATUS, AUD_CONNECTION_STATUS_DISCONNECTED,
                       G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_INFO] =
    g_param_spec_boxed ("info", NULL, NULL, AUD_TYPE_CONNECTION_INFO,
                        G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_AUTHORIZE_URL] =
    g_param_spec_string ("authorize-url", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_REDIRECT_URI] =
    g_param_spec_string ("redirect-uri", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_REASON] =
    g_param_spec_string ("reason", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
aud_connection_init (AudConnection *self)
{
  self->callback_port = AUD_OAUTH_DEFAULT_PORT;
  self->callback_path = g_strdup (AUD_OAUTH_DEFAULT_PATH);
  self->browser_timeout_s = 10 * 60;
  self->keyring_timeout_ms = AUD_TOKEN_VAULT_DEFAULT_TIMEOUT_MS;
}
