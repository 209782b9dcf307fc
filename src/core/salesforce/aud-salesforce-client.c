/* aud-salesforce-client.c — a Salesforce REST client for one thread
 *
 * libsoup 3 sessions belong to the thread that made them, so each worker makes its own client.
 * What they share is AudCredentials: on 401 INVALID_SESSION_ID the client asks it for a refresh
 * (one for all threads) and replays the request once. Network errors and 5xx answers are retried
 * with exponential back-off and jitter, so a blip does not fail a sync of millions of rows.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "aud-oauth-flow.h"
#include "aud-salesforce-client.h"

struct _AudSalesforceClient
{
  GObject         parent_instance;

  AudCredentials *credentials;
  SoupSession    *session;
  char           *instance_url;
  char           *api_version;
  guint           max_attempts;
  guint           base_delay_ms;
  gint64          api_used;
  gint64          api_max;
  char           *last_error_code;
  guint           request_count;
};

G_DEFINE_FINAL_TYPE (AudSalesforceClient, aud_salesforce_client, G_TYPE_OBJECT)

G_DEFINE_QUARK (aud-crm-error-quark, aud_crm_error)

AudSalesforceClient *
aud_salesforce_client_new (AudCredentials *credentials,
                           const char     *instance_url,
                           const char     *api_version)
{
  AudSalesforceClient *self;

  g_return_val_if_fail (AUD_IS_CREDENTIALS (credentials), NULL);
  g_return_val_if_fail (instance_url != NULL, NULL);

  self = g_object_new (AUD_TYPE_SALESFORCE_CLIENT, NULL);
  self->credentials = g_object_ref (credentials);
  self->instance_url = g_strdup (instance_url);
  if (g_str_has_suffix (self->instance_url, "/"))
    self->instance_url[strlen (self->instance_url) - 1] = '\0';
  self->api_version = g_strdup (api_version != NULL ? api_version : AUD_SALESFORCE_API_VERSION);
  if (self->api_version[0] == 'v')
    memmove (self->api_version, self->api_version + 1, strlen (self->api_version));
  return self;
}

void
aud_salesforce_client_set_retry_policy (AudSalesforceClient *self,
                                        guint                max_attempts,
                                        guint                base_delay_ms)
{
  g_return_if_fail (AUD_IS_SALESFORCE_CLIENT (self));

  self->max_attempts = MAX (max_attempts, 1);
  self->base_delay_ms = base_delay_ms;
}

const char *
aud_salesforce_client_get_api_version (AudSalesforceClient *self)
{
  g_return_val_if_fail (AUD_IS_SALESFORCE_CLIENT (self), NULL);
  return self->api_version;
}

const char *
aud_salesforce_client_get_instance_url (AudSalesforceClient *self)
{
  g_return_val_if_fail (AUD_IS_SALESFORCE_CLIENT (self), NULL);
  return self->instance_url;
}

SoupSession *
aud_salesforce_client_get_session (AudSalesforceClient *self)
{
  g_return_val_if_fail (AUD_IS_SALESFORCE_CLIENT (self), NULL);
  return self->session;
}

const char *
aud_salesforce_client_get_last_error_code (AudSalesforceClient *self)
{
  g_return_val_if_fail (AUD_IS_SALESFORCE_CLIENT (self), NULL);
  return self->last_error_code;
}

guint
aud_salesforce_client_get_request_count (AudSalesforceClient *self)
{
  g_return_val_if_fail (AUD_IS_SALESFORCE_CLIENT (self), 0);
  return self->request_count;
}

gboolean
aud_salesforce_client_get_api_usage (AudSalesforceClient *self,
                                     gint64              *used,
                                     gint64              *max)
{
  g_return_val_if_fail (AUD_IS_SALESFORCE_CLIENT (self), FALSE);

  if (used != NULL)
    *used = self->api_used;
  if (max != NULL)
    *max = self->api_max;
  return self->api_max > 0;
}

/* "api-usage=18/5000; per-app-api-usage=17/250(appName=…)" */
gboolean
aud_parse_limit_info (const char *header,
                      gint64     *used,
                      gint64     *max)
{
  const char *p;
  char *end;
  gint64 u, m;

  if (header == NULL)
    return FALSE;
  for (p = strstr (header, "api-usage="); p != NULL; p = strstr (p + 1, "api-usage="))
    if (p == header || p[-1] == ' ' || p[-1] == ';' || p[-1] == ',')
      break;
  if (p == NULL)
    return FALSE;

  p += strlen ("api-usage=");
  u = g_ascii_strtoll (p, &end, 10);
  if (end == p || *end != '/')
    return FALSE;
  p = end + 1;
  m = g_ascii_strtoll (p, &end, 10);
  if (end == p || m <= 0 || u < 0)
    return FALSE;

  *used = u;
  *max = m;
  return TRUE;
}

char *
aud_salesforce_client_resolve_url (AudSalesforceClient *self,
                                   const char          *path_or_url)
{
  g_return_val_if_fail (AUD_IS_SALESFORCE_CLIENT (self), NULL);
  g_return_val_if_fail (path_or_url != NULL, NULL);

  if (g_str_has_prefix (path_or_url, "https://") || g_str_has_prefix (path_or_url, "http://"))
    return g_strdup (path_or_url);
  if (path_or_url[0] == '/')
    return g_strconcat (self->instance_url, path_or_url, NULL);
  return g_strdup_printf ("%s/services/data/v%s/%s", self->instance_url, self->api_version, path_or_url);
}

static void
set_last_error_code (AudSalesforceClient *self,
                     const char          *code)
{
  g_free (self->last_error_code);
  self->last_error_code = g_strdup (code);
}

static void
wait_cancellable (guint         ms,
                  GCancellable *cancellable)
{
  gint64 until = g_get_monotonic_time () + (gint64) ms * 1000;

  while (!g_cancellable_is_cancelled (cancellable))
    {
      gint64 left = until - g_get_monotonic_time ();

      if (left <= 0)
        break;
      g_usleep (MIN (left, 20000));
    }
}

/* Exponential back-off with jitter, so many clients do not retry in lockstep. */
static void
back_off (AudSalesforceClient *self,
          guint                attempt,
          GCancellable        *cancellable)
{
  guint delay = self->base_delay_ms << MIN (attempt, 10);

  delay += (guint) g_random_int_range (0, (gint32) (delay / 2 + 1));
  g_debug ("Salesforce call failed; retrying in %u ms (attempt %u of %u)", delay, attempt + 2, self->max_attempts);
  wait_cancellable (delay, cancellable);
}

static gboolean
is_transient_network_error (const GError *error)
{
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return FALSE;
  return error->domain == G_IO_ERROR || error->domain == G_RESOLVER_ERROR ||
         error->domain == G_TLS_ERROR || error->domain == SOUP_SESSION_ERROR;
}

/* A refresh failure, in the terms of this domain. */
static void
set_refresh_error (GError **error,
                   GError  *cause)
{
  if (g_error_matches (cause, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    g_propagate_error (error, g_error_copy (cause));
  else if (g_error_matches (cause, AUD_AUTH_ERROR, AUD_AUTH_ERROR_INVALID_GRANT) ||
           g_error_matches (cause, AUD_AUTH_ERROR, AUD_AUTH_ERROR_NO_TOKEN))
    g_set_error_literal (error, AUD_CRM_ERROR, AUD_CRM_ERROR_NEEDS_RECONNECT, cause->message);
  else if (g_error_matches (cause, AUD_AUTH_ERROR, AUD_AUTH_ERROR_NETWORK))
    g_set_error_literal (error, AUD_CRM_ERROR, AUD_CRM_ERROR_NETWORK, cause->message);
  else if (cause->domain == AUD_AUTH_ERROR &&
           (cause->code == AUD_AUTH_ERROR_NO_KEYRING || cause->code == AUD_AUTH_ERROR_KEYRING_LOCKED ||
            cause->code == AUD_AUTH_ERROR_KEYRING_DISMISSED || cause->code == AUD_AUTH_ERROR_KEYRING_TIMEOUT))
    g_set_error_literal (error, AUD_CRM_ERROR, AUD_CRM_ERROR_KEYRING, cause->message);
  else
    g_set_error_literal (error, AUD_CRM_ERROR, AUD_CRM_ERROR_FAILED, cause->message);
}

static JsonNode *
parse_body (GBytes  *bytes,
            GError **error)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) local_error = NULL;
  gsize len = 0;
  const char *data = bytes != NULL ? g_bytes_get_data (bytes, &len) : NULL;

  if (data == NULL || len == 0)
    return json_node_new (JSON_NODE_NULL);

  if (!json_parser_load_from_data (parser, data, (gssize) len, &local_error))
    {
      g_set_error (error, AUD_CRM_ERROR, AUD_CRM_ERROR_FAILED,
                   _("Salesforce sent an answer Audiences could not read (%s). Try again later."),
                   local_error->message);
      return NULL;
    }

  return json_node_ref (json_parser_get_root (parser));
}

/* Salesforce errors are an array of {message, errorCode, fields}; the first names the problem. */
static void
set_api_error (AudSalesforceClient *self,
               GError             **error,
               guint                status,
               GBytes              *bytes)
{
  g_autoptr(JsonNode) node = parse_body (bytes, NULL);
  const char *code = NULL, *message = NULL;
  g_autofree char *fallback = NULL;
  JsonObject *first = NULL;

  if (node != NULL && JSON_NODE_HOLDS_ARRAY (node) && json_array_get_length (json_node_get_array (node)) > 0)
    {
      JsonNode *e = json_array_get_element (json_node_get_array (node), 0);
      if (JSON_NODE_HOLDS_OBJECT (e))
        first = json_node_get_object (e);
    }
  else if (node != NULL && JSON_NODE_HOLDS_OBJECT (node))
    first = json_node_get_object (node);

  if (first != NULL)
    {
      code = json_object_get_string_member_with_default (first, "errorCode", NULL);
      if (code == NULL)
        code = json_object_get_string_member_with_default (first, "error", NULL);
      message = json_object_get_string_member_with_default (first, "message", NULL);
      if (message == NULL)
        message = json_object_get_string_member_with_default (first, "error_description", NULL);
    }
  if (message == NULL)
    message = fallback = g_strdup_printf ("HTTP %u %s", status, soup_status_get_phrase (status));
  set_last_error_code (self, code);

  if (g_strcmp0 (code, "REQUEST_LIMIT_EXCEEDED") == 0)
    g_set_error (error, AUD_CRM_ERROR, AUD_CRM_ERROR_API_LIMIT,
                 _("Your org has used up its Salesforce API calls for now (%s). Audiences can continue "
                   "when the daily allowance frees up; try again later or ask your admin for more."),
                 message);
  else if (g_strcmp0 (code, "NOT_FOUND") == 0 || g_strcmp0 (code, "ENTITY_IS_DELETED") == 0 ||
           (code == NULL && status == SOUP_STATUS_NOT_FOUND))
    g_set_error (error, AUD_CRM_ERROR, AUD_CRM_ERROR_NOT_FOUND,
                 _("Salesforce could not find what Audiences asked for (%s). It may have been deleted "
                   "or renamed."), message);
  else if (g_strcmp0 (code, "INVALID_FIELD") == 0 || g_strcmp0 (code, "INVALID_FIELD_FOR_INSERT_UPDATE") == 0)
    g_set_error (error, AUD_CRM_ERROR, AUD_CRM_ERROR_INVALID_FIELD,
                 _("Salesforce rejected a field (%s). Refresh the audience’s fields and check its mapping."),
                 message);
  else if (g_strcmp0 (code, "MALFORMED_QUERY") == 0 || g_strcmp0 (code, "INVALID_TYPE") == 0)
    g_set_error (error, AUD_CRM_ERROR, AUD_CRM_ERROR_MALFORMED_QUERY,
                 _("Salesforce could not run the query (%s)."), message);
  else if (g_strcmp0 (code, "INVALID_QUERY_LOCATOR") == 0)
    g_set_error (error, AUD_CRM_ERROR, AUD_CRM_ERROR_INVALID_QUERY_LOCATOR,
                 _("The Salesforce result cursor expired (%s). Run the sync again to resume."), message);
  else if (g_strcmp0 (code, "QUERY_TIMEOUT") == 0)
    g_set_error (error, AUD_CRM_ERROR, AUD_CRM_ERROR_QUERY_TIMEOUT,
                 _("Salesforce took too long to run the query (%s). Try again later."), message);
  else if (g_strcmp0 (code, "UNABLE_TO_LOCK_ROW") == 0)
    g_set_error (error, AUD_CRM_ERROR, AUD_CRM_ERROR_ROW_LOCKED,
                 _("Another process in Salesforce is editing the same record (%s). Try again shortly."),
                 message);
  else if (status == SOUP_STATUS_UNAUTHORIZED)
    g_set_error (error, AUD_CRM_ERROR, AUD_CRM_ERROR_NEEDS_RECONNECT,
                 _("Salesforce no longer accepts this connection (%s). Reconnect on the Connection page."),
                 message);
  else if (status == SOUP_STATUS_FORBIDDEN)
    g_set_error (error, AUD_CRM_ERROR, AUD_CRM_ERROR_PERMISSION_DENIED,
                 _("Salesforce refused access (%s). Ask your Salesforce admin for the permission."),
                 message);
  else if (status >= 500)
    g_set_error (error, AUD_CRM_ERROR, AUD_CRM_ERROR_UNAVAILABLE,
                 _("Salesforce is unavailable right now (HTTP %u). Try again in a few minutes."), status);
  else
    g_set_error (error, AUD_CRM_ERROR, AUD_CRM_ERROR_BAD_REQUEST,
                 _("Salesforce rejected the request: %s (%s)."), message, code != NULL ? code : "error");
}

/* The request loop: auth, one shared refresh on 401, retries with back-off, limit header.
 * Returns the body of a 2xx answer (and its headers when asked). */
static GBytes *
perform_raw (AudSalesforceClient  *self,
             const char           *method,
             const char           *path_or_url,
             GBytes               *body,
             const char * const   *headers,
             const char           *accept,
             SoupMessageHeaders  **response_headers,
             GCancellable         *cancellable,
             GError              **error)
{
  g_autofree char *url = aud_salesforce_client_resolve_url (self, path_or_url);
  /* POST creates: retrying one the server may have done would create twice. Everything else
   * Audiences sends (GET, PATCH with values, DELETE) is safe to repeat. */
  gboolean idempotent = g_strcmp0 (method, "POST") != 0;
  gboolean refreshed = FALSE;
  guint attempt = 0;

  for (;;)
    {
      g_autoptr(SoupMessage) msg = NULL;
      g_autoptr(GBytes) bytes = NULL;
      g_autoptr(GError) local_error = NULL;
      g_autofree char *auth = NULL;
      SoupMessageHeaders *request_headers;
      const char *limit_info;
      char *token;
      guint generation = 0;
      guint status;
      gint64 used, max;

      token = aud_credentials_dup_access_token (self->credentials, &generation);
      if (token == NULL)
        {
          /* Started from a stored connection: the first call fetches an access token. */
          if (refreshed || !aud_credentials_refresh (self->credentials, self->session, generation,
                                                     cancellable, &local_error))
            {
              if (local_error == NULL)
                local_error = g_error_new_literal (AUD_AUTH_ERROR, AUD_AUTH_ERROR_NO_TOKEN, "");
              set_refresh_error (error, local_error);
              return NULL;
            }
          refreshed = TRUE;
          continue;
        }

      msg = soup_message_new (method, url);
      if (msg == NULL)
        {
          aud_secret_free (token);
          g_set_error (error, AUD_CRM_ERROR, AUD_CRM_ERROR_FAILED,
                       _("“%s” is not a valid Salesforce address."), path_or_url);
          return NULL;
        }
      request_headers = soup_message_get_request_headers (msg);
      auth = g_strconcat ("Bearer ", token, NULL);
      aud_secret_free (token);
      soup_message_headers_replace (request_headers, "Authorization", auth);
      memset (auth, 0, strlen (auth));
      soup_message_headers_replace (request_headers, "Accept", accept);
      for (guint i = 0; headers != NULL && headers[i] != NULL && headers[i + 1] != NULL; i += 2)
        soup_message_headers_replace (request_headers, headers[i], headers[i + 1]);
      if (body != NULL)
        soup_message_set_request_body_from_bytes (msg, "application/json", body);

      self->request_count++;
      bytes = soup_session_send_and_read (self->session, msg, cancellable, &local_error);
      if (bytes == NULL)
        {
          if (is_transient_network_error (local_error) && attempt + 1 < self->max_attempts &&
              (idempotent || g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_CONNECTION_REFUSED)))
            {
              back_off (self, attempt++, cancellable);
              continue;
            }
          if (g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
            g_propagate_error (error, g_steal_pointer (&local_error));
          else
            g_set_error (error, AUD_CRM_ERROR, AUD_CRM_ERROR_NETWORK,
                         _("Could not reach Salesforce (%s). Check your network connection, then try again."),
                         local_error->message);
          return NULL;
        }

      limit_info = soup_message_headers_get_one (soup_message_get_response_headers (msg), "Sforce-Limit-Info");
      if (aud_parse_limit_info (limit_info, &used, &max))
        {
          self->api_used = used;
          self->api_max = max;
          aud_credentials_report_api_usage (self->credentials, used, max);
        }

      status = soup_message_get_status (msg);
      if (status == SOUP_STATUS_UNAUTHORIZED && !refreshed)
        {
          /* Expired or revoked access token: refresh once (shared with other threads), replay. */
          g_debug ("Salesforce answered 401; refreshing the access token");
          refreshed = TRUE;
          if (!aud_credentials_refresh (self->credentials, self->session, generation, cancellable, &local_error))
            {
              set_refresh_error (error, local_error);
              return NULL;
            }
          continue;
        }

      if (status >= 500 && attempt + 1 < self->max_attempts &&
          (idempotent || status == SOUP_STATUS_SERVICE_UNAVAILABLE))
        {
          back_off (self, attempt++, cancellable);
          continue;
        }

      if (status >= 200 && status < 300)
        {
          set_last_error_code (self, NULL);
          if (response_headers != NULL)
            *response_headers = soup_message_headers_ref (soup_message_get_response_headers (msg));
          return g_steal_pointer (&bytes);
        }

      set_api_error (self, error, status, bytes);
      return NULL;
    }
}

static JsonNode *
perform (AudSalesforceClient *self,
         const char          *method,
         const char          *path_or_url,
         GBytes              *body,
         const char * const  *headers,
         GCancellable        *cancellable,
         GError             **error)
{
  g_autoptr(GBytes) bytes = perform_raw (self, method, path_or_url, body, headers, "application/json",
                                         NULL, cancellable, error);

  return bytes != NULL ? parse_body (bytes, error) : NULL;
}

GBytes *
aud_salesforce_client_get_bytes (AudSalesforceClient  *self,
                                 const char           *path_or_url,
                                 const char * const   *headers,
                                 const char           *accept,
                                 SoupMessageHeaders  **response_headers,
                                 GCancellable         *cancellable,
                                 GError              **error)
{
  g_return_val_if_fail (AUD_IS_SALESFORCE_CLIENT (self), NULL);
  g_return_val_if_fail (path_or_url != NULL, NULL);

  return perform_raw (self, "GET", path_or_url, NULL, headers, accept != NULL ? accept : "*/*",
                      response_headers, cancellable, error);
}

JsonNode *
aud_salesforce_client_get_json (AudSalesforceClient *self,
                                const char          *path_or_url,
                                const char * const  *headers,
                                GCancellable        *cancellable,
                                GError             **error)
{
  g_return_val_if_fail (AUD_IS_SALESFORCE_CLIENT (self), NULL);
  g_return_val_if_fail (path_or_url != NULL, NULL);

  return perform (self, "GET", path_or_url, NULL, headers, cancellable, error);
}

JsonNode *
aud_salesforce_client_send_json (AudSalesforceClient *self,
                                 const char          *method,
                                 const char          *path_or_url,
                                 JsonNode            *body,
                                 const char * const  *headers,
                                 GCancellable        *cancellable,
                                 GError             **error)
{
  g_autoptr(GBytes) bytes = NULL;

  g_return_val_if_fail (AUD_IS_SALESFORCE_CLIENT (self), NULL);
  g_return_val_if_fail (method != NULL && path_or_url != NULL, NULL);

  if (body != NULL)
    {
      gsize len = 0;
      char *text = json_to_string (body, FALSE);

      len = strlen (text);
      bytes = g_bytes_new_take (text, len);
    }

  return perform (self, method, path_or_url, bytes, headers, cancellable, error);
}

static void
aud_salesforce_client_finalize (GObject *object)
{
  AudSalesforceClient *self = AUD_SALESFORCE_CLIENT (object);

  g_clear_object (&self->credentials);
  g_clear_object (&self->session);
  g_free (self->instance_url);
  g_free (self->api_version);
  g_free (self->last_error_code);

  G_OBJECT_CLASS (aud_salesforce_client_parent_class)->finalize (object);
}

static void
aud_salesforce_client_class_init (AudSalesforceClientClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = aud_salesforce_client_finalize;
}

static void
aud_salesforce_client_init (AudSalesforceClient *self)
{
  /* Configured here, in the creating thread, before any request (libsoup 3 rule). */
  self->session = soup_session_new_with_options ("timeout", 120, "idle-timeout", 60,
                                                 "user-agent", "Audiences/" PACKAGE_VERSION " ", NULL);
  self->max_attempts = 4;
  self->base_delay_ms = 500;
  self->api_used = -1;
  self->api_max = -1;
}
