/* aud-credentials.c — the connection's tokens, shared by every thread that talks to Salesforce
 *
 * Salesforce access tokens have no announced lifetime: they die silently and the next call gets
 * 401 INVALID_SESSION_ID. Every client then asks this object to refresh. Only one refresh runs at
 * a time (with rotation on, a second parallel refresh would use a refresh token the first one
 * just invalidated); the others wait for it and share its outcome.
 *
 * Thread ownership: any thread may call the methods; all fields below `lock` are guarded by it.
 * Signals are only ever emitted on the owner's main context.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "aud-credentials.h"
#include "aud-oauth-flow.h"
#include "aud-token-vault.h"

struct _AudCredentials
{
  GObject       parent_instance;

  /* immutable after construction */
  char         *login_host;
  char         *client_id;
  char         *org_id;
  char         *user_id;
  char         *username;
  GMainContext *owner_context;

  GMutex        lock;
  GCond         cond;
  guint         vault_timeout_ms;
  char         *access_token;
  char         *refresh_token;     /* cached copy of the keyring's; NULL until first needed */
  guint         generation;        /* bumped whenever access_token changes */
  gboolean      refreshing;
  guint         attempts;          /* refreshes finished, to hand waiters the right outcome */
  GError       *last_error;        /* outcome of attempt number `attempts` */
  GError       *dead;              /* the user must reconnect; set once, never cleared */
  guint         refresh_count;
  gint64        api_used;
  gint64        api_max;
  gint64        api_reported_at;
  gboolean      api_idle_pending;
};

G_DEFINE_FINAL_TYPE (AudCredentials, aud_credentials, G_TYPE_OBJECT)

enum {
  SIGNAL_NEEDS_RECONNECT,
  SIGNAL_API_USAGE,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

AudCredentials *
aud_credentials_new (const char *login_host,
                     const char *client_id,
                     const char *org_id,
                     const char *user_id,
                     const char *username)
{
  AudCredentials *self;

  g_return_val_if_fail (login_host != NULL && client_id != NULL, NULL);
  g_return_val_if_fail (org_id != NULL && user_id != NULL, NULL);

  self = g_object_new (AUD_TYPE_CREDENTIALS, NULL);
  self->login_host = g_strdup (login_host);
  self->client_id = g_strdup (client_id);
  self->org_id = g_strdup (org_id);
  self->user_id = g_strdup (user_id);
  self->username = g_strdup (username);
  return self;
}

const char *
aud_credentials_get_login_host (AudCredentials *self)
{
  g_return_val_if_fail (AUD_IS_CREDENTIALS (self), NULL);
  return self->login_host;
}

const char *
aud_credentials_get_client_id (AudCredentials *self)
{
  g_return_val_if_fail (AUD_IS_CREDENTIALS (self), NULL);
  return self->client_id;
}

const char *
aud_credentials_get_org_id (AudCredentials *self)
{
  g_return_val_if_fail (AUD_IS_CREDENTIALS (self), NULL);
  return self->org_id;
}

const char *
aud_credentials_get_user_id (AudCredentials *self)
{
  g_return_val_if_fail (AUD_IS_CREDENTIALS (self), NULL);
  return self->user_id;
}

void
aud_credentials_set_vault_timeout (AudCredentials *self,
                                   guint           timeout_ms)
{
  g_return_if_fail (AUD_IS_CREDENTIALS (self));

  g_mutex_lock (&self->lock);
  self->vault_timeout_ms = timeout_ms;
  g_mutex_unlock (&self->lock);
}

void
aud_credentials_set_tokens (AudCredentials *self,
                            const char     *access_token,
                            const char     *refresh_token)
{
  g_return_if_fail (AUD_IS_CREDENTIALS (self));

  g_mutex_lock (&self->lock);
  aud_secret_free (self->access_token);
  self->access_token = g_strdup (access_token);
  if (refresh_token != NULL)
    {
      aud_secret_free (self->refresh_token);
      self->refresh_token = g_strdup (refresh_token);
    }
  self->generation++;
  g_mutex_unlock (&self->lock);
}

char *
aud_credentials_dup_access_token (AudCredentials *self,
                                  guint          *generation)
{
  char *token;

  g_return_val_if_fail (AUD_IS_CREDENTIALS (self), NULL);

  g_mutex_lock (&self->lock);
  token = g_strdup (self->access_token);
  if (generation != NULL)
    *generation = self->generation;
  g_mutex_unlock (&self->lock);

  return token;
}

static AudTokenKey
token_key (AudCredentials *self)
{
  AudTokenKey key = {
    .org_id = self->org_id,
    .user_id = self->user_id,
    .login_host = self->login_host,
    .username = self->username,
  };

  return key;
}

static gboolean
emit_needs_reconnect_cb (gpointer data)
{
  AudCredentials *self = data;
  g_autofree char *why = NULL;

  g_mutex_lock (&self->lock);
  why = g_strdup (self->dead != NULL ? self->dead->message : "");
  g_mutex_unlock (&self->lock);

  g_signal_emit (self, signals[SIGNAL_NEEDS_RECONNECT], 0, why);
  return G_SOURCE_REMOVE;
}

static void
schedule_on_owner (AudCredentials *self,
                   GSourceFunc     func)
{
  g_autoptr(GSource) idle = g_idle_source_new ();

  g_source_set_callback (idle, func, g_object_ref (self), g_object_unref);
  g_source_attach (idle, self->owner_context);
}

/* Called with the lock held and `refreshing` set by us. */
static void
finish_attempt (AudCredentials *self,
                GError         *error)
{
  self->refreshing = FALSE;
  self->attempts++;
  g_clear_error (&self->last_error);
  self->last_error = error != NULL ? g_error_copy (error) : NULL;
  g_cond_broadcast (&self->cond);
}

static gboolean
is_reconnect_error (const GError *error)
{
  return g_error_matches (error, AUD_AUTH_ERROR, AUD_AUTH_ERROR_INVALID_GRANT) ||
         g_error_matches (error, AUD_AUTH_ERROR, AUD_AUTH_ERROR_NO_TOKEN);
}

gboolean
aud_credentials_refresh (AudCredentials  *self,
                         SoupSession     *session,
                         guint            stale_generation,
                         GCancellable    *cancellable,
                         GError         **error)
{
  g_autoptr(AudOAuthTokens) tokens = NULL;
  g_autoptr(GError) local_error = NULL;
  char *refresh_token = NULL;
  AudTokenKey key;
  guint timeout_ms;

  g_return_val_if_fail (AUD_IS_CREDENTIALS (self), FALSE);
  g_return_val_if_fail (SOUP_IS_SESSION (session), FALSE);

  g_mutex_lock (&self->lock);
  for (;;)
    {
      guint waited_for;

      if (self->dead != NULL)
        {
          g_propagate_error (error, g_error_copy (self->dead));
          g_mutex_unlock (&self->lock);
          return FALSE;
        }
      if (self->generation != stale_generation && self->access_token != NULL)
        {
          /* Someone else refreshed since the caller's token failed. */
          g_mutex_unlock (&self->lock);
          return TRUE;
        }
      if (!self->refreshing)
        break;

      waited_for = self->attempts + 1;
      while (self->refreshing)
        g_cond_wait (&self->cond, &self->lock);
      if (self->attempts == waited_for && self->last_error != NULL)
        {
          g_propagate_error (error, g_error_copy (self->last_error));
          g_mutex_unlock (&self->lock);
          return FALSE;
        }
    }

  self->refreshing = TRUE;
  refresh_token = g_strdup (self->refresh_token);
  timeout_ms = self->vault_timeout_ms;
  g_mutex_unlock (&self->lock);

  key = token_key (self);
  if (refresh_token == NULL)
    refresh_token = aud_token_vault_lookup_sync (&key, timeout_ms, cancellable, &local_error);

  if (refresh_token != NULL)
    tokens = aud_oauth_refresh (session, self->login_host, self->client_id, refresh_token,
                                cancellable, &local_error);

  /* With rotation on, the old refresh token is already dead: keep the new one safe first. */
  if (tokens != NULL && tokens->refresh_token != NULL &&
      g_strcmp0 (tokens->refresh_token, refresh_token) != 0)
    {
      g_mutex_lock (&self->lock);
      aud_secret_free (self->refresh_token);
      self->refresh_token = g_strdup (tokens->refresh_token);
      g_mutex_unlock (&self->lock);

      if (!aud_token_vault_store_sync (&key, tokens->refresh_token, timeout_ms, cancellable, &local_error))
        g_clear_pointer (&tokens, aud_oauth_tokens_free);
    }

  g_mutex_lock (&self->lock);
  if (tokens != NULL)
    {
      aud_secret_free (self->access_token);
      self->access_token = g_steal_pointer (&tokens->access_token);
      if (self->refresh_token == NULL)
        self->refresh_token = g_strdup (refresh_token);
      self->generation++;
      self->refresh_count++;
      finish_attempt (self, NULL);
    }
  else
    {
      g_assert (local_error != NULL);
      if (is_reconnect_error (local_error) && self->dead == NULL)
        {
          self->dead = g_error_copy (local_error);
          aud_secret_free (self->access_token);
          self->access_token = NULL;
          schedule_on_owner (self, emit_needs_reconnect_cb);
        }
      finish_attempt (self, local_error);
    }
  g_mutex_unlock (&self->lock);
  aud_secret_free (refresh_token);

  if (local_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }

  g_debug ("Access token refreshed for org %s", self->org_id);
  return TRUE;
}

char *
aud_credentials_dup_refresh_token (AudCredentials  *self,
                                   GCancellable    *cancellable,
                                   GError         **error)
{
  AudTokenKey key;
  char *token;
  guint timeout_ms;

  g_return_val_if_fail (AUD_IS_CREDENTIALS (self), NULL);

  g_mutex_lock (&self->lock);
  token = g_strdup (self->refresh_token);
  timeout_ms = self->vault_timeout_ms;
  g_mutex_unlock (&self->lock);
  if (token != NULL)
    return token;

  key = token_key (self);
  return aud_token_vault_lookup_sync (&key, timeout_ms, cancellable, error);
}

gboolean
aud_credentials_get_needs_reconnect (AudCredentials *self)
{
  gboolean dead;

  g_return_val_if_fail (AUD_IS_CREDENTIALS (self), FALSE);

  g_mutex_lock (&self->lock);
  dead = self->dead != NULL;
  g_mutex_unlock (&self->lock);
  return dead;
}

void
aud_credentials_forget (AudCredentials *self)
{
  g_return_if_fail (AUD_IS_CREDENTIALS (self));

  g_mutex_lock (&self->lock);
  g_clear_pointer (&self->access_token, aud_secret_free);
  g_clear_pointer (&self->refresh_token, aud_secret_free);
  if (self->dead == NULL)
    self->dead = g_error_new_literal (AUD_AUTH_ERROR, AUD_AUTH_ERROR_NO_TOKEN,
                                      _("Salesforce is disconnected. Connect on the Connection page."));
  g_mutex_unlock (&self->lock);
}

static gboolean
emit_api_usage_cb (gpointer data)
{
  AudCredentials *self = data;
  gint64 used, max;

  g_mutex_lock (&self->lock);
  used = self->api_used;
  max = self->api_max;
  self->api_idle_pending = FALSE;
  g_mutex_unlock (&self->lock);

  g_signal_emit (self, signals[SIGNAL_API_USAGE], 0, used, max);
  return G_SOURCE_REMOVE;
}

void
aud_credentials_report_api_usage (AudCredentials *self,
                                  gint64          used,
                                  gint64          max)
{
  gboolean schedule;
  gint64 now;

  g_return_if_fail (AUD_IS_CREDENTIALS (self));

  g_mutex_lock (&self->lock);
  /* Answers from parallel threads arrive out of order; within a minute, a lower count is an
   * older answer, not the rolling 24-hour window moving. */
  now = g_get_monotonic_time ();
  if (max == self->api_max && used < self->api_used && now - self->api_reported_at < 60 * G_USEC_PER_SEC)
    {
      g_mutex_unlock (&self->lock);
      return;
    }
  self->api_used = used;
  self->api_max = max;
  self->api_reported_at = now;
  schedule = !self->api_idle_pending;
  self->api_idle_pending = TRUE;
  g_mutex_unlock (&self->lock);

  if (schedule)
    schedule_on_owner (self, emit_api_usage_cb);
}

gboolean
aud_credentials_get_api_usage (AudCredentials *self,
                               gint64         *used,
                               gint64         *max)
{
  gboolean known;

  g_return_val_if_fail (AUD_IS_CREDENTIALS (self), FALSE);

  g_mutex_lock (&self->lock);
  known = self->api_max > 0;
  if (used != NULL)
    *used = self->api_used;
  if (max != NULL)
    *max = self->api_max;
  g_mutex_unlock (&self->lock);
  return known;
}

guint
aud_credentials_get_refresh_count (AudCredentials *self)
{
  guint count;

  g_return_val_if_fail (AUD_IS_CREDENTIALS (self), 0);

  g_mutex_lock (&self->lock);
  count = self->refresh_count;
  g_mutex_unlock (&self->lock);
  return count;
}

static void
aud_credentials_finalize (GObject *object)
{
  AudCredentials *self = AUD_CREDENTIALS (object);

  aud_secret_free (self->access_token);
  aud_secret_free (self->refresh_token);
  g_clear_error (&self->last_error);
  g_clear_error (&self->dead);
  g_free (self->login_host);
  g_free (self->client_id);
  g_free (self->org_id);
  g_free (self->user_id);
  g_free (self->username);
  g_main_context_unref (self->owner_context);
  g_mutex_clear (&self->lock);
  g_cond_clear (&self->cond);

  G_OBJECT_CLASS (aud_credentials_parent_class)->finalize (object);
}

static void
aud_credentials_class_init (AudCredentialsClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = aud_credentials_finalize;

  signals[SIGNAL_NEEDS_RECONNECT] =
    g_signal_new ("needs-reconnect", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                  NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);
  signals[SIGNAL_API_USAGE] =
    g_signal_new ("api-usage", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                  NULL, NULL, NULL, G_TYPE_NONE, 2, G_TYPE_INT64, G_TYPE_INT64);
}

static void
aud_credentials_init (AudCredentials *self)
{
  g_mutex_init (&self->lock);
  g_cond_init (&self->cond);
  self->owner_context = g_main_context_ref_thread_default ();
  self->vault_timeout_ms = AUD_TOKEN_VAULT_DEFAULT_TIMEOUT_MS;
  self->api_used = -1;
  self->api_max = -1;
}
