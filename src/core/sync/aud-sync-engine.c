/* aud-sync-engine.c — the long-lived sync worker thread and its main-thread face
 *
 * Threads. The engine object lives on the thread that created it (the main thread in the app);
 * its signals and properties are only ever touched there. The worker thread owns its own
 * AudStore (SQLite connection) and AudSalesforceClient (SoupSession). Commands go in through an
 * async queue; progress comes out through a snapshot under a mutex and at most one pending idle
 * callback, so a fast sync cannot flood the main loop.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "aud-sync-engine.h"
#ifdef AUD_HAVE_ODBC
#include "aud-warehouse-job.h"
#include "aud-warehouse-source.h"
#endif

typedef enum
{
  COMMAND_SYNC,
  COMMAND_QUIT,
} CommandKind;

typedef struct
{
  CommandKind     kind;
  GStrv           objects;
  AudSyncOptions  options;
  GCancellable   *cancellable;
} Command;

struct _AudSyncEngine
{
  GObject               parent_instance;

  char                 *workspace_path;
  AudSyncClientFactory  factory;
  gpointer              factory_data;
  GDestroyNotify        factory_data_free;

  GThread              *worker;
  GAsyncQueue          *commands;
  GMainContext         *main_context;

  /* main thread only */
  gboolean              running;
  GCancellable         *cancellable;
  AudSyncProgress       progress;
  GPtrArray            *results;
  GError               *error;

  /* shared with the worker, under lock */
  GMutex                lock;
  AudSyncProgress       pending;
  gboolean              progress_queued;
};

G_DEFINE_FINAL_TYPE (AudSyncEngine, aud_sync_engine, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_RUNNING,
  N_PROPS
};

enum {
  PROGRESS,
  FINISHED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

static void
command_free (Command *command)
{
  g_strfreev (command->objects);
  g_clear_object (&command->cancellable);
  g_free (command);
}

/* ---- main thread ---------------------------------------------------------------------- */

static gboolean
deliver_progress (gpointer data)
{
  AudSyncEngine *self = data;

  g_mutex_lock (&self->lock);
  aud_sync_progress_copy (&self->progress, &self->pending);
  self->progress_queued = FALSE;
  g_mutex_unlock (&self->lock);

  g_signal_emit (self, signals[PROGRESS], 0);
  return G_SOURCE_REMOVE;
}

typedef struct
{
  AudSyncEngine *self;
  GPtrArray     *results;
  GError        *error;
} Finished;

static gboolean
deliver_finished (gpointer data)
{
  Finished *finished = data;
  AudSyncEngine *self = finished->self;

  g_clear_pointer (&self->results, g_ptr_array_unref);
  g_clear_error (&self->error);
  self->results = g_steal_pointer (&finished->results);
  self->error = g_steal_pointer (&finished->error);
  g_clear_object (&self->cancellable);
  self->running = FALSE;

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_RUNNING]);
  g_signal_emit (self, signals[FINISHED], 0);

  g_object_unref (self);
  g_free (finished);
  return G_SOURCE_REMOVE;
}

/* ---- worker thread -------------------------------------------------------------------- */

static void
worker_progress_cb (const AudSyncProgress *progress,
                    gpointer               user_data)
{
  AudSyncEngine *self = user_data;
  gboolean queue;

  g_mutex_lock (&self->lock);
  aud_sync_progress_copy (&self->pending, progress);
  queue = !self->progress_queued;
  self->progress_queued = TRUE;
  g_mutex_unlock (&self->lock);

  if (queue)
    g_main_context_invoke_full (self->main_context, G_PRIORITY_DEFAULT_IDLE,
                                deliver_progress, g_object_ref (self), g_object_unref);
}

/* The warehouse sources audiences use run after the Salesforce objects, on the same worker. */
static GArray *
list_warehouse_sources (AudStore  *store,
                        GError   **error)
{
#ifdef AUD_HAVE_ODBC
  return aud_warehouse_source_list_synced (store, error);
#else
  return g_array_new (FALSE, FALSE, sizeof (gint64));
#endif
}

static gboolean
run_warehouse_sources (AudSyncEngine  *self,
                       Command        *command,
                       AudStore       *store,
                       GArray         *sources,
                       Finished       *finished)
{
#ifdef AUD_HAVE_ODBC
  for (guint i = 0; i < sources->len; i++)
    {
      GError *error = NULL;
      AudSyncResult *result;

      if (g_cancellable_is_cancelled (command->cancellable))
        break;

      result = aud_warehouse_job_run (store, g_array_index (sources, gint64, i), &command->options,
                                      worker_progress_cb, self, command->cancellable, &error);
      if (result == NULL)
        {
          finished->error = error;
          return FALSE;
        }
      g_ptr_array_add (finished->results, result);
    }
#endif
  return TRUE;
}

static void
run_command (AudSyncEngine  *self,
             Command        *command,
             AudStore      **store,
             Finished       *finished)
{
  g_autoptr(AudSalesforceClient) client = NULL;
  g_autoptr(GArray) warehouse = NULL;
  g_auto(GStrv) objects = NULL;
  GError *error = NULL;

  finished->results = g_ptr_array_new_with_free_func ((GDestroyNotify) aud_sync_result_free);

  /* Opened once and kept: the worker's own connection to the workspace. */
  if (*store == NULL && (*store = aud_store_open (self->workspace_path, &error)) == NULL)
    {
      finished->error = error;
      return;
    }

  if (command->objects != NULL)
    {
      objects = g_strdupv (command->objects);
      warehouse = g_array_new (FALSE, FALSE, sizeof (gint64));
    }
  else if ((objects = aud_sync_store_synced_objects (*store, &error)) == NULL ||
           (warehouse = list_warehouse_sources (*store, &error)) == NULL)
    {
      finished->error = error;
      return;
    }

  if (objects[0] == NULL && warehouse->len == 0)
    {
      g_set_error (&finished->error, AUD_SYNC_ERROR, AUD_SYNC_ERROR_NOTHING_TO_SYNC,
                   _("No audience exists yet. Create an audience and map its fields, then sync."));
      return;
    }

  if (objects[0] != NULL)
    {
      client = self->factory (self->factory_data, &error);
      /* Not connected to Salesforce: the warehouse sources still sync; say why Salesforce did not. */
      if (client == NULL && warehouse->len == 0)
        {
          finished->error = error;
          return;
        }
      if (client == NULL)
        {
          g_debug ("Salesforce skipped: %s", error->message);
          g_clear_error (&error);
        }
    }

  for (guint i = 0; client != NULL && objects[i] != NULL; i++)
    {
      AudSyncResult *result;

      result = aud_sync_job_run (*store, client, objects[i], &command->options,
                                 worker_progress_cb, self, command->cancellable, &error);
      if (result == NULL)
        {
          finished->error = error;
          return;
        }
      g_ptr_array_add (finished->results, result);

      /* A paused or disconnected org stops its other objects too: they would fail the same
       * way. The warehouse is another system and still runs. */
      if (result->outcome != AUD_SYNC_OUTCOME_SUCCEEDED)
        break;
    }

  run_warehouse_sources (self, command, *store, warehouse, finished);
}

static gpointer
worker_main (gpointer data)
{
  AudSyncEngine *self = data;
  g_autoptr(AudStore) store = NULL;
  g_autoptr(GMainContext) context = g_main_context_new ();

  /* libsoup's sync calls iterate a thread-default context: give the worker its own. */
  g_main_context_push_thread_default (context);

  for (;;)
    {
      Command *command = g_async_queue_pop (self->commands);
      Finished *finished;

      if (command->kind == COMMAND_QUIT)
        {
          command_free (command);
          break;
        }

      finished = g_new0 (Finished, 1);
      finished->self = g_object_ref (self);
      run_command (self, command, &store, finished);
      command_free (command);

      g_main_context_invoke (self->main_context, deliver_finished, finished);
    }

  g_main_context_pop_thread_default (context);
  return NULL;
}

/* ---- public --------------------------------------------------------------------------- */

AudSyncEngine *
aud_sync_engine_new (const char           *workspace_path,
                     AudSyncClientFactory  factory,
                     gpointer              factory_data,
                     GDestroyNotify        factory_data_free)
{
  AudSyncEngine *self;

  g_return_val_if_fail (workspace_path != NULL, NULL);
  g_return_val_if_fail (factory != NULL, NULL);

  self = g_object_new (AUD_TYPE_SYNC_ENGINE, NULL);
  self->workspace_path = g_strdup (workspace_path);
  self->factory = factory;
  self->factory_data = factory_data;
  self->factory_data_free = factory_data_free;
  self->worker = g_thread_new ("aud-sync-worker", worker_main, self);
  return self;
}

gboolean
aud_sync_engine_start (AudSyncEngine         *self,
                       const char * const    *objects,
                       const AudSyncOptions  *options)
{
  Command *command;

  g_return_val_if_fail (AUD_IS_SYNC_ENGINE (self), FALSE);

  if (self->running)
    return FALSE;

  command = g_new0 (Command, 1);
  command->kind = COMMAND_SYNC;
  command->objects = objects != NULL ? g_strdupv ((GStrv) objects) : NULL;
  if (options != NULL)
    command->options = *options;
  else
    aud_sync_options_init (&command->options);

  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();
  command->cancellable = g_object_ref (self->cancellable);

  aud_sync_progress_clear (&self->progress);
  memset (&self->progress, 0, sizeof self->progress);
  self->progress.expected = -1;
  self->progress.api_used = -1;
  self->progress.api_max = -1;

  self->running = TRUE;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_RUNNING]);

  g_async_queue_push (self->commands, command);
  return TRUE;
}

void
aud_sync_engine_cancel (AudSyncEngine *self)
{
  g_return_if_fail (AUD_IS_SYNC_ENGINE (self));

  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
}

gboolean
aud_sync_engine_get_running (AudSyncEngine *self)
{
  g_return_val_if_fail (AUD_IS_SYNC_ENGINE (self), FALSE);

  return self->running;
}

void
aud_sync_engine_get_progress (AudSyncEngine   *self,
                              AudSyncProgress *progress)
{
  g_return_if_fail (AUD_IS_SYNC_ENGINE (self));

  aud_sync_progress_copy (progress, &self->progress);
}

GPtrArray *
aud_sync_engine_get_results (AudSyncEngine *self)
{
  g_return_val_if_fail (AUD_IS_SYNC_ENGINE (self), NULL);

  return self->results;
}

const GError *
aud_sync_engine_get_error (AudSyncEngine *self)
{
  g_return_val_if_fail (AUD_IS_SYNC_ENGINE (self), NULL);

  return self->error;
}

static void
aud_sync_engine_dispose (GObject *object)
{
  AudSyncEngine *self = AUD_SYNC_ENGINE (object);

  if (self->worker != NULL)
    {
      Command *quit = g_new0 (Command, 1);

      /* Cancel what runs, then wait: the current batch finishes or rolls back, never half. */
      if (self->cancellable != NULL)
        g_cancellable_cancel (self->cancellable);
      quit->kind = COMMAND_QUIT;
      g_async_queue_push (self->commands, quit);
      g_thread_join (g_steal_pointer (&self->worker));
    }

  G_OBJECT_CLASS (aud_sync_engine_parent_class)->dispose (object);
}

static void
aud_sync_engine_finalize (GObject *object)
{
  AudSyncEngine *self = AUD_SYNC_ENGINE (object);

  if (self->factory_data_free != NULL)
    self->factory_data_free (self->factory_data);
  g_clear_pointer (&self->commands, g_async_queue_unref);
  g_clear_pointer (&self->main_context, g_main_context_unref);
  g_clear_pointer (&self->results, g_ptr_array_unref);
  g_clear_object (&self->cancellable);
  g_clear_error (&self->error);
  aud_sync_progress_clear (&self->progress);
  aud_sync_progress_clear (&self->pending);
  g_mutex_clear (&self->lock);
  g_free (self->workspace_path);

  G_OBJECT_CLASS (aud_sync_engine_parent_class)->finalize (object);
}

static void
aud_sync_engine_get_property (GObject    *object,
                              guint       prop_id,
                              GValue     *value,
                              GParamSpec *pspec)
{
  AudSyncEngine *self = AUD_SYNC_ENGINE (object);

  switch (prop_id)
    {
    case PROP_RUNNING:
      g_value_set_boolean (value, self->running);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
aud_sync_engine_class_init (AudSyncEngineClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = aud_sync_engine_dispose;
  object_class->finalize = aud_sync_engine_finalize;
  object_class->get_property = aud_sync_engine_get_property;

  properties[PROP_RUNNING] =
    g_param_spec_boolean ("running", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  signals[PROGRESS] = g_signal_new ("progress", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                    0, NULL, NULL, NULL, G_TYPE_NONE, 0);
  signals[FINISHED] = g_signal_new ("finished", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                    0, NULL, NULL, NULL, G_TYPE_NONE, 0);
}

static void
aud_sync_engine_init (AudSyncEngine *self)
{
  g_mutex_init (&self->lock);
  self->commands = g_async_queue_new ();
  self->main_context = g_main_context_ref_thread_default ();
  self->progress.expected = -1;
  self->progress.api_used = -1;
  self->progress.api_max = -1;
}
