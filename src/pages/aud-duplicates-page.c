/* aud-duplicates-page.c — the Duplicates page: a list of what was merged or needs review, the detail
 * of one, and the decisions a person makes about them
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The list is loaded in a worker thread on its own store connection and shown through list
 * models, so only visible rows are widgets even with 100,000 entities. Every decision goes to
 * the entity store, then the audience is matched again (incrementally, in a thread) and the
 * list reloaded: what the page shows is always what the store holds.
 */
#include "config.h"

#include <glib/gi18n.h>

#include "aud-audience.h"
#include "aud-connection-info.h"
#include "aud-duplicates-page-private.h"
#include "aud-duplicates-page.h"
#include "aud-entity-store.h"
#include "aud-match-run.h"

struct _AudDuplicatesPage
{
  AdwBin              parent_instance;

  AudStore           *store;
  GPtrArray          *audiences;     /* AudAudience, the dropdown's order */
  gint64              audience_id;   /* of the loaded list; 0 for none */
  AudMatchRun        *run;           /* kept per audience so re-matches are incremental */
  AudDescribe        *describe;      /* of the audience's object, for field labels; may be NULL */
  GCancellable       *cancellable;
  gboolean            matching;
  gboolean            loading;
  gboolean            matched;
  gboolean            filling;       /* the audience dropdown is being refilled */
  guint               detail_id;     /* idle that rebuilds the detail pane */

  GListStore         *items;         /* AudEntityItem, uncertain first */
  GtkSortListModel   *sort_model;
  GtkFilterListModel *filter_model;
  GtkSingleSelection *selection;
  GtkCustomFilter    *filter;
  char               *query;         /* casefolded search text */
  guint               n_entities;
  guint               n_pairs;
  guint               n_confirmed;

  /* what to select again after a reload */
  AudReviewRowKind    keep_kind;
  gint64              keep_a;
  gint64              keep_b;
  guint               keep_position;

  /* template children */
  GtkDropDown    *audience_dropdown;
  GtkStack       *content_stack;
  GtkLabel       *counts_label;
  GtkScrolledWindow *detail_scroll;
  AdwStatusPage  *empty_status;
  GtkLabel       *error_label;
  GtkDropDown    *filter_dropdown;
  GtkListView    *list_view;
  GtkSearchEntry *search_entry;
  GtkSpinner     *spinner;
  GtkStack       *stack;
  GtkButton      *undo_button;
};

G_DEFINE_FINAL_TYPE (AudDuplicatesPage, aud_duplicates_page, ADW_TYPE_BIN)

enum { PROP_0, PROP_BUSY, N_PROPS };
static GParamSpec *properties[N_PROPS];

static void load_list (AudDuplicatesPage *self);
static void run_match (AudDuplicatesPage *self);

static AudAudience *
selected_audience (AudDuplicatesPage *self)
{
  guint i = gtk_drop_down_get_selected (self->audience_dropdown);

  if (self->audiences == NULL || i == GTK_INVALID_LIST_POSITION || i >= self->audiences->len)
    return NULL;
  return self->audiences->pdata[i];
}

static AudEntityItem *
selected_item (AudDuplicatesPage *self)
{
  return gtk_single_selection_get_selected_item (self->selection);
}

static void
show_error (AudDuplicatesPage *self,
            const char        *message)
{
  gtk_label_set_text (self->error_label, message ? message : "");
  gtk_widget_set_visible (GTK_WIDGET (self->error_label), message != NULL);
}

static void
update_actions (AudDuplicatesPage *self)
{
  gboolean busy = self->matching || self->loading;
  AudEntityItem *item = selected_item (self);
  const AudReviewRow *row = item ? aud_entity_item_get_row (item) : NULL;
  gboolean ready = !busy && self->audience_id > 0;

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "merge.confirm", ready && row != NULL);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "merge.not-same", ready && row && row->kind == AUD_REVIEW_ROW_PAIR);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "merge.split", ready && row && row->kind == AUD_REVIEW_ROW_ENTITY);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "merge.pin", ready && row && row->kind == AUD_REVIEW_ROW_ENTITY);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "merge.undo", ready);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "merge.confirm-all-high", ready && self->n_entities > 0);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "merge.match-now", !busy && selected_audience (self) != NULL);
  gtk_spinner_set_spinning (self->spinner, busy);
}

static void
set_busy (AudDuplicatesPage *self,
          gboolean          *flag,
          gboolean           value)
{
  gboolean was = self->matching || self->loading;

  *flag = value;
  update_actions (self);
  if (was != (self->matching || self->loading))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_BUSY]);
}

gboolean
aud_duplicates_page_get_busy (AudDuplicatesPage *self)
{
  g_return_val_if_fail (AUD_IS_DUPLICATES_PAGE (self), FALSE);
  return self->matching || self->loading;
}

/* ---- list, filter, counts ---------------------------------------------------------------- */

static gboolean
filter_func (gpointer object,
             gpointer user_data)
{
  AudDuplicatesPage *self = user_data;

  return aud_duplicates_item_matches (object, gtk_drop_down_get_selected (self->filter_dropdown), self->query);
}

static int
sort_func (gconstpointer a,
           gconstpointer b,
           gpointer      user_data)
{
  return aud_entity_item_compare ((AudEntityItem *) a, (AudEntityItem *) b);
}

static void
update_counts (AudDuplicatesPage *self)
{
  guint shown = g_list_model_get_n_items (G_LIST_MODEL (self->filter_model));
  guint total = g_list_model_get_n_items (G_LIST_MODEL (self->items));
  g_autofree char *text = NULL;
  const char *page;

  if (self->audience_id == 0)
    text = g_strdup ("");
  else if (!self->matched)
    text = g_strdup (_("Not matched yet"));
  else
    {
      /* Translators: counts above the Duplicates list: "2 merged, 1 pair to review, 0 confirmed · showing 3" */
      g_autofree char *pairs = g_strdup_printf (ngettext ("%u pair to review", "%u pairs to review", self->n_pairs),
                                                self->n_pairs);
      text = g_strdup_printf (_("%u merged, %s, %u confirmed · showing %u"),
                              self->n_entities, pairs, self->n_confirmed, shown);
    }
  gtk_label_set_text (self->counts_label, text);

  if (self->audience_id != 0 && !self->matched && !self->loading)
    page = "not-matched";
  else if (self->matched && total == 0)
    page = "none";
  else if (total > 0 && shown == 0)
    page = "no-results";
  else
    page = "list";
  gtk_stack_set_visible_child_name (self->content_stack, page);
}

static void
update_detail (AudDuplicatesPage *self)
{
  AudEntityItem *item = selected_item (self);
  g_autoptr(AudReviewDetail) detail = NULL;
  g_autoptr(GError) error = NULL;
  const AudReviewRow *row;
  GtkWidget *child;

  update_actions (self);
  if (item == NULL)
    {
      child = gtk_label_new (_("Select a duplicate to see its records side by side."));
      gtk_widget_add_css_class (child, "dim-label");
      gtk_scrolled_window_set_child (self->detail_scroll, child);
      return;
    }
  row = aud_entity_item_get_row (item);
  /* one entity's rows are few: read on this thread so the pane follows the keyboard at once */
  if (row->kind == AUD_REVIEW_ROW_ENTITY)
    detail = aud_review_query_entity (self->store, self->audience_id, row->entity_id, &error);
  else
    detail = aud_review_query_pair (self->store, self->audience_id, row->record_a, row->record_b, &error);
  if (detail == NULL)
    {
      g_autofree char *message = g_strdup_printf (_("Could not read these records: %s. Press Match Now to refresh the list."),
                                                  error->message);
      child = gtk_label_new (message);
      gtk_label_set_wrap (GTK_LABEL (child), TRUE);
      gtk_scrolled_window_set_child (self->detail_scroll, child);
      return;
    }
  gtk_scrolled_window_set_child (self->detail_scroll, aud_duplicates_detail_new (row, detail, self->describe));
}

static gboolean
update_detail_idle (gpointer user_data)
{
  AudDuplicatesPage *self = user_data;

  self->detail_id = 0;
  update_detail (self);
  return G_SOURCE_REMOVE;
}

/* Deferred, so holding an arrow key moves through the list and builds only the pane where
 * it stops. */
static void
on_selection_changed (AudDuplicatesPage *self)
{
  update_actions (self);
  if (self->detail_id == 0)
    self->detail_id = g_idle_add (update_detail_idle, self);
}

static void
on_filter_items_changed (AudDuplicatesPage *self)
{
  update_counts (self);
}

static void
refilter (AudDuplicatesPage *self)
{
  gtk_filter_changed (GTK_FILTER (self->filter), GTK_FILTER_CHANGE_DIFFERENT);
  update_counts (self);
}

static void
on_search_changed (AudDuplicatesPage *self)
{
  g_free (self->query);
  self->query = g_utf8_casefold (gtk_editable_get_text (GTK_EDITABLE (self->search_entry)), -1);
  refilter (self);
}

/* ---- loading ------------------------------------------------------------------------------ */

typedef struct
{
  char      *path;
  gint64     audience_id;
  gboolean   matched;
  GPtrArray *items;   /* AudEntityItem, sorted */
} LoadData;

static void
load_data_free (LoadData *data)
{
  g_free (data->path);
  g_clear_pointer (&data->items, g_ptr_array_unref);
  g_free (data);
}

static void
load_thread (GTask        *task,
             gpointer      source_object,
             gpointer      task_data,
             GCancellable *cancellable)
{
  LoadData *data = task_data;
  GError *error = NULL;

  data->items = aud_duplicates_load_items (data->path, data->audience_id, &data->matched, cancellable, &error);
  if (data->items == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_boolean (task, TRUE);
}

static guint
find_kept (AudDuplicatesPage *self)
{
  GListModel *model = G_LIST_MODEL (self->filter_model);
  guint n = g_list_model_get_n_items (model);

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(AudEntityItem) item = g_list_model_get_item (model, i);
      const AudReviewRow *row = aud_entity_item_get_row (item);

      if (row->kind != self->keep_kind)
        continue;
      if (row->kind == AUD_REVIEW_ROW_ENTITY ? row->entity_id == self->keep_a
          : (row->record_a == self->keep_a && row->record_b == self->keep_b))
        return i;
    }
  if (n == 0)
    return GTK_INVALID_LIST_POSITION;
  return MIN (self->keep_position, n - 1);
}

static void
remember_selection (AudDuplicatesPage *self)
{
  AudEntityItem *item = selected_item (self);
  const AudReviewRow *row = item ? aud_entity_item_get_row (item) : NULL;

  self->keep_position = row ? gtk_single_selection_get_selected (self->selection) : 0;
  self->keep_kind = row ? row->kind : AUD_REVIEW_ROW_ENTITY;
  self->keep_a = row == NULL ? 0 : row->kind == AUD_REVIEW_ROW_ENTITY ? row->entity_id : row->record_a;
  self->keep_b = row ? row->record_b : 0;
}

static void
on_list_loaded (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(AudDuplicatesPage) self = user_data;
  LoadData *data = g_task_get_task_data (G_TASK (result));
  g_autoptr(GError) error = NULL;

  if (!g_task_propagate_boolean (G_TASK (result), &error))
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        {
          g_autofree char *message = g_strdup_printf (_("Could not read the duplicates: %s. Press Match Now to try again."),
                                                      error->message);
          show_error (self, message);
          set_busy (self, &self->loading, FALSE);
        }
      return;
    }
  if (data->audience_id != self->audience_id)
    return;

  self->matched = data->matched;
  self->n_entities = self->n_pairs = self->n_confirmed = 0;
  for (guint i = 0; i < data->items->len; i++)
    {
      const AudReviewRow *row = aud_entity_item_get_row (data->items->pdata[i]);
      if (row->kind == AUD_REVIEW_ROW_PAIR)
        self->n_pairs++;
      else
        self->n_entities++;
      if (row->confirmed)
        self->n_confirmed++;
    }
  remember_selection (self);
  g_list_store_splice (self->items, 0, g_list_model_get_n_items (G_LIST_MODEL (self->items)),
                       data->items->pdata, data->items->len);
  gtk_single_selection_set_selected (self->selection, find_kept (self));
  set_busy (self, &self->loading, FALSE);
  update_counts (self);
  update_detail (self);
}

static void
load_list (AudDuplicatesPage *self)
{
  AudAudience *audience = selected_audience (self);
  g_autoptr(GTask) task = NULL;
  LoadData *data;

  if (self->store == NULL || audience == NULL)
    return;
  data = g_new0 (LoadData, 1);
  data->path = g_strdup (aud_store_get_path (self->store));
  data->audience_id = aud_audience_get_id (audience);
  task = g_task_new (NULL, self->cancellable, on_list_loaded, g_object_ref (self));
  g_task_set_task_data (task, data, (GDestroyNotify) load_data_free);
  set_busy (self, &self->loading, TRUE);
  g_task_run_in_thread (task, load_thread);
}

static void
on_match_done (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(AudDuplicatesPage) self = user_data;
  g_autoptr(GError) error = NULL;
  AudMatchRunStats stats;

  if (!aud_match_run_execute_finish (AUD_MATCH_RUN (source), result, &stats, &error))
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;
      g_autofree char *message = g_strdup_printf (_("Matching failed: %s. Check the audience's mapping, then press Match Now again."),
                                                  error->message);
      show_error (self, message);
    }
  set_busy (self, &self->matching, FALSE);
  if (self->run == AUD_MATCH_RUN (source))
    load_list (self);
}

static void
run_match (AudDuplicatesPage *self)
{
  AudAudience *audience = selected_audience (self);

  if (self->store == NULL || audience == NULL || self->matching)
    return;
  if (self->run == NULL)
    self->run = aud_match_run_new (self->store, aud_audience_get_id (audience), aud_audience_get_object (audience));
  show_error (self, NULL);
  set_busy (self, &self->matching, TRUE);
  aud_match_run_execute_async (self->run, TRUE, self->cancellable, on_match_done, g_object_ref (self));
}

/* ---- audiences ---------------------------------------------------------------------------- */

static void
audience_changed (AudDuplicatesPage *self)
{
  AudAudience *audience = selected_audience (self);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();
  self->matching = self->loading = FALSE;
  g_clear_object (&self->run);
  g_clear_object (&self->describe);
  /* a missing or unreadable describe only costs the nicer labels */
  if (audience != NULL)
    self->describe = aud_describe_load (self->store, aud_audience_get_object (audience), NULL);
  self->audience_id = audience ? aud_audience_get_id (audience) : 0;
  self->matched = FALSE;
  self->n_entities = self->n_pairs = self->n_confirmed = 0;
  g_list_store_remove_all (self->items);
  show_error (self, NULL);
  update_counts (self);
  load_list (self);
  update_actions (self);
}

static void
on_audience_selected (AudDuplicatesPage *self)
{
  if (!self->filling)
    audience_changed (self);
}

static void
reload_audiences (AudDuplicatesPage *self)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) audiences = NULL;
  g_autoptr(GtkStringList) names = gtk_string_list_new (NULL);
  guint keep = 0;

  if (self->store == NULL)
    return;
  audiences = aud_audience_list (self->store, &error);
  if (audiences == NULL)
    {
      show_error (self, error->message);
      return;
    }
  for (guint i = 0; i < audiences->len; i++)
    {
      gtk_string_list_append (names, aud_audience_get_name (audiences->pdata[i]));
      if (aud_audience_get_id (audiences->pdata[i]) == self->audience_id)
        keep = i;
    }
  g_clear_pointer (&self->audiences, g_ptr_array_unref);
  self->audiences = g_steal_pointer (&audiences);
  self->filling = TRUE;
  gtk_drop_down_set_model (self->audience_dropdown, G_LIST_MODEL (names));
  if (self->audiences->len > 0)
    gtk_drop_down_set_selected (self->audience_dropdown, keep);
  self->filling = FALSE;
  gtk_stack_set_visible_child_name (self->stack, self->audiences->len > 0 ? "main" : "empty");
  audience_changed (self);
}

void
aud_duplicates_page_set_store (AudDuplicatesPage *self,
                               AudStore          *store)
{
  g_return_if_fail (AUD_IS_DUPLICATES_PAGE (self));

  if (!g_set_object (&self->store, store))
    return;
  self->audience_id = 0;
  reload_audiences (self);
}

/* The Audiences page may have added or renamed one, and a sync may have re-matched. */
static void
on_map (AudDuplicatesPage *self)
{
  if (!self->matching)
    reload_audiences (self);
}

/* ---- actions ------------------------------------------------------------------------------ */

/* Records a decision, then matches again so the list shows its effect. */
static void
decided (AudDuplicatesPage *self,
         gboolean           ok,
         GError            *error)
{
  if (!ok)
    {
      /* error is set whenever ok is FALSE; the compiler cannot see that through the callers */
      g_autofree char *message = g_strdup_printf (_("Could not record the decision: %s. Try again, or press Match Now to refresh the list."),
                                                  error != NULL ? error->message : "?");
      show_error (self, message);
      return;
    }
  run_match (self);
}

static void
confirm_activated (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *parameter)
{
  AudDuplicatesPage *self = AUD_DUPLICATES_PAGE (widget);
  AudEntityItem *item = selected_item (self);
  const AudReviewRow *row = item ? aud_entity_item_get_row (item) : NULL;
  g_autoptr(GError) error = NULL;

  if (row == NULL)
    return;
  /* A review pair confirmed is "the same": the two records become one entity. */
  if (row->kind == AUD_REVIEW_ROW_PAIR)
    decided (self, aud_entity_store_confirm_same (self->store, self->audience_id, row->record_a, row->record_b,
                                                  g_get_user_name (), &error) >= 0, error);
  else
    decided (self, aud_entity_store_confirm (self->store, self->audience_id, row->entity_id,
                                             g_get_user_name (), &error) >= 0, error);
}

static void
split_activated (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *parameter)
{
  AudDuplicatesPage *self = AUD_DUPLICATES_PAGE (widget);
  g_autoptr(GError) error = NULL;

  decided (self, aud_entity_store_split (self->store, self->audience_id, g_variant_get_int64 (parameter),
                                         g_get_user_name (), &error) >= 0, error);
}

static void
not_same_activated (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  AudDuplicatesPage *self = AUD_DUPLICATES_PAGE (widget);
  AudEntityItem *item = selected_item (self);
  const AudReviewRow *row = item ? aud_entity_item_get_row (item) : NULL;
  g_autoptr(GError) error = NULL;

  if (row == NULL || row->kind != AUD_REVIEW_ROW_PAIR)
    return;
  decided (self, aud_entity_store_never_merge (self->store, self->audience_id, row->record_a, row->record_b,
                                               g_get_user_name (), &error) >= 0, error);
}

static void
pin_activated (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  AudDuplicatesPage *self = AUD_DUPLICATES_PAGE (widget);
  g_autoptr(GError) error = NULL;
  gint64 record_id;
  const char *field;

  g_variant_get (parameter, "(x&s)", &record_id, &field);
  decided (self, aud_entity_store_pin (self->store, self->audience_id, record_id, field,
                                       g_get_user_name (), &error) >= 0, error);
}

static void
undo_activated (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  AudDuplicatesPage *self = AUD_DUPLICATES_PAGE (widget);
  g_autoptr(GError) error = NULL;
  AudDecisionKind undone;

  if (!aud_entity_store_undo_last (self->store, self->audience_id, &undone, &error))
    {
      if (g_error_matches (error, AUD_ENTITIES_ERROR, AUD_ENTITIES_ERROR_NOTHING_TO_UNDO))
        show_error (self, _("There is no decision to undo in this audience."));
      else
        decided (self, FALSE, error);
      return;
    }
  run_match (self);
}

static void
confirm_all_high_activated (GtkWidget  *widget,
                            const char *action_name,
                            GVariant   *parameter)
{
  AudDuplicatesPage *self = AUD_DUPLICATES_PAGE (widget);
  GListModel *model = G_LIST_MODEL (self->filter_model);
  g_autoptr(GError) error = NULL;
  guint n = g_list_model_get_n_items (model);

  /* one transaction: thousands of confirmations are one write, and all or none */
  if (!aud_store_begin (self->store, &error))
    {
      decided (self, FALSE, error);
      return;
    }
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(AudEntityItem) item = g_list_model_get_item (model, i);
      const AudReviewRow *row = aud_entity_item_get_row (item);

      if (row->kind != AUD_REVIEW_ROW_ENTITY || row->confirmed || row->confidence < AUD_DUPLICATES_HIGH_CONFIDENCE)
        continue;
      if (aud_entity_store_confirm (self->store, self->audience_id, row->entity_id, g_get_user_name (), &error) < 0)
        {
          aud_store_rollback (self->store);
          decided (self, FALSE, error);
          return;
        }
    }
  decided (self, aud_store_commit (self->store, &error), error);
}

static void
match_now_activated (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  run_match (AUD_DUPLICATES_PAGE (widget));
}

static void
on_uri_shown (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(GError) error = NULL;

  if (!gtk_show_uri_full_finish (GTK_WINDOW (source), result, &error))
    g_warning ("Could not open the record in a browser: %s", error->message);
}

static void
open_record_activated (GtkWidget  *widget,
                       const char *action_name,
                       GVariant   *parameter)
{
  AudDuplicatesPage *self = AUD_DUPLICATES_PAGE (widget);
  g_autoptr(AudConnectionInfo) info = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *uri = NULL;
  GtkRoot *root = gtk_widget_get_root (widget);

  info = aud_store_load_connection (self->store, &error);
  if (info == NULL || info->instance_url == NULL)
    {
      show_error (self, _("This workspace is not connected to Salesforce. Connect on the Connection page to open records."));
      return;
    }
  uri = g_strdup_printf ("%s/%s", info->instance_url, g_variant_get_string (parameter, NULL));
  gtk_show_uri_full (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL, uri, GDK_CURRENT_TIME, NULL, on_uri_shown, NULL);
}

static void
focus_search_activated (GtkWidget  *widget,
                        const char *action_name,
                        GVariant   *parameter)
{
  gtk_widget_grab_focus (GTK_WIDGET (AUD_DUPLICATES_PAGE (widget)->search_entry));
}

/* ---- object ------------------------------------------------------------------------------- */

static void
aud_duplicates_page_get_property (GObject    *object,
                                  guint       prop_id,
                                  GValue     *value,
                                  GParamSpec *pspec)
{
  AudDuplicatesPage *self = AUD_DUPLICATES_PAGE (object);

  switch (prop_id)
    {
    case PROP_BUSY:
      g_value_set_boolean (value, aud_duplicates_page_get_busy (self));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
aud_duplicates_page_dispose (GObject *object)
{
  AudDuplicatesPage *self = (AudDuplicatesPage *) object;

  /* AdwBin unparents its child itself; dispose_template would free it first. */
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_handle_id (&self->detail_id, g_source_remove);
  g_clear_object (&self->run);
  g_clear_object (&self->describe);
  g_clear_object (&self->store);
  g_clear_pointer (&self->audiences, g_ptr_array_unref);
  g_clear_pointer (&self->query, g_free);

  G_OBJECT_CLASS (aud_duplicates_page_parent_class)->dispose (object);
}

static void
aud_duplicates_page_finalize (GObject *object)
{
  AudDuplicatesPage *self = (AudDuplicatesPage *) object;

  g_clear_object (&self->selection);
  g_clear_object (&self->items);

  G_OBJECT_CLASS (aud_duplicates_page_parent_class)->finalize (object);
}

static void
aud_duplicates_page_class_init (AudDuplicatesPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->get_property = aud_duplicates_page_get_property;
  object_class->dispose = aud_duplicates_page_dispose;
  object_class->finalize = aud_duplicates_page_finalize;

  properties[PROP_BUSY] = g_param_spec_boolean ("busy", NULL, NULL, FALSE,
                                                G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class, "/org/example/Audiences/pages/aud-duplicates-page.ui");
  gtk_widget_class_bind_template_child (widget_class, AudDuplicatesPage, audience_dropdown);
  gtk_widget_class_bind_template_child (widget_class, AudDuplicatesPage, content_stack);
  gtk_widget_class_bind_template_child (widget_class, AudDuplicatesPage, counts_label);
  gtk_widget_class_bind_template_child (widget_class, AudDuplicatesPage, detail_scroll);
  gtk_widget_class_bind_template_child (widget_class, AudDuplicatesPage, empty_status);
  gtk_widget_class_bind_template_child (widget_class, AudDuplicatesPage, error_label);
  gtk_widget_class_bind_template_child (widget_class, AudDuplicatesPage, filter_dropdown);
  gtk_widget_class_bind_template_child (widget_class, AudDuplicatesPage, list_view);
  gtk_widget_class_bind_template_child (widget_class, AudDuplicatesPage, search_entry);
  gtk_widget_class_bind_template_child (widget_class, AudDuplicatesPage, spinner);
  gtk_widget_class_bind_template_child (widget_class, AudDuplicatesPage, stack);
  gtk_widget_class_bind_template_child (widget_class, AudDuplicatesPage, undo_button);

  gtk_widget_class_install_action (widget_class, "merge.confirm", NULL, confirm_activated);
  gtk_widget_class_install_action (widget_class, "merge.split", "x", split_activated);
  gtk_widget_class_install_action (widget_class, "merge.not-same", NULL, not_same_activated);
  gtk_widget_class_install_action (widget_class, "merge.pin", "(xs)", pin_activated);
  gtk_widget_class_install_action (widget_class, "merge.undo", NULL, undo_activated);
  gtk_widget_class_install_action (widget_class, "merge.confirm-all-high", NULL, confirm_all_high_activated);
  gtk_widget_class_install_action (widget_class, "merge.match-now", NULL, match_now_activated);
  gtk_widget_class_install_action (widget_class, "merge.open-record", "s", open_record_activated);
  gtk_widget_class_install_action (widget_class, "merge.focus-search", NULL, focus_search_activated);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Return, GDK_CONTROL_MASK, "merge.confirm", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_k, GDK_CONTROL_MASK, "merge.not-same", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_z, GDK_CONTROL_MASK, "merge.undo", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Return, GDK_CONTROL_MASK | GDK_SHIFT_MASK,
                                       "merge.confirm-all-high", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_F5, 0, "merge.match-now", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_f, GDK_CONTROL_MASK, "merge.focus-search", NULL);
}

static void
aud_duplicates_page_init (AudDuplicatesPage *self)
{
  g_autoptr(GtkStringList) filters = gtk_string_list_new (NULL);
  g_autoptr(GtkListItemFactory) factory = aud_duplicates_row_factory_new ();
  GtkCustomSorter *sorter;

  gtk_widget_init_template (GTK_WIDGET (self));
  self->cancellable = g_cancellable_new ();

  for (guint i = 0; i < AUD_DUPLICATES_N_FILTERS; i++)
    gtk_string_list_append (filters, aud_duplicates_filter_label (i));
  gtk_drop_down_set_model (self->filter_dropdown, G_LIST_MODEL (filters));

  self->items = g_list_store_new (AUD_TYPE_ENTITY_ITEM);
  sorter = gtk_custom_sorter_new (sort_func, NULL, NULL);
  self->sort_model = gtk_sort_list_model_new (g_object_ref (G_LIST_MODEL (self->items)), GTK_SORTER (sorter));
  self->filter = gtk_custom_filter_new (filter_func, self, NULL);
  self->filter_model = gtk_filter_list_model_new (G_LIST_MODEL (self->sort_model), g_object_ref (GTK_FILTER (self->filter)));
  self->selection = gtk_single_selection_new (G_LIST_MODEL (self->filter_model));
  gtk_single_selection_set_autoselect (self->selection, TRUE);
  g_object_unref (self->filter);   /* the filter model holds it */

  gtk_list_view_set_factory (self->list_view, factory);
  gtk_list_view_set_model (self->list_view, GTK_SELECTION_MODEL (self->selection));
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->list_view), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Duplicates, uncertain first"), -1);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->undo_button), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Undo the last decision"), -1);

  g_signal_connect_swapped (self->selection, "notify::selected-item", G_CALLBACK (on_selection_changed), self);
  g_signal_connect_swapped (self->filter_model, "items-changed", G_CALLBACK (on_filter_items_changed), self);
  g_signal_connect_swapped (self->search_entry, "search-changed", G_CALLBACK (on_search_changed), self);
  g_signal_connect_swapped (self->filter_dropdown, "notify::selected", G_CALLBACK (refilter), self);
  g_signal_connect_swapped (self->audience_dropdown, "notify::selected", G_CALLBACK (on_audience_selected), self);
  g_signal_connect (self, "map", G_CALLBACK (on_map), NULL);

  update_detail (self);
}
