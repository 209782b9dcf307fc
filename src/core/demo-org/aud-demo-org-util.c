/* aud-demo-org-util.c — small helpers shared by the demo org's files: replies, JSON, time, ids
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>
#include <sys/random.h>

#include "aud-demo-org-private.h"
#include "aud-sf-id.h"


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
