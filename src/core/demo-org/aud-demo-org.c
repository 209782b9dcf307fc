/* aud-demo-org.c — the demo org object: lifecycle, the two hosts, routing, auth and limit gate
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <string.h>
#include <sys/random.h>

#include "aud-demo-org-private.h"
#include "aud-sf-id.h"

G_DEFINE_FINAL_TYPE (AudDemoOrg, aud_demo_org, G_TYPE_OBJECT)

G_DEFINE_QUARK (aud-demo-org-error-quark, aud_demo_org_error)

enum {
  PROP_0,
  PROP_SEED,
  PROP_ACCOUNTS,
  PROP_CONTACTS,
  PROP_LEADS,
  PROP_OPPORTUNITIES,
  PROP_DUPLICATE_PERCENT,
  PROP_EXTRA_CUSTOM_FIELDS,
  PROP_DATABASE_PATH,
  PROP_API_MAX,
  PROP_ROTATE_REFRESH_TOKENS,
  PROP_INTERACTIVE,
  PROP_DENY_AUTHORIZATION,
  PROP_CLIENT_SECRET,
  PROP_PORT,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static const char * const fault_names[AUD_DEMO_ORG_N_FAULTS] = {
  "latency_ms",
  "unavailable_every",
  "drop_every",
  "expire_tokens_after",
  "exhaust_limit_after",
  "lock_row_every",
  "page_size_cap",
  "query_timeout_next",
  "validation_every",
  "bulk_fail_next",
  "duplicates_every",
};

#define OLDEST_API_VERSION 31

/* ---- helpers shared by the other files ---- */

void
demo_reply_json (SoupServerMessage *msg,
                 guint              status,
                 const char        *json)
{
  soup_server_message_set_status (msg, status, NULL);
  soup_server_message_set_response (msg, "application/json;charset=UTF-8", SOUP_MEMORY_COPY,
                                    json, strlen (json));
}

void
demo_reply_take_json (SoupServerMessage *msg,
                      guint              status,
                      char              *json)
{
  soup_server_message_set_status (msg, status, NULL);
  soup_server_message_set_response (msg, "application/json;charset=UTF-8", SOUP_MEMORY_TAKE,
                                    json, strlen (json));
}

void
demo_reply_node (SoupServerMessage *msg,
                 guint              status,
                 JsonNode          *node)
{
  demo_reply_take_json (msg, status, json_to_string (node, FALSE));
}

void
demo_append_json_string (GString    *out,
                         const char *text)
{
  const unsigned char *p = (const unsigned char *) text;

  g_string_append_c (out, '"');
  while (*p)
    {
      const unsigned char *run = p;

      /* Copy runs of characters that need no escaping in one go: this is the query hot path. */
      while (*p >= 0x20 && *p != '"' && *p != '\\')
        p++;
      if (p > run)
        g_string_append_len (out, (const char *) run, p - run);
      if (*p == '\0')
        break;
      switch (*p)
        {
        case '"': g_string_append (out, "\\\""); break;
        case '\\': g_string_append (out, "\\\\"); break;
        case '\n': g_string_append (out, "\\n"); break;
        case '\r': g_string_append (out, "\\r"); break;
        case '\t': g_string_append (out, "\\t"); break;
        default: g_string_append_printf (out, "\\u%04x", *p);
        }
      p++;
    }
  g_string_append_c (out, '"');
}

char *
demo_json_escape (const char *text)
{
  GString *out = g_string_new (NULL);

  demo_append_json_string (out, text);
  return g_string_free (out, FALSE);
}

void
demo_reply_error (SoupServerMessage *msg,
                  guint              status,
                  const char        *error_code,
                  const char        *message)
{
  GString *out = g_string_new ("[{\"message\":");

  demo_append_json_string (out, message);
  g_string_append (out, ",\"errorCode\":");
  demo_append_json_string (out, error_code);
  g_string_append (out, ",\"fields\":[]}]");
  demo_reply_take_json (msg, status, g_string_free (out, FALSE));
}

void
demo_reply_oauth_error (SoupServerMessage *msg,
                        guint              status,
                        const char        *error,
                        const char        *description)
{
  GString *out = g_string_new ("{\"error\":");

  demo_append_json_string (out, error);
  g_string_append (out, ",\"error_description\":");
  demo_append_json_string (out, description);
  g_string_append_c (out, '}');
  demo_reply_take_json (msg, status, g_string_free (out, FALSE));
}

void
demo_count_endpoint (AudDemoOrg *self,
                     const char *name)
{
  gint64 *count = g_hash_table_lookup (self->calls_by_endpoint, name);

  if (count == NULL)
    {
      count = g_new0 (gint64, 1);
      g_hash_table_insert (self->calls_by_endpoint, g_strdup (name), count);
    }
  (*count)++;
}

char *
demo_random_token (gsize n_bytes)
{
  g_autofree guchar *buf = g_malloc (n_bytes);
  gsize got = 0;
  char *text;

  /* Tokens and codes are secrets a real org would never let anyone guess: the kernel's CSPRNG. */
  while (got < n_bytes)
    {
      gssize r = getrandom (buf + got, n_bytes - got, 0);

      if (r > 0)
        got += r;
    }

  text = g_base64_encode (buf, n_bytes);
  /* URL-safe alphabet without padding, like Salesforce's opaque tokens. */
  for (char *p = text; *p; p++)
    {
      if (*p == '+')
        *p = '-';
      else if (*p == '/')
        *p = '_';
      else if (*p == '=')
        *p = '\0';
    }
  return text;
}

char *
demo_format_datetime (GDateTime *dt)
{
  g_autoptr(GDateTime) utc = g_date_time_to_utc (dt);

  return g_date_time_format (utc, "%Y-%m-%dT%H:%M:%S.000+0000");
}

char *
demo_now_string (void)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();

  return demo_format_datetime (now);
}

GDateTime *
demo_parse_datetime (const char *text)
{
  g_autofree char *copy = NULL;
  g_autoptr(GTimeZone) utc = g_time_zone_new_utc ();
  size_t len;

  if (text == NULL || *text == '\0')
    return NULL;

  copy = g_strdup (text);
  len = strlen (copy);
  /* "+0000" → "+00:00": GLib wants the colon form. */
  if (len > 5 && (copy[len - 5] == '+' || copy[len - 5] == '-') && g_ascii_isdigit (copy[len - 1])
      && strchr (copy + len - 4, ':') == NULL)
    {
      char *fixed = g_strdup_printf ("%.*s:%s", (int) len - 2, copy, copy + len - 2);

      g_free (copy);
      copy = fixed;
    }

  return g_date_time_new_from_iso8601 (copy, utc);
}

JsonNode *
demo_parse_json_body (SoupServerMessage *msg,
                      GError           **error)
{
  SoupMessageBody *body = soup_server_message_get_request_body (msg);
  g_autoptr(GBytes) bytes = soup_message_body_flatten (body);
  g_autoptr(JsonParser) parser = json_parser_new ();
  gsize size = 0;
  const char *data = g_bytes_get_data (bytes, &size);

  if (size == 0 || !json_parser_load_from_data (parser, data, size, error))
    {
      if (error != NULL && *error == NULL)
        g_set_error_literal (error, JSON_PARSER_ERROR, JSON_PARSER_ERROR_PARSE, "empty body");
      return NULL;
    }

  return json_node_copy (json_parser_get_root (parser));
}

char *
demo_new_id (AudDemoOrg *self,
             DemoObject *object)
{
  guint64 *serial = g_hash_table_lookup (self->next_serial, object->name);

  if (serial == NULL)
    {
      serial = g_new0 (guint64, 1);
      *serial = 1;
      g_hash_table_insert (self->next_serial, g_strdup (object->name), serial);
    }
  return aud_sf_id_make (object->key_prefix, "8d", (*serial)++);
}

/* ---- faults and usage ---- */

int
aud_demo_org_fault_from_name (const char *name)
{
  for (int i = 0; i < AUD_DEMO_ORG_N_FAULTS; i++)
    if (g_strcmp0 (fault_names[i], name) == 0)
      return i;
  return -1;
}

void
demo_set_fault_locked (AudDemoOrg      *self,
                       AudDemoOrgFault  fault,
                       gint64           value)
{
  self->faults[fault] = MAX (value, 0);

  /* "After N calls" faults are anchored to the call count at the moment they are set. */
  if (fault == AUD_DEMO_ORG_FAULT_EXPIRE_TOKENS_AFTER)
    self->expire_tokens_at_call = value > 0 ? self->total_calls + value : 0;
  else if (fault == AUD_DEMO_ORG_FAULT_EXHAUST_LIMIT_AFTER && value > 0)
    self->api_used = MAX (self->api_max - value, 0);
}

void
aud_demo_org_set_fault (AudDemoOrg      *self,
                        AudDemoOrgFault  fault,
                        gint64           value)
{
  g_return_if_fail (AUD_IS_DEMO_ORG (self));
  g_return_if_fail (fault < AUD_DEMO_ORG_N_FAULTS);

  g_mutex_lock (&self->lock);
  demo_set_fault_locked (self, fault, value);
  g_mutex_unlock (&self->lock);
}

gint64
aud_demo_org_get_fault (AudDemoOrg      *self,
                        AudDemoOrgFault  fault)
{
  gint64 value;

  g_return_val_if_fail (AUD_IS_DEMO_ORG (self), 0);
  g_return_val_if_fail (fault < AUD_DEMO_ORG_N_FAULTS, 0);

  g_mutex_lock (&self->lock);
  value = self->faults[fault];
  g_mutex_unlock (&self->lock);
  return value;
}

void
aud_demo_org_clear_faults (AudDemoOrg *self)
{
  g_return_if_fail (AUD_IS_DEMO_ORG (self));

  g_mutex_lock (&self->lock);
  memset (self->faults, 0, sizeof self->faults);
  self->expire_tokens_at_call = 0;
  g_mutex_unlock (&self->lock);
}

void
aud_demo_org_set_api_usage (AudDemoOrg *self,
                            gint64      used,
                            gint64      max)
{
  g_return_if_fail (AUD_IS_DEMO_ORG (self));

  g_mutex_lock (&self->lock);
  if (max >= 0)
    self->api_max = max;
  if (used >= 0)
    self->api_used = used;
  g_mutex_unlock (&self->lock);
}

gint64
aud_demo_org_get_api_used (AudDemoOrg *self)
{
  gint64 v;

  g_return_val_if_fail (AUD_IS_DEMO_ORG (self), 0);
  g_mutex_lock (&self->lock);
  v = self->api_used;
  g_mutex_unlock (&self->lock);
  return v;
}

gint64
aud_demo_org_get_api_max (AudDemoOrg *self)
{
  gint64 v;

  g_return_val_if_fail (AUD_IS_DEMO_ORG (self), 0);
  g_mutex_lock (&self->lock);
  v = self->api_max;
  g_mutex_unlock (&self->lock);
  return v;
}

void
aud_demo_org_expire_access_tokens (AudDemoOrg *self)
{
  g_return_if_fail (AUD_IS_DEMO_ORG (self));
  g_mutex_lock (&self->lock);
  demo_oauth_expire_all (self);
  g_mutex_unlock (&self->lock);
}

void
aud_demo_org_expire_query_locators (AudDemoOrg *self)
{
  g_return_if_fail (AUD_IS_DEMO_ORG (self));
  g_mutex_lock (&self->lock);
  demo_query_expire_all (self);
  g_mutex_unlock (&self->lock);
}

char *
aud_demo_org_mint_access_token (AudDemoOrg *self)
{
  char *token;

  g_return_val_if_fail (AUD_IS_DEMO_ORG (self), NULL);
  g_mutex_lock (&self->lock);
  token = demo_oauth_mint_access (self, NULL);
  g_mutex_unlock (&self->lock);
  return token;
}

void
aud_demo_org_mint_tokens (AudDemoOrg  *self,
                          char       **access_token,
                          char       **refresh_token)
{
  g_autofree char *refresh = NULL;

  g_return_if_fail (AUD_IS_DEMO_ORG (self));
  g_mutex_lock (&self->lock);
  refresh = demo_oauth_mint_refresh (self, "api refresh_token web");
  if (access_token != NULL)
    *access_token = demo_oauth_mint_access (self, refresh);
  g_mutex_unlock (&self->lock);
  if (refresh_token != NULL)
    *refresh_token = g_steal_pointer (&refresh);
}

double
aud_demo_org_get_generation_seconds (AudDemoOrg *self)
{
  g_return_val_if_fail (AUD_IS_DEMO_ORG (self), 0);
  return self->generation_seconds;
}

/* ---- routing ---- */

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

static gboolean
delayed_call_cb (gpointer data)
{
  DelayedCall *call = data;

  g_mutex_lock (&call->self->lock);
  dispatch_api (call->self, call->msg, call->version, call->rest);
  add_limit_header (call->self, call->msg);
  g_mutex_unlock (&call->self->lock);
  soup_server_message_unpause (call->msg);

  g_object_unref (call->msg);
  g_object_unref (call->self);
  g_free (call->version);
  g_free (call->rest);
  g_free (call);
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
      g_source_set_callback (source, delayed_call_cb, call, NULL);
      g_source_attach (source, self->context);
      return;
    }

  dispatch_api (self, msg, version, rest);
  add_limit_header (self, msg);
}

static void
server_cb (SoupServer        *server,
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

/* ---- lifecycle ---- */

static char *
listen_on_loopback (SoupServer  *server,
                    guint        port,
                    GError     **error)
{
  g_autoptr(GSocketAddress) address = g_inet_socket_address_new_from_string ("127.0.0.1", port);
  GSList *uris;
  char *url;
  GUri *uri;

  if (!soup_server_listen (server, address, 0, error))
    return NULL;

  uris = soup_server_get_uris (server);
  uri = uris->data;
  url = g_strdup_printf ("http://127.0.0.1:%d", g_uri_get_port (uri));
  g_slist_free_full (uris, (GDestroyNotify) g_uri_unref);
  return url;
}

static gboolean
start_in_context (AudDemoOrg  *self,
                  GError     **error)
{
  g_autoptr(GTimer) timer = g_timer_new ();

  g_mutex_lock (&self->lock);

  if (!demo_data_open (self, error))
    {
      g_mutex_unlock (&self->lock);
      return FALSE;
    }
  self->generation_seconds = g_timer_elapsed (timer, NULL);

  self->auth_server = soup_server_new ("server-header", "AudiencesDemoOrg", NULL);
  self->instance_server = soup_server_new ("server-header", "AudiencesDemoOrg", NULL);
  soup_server_add_handler (self->auth_server, NULL, server_cb, self, NULL);
  soup_server_add_handler (self->instance_server, NULL, server_cb, self, NULL);

  self->instance_url = listen_on_loopback (self->instance_server, self->port, error);
  if (self->instance_url != NULL)
    self->login_url = listen_on_loopback (self->auth_server, 0, error);

  if (self->login_url == NULL)
    {
      g_clear_object (&self->auth_server);
      g_clear_object (&self->instance_server);
      g_clear_pointer (&self->instance_url, g_free);
      demo_data_close (self);
      g_mutex_unlock (&self->lock);
      return FALSE;
    }

  g_mutex_unlock (&self->lock);
  return TRUE;
}

gboolean
aud_demo_org_start (AudDemoOrg  *self,
                    GError     **error)
{
  g_return_val_if_fail (AUD_IS_DEMO_ORG (self), FALSE);
  g_return_val_if_fail (self->instance_server == NULL, FALSE);

  self->context = g_main_context_ref_thread_default ();
  if (!start_in_context (self, error))
    {
      g_clear_pointer (&self->context, g_main_context_unref);
      return FALSE;
    }
  return TRUE;
}

static gpointer
server_thread (gpointer data)
{
  AudDemoOrg *self = data;
  GError *error = NULL;
  gboolean ok;

  g_main_context_push_thread_default (self->context);
  ok = start_in_context (self, &error);

  g_mutex_lock (&self->start_lock);
  self->thread_ready = TRUE;
  self->thread_error = error;
  g_cond_signal (&self->start_cond);
  g_mutex_unlock (&self->start_lock);

  if (ok)
    {
      g_main_loop_run (self->loop);
      /* Servers are made in this context, so they are unmade in it. */
      g_mutex_lock (&self->lock);
      soup_server_disconnect (self->auth_server);
      soup_server_disconnect (self->instance_server);
      g_clear_object (&self->auth_server);
      g_clear_object (&self->instance_server);
      g_mutex_unlock (&self->lock);
      while (g_main_context_iteration (self->context, FALSE))
        ;
    }

  g_main_context_pop_thread_default (self->context);
  return NULL;
}

gboolean
aud_demo_org_start_in_thread (AudDemoOrg  *self,
                              GError     **error)
{
  g_return_val_if_fail (AUD_IS_DEMO_ORG (self), FALSE);
  g_return_val_if_fail (self->instance_server == NULL && self->thread == NULL, FALSE);

  self->context = g_main_context_new ();
  self->loop = g_main_loop_new (self->context, FALSE);
  self->thread_ready = FALSE;
  self->thread = g_thread_new ("demo-org", server_thread, self);

  g_mutex_lock (&self->start_lock);
  while (!self->thread_ready)
    g_cond_wait (&self->start_cond, &self->start_lock);
  g_mutex_unlock (&self->start_lock);

  if (self->thread_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&self->thread_error));
      g_main_loop_quit (self->loop);
      g_thread_join (g_steal_pointer (&self->thread));
      g_clear_pointer (&self->loop, g_main_loop_unref);
      g_clear_pointer (&self->context, g_main_context_unref);
      return FALSE;
    }
  return TRUE;
}

void
aud_demo_org_stop (AudDemoOrg *self)
{
  g_return_if_fail (AUD_IS_DEMO_ORG (self));

  if (self->thread != NULL)
    {
      g_main_loop_quit (self->loop);
      g_thread_join (g_steal_pointer (&self->thread));
      g_clear_pointer (&self->loop, g_main_loop_unref);
    }
  else
    {
      if (self->auth_server != NULL)
        soup_server_disconnect (self->auth_server);
      if (self->instance_server != NULL)
        soup_server_disconnect (self->instance_server);
      g_clear_object (&self->auth_server);
      g_clear_object (&self->instance_server);
    }

  g_mutex_lock (&self->lock);
  demo_bulk_clear (self);
  demo_query_clear (self);
  demo_data_close (self);
  g_mutex_unlock (&self->lock);
  g_clear_pointer (&self->context, g_main_context_unref);
}

const char *
aud_demo_org_get_login_url (AudDemoOrg *self)
{
  g_return_val_if_fail (AUD_IS_DEMO_ORG (self), NULL);
  return self->login_url;
}

const char *
aud_demo_org_get_instance_url (AudDemoOrg *self)
{
  g_return_val_if_fail (AUD_IS_DEMO_ORG (self), NULL);
  return self->instance_url;
}

const char *
aud_demo_org_get_org_id (AudDemoOrg *self)
{
  g_return_val_if_fail (AUD_IS_DEMO_ORG (self), NULL);
  return self->org_id;
}

const char *
aud_demo_org_get_user_id (AudDemoOrg *self)
{
  g_return_val_if_fail (AUD_IS_DEMO_ORG (self), NULL);
  return self->user_id;
}

void
aud_demo_org_add_redirect_uri (AudDemoOrg *self,
                               const char *uri)
{
  g_return_if_fail (AUD_IS_DEMO_ORG (self));
  g_return_if_fail (uri != NULL);

  g_mutex_lock (&self->lock);
  g_ptr_array_add (self->redirect_uris, g_strdup (uri));
  g_mutex_unlock (&self->lock);
}

/* ---- GObject ---- */

AudDemoOrg *
aud_demo_org_new (void)
{
  return g_object_new (AUD_TYPE_DEMO_ORG, NULL);
}

static void
aud_demo_org_finalize (GObject *object)
{
  AudDemoOrg *self = AUD_DEMO_ORG (object);

  aud_demo_org_stop (self);
  demo_oauth_clear (self);

  g_clear_pointer (&self->login_url, g_free);
  g_clear_pointer (&self->instance_url, g_free);
  g_clear_pointer (&self->database_path, g_free);
  g_clear_pointer (&self->client_secret, g_free);
  g_clear_pointer (&self->redirect_uris, g_ptr_array_unref);
  g_clear_pointer (&self->cursors, g_hash_table_unref);
  g_clear_pointer (&self->bulk_jobs, g_hash_table_unref);
  g_clear_pointer (&self->next_serial, g_hash_table_unref);
  g_clear_pointer (&self->calls_by_endpoint, g_hash_table_unref);
  g_clear_error (&self->thread_error);
  g_mutex_clear (&self->lock);
  g_mutex_clear (&self->start_lock);
  g_cond_clear (&self->start_cond);

  G_OBJECT_CLASS (aud_demo_org_parent_class)->finalize (object);
}

static void
aud_demo_org_get_property (GObject    *object,
                           guint       prop_id,
                           GValue     *value,
                           GParamSpec *pspec)
{
  AudDemoOrg *self = AUD_DEMO_ORG (object);

  switch (prop_id)
    {
    case PROP_SEED: g_value_set_uint64 (value, self->seed); break;
    case PROP_ACCOUNTS: g_value_set_uint (value, self->n_accounts); break;
    case PROP_CONTACTS: g_value_set_uint (value, self->n_contacts); break;
    case PROP_LEADS: g_value_set_uint (value, self->n_leads); break;
    case PROP_OPPORTUNITIES: g_value_set_uint (value, self->n_opportunities); break;
    case PROP_DUPLICATE_PERCENT: g_value_set_uint (value, self->duplicate_percent); break;
    case PROP_EXTRA_CUSTOM_FIELDS: g_value_set_uint (value, self->extra_custom_fields); break;
    case PROP_DATABASE_PATH: g_value_set_string (value, self->database_path); break;
    case PROP_API_MAX: g_value_set_int64 (value, aud_demo_org_get_api_max (self)); break;
    case PROP_ROTATE_REFRESH_TOKENS: g_value_set_boolean (value, self->rotate_refresh_tokens); break;
    case PROP_INTERACTIVE: g_value_set_boolean (value, self->interactive); break;
    case PROP_DENY_AUTHORIZATION: g_value_set_boolean (value, self->deny_authorization); break;
    case PROP_CLIENT_SECRET: g_value_set_string (value, self->client_secret); break;
    case PROP_PORT: g_value_set_uint (value, self->port); break;
    default: G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
aud_demo_org_set_property (GObject      *object,
                           guint         prop_id,
                           const GValue *value,
                           GParamSpec   *pspec)
{
  AudDemoOrg *self = AUD_DEMO_ORG (object);

  /* Switches that matter at run time (OAuth behaviour, limits) take the lock; sizes and paths
   * are read only when the org starts. */
  g_mutex_lock (&self->lock);
  switch (prop_id)
    {
    case PROP_SEED: self->seed = g_value_get_uint64 (value); break;
    case PROP_ACCOUNTS: self->n_accounts = g_value_get_uint (value); break;
    case PROP_CONTACTS: self->n_contacts = g_value_get_uint (value); break;
    case PROP_LEADS: self->n_leads = g_value_get_uint (value); break;
    case PROP_OPPORTUNITIES: self->n_opportunities = g_value_get_uint (value); break;
    case PROP_DUPLICATE_PERCENT: self->duplicate_percent = g_value_get_uint (value); break;
    case PROP_EXTRA_CUSTOM_FIELDS: self->extra_custom_fields = g_value_get_uint (value); break;
    case PROP_DATABASE_PATH:
      g_free (self->database_path);
      self->database_path = g_value_dup_string (value);
      break;
    case PROP_API_MAX: self->api_max = g_value_get_int64 (value); break;
    case PROP_ROTATE_REFRESH_TOKENS: self->rotate_refresh_tokens = g_value_get_boolean (value); break;
    case PROP_INTERACTIVE: self->interactive = g_value_get_boolean (value); break;
    case PROP_DENY_AUTHORIZATION: self->deny_authorization = g_value_get_boolean (value); break;
    case PROP_CLIENT_SECRET:
      g_free (self->client_secret);
      self->client_secret = g_value_dup_string (value);
      break;
    case PROP_PORT: self->port = g_value_get_uint (value); break;
    default: G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
  g_mutex_unlock (&self->lock);
}

static void
aud_demo_org_class_init (AudDemoOrgClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GParamFlags flags = G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS;

  object_class->finalize = aud_demo_org_finalize;
  object_class->get_property = aud_demo_org_get_property;
  object_class->set_property = aud_demo_org_set_property;

  properties[PROP_SEED] = g_param_spec_uint64 ("seed", NULL, NULL, 0, G_MAXUINT64, 1, flags);
  properties[PROP_ACCOUNTS] = g_param_spec_uint ("accounts", NULL, NULL, 0, 10000000, 100, flags);
  properties[PROP_CONTACTS] = g_param_spec_uint ("contacts", NULL, NULL, 0, 50000000, 500, flags);
  properties[PROP_LEADS] = g_param_spec_uint ("leads", NULL, NULL, 0, 10000000, 100, flags);
  properties[PROP_OPPORTUNITIES] = g_param_spec_uint ("opportunities", NULL, NULL, 0, 10000000, 50, flags);
  properties[PROP_DUPLICATE_PERCENT] = g_param_spec_uint ("duplicate-percent", NULL, NULL, 0, 50, 10, flags);
  properties[PROP_EXTRA_CUSTOM_FIELDS] = g_param_spec_uint ("extra-custom-fields", NULL, NULL, 0, 780, 0, flags);
  properties[PROP_DATABASE_PATH] = g_param_spec_string ("database-path", NULL, NULL, NULL, flags);
  properties[PROP_API_MAX] = g_param_spec_int64 ("api-max", NULL, NULL, 0, G_MAXINT64, 15000, flags);
  properties[PROP_ROTATE_REFRESH_TOKENS] = g_param_spec_boolean ("rotate-refresh-tokens", NULL, NULL, FALSE, flags);
  properties[PROP_INTERACTIVE] = g_param_spec_boolean ("interactive", NULL, NULL, FALSE, flags);
  properties[PROP_DENY_AUTHORIZATION] = g_param_spec_boolean ("deny-authorization", NULL, NULL, FALSE, flags);
  properties[PROP_CLIENT_SECRET] = g_param_spec_string ("client-secret", NULL, NULL, NULL, flags);
  properties[PROP_PORT] = g_param_spec_uint ("port", NULL, NULL, 0, 65535, 0, flags);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
aud_demo_org_init (AudDemoOrg *self)
{
  g_autofree char *org = NULL;
  g_autofree char *user = NULL;

  g_mutex_init (&self->lock);
  g_mutex_init (&self->start_lock);
  g_cond_init (&self->start_cond);

  self->seed = 1;
  self->n_accounts = 100;
  self->n_contacts = 500;
  self->n_leads = 100;
  self->n_opportunities = 50;
  self->duplicate_percent = 10;
  self->api_max = 15000;
  self->cursor_lifetime_seconds = 2 * 24 * 3600;

  self->redirect_uris = g_ptr_array_new_with_free_func (g_free);
  g_ptr_array_add (self->redirect_uris, g_strdup (AUD_DEMO_ORG_DEFAULT_REDIRECT_URI));
  g_ptr_array_add (self->redirect_uris, g_strdup (AUD_DEMO_ORG_DEFAULT_REDIRECT_URI_IP));

  self->cursors = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->bulk_jobs = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->next_serial = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  self->calls_by_endpoint = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);

  org = aud_sf_id_make (AUD_SF_ID_PREFIX_ORGANIZATION, "8d", 4242);
  user = aud_sf_id_make (AUD_SF_ID_PREFIX_USER, "8d", 1);
  memcpy (self->org_id, org, 19);
  memcpy (self->user_id, user, 19);

  demo_oauth_init (self);
}
