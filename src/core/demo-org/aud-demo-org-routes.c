/* aud-demo-org-routes.c — the demo org's request routing and the API gate (auth, limits, faults)
 *
 * Every request lands in demo_routes_server_cb with the org lock taken. API calls pass the gate in
 * the order a real org applies them: version, session, dropped/unavailable faults, daily limit.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "aud-demo-org-private.h"

#define OLDEST_API_VERSION 31


static gboolean
parse_version (const char *segment,
               char      **version_out)
{
  char *end = NULL;
  guint64 major;

  if (segment[0] != 'v' || !g_ascii_isdigit (segment[1]))
    return FALSE;

  major = g_ascii_strtoull (segment + 1, &end, 10);
  if (end == NULL || g_strcmp0 (end, ".0") != 0)
    return FALSE;
  if (major < OLDEST_API_VERSION || major > (guint64) atoi (AUD_DEMO_ORG_API_VERSION))
    return FALSE;

  *version_out = g_strdup (segment + 1);
  return TRUE;
}

static char *
versions_json (const char *base)
{
  static const char * const seasons[] = { "Summer", "Winter", "Spring" };
  GString *out = g_string_new ("[");
  int latest = atoi (AUD_DEMO_ORG_API_VERSION);

  for (int v = OLDEST_API_VERSION; v <= latest; v++)
    {
      /* v31.0 was Summer '14; then Winter (named after the next year), Spring, Summer, … */
      int n = v - OLDEST_API_VERSION;
      int season = n % 3;
      int year = season == 0 ? 14 + n / 3 : 14 + (n + 2) / 3;

      g_string_append_printf (out, "%s{\"label\":\"%s '%02d\",\"url\":\"%s/services/data/v%d.0\","
                              "\"version\":\"%d.0\"}",
                              v > OLDEST_API_VERSION ? "," : "", seasons[season], year, base, v, v);
    }
  g_string_append_c (out, ']');
  return g_string_free (out, FALSE);
}

static void
add_limit_header (AudDemoOrg        *self,
                  SoupServerMessage *msg)
{
  g_autofree char *value = g_strdup_printf ("api-usage=%" G_GINT64_FORMAT "/%" G_GINT64_FORMAT,
                                            self->api_used, self->api_max);

  soup_message_headers_replace (soup_server_message_get_response_headers (msg),
                                "Sforce-Limit-Info", value);
}

static char *
limits_json (AudDemoOrg *self)
{
  return g_strdup_printf ("{\"DailyApiRequests\":{\"Max\":%" G_GINT64_FORMAT ",\"Remaining\":%" G_GINT64_FORMAT "},"
                          "\"DailyBulkApiBatches\":{\"Max\":15000,\"Remaining\":15000},"
                          "\"DailyBulkV2QueryJobs\":{\"Max\":10000,\"Remaining\":%u},"
                          "\"DailyBulkV2QueryFileStorageMB\":{\"Max\":976562,\"Remaining\":976562},"
                          "\"DataStorageMB\":{\"Max\":5,\"Remaining\":5},"
                          "\"ConcurrentAsyncGetReportInstances\":{\"Max\":200,\"Remaining\":200}}",
                          self->api_max, MAX (self->api_max - self->api_used, 0),
                          10000 - MIN (g_hash_table_size (self->bulk_jobs), 10000));
}

static char *
resources_json (const char *version)
{
  return g_strdup_printf ("{\"limits\":\"/services/data/v%1$s/limits\","
                          "\"sobjects\":\"/services/data/v%1$s/sobjects\","
                          "\"query\":\"/services/data/v%1$s/query\","
                          "\"queryAll\":\"/services/data/v%1$s/queryAll\","
                          "\"composite\":\"/services/data/v%1$s/composite\","
                          "\"jobs\":\"/services/data/v%1$s/jobs\"}", version);
}

static void
handle_sobjects (AudDemoOrg        *self,
                 SoupServerMessage *msg,
                 const char        *version,
                 const char        *rest)       /* after "sobjects" */
{
  const char *method = soup_server_message_get_method (msg);
  g_auto(GStrv) parts = NULL;
  DemoObject *object;
  guint n;

  if (*rest == '\0' || g_str_equal (rest, "/"))
    {
      demo_count_endpoint (self, "describeGlobal");
      demo_reply_take_json (msg, SOUP_STATUS_OK, demo_schema_global_json (self->schema, version));
      return;
    }

  parts = g_strsplit (rest + 1, "/", -1);
  n = g_strv_length (parts);
  if (n > 0 && *parts[n - 1] == '\0')
    {
      g_free (parts[n - 1]);
      parts[--n] = NULL;
    }

  object = demo_schema_lookup (self->schema, parts[0]);
  if (object == NULL)
    {
      demo_reply_error (msg, SOUP_STATUS_NOT_FOUND, "NOT_FOUND",
                        "The requested resource does not exist");
      return;
    }

  if (n == 1)
    {
      g_autofree char *name = demo_json_escape (object->name);

      demo_count_endpoint (self, "sobject");
      demo_reply_take_json (msg, SOUP_STATUS_OK,
                            g_strdup_printf ("{\"objectDescribe\":{\"name\":%s,\"keyPrefix\":\"%s\","
                                             "\"urls\":{\"describe\":\"/services/data/v%s/sobjects/%s/describe\"}},"
                                             "\"recentItems\":[]}",
                                             name, object->key_prefix, version, object->name));
      return;
    }

  if (n == 2 && g_str_equal (parts[1], "describe"))
    {
      const char *since = soup_message_headers_get_one (soup_server_message_get_request_headers (msg),
                                                        "If-Modified-Since");

      demo_count_endpoint (self, "describe");
      soup_message_headers_replace (soup_server_message_get_response_headers (msg),
                                    "Last-Modified", self->schema->last_modified_http);
      if (since != NULL)
        {
          g_autoptr(GDateTime) since_dt = soup_date_time_new_from_http_string (since);

          if (since_dt == NULL)
            {
              demo_reply_error (msg, SOUP_STATUS_BAD_REQUEST, "INVALID_HEADER_VALUE",
                                "If-Modified-Since header is not a valid date");
              return;
            }
          if (g_date_time_compare (self->schema->last_modified, since_dt) <= 0)
            {
              soup_server_message_set_status (msg, SOUP_STATUS_NOT_MODIFIED, NULL);
              return;
            }
        }
      demo_reply_take_json (msg, SOUP_STATUS_OK,
                            demo_schema_describe_json (self->schema, object, version));
      return;
    }

  if (n == 2 && (g_str_equal (parts[1], "deleted") || g_str_equal (parts[1], "updated")))
    {
      if (!g_str_equal (method, "GET"))
        {
          demo_reply_error (msg, SOUP_STATUS_METHOD_NOT_ALLOWED, "METHOD_NOT_ALLOWED",
                            "HTTP Method not allowed for this resource");
          return;
        }
      demo_query_handle_replication (self, msg, object, g_str_equal (parts[1], "deleted"));
      return;
    }

  if (n == 2)
    {
      demo_writes_handle_record (self, msg, version, object, parts[1]);
      return;
    }

  demo_reply_error (msg, SOUP_STATUS_NOT_FOUND, "NOT_FOUND", "The requested resource does not exist");
}

/* The answer to one GET inside a composite batch, or NULL with *status set. Only the metadata
 * reads a sync tool batches (describe, describeGlobal, limits) are served this way. */
static char *
batch_subrequest (AudDemoOrg *self,
                  const char *version,
                  const char *url,
                  guint      *status)
{
  g_autofree char *prefix = g_strdup_printf ("v%s/", version);
  g_autofree char *full_prefix = g_strdup_printf ("/services/data/v%s/", version);
  g_autofree char *path = NULL;
  g_auto(GStrv) parts = NULL;
  guint n;

  if (g_str_has_prefix (url, full_prefix))
    path = g_strdup (url + strlen (full_prefix));
  else if (g_str_has_prefix (url, prefix))
    path = g_strdup (url + strlen (prefix));
  else
    {
      *status = SOUP_STATUS_BAD_REQUEST;
      return NULL;
    }
  parts = g_strsplit (path, "/", -1);
  n = g_strv_length (parts);
  while (n > 0 && *parts[n - 1] == '\0')
    {
      g_free (parts[n - 1]);
      parts[--n] = NULL;
    }

  *status = SOUP_STATUS_OK;
  if (n == 1 && g_str_equal (parts[0], "limits"))
    return limits_json (self);
  if (n == 1 && g_str_equal (parts[0], "sobjects"))
    return demo_schema_global_json (self->schema, version);
  if (n == 3 && g_str_equal (parts[0], "sobjects") && g_str_equal (parts[2], "describe"))
    {
      DemoObject *object = demo_schema_lookup (self->schema, parts[1]);

      if (object != NULL)
        return demo_schema_describe_json (self->schema, object, version);
      *status = SOUP_STATUS_NOT_FOUND;
      return NULL;
    }
  *status = SOUP_STATUS_NOT_IMPLEMENTED;
  return NULL;
}

static void
handle_composite_batch (AudDemoOrg        *self,
                        SoupServerMessage *msg,
                        const char        *version)
{
  g_autoptr(JsonNode) body = demo_parse_json_body (msg, NULL);
  JsonArray *requests;
  gboolean has_errors = FALSE;
  GString *out;

  demo_count_endpoint (self, "compositeBatch");
  if (body == NULL || !JSON_NODE_HOLDS_OBJECT (body)
      || !json_object_has_member (json_node_get_object (body), "batchRequests")
      || !JSON_NODE_HOLDS_ARRAY (json_object_get_member (json_node_get_object (body), "batchRequests")))
    {
      demo_reply_error (msg, SOUP_STATUS_BAD_REQUEST, "JSON_PARSER_ERROR", "The body must hold a batchRequests array");
      return;
    }
  requests = json_object_get_array_member (json_node_get_object (body), "batchRequests");
  if (json_array_get_length (requests) > 25)
    {
      demo_reply_error (msg, SOUP_STATUS_BAD_REQUEST, "INVALID_BATCH_REQUEST", "Maximum number of subrequests exceeded: 25");
      return;
    }

  out = g_string_new ("{\"hasErrors\":HAS_ERRORS,\"results\":[");
  for (guint i = 0; i < json_array_get_length (requests); i++)
    {
      JsonNode *node = json_array_get_element (requests, i);
      JsonObject *request = JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;
      const char *method = request ? json_object_get_string_member_with_default (request, "method", NULL) : NULL;
      const char *url = request ? json_object_get_string_member_with_default (request, "url", NULL) : NULL;
      g_autofree char *result = NULL;
      guint status = SOUP_STATUS_BAD_REQUEST;

      if (g_strcmp0 (method, "GET") == 0 && url != NULL)
        result = batch_subrequest (self, version, url, &status);
      if (i > 0)
        g_string_append_c (out, ',');
      if (result != NULL)
        g_string_append_printf (out, "{\"statusCode\":200,\"result\":%s}", result);
      else
        {
          const char *code = status == SOUP_STATUS_NOT_FOUND ? "NOT_FOUND"
                             : status == SOUP_STATUS_NOT_IMPLEMENTED ? "NOT_SUPPORTED_BY_DEMO_ORG" : "INVALID_BATCH_REQUEST";
          const char *message = status == SOUP_STATUS_NOT_FOUND ? "The requested resource does not exist"
                                : status == SOUP_STATUS_NOT_IMPLEMENTED
                                  ? "The demo org serves only GET describe, describeGlobal and limits inside composite/batch"
                                  : "Each subrequest needs method GET and a url under this API version";

          has_errors = TRUE;
          g_string_append_printf (out, "{\"statusCode\":%u,\"result\":[{\"errorCode\":\"%s\",\"message\":\"%s\"}]}",
                                  status, code, message);
        }
    }
  g_string_append (out, "]}");
  {
    const char *placeholder = "HAS_ERRORS";
    gsize at = strstr (out->str, placeholder) - out->str;

    g_string_erase (out, at, strlen (placeholder));
    g_string_insert (out, at, has_errors ? "true" : "false");
  }
  demo_reply_take_json (msg, SOUP_STATUS_OK, g_string_free (out, FALSE));
}

static void
dispatch_api (AudDemoOrg        *self,
              SoupServerMessage *msg,
              const char        *version,
              const char        *rest)
{
  const char *method = soup_server_message_get_method (msg);

  if (*rest == '\0' || g_str_equal (rest, "/"))
    {
      demo_count_endpoint (self, "resources");
      demo_reply_take_json (msg, SOUP_STATUS_OK, resources_json (version));
    }
  else if (g_str_equal (rest, "/limits") || g_str_equal (rest, "/limits/"))
    {
      demo_count_endpoint (self, "limits");
      demo_reply_take_json (msg, SOUP_STATUS_OK, limits_json (self));
    }
  else if (g_str_has_prefix (rest, "/sobjects"))
    handle_sobjects (self, msg, version, rest + strlen ("/sobjects"));
  else if (g_str_has_prefix (rest, "/queryAll"))
    demo_query_handle (self, msg, version, rest + strlen ("/queryAll"), TRUE);
  else if (g_str_has_prefix (rest, "/query"))
    demo_query_handle (self, msg, version, rest + strlen ("/query"), FALSE);
  else if (g_str_equal (rest, "/composite/sobjects") || g_str_equal (rest, "/composite/sobjects/"))
    {
      if (!g_str_equal (method, "PATCH"))
        demo_reply_error (msg, SOUP_STATUS_METHOD_NOT_ALLOWED, "METHOD_NOT_ALLOWED",
                          "HTTP Method not allowed for this resource");
      else
        demo_writes_handle_collection (self, msg);
    }
  else if (g_str_equal (rest, "/composite/batch") || g_str_equal (rest, "/composite/batch/"))
    {
      if (!g_str_equal (method, "POST"))
        demo_reply_error (msg, SOUP_STATUS_METHOD_NOT_ALLOWED, "METHOD_NOT_ALLOWED",
                          "HTTP Method not allowed for this resource");
      else
        handle_composite_batch (self, msg, version);
    }
  else if (g_str_has_prefix (rest, "/jobs/query"))
    demo_bulk_handle (self, msg, version, rest + strlen ("/jobs/query"));
  else
    demo_reply_error (msg, SOUP_STATUS_NOT_FOUND, "NOT_FOUND", "The requested resource does not exist");
}

typedef struct
{
  AudDemoOrg        *self;
  SoupServerMessage *msg;
  char              *version;
  char              *rest;
} DelayedCall;

static void
delayed_call_free (gpointer data)
{
  DelayedCall *call = data;

  g_object_unref (call->msg);
  g_object_unref (call->self);
  g_free (call->version);
  g_free (call->rest);
  g_free (call);
}

static gboolean
delayed_call_cb (gpointer data)
{
  DelayedCall *call = data;

  g_mutex_lock (&call->self->lock);
  dispatch_api (call->self, call->msg, call->version, call->rest);
  add_limit_header (call->self, call->msg);
  g_mutex_unlock (&call->self->lock);
  soup_server_message_unpause (call->msg);
  return G_SOURCE_REMOVE;
}

static const char *
bearer_token (SoupServerMessage *msg)
{
  const char *auth = soup_message_headers_get_one (soup_server_message_get_request_headers (msg),
                                                   "Authorization");

  if (auth == NULL)
    return NULL;
  if (g_ascii_strncasecmp (auth, "Bearer ", 7) == 0)
    return auth + 7;
  if (g_ascii_strncasecmp (auth, "OAuth ", 6) == 0)
    return auth + 6;
  return NULL;
}

/* Called with the lock held. Decides, in the order a real org would, whether the call is
 * answered at all, refused, or served; counts it; applies faults. */
static void
handle_api (AudDemoOrg        *self,
            SoupServerMessage *msg,
            const char        *path)
{
  g_autofree char *segment = NULL;
  g_autofree char *version = NULL;
  const char *slash;
  const char *rest;
  const char *token;
  gint64 n;

  path += strlen ("/services/data/");
  slash = strchr (path, '/');
  segment = slash ? g_strndup (path, slash - path) : g_strdup (path);
  rest = slash ? slash : "";

  if (!parse_version (segment, &version))
    {
      demo_reply_error (msg, SOUP_STATUS_NOT_FOUND, "NOT_FOUND", "The requested resource does not exist");
      return;
    }

  token = bearer_token (msg);
  if (token == NULL || !demo_oauth_access_token_valid (self, token))
    {
      demo_count_endpoint (self, "unauthorized");
      demo_reply_error (msg, SOUP_STATUS_UNAUTHORIZED, "INVALID_SESSION_ID",
                        "Session expired or invalid");
      return;
    }

  n = ++self->total_calls;

  if (self->expire_tokens_at_call > 0 && n > self->expire_tokens_at_call)
    {
      self->expire_tokens_at_call = 0;
      self->faults[AUD_DEMO_ORG_FAULT_EXPIRE_TOKENS_AFTER] = 0;
      demo_oauth_expire_all (self);
      demo_count_endpoint (self, "unauthorized");
      demo_reply_error (msg, SOUP_STATUS_UNAUTHORIZED, "INVALID_SESSION_ID",
                        "Session expired or invalid");
      return;
    }

  if (self->faults[AUD_DEMO_ORG_FAULT_DROP_EVERY] > 0
      && n % self->faults[AUD_DEMO_ORG_FAULT_DROP_EVERY] == 0)
    {
      g_autoptr(GIOStream) stream = soup_server_message_steal_connection (msg);

      demo_count_endpoint (self, "dropped");
      if (stream != NULL)
        g_io_stream_close (stream, NULL, NULL);
      return;
    }

  if (self->faults[AUD_DEMO_ORG_FAULT_UNAVAILABLE_EVERY] > 0
      && n % self->faults[AUD_DEMO_ORG_FAULT_UNAVAILABLE_EVERY] == 0)
    {
      demo_count_endpoint (self, "unavailable");
      demo_reply_error (msg, SOUP_STATUS_SERVICE_UNAVAILABLE, "SERVER_UNAVAILABLE",
                        "Server temporarily unavailable. Please try again later.");
      return;
    }

  if (self->api_used >= self->api_max)
    {
      demo_count_endpoint (self, "limitExceeded");
      add_limit_header (self, msg);
      demo_reply_error (msg, SOUP_STATUS_FORBIDDEN, "REQUEST_LIMIT_EXCEEDED",
                        "TotalRequests Limit exceeded.");
      return;
    }

  self->api_used++;

  if (self->faults[AUD_DEMO_ORG_FAULT_LATENCY_MS] > 0)
    {
      DelayedCall *call = g_new0 (DelayedCall, 1);
      g_autoptr(GSource) source = g_timeout_source_new (self->faults[AUD_DEMO_ORG_FAULT_LATENCY_MS]);

      call->self = g_object_ref (self);
      call->msg = g_object_ref (msg);
      call->version = g_strdup (version);
      call->rest = g_strdup (rest);
      soup_server_message_pause (msg);
      /* Freed by the source, also when the org stops before the delay is over. */
      g_source_set_callback (source, delayed_call_cb, call, delayed_call_free);
      g_source_attach (source, self->context);
      return;
    }

  dispatch_api (self, msg, version, rest);
  add_limit_header (self, msg);
}

void
demo_routes_server_cb (SoupServer        *server,
                       SoupServerMessage *msg,
                       const char        *path,
                       GHashTable        *query,
                       gpointer           user_data)
{
  AudDemoOrg *self = user_data;
  gboolean on_auth_host = server == self->auth_server;

  g_mutex_lock (&self->lock);

  if (g_str_has_prefix (path, "/_demo/"))
    demo_control_handle (self, msg, path);
  else if (g_str_has_prefix (path, "/services/oauth2/") || g_str_has_prefix (path, "/id/"))
    demo_oauth_handle (self, msg, path, on_auth_host);
  else if (g_str_equal (path, "/services/data") || g_str_equal (path, "/services/data/"))
    {
      demo_count_endpoint (self, "versions");
      demo_reply_take_json (msg, SOUP_STATUS_OK,
                            versions_json (on_auth_host ? self->login_url : self->instance_url));
    }
  else if (!on_auth_host && g_str_has_prefix (path, "/services/data/"))
    handle_api (self, msg, path);
  else
    demo_reply_error (msg, SOUP_STATUS_NOT_FOUND, "NOT_FOUND", "The requested resource does not exist");

  g_mutex_unlock (&self->lock);
}
