/* aud-token-vault.h — the Salesforce refresh token in the Secret Service (libsecret)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* A locked keyring can block forever on a prompt nobody sees; every call gives up after this. */
#define AUD_TOKEN_VAULT_DEFAULT_TIMEOUT_MS 20000

typedef struct
{
  const char *org_id;
  const char *user_id;
  const char *login_host;   /* unused by the keyring item; kept for callers' convenience */
  const char *username;     /* only for the label the user sees in Passwords and Keys */
} AudTokenKey;

/* Is there a Secret Service at all? Fails with AUD_AUTH_ERROR_NO_KEYRING otherwise. */
void      aud_token_vault_check_async   (guint                timeout_ms,
                                         GCancellable        *cancellable,
                                         GAsyncReadyCallback  callback,
                                         gpointer             user_data);
gboolean  aud_token_vault_check_finish  (GAsyncResult        *result,
                                         GError             **error);

void      aud_token_vault_store_async   (const AudTokenKey   *key,
                                         const char          *refresh_token,
                                         guint                timeout_ms,
                                         GCancellable        *cancellable,
                                         GAsyncReadyCallback  callback,
                                         gpointer             user_data);
gboolean  aud_token_vault_store_finish  (GAsyncResult        *result,
                                         GError             **error);

/* Fails with AUD_AUTH_ERROR_NO_TOKEN when nothing is stored; free with aud_secret_free. */
void      aud_token_vault_lookup_async  (const AudTokenKey   *key,
                                         guint                timeout_ms,
                                         GCancellable        *cancellable,
                                         GAsyncReadyCallback  callback,
                                         gpointer             user_data);
char     *aud_token_vault_lookup_finish (GAsyncResult        *result,
                                         GError             **error);

void      aud_token_vault_clear_async   (const AudTokenKey   *key,
                                         guint                timeout_ms,
                                         GCancellable        *cancellable,
                                         GAsyncReadyCallback  callback,
                                         gpointer             user_data);
gboolean  aud_token_vault_clear_finish  (GAsyncResult        *result,
                                         GError             **error);

/* Blocking forms for worker threads and the CLI: they run the async call in a private main
 * context, so they never block on the caller's loop and still honour the timeout. */
gboolean  aud_token_vault_check_sync    (guint                timeout_ms,
                                         GCancellable        *cancellable,
                                         GError             **error);
gboolean  aud_token_vault_store_sync    (const AudTokenKey   *key,
                                         const char          *refresh_token,
                                         guint                timeout_ms,
                                         GCancellable        *cancellable,
                                         GError             **error);
char     *aud_token_vault_lookup_sync   (const AudTokenKey   *key,
                                         guint                timeout_ms,
                                         GCancellable        *cancellable,
                                         GError             **error);
gboolean  aud_token_vault_clear_sync    (const AudTokenKey   *key,
                                         guint                timeout_ms,
                                         GCancellable        *cancellable,
                                         GError             **error);

G_END_DECLS
