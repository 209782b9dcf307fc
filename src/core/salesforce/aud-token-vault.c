/* aud-token-vault.c — the Salesforce refresh token in the Secret Service (libsecret)
 *
 * The refresh token goes only here, never to the workspace, GSettings or a log. There is no
 * plain-text fallback: without a usable keyring, connecting fails with an error that says how
 * to get one. Every call is async with its own timeout, because a locked keyring under some
 * setups waits forever on an unlock prompt.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <libsecret/secret.h>

#include "aud-oauth-flow.h"
#include "aud-token-vault.h"

/* Org and user name the item: one sign-in per user of an org, whichever host signed them in,
 * so storing again (a rotated token, a reconnect through My Domain) replaces it. */
static const SecretSchema *
token_schema (void)
{
  static const SecretSchema schema = {
    .name = "org.example.Audiences.Token",
    .flags = SECRET_SCHEMA_NONE,
    .attributes = {
      { .name = "org-id", .type = SECRET_SCHEMA_ATTRIBUTE_STRING },
      { .name = "user-id", .type = SECRET_SCHEMA_ATTRIBUTE_STRING },
      { .name = NULL, .type = 0 },
    },
  };

  return &schema;
}

/* Per-call state: our own cancellable, chained to the caller's, is what the timeout trips. */
typedef struct
{
  GCancellable *inner;
  GCancellable *outer;
  gulong        outer_id;
  GSource      *timeout;
  gboolean      timed_out;
  gboolean      done;       /* the task has returned: later answers from libsecret are dropped */
  GTask        *task;       /* unowned: CallData lives inside it */
  GList        *items;      /* lookup: the items being unlocked and read */
} CallData;

static void
stop_timeout (CallData *data)
{
  if (data->timeout != NULL)
    {
      g_source_destroy (data->timeout);
      g_clear_pointer (&data->timeout, g_source_unref);
    }
}

static void
call_data_free (CallData *data)
{
  stop_timeout (data);
  if (data->outer_id != 0)
    g_cancellable_disconnect (data->outer, data->outer_id);
  g_clear_object (&data->outer);
  g_clear_object (&data->inner);
  g_list_free_full (data->items, g_object_unref);
  g_free (data);
}

static void
outer_cancelled_cb (GCancellable *outer,
                    GCancellable *inner)
{
  g_cancellable_cancel (inner);
}

/* Whoever answers first returns the task: libsecret, or the timeout. */
static gboolean
call_claim (GTask *task)
{
  CallData *data = g_task_get_task_data (task);

  if (data->done)
    return FALSE;
  data->done = TRUE;
  stop_timeout (data);
  return TRUE;
}

static void
call_return_error (GTask  *task,
                   GError *error)
{
  if (call_claim (task))
    g_task_return_error (task, error);
  else
    g_error_free (error);
}

static void
call_return_ok (GTask *task)
{
  if (call_claim (task))
    g_task_return_boolean (task, TRUE);
}

static void
call_return_secret (GTask *task,
                    char  *secret)
{
  if (call_claim (task))
    g_task_return_pointer (task, secret, (GDestroyNotify) aud_secret_free);
  else
    aud_secret_free (secret);
}

/* Returns the task itself rather than waiting for libsecret to notice the cancellation: when
 * no prompt can be shown, libsecret 0.20.5 may never answer at all. */
static gboolean
call_timeout_cb (gpointer user_data)
{
  CallData *data = user_data;

  data->timed_out = TRUE;
  g_cancellable_cancel (data->inner);
  call_return_error (data->task,
                     g_error_new_literal (AUD_AUTH_ERROR, AUD_AUTH_ERROR_KEYRING_TIMEOUT,
                                          _("The keyring did not answer. It may be waiting for you to "
                                            "unlock it: unlock your login keyring (for example in "
                                            "Passwords and Keys), then try again.")));
  return G_SOURCE_REMOVE;
}

static GTask *
call_new (gpointer             source_tag,
          guint                timeout_ms,
          GCancellable        *cancellable,
          GAsyncReadyCallback  callback,
          gpointer             user_data)
{
  GTask *task = g_task_new (NULL, cancellable, callback, user_data);
  CallData *data = g_new0 (CallData, 1);

  g_task_set_source_tag (task, source_tag);
  data->task = task;
  data->inner = g_cancellable_new ();
  if (cancellable != NULL)
    {
      data->outer = g_object_ref (cancellable);
      data->outer_id = g_cancellable_connect (cancellable, G_CALLBACK (outer_cancelled_cb),
                                              data->inner, NULL);
    }
  if (timeout_ms == 0)
    timeout_ms = AUD_TOKEN_VAULT_DEFAULT_TIMEOUT_MS;
  data->timeout = g_timeout_source_new (timeout_ms);
  g_source_set_callback (data->timeout, call_timeout_cb, data, NULL);
  g_source_attach (data->timeout, g_task_get_context (task));
  g_task_set_task_data (task, data, (GDestroyNotify) call_data_free);
  return task;
}

/* Turns what libsecret reports into the three problems a user can act on. */
static GError *
translate_error (GTask  *task,
                 GError *error)
{
  CallData *data = g_task_get_task_data (task);
  GError *result;

  /* After a timeout nobody reads this: the timeout already answered. */
  if (data->timed_out)
    result = g_error_copy (error);
  else if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) &&
           data->outer != NULL && g_cancellable_is_cancelled (data->outer))
    result = g_error_copy (error);
  else if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    result = g_error_new_literal (AUD_AUTH_ERROR, AUD_AUTH_ERROR_KEYRING_DISMISSED,
                                  _("The keyring prompt was dismissed, so Audiences cannot keep your "
                                    "sign-in. Try again and unlock the keyring when asked."));
  else if (g_error_matches (error, SECRET_ERROR, SECRET_ERROR_IS_LOCKED))
    result = g_error_new_literal (AUD_AUTH_ERROR, AUD_AUTH_ERROR_KEYRING_LOCKED,
                                  _("Your keyring is locked. Unlock your login keyring (for example in "
                                    "Passwords and Keys), then try again."));
  else
    result = g_error_new (AUD_AUTH_ERROR, AUD_AUTH_ERROR_NO_KEYRING,
                          _("No keyring is available (%s). Audiences keeps your Salesforce sign-in only in "
                            "a keyring: start GNOME Keyring or another Secret Service, then try again."),
                          error->message);

  g_error_free (error);
  return result;
}

static void
check_service_cb (GObject      *source,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(SecretService) service = NULL;
  GError *error = NULL;

  service = secret_service_get_finish (result, &error);
  if (service == NULL)
    call_return_error (task, translate_error (task, error));
  else
    call_return_ok (task);
}

void
aud_token_vault_check_async (guint                timeout_ms,
                             GCancellable        *cancellable,
                             GAsyncReadyCallback  callback,
                             gpointer             user_data)
{
  GTask *task = call_new (aud_token_vault_check_async, timeout_ms, cancellable, callback, user_data);
  CallData *data = g_task_get_task_data (task);

  secret_service_get (SECRET_SERVICE_OPEN_SESSION, data->inner, check_service_cb, task);
}

gboolean
aud_token_vault_check_finish (GAsyncResult  *result,
                              GError       **error)
{
  g_return_val_if_fail (g_async_result_is_tagged (result, aud_token_vault_check_async), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

static void
store_cb (GObject      *source,
          GAsyncResult *result,
          gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  GError *error = NULL;

  if (!secret_password_store_finish (result, &error))
    call_return_error (task, translate_error (task, error));
  else
    call_return_ok (task);
}

void
aud_token_vault_store_async (const AudTokenKey   *key,
                             const char          *refresh_token,
                             guint                timeout_ms,
                             GCancellable        *cancellable,
                             GAsyncReadyCallback  callback,
                             gpointer             user_data)
{
  GTask *task;
  CallData *data;
  g_autofree char *label = NULL;

  g_return_if_fail (key != NULL && key->org_id != NULL && key->user_id != NULL);
  g_return_if_fail (refresh_token != NULL);

  task = call_new (aud_token_vault_store_async, timeout_ms, cancellable, callback, user_data);
  data = g_task_get_task_data (task);
  /* Translators: the keyring item's name in Passwords and Keys; %s is the Salesforce username. */
  label = g_strdup_printf (_("Audiences: Salesforce sign-in for %s"),
                           key->username != NULL ? key->username : key->user_id);

  secret_password_store (token_schema (), SECRET_COLLECTION_DEFAULT, label, refresh_token,
                         data->inner, store_cb, task,
                         "org-id", key->org_id,
                         "user-id", key->user_id,
                         NULL);
}

gboolean
aud_token_vault_store_finish (GAsyncResult  *result,
                              GError       **error)
{
  g_return_val_if_fail (g_async_result_is_tagged (result, aud_token_vault_store_async), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

/* A locked keyring returns nothing instead of an error, so the search runs without unlocking
 * and looks at the items itself: an unlocked one answers; locked ones are unlocked explicitly
 * (which may prompt), then read, and "locked" is reported rather than "missing" (which would
 * send the user to reconnect for nothing). libsecret 0.20.5 can leave an unlock unfinished,
 * with a critical, when no prompt can be shown; the call's timeout then reports it. */
static void
return_no_token (GTask *task)
{
  call_return_error (task, g_error_new_literal (AUD_AUTH_ERROR, AUD_AUTH_ERROR_NO_TOKEN,
                                                _("The Salesforce sign-in is missing from your keyring. "
                                                  "Reconnect to sign in again.")));
}

static void
return_locked (GTask *task)
{
  call_return_error (task, g_error_new_literal (AUD_AUTH_ERROR, AUD_AUTH_ERROR_KEYRING_LOCKED,
                                                _("Your keyring is locked. Unlock your login keyring (for "
                                                  "example in Passwords and Keys), then try again.")));
}

/* The first item's secret, or NULL; items must be unlocked and loaded. */
static char *
dup_first_secret (GList *items)
{
  for (GList *l = items; l != NULL; l = l->next)
    {
      g_autoptr(SecretValue) value = NULL;
      const char *text;

      if (!SECRET_IS_ITEM (l->data) || secret_item_get_locked (l->data))
        continue;
      value = secret_item_get_secret (l->data);
      text = value != NULL ? secret_value_get_text (value) : NULL;
      if (text != NULL && *text != '\0')
        return g_strdup (text);
    }

  return NULL;
}

static void
load_secrets_cb (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  CallData *data = g_task_get_task_data (task);
  GError *error = NULL;
  char *token;

  if (!secret_item_load_secrets_finish (result, &error))
    {
      call_return_error (task, translate_error (task, error));
      return;
    }

  token = dup_first_secret (data->items);
  if (token != NULL)
    call_return_secret (task, token);
  else
    return_locked (task);
}

static void
unlock_cb (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  CallData *data = g_task_get_task_data (task);
  GList *unlocked = NULL;
  GError *error = NULL;

  secret_service_unlock_finish (SECRET_SERVICE (source), result, &unlocked, &error);
  if (data->done)
    {
      g_clear_error (&error);
      g_list_free_full (unlocked, g_object_unref);
      return;
    }
  if (error != NULL)
    {
      call_return_error (task, translate_error (task, error));
      return;
    }
  if (unlocked == NULL)
    {
      /* The prompt was dismissed or could not be shown. */
      return_locked (task);
      return;
    }

  g_list_free_full (data->items, g_object_unref);
  data->items = unlocked;
  secret_item_load_secrets (data->items, data->inner, load_secrets_cb, g_steal_pointer (&task));
}

static void
lookup_cb (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  CallData *data = g_task_get_task_data (task);
  GList *items, *locked = NULL;
  GError *error = NULL;
  char *token;

  items = secret_password_search_finish (result, &error);
  if (data->done)
    {
      g_clear_error (&error);
      g_list_free_full (items, g_object_unref);
      return;
    }
  if (error != NULL)
    {
      call_return_error (task, translate_error (task, error));
      return;
    }

  token = dup_first_secret (items);
  for (GList *l = items; l != NULL; l = l->next)
    if (SECRET_IS_ITEM (l->data) && secret_item_get_locked (l->data))
      locked = g_list_prepend (locked, g_object_ref (l->data));
  g_list_free_full (items, g_object_unref);

  if (token != NULL)
    {
      g_list_free_full (locked, g_object_unref);
      call_return_secret (task, token);
    }
  else if (locked != NULL)
    {
      SecretService *service = secret_item_get_service (locked->data);

      data->items = locked;
      secret_service_unlock (service, data->items, data->inner, unlock_cb, g_steal_pointer (&task));
    }
  else
    return_no_token (task);
}

void
aud_token_vault_lookup_async (const AudTokenKey   *key,
                              guint                timeout_ms,
                              GCancellable        *cancellable,
                              GAsyncReadyCallback  callback,
                              gpointer             user_data)
{
  GTask *task;
  CallData *data;

  g_return_if_fail (key != NULL && key->org_id != NULL && key->user_id != NULL);

  task = call_new (aud_token_vault_lookup_async, timeout_ms, cancellable, callback, user_data);
  data = g_task_get_task_data (task);
  secret_password_search (token_schema (), SECRET_SEARCH_ALL | SECRET_SEARCH_LOAD_SECRETS,
                          data->inner, lookup_cb, task,
                          "org-id", key->org_id,
                          "user-id", key->user_id,
                          NULL);
}

char *
aud_token_vault_lookup_finish (GAsyncResult  *result,
                               GError       **error)
{
  g_return_val_if_fail (g_async_result_is_tagged (result, aud_token_vault_lookup_async), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

static void
clear_cb (GObject      *source,
          GAsyncResult *result,
          gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  GError *error = NULL;

  /* FALSE without an error means there was nothing to remove: fine. */
  if (!secret_password_clear_finish (result, &error) && error != NULL)
    call_return_error (task, translate_error (task, error));
  else
    call_return_ok (task);
}

void
aud_token_vault_clear_async (const AudTokenKey   *key,
                             guint                timeout_ms,
                             GCancellable        *cancellable,
                             GAsyncReadyCallback  callback,
                             gpointer             user_data)
{
  GTask *task;
  CallData *data;

  g_return_if_fail (key != NULL && key->org_id != NULL && key->user_id != NULL);

  task = call_new (aud_token_vault_clear_async, timeout_ms, cancellable, callback, user_data);
  data = g_task_get_task_data (task);
  secret_password_clear (token_schema (), data->inner, clear_cb, task,
                         "org-id", key->org_id,
                         "user-id", key->user_id,
                         NULL);
}

gboolean
aud_token_vault_clear_finish (GAsyncResult  *result,
                              GError       **error)
{
  g_return_val_if_fail (g_async_result_is_tagged (result, aud_token_vault_clear_async), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

/* The sync forms: run the async call to completion in a private context. */
typedef enum
{
  SYNC_CHECK,
  SYNC_STORE,
  SYNC_LOOKUP,
  SYNC_CLEAR,
} SyncOp;

static void
sync_done_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  GAsyncResult **out = user_data;

  *out = g_object_ref (result);
}

static GAsyncResult *
run_sync (SyncOp             op,
          const AudTokenKey *key,
          const char        *refresh_token,
          guint              timeout_ms,
          GCancellable      *cancellable)
{
  g_autoptr(GMainContext) ctx = g_main_context_new ();
  GAsyncResult *result = NULL;

  g_main_context_push_thread_default (ctx);
  switch (op)
    {
    case SYNC_CHECK:
      aud_token_vault_check_async (timeout_ms, cancellable, sync_done_cb, &result);
      break;
    case SYNC_STORE:
      aud_token_vault_store_async (key, refresh_token, timeout_ms, cancellable, sync_done_cb, &result);
      break;
    case SYNC_LOOKUP:
      aud_token_vault_lookup_async (key, timeout_ms, cancellable, sync_done_cb, &result);
      break;
    case SYNC_CLEAR:
      aud_token_vault_clear_async (key, timeout_ms, cancellable, sync_done_cb, &result);
      break;
    default:
      g_assert_not_reached ();
    }
  while (result == NULL)
    g_main_context_iteration (ctx, TRUE);
  g_main_context_pop_thread_default (ctx);

  return result;
}

gboolean
aud_token_vault_check_sync (guint          timeout_ms,
                            GCancellable  *cancellable,
                            GError       **error)
{
  g_autoptr(GAsyncResult) result = run_sync (SYNC_CHECK, NULL, NULL, timeout_ms, cancellable);

  return aud_token_vault_check_finish (result, error);
}

gboolean
aud_token_vault_store_sync (const AudTokenKey  *key,
                            const char         *refresh_token,
                            guint               timeout_ms,
                            GCancellable       *cancellable,
                            GError            **error)
{
  g_autoptr(GAsyncResult) result = run_sync (SYNC_STORE, key, refresh_token, timeout_ms, cancellable);

  return aud_token_vault_store_finish (result, error);
}

char *
aud_token_vault_lookup_sync (const AudTokenKey  *key,
                             guint               timeout_ms,
                             GCancellable       *cancellable,
                             GError            **error)
{
  g_autoptr(GAsyncResult) result = run_sync (SYNC_LOOKUP, key, NULL, timeout_ms, cancellable);

  return aud_token_vault_lookup_finish (result, error);
}

gboolean
aud_token_vault_clear_sync (const AudTokenKey  *key,
                            guint               timeout_ms,
                            GCancellable       *cancellable,
                            GError            **error)
{
  g_autoptr(GAsyncResult) result = run_sync (SYNC_CLEAR, key, NULL, timeout_ms, cancellable);

  return aud_token_vault_clear_finish (result, error);
}
