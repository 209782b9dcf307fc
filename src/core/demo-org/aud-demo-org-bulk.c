/* aud-demo-org-bulk.c — Bulk API 2.0 query jobs with CSV results paged by locator
 *
 * The result set is captured when the job is created; polls move the job through InProgress to
 * JobComplete (or Failed with the bulk_fail_next fault), and results come as CSV chunks of at most
 * maxRecords rows, chained by Sforce-Locator until it says "null".
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "aud-demo-org-private.h"
#include "aud-sf-id.h"

#define DEFAULT_CHUNK 100000

struct _DemoBulkJob
{
  char         *id;
  char         *operation;
  char         *object;
  char         *version;
  char         *table;
  char         *created;
  char         *state;
  char         *error_message;
  char          delimiter;
  gboolean      crlf;
  AudSoqlQuery *query;
  gint64        total;
  guint         polls;
  gboolean      fail;
};

static void
job_free (AudDemoOrg  *self,
          DemoBulkJob *job)
{
  if (self->db != NULL && job->table != NULL)
    {
      g_autofree char *sql = g_strdup_printf ("DROP TABLE IF EXISTS temp.\"%s\"", job->table);

      sqlite3_exec (self->db, sql, NULL, NULL, NULL);
    }
  g_free (job->id);
  g_free (job->operation);
  g_free (job->object);
  g_free (job->version);
  g_free (job->table);
  g_free (job->created);
  g_free (job->state);
  g_free (job->error_message);
  g_clear_pointer (&job->query, aud_soql_query_free);
  g_free (job);
}

void
demo_bulk_clear (AudDemoOrg *self)
{
  GHashTableIter iter;
  gpointer value;

  g_hash_table_iter_init (&iter, self->bulk_jobs);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    {
      job_free (self, value);
      g_hash_table_iter_remove (&iter);
    }
}

static const char *
delimiter_name (char c)
{
  switch (c)
    {
    case '`': return "BACKQUOTE";
    case '^': return "CARET";
    case '|': return "PIPE";
    case ';': return "SEMICOLON";
    case '\t': return "TAB";
    default: return "COMMA";
    }
}

static gboolean
delimiter_from_name (const char *name,
                     char       *out)
{
  static const struct { const char *name; char c; } names[] = {
    { "BACKQUOTE", '`' }, { "CARET", '^' }, { "COMMA", ',' }, { "PIPE", '|' }, { "SEMICOLON", ';' }, { "TAB", '\t' },
  };

  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    if (g_str_equal (names[i].name, name))
      {
        *out = names[i].c;
        return TRUE;
      }
  return FALSE;
}

static void
append_job_info (GString     *out,
                 AudDemoOrg  *self,
                 DemoBulkJob *job)
{
  g_string_append_printf (out, "{\"id\":\"%s\",\"operation\":\"%s\",\"object\":\"%s\",\"createdById\":\"%s\","
                          "\"createdDate\":\"%s\",\"systemModstamp\":\"%s\",\"state\":\"%s\","
                          "\"concurrencyMode\":\"Parallel\",\"contentType\":\"CSV\",\"apiVersion\":%s,"
                          "\"jobType\":\"V2Query\",\"lineEnding\":\"%s\",\"columnDelimiter\":\"%s\","
                          "\"numberRecordsProcessed\":%" G_GINT64_FORMAT ",\"retries\":0,\"totalProcessingTime\":%d",
                          job->id, job->operation, job->object, self->user_id, job->created, job->created, job->state,
                          job->version, job->crlf ? "CRLF" : "LF", delimiter_name (job->delimiter),
                          g_str_equal (job->state, "JobComplete") ? job->total : 0,
                          g_str_equal (job->state, "JobComplete") ? 42 : 0);
  if (job->error_message != NULL)
    {
      g_string_append (out, ",\"errorMessage\":");
      demo_append_json_string (out, job->error_message);
    }
  g_string_append_c (out, '}');
}

static void
reply_job (SoupServerMessage *msg,
           AudDemoOrg        *self,
           DemoBulkJob       *job)
{
  GString *out = g_string_new (NULL);

  append_job_info (out, self, job);
  demo_reply_take_json (msg, SOUP_STATUS_OK, g_string_free (out, FALSE));
}

static void
create_job (AudDemoOrg        *self,
            SoupServerMessage *msg,
            const char        *version)
{
  g_autoptr(JsonNode) body = demo_parse_json_body (msg, NULL);
  JsonObject *request;
  const char *operation, *soql, *delimiter, *line_ending;
  g_autofree char *sql = NULL;
  g_autofree char *create = NULL;
  g_autoptr(GPtrArray) params = NULL;
  g_autoptr(AudSoqlQuery) query = NULL;
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(GError) error = NULL;
  DemoBulkJob *job;
  char delim = ',';

  demo_count_endpoint (self, "bulkCreate");
  if (body == NULL || !JSON_NODE_HOLDS_OBJECT (body))
    {
      demo_reply_error (msg, SOUP_STATUS_BAD_REQUEST, "JSON_PARSER_ERROR", "The request body must be a JSON object");
      return;
    }
  request = json_node_get_object (body);
  operation = json_object_get_string_member_with_default (request, "operation", NULL);
  soql = json_object_get_string_member_with_default (request, "query", NULL);
  delimiter = json_object_get_string_member_with_default (request, "columnDelimiter", "COMMA");
  line_ending = json_object_get_string_member_with_default (request, "lineEnding", "LF");

  if (g_strcmp0 (operation, "query") != 0 && g_strcmp0 (operation, "queryAll") != 0)
    {
      demo_reply_error (msg, SOUP_STATUS_BAD_REQUEST, "INVALIDJOB", "InvalidJob : operation must be query or queryAll");
      return;
    }
  if (soql == NULL || !delimiter_from_name (delimiter, &delim)
      || (!g_str_equal (line_ending, "LF") && !g_str_equal (line_ending, "CRLF"))
      || !g_str_equal (json_object_get_string_member_with_default (request, "contentType", "CSV"), "CSV"))
    {
      demo_reply_error (msg, SOUP_STATUS_BAD_REQUEST, "INVALIDJOB",
                        "InvalidJob : query, columnDelimiter, lineEnding or contentType is missing or invalid");
      return;
    }

  query = demo_query_compile (self, msg, soql, g_str_equal (operation, "queryAll"), &sql, &params);
  if (query == NULL)
    return;
  if (aud_soql_query_get_offset (query) > 0 || aud_soql_query_is_count (query))
    {
      demo_reply_error (msg, SOUP_STATUS_BAD_REQUEST, "API_ERROR", "OFFSET and aggregate queries are not supported in Bulk API 2.0");
      return;
    }
  for (guint i = 0; i < aud_soql_query_get_n_columns (query); i++)
    {
      const AudSoqlField *field = NULL;

      aud_soql_query_get_column (query, i, &field);
      if (field->type == AUD_SOQL_TYPE_ADDRESS)
        {
          demo_reply_error (msg, SOUP_STATUS_BAD_REQUEST, "API_ERROR", "Selecting compound data not supported in Bulk Query");
          return;
        }
    }

  job = g_new0 (DemoBulkJob, 1);
  job->id = aud_sf_id_make (AUD_SF_ID_PREFIX_BULK_JOB, "8d", ++self->next_bulk_job);
  job->table = g_strdup_printf ("bulk_%" G_GUINT64_FORMAT, self->next_bulk_job);
  job->operation = g_strdup (operation);
  job->object = g_strdup (aud_soql_query_get_object (query));
  job->version = g_strdup (version);
  job->created = demo_now_string ();
  job->state = g_strdup ("UploadComplete");
  job->delimiter = delim;
  job->crlf = g_str_equal (line_ending, "CRLF");
  if (self->faults[AUD_DEMO_ORG_FAULT_BULK_FAIL_NEXT] > 0)
    {
      self->faults[AUD_DEMO_ORG_FAULT_BULK_FAIL_NEXT]--;
      job->fail = TRUE;
    }

  create = g_strdup_printf ("CREATE TEMP TABLE \"%s\" AS %s", job->table, sql);
  stmt = demo_data_prepare (self, create, &error);
  if (stmt == NULL || !aud_soql_bind (stmt, params, &error) || sqlite3_step (stmt) != SQLITE_DONE)
    {
      demo_reply_error (msg, SOUP_STATUS_INTERNAL_SERVER_ERROR, "UNKNOWN_EXCEPTION",
                        error ? error->message : sqlite3_errmsg (self->db));
      job_free (self, job);
      return;
    }
  g_clear_pointer (&stmt, sqlite3_finalize);
  {
    g_autofree char *count = g_strdup_printf ("SELECT count(*) FROM temp.\"%s\"", job->table);

    stmt = demo_data_prepare (self, count, NULL);
    sqlite3_step (stmt);
    job->total = sqlite3_column_int64 (stmt, 0);
  }
  job->query = g_steal_pointer (&query);
  g_hash_table_insert (self->bulk_jobs, g_strdup (job->id), job);
  reply_job (msg, self, job);
}

static void
append_csv_value (GString      *out,
                  sqlite3_stmt *stmt,
                  int           col,
                  AudSoqlFieldType type)
{
  const char *text;

  /* Null is an empty field; everything else is quoted, as in Salesforce's own samples. */
  if (sqlite3_column_type (stmt, col) == SQLITE_NULL)
    return;

  if (type == AUD_SOQL_TYPE_BOOLEAN)
    {
      g_string_append (out, sqlite3_column_int (stmt, col) ? "\"true\"" : "\"false\"");
      return;
    }

  text = (const char *) sqlite3_column_text (stmt, col);
  g_string_append_c (out, '"');
  if (type == AUD_SOQL_TYPE_DATETIME && g_str_has_suffix (text, "+0000"))
    {
      g_string_append_len (out, text, strlen (text) - 5);
      g_string_append_c (out, 'Z');
    }
  else
    for (const char *p = text; *p; p++)
      {
        if (*p == '"')
          g_string_append_c (out, '"');
        g_string_append_c (out, *p);
      }
  g_string_append_c (out, '"');
}

static void
serve_results (AudDemoOrg        *self,
               SoupServerMessage *msg,
               DemoBulkJob       *job,
               const char        *version)
{
  GUri *uri = soup_server_message_get_uri (msg);
  g_autoptr(GHashTable) params = g_uri_get_query (uri) ? soup_form_decode (g_uri_get_query (uri))
                                                       : g_hash_table_new (g_str_hash, g_str_equal);
  const char *locator = g_hash_table_lookup (params, "locator");
  const char *max_text = g_hash_table_lookup (params, "maxRecords");
  gint64 max = max_text ? g_ascii_strtoll (max_text, NULL, 10) : DEFAULT_CHUNK;
  gint64 position = 0, served = 0;
  const char *eol = job->crlf ? "\r\n" : "\n";
  g_autofree char *sql = NULL;
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autofree char *next = NULL;
  guint n_columns = aud_soql_query_get_n_columns (job->query);
  SoupMessageHeaders *headers = soup_server_message_get_response_headers (msg);
  GString *out;

  demo_count_endpoint (self, "bulkResults");
  if (!g_str_equal (version, job->version))
    {
      demo_reply_error (msg, SOUP_STATUS_CONFLICT, "API_ERROR",
                        "Results must be fetched with the API version the job was created with");
      return;
    }
  if (!g_str_equal (job->state, "JobComplete"))
    {
      demo_reply_error (msg, SOUP_STATUS_BAD_REQUEST, "JOB_NOT_COMPLETE", "The job is not complete yet");
      return;
    }
  if (locator != NULL && *locator != '\0')
    {
      gsize len = 0;
      g_autofree char *padded = g_strdup_printf ("%s%s", locator, strlen (locator) % 4 == 2 ? "==" : strlen (locator) % 4 == 3 ? "=" : "");
      g_autofree guchar *decoded = g_base64_decode (padded, &len);
      g_autofree char *number = g_strndup ((const char *) decoded, len);
      char *end = NULL;

      position = g_ascii_strtoll (number, &end, 10);
      if (len == 0 || end == NULL || *end != '\0' || position < 0 || position > job->total)
        {
          demo_reply_error (msg, SOUP_STATUS_BAD_REQUEST, "INVALID_LOCATOR", "Invalid locator");
          return;
        }
    }
  if (max <= 0)
    max = DEFAULT_CHUNK;

  sql = g_strdup_printf ("SELECT * FROM temp.\"%s\" WHERE rowid > ? ORDER BY rowid LIMIT ?", job->table);
  stmt = demo_data_prepare (self, sql, NULL);
  sqlite3_bind_int64 (stmt, 1, position);
  sqlite3_bind_int64 (stmt, 2, max);

  out = g_string_new (NULL);
  for (guint i = 0; i < n_columns; i++)
    {
      if (i > 0)
        g_string_append_c (out, job->delimiter);
      g_string_append_printf (out, "\"%s\"", aud_soql_query_get_column (job->query, i, NULL));
    }
  g_string_append (out, eol);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      for (guint i = 0; i < n_columns; i++)
        {
          const AudSoqlField *field = NULL;

          aud_soql_query_get_column (job->query, i, &field);
          if (i > 0)
            g_string_append_c (out, job->delimiter);
          append_csv_value (out, stmt, (int) i, field->type);
        }
      g_string_append (out, eol);
      served++;
    }
  self->records_served += served;

  if (position + served < job->total)
    {
      g_autofree char *number = g_strdup_printf ("%" G_GINT64_FORMAT, position + served);

      next = g_base64_encode ((const guchar *) number, strlen (number));
      if (strchr (next, '=') != NULL)
        *strchr (next, '=') = '\0';
    }
  {
    g_autofree char *count = g_strdup_printf ("%" G_GINT64_FORMAT, served);

    soup_message_headers_replace (headers, "Sforce-NumberOfRecords", count);
  }
  soup_message_headers_replace (headers, "Sforce-Locator", next ? next : "null");
  soup_server_message_set_status (msg, SOUP_STATUS_OK, NULL);
  soup_server_message_set_response (msg, "text/csv", SOUP_MEMORY_TAKE, out->str, out->len);
  g_string_free (out, FALSE);
}

void
demo_bulk_handle (AudDemoOrg        *self,
                  SoupServerMessage *msg,
                  const char        *version,
                  const char        *rest)
{
  const char *method = soup_server_message_get_method (msg);
  g_auto(GStrv) parts = NULL;
  DemoBulkJob *job;
  guint n;

  if (*rest == '\0' || g_str_equal (rest, "/"))
    {
      if (g_str_equal (method, "POST"))
        create_job (self, msg, version);
      else if (g_str_equal (method, "GET"))
        {
          GString *out = g_string_new ("{\"done\":true,\"records\":[");
          GHashTableIter iter;
          gpointer value;
          gboolean first = TRUE;

          demo_count_endpoint (self, "bulkList");
          g_hash_table_iter_init (&iter, self->bulk_jobs);
          while (g_hash_table_iter_next (&iter, NULL, &value))
            {
              if (!first)
                g_string_append_c (out, ',');
              first = FALSE;
              append_job_info (out, self, value);
            }
          g_string_append (out, "],\"nextRecordsUrl\":null}");
          demo_reply_take_json (msg, SOUP_STATUS_OK, g_string_free (out, FALSE));
        }
      else
        demo_reply_error (msg, SOUP_STATUS_METHOD_NOT_ALLOWED, "METHOD_NOT_ALLOWED", "HTTP Method not allowed for this resource");
      return;
    }

  parts = g_strsplit (rest + 1, "/", -1);
  n = g_strv_length (parts);
  job = g_hash_table_lookup (self->bulk_jobs, parts[0]);
  if (job == NULL || n > 2 || (n == 2 && !g_str_equal (parts[1], "results")))
    {
      demo_reply_error (msg, SOUP_STATUS_NOT_FOUND, "NOT_FOUND", "The requested resource does not exist");
      return;
    }

  if (n == 2)
    {
      if (g_str_equal (method, "GET"))
        serve_results (self, msg, job, version);
      else
        demo_reply_error (msg, SOUP_STATUS_METHOD_NOT_ALLOWED, "METHOD_NOT_ALLOWED", "HTTP Method not allowed for this resource");
      return;
    }

  if (g_str_equal (method, "GET"))
    {
      demo_count_endpoint (self, "bulkPoll");
      /* Each poll moves the job one step, so clients really have to poll. */
      if (g_str_equal (job->state, "UploadComplete"))
        {
          g_free (job->state);
          job->state = g_strdup ("InProgress");
        }
      else if (g_str_equal (job->state, "InProgress") && ++job->polls >= 1)
        {
          g_free (job->state);
          job->state = g_strdup (job->fail ? "Failed" : "JobComplete");
          if (job->fail)
            job->error_message = g_strdup ("Query timed out while processing the job. Retry with a narrower filter.");
        }
      reply_job (msg, self, job);
    }
  else if (g_str_equal (method, "PATCH"))
    {
      g_autoptr(JsonNode) body = demo_parse_json_body (msg, NULL);
      const char *state = body && JSON_NODE_HOLDS_OBJECT (body)
                          ? json_object_get_string_member_with_default (json_node_get_object (body), "state", NULL) : NULL;

      demo_count_endpoint (self, "bulkAbort");
      if (g_strcmp0 (state, "Aborted") != 0)
        demo_reply_error (msg, SOUP_STATUS_BAD_REQUEST, "INVALIDJOB", "InvalidJob : only state Aborted can be set");
      else if (g_str_equal (job->state, "JobComplete") || g_str_equal (job->state, "Failed"))
        demo_reply_error (msg, SOUP_STATUS_BAD_REQUEST, "INVALIDJOB", "InvalidJob : the job is already finished");
      else
        {
          g_free (job->state);
          job->state = g_strdup ("Aborted");
          reply_job (msg, self, job);
        }
    }
  else if (g_str_equal (method, "DELETE"))
    {
      demo_count_endpoint (self, "bulkDelete");
      g_hash_table_remove (self->bulk_jobs, job->id);
      job_free (self, job);
      soup_server_message_set_status (msg, SOUP_STATUS_NO_CONTENT, NULL);
    }
  else
    demo_reply_error (msg, SOUP_STATUS_METHOD_NOT_ALLOWED, "METHOD_NOT_ALLOWED", "HTTP Method not allowed for this resource");
}
