/* aud-sync-bulk.c — the full sync of a large object through a Bulk API 2.0 queryAll job
 *
 * One job does not time out on tens of millions of rows, and its results come in chunks of
 * 50,000 rows (maxRecords): 20 calls for a million records instead of 500 REST pages. Each chunk
 * is committed in batches of 2,000 rows, each with the job id, the chunk's locator and how many of
 * its rows are stored, so a killed run resumes inside the same job (results stay for 7 days). CSV carries text only: values are typed back from the object's describe, so rows
 * look exactly as the REST path stores them.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <json-glib/json-glib.h>

#include "aud-csv-reader.h"
#include "aud-describe.h"
#include "aud-describe-fetch.h"
#include "aud-sync-job-private.h"

#define POLL_MIN_MS 200
#define POLL_MAX_MS 5000

static JsonNode *
call_json (Job         *job,
           const char  *method,
           const char  *path,
           JsonNode    *body,
           GError     **error)
{
  guint before = aud_salesforce_client_get_request_count (job->client);
  JsonNode *node;

  if (body != NULL)
    node = aud_salesforce_client_send_json (job->client, method, path, body, NULL, job->cancellable, error);
  else
    node = aud_salesforce_client_get_json (job->client, path, NULL, job->cancellable, error);
  aud_sync_job_note_call (job, before);
  return node;
}

static char *
create_job (Job     *job,
            GError **error)
{
  g_autofree char *fields = g_strjoinv (", ", job->fields);
  g_autofree char *soql = g_strdup_printf ("SELECT %s FROM %s", fields, job->object);
  g_autoptr(JsonBuilder) b = json_builder_new ();
  g_autoptr(JsonNode) body = NULL;
  g_autoptr(JsonNode) answer = NULL;
  const char *id;

  /* No ORDER BY: it disables Salesforce's chunking of big extracts. queryAll brings the
   * recycle bin, as the REST path does. */
  json_builder_begin_object (b);
  json_builder_set_member_name (b, "operation");
  json_builder_add_string_value (b, "queryAll");
  json_builder_set_member_name (b, "query");
  json_builder_add_string_value (b, soql);
  json_builder_set_member_name (b, "contentType");
  json_builder_add_string_value (b, "CSV");
  json_builder_set_member_name (b, "columnDelimiter");
  json_builder_add_string_value (b, "COMMA");
  json_builder_set_member_name (b, "lineEnding");
  json_builder_add_string_value (b, "LF");
  json_builder_end_object (b);
  body = json_builder_get_root (b);

  answer = call_json (job, "POST", "jobs/query", body, error);
  if (answer == NULL)
    return NULL;

  id = JSON_NODE_HOLDS_OBJECT (answer)
       ? json_object_get_string_member_with_default (json_node_get_object (answer), "id", NULL) : NULL;
  if (id == NULL)
    {
      g_set_error (error, AUD_SYNC_ERROR, AUD_SYNC_ERROR_FAILED,
                   _("Salesforce accepted the Bulk API job but did not say its id. Try the sync again."));
      return NULL;
    }

  g_debug ("Bulk API query job %s created for %s", id, job->object);
  return g_strdup (id);
}

/* Waits for JobComplete. NOT_FOUND (a job deleted after its 7 days) is passed through. */
static gboolean
wait_for_job (Job         *job,
              const char  *id,
              GError     **error)
{
  g_autofree char *path = g_strdup_printf ("jobs/query/%s", id);
  guint delay = POLL_MIN_MS;

  for (;;)
    {
      g_autoptr(JsonNode) answer = call_json (job, "GET", path, NULL, error);
      const char *state;

      if (answer == NULL)
        return FALSE;

      state = json_object_get_string_member_with_default (json_node_get_object (answer), "state", "");
      if (g_str_equal (state, "JobComplete"))
        return TRUE;

      if (g_str_equal (state, "Failed") || g_str_equal (state, "Aborted"))
        {
          const char *why = json_object_get_string_member_with_default (json_node_get_object (answer),
                                                                         "errorMessage", state);
          g_set_error (error, AUD_SYNC_ERROR, AUD_SYNC_ERROR_FAILED,
                       _("The Salesforce Bulk API job for %s ended as %s: %s. Run the sync again; "
                         "if it keeps failing, ask your admin to check the org’s Bulk API jobs."),
                       job->object, state, why);
          return FALSE;
        }

      if (job->budget_spent)
        {
          g_propagate_error (error, aud_sync_job_budget_error (job));
          return FALSE;
        }

      /* Sleep in small steps so Cancel is prompt. */
      for (guint waited = 0; waited < delay; waited += 50)
        {
          if (g_cancellable_set_error_if_cancelled (job->cancellable, error))
            return FALSE;
          g_usleep (50 * 1000);
        }
      delay = MIN (delay * 2, POLL_MAX_MS);
    }
}

/* Bulk CSV writes datetimes as "…Z"; the REST API and the store use "…+0000". */
static char *
rest_datetime (const char *value)
{
  if (g_str_has_suffix (value, "Z"))
    return g_strdup_printf ("%.*s+0000", (int) strlen (value) - 1, value);

  return g_strdup (value);
}

static void
add_typed_value (JsonBuilder  *b,
                 AudFieldInfo *info,
                 const char   *value)
{
  const char *type = info != NULL ? info->type : "string";

  /* An empty cell is null in Bulk CSV. */
  if (*value == '\0')
    json_builder_add_null_value (b);
  else if (g_str_equal (type, "boolean"))
    json_builder_add_boolean_value (b, g_ascii_strcasecmp (value, "true") == 0);
  else if (g_str_equal (type, "int"))
    json_builder_add_int_value (b, g_ascii_strtoll (value, NULL, 10));
  else if (g_str_equal (type, "double") || g_str_equal (type, "currency") || g_str_equal (type, "percent"))
    json_builder_add_double_value (b, g_ascii_strtod (value, NULL));
  else if (g_str_equal (type, "datetime"))
    {
      g_autofree char *rest = rest_datetime (value);
      json_builder_add_string_value (b, rest);
    }
  else
    json_builder_add_string_value (b, value);
}

/* Parses one results chunk, committing every AUD_SYNC_BATCH_SIZE rows with a checkpoint that
 * names this chunk's locator and the rows of it already stored. */
static gboolean
read_chunk (Job          *job,
            const char   *phase,
            const char   *old_watermark,
            const char   *chunk_locator,
            AudDescribe  *describe,
            GBytes       *csv,
            GError      **error)
{
  gint64 row = 0;
  g_autoptr(GInputStream) stream = g_memory_input_stream_new_from_bytes (csv);
  g_autoptr(AudCsvReader) reader = aud_csv_reader_new (stream);
  g_autoptr(GPtrArray) infos = g_ptr_array_new ();   /* borrowed from the describe */
  const char * const *columns;
  int id_col = -1, stamp_col = -1, deleted_col = -1;

  aud_csv_reader_set_encoding (reader, AUD_CSV_ENCODING_UTF8);
  aud_csv_reader_set_delimiter (reader, ',');
  aud_csv_reader_set_header_mode (reader, AUD_CSV_HEADER_YES);
  if (g_bytes_get_size (csv) == 0)
    return TRUE;
  if (!aud_csv_reader_open (reader, job->cancellable, error))
    {
      g_prefix_error (error, _("Salesforce sent Bulk API results Audiences could not read: "));
      return FALSE;
    }

  columns = aud_csv_reader_get_columns (reader);
  for (guint i = 0; columns[i] != NULL; i++)
    {
      g_ptr_array_add (infos, describe != NULL ? aud_describe_lookup (describe, columns[i]) : NULL);
      if (g_str_equal (columns[i], "Id"))
        id_col = (int) i;
      else if (g_str_equal (columns[i], "SystemModstamp"))
        stamp_col = (int) i;
      else if (g_str_equal (columns[i], "IsDeleted"))
        deleted_col = (int) i;
    }
  if (id_col < 0 || stamp_col < 0)
    {
      g_set_error (error, AUD_SYNC_ERROR, AUD_SYNC_ERROR_FAILED,
                   _("Salesforce sent Bulk API results without the Id or SystemModstamp column. Run the sync again."));
      return FALSE;
    }

  while (aud_csv_reader_read_row (reader, job->cancellable, error))
    {
      g_autoptr(JsonBuilder) b = NULL;
      g_autoptr(JsonNode) root = NULL;
      AudSyncRecord *record;
      guint n = aud_csv_reader_get_n_fields (reader);

      /* Stored before a crash or a pause: rewriting them would be harmless, skipping is cheaper. */
      if (row++ < job->bulk_skip)
        continue;

      b = json_builder_new ();
      record = g_new0 (AudSyncRecord, 1);
      json_builder_begin_object (b);
      for (guint i = 0; i < n && columns[i] != NULL; i++)
        {
          const char *value = aud_csv_reader_get_field (reader, i, NULL);

          json_builder_set_member_name (b, columns[i]);
          add_typed_value (b, g_ptr_array_index (infos, i), value);
        }
      json_builder_end_object (b);
      root = json_builder_get_root (b);

      record->external_id = g_strdup (aud_csv_reader_get_field (reader, id_col, NULL));
      record->modstamp = rest_datetime (aud_csv_reader_get_field (reader, stamp_col, NULL));
      record->is_deleted = deleted_col >= 0 &&
                           g_ascii_strcasecmp (aud_csv_reader_get_field (reader, deleted_col, NULL), "true") == 0;
      record->values_json = json_to_string (root, FALSE);
      aud_sync_job_add_record (job, record);

      if (job->batch->len >= AUD_SYNC_BATCH_SIZE)
        {
          g_autofree char *position = NULL;

          job->bulk_skip = row;
          position = aud_sync_job_checkpoint (job, phase, NULL, chunk_locator);
          if (!aud_sync_job_commit (job, old_watermark, position, error))
            return FALSE;
          if (g_cancellable_set_error_if_cancelled (job->cancellable, error))
            return FALSE;
        }
    }

  return error == NULL || *error == NULL;
}

gboolean
aud_sync_bulk_run (Job         *job,
                   const char  *phase,
                   const char  *old_watermark,
                   const char  *resume_locator,
                   GError     **error)
{
  g_autoptr(AudDescribe) describe = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autofree char *locator = g_strdup (resume_locator);

  /* The types that turn CSV text back into JSON values. */
  describe = aud_describe_load (job->store, job->object, error);
  if (describe == NULL && (error == NULL || *error == NULL))
    {
      guint before = aud_salesforce_client_get_request_count (job->client);

      describe = aud_describe_fetch (job->client, job->object, job->cancellable, error);
      aud_sync_job_note_call (job, before);
      if (describe != NULL && !aud_describe_save (describe, job->store, error))
        return FALSE;
    }
  if (describe == NULL)
    return FALSE;

  if (job->bulk_job != NULL && !wait_for_job (job, job->bulk_job, &local_error))
    {
      /* The job is gone (older than 7 days): start a new one; rows already stored are
       * rewritten idempotently. */
      if (!g_error_matches (local_error, AUD_CRM_ERROR, AUD_CRM_ERROR_NOT_FOUND))
        {
          g_propagate_error (error, g_steal_pointer (&local_error));
          return FALSE;
        }
      g_clear_error (&local_error);
      g_clear_pointer (&job->bulk_job, g_free);
      g_clear_pointer (&locator, g_free);
      job->bulk_skip = 0;
    }

  if (job->bulk_job == NULL)
    {
      job->bulk_job = create_job (job, error);
      if (job->bulk_job == NULL || !wait_for_job (job, job->bulk_job, error))
        return FALSE;
    }

  for (;;)
    {
      g_autoptr(SoupMessageHeaders) headers = NULL;
      g_autoptr(GBytes) csv = NULL;
      g_autofree char *path = NULL;
      g_autofree char *position = NULL;
      const char *next;
      guint before;

      if (g_cancellable_set_error_if_cancelled (job->cancellable, error))
        return FALSE;
      if (job->budget_spent)
        {
          g_propagate_error (error, aud_sync_job_budget_error (job));
          return FALSE;
        }

      if (locator != NULL)
        {
          g_autofree char *escaped = g_uri_escape_string (locator, NULL, FALSE);
          path = g_strdup_printf ("jobs/query/%s/results?maxRecords=%u&locator=%s",
                                  job->bulk_job, MAX (job->options->bulk_chunk_rows, 1), escaped);
        }
      else
        path = g_strdup_printf ("jobs/query/%s/results?maxRecords=%u", job->bulk_job,
                                MAX (job->options->bulk_chunk_rows, 1));

      before = aud_salesforce_client_get_request_count (job->client);
      csv = aud_salesforce_client_get_bytes (job->client, path, NULL, "text/csv", &headers,
                                             job->cancellable, error);
      aud_sync_job_note_call (job, before);
      if (csv == NULL)
        return FALSE;

      if (!read_chunk (job, phase, old_watermark, locator, describe, csv, error))
        return FALSE;

      next = soup_message_headers_get_one (headers, "Sforce-Locator");
      if (next != NULL && (*next == '\0' || g_str_equal (next, "null")))
        next = NULL;

      /* The chunk's last rows commit with the place to continue: the next chunk, from its start. */
      job->bulk_skip = 0;
      position = aud_sync_job_checkpoint (job, phase, NULL, next);
      if (job->batch->len > 0 || next == NULL)
        if (!aud_sync_job_commit (job, old_watermark, position, error))
          return FALSE;

      if (next == NULL)
        break;
      g_free (locator);
      locator = g_strdup (next);
    }

  g_clear_pointer (&job->bulk_job, g_free);
  job->bulk_skip = 0;
  return TRUE;
}
