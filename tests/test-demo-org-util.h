/* test-demo-org-util.h — a real libsoup client for the demo org tests (header-only helpers)
 *
 * The org runs in its own thread (aud_demo_org_start_in_thread), so the tests use synchronous
 * sends from the test thread, each a real HTTP exchange over 127.0.0.1.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <json-glib/json-glib.h>
#include <libsoup/soup.h>
#include <string.h>

#include "aud-demo-org.h"

typedef struct
{
  AudDemoOrg  *org;
  SoupSession *session;
  char        *token;
  char        *api;            /* instance_url + /services/data/vXX.X */
} DemoFixture;

typedef struct
{
  guint       status;
  char       *body;
  JsonNode   *json;
  SoupMessageHeaders *headers;
} DemoReply;

static inline void
demo_reply_clear (DemoReply *reply)
{
  g_clear_pointer (&reply->body, g_free);
  g_clear_pointer (&reply->json, json_node_unref);
  g_clear_pointer (&reply->headers, soup_message_headers_unref);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (DemoReply, demo_reply_clear)

static inline void
demo_fixture_start (DemoFixture *f,
                    AudDemoOrg  *org)
{
  g_autoptr(GError) error = NULL;

  f->org = org;
  g_assert_true (aud_demo_org_start_in_thread (f->org, &error));
  g_assert_no_error (error);
  f->session = soup_session_new_with_options ("timeout", 20, NULL);
  f->token = aud_demo_org_mint_access_token (f->org);
  f->api = g_strdup_printf ("%s/services/data/v%s", aud_demo_org_get_instance_url (f->org),
                            AUD_DEMO_ORG_API_VERSION);
}

static inline void
demo_fixture_stop (DemoFixture *f)
{
  g_clear_object (&f->session);
  aud_demo_org_stop (f->org);
  g_assert_finalize_object (f->org);
  f->org = NULL;
  g_clear_pointer (&f->token, g_free);
  g_clear_pointer (&f->api, g_free);
}

/* Sends @method @url with an optional body; @token NULL sends no Authorization. Extra headers
 * come as NULL-terminated name/value pairs. */
static inline DemoReply
demo_send_full (DemoFixture *f,
                const char  *method,
                const char  *url,
                const char  *token,
                const char  *content_type,
                const char  *body,
                ...)
{
  g_autoptr(SoupMessage) msg = soup_message_new (method, url);
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) bytes = NULL;
  DemoReply reply = { 0 };
  const char *name;
  va_list args;

  g_assert_nonnull (msg);
  soup_message_add_flags (msg, SOUP_MESSAGE_NO_REDIRECT);
  if (token != NULL)
    {
      g_autofree char *auth = g_strdup_printf ("Bearer %s", token);

      soup_message_headers_replace (soup_message_get_request_headers (msg), "Authorization", auth);
    }
  va_start (args, body);
  while ((name = va_arg (args, const char *)) != NULL)
    soup_message_headers_replace (soup_message_get_request_headers (msg), name, va_arg (args, const char *));
  va_end (args);
  if (body != NULL)
    {
      g_autoptr(GBytes) b = g_bytes_new (body, strlen (body));

      soup_message_set_request_body_from_bytes (msg, content_type, b);
    }

  bytes = soup_session_send_and_read (f->session, msg, NULL, &error);
  g_assert_no_error (error);
  reply.status = soup_message_get_status (msg);
  reply.body = g_bytes_get_size (bytes) > 0 ? g_strndup (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes))
                                            : g_strdup ("");
  reply.headers = soup_message_headers_ref (soup_message_get_response_headers (msg));
  if (reply.body[0] == '{' || reply.body[0] == '[')
    {
      g_autoptr(JsonParser) parser = json_parser_new ();

      g_assert_true (json_parser_load_from_data (parser, reply.body, -1, NULL));
      reply.json = json_node_copy (json_parser_get_root (parser));
    }
  return reply;
}

static inline DemoReply
demo_get (DemoFixture *f,
          const char  *path)      /* relative to the versioned API root, or absolute URL */
{
  g_autofree char *url = g_str_has_prefix (path, "http") ? g_strdup (path) : g_strconcat (f->api, path, NULL);

  return demo_send_full (f, "GET", url, f->token, NULL, NULL, NULL);
}

static inline DemoReply
demo_send_json (DemoFixture *f,
                const char  *method,
                const char  *path,
                const char  *json)
{
  g_autofree char *url = g_str_has_prefix (path, "http") ? g_strdup (path) : g_strconcat (f->api, path, NULL);

  return demo_send_full (f, method, url, f->token, "application/json", json, NULL);
}

static inline JsonObject *
demo_object (DemoReply *reply)
{
  g_assert_nonnull (reply->json);
  g_assert_true (JSON_NODE_HOLDS_OBJECT (reply->json));
  return json_node_get_object (reply->json);
}

/* The first errorCode of a Salesforce error array. */
static inline const char *
demo_error_code (DemoReply *reply)
{
  JsonArray *array;

  g_assert_nonnull (reply->json);
  g_assert_true (JSON_NODE_HOLDS_ARRAY (reply->json));
  array = json_node_get_array (reply->json);
  g_assert_cmpuint (json_array_get_length (array), >=, 1);
  g_assert_true (json_object_has_member (json_array_get_object_element (array, 0), "message"));
  return json_object_get_string_member (json_array_get_object_element (array, 0), "errorCode");
}

static inline DemoReply
demo_query (DemoFixture *f,
            const char  *resource,      /* "/query" or "/queryAll" */
            const char  *soql,
            const char  *batch)
{
  g_autofree char *q = g_uri_escape_string (soql, NULL, FALSE);
  g_autofree char *url = g_strdup_printf ("%s%s?q=%s", f->api, resource, q);
  g_autofree char *options = batch ? g_strdup_printf ("batchSize=%s", batch) : NULL;

  if (options)
    return demo_send_full (f, "GET", url, f->token, NULL, NULL, "Sforce-Query-Options", options, NULL);
  return demo_send_full (f, "GET", url, f->token, NULL, NULL, NULL);
}

static inline DemoReply
demo_next_page (DemoFixture *f,
                const char  *next,
                const char  *batch)
{
  g_autofree char *url = g_strconcat (aud_demo_org_get_instance_url (f->org), next, NULL);
  g_autofree char *options = batch ? g_strdup_printf ("batchSize=%s", batch) : NULL;

  return demo_send_full (f, "GET", url, f->token, NULL, NULL, options ? "Sforce-Query-Options" : NULL, options, NULL);
}

/* Follows nextRecordsUrl to the end; returns every record's Id in order, checks page sizes. */
static inline GPtrArray *
demo_query_all_pages (DemoFixture *f,
                      const char  *resource,
                      const char  *soql,
                      const char  *batch,
                      gint64       max_page,
                      gint64      *total_out)
{
  GPtrArray *ids = g_ptr_array_new_with_free_func (g_free);
  g_auto(DemoReply) page = demo_query (f, resource, soql, batch);
  g_autofree char *next = NULL;

  for (;;)
    {
      JsonObject *o;
      JsonArray *records;

      g_assert_cmpuint (page.status, ==, 200);
      o = demo_object (&page);
      records = json_object_get_array_member (o, "records");
      g_assert_cmpint (json_array_get_length (records), <=, max_page);
      *total_out = json_object_get_int_member (o, "totalSize");
      for (guint i = 0; i < json_array_get_length (records); i++)
        {
          JsonObject *r = json_array_get_object_element (records, i);
          JsonObject *attributes = json_object_get_object_member (r, "attributes");
          g_autofree char *url_suffix = g_strdup_printf ("/%s", json_object_get_string_member (r, "Id"));

          g_assert_true (g_str_has_suffix (json_object_get_string_member (attributes, "url"), url_suffix));
          g_ptr_array_add (ids, g_strdup (json_object_get_string_member (r, "Id")));
        }
      if (json_object_get_boolean_member (o, "done"))
        {
          g_assert_false (json_object_has_member (o, "nextRecordsUrl"));
          break;
        }
      /* A page that isn't the last one is full (unless a fault caps it). */
      g_assert_cmpint (json_array_get_length (records), ==, max_page);
      g_free (next);
      next = g_strdup (json_object_get_string_member (o, "nextRecordsUrl"));
      g_assert_true (g_str_has_prefix (next, "/services/data/v" AUD_DEMO_ORG_API_VERSION "/query/01g"));
      demo_reply_clear (&page);
      page = demo_next_page (f, next, batch);
    }
  return ids;
}

static inline AudDemoOrg *
demo_small_org (void)
{
  return g_object_new (AUD_TYPE_DEMO_ORG, "accounts", 40, "contacts", 150, "leads", 30,
                       "opportunities", 20, "seed", (guint64) 7, NULL);
}
