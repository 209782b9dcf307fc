/* aud-csv-import.c — imports a CSV file as one source of the workspace, in one transaction
 *
 * Rows become source records keyed by the chosen id column, or by a fingerprint of the whole row,
 * so importing the same or an updated file again updates records instead of adding copies. The
 * values are a JSON object {field: value} following the column mapping; empty cells are null.
 *
 * The whole import is one transaction: a cancel, a fatal error in the file, or bad rows under the
 * cancel policy roll everything back, including a source created for this import. Records the
 * file no longer has are marked deleted, but only when every row was read: a skipped row could be
 * one of them.
 *
 * Threads: run() works in the calling thread on the caller's store; run_async() opens its own
 * connection in a worker. Progress goes through a mutex-guarded snapshot and at most one pending
 * idle callback in the caller's main context.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "aud-csv-import-private.h"
#include "aud-csv-source.h"

#define MAX_PROBLEMS 1000
#define PROGRESS_EVERY_ROWS 1024

struct _AudCsvImport
{
  GObject                   parent_instance;

  GFile                    *file;
  char                     *object;
  char                     *source_name;
  GArray                   *map;            /* AudCsvMapEntry */
  char                     *id_column;
  gboolean                  id_column_set;
  AudCsvBadRowPolicy        policy;
  gint64                    audience_id;
  AudCsvEncoding            encoding;
  char                      delimiter;
  AudCsvHeaderMode          header_mode;

  AudCsvImportProgressFunc  progress_func;
  gpointer                  progress_data;
  GDestroyNotify            progress_destroy;

  GMutex                    mutex;          /* guards progress and idle_pending */
  AudCsvImportProgress      progress;
  gboolean                  idle_pending;
  GMainContext             *progress_context; /* NULL: call progress_func in the running thread */

  gint64                    source_id;
  guint64                   n_created;
  guint64                   n_updated;
  guint64                   n_unchanged;
  guint64                   n_removed;
  guint64                   n_skipped;
  GPtrArray                *problems;       /* AudCsvProblem */
  AudCsvEncoding            encoding_used;
  gboolean                  encoding_guessed;
};

G_DEFINE_FINAL_TYPE (AudCsvImport, aud_csv_import, G_TYPE_OBJECT)

static void
problem_free (gpointer data)
{
  AudCsvProblem *problem = data;

  g_free (problem->message);
  g_free (problem);
}

AudCsvImport *
aud_csv_import_new (GFile      *file,
                    const char *object,
                    const char *source_name)
{
  AudCsvImport *self;

  g_return_val_if_fail (G_IS_FILE (file), NULL);
  g_return_val_if_fail (object != NULL, NULL);

  self = g_object_new (AUD_TYPE_CSV_IMPORT, NULL);
  self->file = g_object_ref (file);
  self->object = g_strdup (object);
  self->source_name = source_name != NULL ? g_strdup (source_name) : g_file_get_basename (file);
  return self;
}

const char *
aud_csv_import_get_source_name (AudCsvImport *self)
{
  g_return_val_if_fail (AUD_IS_CSV_IMPORT (self), NULL);

  return self->source_name;
}

void
aud_csv_import_set_mapping (AudCsvImport          *self,
                            const AudCsvColumnMap *map,
                            guint                  n_map)
{
  g_return_if_fail (AUD_IS_CSV_IMPORT (self));
  g_return_if_fail (map != NULL || n_map == 0);

  g_array_set_size (self->map, 0);
  for (guint i = 0; i < n_map; i++)
    {
      g_return_if_fail (map[i].column != NULL && map[i].field != NULL);
      aud_csv_map_add (self->map, map[i].column, map[i].field, map[i].max_length);
    }
}

guint
aud_csv_import_get_n_mapped (AudCsvImport *self)
{
  g_return_val_if_fail (AUD_IS_CSV_IMPORT (self), 0);

  return self->map->len;
}

void
aud_csv_import_set_id_column (AudCsvImport *self,
                              const char   *column)
{
  g_return_if_fail (AUD_IS_CSV_IMPORT (self));

  g_free (self->id_column);
  self->id_column = g_strdup (column);
  self->id_column_set = TRUE;
}

void
aud_csv_import_set_audience_id (AudCsvImport *self,
                                gint64        audience_id)
{
  g_return_if_fail (AUD_IS_CSV_IMPORT (self));

  self->audience_id = audience_id;
}

void
aud_csv_import_set_bad_row_policy (AudCsvImport       *self,
                                   AudCsvBadRowPolicy  policy)
{
  g_return_if_fail (AUD_IS_CSV_IMPORT (self));

  self->policy = policy;
}

void
aud_csv_import_set_encoding (AudCsvImport   *self,
                             AudCsvEncoding  encoding)
{
  g_return_if_fail (AUD_IS_CSV_IMPORT (self));

  self->encoding = encoding;
}

void
aud_csv_import_set_delimiter (AudCsvImport *self,
                              char          delimiter)
{
  g_return_if_fail (AUD_IS_CSV_IMPORT (self));

  self->delimiter = delimiter;
}

void
aud_csv_import_set_header_mode (AudCsvImport     *self,
                                AudCsvHeaderMode  mode)
{
  g_return_if_fail (AUD_IS_CSV_IMPORT (self));

  self->header_mode = mode;
}

void
aud_csv_import_set_progress_func (AudCsvImport             *self,
                                  AudCsvImportProgressFunc  func,
                                  gpointer                  user_data,
                                  GDestroyNotify            destroy)
{
  GDestroyNotify old_destroy;
  gpointer old_data;

  g_return_if_fail (AUD_IS_CSV_IMPORT (self));

  /* Under the mutex: a running worker reads these when it publishes progress. */
  g_mutex_lock (&self->mutex);
  old_destroy = self->progress_destroy;
  old_data = self->progress_data;
  self->progress_func = func;
  self->progress_data = user_data;
  self->progress_destroy = destroy;
  g_mutex_unlock (&self->mutex);

  if (old_destroy != NULL)
    old_destroy (old_data);
}

gboolean
aud_csv_import_load_saved_settings (AudCsvImport  *self,
                                    AudStore      *store,
                                    GError       **error)
{
  g_autoptr(GError) local_error = NULL;
  g_autofree char *settings = NULL;
  gint64 source_id;

  g_return_val_if_fail (AUD_IS_CSV_IMPORT (self), FALSE);
  g_return_val_if_fail (AUD_IS_STORE (store), FALSE);

  source_id = aud_csv_source_find (store, self->object, self->source_name, &local_error);
  if (source_id < 0)
    {
      if (g_error_matches (local_error, AUD_STORE_ERROR, AUD_STORE_ERROR_NOT_FOUND))
        return TRUE;
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }

  settings = aud_csv_source_get_settings (store, source_id, error);
  if (settings == NULL)
    return FALSE;

  aud_csv_import_settings_apply (settings, self->map, &self->id_column, &self->id_column_set);
  return TRUE;
}

static char *
build_settings (AudCsvImport *self,
                AudCsvReader *reader)
{
  g_autofree char *basename = g_file_get_basename (self->file);
  AudCsvImportSettings settings = {
    .file = basename,
    .encoding = aud_csv_encoding_to_string (aud_csv_reader_get_encoding (reader)),
    .delimiter = aud_csv_reader_get_delimiter (reader),
    .has_header = aud_csv_reader_get_has_header (reader),
    .id_column = self->id_column,
    .map = self->map,
  };

  return aud_csv_import_settings_to_json (&settings);
}

static void
add_problem (AudCsvImport *self,
             guint64       line,
             const GError *error)
{
  AudCsvProblem *problem;

  if (self->problems->len >= MAX_PROBLEMS)
    return;

  problem = g_new0 (AudCsvProblem, 1);
  problem->line = line;
  problem->code = error->domain == AUD_CSV_ERROR ? error->code : AUD_CSV_ERROR_FAILED;
  problem->message = g_strdup (error->message);
  g_ptr_array_add (self->problems, problem);
}

static gboolean
progress_idle_cb (gpointer data)
{
  AudCsvImport *self = data;
  AudCsvImportProgress snapshot;
  AudCsvImportProgressFunc func;
  gpointer func_data;

  g_mutex_lock (&self->mutex);
  self->idle_pending = FALSE;
  snapshot = self->progress;
  func = self->progress_func;
  func_data = self->progress_data;
  g_mutex_unlock (&self->mutex);

  if (func != NULL)
    func (&snapshot, func_data);

  return G_SOURCE_REMOVE;
}

static void
publish_progress (AudCsvImport *self,
                  AudCsvReader *reader,
                  guint64       rows,
                  guint64       bytes_total,
                  gint64        started)
{
  AudCsvImportProgress snapshot = { 0 };
  double elapsed = (double) (g_get_monotonic_time () - started) / G_USEC_PER_SEC;
  gboolean schedule = FALSE;
  gboolean direct = FALSE;
  AudCsvImportProgressFunc func;
  gpointer func_data;

  snapshot.rows = rows;
  snapshot.bytes_read = aud_csv_reader_get_bytes_read (reader);
  snapshot.bytes_total = bytes_total;
  snapshot.rows_per_second = elapsed > 0 ? rows / elapsed : 0;
  snapshot.eta_seconds = -1;
  if (bytes_total > 0 && snapshot.bytes_read > 0 && elapsed > 0)
    {
      double bytes_per_second = snapshot.bytes_read / elapsed;
      double left = bytes_total > snapshot.bytes_read ? (double) (bytes_total - snapshot.bytes_read) : 0;

      snapshot.eta_seconds = left / bytes_per_second;
    }

  g_mutex_lock (&self->mutex);
  self->progress = snapshot;
  if (self->progress_func != NULL && self->progress_context != NULL && !self->idle_pending)
    schedule = self->idle_pending = TRUE;
  direct = self->progress_func != NULL && self->progress_context == NULL;
  func = self->progress_func;
  func_data = self->progress_data;
  g_mutex_unlock (&self->mutex);

  if (schedule)
    {
      g_autoptr(GSource) source = g_idle_source_new ();

      g_source_set_callback (source, progress_idle_cb, g_object_ref (self), g_object_unref);
      g_source_set_static_name (source, "[audiences] csv import progress");
      g_source_attach (source, self->progress_context);
    }
  if (direct)
    func (&snapshot, func_data);
}

static void
reset_results (AudCsvImport *self)
{
  self->source_id = -1;
  self->n_created = self->n_updated = self->n_unchanged = self->n_removed = self->n_skipped = 0;
  g_ptr_array_set_size (self->problems, 0);
  for (guint i = 0; i < self->map->len; i++)
    g_array_index (self->map, AudCsvMapEntry, i).index = -1;
}

static GFileInputStream *
open_file (AudCsvImport  *self,
           guint64       *size,
           GCancellable  *cancellable,
           GError       **error)
{
  g_autoptr(GFileInputStream) stream = NULL;
  g_autoptr(GFileInfo) info = NULL;

  stream = g_file_read (self->file, cancellable, error);
  if (stream == NULL)
    {
      g_autofree char *name = g_file_get_parse_name (self->file);

      g_prefix_error (error, _("Could not open “%s”: "), name);
      return NULL;
    }

  info = g_file_input_stream_query_info (stream, G_FILE_ATTRIBUTE_STANDARD_SIZE, cancellable, NULL);
  *size = info != NULL ? (guint64) g_file_info_get_size (info) : 0;

  return g_steal_pointer (&stream);
}

/* Reads rows and writes records; the caller owns the transaction. */
static gboolean
import_rows (AudCsvImport  *self,
             AudStore      *store,
             AudCsvReader  *reader,
             int            id_index,
             const char    *modstamp,
             guint64        bytes_total,
             GCancellable  *cancellable,
             GError       **error)
{
  g_autoptr(GString) key = g_string_sized_new (64);
  g_autoptr(GString) json = g_string_sized_new (1024);
  gint64 started = g_get_monotonic_time ();
  guint64 rows = 0;

  for (;;)
    {
      g_autoptr(GError) row_error = NULL;
      AudCsvUpsertResult result;
      gboolean first;

      if (g_cancellable_set_error_if_cancelled (cancellable, error))
        return FALSE;

      if (!aud_csv_reader_read_row (reader, cancellable, &row_error))
        {
          if (row_error == NULL)
            break;
          if (!aud_csv_error_is_row_error (row_error))
            {
              add_problem (self, aud_csv_reader_get_line (reader), row_error);
              g_propagate_error (error, g_steal_pointer (&row_error));
              return FALSE;
            }
        }
      else if (aud_csv_record_build (self->map, self->id_column, id_index, reader, key, json, &row_error))
        {
          if (!aud_csv_source_mark_seen (store, key->str, &first, error))
            return FALSE;

          if (!first && id_index >= 0)
            g_set_error (&row_error, AUD_CSV_ERROR, AUD_CSV_ERROR_DUPLICATE_ID,
                         _("Line %llu repeats the id “%s” of an earlier row. Give it its own id, "
                           "or remove one of the two rows."),
                         (unsigned long long) aud_csv_reader_get_line (reader), key->str);
          else if (!first)
            self->n_unchanged++;   /* the same row twice: one record */
          else if (self->n_skipped > 0 && self->policy == AUD_CSV_BAD_ROWS_CANCEL)
            {
              /* Nothing will be committed: keep reading only to report the other bad rows. */
            }
          else if (!aud_csv_source_upsert (store, self->source_id, key->str, modstamp, json->str,
                                           &result, error))
            return FALSE;
          else if (result == AUD_CSV_UPSERT_CREATED)
            self->n_created++;
          else if (result == AUD_CSV_UPSERT_UPDATED)
            self->n_updated++;
          else
            self->n_unchanged++;
        }

      if (row_error != NULL)
        {
          add_problem (self, aud_csv_reader_get_line (reader), row_error);
          self->n_skipped++;
          /* Enough to fix the file; reading a million more rows would only repeat the point. */
          if (self->policy == AUD_CSV_BAD_ROWS_CANCEL && self->n_skipped >= MAX_PROBLEMS)
            break;
        }

      if (++rows % PROGRESS_EVERY_ROWS == 0)
        publish_progress (self, reader, rows, bytes_total, started);
    }

  publish_progress (self, reader, rows, bytes_total, started);
  return TRUE;
}

static gboolean
run_in_transaction (AudCsvImport  *self,
                    AudStore      *store,
                    AudCsvReader  *reader,
                    int            id_index,
                    guint64        bytes_total,
                    GCancellable  *cancellable,
                    GError       **error)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autofree char *modstamp = g_date_time_format_iso8601 (now);
  g_autofree char *settings = NULL;

  self->source_id = aud_csv_source_ensure (store, self->object, self->source_name, error);
  if (self->source_id < 0 ||
      (self->audience_id >= 0 &&
       !aud_csv_source_link_audience (store, self->source_id, self->audience_id, error)) ||
      !aud_csv_source_begin_import (store, error) ||
      !import_rows (self, store, reader, id_index, modstamp, bytes_total, cancellable, error))
    return FALSE;

  if (self->n_skipped > 0 && self->policy == AUD_CSV_BAD_ROWS_CANCEL)
    {
      const AudCsvProblem *first = g_ptr_array_index (self->problems, 0);

      g_set_error (error, AUD_CSV_ERROR, AUD_CSV_ERROR_BAD_ROWS,
                   g_dngettext (GETTEXT_PACKAGE,
                                "%llu row has a problem, so nothing was imported: %s "
                                "Fix the file, or import again skipping bad rows.",
                                "%llu rows have problems, so nothing was imported. The first: %s "
                                "Fix the file, or import again skipping bad rows.",
                                self->n_skipped),
                   (unsigned long long) self->n_skipped, first->message);
      return FALSE;
    }

  if (self->n_skipped == 0)
    {
      gint64 removed = aud_csv_source_remove_unseen (store, self->source_id, modstamp, error);

      if (removed < 0)
        return FALSE;
      self->n_removed = (guint64) removed;
    }

  settings = build_settings (self, reader);
  return aud_csv_source_set_settings (store, self->source_id, settings, error);
}

gboolean
aud_csv_import_run (AudCsvImport  *self,
                    AudStore      *store,
                    GCancellable  *cancellable,
                    GError       **error)
{
  g_autoptr(GFileInputStream) stream = NULL;
  g_autoptr(AudCsvReader) reader = NULL;
  guint64 bytes_total = 0;
  int id_index = -1;
  gboolean ok;

  g_return_val_if_fail (AUD_IS_CSV_IMPORT (self), FALSE);
  g_return_val_if_fail (AUD_IS_STORE (store), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  reset_results (self);

  stream = open_file (self, &bytes_total, cancellable, error);
  if (stream == NULL)
    return FALSE;

  reader = aud_csv_reader_new (G_INPUT_STREAM (stream));
  aud_csv_reader_set_encoding (reader, self->encoding);
  aud_csv_reader_set_delimiter (reader, self->delimiter);
  aud_csv_reader_set_header_mode (reader, self->header_mode);

  if (!aud_csv_reader_open (reader, cancellable, error))
    return FALSE;

  self->encoding_used = aud_csv_reader_get_encoding (reader);
  self->encoding_guessed = aud_csv_reader_get_encoding_guessed (reader);

  if (!aud_csv_map_resolve (self->map, self->id_column, reader, &id_index, error))
    return FALSE;

  if (!aud_store_begin (store, error))
    return FALSE;

  ok = run_in_transaction (self, store, reader, id_index, bytes_total, cancellable, error) &&
       aud_store_commit (store, error);
  if (!ok)
    {
      aud_store_rollback (store);
      self->source_id = -1;
      self->n_created = self->n_updated = self->n_unchanged = self->n_removed = 0;
    }
  aud_csv_source_end_import (store);

  return ok;
}

static void
run_thread (GTask        *task,
            gpointer      source_object,
            gpointer      task_data,
            GCancellable *cancellable)
{
  AudCsvImport *self = source_object;
  const char *path = task_data;
  g_autoptr(AudStore) store = NULL;
  GError *error = NULL;

  /* Its own connection: a sqlite handle belongs to the thread that opened it. */
  store = aud_store_open (path, &error);
  if (store == NULL || !aud_csv_import_run (self, store, cancellable, &error))
    g_task_return_error (task, error);
  else
    g_task_return_boolean (task, TRUE);
}

void
aud_csv_import_run_async (AudCsvImport        *self,
                          const char          *workspace_path,
                          GCancellable        *cancellable,
                          GAsyncReadyCallback  callback,
                          gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (AUD_IS_CSV_IMPORT (self));
  g_return_if_fail (workspace_path != NULL);

  g_mutex_lock (&self->mutex);
  g_clear_pointer (&self->progress_context, g_main_context_unref);
  self->progress_context = g_main_context_ref_thread_default ();
  g_mutex_unlock (&self->mutex);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, aud_csv_import_run_async);
  g_task_set_task_data (task, g_strdup (workspace_path), g_free);
  g_task_run_in_thread (task, run_thread);
}

gboolean
aud_csv_import_run_finish (AudCsvImport  *self,
                           GAsyncResult  *result,
                           GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == aud_csv_import_run_async, FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

void
aud_csv_import_get_progress (AudCsvImport         *self,
                             AudCsvImportProgress *progress)
{
  g_return_if_fail (AUD_IS_CSV_IMPORT (self));
  g_return_if_fail (progress != NULL);

  g_mutex_lock (&self->mutex);
  *progress = self->progress;
  g_mutex_unlock (&self->mutex);
}

gint64
aud_csv_import_get_source_id (AudCsvImport *self)
{
  g_return_val_if_fail (AUD_IS_CSV_IMPORT (self), -1);
  return self->source_id;
}

guint64
aud_csv_import_get_n_created (AudCsvImport *self)
{
  g_return_val_if_fail (AUD_IS_CSV_IMPORT (self), 0);
  return self->n_created;
}

guint64
aud_csv_import_get_n_updated (AudCsvImport *self)
{
  g_return_val_if_fail (AUD_IS_CSV_IMPORT (self), 0);
  return self->n_updated;
}

guint64
aud_csv_import_get_n_unchanged (AudCsvImport *self)
{
  g_return_val_if_fail (AUD_IS_CSV_IMPORT (self), 0);
  return self->n_unchanged;
}

guint64
aud_csv_import_get_n_removed (AudCsvImport *self)
{
  g_return_val_if_fail (AUD_IS_CSV_IMPORT (self), 0);
  return self->n_removed;
}

guint64
aud_csv_import_get_n_skipped (AudCsvImport *self)
{
  g_return_val_if_fail (AUD_IS_CSV_IMPORT (self), 0);
  return self->n_skipped;
}

GPtrArray *
aud_csv_import_get_problems (AudCsvImport *self)
{
  g_return_val_if_fail (AUD_IS_CSV_IMPORT (self), NULL);
  return self->problems;
}

AudCsvEncoding
aud_csv_import_get_encoding (AudCsvImport *self)
{
  g_return_val_if_fail (AUD_IS_CSV_IMPORT (self), AUD_CSV_ENCODING_AUTO);
  return self->encoding_used;
}

gboolean
aud_csv_import_get_encoding_guessed (AudCsvImport *self)
{
  g_return_val_if_fail (AUD_IS_CSV_IMPORT (self), FALSE);
  return self->encoding_guessed;
}

static void
aud_csv_import_finalize (GObject *object)
{
  AudCsvImport *self = (AudCsvImport *)object;

  if (self->progress_destroy != NULL)
    self->progress_destroy (self->progress_data);
  g_clear_object (&self->file);
  g_clear_pointer (&self->object, g_free);
  g_clear_pointer (&self->source_name, g_free);
  g_clear_pointer (&self->map, g_array_unref);
  g_clear_pointer (&self->id_column, g_free);
  g_clear_pointer (&self->problems, g_ptr_array_unref);
  g_clear_pointer (&self->progress_context, g_main_context_unref);
  g_mutex_clear (&self->mutex);

  G_OBJECT_CLASS (aud_csv_import_parent_class)->finalize (object);
}

static void
aud_csv_import_class_init (AudCsvImportClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = aud_csv_import_finalize;
}

static void
aud_csv_import_init (AudCsvImport *self)
{
  g_mutex_init (&self->mutex);
  self->map = aud_csv_map_new ();
  self->problems = g_ptr_array_new_with_free_func (problem_free);
  self->header_mode = AUD_CSV_HEADER_YES;
  self->source_id = -1;
  self->audience_id = -1;
  self->progress.eta_seconds = -1;
}
