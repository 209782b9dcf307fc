/* aud-sync-job.c — one sync of one Salesforce object: full, incremental or backfill
 *
 * Cursor. Every query is ordered by (SystemModstamp, Id) and every committed batch saves a
 * checkpoint: the phase, the (SystemModstamp, Id) of its last record and the nextRecordsUrl of
 * the page that follows. A resumed job continues from the locator, or, when Salesforce expired
 * it, re-queries strictly after the checkpoint, so nothing is skipped or doubled.
 * Incremental runs use queryAll from the watermark minus a look-back window: rows that became
 * visible late with an older stamp are caught, deleted rows arrive with IsDeleted, and rows
 * fetched again with the same stamp are counted as unchanged, not rewritten as news.
 * The watermark only moves to stamps actually seen, never to the wall clock.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <json-glib/json-glib.h>
#include <stdio.h>

#include "aud-soql.h"
#include "aud-store-private.h"
#include "aud-sync-job-private.h"

G_DEFINE_QUARK (aud-sync-error-quark, aud_sync_error)


static void
job_clear (Job *job)
{
  g_clear_pointer (&job->batch, g_ptr_array_unref);
  g_clear_pointer (&job->fields, g_strfreev);
  g_clear_pointer (&job->max_stamp, g_free);
  g_clear_pointer (&job->after_stamp, g_free);
  g_clear_pointer (&job->after_id, g_free);
  g_clear_pointer (&job->bulk_job, g_free);
  aud_sync_progress_clear (&job->progress);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Job, job_clear)

void
aud_sync_options_init (AudSyncOptions *options)
{
  options->force_full = FALSE;
  options->lookback_seconds = 300;
  options->api_reserve = 0.10;
  options->reconcile_days = 7;
  /* Past this many records a full sync uses a Bulk API 2.0 job (AppFlow switches at 1M;
   * Salesforce suggests Bulk well below that). */
  options->bulk_threshold = 200000;
  options->bulk_chunk_rows = 50000;
}

void
aud_sync_progress_clear (AudSyncProgress *progress)
{
  g_clear_pointer (&progress->object, g_free);
}

void
aud_sync_progress_copy (AudSyncProgress       *dest,
                        const AudSyncProgress *src)
{
  g_free (dest->object);
  *dest = *src;
  dest->object = g_strdup (src->object);
}

void
aud_sync_result_free (AudSyncResult *result)
{
  if (result == NULL)
    return;

  g_free (result->object);
  g_free (result->path);
  g_free (result->message);
  g_free (result);
}

void
aud_sync_job_report (Job *job)
{
  aud_salesforce_client_get_api_usage (job->client, &job->progress.api_used, &job->progress.api_max);
  if (job->progress_func != NULL)
    job->progress_func (&job->progress, job->progress_data);
}

/* "2026-01-02T03:04:05.000+0000" (what Salesforce returns) → "2026-01-02T03:04:05Z" (a SOQL
 * literal), optionally moved back by some seconds. */
static char *
stamp_to_literal (const char *stamp,
                  guint       minus_seconds)
{
  int y, mo, d, h, mi, s;
  g_autoptr(GDateTime) dt = NULL;
  g_autoptr(GDateTime) moved = NULL;

  if (stamp == NULL || sscanf (stamp, "%4d-%2d-%2dT%2d:%2d:%2d", &y, &mo, &d, &h, &mi, &s) != 6)
    return NULL;

  /* Salesforce returns every datetime in UTC (+0000). */
  dt = g_date_time_new_utc (y, mo, d, h, mi, s);
  if (dt == NULL)
    return NULL;
  moved = g_date_time_add_seconds (dt, -(gdouble) minus_seconds);
  return aud_soql_format_datetime (moved);
}

static char *
build_soql (Job        *job,
            const char *since)
{
  g_autoptr(GString) soql = g_string_new ("SELECT ");
  g_autofree char *field_list = g_strjoinv (", ", job->fields);
  gboolean where = FALSE;

  g_string_append_printf (soql, "%s FROM %s", field_list, job->object);

  if (since != NULL)
    {
      g_string_append_printf (soql, " WHERE SystemModstamp >= %s", since);
      where = TRUE;
    }

  if (job->merge_only && job->after_id != NULL)
    {
      g_autofree char *id = aud_soql_quote_string (job->after_id);
      g_string_append_printf (soql, "%s Id > %s", where ? " AND" : " WHERE", id);
    }
  else if (job->after_stamp != NULL && job->after_id != NULL)
    {
      g_autofree char *stamp = stamp_to_literal (job->after_stamp, 0);
      g_autofree char *id = aud_soql_quote_string (job->after_id);

      /* Strictly after the checkpoint, tie-broken by Id: rows sharing one stamp across the
       * boundary are neither skipped nor fetched twice. */
      g_string_append_printf (soql, "%s (SystemModstamp > %s OR (SystemModstamp = %s AND Id > %s))",
                              where ? " AND" : " WHERE", stamp, stamp, id);
    }

  g_string_append (soql, job->merge_only ? " ORDER BY Id ASC" : " ORDER BY SystemModstamp ASC, Id ASC");
  return g_string_free (g_steal_pointer (&soql), FALSE);
}

static char *
query_url (const char *endpoint,
           const char *soql)
{
  g_autofree char *escaped = g_uri_escape_string (soql, NULL, FALSE);

  /* Relative to /services/data/vXX.X/ of the client's API version. */
  return g_strdup_printf ("%s/?q=%s", endpoint, escaped);
}

void
aud_sync_job_note_call (Job   *job,
                        guint  requests_before)
{
  /* Retries and token refreshes spend calls too. */
  job->progress.counts.api_calls += aud_salesforce_client_get_request_count (job->client) - requests_before;

  /* Keep the org's reserve: finish this batch, then pause. */
  aud_salesforce_client_get_api_usage (job->client, &job->progress.api_used, &job->progress.api_max);
  if (job->progress.api_max > 0 &&
      job->progress.api_used >= (gint64) ((1.0 - job->options->api_reserve) * job->progress.api_max))
    job->budget_spent = TRUE;
}

GError *
aud_sync_job_budget_error (Job *job)
{
  return g_error_new (AUD_SYNC_ERROR, AUD_SYNC_ERROR_API_LIMIT,
                      _("Paused to keep %.0f%% of the org’s daily API calls in reserve (%lld of %lld used). "
                        "The sync resumes from here when calls are available again."),
                      job->options->api_reserve * 100, (long long) job->progress.api_used,
                      (long long) job->progress.api_max);
}

static JsonNode *
fetch (Job         *job,
       const char  *url,
       GError     **error)
{
  static const char * const headers[] = { "Sforce-Query-Options", "batchSize=2000", NULL };
  guint before = aud_salesforce_client_get_request_count (job->client);
  JsonNode *node;

  node = aud_salesforce_client_get_json (job->client, url, headers, job->cancellable, error);
  aud_sync_job_note_call (job, before);
  return node;
}

void
aud_sync_job_add_record (Job           *job,
                         AudSyncRecord *record)
{
  g_free (job->after_id);
  job->after_id = g_strdup (record->external_id);
  if (record->modstamp != NULL)
    {
      g_free (job->after_stamp);
      job->after_stamp = g_strdup (record->modstamp);
      if (job->max_stamp == NULL || strcmp (record->modstamp, job->max_stamp) > 0)
        {
          g_free (job->max_stamp);
          job->max_stamp = g_strdup (record->modstamp);
        }
    }
  g_ptr_array_add (job->batch, record);
}

/* A query page as raw JSON text: SQLite's JSON functions split it below, with none of the
 * per-value allocations a json-glib tree costs on a million rows. */
static GBytes *
fetch_page (Job         *job,
            const char  *url,
            GError     **error)
{
  static const char * const headers[] = { "Sforce-Query-Options", "batchSize=2000", NULL };
  guint before = aud_salesforce_client_get_request_count (job->client);
  GBytes *bytes;

  bytes = aud_salesforce_client_get_bytes (job->client, url, headers, "application/json", NULL,
                                           job->cancellable, error);
  aud_sync_job_note_call (job, before);
  return bytes;
}

/* Adds the page's records to the batch; returns the number of records, -1 on error. */
static gint64
read_page (Job          *job,
           GBytes       *bytes,
           char        **next,
           GError      **error)
{
  sqlite3_stmt *head;
  sqlite3_stmt *rows;
  gsize len;
  const char *text = g_bytes_get_data (bytes, &len);
  gint64 n = 0;
  int rc;

  head = aud_store_prepare_cached (job->store,
                                   "SELECT json_valid (?1), json_extract (?1, '$.done'), json_extract (?1, '$.nextRecordsUrl')",
                                   error);
  if (head == NULL)
    return -1;
  sqlite3_bind_text (head, 1, text != NULL ? text : "", (int) len, SQLITE_STATIC);
  if (sqlite3_step (head) != SQLITE_ROW || sqlite3_column_int (head, 0) == 0)
    {
      sqlite3_reset (head);
      g_set_error (error, AUD_SYNC_ERROR, AUD_SYNC_ERROR_FAILED,
                   _("Salesforce sent a query page Audiences could not read. Run the sync again; it resumes where it stopped."));
      return -1;
    }
  if (sqlite3_column_int (head, 1) == 0 && sqlite3_column_type (head, 2) != SQLITE_NULL)
    *next = g_strdup ((const char *) sqlite3_column_text (head, 2));
  sqlite3_reset (head);

  rows = aud_store_prepare_cached (job->store,
                                   "SELECT json_extract (value, '$.Id'), json_extract (value, '$.SystemModstamp'), "
                                   "       json_extract (value, '$.IsDeleted'), json_remove (value, '$.attributes') "
                                   "FROM json_each (?1, '$.records') WHERE type = 'object'",
                                   error);
  if (rows == NULL)
    return -1;
  sqlite3_bind_text (rows, 1, text, (int) len, SQLITE_STATIC);

  while ((rc = sqlite3_step (rows)) == SQLITE_ROW)
    {
      AudSyncRecord *record;

      n++;
      if (sqlite3_column_type (rows, 0) == SQLITE_NULL)
        continue;

      record = g_new0 (AudSyncRecord, 1);
      record->external_id = g_strdup ((const char *) sqlite3_column_text (rows, 0));
      if (!job->merge_only)
        {
          record->modstamp = g_strdup ((const char *) sqlite3_column_text (rows, 1));
          record->is_deleted = sqlite3_column_int (rows, 2) != 0;
        }
      record->values_json = g_strdup ((const char *) sqlite3_column_text (rows, 3));
      aud_sync_job_add_record (job, record);
    }
  sqlite3_reset (rows);

  if (rc != SQLITE_DONE)
    {
      aud_store_set_sqlite_error (job->store, error, rc, "reading a query page");
      return -1;
    }

  return n;
}

static gboolean
is_sane_field_name (const char *name)
{
  if (name == NULL || !g_ascii_isalpha (*name))
    return FALSE;

  for (const char *p = name; *p; p++)
    if (!g_ascii_isalnum (*p) && *p != '_')
      return FALSE;

  return TRUE;
}

char *
aud_sync_job_checkpoint (Job        *job,
                         const char *phase,
                         const char *since,
                         const char *locator)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();
  g_autoptr(JsonGenerator) gen = json_generator_new ();
  g_autoptr(JsonNode) root = NULL;

  json_builder_begin_object (b);
  json_builder_set_member_name (b, "phase");
  json_builder_add_string_value (b, phase);
  json_builder_set_member_name (b, "since");
  json_builder_add_string_value (b, since);
  json_builder_set_member_name (b, "after_stamp");
  json_builder_add_string_value (b, job->after_stamp);
  json_builder_set_member_name (b, "after_id");
  json_builder_add_string_value (b, job->after_id);
  json_builder_set_member_name (b, "max_stamp");
  json_builder_add_string_value (b, job->max_stamp);
  json_builder_set_member_name (b, "locator");
  json_builder_add_string_value (b, locator);
  json_builder_set_member_name (b, "bulk_job");
  json_builder_add_string_value (b, job->bulk_job);
  json_builder_set_member_name (b, "bulk_skip");
  json_builder_add_int_value (b, job->bulk_skip);
  json_builder_end_object (b);

  root = json_builder_get_root (b);
  json_generator_set_root (gen, root);
  return json_generator_to_data (gen, NULL);
}

static gboolean
remember_seen (Job     *job,
               GError **error)
{
  sqlite3_stmt *stmt;

  stmt = aud_store_prepare_cached (job->store, "INSERT OR IGNORE INTO temp.reconcile_seen (id) VALUES (?1)", error);
  if (stmt == NULL)
    return FALSE;

  for (guint i = 0; i < job->batch->len; i++)
    {
      AudSyncRecord *record = g_ptr_array_index (job->batch, i);

      sqlite3_reset (stmt);
      sqlite3_bind_text (stmt, 1, record->external_id, -1, SQLITE_STATIC);
      if (!aud_store_step_done (job->store, stmt, error))
        return FALSE;
    }

  return TRUE;
}

gboolean
aud_sync_job_commit (Job         *job,
                     const char  *watermark,
                     const char  *position,
                     GError     **error)
{
  /* The reconcile's seen-ids live in a temp table; a crash loses them and the reconcile
   * simply starts again. */
  if (job->reconcile && !remember_seen (job, error))
    return FALSE;

  if (!aud_sync_store_commit_batch (job->store, job->source_id, job->run_id, job->batch, job->reconcile,
                                    watermark, position, &job->progress.counts, error))
    return FALSE;

  g_ptr_array_set_size (job->batch, 0);
  aud_sync_job_report (job);
  return TRUE;
}

/* Runs one query to its end, committing batches with checkpoints. Returns FALSE with error on
 * failure; on cancel or spent budget returns FALSE with G_IO_ERROR_CANCELLED / API_LIMIT after
 * the committed batches. */
static gboolean
run_query (Job         *job,
           const char  *phase,
           const char  *endpoint,
           const char  *since,
           const char  *old_watermark,
           const char  *resume_locator,
           GError     **error)
{
  g_autofree char *url = NULL;
  gboolean from_locator = resume_locator != NULL;
  guint timeouts = 0;

  if (resume_locator != NULL)
    url = g_strdup (resume_locator);
  else
    {
      g_autofree char *soql = build_soql (job, since);
      url = query_url (endpoint, soql);
    }

  while (url != NULL)
    {
      g_autoptr(GError) local_error = NULL;
      g_autoptr(GBytes) page = NULL;
      g_autofree char *next = NULL;
      gint64 page_len;

      if (g_cancellable_set_error_if_cancelled (job->cancellable, error))
        return FALSE;

      /* The previous call crossed into the reserve: everything fetched is committed (see the
       * commit condition below); stop before spending another call. */
      if (job->budget_spent)
        {
          g_propagate_error (error, aud_sync_job_budget_error (job));
          return FALSE;
        }

      page = fetch_page (job, url, &local_error);
      if (page == NULL)
        {
          if ((from_locator && g_error_matches (local_error, AUD_CRM_ERROR, AUD_CRM_ERROR_INVALID_QUERY_LOCATOR)) ||
              (g_error_matches (local_error, AUD_CRM_ERROR, AUD_CRM_ERROR_QUERY_TIMEOUT) && ++timeouts <= 3))
            {
              /* The cursor expired, or Salesforce gave up on a slow query: query again strictly
               * after the last record received (the pending batch stays and is committed). */
              g_autofree char *soql = build_soql (job, since);

              g_debug ("%s; re-querying %s after the last record received", local_error->message, job->object);
              g_free (url);
              url = query_url (endpoint, soql);
              from_locator = FALSE;
              continue;
            }
          /* Keep what was already fetched: commit it with the failed URL as the place to
           * resume, so a pause at the API limit costs no call twice. */
          if (job->batch->len > 0)
            {
              g_autofree char *position = aud_sync_job_checkpoint (job, phase, since, from_locator ? url : NULL);

              if (!aud_sync_job_commit (job, old_watermark, position, error))
                return FALSE;
            }
          g_propagate_error (error, g_steal_pointer (&local_error));
          return FALSE;
        }

      page_len = read_page (job, page, &next, error);
      if (page_len < 0)
        return FALSE;

      /* Commit whole pages, at most AUD_SYNC_BATCH_SIZE records at a time: the saved locator
       * then always points at the first row not yet stored. */
      if (job->batch->len > 0 && (next == NULL || job->batch->len + page_len > AUD_SYNC_BATCH_SIZE ||
                                  job->budget_spent || g_cancellable_is_cancelled (job->cancellable)))
        {
          g_autofree char *position = aud_sync_job_checkpoint (job, phase, since, next);

          if (!aud_sync_job_commit (job, old_watermark, position, error))
            return FALSE;
        }
      else
        aud_sync_job_report (job);

      g_free (url);
      url = g_steal_pointer (&next);
      from_locator = url != NULL;
    }

  return TRUE;
}

static gint64
count_rows (Job         *job,
            const char  *since,
            GError     **error)
{
  g_autoptr(GString) soql = g_string_new (NULL);
  g_autoptr(JsonNode) node = NULL;
  g_autofree char *url = NULL;

  g_string_printf (soql, "SELECT COUNT() FROM %s", job->object);
  if (since != NULL)
    g_string_append_printf (soql, " WHERE SystemModstamp >= %s", since);

  url = query_url ("queryAll", soql->str);
  node = fetch (job, url, error);
  if (node == NULL)
    return -1;

  return json_object_get_int_member_with_default (json_node_get_object (node), "totalSize", -1);
}

static gboolean
load_checkpoint (const char  *position,
                 char       **phase,
                 char       **since,
                 char       **after_stamp,
                 char       **after_id,
                 char       **max_stamp,
                 char       **locator,
                 char       **bulk_job,
                 gint64      *bulk_skip)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  JsonObject *obj;

  if (position == NULL || !json_parser_load_from_data (parser, position, -1, NULL) ||
      !JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)))
    return FALSE;

  obj = json_node_get_object (json_parser_get_root (parser));
  *phase = g_strdup (json_object_get_string_member_with_default (obj, "phase", NULL));
  *since = g_strdup (json_object_get_string_member_with_default (obj, "since", NULL));
  *after_stamp = g_strdup (json_object_get_string_member_with_default (obj, "after_stamp", NULL));
  *after_id = g_strdup (json_object_get_string_member_with_default (obj, "after_id", NULL));
  *max_stamp = g_strdup (json_object_get_string_member_with_default (obj, "max_stamp", NULL));
  *locator = g_strdup (json_object_get_string_member_with_default (obj, "locator", NULL));
  *bulk_job = g_strdup (json_object_get_string_member_with_default (obj, "bulk_job", NULL));
  *bulk_skip = json_object_get_int_member_with_default (obj, "bulk_skip", 0);
  return *phase != NULL;
}

static gboolean
reconcile_due (AudStore   *store,
               gint64      source_id,
               guint       days)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  gboolean due = FALSE;

  if (days == 0)
    return FALSE;

  stmt = aud_store_prepare (store,
                            "SELECT last_full_sync_at IS NULL OR "
                            "  julianday('now') - julianday(last_full_sync_at) > ?2 FROM sources WHERE id = ?1",
                            NULL);
  if (stmt == NULL)
    return FALSE;

  sqlite3_bind_int64 (stmt, 1, source_id);
  sqlite3_bind_int (stmt, 2, days);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    due = sqlite3_column_int (stmt, 0) != 0;

  return due;
}

static gboolean
finish_reconcile (Job     *job,
                  GError **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  int changes;

  /* Rows Salesforce no longer returns even to queryAll were hard-deleted (recycle bin emptied). */
  stmt = aud_store_prepare (job->store,
                            "UPDATE source_records SET is_deleted = 1 "
                            "WHERE source_id = ?1 AND NOT is_deleted "
                            "  AND external_id NOT IN (SELECT id FROM temp.reconcile_seen)",
                            error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, job->source_id);
  if (!aud_store_step_done (job->store, stmt, error))
    return FALSE;

  changes = sqlite3_changes (aud_store_get_db (job->store));
  job->progress.counts.deleted += changes;
  return aud_store_exec (job->store, "DELETE FROM temp.reconcile_seen", error);
}

static void
set_result_from_error (AudSyncResult *result,
                       GError        *error)
{
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      result->outcome = AUD_SYNC_OUTCOME_CANCELLED;
      result->message = g_strdup (_("Cancelled. Every batch completed so far is kept; the next sync continues from there."));
    }
  else if (g_error_matches (error, AUD_SYNC_ERROR, AUD_SYNC_ERROR_API_LIMIT) ||
           g_error_matches (error, AUD_CRM_ERROR, AUD_CRM_ERROR_API_LIMIT))
    {
      result->outcome = AUD_SYNC_OUTCOME_PAUSED_API_LIMIT;
      result->message = g_strdup (error->message);
    }
  else if (g_error_matches (error, AUD_CRM_ERROR, AUD_CRM_ERROR_NEEDS_RECONNECT))
    {
      result->outcome = AUD_SYNC_OUTCOME_NEEDS_RECONNECT;
      result->message = g_strdup (error->message);
    }
  else
    {
      result->outcome = AUD_SYNC_OUTCOME_FAILED;
      result->message = g_strdup (error->message);
    }
}

AudSyncResult *
aud_sync_job_run (AudStore              *store,
                  AudSalesforceClient   *client,
                  const char            *object,
                  const AudSyncOptions  *options,
                  AudSyncProgressFunc    progress_func,
                  gpointer               progress_data,
                  GCancellable          *cancellable,
                  GError               **error)
{
  g_autoptr(AudSyncResult) result = g_new0 (AudSyncResult, 1);
  g_autoptr(GError) job_error = NULL;
  g_autofree char *watermark = NULL;
  g_autofree char *position = NULL;
  g_autofree char *phase = NULL;
  g_autofree char *since = NULL;
  g_autofree char *locator = NULL;
  g_auto(GStrv) backfill = NULL;
  g_auto(Job) job = { 0 };
  gboolean ok = TRUE;

  g_return_val_if_fail (AUD_IS_STORE (store), NULL);
  g_return_val_if_fail (object != NULL, NULL);

  job.store = store;
  job.client = client;
  job.options = options;
  job.cancellable = cancellable;
  job.progress_func = progress_func;
  job.progress_data = progress_data;
  job.object = object;
  job.batch = g_ptr_array_new_with_free_func ((GDestroyNotify) aud_sync_record_free);
  job.progress.object = g_strdup (object);
  job.progress.expected = -1;
  job.progress.api_used = -1;
  job.progress.api_max = -1;
  job.progress.started_us = g_get_monotonic_time ();

  result->object = g_strdup (object);

  if (!aud_store_exec (store, "CREATE TEMP TABLE IF NOT EXISTS reconcile_seen (id TEXT PRIMARY KEY)", error) ||
      (job.source_id = aud_store_ensure_salesforce_source (store, object, error)) < 0 ||
      !aud_store_get_source_cursor (store, job.source_id, &watermark, &position, error) ||
      (job.fields = aud_sync_store_fields_for_object (store, object, error)) == NULL ||
      (backfill = aud_sync_store_backfill_fields (store, object, error)) == NULL)
    return NULL;

  for (guint i = 0; job.fields[i] != NULL; i++)
    if (!is_sane_field_name (job.fields[i]))
      {
        g_set_error (&job_error, AUD_SYNC_ERROR, AUD_SYNC_ERROR_INVALID_FIELD,
                     _("The mapped field “%s” is not a valid Salesforce field name. Remove it from the mapping."),
                     job.fields[i]);
        break;
      }

  /* Decide what to do: resume an interrupted phase, else full / backfill + incremental. */
  {
    g_autofree char *p_after_stamp = NULL, *p_after_id = NULL, *p_max = NULL;

    if (load_checkpoint (position, &phase, &since, &p_after_stamp, &p_after_id, &p_max, &locator, &job.bulk_job, &job.bulk_skip))
      {
        job.after_stamp = g_steal_pointer (&p_after_stamp);
        job.after_id = g_steal_pointer (&p_after_id);
        job.max_stamp = g_steal_pointer (&p_max);
        if (g_str_equal (phase, "reconcile"))
          {
            /* The seen-ids of an interrupted reconcile died with the process: start it again. */
            g_clear_pointer (&job.after_stamp, g_free);
            g_clear_pointer (&job.after_id, g_free);
            g_clear_pointer (&locator, g_free);
          }
      }
    else if (watermark == NULL || options->force_full)
      phase = g_strdup ("full");
    else if (reconcile_due (store, job.source_id, options->reconcile_days))
      phase = g_strdup ("reconcile");
    else
      phase = g_strdup (backfill[0] != NULL ? "backfill" : "incremental");
  }

  if (g_str_equal (phase, "full"))
    job.progress.kind = AUD_SYNC_KIND_FULL;
  else if (g_str_equal (phase, "reconcile"))
    job.progress.kind = AUD_SYNC_KIND_RECONCILE;
  else if (g_str_equal (phase, "backfill"))
    job.progress.kind = AUD_SYNC_KIND_BACKFILL;
  else
    job.progress.kind = AUD_SYNC_KIND_INCREMENTAL;
  result->kind = job.progress.kind;

  if (!aud_sync_store_close_interrupted_runs (store, error))
    return NULL;

  if (result->kind == AUD_SYNC_KIND_BACKFILL)
    {
      g_autofree char *list = g_strjoinv (", ", backfill);
      result->path = g_strdup_printf ("rest backfill: Id, %s", list);
    }
  else
    result->path = g_strdup ("rest");
  job.run_id = aud_sync_store_start_run (store, job.source_id, result->kind, result->path, error);
  if (job.run_id < 0)
    return NULL;
  result->source_id = job.source_id;
  result->run_id = job.run_id;

  if (job_error == NULL && result->kind == AUD_SYNC_KIND_BACKFILL)
    {
      /* Only Id and the newly mapped fields: existing rows gain them, nothing else moves. */
      g_auto(GStrv) all = job.fields;
      g_autoptr(GStrvBuilder) b = g_strv_builder_new ();

      g_strv_builder_add (b, "Id");
      g_strv_builder_addv (b, (const char **) backfill);
      job.fields = g_strv_builder_end (b);
      job.merge_only = TRUE;

      job.progress.expected = count_rows (&job, NULL, &job_error);
      if (job_error == NULL)
        job.progress.forecast_calls = job.progress.expected / AUD_SYNC_BATCH_SIZE + 2;
      aud_sync_job_report (&job);
      ok = job_error == NULL &&
           run_query (&job, "backfill", "query", NULL, watermark, locator, &job_error) &&
           aud_sync_store_clear_backfill (store, object, (const char * const *) backfill, &job_error) &&
           aud_store_set_source_cursor (store, job.source_id, watermark, NULL, &job_error);

      /* Then the regular incremental pass, with every field. */
      g_strfreev (job.fields);
      job.fields = g_steal_pointer (&all);
      job.merge_only = FALSE;
      g_clear_pointer (&job.after_stamp, g_free);
      g_clear_pointer (&job.after_id, g_free);
      g_clear_pointer (&locator, g_free);
      job.progress.expected = -1;
      if (ok)
        {
          g_free (phase);
          phase = g_strdup ("incremental");
        }
    }

  if (job_error == NULL && g_str_equal (phase, "incremental"))
    {
      if (since == NULL)
        since = stamp_to_literal (watermark, options->lookback_seconds);

      if (job.progress.expected < 0)
        {
          job.progress.expected = count_rows (&job, since, &job_error);
          if (job_error == NULL)
            job.progress.forecast_calls = job.progress.expected / AUD_SYNC_BATCH_SIZE + 2;
        }
      aud_sync_job_report (&job);
      ok = job_error == NULL &&
           run_query (&job, "incremental", "queryAll", since, watermark, locator, &job_error);
    }
  else if (job_error == NULL && (g_str_equal (phase, "full") || g_str_equal (phase, "reconcile")))
    {
      job.reconcile = g_str_equal (phase, "reconcile");
      if (job.reconcile && locator == NULL && job.after_id == NULL &&
          !aud_store_exec (store, "DELETE FROM temp.reconcile_seen", &job_error))
        return NULL;

      gboolean bulk;

      job.progress.expected = count_rows (&job, NULL, &job_error);
      /* Large objects go through a Bulk API 2.0 job: one job instead of a call per 2,000 rows,
       * and no query timeouts on tens of millions of rows. A resumed Bulk run stays in its job. */
      bulk = job.bulk_job != NULL || (job_error == NULL && job.progress.expected > options->bulk_threshold);
      if (job_error == NULL)
        {
          g_free (result->path);
          if (bulk)
            {
              job.progress.forecast_calls = job.progress.expected / AUD_SYNC_BATCH_SIZE + 6;
              result->path = g_strdup_printf ("bulk: %lld records, over the Bulk threshold of %lld",
                                              (long long) job.progress.expected, (long long) options->bulk_threshold);
            }
          else
            {
              job.progress.forecast_calls = job.progress.expected / AUD_SYNC_BATCH_SIZE + 2;
              result->path = g_strdup_printf ("rest: %lld records, within the Bulk threshold of %lld",
                                              (long long) job.progress.expected, (long long) options->bulk_threshold);
            }
        }
      aud_sync_job_report (&job);
      if (bulk)
        ok = job_error == NULL &&
             aud_sync_bulk_run (&job, phase, watermark, locator, &job_error);
      else
        ok = job_error == NULL &&
             run_query (&job, phase, "queryAll", NULL, watermark, locator, &job_error);
      ok = ok && (!job.reconcile || finish_reconcile (&job, &job_error));
    }

  if (job_error == NULL && ok)
    {
      /* Done: the watermark moves to the highest stamp seen, never back, never to "now". */
      const char *new_watermark = watermark;

      if (job.max_stamp != NULL && (watermark == NULL || strcmp (job.max_stamp, watermark) > 0))
        new_watermark = job.max_stamp;
      if (!aud_store_set_source_cursor (store, job.source_id, new_watermark, NULL, error) ||
          !aud_sync_store_mark_synced (store, job.source_id,
                                       result->kind == AUD_SYNC_KIND_FULL || result->kind == AUD_SYNC_KIND_RECONCILE,
                                       error))
        return NULL;

      result->outcome = AUD_SYNC_OUTCOME_SUCCEEDED;
    }
  else
    set_result_from_error (result, job_error);

  result->counts = job.progress.counts;
  if (!aud_sync_store_finish_run (store, job.run_id, result->path, &result->counts, result->outcome,
                                  result->message, error))
    return NULL;

  aud_sync_job_report (&job);
  return g_steal_pointer (&result);
}
