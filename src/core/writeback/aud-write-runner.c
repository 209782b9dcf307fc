/* aud-write-runner.c — a write-back run on a worker thread, with progress on the main thread
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "aud-write-audit.h"
#include "aud-write-runner.h"

typedef struct
{
  char                 *workspace_path;
  AudSyncClientFactory  factory;
  gpointer              factory_data;
  gint64                audience_id;
  char                 *object;
  GPtrArray            *changes;
  gint64                undo_of;
  gboolean              refresh_first;
  AudWriteOptions       options;
  AudWriteProgressFunc  progress_func;
  gpointer              progress_data;
  GMainContext         *context;

  GMutex                lock;
  AudWriteCounts        latest;
  gboolean              pending;    /* a progress callback is scheduled and has not run yet */
} Run;

static void
run_free (Run *run)
{
  g_free (run->workspace_path);
  g_free (run->object);
  g_ptr_array_unref (run->changes);
  g_main_context_unref (run->context);
  g_mutex_clear (&run->lock);
  g_free (run);
}

static gboolean
deliver_progress_cb (gpointer data)
{
  GTask *task = data;
  Run *run = g_task_get_task_data (task);
  AudWriteCounts counts;

  g_mutex_lock (&run->lock);
  counts = run->latest;
  run->pending = FALSE;
  g_mutex_unlock (&run->lock);

  run->progress_func (&counts, run->progress_data);
  return G_SOURCE_REMOVE;
}

/* Worker thread. */
static void
worker_progress (const AudWriteCounts *counts,
                 gpointer              data)
{
  GTask *task = data;
  Run *run = g_task_get_task_data (task);
  gboolean schedule;

  if (run->progress_func == NULL)
    return;

  g_mutex_lock (&run->lock);
  run->latest = *counts;
  schedule = !run->pending;
  run->pending = TRUE;
  g_mutex_unlock (&run->lock);

  if (schedule)
    {
      g_autoptr(GSource) idle = g_idle_source_new ();

      g_source_set_callback (idle, deliver_progress_cb, g_object_ref (task), g_object_unref);
      g_source_attach (idle, run->context);
    }
}

gboolean
aud_write_runner_refresh (AudStore             *store,
                          AudSalesforceClient  *client,
                          const char           *object,
                          GCancellable         *cancellable,
                          GError              **error)
{
  g_autoptr(AudSyncResult) sync = NULL;
  AudSyncOptions options;

  aud_sync_options_init (&options);
  sync = aud_sync_job_run (store, client, object, &options, NULL, NULL, cancellable, error);
  if (sync == NULL)
    return FALSE;
  if (sync->outcome != AUD_SYNC_OUTCOME_SUCCEEDED)
    {
      g_set_error (error, AUD_WRITE_ERROR, AUD_WRITE_ERROR_FAILED,
                   _("Could not refresh from Salesforce before writing, so nothing was written: %s"),
                   sync->message ? sync->message : aud_sync_outcome_to_string (sync->outcome));
      return FALSE;
    }
  return TRUE;
}

static void
apply_thread (GTask        *task,
              gpointer      source_object,
              gpointer      task_data,
              GCancellable *cancellable)
{
  Run *run = task_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(AudStore) store = NULL;
  g_autoptr(AudSalesforceClient) client = NULL;
  AudWriteResult *result;

  store = aud_store_open (run->workspace_path, &error);
  if (store == NULL || !aud_write_audit_close_interrupted (store, &error)
      || (client = run->factory (run->factory_data, &error)) == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  if (run->refresh_first && !aud_write_runner_refresh (store, client, run->object, cancellable, &error))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  result = aud_write_apply_run (store, client, run->audience_id, run->object, run->changes, run->undo_of,
                                &run->options, worker_progress, task, cancellable, &error);
  if (result == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  /* So the next preview starts from what Salesforce now holds, not from before the run. A
   * failure here costs only freshness: the next sync catches up. */
  if (result->counts.written > 0 && !aud_write_runner_refresh (store, client, run->object, NULL, &error))
    g_debug ("Refresh after the write-back run failed: %s", error->message);
  g_task_return_pointer (task, result, (GDestroyNotify) aud_write_result_free);
}

void
aud_write_runner_apply_async (const char            *workspace_path,
                              AudSyncClientFactory   factory,
                              gpointer               factory_data,
                              gint64                 audience_id,
                              const char            *object,
                              GPtrArray             *changes,
                              gint64                 undo_of,
                              gboolean               refresh_first,
                              const AudWriteOptions *options,
                              AudWriteProgressFunc   progress_func,
                              gpointer               progress_data,
                              GCancellable          *cancellable,
                              GAsyncReadyCallback    callback,
                              gpointer               user_data)
{
  g_autoptr(GTask) task = NULL;
  Run *run;

  g_return_if_fail (workspace_path != NULL);
  g_return_if_fail (factory != NULL);
  g_return_if_fail (object != NULL);
  g_return_if_fail (changes != NULL);

  run = g_new0 (Run, 1);
  run->workspace_path = g_strdup (workspace_path);
  run->factory = factory;
  run->factory_data = factory_data;
  run->audience_id = audience_id;
  run->object = g_strdup (object);
  run->changes = g_ptr_array_new_full (changes->len, (GDestroyNotify) aud_write_change_free);
  for (guint i = 0; i < changes->len; i++)
    {
      AudWriteChange *c = changes->pdata[i];

      g_ptr_array_add (run->changes, aud_write_change_new (c->record_id, c->field, c->kind, c->expected, c->value));
    }
  run->undo_of = undo_of;
  run->refresh_first = refresh_first;
  if (options != NULL)
    run->options = *options;
  else
    aud_write_options_init (&run->options);
  run->progress_func = progress_func;
  run->progress_data = progress_data;
  run->context = g_main_context_ref_thread_default ();
  g_mutex_init (&run->lock);

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, aud_write_runner_apply_async);
  g_task_set_task_data (task, run, (GDestroyNotify) run_free);
  /* The run records its own cancelled outcome; the result must still come back. */
  g_task_set_return_on_cancel (task, FALSE);
  g_task_set_check_cancellable (task, FALSE);
  g_task_run_in_thread (task, apply_thread);
}

AudWriteResult *
aud_write_runner_apply_finish (GAsyncResult  *result,
                               GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}
