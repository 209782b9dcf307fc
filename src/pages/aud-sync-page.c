/* aud-sync-page.c — the Sync page: state, progress, sources, history
 *
 * The page only displays: the engine does the work on its worker thread and hands coalesced
 * progress to the main thread; the history and source counts are read by a GTask thread with
 * its own connection, so a million-record workspace never stalls the UI.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "aud-audience.h"
#include "aud-segment.h"
#include "aud-segment-fields.h"
#include "aud-segment-query.h"
#include "aud-sync-chart.h"
#include "aud-sync-page.h"
#include "aud-sync-run-item.h"

#define HISTORY_LIMIT 50
#define CHART_RUNS 20

struct _AudSyncPage
{
  AdwBin          parent_instance;

  AudStore       *store;
  AudSyncEngine  *engine;
  GListStore     *history;
  GCancellable   *refresh_cancellable;
  gint64          audiences;
  gint64          last_refresh_us;   /* sources are re-read at most every few seconds mid-run */
  AudSyncOutcome  last_outcome;
  char           *last_message;
  char           *last_finished_at;
  GtkLabel       *detail_values[6];

  /* template children */
  GtkButton          *cancel_button;
  AudSyncChart       *chart;
  AdwStatusPage      *empty_status;
  GtkButton          *full_button;
  AdwPreferencesGroup *history_group;
  GtkColumnView      *history_view;
  GtkProgressBar     *progress_bar;
  AdwPreferencesGroup *progress_group;
  GtkGrid            *progress_grid;
  AdwPreferencesGroup *segments_group;
  GtkListBox         *segments_list;
  GtkListBox         *sources_list;
  GtkStack           *stack;
  GtkButton          *start_button;
  GtkImage           *state_icon;
  GtkLabel           *state_detail;
  GtkLabel           *state_label;
};

G_DEFINE_FINAL_TYPE (AudSyncPage, aud_sync_page, ADW_TYPE_BIN)

enum { DETAIL_RECORDS, DETAIL_BATCHES, DETAIL_RATE, DETAIL_ETA, DETAIL_CALLS, DETAIL_USAGE };

typedef struct
{
  char   *audience;
  char   *segment;
  gint64  count;      /* -1 when it cannot be counted */
  char   *problem;    /* why not, for people */
} SegmentSize;

static void
segment_size_free (SegmentSize *size)
{
  g_free (size->audience);
  g_free (size->segment);
  g_free (size->problem);
  g_free (size);
}

typedef struct
{
  GPtrArray *sources;   /* AudSyncSourceInfo */
  GPtrArray *runs;      /* AudSyncRunInfo */
  GPtrArray *segments;  /* SegmentSize */
  gint64     audiences;
} Snapshot;

static void
snapshot_free (Snapshot *snapshot)
{
  g_clear_pointer (&snapshot->sources, g_ptr_array_unref);
  g_clear_pointer (&snapshot->runs, g_ptr_array_unref);
  g_clear_pointer (&snapshot->segments, g_ptr_array_unref);
  g_free (snapshot);
}

/* The size of every saved segment, on the snapshot thread with its own store. A segment whose
 * field was unmapped says so instead of showing 0. */
static GPtrArray *
count_segments (AudStore     *store,
                GCancellable *cancellable)
{
  g_autoptr(GPtrArray) sizes = g_ptr_array_new_with_free_func ((GDestroyNotify) segment_size_free);
  g_autoptr(GPtrArray) audiences = aud_audience_list (store, NULL);

  for (guint i = 0; audiences != NULL && i < audiences->len; i++)
    {
      AudAudience *audience = g_ptr_array_index (audiences, i);
      g_autoptr(GPtrArray) segments = aud_segment_list (audience, NULL);
      g_autoptr(AudSegmentFields) fields = NULL;

      if (segments == NULL || segments->len == 0)
        continue;
      fields = aud_segment_fields_load (audience, NULL);

      for (guint j = 0; j < segments->len; j++)
        {
          AudSegment *segment = g_ptr_array_index (segments, j);
          g_autoptr(AudSegmentQuery) query = NULL;
          g_autoptr(GError) error = NULL;
          SegmentSize *size = g_new0 (SegmentSize, 1);

          size->audience = g_strdup (aud_audience_get_name (audience));
          size->segment = g_strdup (aud_segment_get_name (segment));
          size->count = -1;
          if (fields != NULL)
            query = aud_segment_query_new (audience, fields, aud_segment_get_root (segment), &error);
          if (query != NULL)
            aud_segment_query_count (query, store, NULL, &size->count, cancellable, &error);
          if (error != NULL)
            {
              size->count = -1;
              size->problem = g_strdup (error->message);
            }
          g_ptr_array_add (sizes, size);
        }
    }

  return g_steal_pointer (&sizes);
}

static char *
format_count (gint64 n)
{
  return g_strdup_printf ("%'lld", (long long) n);
}

static void
update_state (AudSyncPage *self)
{
  gboolean running = self->engine != NULL && aud_sync_engine_get_running (self->engine);
  const char *icon = "emblem-ok-symbolic";
  g_autofree char *title = NULL;
  g_autofree char *detail = NULL;

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "sync.start", self->engine != NULL && !running);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "sync.full", self->engine != NULL && !running);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "sync.cancel", running);
  gtk_widget_set_visible (GTK_WIDGET (self->cancel_button), running);
  {
    gboolean has_history = self->history != NULL && g_list_model_get_n_items (G_LIST_MODEL (self->history)) > 0;

    gtk_widget_set_visible (GTK_WIDGET (self->progress_group), running || has_history);
    gtk_widget_set_visible (GTK_WIDGET (self->history_group), has_history);
    adw_preferences_group_set_title (self->progress_group, running ? _("This Run") : _("Last Run"));
  }

  if (self->engine == NULL)
    {
      title = g_strdup (_("Not Connected"));
      detail = g_strdup (_("Connect Salesforce on the Connection page to sync."));
      icon = "network-offline-symbolic";
    }
  else if (running)
    {
      title = g_strdup (_("Syncing…"));
      detail = g_strdup (_("You can keep working; the sync runs in the background."));
      icon = "emblem-synchronizing-symbolic";
    }
  else
    {
      switch (self->last_outcome)
        {
        case AUD_SYNC_OUTCOME_PAUSED_API_LIMIT:
          title = g_strdup (_("Paused: API Limit"));
          icon = "dialog-warning-symbolic";
          break;
        case AUD_SYNC_OUTCOME_NEEDS_RECONNECT:
          title = g_strdup (_("Needs Reconnect"));
          icon = "dialog-warning-symbolic";
          break;
        case AUD_SYNC_OUTCOME_FAILED:
        case AUD_SYNC_OUTCOME_INTERRUPTED:
          title = g_strdup (_("Last Sync Failed"));
          icon = "dialog-error-symbolic";
          break;
        case AUD_SYNC_OUTCOME_CANCELLED:
          title = g_strdup (_("Last Sync Cancelled"));
          icon = "process-stop-symbolic";
          break;
        case AUD_SYNC_OUTCOME_SUCCEEDED:
          title = g_strdup (_("Up to Date"));
          break;
        case AUD_SYNC_OUTCOME_RUNNING:
        default:
          title = g_strdup (_("Not Synced Yet"));
          detail = g_strdup (_("The first sync imports every record of your audiences."));
          icon = "emblem-synchronizing-symbolic";
          break;
        }
      if (detail == NULL)
        detail = g_strdup (self->last_message != NULL && *self->last_message != '\0'
                           ? self->last_message
                           : self->last_finished_at != NULL ? self->last_finished_at : "");
    }

  gtk_label_set_label (self->state_label, title);
  gtk_label_set_label (self->state_detail, detail);
  gtk_image_set_from_icon_name (self->state_icon, icon);
}

static void
update_progress (AudSyncPage *self)
{
  AudSyncProgress p = { 0 };
  g_autofree char *records = NULL;
  g_autofree char *text = NULL;
  double elapsed, rate = 0;
  gint64 done;

  if (self->engine == NULL)
    return;

  aud_sync_engine_get_progress (self->engine, &p);
  done = p.counts.fetched;
  elapsed = (g_get_monotonic_time () - p.started_us) / (double) G_USEC_PER_SEC;
  if (p.started_us > 0 && elapsed > 0.2)
    rate = done / elapsed;

  if (p.expected > 0)
    {
      g_autofree char *d = format_count (done);
      g_autofree char *e = format_count (p.expected);

      gtk_progress_bar_set_fraction (self->progress_bar, MIN (1.0, (double) done / p.expected));
      records = g_strdup_printf (_("%s of %s records"), d, e);
    }
  else
    {
      g_autofree char *d = format_count (done);

      gtk_progress_bar_set_fraction (self->progress_bar, aud_sync_engine_get_running (self->engine) ? 0 : 1);
      records = g_strdup_printf (_("%s records"), d);
    }
  text = p.object != NULL ? g_strdup_printf ("%s — %s", p.object, records) : g_strdup (records);
  gtk_progress_bar_set_text (self->progress_bar, text);

  gtk_label_set_label (self->detail_values[DETAIL_RECORDS], records);
  {
    g_autofree char *batches = format_count (p.counts.batches);
    gtk_label_set_label (self->detail_values[DETAIL_BATCHES], batches);
  }
  {
    g_autofree char *r = rate > 0 ? g_strdup_printf (_("%'.0f records/s"), rate) : g_strdup ("—");
    gtk_label_set_label (self->detail_values[DETAIL_RATE], r);
  }
  {
    g_autofree char *eta = NULL;

    if (rate > 0 && p.expected > done && aud_sync_engine_get_running (self->engine))
      {
        gint64 secs = (gint64) ((p.expected - done) / rate);
        eta = secs < 60 ? g_strdup_printf (_("%lld s"), (long long) secs)
                        : g_strdup_printf (_("%lld min"), (long long) (secs / 60 + 1));
      }
    gtk_label_set_label (self->detail_values[DETAIL_ETA], eta != NULL ? eta : "—");
  }
  {
    g_autofree char *calls = p.forecast_calls > 0
      ? g_strdup_printf (_("%lld (forecast %lld)"), (long long) p.counts.api_calls, (long long) p.forecast_calls)
      : g_strdup_printf ("%lld", (long long) p.counts.api_calls);
    gtk_label_set_label (self->detail_values[DETAIL_CALLS], calls);
  }
  {
    g_autofree char *used = format_count (p.api_used);
    g_autofree char *max = format_count (p.api_max);
    g_autofree char *usage = p.api_max > 0
      ? g_strdup_printf (_("%s of %s daily calls (%.0f%%)"), used, max, 100.0 * p.api_used / p.api_max)
      : g_strdup (_("Unknown until the first call"));
    gtk_label_set_label (self->detail_values[DETAIL_USAGE], usage);
  }

  aud_sync_progress_clear (&p);
}

static GtkWidget *
source_row_new (const AudSyncSourceInfo *info)
{
  GtkWidget *row = adw_action_row_new ();
  g_autofree char *title = NULL;
  g_autofree char *subtitle = NULL;
  g_autofree char *records = format_count (info->records);

  if (g_str_equal (info->kind, "salesforce"))
    title = g_strdup_printf (_("Salesforce %s"), info->object);
  else
    title = g_strdup_printf ("%s (%s)", info->name, info->kind);

  if (info->last_sync_at != NULL)
    {
      g_autoptr(GDateTime) at = g_date_time_new_from_iso8601 (info->last_sync_at, NULL);
      g_autoptr(GDateTime) local = at != NULL ? g_date_time_to_local (at) : NULL;
      g_autofree char *when = local != NULL ? g_date_time_format (local, "%e %b %Y %H:%M") : g_strdup (info->last_sync_at);

      subtitle = g_strdup_printf (_("%s records · last successful sync %s"), records, when);
    }
  else
    subtitle = g_strdup_printf (_("%s records · never synced completely"), records);

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  adw_action_row_add_prefix (ADW_ACTION_ROW (row),
                             gtk_image_new_from_icon_name (g_str_equal (info->kind, "salesforce")
                                                           ? "network-server-symbolic" : "text-x-generic-symbolic"));
  return row;
}

static void
apply_snapshot (AudSyncPage *self,
                Snapshot    *snapshot)
{
  g_autofree gint64 *records = NULL;
  g_autofree gint64 *calls = NULL;
  g_autofree gboolean *failed = NULL;
  g_autoptr(GHashTable) objects = g_hash_table_new (NULL, NULL);
  g_autoptr(GPtrArray) items = g_ptr_array_new_with_free_func (g_object_unref);
  GtkWidget *child;
  guint n_chart;

  self->audiences = snapshot->audiences;
  gtk_stack_set_visible_child_name (self->stack, snapshot->audiences > 0 || snapshot->runs->len > 0
                                    ? "dashboard" : "empty");

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->sources_list))) != NULL)
    gtk_list_box_remove (self->sources_list, child);
  for (guint i = 0; i < snapshot->sources->len; i++)
    {
      AudSyncSourceInfo *info = g_ptr_array_index (snapshot->sources, i);

      g_hash_table_insert (objects, GINT_TO_POINTER ((int) info->id), info->object);
      gtk_list_box_append (self->sources_list, source_row_new (info));
    }

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->segments_list))) != NULL)
    gtk_list_box_remove (self->segments_list, child);
  for (guint i = 0; snapshot->segments != NULL && i < snapshot->segments->len; i++)
    {
      SegmentSize *size = g_ptr_array_index (snapshot->segments, i);
      GtkWidget *row = adw_action_row_new ();
      GtkWidget *count;
      g_autofree char *value = size->count >= 0 ? format_count (size->count) : g_strdup ("—");

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), size->segment);
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), size->problem != NULL ? size->problem : size->audience);
      count = gtk_label_new (value);
      gtk_widget_add_css_class (count, "numeric");
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), count);
      gtk_list_box_append (self->segments_list, row);
    }
  gtk_widget_set_visible (GTK_WIDGET (self->segments_group),
                          snapshot->segments != NULL && snapshot->segments->len > 0);

  /* Newest first in the table; the chart reads oldest first. */
  n_chart = MIN (snapshot->runs->len, CHART_RUNS);
  records = g_new0 (gint64, MAX (n_chart, 1));
  calls = g_new0 (gint64, MAX (n_chart, 1));
  failed = g_new0 (gboolean, MAX (n_chart, 1));
  for (guint i = 0; i < snapshot->runs->len; i++)
    {
      AudSyncRunInfo *info = g_ptr_array_index (snapshot->runs, i);

      if (i < n_chart)
        {
          records[n_chart - 1 - i] = info->counts.fetched;
          calls[n_chart - 1 - i] = info->counts.api_calls;
          failed[n_chart - 1 - i] = info->outcome != AUD_SYNC_OUTCOME_SUCCEEDED &&
                                    info->outcome != AUD_SYNC_OUTCOME_RUNNING;
        }
      g_ptr_array_add (items, aud_sync_run_item_new (info, g_hash_table_lookup (objects, GINT_TO_POINTER ((int) info->source_id))));
    }
  /* The items own the infos now. */
  g_ptr_array_set_free_func (snapshot->runs, NULL);

  g_list_store_splice (self->history, 0, g_list_model_get_n_items (G_LIST_MODEL (self->history)),
                       items->pdata, items->len);
  aud_sync_chart_set_runs (self->chart, records, calls, failed, n_chart);

  if (snapshot->runs->len > 0)
    {
      AudSyncRunInfo *last = g_ptr_array_index (snapshot->runs, 0);

      self->last_outcome = last->outcome;
      g_free (self->last_message);
      self->last_message = g_strdup (last->message);
      g_free (self->last_finished_at);
      self->last_finished_at = NULL;
      if (last->finished_at != NULL)
        {
          g_autoptr(GDateTime) at = g_date_time_new_from_iso8601 (last->finished_at, NULL);
          g_autoptr(GDateTime) local = at != NULL ? g_date_time_to_local (at) : NULL;
          g_autofree char *when = local != NULL ? g_date_time_format (local, "%e %b %Y %H:%M") : NULL;

          if (when != NULL)
            self->last_finished_at = g_strdup_printf (_("Last run finished %s."), g_strstrip (when));
        }
    }
  else
    self->last_outcome = AUD_SYNC_OUTCOME_RUNNING;   /* never ran */

  update_state (self);
}

static void
load_snapshot_thread (GTask        *task,
                      gpointer      source_object,
                      gpointer      task_data,
                      GCancellable *cancellable)
{
  const char *path = task_data;
  g_autoptr(AudStore) store = NULL;
  g_autoptr(GError) error = NULL;
  Snapshot *snapshot;

  /* Its own connection: SQLite connections stay on the thread that opened them. */
  store = aud_store_open (path, &error);
  if (store == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  snapshot = g_new0 (Snapshot, 1);
  snapshot->sources = aud_sync_store_list_sources (store, &error);
  if (snapshot->sources != NULL)
    snapshot->runs = aud_sync_store_list_runs (store, -1, HISTORY_LIMIT, &error);
  if (snapshot->runs != NULL)
    {
      g_auto(GStrv) objects = aud_sync_store_synced_objects (store, &error);
      snapshot->audiences = objects != NULL ? g_strv_length (objects) : 0;
      snapshot->segments = count_segments (store, cancellable);
    }

  if (error != NULL)
    {
      snapshot_free (snapshot);
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  g_task_return_pointer (task, snapshot, (GDestroyNotify) snapshot_free);
}

static void
load_snapshot_cb (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(AudSyncPage) self = user_data;
  g_autoptr(GError) error = NULL;
  Snapshot *snapshot;

  snapshot = g_task_propagate_pointer (G_TASK (result), &error);
  if (snapshot == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_warning ("Could not read the sync history: %s", error->message);
      return;
    }

  apply_snapshot (self, snapshot);
  snapshot_free (snapshot);
}

void
aud_sync_page_refresh (AudSyncPage *self)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (AUD_IS_SYNC_PAGE (self));

  if (self->store == NULL)
    return;

  g_cancellable_cancel (self->refresh_cancellable);
  g_clear_object (&self->refresh_cancellable);
  self->refresh_cancellable = g_cancellable_new ();
  self->last_refresh_us = g_get_monotonic_time ();

  task = g_task_new (NULL, self->refresh_cancellable, load_snapshot_cb, g_object_ref (self));
  g_task_set_source_tag (task, aud_sync_page_refresh);
  g_task_set_task_data (task, g_strdup (aud_store_get_path (self->store)), g_free);
  g_task_run_in_thread (task, load_snapshot_thread);
}

void
aud_sync_page_set_store (AudSyncPage *self,
                         AudStore    *store)
{
  g_return_if_fail (AUD_IS_SYNC_PAGE (self));

  if (g_set_object (&self->store, store))
    aud_sync_page_refresh (self);
}

static void
engine_progress_cb (AudSyncPage   *self,
                    AudSyncEngine *engine)
{
  update_progress (self);

  /* The record counts per source move as batches commit. */
  if (g_get_monotonic_time () - self->last_refresh_us > 3 * G_USEC_PER_SEC)
    aud_sync_page_refresh (self);
}

static void
engine_finished_cb (AudSyncPage   *self,
                    AudSyncEngine *engine)
{
  const GError *error = aud_sync_engine_get_error (engine);

  update_progress (self);
  aud_sync_page_refresh (self);

  if (error != NULL)
    {
      self->last_outcome = AUD_SYNC_OUTCOME_FAILED;
      g_free (self->last_message);
      self->last_message = g_strdup (error->message);
      update_state (self);
    }
}

static void
engine_notify_running_cb (AudSyncPage   *self,
                          GParamSpec    *pspec,
                          AudSyncEngine *engine)
{
  update_state (self);
  update_progress (self);
}

void
aud_sync_page_set_engine (AudSyncPage   *self,
                          AudSyncEngine *engine)
{
  g_return_if_fail (AUD_IS_SYNC_PAGE (self));

  if (self->engine == engine)
    return;

  if (self->engine != NULL)
    g_signal_handlers_disconnect_by_data (self->engine, self);
  g_set_object (&self->engine, engine);

  if (engine != NULL)
    {
      g_signal_connect_object (engine, "progress", G_CALLBACK (engine_progress_cb), self, G_CONNECT_SWAPPED);
      g_signal_connect_object (engine, "finished", G_CALLBACK (engine_finished_cb), self, G_CONNECT_SWAPPED);
      g_signal_connect_object (engine, "notify::running", G_CALLBACK (engine_notify_running_cb), self, G_CONNECT_SWAPPED);
    }

  update_state (self);
}

static void
start_sync (AudSyncPage *self,
            gboolean     full)
{
  AudSyncOptions options;

  if (self->engine == NULL)
    return;

  aud_sync_options_init (&options);
  options.force_full = full;
  aud_sync_engine_start (self->engine, NULL, &options);
}

static void
sync_start_action (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *parameter)
{
  start_sync (AUD_SYNC_PAGE (widget), FALSE);
}

static void
sync_full_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  start_sync (AUD_SYNC_PAGE (widget), TRUE);
}

static void
sync_cancel_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  AudSyncPage *self = AUD_SYNC_PAGE (widget);

  if (self->engine != NULL)
    aud_sync_engine_cancel (self->engine);
}

static void
history_setup_cb (GtkSignalListItemFactory *factory,
                  GtkListItem              *item,
                  gpointer                  user_data)
{
  GtkWidget *label = gtk_label_new (NULL);

  gtk_label_set_xalign (GTK_LABEL (label), g_object_get_data (G_OBJECT (factory), "numeric") ? 1.0 : 0.0);
  gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
  gtk_list_item_set_child (item, label);
}

static void
history_bind_cb (GtkSignalListItemFactory *factory,
                 GtkListItem              *item,
                 gpointer                  user_data)
{
  AudSyncRunItem *run = gtk_list_item_get_item (item);
  const char *column = g_object_get_data (G_OBJECT (factory), "column");
  g_autofree char *text = aud_sync_run_item_format (run, column);
  GtkWidget *label = gtk_list_item_get_child (item);

  gtk_label_set_label (GTK_LABEL (label), text);
  if (g_str_equal (column, "outcome"))
    {
      g_autofree char *message = aud_sync_run_item_format (run, "message");
      gtk_widget_set_tooltip_text (label, *message ? message : NULL);
    }
}

static void
add_history_column (AudSyncPage *self,
                    const char  *column,
                    const char  *title,
                    gboolean     numeric,
                    gboolean     expand)
{
  GtkListItemFactory *factory = gtk_signal_list_item_factory_new ();
  g_autoptr(GtkColumnViewColumn) col = NULL;

  g_object_set_data_full (G_OBJECT (factory), "column", g_strdup (column), g_free);
  g_object_set_data (G_OBJECT (factory), "numeric", GINT_TO_POINTER (numeric));
  g_signal_connect (factory, "setup", G_CALLBACK (history_setup_cb), NULL);
  g_signal_connect (factory, "bind", G_CALLBACK (history_bind_cb), NULL);

  col = gtk_column_view_column_new (title, factory);
  gtk_column_view_column_set_expand (col, expand);
  gtk_column_view_column_set_resizable (col, TRUE);
  gtk_column_view_append_column (self->history_view, col);
}

static void
add_detail (AudSyncPage *self,
            guint        index,
            const char  *title)
{
  GtkWidget *name = gtk_label_new (title);
  GtkWidget *value = gtk_label_new ("—");

  gtk_label_set_xalign (GTK_LABEL (name), 0);
  gtk_widget_add_css_class (name, "dim-label");
  gtk_label_set_xalign (GTK_LABEL (value), 0);
  gtk_label_set_selectable (GTK_LABEL (value), TRUE);
  gtk_grid_attach (self->progress_grid, name, index % 3, (index / 3) * 2, 1, 1);
  gtk_grid_attach (self->progress_grid, value, index % 3, (index / 3) * 2 + 1, 1, 1);
  self->detail_values[index] = GTK_LABEL (value);
}

static void
aud_sync_page_dispose (GObject *object)
{
  AudSyncPage *self = (AudSyncPage *) object;

  g_cancellable_cancel (self->refresh_cancellable);
  g_clear_object (&self->refresh_cancellable);
  if (self->engine != NULL)
    g_signal_handlers_disconnect_by_data (self->engine, self);
  g_clear_object (&self->engine);
  g_clear_object (&self->store);
  g_clear_object (&self->history);
  g_clear_pointer (&self->last_message, g_free);
  g_clear_pointer (&self->last_finished_at, g_free);
  /* AdwBin unparents its child itself; dispose_template would free it first. */

  G_OBJECT_CLASS (aud_sync_page_parent_class)->dispose (object);
}

static void
aud_sync_page_class_init (AudSyncPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = aud_sync_page_dispose;

  g_type_ensure (AUD_TYPE_SYNC_CHART);

  gtk_widget_class_set_template_from_resource (widget_class, "/org/example/Audiences/pages/aud-sync-page.ui");
  gtk_widget_class_bind_template_child (widget_class, AudSyncPage, cancel_button);
  gtk_widget_class_bind_template_child (widget_class, AudSyncPage, chart);
  gtk_widget_class_bind_template_child (widget_class, AudSyncPage, empty_status);
  gtk_widget_class_bind_template_child (widget_class, AudSyncPage, full_button);
  gtk_widget_class_bind_template_child (widget_class, AudSyncPage, history_group);
  gtk_widget_class_bind_template_child (widget_class, AudSyncPage, history_view);
  gtk_widget_class_bind_template_child (widget_class, AudSyncPage, progress_bar);
  gtk_widget_class_bind_template_child (widget_class, AudSyncPage, progress_group);
  gtk_widget_class_bind_template_child (widget_class, AudSyncPage, progress_grid);
  gtk_widget_class_bind_template_child (widget_class, AudSyncPage, segments_group);
  gtk_widget_class_bind_template_child (widget_class, AudSyncPage, segments_list);
  gtk_widget_class_bind_template_child (widget_class, AudSyncPage, sources_list);
  gtk_widget_class_bind_template_child (widget_class, AudSyncPage, stack);
  gtk_widget_class_bind_template_child (widget_class, AudSyncPage, start_button);
  gtk_widget_class_bind_template_child (widget_class, AudSyncPage, state_icon);
  gtk_widget_class_bind_template_child (widget_class, AudSyncPage, state_detail);
  gtk_widget_class_bind_template_child (widget_class, AudSyncPage, state_label);

  gtk_widget_class_install_action (widget_class, "sync.start", NULL, sync_start_action);
  gtk_widget_class_install_action (widget_class, "sync.full", NULL, sync_full_action);
  gtk_widget_class_install_action (widget_class, "sync.cancel", NULL, sync_cancel_action);
}

static void
aud_sync_page_init (AudSyncPage *self)
{
  GtkNoSelection *selection;

  gtk_widget_init_template (GTK_WIDGET (self));

  self->last_outcome = AUD_SYNC_OUTCOME_RUNNING;
  self->history = g_list_store_new (AUD_TYPE_SYNC_RUN_ITEM);
  selection = gtk_no_selection_new (G_LIST_MODEL (g_object_ref (self->history)));
  gtk_column_view_set_model (self->history_view, GTK_SELECTION_MODEL (selection));
  g_object_unref (selection);

  add_history_column (self, "started", _("Started"), FALSE, FALSE);
  add_history_column (self, "object", _("Object"), FALSE, FALSE);
  add_history_column (self, "kind", _("Kind"), FALSE, FALSE);
  add_history_column (self, "duration", _("Duration"), TRUE, FALSE);
  add_history_column (self, "fetched", _("Fetched"), TRUE, FALSE);
  add_history_column (self, "created", _("Created"), TRUE, FALSE);
  add_history_column (self, "updated", _("Updated"), TRUE, FALSE);
  add_history_column (self, "deleted", _("Deleted"), TRUE, FALSE);
  add_history_column (self, "api-calls", _("API Calls"), TRUE, FALSE);
  add_history_column (self, "outcome", _("Outcome"), FALSE, TRUE);

  add_detail (self, DETAIL_RECORDS, _("Records"));
  add_detail (self, DETAIL_BATCHES, _("Batches Committed"));
  add_detail (self, DETAIL_RATE, _("Speed"));
  add_detail (self, DETAIL_ETA, _("Time Left"));
  add_detail (self, DETAIL_CALLS, _("API Calls This Run"));
  add_detail (self, DETAIL_USAGE, _("Org API Usage"));

  update_state (self);
}
