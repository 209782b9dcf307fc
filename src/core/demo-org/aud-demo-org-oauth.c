/* aud-demo-org-oauth.c — the demo org's OAuth 2.0 web-server flow with PKCE, identity and revoke
 *
 * Behaves like Salesforce as described in docs/salesforce-api.md §1 and §10: exact redirect_uri
 * match, S256 challenge, single-use codes, refresh with optional rotation, token responses without
 * expires_in, errors as {"error","error_description"} with HTTP 400.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>
#include <sys/random.h>

#include "aud-demo-org-private.h"

/* Salesforce lets an authorization code live 15 minutes. */
#define CODE_LIFETIME_USEC (15 * G_TIME_SPAN_MINUTE)
#define DEFAULT_SCOPE "api refresh_token web id"
static const char * const known_scopes[] = {
  "api", "refresh_token", "offline_access", "web", "id", "openid", "full", "profile", "email",
  "address", "phone", "chatter_api", NULL
};

typedef struct
{
  char    *client_id;
  char    *redirect_uri;
  char    *challenge;
  char    *scope;
  char    *state;
  gint64   created_usec;
  gboolean used;
} DemoAuthCode;

typedef struct
{
  char    *scope;
  gboolean revoked;
} DemoRefresh;

typedef struct
{
  char    *refresh_token;   /* NULL for minted tokens */
  guint64  generation;
  gboolean revoked;
} DemoAccess;

static void
auth_code_free (gpointer data)
{
  DemoAuthCode *code = data;

  g_free (code->client_id);
  g_free (code->redirect_uri);
  g_free (code->challenge);
  g_free (code->scope);
  g_free (code->state);
  g_free (code);
}

static void
refresh_free (gpointer data)
{
  DemoRefresh *refresh = data;

  g_free (refresh->scope);
  g_free (refresh);
}

static void
access_free (gpointer data)
{
  DemoAccess *access = data;

  g_free (access->refresh_token);
  g_free (access);
}

void
demo_oauth_init (AudDemoOrg *self)
{
  self->auth_codes = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, auth_code_free);
  self->pending_approvals = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, auth_code_free);
  self->refresh_tokens = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, refresh_free);
  self->access_tokens = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, access_free);
}

void
demo_oauth_clear (AudDemoOrg *self)
{
  g_clear_pointer (&self->auth_codes, g_hash_table_unref);
  g_clear_pointer (&self->pending_approvals, g_hash_table_unref);
  g_clear_pointer (&self->refresh_tokens, g_hash_table_unref);
  g_clear_pointer (&self->access_tokens, g_hash_table_unref);
}

char *
demo_oauth_mint_access (AudDemoOrg *self,
                        const char *refresh_token)
{
  g_autofree char *random = demo_random_token (48);
  DemoAccess *access = g_new0 (DemoAccess, 1);
  /* Real access tokens start with the 15-char org id and "!": clients derive the org from it. */
  char *token = g_strdup_printf ("%.15s!%s", self->org_id, random);

  access->refresh_token = g_strdup (refresh_token);
  access->generation = self->token_generation;
  g_hash_table_insert (self->access_tokens, g_strdup (token), access);
  return token;
}

char *
demo_oauth_mint_refresh (AudDemoOrg *self,
                         const char *scope)
{
  g_autofree char *random = demo_random_token (60);
  DemoRefresh *refresh = g_new0 (DemoRefresh, 1);
  char *token = g_strdup_printf ("5Aep861%s", random);

  refresh->scope = g_strdup (scope);
  g_hash_table_insert (self->refresh_tokens, g_strdup (token), refresh);
  return token;
}

gboolean
demo_oauth_access_token_valid (AudDemoOrg *self,
                               const char *token)
{
  DemoAccess *access = g_hash_table_lookup (self->access_tokens, token);

  return access != NULL && !access->revoked && access->generation == self->token_generation;
}

void
demo_oauth_expire_all (AudDemoOrg *self)
{
  /* Sessions time out silently in a real org; only the next API call tells. */
  self->token_generation++;
}

static gboolean
scope_has (const char *scope,
           const char *word)
{
  g_auto(GStrv) words = g_strsplit (scope, " ", -1);

  return g_strv_contains ((const char * const *) words, word);
}

static char *
granted_scope (const char *requested)
{
  g_auto(GStrv) words = NULL;
  GString *out;

  if (requested == NULL || *requested == '\0')
    return g_strdup (DEFAULT_SCOPE);

  words = g_strsplit_set (requested, " +", -1);
  out = g_string_new (NULL);
  for (guint i = 0; words[i] != NULL; i++)
    {
      if (*words[i] == '\0' || !g_strv_contains (known_scopes, words[i]))
        continue;
      if (out->len > 0)
        g_string_append_c (out, ' ');
      g_string_append (out, words[i]);
    }
  return g_string_free (out, FALSE);
}

static gboolean
redirect_uri_registered (AudDemoOrg *self,
                         const char *uri)
{
  for (guint i = 0; i < self->redirect_uris->len; i++)
    if (g_strcmp0 (g_ptr_array_index (self->redirect_uris, i), uri) == 0)
      return TRUE;
  return FALSE;
}

static void
reply_text (SoupServerMessage *msg,
            guint              status,
            const char        *content_type,
            char              *body)
{
  soup_server_message_set_status (msg, status, NULL);
  soup_server_message_set_response (msg, content_type, SOUP_MEMORY_TAKE, body, strlen (body));
}

static void
redirect_with (SoupServerMessage *msg,
               const char        *redirect_uri,
               const char        *state,
               ...) G_GNUC_NULL_TERMINATED;

/* Appends key/value pairs (NULL-terminated varargs) to @redirect_uri, each value escaped, and
 * answers 302. The state is echoed last when there was one. */
static void
redirect_with (SoupServerMessage *msg,
               const char        *redirect_uri,
               const char        *state,
               ...)
{
  GString *location = g_string_new (redirect_uri);
  char sep = strchr (redirect_uri, '?') ? '&' : '?';
  const char *key;
  va_list args;

  va_start (args, state);
  while ((key = va_arg (args, const char *)) != NULL)
    {
      const char *value = va_arg (args, const char *);
      g_autofree char *escaped = g_uri_escape_string (value, NULL, FALSE);

      g_string_append_printf (location, "%c%s=%s", sep, key, escaped);
      sep = '&';
    }
  va_end (args);

  if (state != NULL)
    {
      g_autofree char *escaped = g_uri_escape_string (state, NULL, FALSE);

      g_string_append_printf (location, "%cstate=%s", sep, escaped);
    }

  soup_server_message_set_redirect (msg, SOUP_STATUS_FOUND, location->str);
  g_string_free (location, TRUE);
}

static char *
new_auth_code (void)
{
  guchar buf[46];
  gsize got = 0;
  g_autofree char *b64 = NULL;

  while (got < sizeof buf)
    {
      gssize r = getrandom (buf + got, sizeof buf - got, 0);

      if (r > 0)
        got += r;
    }
  /* 46 bytes → standard base64 ending in "==" with '+' and '/' inside, like real codes: the
   * client has to URL-decode the redirect and form-encode the token POST correctly. */
  b64 = g_base64_encode (buf, sizeof buf);
  return g_strdup_printf ("aPrx%s", b64);
}

static void
issue_code (AudDemoOrg        *self,
            SoupServerMessage *msg,
            DemoAuthCode      *pending)
{
  char *code = new_auth_code ();
  g_autofree char *redirect_uri = g_strdup (pending->redirect_uri);
  g_autofree char *state = g_strdup (pending->state);

  pending->created_usec = g_get_monotonic_time ();
  g_hash_table_insert (self->auth_codes, code, pending);
  redirect_with (msg, redirect_uri, state, "code", code, NULL);
}

static const char approve_page[] =
  "<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>Allow Access? — Audiences demo org</title></head>"
  "<body><h1>Allow Access?</h1>"
  "<p>This is the Audiences <strong>demo org</strong>, a local stand-in for Salesforce. "
  "Audiences is asking to access your demo data as %s.</p>"
  "<form method=\"post\" action=\"/services/oauth2/authorize\">"
  "<input type=\"hidden\" name=\"txn\" value=\"%s\">"
  "<button name=\"decision\" value=\"deny\">Deny</button> "
  "<button name=\"decision\" value=\"approve\" autofocus>Allow</button>"
  "</form></body></html>";

static void
handle_authorize_decision (AudDemoOrg        *self,
                           SoupServerMessage *msg)
{
  SoupMessageBody *body = soup_server_message_get_request_body (msg);
  g_autoptr(GBytes) bytes = soup_message_body_flatten (body);
  g_autofree char *text = g_strndup (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes));
  g_autoptr(GHashTable) form = soup_form_decode (text);
  const char *txn = g_hash_table_lookup (form, "txn");
  const char *decision = g_hash_table_lookup (form, "decision");
  gpointer key = NULL, value = NULL;
  DemoAuthCode *pending;

  if (txn == NULL || !g_hash_table_steal_extended (self->pending_approvals, txn, &key, &value))
    {
      reply_text (msg, SOUP_STATUS_BAD_REQUEST, "text/html;charset=UTF-8",
                  g_strdup ("<html><body><p>This approval request has expired. Start the connection again.</p></body></html>"));
      return;
    }
  g_free (key);
  pending = value;

  if (g_strcmp0 (decision, "approve") == 0)
    issue_code (self, msg, pending);
  else
    {
      redirect_with (msg, pending->redirect_uri, pending->state,
                     "error", "access_denied",
                     "error_description", "end-user denied authorization", NULL);
      auth_code_free (pending);
    }
}

static void
handle_authorize (AudDemoOrg        *self,
                  SoupServerMessage *msg)
{
  GUri *uri = soup_server_message_get_uri (msg);
  g_autoptr(GHashTable) params = NULL;
  const char *client_id, *redirect_uri, *response_type, *challenge, *method, *state;
  DemoAuthCode *pending;

  demo_count_endpoint (self, "oauth.authorize");

  if (g_str_equal (soup_server_message_get_method (msg), "POST"))
    {
      handle_authorize_decision (self, msg);
      return;
    }

  params = g_uri_get_query (uri) ? soup_form_decode (g_uri_get_query (uri))
                                 : g_hash_table_new (g_str_hash, g_str_equal);
  client_id = g_hash_table_lookup (params, "client_id");
  redirect_uri = g_hash_table_lookup (params, "redirect_uri");
  response_type = g_hash_table_lookup (params, "response_type");
  challenge = g_hash_table_lookup (params, "code_challenge");
  method = g_hash_table_lookup (params, "code_challenge_method");
  state = g_hash_table_lookup (params, "state");

  /* Errors about the client or the redirect can't be sent to an unverified redirect: the
   * browser shows them instead, as Salesforce's error page does. */
  if (g_strcmp0 (client_id, AUD_DEMO_ORG_CLIENT_ID) != 0)
    {
      reply_text (msg, SOUP_STATUS_BAD_REQUEST, "text/html;charset=UTF-8",
                  g_strdup ("<html><body><p>error=invalid_client_id</p><p>error_description=client identifier invalid</p></body></html>"));
      return;
    }
  if (redirect_uri == NULL || !redirect_uri_registered (self, redirect_uri))
    {
      reply_text (msg, SOUP_STATUS_BAD_REQUEST, "text/html;charset=UTF-8",
                  g_strdup ("<html><body><p>error=redirect_uri_mismatch</p><p>error_description=redirect_uri must match configuration</p></body></html>"));
      return;
    }
  if (g_strcmp0 (response_type, "code") != 0)
    {
      redirect_with (msg, redirect_uri, state, "error", "unsupported_response_type",
                     "error_description", "response type not supported", NULL);
      return;
    }
  if (challenge == NULL || strlen (challenge) != 43)
    {
      redirect_with (msg, redirect_uri, state, "error", "invalid_request",
                     "error_description", challenge == NULL ? "missing required code challenge"
                                                            : "invalid code challenge", NULL);
      return;
    }
  if (method != NULL && g_strcmp0 (method, "S256") != 0)
    {
      redirect_with (msg, redirect_uri, state, "error", "invalid_request",
                     "error_description", "invalid code challenge method", NULL);
      return;
    }
  if (self->deny_authorization)
    {
      redirect_with (msg, redirect_uri, state, "error", "access_denied",
                     "error_description", "end-user denied authorization", NULL);
      return;
    }

  pending = g_new0 (DemoAuthCode, 1);
  pending->client_id = g_strdup (client_id);
  pending->redirect_uri = g_strdup (redirect_uri);
  pending->challenge = g_strdup (challenge);
  pending->scope = granted_scope (g_hash_table_lookup (params, "scope"));
  pending->state = g_strdup (state);

  if (self->interactive)
    {
      g_autofree char *txn = demo_random_token (16);
      g_autofree char *user = g_markup_escape_text (AUD_DEMO_ORG_USERNAME, -1);

      reply_text (msg, SOUP_STATUS_OK, "text/html;charset=UTF-8",
                  g_strdup_printf (approve_page, user, txn));
      g_hash_table_insert (self->pending_approvals, g_steal_pointer (&txn), pending);
      return;
    }

  issue_code (self, msg, pending);
}

static char *
token_response (AudDemoOrg *self,
                const char *access_token,
                const char *refresh_token,
                const char *scope)
{
  g_autofree char *id_url = g_strdup_printf ("%s/id/%s/%s", self->login_url, self->org_id, self->user_id);
  g_autofree char *issued_at = g_strdup_printf ("%" G_GINT64_FORMAT, g_get_real_time () / 1000);
  g_autofree char *payload = g_strconcat (id_url, issued_at, NULL);
  const char *key = self->client_secret != NULL ? self->client_secret : self->org_id;
  g_autoptr(GHmac) hmac = g_hmac_new (G_CHECKSUM_SHA256, (const guchar *) key, strlen (key));
  guint8 digest[32];
  gsize digest_len = sizeof digest;
  g_autofree char *signature = NULL;
  GString *out = g_string_new ("{\"access_token\":");

  g_hmac_update (hmac, (const guchar *) payload, -1);
  g_hmac_get_digest (hmac, digest, &digest_len);
  signature = g_base64_encode (digest, digest_len);

  demo_append_json_string (out, access_token);
  if (refresh_token != NULL)
    {
      g_string_append (out, ",\"refresh_token\":");
      demo_append_json_string (out, refresh_token);
    }
  g_string_append (out, ",\"signature\":");
  demo_append_json_string (out, signature);
  g_string_append (out, ",\"scope\":");
  demo_append_json_string (out, scope);
  g_string_append (out, ",\"instance_url\":");
  demo_append_json_string (out, self->instance_url);
  g_string_append (out, ",\"id\":");
  demo_append_json_string (out, id_url);
  g_string_append (out, ",\"token_type\":\"Bearer\",\"issued_at\":");
  demo_append_json_string (out, issued_at);
  g_string_append_c (out, '}');
  return g_string_free (out, FALSE);
}

static gboolean
check_client (AudDemoOrg        *self,
              SoupServerMessage *msg,
              GHashTable        *form)
{
  const char *client_id = g_hash_table_lookup (form, "client_id");
  const char *secret = g_hash_table_lookup (form, "client_secret");

  if (g_strcmp0 (client_id, AUD_DEMO_ORG_CLIENT_ID) != 0)
    {
      demo_reply_oauth_error (msg, SOUP_STATUS_BAD_REQUEST, "invalid_client_id", "client identifier invalid");
      return FALSE;
    }
  /* A public client must not send a secret; a confidential one must send the right one. */
  if ((self->client_secret == NULL && secret != NULL)
      || (self->client_secret != NULL && g_strcmp0 (secret, self->client_secret) != 0))
    {
      demo_reply_oauth_error (msg, SOUP_STATUS_BAD_REQUEST, "invalid_client", "invalid client credentials");
      return FALSE;
    }
  return TRUE;
}

static char *
s256 (const char *verifier)
{
  g_autoptr(GChecksum) checksum = g_checksum_new (G_CHECKSUM_SHA256);
  guint8 digest[32];
  gsize len = sizeof digest;
  char *b64;
  char *p;

  g_checksum_update (checksum, (const guchar *) verifier, -1);
  g_checksum_get_digest (checksum, digest, &len);
  b64 = g_base64_encode (digest, len);
  for (p = b64; *p; p++)
    {
      if (*p == '+')
        *p = '-';
      else if (*p == '/')
        *p = '_';
      else if (*p == '=')
        {
          *p = '\0';
          break;
        }
    }
  return b64;
}

static void
handle_token_code (AudDemoOrg        *self,
                   SoupServerMessage *msg,
                   GHashTable        *form)
{
  const char *code_text = g_hash_table_lookup (form, "code");
  const char *redirect_uri = g_hash_table_lookup (form, "redirect_uri");
  const char *verifier = g_hash_table_lookup (form, "code_verifier");
  DemoAuthCode *code = code_text ? g_hash_table_lookup (self->auth_codes, code_text) : NULL;
  g_autofree char *computed = NULL;
  g_autofree char *refresh = NULL;
  g_autofree char *access = NULL;

  if (code == NULL)
    {
      demo_reply_oauth_error (msg, SOUP_STATUS_BAD_REQUEST, "invalid_grant", "invalid authorization code");
      return;
    }
  if (code->used || g_get_monotonic_time () - code->created_usec > CODE_LIFETIME_USEC)
    {
      demo_reply_oauth_error (msg, SOUP_STATUS_BAD_REQUEST, "invalid_grant", "expired authorization code");
      return;
    }
  /* Any presentation spends the code, so a failed exchange can't be retried with it. */
  code->used = TRUE;

  if (g_strcmp0 (redirect_uri, code->redirect_uri) != 0)
    {
      demo_reply_oauth_error (msg, SOUP_STATUS_BAD_REQUEST, "redirect_uri_mismatch",
                              "redirect_uri must match configuration");
      return;
    }
  if (verifier == NULL)
    {
      demo_reply_oauth_error (msg, SOUP_STATUS_BAD_REQUEST, "invalid_grant", "invalid code verifier");
      return;
    }
  computed = s256 (verifier);
  if (strlen (verifier) < 43 || strlen (verifier) > 128 || g_strcmp0 (computed, code->challenge) != 0)
    {
      demo_reply_oauth_error (msg, SOUP_STATUS_BAD_REQUEST, "invalid_request", "invalid code verifier");
      return;
    }

  if (scope_has (code->scope, "refresh_token") || scope_has (code->scope, "offline_access"))
    refresh = demo_oauth_mint_refresh (self, code->scope);
  access = demo_oauth_mint_access (self, refresh);
  demo_reply_take_json (msg, SOUP_STATUS_OK, token_response (self, access, refresh, code->scope));
}

static void
handle_token_refresh (AudDemoOrg        *self,
                      SoupServerMessage *msg,
                      GHashTable        *form)
{
  const char *token = g_hash_table_lookup (form, "refresh_token");
  DemoRefresh *refresh = token ? g_hash_table_lookup (self->refresh_tokens, token) : NULL;
  g_autofree char *rotated = NULL;
  g_autofree char *access = NULL;
  g_autofree char *scope = NULL;

  if (refresh == NULL || refresh->revoked)
    {
      demo_reply_oauth_error (msg, SOUP_STATUS_BAD_REQUEST, "invalid_grant", "expired access/refresh token");
      return;
    }

  scope = g_strdup (refresh->scope);
  if (self->rotate_refresh_tokens)
    {
      /* Rotation: the old refresh token dies at once; its access tokens live on. */
      refresh->revoked = TRUE;
      rotated = demo_oauth_mint_refresh (self, scope);
    }
  access = demo_oauth_mint_access (self, rotated ? rotated : token);
  demo_reply_take_json (msg, SOUP_STATUS_OK, token_response (self, access, rotated, scope));
}

static GHashTable *
decode_form_body (SoupServerMessage *msg)
{
  SoupMessageBody *body = soup_server_message_get_request_body (msg);
  g_autoptr(GBytes) bytes = soup_message_body_flatten (body);
  g_autofree char *text = g_strndup (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes));

  return soup_form_decode (text);
}

static void
handle_token (AudDemoOrg        *self,
              SoupServerMessage *msg)
{
  g_autoptr(GHashTable) form = NULL;
  const char *grant_type;

  demo_count_endpoint (self, "oauth.token");

  if (!g_str_equal (soup_server_message_get_method (msg), "POST"))
    {
      demo_reply_oauth_error (msg, SOUP_STATUS_BAD_REQUEST, "invalid_request", "must use HTTP POST");
      return;
    }

  form = decode_form_body (msg);
  grant_type = g_hash_table_lookup (form, "grant_type");

  if (g_strcmp0 (grant_type, "authorization_code") != 0 && g_strcmp0 (grant_type, "refresh_token") != 0)
    {
      demo_reply_oauth_error (msg, SOUP_STATUS_BAD_REQUEST, "unsupported_grant_type", "grant type not supported");
      return;
    }
  if (!check_client (self, msg, form))
    return;

  if (g_str_equal (grant_type, "authorization_code"))
    handle_token_code (self, msg, form);
  else
    handle_token_refresh (self, msg, form);
}

static void
handle_revoke (AudDemoOrg        *self,
               SoupServerMessage *msg)
{
  g_autoptr(GHashTable) form = NULL;
  const char *token;
  DemoRefresh *refresh;
  DemoAccess *access;

  demo_count_endpoint (self, "oauth.revoke");

  if (g_str_equal (soup_server_message_get_method (msg), "POST"))
    form = decode_form_body (msg);
  else if (g_uri_get_query (soup_server_message_get_uri (msg)) != NULL)
    form = soup_form_decode (g_uri_get_query (soup_server_message_get_uri (msg)));
  else
    form = g_hash_table_new (g_str_hash, g_str_equal);

  token = g_hash_table_lookup (form, "token");
  if (token == NULL || *token == '\0')
    {
      demo_reply_oauth_error (msg, SOUP_STATUS_BAD_REQUEST, "unsupported_token_type", "missing token parameter");
      return;
    }

  if ((refresh = g_hash_table_lookup (self->refresh_tokens, token)) != NULL && !refresh->revoked)
    {
      GHashTableIter iter;
      gpointer value;

      /* Revoking a refresh token kills every access token it issued. */
      refresh->revoked = TRUE;
      g_hash_table_iter_init (&iter, self->access_tokens);
      while (g_hash_table_iter_next (&iter, NULL, &value))
        {
          access = value;
          if (g_strcmp0 (access->refresh_token, token) == 0)
            access->revoked = TRUE;
        }
    }
  else if ((access = g_hash_table_lookup (self->access_tokens, token)) != NULL && !access->revoked)
    access->revoked = TRUE;
  else
    {
      demo_reply_oauth_error (msg, SOUP_STATUS_BAD_REQUEST, "invalid_token", "invalid token");
      return;
    }

  soup_server_message_set_status (msg, SOUP_STATUS_OK, NULL);
  soup_server_message_set_response (msg, "application/json;charset=UTF-8", SOUP_MEMORY_STATIC, "", 0);
}

static const char *
identity_token (SoupServerMessage *msg)
{
  const char *auth = soup_message_headers_get_one (soup_server_message_get_request_headers (msg),
                                                   "Authorization");
  const char *query = g_uri_get_query (soup_server_message_get_uri (msg));

  if (auth != NULL && g_ascii_strncasecmp (auth, "Bearer ", 7) == 0)
    return auth + 7;
  if (auth != NULL && g_ascii_strncasecmp (auth, "OAuth ", 6) == 0)
    return auth + 6;
  if (query != NULL)
    {
      static char token[512];
      g_autoptr(GHashTable) params = soup_form_decode (query);
      const char *t = g_hash_table_lookup (params, "oauth_token");

      /* Only called with the org lock held, so the static buffer is not shared. */
      if (t != NULL && strlen (t) < sizeof token)
        {
          g_strlcpy (token, t, sizeof token);
          return token;
        }
    }
  return NULL;
}

static char *
urls_json (AudDemoOrg *self,
           const char *version)
{
  const char *v = version != NULL ? version : "{version}";
  const char *base = self->instance_url;

  return g_strdup_printf ("{\"enterprise\":\"%1$s/services/Soap/c/%2$s/%3$.15s\","
                          "\"metadata\":\"%1$s/services/Soap/m/%2$s/%3$.15s\","
                          "\"partner\":\"%1$s/services/Soap/u/%2$s/%3$.15s\","
                          "\"rest\":\"%1$s/services/data/v%2$s/\","
                          "\"sobjects\":\"%1$s/services/data/v%2$s/sobjects/\","
                          "\"search\":\"%1$s/services/data/v%2$s/search/\","
                          "\"query\":\"%1$s/services/data/v%2$s/query/\","
                          "\"recent\":\"%1$s/services/data/v%2$s/recent/\","
                          "\"profile\":\"%1$s/%4$s\"}",
                          base, v, self->org_id, self->user_id);
}

static void
handle_identity (AudDemoOrg        *self,
                 SoupServerMessage *msg,
                 const char        *path,
                 gboolean           userinfo)
{
  const char *token = identity_token (msg);
  GUri *uri = soup_server_message_get_uri (msg);
  g_autoptr(GHashTable) params = g_uri_get_query (uri) ? soup_form_decode (g_uri_get_query (uri))
                                                       : g_hash_table_new (g_str_hash, g_str_equal);
  const char *version = g_hash_table_lookup (params, "version");
  g_autofree char *version_number = NULL;
  g_autofree char *urls = NULL;
  g_autofree char *id_url = g_strdup_printf ("%s/id/%s/%s", self->login_url, self->org_id, self->user_id);

  demo_count_endpoint (self, userinfo ? "oauth.userinfo" : "identity");

  if (token == NULL || !demo_oauth_access_token_valid (self, token))
    {
      /* The identity service answers a bad token with 403 and a bare text body. */
      soup_server_message_set_status (msg, SOUP_STATUS_FORBIDDEN, NULL);
      soup_server_message_set_response (msg, "text/plain;charset=UTF-8", SOUP_MEMORY_STATIC,
                                        "Bad_OAuth_Token", strlen ("Bad_OAuth_Token"));
      return;
    }

  if (!userinfo)
    {
      g_autofree char *expected = g_strdup_printf ("/id/%s/%s", self->org_id, self->user_id);
      g_autofree char *expected15 = g_strdup_printf ("/id/%.15s/%.15s", self->org_id, self->user_id);

      if (!g_str_equal (path, expected) && !g_str_equal (path, expected15))
        {
          soup_server_message_set_status (msg, SOUP_STATUS_NOT_FOUND, NULL);
          soup_server_message_set_response (msg, "text/plain;charset=UTF-8", SOUP_MEMORY_STATIC,
                                            "Bad_Id", strlen ("Bad_Id"));
          return;
        }
    }

  if (version != NULL && g_str_equal (version, "latest"))
    version_number = g_strdup (AUD_DEMO_ORG_API_VERSION);
  else if (version != NULL)
    version_number = g_strdup (version);
  urls = urls_json (self, version_number);

  if (userinfo)
    demo_reply_take_json (msg, SOUP_STATUS_OK,
                          g_strdup_printf ("{\"sub\":\"%1$s\",\"user_id\":\"%2$s\",\"organization_id\":\"%3$s\","
                                           "\"preferred_username\":\"%4$s\",\"nickname\":\"demo.user\","
                                           "\"name\":\"Demo User\",\"email\":\"%4$s\",\"email_verified\":true,"
                                           "\"given_name\":\"Demo\",\"family_name\":\"User\","
                                           "\"zoneinfo\":\"Europe/Berlin\",\"locale\":\"en_US\",\"language\":\"en_US\","
                                           "\"user_type\":\"STANDARD\",\"active\":true,\"is_app_installed\":true,"
                                           "\"updated_at\":\"2025-06-01T00:00:00Z\",\"urls\":%5$s}",
                                           id_url, self->user_id, self->org_id, AUD_DEMO_ORG_USERNAME, urls));
  else
    demo_reply_take_json (msg, SOUP_STATUS_OK,
                          g_strdup_printf ("{\"id\":\"%1$s\",\"asserted_user\":true,\"user_id\":\"%2$s\","
                                           "\"organization_id\":\"%3$s\",\"username\":\"%4$s\","
                                           "\"nick_name\":\"demo.user\",\"display_name\":\"Demo User\","
                                           "\"email\":\"%4$s\",\"email_verified\":true,\"first_name\":\"Demo\","
                                           "\"last_name\":\"User\",\"timezone\":\"Europe/Berlin\","
                                           "\"photos\":{\"picture\":null,\"thumbnail\":null},"
                                           "\"active\":true,\"user_type\":\"STANDARD\",\"language\":\"en_US\","
                                           "\"locale\":\"en_US\",\"utcOffset\":3600000,"
                                           "\"last_modified_date\":\"2025-06-01T00:00:00.000+0000\","
                                           "\"is_app_installed\":true,\"urls\":%5$s}",
                                           id_url, self->user_id, self->org_id, AUD_DEMO_ORG_USERNAME, urls));
}

void
demo_oauth_handle (AudDemoOrg        *self,
                   SoupServerMessage *msg,
                   const char        *path,
                   gboolean           on_auth_host)
{
  if (g_str_equal (path, "/services/oauth2/authorize"))
    handle_authorize (self, msg);
  else if (g_str_equal (path, "/services/oauth2/token"))
    handle_token (self, msg);
  else if (g_str_equal (path, "/services/oauth2/revoke"))
    handle_revoke (self, msg);
  else if (g_str_equal (path, "/services/oauth2/userinfo"))
    handle_identity (self, msg, path, TRUE);
  else if (g_str_has_prefix (path, "/id/"))
    handle_identity (self, msg, path, FALSE);
  else
    demo_reply_error (msg, SOUP_STATUS_NOT_FOUND, "NOT_FOUND", "The requested resource does not exist");
}
