/* aud-credentials.h — the connection's tokens, shared by every thread that talks to Salesforce
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>
#include <libsoup/soup.h>

G_BEGIN_DECLS

#define AUD_TYPE_CREDENTIALS (aud_credentials_get_type ())
G_DECLARE_FINAL_TYPE (AudCredentials, aud_credentials, AUD, CREDENTIALS, GObject)

/* Signals ("needs-reconnect" (const char *why), "api-usage" (gint64 used, gint64 max)) are
 * emitted on the main context that was the thread default when the object was made. */
AudCredentials *aud_credentials_new                (const char      *login_host,
                                                    const char      *client_id,
                                                    const char      *org_id,
                                                    const char      *user_id,
                                                    const char      *username);

const char     *aud_credentials_get_login_host     (AudCredentials  *self);
const char     *aud_credentials_get_client_id      (AudCredentials  *self);
const char     *aud_credentials_get_org_id         (AudCredentials  *self);
const char     *aud_credentials_get_user_id        (AudCredentials  *self);
void            aud_credentials_set_vault_timeout  (AudCredentials  *self,
                                                    guint            timeout_ms);

/* Right after connecting: the access token (memory only) and the refresh token already stored. */
void            aud_credentials_set_tokens         (AudCredentials  *self,
                                                    const char      *access_token,
                                                    const char      *refresh_token);

/* The current access token and its generation, or NULL when a refresh is needed first. */
char           *aud_credentials_dup_access_token   (AudCredentials  *self,
                                                    guint           *generation);

/* Replaces the access token that failed (of @stale_generation). Callers that race share one
 * refresh: whoever comes second waits and gets its outcome. A rotated refresh token is written
 * to the keyring before the new access token is handed out. Fails with AUD_AUTH_ERROR_INVALID_GRANT
 * or AUD_AUTH_ERROR_NO_TOKEN when the user must reconnect; from then on every call fails fast.
 * Blocking: call from a worker thread (or a GTask thread). */
gboolean        aud_credentials_refresh            (AudCredentials  *self,
                                                    SoupSession     *session,
                                                    guint            stale_generation,
                                                    GCancellable    *cancellable,
                                                    GError         **error);

/* The refresh token (from memory or the keyring), for revoking. Free with aud_secret_free. */
char           *aud_credentials_dup_refresh_token  (AudCredentials  *self,
                                                    GCancellable    *cancellable,
                                                    GError         **error);
gboolean        aud_credentials_get_needs_reconnect (AudCredentials *self);
void            aud_credentials_forget             (AudCredentials  *self);

/* Any thread: the latest Sforce-Limit-Info. Coalesced into at most one pending "api-usage". */
void            aud_credentials_report_api_usage   (AudCredentials  *self,
                                                    gint64           used,
                                                    gint64           max);
gboolean        aud_credentials_get_api_usage      (AudCredentials  *self,
                                                    gint64          *used,
                                                    gint64          *max);
guint           aud_credentials_get_refresh_count  (AudCredentials  *self);

G_END_DECLS
