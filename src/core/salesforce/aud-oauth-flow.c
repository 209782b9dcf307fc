/* aud-oauth-flow.c — Salesforce OAuth 2.0 for a public desktop client: authorize URL, code
 * exchange, refresh, revoke and identity
 *
 * Nothing here logs or puts into a GError a token, a code or a verifier: error messages carry
 * only the server's `error`/`error_description`, which Salesforce never fills with secrets.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <json-glib/json-glib.h>
#include <string.h>

#include "aud-oauth-flow.h"

G_DEFINE_QUARK (aud-auth-error-quark, aud_auth_error)

void
aud_secret_free (char *secret)
{
  if (secret == NULL)
    return;

  /* Wipe before freeing so a token does not linger in freed heap memory. */
  memset (secret, 0, strlen (secret));
  g_free (secret);
}

void
aud_oauth_tokens_free (AudOAuthTokens *tokens)
{
  if (tokens == NULL)
    return;

  aud_secret_free (tokens->access_token);
  aud_secret_free (tokens->refresh_token);
  g_free (tokens->instance_url);
  g_free (tokens->id_url);
  g_free (tokens->scope);
  g_free (tokens->issued_at);
  g_free (tokens);
}

void
aud_oauth_identity_free (AudOAuthIdentity *identity)
{
  if (identity == NULL)
    return;

  g_free (identity->user_id);
  g_free (identity->org_id);
  g_free (identity->username);
  g_free (identity->display_name);
  g_free (identity->email);
  g_free (identity);
}

gboolean
aud_oauth_is_loopback_host (const char *host)
{
  if (host == NULL)
    return FALSE;

  return g_ascii_strcasecmp (host, "localhost") == 0 ||
         g_str_has_prefix (host, "127.") ||
         g_strcmp0 (host, "::1") == 0 ||
         g_strcmp0 (host, "[::1]") == 0;
}

/* Accepts "https://host[:port]" (a bare host gets https), nothing after the host. Plain http is
 * only accepted for loopback hosts: the demo org and local test servers. */
char *
aud_oauth_normalize_login_host (const char  *input,
                                GError     **error)
{
  g_autofree char *trimmed = NULL;
  g_autofree char *with_scheme = NULL;
  g_autofree char *host = NULL;
  g_autoptr(GUri) uri = NULL;
  const char *scheme;
  const char *path;
  int port;

  g_return_val_if_fail (input != NULL, NULL);

  trimmed = g_strstrip (g_strdup (input));
  if (*trimmed == '\0')
    {
      g_set_error (error, AUD_AUTH_ERROR, AUD_AUTH_ERROR_INVALID_LOGIN_HOST,
                   _("Enter the address of your Salesforce login page, such as https://mycompany.my.salesforce.com."));
      return NULL;
    }

  with_scheme = strstr (trimmed, "://") != NULL ? g_strdup (trimmed) : g_strconcat ("https://", trimmed, NULL);
  uri = g_uri_parse (with_scheme, G_URI_FLAGS_NONE, NULL);
  if (uri == NULL || g_uri_get_host (uri) == NULL || *g_uri_get_host (uri) == '\0')
    {
      g_set_error (error, AUD_AUTH_ERROR, AUD_AUTH_ERROR_INVALID_LOGIN_HOST,
                   _("“%s” is not a web address. Enter one such as https://mycompany.my.salesforce.com."),
                   trimmed);
      return NULL;
    }

  scheme = g_uri_get_scheme (uri);
  path = g_uri_get_path (uri);
  if (g_uri_get_userinfo (uri) != NULL || g_uri_get_query (uri) != NULL ||
      g_uri_get_fragment (uri) != NULL || (path != NULL && *path != '\0' && strcmp (path, "/") != 0))
    {
      g_set_error (error, AUD_AUTH_ERROR, AUD_AUTH_ERROR_INVALID_LOGIN_HOST,
                   _("Enter only the login host, without a path, such as https://mycompany.my.salesforce.com."));
      return NULL;
    }

  host = g_ascii_strdown (g_uri_get_host (uri), -1);
  if (g_ascii_strcasecmp (scheme, "https") != 0 &&
      !(g_ascii_strcasecmp (scheme, "http") == 0 && aud_oauth_is_loopback_host (host)))
    {
      g_set_error (error, AUD_AUTH_ERROR, AUD_AUTH_ERROR_INVALID_LOGIN_HOST,
                   _("Salesforce login pages use https. Change the address to start with https://."));
      return NULL;
    }

  port = g_uri_get_port (uri);
  if (strchr (host, ':') != NULL)
    {
      g_autofree char *bracketed = g_strdup_printf ("[%s]", host);
      g_free (host);
      host = g_steal_pointer (&bracketed);
    }
  if (port > 0)
    return g_strdup_printf ("%s://%s:%d", g_ascii_strcasecmp (scheme, "https") == 0 ? "https" : "http",
                            host, port);
  return g_strdup_printf ("%s://%s", g_ascii_strcasecmp (scheme, "https") == 0 ? "https" : "http", host);
}

/* Salesforce does not say in the token or identity response whether an org is a sandbox; its
 * hosts do (test.salesforce.com, *.sandbox.my.salesforce.com, cs*.salesforce.com instances). */
gboolean
aud_oauth_login_host_is_sandbox (const char *login_host,
                                 const char *instance_url)
{
  const char *hosts[] = { login_host, instance_url };

  for (guint i = 0; i < G_N_ELEMENTS (hosts); i++)
    {
      g_autoptr(GUri) uri = NULL;
      const char *host;

      if (hosts[i] == NULL)
        continue;
      uri = g_uri_parse (hosts[i], G_URI_FLAGS_NONE, NULL);
      if (uri == NULL || (host = g_uri_get_host (uri)) == NULL)
        continue;
      if (g_ascii_strcasecmp (host, "test.salesforce.com") == 0 ||
          g_str_has_suffix (host, ".sandbox.my.salesforce.com") ||
          (g_str_has_prefix (host, "cs") && g_str_has_suffix (host, ".salesforce.com")))
        return TRUE;
    }

  return FALSE;
}

char *
aud_oauth_redirect_uri (guint       port,
                        const char *path)
{
  if (path == NULL || *path == '\0')
    path = AUD_OAUTH_DEFAULT_PATH;

  return g_strdup_printf ("http://localhost:%u%s%s", port, *path == '/' ? "" : "/", path);
}

char *
aud_oauth_build_authorize_url (const char *login_host,
                               const char *client_id,
                               const char *redirect_uri,
                               const char *code_challenge,
                               const char *state)
{
  g_autofree char *query = NULL;

  g_return_val_if_fail (login_host != NULL, NULL);
  g_return_val_if_fail (client_id != NULL, NULL);
  g_return_val_if_fail (redirect_uri != NULL, NULL);
  g_return_val_if_fail (code_challenge != NULL, NULL);
  g_return_val_if_fail (state != NULL, NULL);

  /* prompt=login like the Salesforce CLI: connecting should let the user pick the account. */
  query = soup_form_encode ("response_type", "code",
                            "client_id", client_id,
                            "redirect_uri", redirect_uri,
                            "scope", AUD_OAUTH_SCOPES,
                            "code_challenge", code_challenge,
                            "code_challenge_method", "S256",
                            "state", state,
                            "prompt", "login",
                            NULL);
  return g_strdup_printf ("%s/services/oauth2/authorize?%s", login_host, query);
}

void
aud_oauth_set_network_error (GError     **error,
                             GError      *cause,
                             const char  *url)
{
  g_autoptr(GUri) uri = NULL;

  if (g_error_matches (cause, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      g_propagate_error (error, g_error_copy (cause));
      return;
    }

  uri = g_uri_parse (url, G_URI_FLAGS_NONE, NULL);
  g_set_error (error, AUD_AUTH_ERROR, AUD_AUTH_ERROR_NETWORK,
               _("Could not reach %s (%s). Check your network connection, then try again."),
               uri != NULL && g_uri_get_host (uri) != NULL ? g_uri_get_host (uri) : url, cause->message);
}

static JsonObject *
parse_object (GBytes  *body,
              GError **error)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  gsize len = 0;
  const char *data = body != NULL ? g_bytes_get_data (body, &len) : NULL;
  JsonNode *root;

  if (data == NULL || len == 0 || !json_parser_load_from_data (parser, data, (gssize) len, NULL))
    {
      g_set_error_literal (error, AUD_AUTH_ERROR, AUD_AUTH_ERROR_TOKEN_ENDPOINT,
                           _("Salesforce sent an answer Audiences does not understand. Try again later."));
      return NULL;
    }

  root = json_parser_get_root (parser);
  if (!JSON_NODE_HOLDS_OBJECT (root))
    {
      g_set_error_literal (error, AUD_AUTH_ERROR, AUD_AUTH_ERROR_TOKEN_ENDPOINT,
                           _("Salesforce sent an answer Audiences does not understand. Try again later."));
      return NULL;
    }

  return json_object_ref (json_node_get_object (root));
}

static char *
dup_member (JsonObject *obj,
            const char *name)
{
  JsonNode *node = json_object_get_member (obj, name);

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING)
    return NULL;

  return g_strdup (json_node_get_string (node));
}

/* The token endpoint answers errors as 400 {"error", "error_description"}. */
static void
set_token_endpoint_error (GError     **error,
                          guint        status,
                          GBytes      *body,
                          gboolean     refreshing)
{
  g_autoptr(JsonObject) obj = parse_object (body, NULL);
  g_autofree char *code = obj != NULL ? dup_member (obj, "error") : NULL;
  g_autofree char *description = obj != NULL ? dup_member (obj, "error_description") : NULL;
  const char *detail = description != NULL ? description : (code != NULL ? code : soup_status_get_phrase (status));

  if (g_strcmp0 (code, "invalid_grant") == 0 && refreshing)
    g_set_error (error, AUD_AUTH_ERROR, AUD_AUTH_ERROR_INVALID_GRANT,
                 _("Salesforce no longer accepts this connection (%s). Reconnect to sign in again."),
                 detail);
  else if (g_strcmp0 (code, "invalid_client_id") == 0 || g_strcmp0 (code, "invalid_client") == 0)
    g_set_error (error, AUD_AUTH_ERROR, AUD_AUTH_ERROR_INVALID_CLIENT_ID,
                 _("Salesforce does not know this client id (%s). Check the consumer key of your "
                   "External Client App."), detail);
  else if (status >= 500)
    g_set_error (error, AUD_AUTH_ERROR, AUD_AUTH_ERROR_NETWORK,
                 _("Salesforce could not sign you in right now (HTTP %u). Try again in a few minutes."),
                 status);
  else
    g_set_error (error, AUD_AUTH_ERROR, AUD_AUTH_ERROR_TOKEN_ENDPOINT,
                 _("Salesforce refused the sign-in: %s (%s). Try connecting again; if it keeps "
                   "failing, ask your Salesforce admin to check the External Client App."),
                 detail, code != NULL ? code : "error");
}

static AudOAuthTokens *
post_token (SoupSession   *session,
            const char    *login_host,
            char          *form,          /* owned */
            gboolean       refreshing,
            GCancellable  *cancellable,
            GError       **error)
{
  g_autofree char *url = g_strdup_printf ("%s/services/oauth2/token", login_host);
  g_autoptr(SoupMessage) msg = NULL;
  g_autoptr(GBytes) body = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autoptr(JsonObject) obj = NULL;
  AudOAuthTokens *tokens;
  guint status;

  msg = soup_message_new_from_encoded_form ("POST", url, form);
  if (msg == NULL)
    {
      g_set_error (error, AUD_AUTH_ERROR, AUD_AUTH_ERROR_INVALID_LOGIN_HOST,
                   _("The login host is not a valid address. Check it on the Connection page."));
      return NULL;
    }
  soup_message_headers_replace (soup_message_get_request_headers (msg), "Accept", "application/json");

  body = soup_session_send_and_read (session, msg, cancellable, &local_error);
  if (body == NULL)
    {
      aud_oauth_set_network_error (error, local_error, url);
      return NULL;
    }

  status = soup_message_get_status (msg);
  if (status != SOUP_STATUS_OK)
    {
      set_token_endpoint_error (error, status, body, refreshing);
      return NULL;
    }

  obj = parse_object (body, error);
  if (obj == NULL)
    return NULL;

  tokens = g_new0 (AudOAuthTokens, 1);
  tokens->access_token = dup_member (obj, "access_token");
  tokens->refresh_token = dup_member (obj, "refresh_token");
  tokens->instance_url = dup_member (obj, "instance_url");
  tokens->id_url = dup_member (obj, "id");
  tokens->scope = dup_member (obj, "scope");
  tokens->issued_at = dup_member (obj, "issued_at");

  if (tokens->access_token == NULL || tokens->instance_url == NULL)
    {
      aud_oauth_tokens_free (tokens);
      g_set_error_literal (error, AUD_AUTH_ERROR, AUD_AUTH_ERROR_TOKEN_ENDPOINT,
                           _("Salesforce signed you in but sent no access token. Try connecting again."));
      return NULL;
    }
  if (!refreshing && tokens->refresh_token == NULL)
    {
      aud_oauth_tokens_free (tokens);
      g_set_error_literal (error, AUD_AUTH_ERROR, AUD_AUTH_ERROR_TOKEN_ENDPOINT,
                           _("Salesforce did not grant offline access. Ask your Salesforce admin to add "
                             "the “refresh_token” scope to the External Client App, then connect again."));
      return NULL;
    }

  return tokens;
}

AudOAuthTokens *
aud_oauth_exchange_code (SoupSession   *session,
                         const char    *login_host,
                         const char    *client_id,
                         const char    *redirect_uri,
                         const char    *code,
                         const char    *code_verifier,
                         GCancellable  *cancellable,
                         GError       **error)
{
  g_return_val_if_fail (SOUP_IS_SESSION (session), NULL);
  g_return_val_if_fail (login_host != NULL && client_id != NULL && redirect_uri != NULL, NULL);
  g_return_val_if_fail (code != NULL && code_verifier != NULL, NULL);

  /* A public client: PKCE's verifier replaces the client secret, which must not be sent. */
  return post_token (session, login_host,
                     soup_form_encode ("grant_type", "authorization_code",
                                       "code", code,
                                       "client_id", client_id,
                                       "redirect_uri", redirect_uri,
                                       "code_verifier", code_verifier,
                                       "format", "json",
                                       NULL),
                     FALSE, cancellable, error);
}

AudOAuthTokens *
aud_oauth_refresh (SoupSession   *session,
                   const char    *login_host,
                   const char    *client_id,
                   const char    *refresh_token,
                   GCancellable  *cancellable,
                   GError       **error)
{
  g_return_val_if_fail (SOUP_IS_SESSION (session), NULL);
  g_return_val_if_fail (login_host != NULL && client_id != NULL && refresh_token != NULL, NULL);

  return post_token (session, login_host,
                     soup_form_encode ("grant_type", "refresh_token",
                                       "refresh_token", refresh_token,
                                       "client_id", client_id,
                                       "format", "json",
                                       NULL),
                     TRUE, cancellable, error);
}

gboolean
aud_oauth_revoke (SoupSession   *session,
                  const char    *login_host,
                  const char    *token,
                  GCancellable  *cancellable,
                  GError       **error)
{
  g_autofree char *url = g_strdup_printf ("%s/services/oauth2/revoke", login_host);
  g_autoptr(SoupMessage) msg = NULL;
  g_autoptr(GBytes) body = NULL;
  g_autoptr(GError) local_error = NULL;
  guint status;

  g_return_val_if_fail (SOUP_IS_SESSION (session), FALSE);
  g_return_val_if_fail (token != NULL, FALSE);

  msg = soup_message_new_from_encoded_form ("POST", url, soup_form_encode ("token", token, NULL));
  if (msg == NULL)
    {
      g_set_error (error, AUD_AUTH_ERROR, AUD_AUTH_ERROR_INVALID_LOGIN_HOST,
                   _("The login host is not a valid address. Check it on the Connection page."));
      return FALSE;
    }

  body = soup_session_send_and_read (session, msg, cancellable, &local_error);
  if (body == NULL)
    {
      aud_oauth_set_network_error (error, local_error, url);
      return FALSE;
    }

  status = soup_message_get_status (msg);
  /* invalid_token means it is already dead: that is what revoking wants. */
  if (status == SOUP_STATUS_OK || status == SOUP_STATUS_BAD_REQUEST)
    return TRUE;

  set_token_endpoint_error (error, status, body, FALSE);
  return FALSE;
}

AudOAuthIdentity *
aud_oauth_fetch_identity (SoupSession   *session,
                          const char    *id_url,
                          const char    *access_token,
                          GCancellable  *cancellable,
                          GError       **error)
{
  g_autoptr(SoupMessage) msg = NULL;
  g_autoptr(GBytes) body = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autoptr(JsonObject) obj = NULL;
  g_autofree char *auth = NULL;
  AudOAuthIdentity *identity;
  guint status;

  g_return_val_if_fail (SOUP_IS_SESSION (session), NULL);
  g_return_val_if_fail (access_token != NULL, NULL);

  msg = id_url != NULL ? soup_message_new ("GET", id_url) : NULL;
  if (msg == NULL)
    {
      g_set_error_literal (error, AUD_AUTH_ERROR, AUD_AUTH_ERROR_TOKEN_ENDPOINT,
                           _("Salesforce did not say who signed in. Try connecting again."));
      return NULL;
    }
  auth = g_strdup_printf ("Bearer %s", access_token);
  soup_message_headers_replace (soup_message_get_request_headers (msg), "Authorization", auth);
  soup_message_headers_replace (soup_message_get_request_headers (msg), "Accept", "application/json");
  memset (auth, 0, strlen (auth));

  body = soup_session_send_and_read (session, msg, cancellable, &local_error);
  if (body == NULL)
    {
      aud_oauth_set_network_error (error, local_error, id_url);
      return NULL;
    }

  status = soup_message_get_status (msg);
  if (status != SOUP_STATUS_OK)
    {
      g_set_error (error, AUD_AUTH_ERROR, AUD_AUTH_ERROR_TOKEN_ENDPOINT,
                   _("Salesforce would not say who signed in (HTTP %u). Try connecting again."), status);
      return NULL;
    }

  obj = parse_object (body, error);
  if (obj == NULL)
    return NULL;

  identity = g_new0 (AudOAuthIdentity, 1);
  identity->user_id = dup_member (obj, "user_id");
  identity->org_id = dup_member (obj, "organization_id");
  identity->username = dup_member (obj, "username");
  if (identity->username == NULL)
    identity->username = dup_member (obj, "preferred_username");
  identity->display_name = dup_member (obj, "display_name");
  if (identity->display_name == NULL)
    identity->display_name = dup_member (obj, "name");
  identity->email = dup_member (obj, "email");

  if (identity->user_id == NULL || identity->org_id == NULL)
    {
      aud_oauth_identity_free (identity);
      g_set_error_literal (error, AUD_AUTH_ERROR, AUD_AUTH_ERROR_TOKEN_ENDPOINT,
                           _("Salesforce did not say which user and org signed in. Try connecting again."));
      return NULL;
    }

  return identity;
}

/* GET /services/data/ needs no token and lists the versions the org serves, oldest first. */
char *
aud_oauth_fetch_latest_api_version (SoupSession   *session,
                                    const char    *instance_url,
                                    GCancellable  *cancellable,
                                    GError       **error)
{
  g_autofree char *url = g_strdup_printf ("%s/services/data/", instance_url);
  g_autoptr(SoupMessage) msg = soup_message_new ("GET", url);
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GBytes) body = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autofree char *best = NULL;
  double best_value = 0;
  JsonNode *root;
  gsize len = 0;
  const char *data;

  if (msg == NULL)
    return g_strdup (AUD_SALESFORCE_API_VERSION);

  body = soup_session_send_and_read (session, msg, cancellable, &local_error);
  if (body == NULL)
    {
      aud_oauth_set_network_error (error, local_error, url);
      return NULL;
    }

  data = g_bytes_get_data (body, &len);
  if (soup_message_get_status (msg) != SOUP_STATUS_OK || data == NULL ||
      !json_parser_load_from_data (parser, data, (gssize) len, NULL) ||
      !JSON_NODE_HOLDS_ARRAY (root = json_parser_get_root (parser)))
    return g_strdup (AUD_SALESFORCE_API_VERSION);

  for (guint i = 0; i < json_array_get_length (json_node_get_array (root)); i++)
    {
      JsonNode *item = json_array_get_element (json_node_get_array (root), i);
      const char *version;
      double value;

      if (!JSON_NODE_HOLDS_OBJECT (item))
        continue;
      version = json_object_get_string_member_with_default (json_node_get_object (item), "version", NULL);
      if (version == NULL)
        continue;
      value = g_ascii_strtod (version, NULL);
      if (value > best_value)
        {
          best_value = value;
          g_free (best);
          best = g_strdup (version);
        }
    }

  return best != NULL ? g_steal_pointer (&best) : g_strdup (AUD_SALESFORCE_API_VERSION);
}
