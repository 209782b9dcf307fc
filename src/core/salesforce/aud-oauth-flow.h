/* aud-oauth-flow.h — Salesforce OAuth 2.0 for a public desktop client: authorize URL, code
 * exchange, refresh, revoke and identity
 *
 * The token endpoint calls are synchronous and take the caller's SoupSession, so the sync worker
 * thread can refresh with its own session; the UI runs them in a GTask thread.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>
#include <libsoup/soup.h>

G_BEGIN_DECLS

#define AUD_AUTH_ERROR (aud_auth_error_quark ())

/* Codes are the decisions the UI has to make. */
typedef enum
{
  AUD_AUTH_ERROR_FAILED,
  AUD_AUTH_ERROR_INVALID_LOGIN_HOST,  /* fix the address */
  AUD_AUTH_ERROR_INVALID_CLIENT_ID,   /* fix the client id */
  AUD_AUTH_ERROR_PORT_IN_USE,         /* close the other program or change the port */
  AUD_AUTH_ERROR_ACCESS_DENIED,       /* the user clicked Deny in the browser */
  AUD_AUTH_ERROR_AUTHORIZATION,       /* any other error= on the redirect, reported verbatim */
  AUD_AUTH_ERROR_TIMED_OUT,           /* nobody came back from the browser */
  AUD_AUTH_ERROR_INVALID_GRANT,       /* refresh token revoked or expired: reconnect */
  AUD_AUTH_ERROR_TOKEN_ENDPOINT,      /* any other token endpoint refusal */
  AUD_AUTH_ERROR_NETWORK,             /* could not reach the login host: retry */
  AUD_AUTH_ERROR_NO_KEYRING,          /* no Secret Service on the session bus */
  AUD_AUTH_ERROR_KEYRING_LOCKED,      /* unlock the keyring, then retry */
  AUD_AUTH_ERROR_KEYRING_DISMISSED,   /* the unlock prompt was dismissed */
  AUD_AUTH_ERROR_KEYRING_TIMEOUT,     /* the keyring did not answer (a prompt nobody sees) */
  AUD_AUTH_ERROR_NO_TOKEN,            /* no refresh token stored: reconnect */
} AudAuthError;

#define AUD_OAUTH_SCOPES            "api refresh_token"
#define AUD_OAUTH_DEFAULT_PORT      1717
#define AUD_OAUTH_DEFAULT_PATH      "/OauthRedirect"
#define AUD_OAUTH_PRODUCTION_HOST   "https://login.salesforce.com"
#define AUD_OAUTH_SANDBOX_HOST      "https://test.salesforce.com"
#define AUD_SALESFORCE_API_VERSION  "60.0"

typedef struct
{
  char *access_token;
  char *refresh_token;  /* NULL after a refresh unless the org rotates refresh tokens */
  char *instance_url;
  char *id_url;
  char *scope;
  char *issued_at;
} AudOAuthTokens;

typedef struct
{
  char *user_id;
  char *org_id;
  char *username;
  char *display_name;
  char *email;
} AudOAuthIdentity;

GQuark            aud_auth_error_quark            (void);

gboolean          aud_oauth_is_loopback_host      (const char        *host);
char             *aud_oauth_normalize_login_host  (const char        *input,
                                                   GError           **error);
gboolean          aud_oauth_login_host_is_sandbox (const char        *login_host,
                                                   const char        *instance_url);
char             *aud_oauth_redirect_uri          (guint              port,
                                                   const char        *path);
char             *aud_oauth_build_authorize_url   (const char        *login_host,
                                                   const char        *client_id,
                                                   const char        *redirect_uri,
                                                   const char        *code_challenge,
                                                   const char        *state);

AudOAuthTokens   *aud_oauth_exchange_code         (SoupSession       *session,
                                                   const char        *login_host,
                                                   const char        *client_id,
                                                   const char        *redirect_uri,
                                                   const char        *code,
                                                   const char        *code_verifier,
                                                   GCancellable      *cancellable,
                                                   GError           **error);
AudOAuthTokens   *aud_oauth_refresh               (SoupSession       *session,
                                                   const char        *login_host,
                                                   const char        *client_id,
                                                   const char        *refresh_token,
                                                   GCancellable      *cancellable,
                                                   GError           **error);
gboolean          aud_oauth_revoke                (SoupSession       *session,
                                                   const char        *login_host,
                                                   const char        *token,
                                                   GCancellable      *cancellable,
                                                   GError           **error);
AudOAuthIdentity *aud_oauth_fetch_identity        (SoupSession       *session,
                                                   const char        *id_url,
                                                   const char        *access_token,
                                                   GCancellable      *cancellable,
                                                   GError           **error);
char             *aud_oauth_fetch_latest_api_version (SoupSession    *session,
                                                   const char        *instance_url,
                                                   GCancellable      *cancellable,
                                                   GError           **error);

void              aud_oauth_tokens_free           (AudOAuthTokens    *tokens);
void              aud_oauth_identity_free         (AudOAuthIdentity  *identity);
void              aud_secret_free                 (char              *secret);

/* Maps a transport error to AUD_AUTH_ERROR_NETWORK (cancellation passes through). */
void              aud_oauth_set_network_error     (GError           **error,
                                                   GError            *cause,
                                                   const char        *url);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (AudOAuthTokens, aud_oauth_tokens_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (AudOAuthIdentity, aud_oauth_identity_free)

G_END_DECLS
