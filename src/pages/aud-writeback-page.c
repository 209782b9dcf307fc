/* aud-writeback-page.c — the Write-back page: the plan, its totals and filters, apply and history
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "aud-audience.h"
#include "aud-write-audit.h"
#include "aud-write-inputs.h"
#include "aud-write-runner.h"
#include "aud-writeback-item.h"
#include "aud-writeback-page.h"

struct _AudWritebackPage
{
  AdwBin                parent_instance;

  AudStore             *store;
  AudSyncClientFactory  factory;
  gpointer              factory_data;
  GPtrArray            *audiences;      /* AudAudience, the dropdown's order */
  GPtrArray            *fields;         /* AudWriteField of the selected audience */
  GPtrArray            *inputs;         /* AudWriteInput of the selected audience */
  AudWritePlan         *plan;
  GHashTable           *excluded;       /* aud_write_item_key() strings */
  GListStore           *items;          /* AudWritebackItem */
  GtkCustomFilter      *filter;
  GCancellable         *cancellable;    /* set while a run goes */
  gboolean              binding;
  guint                 rebuild_id;

  /* template children */
  GtkDropDown    *audience_dropdown;
  GtkButton      *apply_button;
  GtkButton      *cancel_button;
  GtkColumnView  *column_view;
  AdwStatusPage  *empty_status;
  GtkButton      *export_button;
  GtkListBox     *history_list;
  GtkSpinButton  *limit_spin;
  GtkDropDown    *outcome_dropdown;
  GtkProgressBar *progress_bar;
  GtkSearchEntry *search_entry;
  GtkStack       *stack;
  GtkLabel       *summary_label;
  GtkLabel       *totals_label;
};

G_DEFINE_FINAL_TYPE (AudWritebackPage, aud_writeback_page, ADW_TYPE_BIN)

static void refresh_history (AudWritebackPage *self);

static AudAudience *
selected_audience (AudWritebackPage *self)
{
  guint i = gtk_drop_down_get_selected (self->audience_dropdown);

  if (self->audiences == NULL || i == GTK_INVALID_LIST_POSITION || i >= self->audiences->len)
    return NULL;
  return self->audiences->pdata[i];
}

static void
update_buttons (AudWritebackPage *self)
{
  gboolean running = self->cancellable != NULL;
  gboolean writes = self->plan != NULL && self->plan->n_outcome[AUD_WRITE_OUTCOME_WRITE] > 0;

  gtk_widget_set_sensitive (GTK_WIDGET (self->apply_button), writes && !running);
  gtk_widget_set_visible (GTK_WIDGET (self->cancel_button), running);
  gtk_widget_set_visible (GTK_WIDGET (self->progress_bar), running);
  gtk_widget_set_sensitive (GTK_WIDGET (self->export_button), self->plan != NULL);
  gtk_widget_set_sensitive (GTK_WIDGET (self->audience_dropdown), !running);
}

static void
show_totals (AudWritebackPage *self)
{
  const AudWritePlan *plan = self->plan;
  g_autoptr(GString) totals = g_string_new (NULL);
  g_autofree char *summary = NULL;

  if (plan == NULL)
    {
      gtk_label_set_text (self->summary_label, "");
      gtk_label_set_text (self->totals_label, "");
      return;
    }

  if (plan->n_records == 0)
    summary = g_strdup (_("No record of this audience belongs to a matched person yet, or no field may be written. "
                          "Run the matching, and set overwrite rules on the Audiences page."));
  else
    {
      g_autofree char *calls = g_strdup_printf (ngettext ("%u API call", "%u API calls", plan->n_forecast_calls),
                                                plan->n_forecast_calls);

      summary = g_strdup_printf (_("%u fields to write in %u of %u records — %s. %u skipped, %u excluded, %u after the trial."),
                                 plan->n_outcome[AUD_WRITE_OUTCOME_WRITE], plan->n_records_with_writes, plan->n_records,
                                 calls, plan->n_outcome[AUD_WRITE_OUTCOME_SKIP],
                                 plan->n_outcome[AUD_WRITE_OUTCOME_EXCLUDED], plan->n_outcome[AUD_WRITE_OUTCOME_DEFERRED]);
    }
  gtk_label_set_text (self->summary_label, summary);

  for (guint i = 0; i < plan->totals->len; i++)
    {
      AudWriteFieldTotals *t = plan->totals->pdata[i];

      if (totals->len > 0)
        g_string_append (totals, "\n");
      g_string_append_printf (totals, _("%s: %u to write"), t->field, t->n_outcome[AUD_WRITE_OUTCOME_WRITE]);
      for (guint r = 0; r < AUD_WRITE_N_REASONS; r++)
        if (t->n_reason[r] > 0 && r != AUD_WRITE_REASON_RULE_ALWAYS && r != AUD_WRITE_REASON_SALESFORCE_BLANK)
          g_string_append_printf (totals, _(" · %u skipped: %s"), t->n_reason[r], aud_write_reason_get_description (r));
    }
  gtk_label_set_text (self->totals_label, totals->str);
}

static void
rebuild_plan (AudWritebackPage *self)
{
  g_autoptr(GPtrArray) rows = NULL;

  g_clear_pointer (&self->plan, aud_write_plan_free);
  if (self->fields != NULL && self->inputs != NULL)
    self->plan = aud_write_plan_build (self->fields, self->inputs, self->excluded,
                                       (guint) gtk_spin_button_get_value_as_int (self->limit_spin));

  rows = g_ptr_array_new_with_free_func (g_object_unref);
  for (guint i = 0; self->plan != NULL && i < self->plan->items->len; i++)
    g_ptr_array_add (rows, aud_writeback_item_new (self->plan->items->pdata[i]));
  g_list_store_splice (self->items, 0, g_list_model_get_n_items (G_LIST_MODEL (self->items)), rows->pdata, rows->len);

  show_totals (self);
  update_buttons (self);
}

static void
load_audience (AudWritebackPage *self)
{
  AudAudience *audience = selected_audience (self);
  g_autoptr(GError) error = NULL;

  g_clear_pointer (&self->fields, g_ptr_array_unref);
  g_clear_pointer (&self->inputs, g_ptr_array_unref);
  g_hash_table_remove_all (self->excluded);

  if (audience != NULL)
    {
      self->fields = aud_write_inputs_load_fields (audience, &error);
      if (self->fields != NULL)
        self->inputs = aud_write_inputs_load (audience, self->fields, &error);
    }
  rebuild_plan (self);
  if (error != NULL)
    gtk_label_set_text (self->summary_label, error->message);
  refresh_history (self);
}

void
aud_writeback_page_refresh (AudWritebackPage *self)
{
  g_autoptr(GtkStringList) names = gtk_string_list_new (NULL);
  g_autoptr(GError) error = NULL;
  AudAudience *previous;
  g_autofree char *previous_name = NULL;
  guint selected = 0;

  g_return_if_fail (AUD_IS_WRITEBACK_PAGE (self));

  previous = selected_audience (self);
  previous_name = previous != NULL ? g_strdup (aud_audience_get_name (previous)) : NULL;
  g_clear_pointer (&self->audiences, g_ptr_array_unref);
  if (self->store != NULL)
    self->audiences = aud_audience_list (self->store, &error);

  if (self->audiences == NULL || self->audiences->len == 0)
    {
      gtk_stack_set_visible_child_name (self->stack, "empty");
      return;
    }
  for (guint i = 0; i < self->audiences->len; i++)
    {
      const char *name = aud_audience_get_name (self->audiences->pdata[i]);

      gtk_string_list_append (names, name);
      if (g_strcmp0 (name, previous_name) == 0)
        selected = i;
    }
  self->binding = TRUE;
  gtk_drop_down_set_model (self->audience_dropdown, G_LIST_MODEL (names));
  gtk_drop_down_set_selected (self->audience_dropdown, selected);
  self->binding = FALSE;
  gtk_stack_set_visible_child_name (self->stack, "plan");
  load_audience (self);
}

void
aud_writeback_page_set_store (AudWritebackPage *self,
                              AudStore         *store)
{
  g_return_if_fail (AUD_IS_WRITEBACK_PAGE (self));

  if (g_set_object (&self->store, store))
    aud_writeback_page_refresh (self);
}

void
aud_writeback_page_set_client_factory (AudWritebackPage     *self,
                                       AudSyncClientFactory  factory,
                                       gpointer              factory_data)
{
  g_return_if_fail (AUD_IS_WRITEBACK_PAGE (self));

  self->factory = factory;
  self->factory_data = factory_data;
}

/* ---- the table ---- */

typedef const char *(*ItemText) (AudWritebackItem *item);

static void
text_setup_cb (GtkSignalListItemFactory *factory,
               GtkListItem              *list_item,
               gpointer                  data)
{
  GtkWidget *label = gtk_label_new (NULL);

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
  gtk_list_item_set_child (list_item, label);
}

static void
text_bind_cb (GtkSignalListItemFactory *factory,
              GtkListItem              *list_item,
              gpointer                  data)
{
  ItemText get = data;
  AudWritebackItem *item = gtk_list_item_get_item (list_item);
  GtkWidget *label = gtk_list_item_get_child (list_item);

  gtk_label_set_text (GTK_LABEL (label), get (item));
  gtk_widget_set_tooltip_text (label, get (item));
}

static void
add_text_column (AudWritebackPage *self,
                 const char       *title,
                 ItemText          get,
                 gboolean          expand)
{
  GtkListItemFactory *factory = gtk_signal_list_item_factory_new ();
  g_autoptr(GtkColumnViewColumn) column = NULL;

  g_signal_connect (factory, "setup", G_CALLBACK (text_setup_cb), NULL);
  g_signal_connect (factory, "bind", G_CALLBACK (text_bind_cb), get);
  column = gtk_column_view_column_new (title, factory);
  gtk_column_view_column_set_expand (column, expand);
  gtk_column_view_column_set_resizable (column, TRUE);
  gtk_column_view_append_column (self->column_view, column);
}

static gboolean
rebuild_idle_cb (gpointer data)
{
  AudWritebackPage *self = data;

  self->rebuild_id = 0;
  rebuild_plan (self);
  return G_SOURCE_REMOVE;
}

static void
exclude_toggled_cb (GtkCheckButton   *check,
                    AudWritebackPage *self)
{
  AudWritebackItem *item = g_object_get_data (G_OBJECT (check), "item");

  if (self->binding || item == NULL)
    return;
  if (gtk_check_button_get_active (check))
    g_hash_table_remove (self->excluded, aud_writeback_item_get_key (item));
  else
    g_hash_table_add (self->excluded, g_strdup (aud_writeback_item_get_key (item)));
  /* Not from inside the row's own signal: rebuilding replaces the rows. */
  if (self->rebuild_id == 0)
    self->rebuild_id = g_idle_add_full (G_PRIORITY_DEFAULT, rebuild_idle_cb, g_object_ref (self), g_object_unref);
}

static void
include_setup_cb (GtkSignalListItemFactory *factory,
                  GtkListItem              *list_item,
                  AudWritebackPage         *self)
{
  GtkWidget *check = gtk_check_button_new ();

  gtk_widget_set_halign (check, GTK_ALIGN_CENTER);
  gtk_accessible_update_property (GTK_ACCESSIBLE (check), GTK_ACCESSIBLE_PROPERTY_LABEL, _("Include this change"), -1);
  g_signal_connect_object (check, "toggled", G_CALLBACK (exclude_toggled_cb), self, 0);
  gtk_list_item_set_child (list_item, check);
}

static void
include_bind_cb (GtkSignalListItemFactory *factory,
                 GtkListItem              *list_item,
                 AudWritebackPage         *self)
{
  AudWritebackItem *item = gtk_list_item_get_item (list_item);
  GtkWidget *check = gtk_list_item_get_child (list_item);

  self->binding = TRUE;
  g_object_set_data_full (G_OBJECT (check), "item", g_object_ref (item), g_object_unref);
  gtk_check_button_set_active (GTK_CHECK_BUTTON (check),
                               aud_writeback_item_get_outcome (item) != AUD_WRITE_OUTCOME_EXCLUDED
                               && aud_writeback_item_get_outcome (item) != AUD_WRITE_OUTCOME_SKIP);
  gtk_widget_set_sensitive (check, aud_writeback_item_is_excludable (item));
  self->binding = FALSE;
}

static gboolean
filter_item (gpointer object,
             gpointer data)
{
  AudWritebackPage *self = data;
  AudWritebackItem *item = object;
  guint outcome = gtk_drop_down_get_selected (self->outcome_dropdown);
  g_autofree char *text = g_utf8_casefold (gtk_editable_get_text (GTK_EDITABLE (self->search_entry)), -1);

  /* 0 is "every outcome"; then AudWriteOutcome + 1 */
  if (outcome != 0 && outcome != GTK_INVALID_LIST_POSITION && aud_writeback_item_get_outcome (item) != outcome - 1)
    return FALSE;
  return aud_writeback_item_matches (item, text);
}

static void
filter_changed_cb (AudWritebackPage *self)
{
  gtk_filter_changed (GTK_FILTER (self->filter), GTK_FILTER_CHANGE_DIFFERENT);
}

static void
limit_spin_value_changed_cb (AudWritebackPage *self)
{
  rebuild_plan (self);
}

static void
refresh_button_clicked_cb (AudWritebackPage *self)
{
  load_audience (self);
}

static void
audience_selected_cb (AudWritebackPage *self)
{
  if (!self->binding)
    load_audience (self);
}

/* ---- export ---- */

static void
export_response_cb (GtkNativeDialog  *dialog,
                    int               response,
                    AudWritebackPage *self)
{
  g_autoptr(GFile) file = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *csv = NULL;
  g_autofree char *path = NULL;

  if (response == GTK_RESPONSE_ACCEPT && self->plan != NULL
      && (file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (dialog))) != NULL)
    {
      csv = aud_write_plan_to_csv (self->plan);
      path = g_file_get_path (file);
      if (!g_file_set_contents (path, csv, -1, &error))
        gtk_label_set_text (self->summary_label, error->message);
    }
  g_object_unref (dialog);
}

static void
export_button_clicked_cb (AudWritebackPage *self)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  GtkFileChooserNative *dialog;

  dialog = gtk_file_chooser_native_new (_("Export the Plan"), GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                        GTK_FILE_CHOOSER_ACTION_SAVE, _("_Export"), _("_Cancel"));
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (dialog), "write-back-plan.csv");
  g_signal_connect_object (dialog, "response", G_CALLBACK (export_response_cb), self, 0);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (dialog));
}

/* ---- apply, undo and history ---- */

static void
run_progress_cb (const AudWriteCounts *counts,
                 gpointer              data)
{
  AudWritebackPage *self = data;
  g_autofree char *text = NULL;

  if (counts->records_total > 0)
    gtk_progress_bar_set_fraction (self->progress_bar, (double) counts->records_done / counts->records_total);
  text = g_strdup_printf (_("%lld of %lld records · %lld written, %lld held back, %lld failed"),
                          (long long) counts->records_done, (long long) counts->records_total,
                          (long long) counts->written, (long long) counts->conflicts, (long long) counts->failed);
  gtk_progress_bar_set_text (self->progress_bar, text);
}

static void
run_done_cb (GObject      *source,
             GAsyncResult *result,
             gpointer      data)
{
  g_autoptr(AudWritebackPage) self = data;
  g_autoptr(GError) error = NULL;
  g_autoptr(AudWriteResult) run = aud_write_runner_apply_finish (result, &error);

  g_clear_object (&self->cancellable);
  load_audience (self);
  gtk_label_set_text (self->summary_label, run != NULL ? run->message : error->message);
}

/* The window hands the page the application's client factory, which follows the connection. */
static gboolean
ensure_factory (AudWritebackPage *self)
{
  if (self->factory != NULL)
    return TRUE;

  gtk_label_set_text (self->summary_label, _("Salesforce is not connected. Connect on the Connection page, then apply."));
  return FALSE;
}

static void
start_run (AudWritebackPage *self,
           AudAudience      *audience,
           const char       *object,
           GPtrArray        *changes,
           gint64            undo_of)
{
  if (self->cancellable != NULL || !ensure_factory (self))
    return;

  self->cancellable = g_cancellable_new ();
  gtk_progress_bar_set_fraction (self->progress_bar, 0);
  gtk_progress_bar_set_text (self->progress_bar, undo_of < 0 ? _("Refreshing from Salesforce…") : _("Undoing…"));
  update_buttons (self);
  /* Refresh first, so the re-read before each chunk compares against what was previewed. */
  aud_write_runner_apply_async (aud_store_get_path (self->store), self->factory, self->factory_data,
                                audience != NULL ? aud_audience_get_id (audience) : -1, object, changes, undo_of,
                                undo_of < 0, NULL, run_progress_cb, self, self->cancellable, run_done_cb,
                                g_object_ref (self));
}

static void
apply_button_clicked_cb (AudWritebackPage *self)
{
  AudAudience *audience = selected_audience (self);
  g_autoptr(GPtrArray) changes = NULL;

  if (audience == NULL || self->plan == NULL)
    return;
  changes = aud_write_plan_get_changes (self->plan);
  start_run (self, audience, aud_audience_get_object (audience), changes, -1);
}

static void
cancel_button_clicked_cb (AudWritebackPage *self)
{
  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
}

static void
undo_button_clicked_cb (GtkButton        *button,
                        AudWritebackPage *self)
{
  gint64 run_id = GPOINTER_TO_SIZE (g_object_get_data (G_OBJECT (button), "run-id"));
  g_autoptr(AudWriteRunInfo) run = NULL;
  g_autoptr(GPtrArray) changes = NULL;
  g_autoptr(GError) error = NULL;

  run = aud_write_audit_get_run (self->store, run_id, &error);
  if (run != NULL)
    changes = aud_write_audit_undo_changes (self->store, run_id, &error);
  if (changes == NULL)
    {
      gtk_label_set_text (self->summary_label, error->message);
      return;
    }
  start_run (self, selected_audience (self), run->object, changes, run_id);
}

static void
refresh_history (AudWritebackPage *self)
{
  AudAudience *audience = selected_audience (self);
  g_autoptr(GPtrArray) runs = NULL;
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->history_list))) != NULL)
    gtk_list_box_remove (self->history_list, child);
  if (audience == NULL || (runs = aud_write_audit_list_runs (self->store, aud_audience_get_id (audience), NULL)) == NULL)
    return;

  if (runs->len == 0)
    {
      GtkWidget *row = adw_action_row_new ();

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), _("Nothing written yet"));
      gtk_list_box_append (self->history_list, row);
    }
  for (guint i = 0; i < runs->len; i++)
    {
      AudWriteRunInfo *run = runs->pdata[i];
      GtkWidget *row = adw_action_row_new ();
      g_autofree char *title = NULL;
      g_autofree char *subtitle = NULL;

      title = run->is_undo ? g_strdup_printf (_("Run %lld: undo of run %lld — %s"), (long long) run->id,
                                              (long long) run->undo_of, aud_write_state_to_string (run->state))
                           : g_strdup_printf (_("Run %lld — %s"), (long long) run->id, aud_write_state_to_string (run->state));
      subtitle = g_strdup_printf (_("%s · %lld written, %lld held back, %lld failed, %lld without an answer"),
                                  run->started_at, (long long) run->n_written, (long long) run->n_conflicts,
                                  (long long) run->n_failed, (long long) run->n_sent);
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
      if (!run->is_undo && run->n_written + run->n_sent > 0)
        {
          GtkWidget *undo = gtk_button_new_with_mnemonic (_("_Undo"));

          gtk_widget_set_valign (undo, GTK_ALIGN_CENTER);
          gtk_widget_set_sensitive (undo, self->cancellable == NULL);
          g_object_set_data (G_OBJECT (undo), "run-id", GSIZE_TO_POINTER ((gsize) run->id));
          g_signal_connect_object (undo, "clicked", G_CALLBACK (undo_button_clicked_cb), self, 0);
          adw_action_row_add_suffix (ADW_ACTION_ROW (row), undo);
        }
      gtk_list_box_append (self->history_list, row);
    }
}

static void
aud_writeback_page_dispose (GObject *object)
{
  AudWritebackPage *self = (AudWritebackPage *) object;

  /* AdwBin unparents its child itself; dispose_template would free it first. */
  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
  g_clear_handle_id (&self->rebuild_id, g_source_remove);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->store);
  g_clear_pointer (&self->audiences, g_ptr_array_unref);
  g_clear_pointer (&self->fields, g_ptr_array_unref);
  g_clear_pointer (&self->inputs, g_ptr_array_unref);
  g_clear_pointer (&self->plan, aud_write_plan_free);
  g_clear_pointer (&self->excluded, g_hash_table_unref);
  g_clear_object (&self->items);
  g_clear_object (&self->filter);

  G_OBJECT_CLASS (aud_writeback_page_parent_class)->dispose (object);
}

static void
aud_writeback_page_class_init (AudWritebackPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = aud_writeback_page_dispose;

  gtk_widget_class_set_template_from_resource (widget_class, "/org/example/Audiences/pages/aud-writeback-page.ui");
  gtk_widget_class_bind_template_child (widget_class, AudWritebackPage, apply_button);
  gtk_widget_class_bind_template_child (widget_class, AudWritebackPage, audience_dropdown);
  gtk_widget_class_bind_template_child (widget_class, AudWritebackPage, cancel_button);
  gtk_widget_class_bind_template_child (widget_class, AudWritebackPage, column_view);
  gtk_widget_class_bind_template_child (widget_class, AudWritebackPage, empty_status);
  gtk_widget_class_bind_template_child (widget_class, AudWritebackPage, export_button);
  gtk_widget_class_bind_template_child (widget_class, AudWritebackPage, history_list);
  gtk_widget_class_bind_template_child (widget_class, AudWritebackPage, limit_spin);
  gtk_widget_class_bind_template_child (widget_class, AudWritebackPage, outcome_dropdown);
  gtk_widget_class_bind_template_child (widget_class, AudWritebackPage, progress_bar);
  gtk_widget_class_bind_template_child (widget_class, AudWritebackPage, search_entry);
  gtk_widget_class_bind_template_child (widget_class, AudWritebackPage, stack);
  gtk_widget_class_bind_template_child (widget_class, AudWritebackPage, summary_label);
  gtk_widget_class_bind_template_child (widget_class, AudWritebackPage, totals_label);
  gtk_widget_class_bind_template_callback (widget_class, apply_button_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, cancel_button_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, export_button_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, filter_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, limit_spin_value_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, refresh_button_clicked_cb);
}

static void
aud_writeback_page_init (AudWritebackPage *self)
{
  GtkListItemFactory *include;
  g_autoptr(GtkColumnViewColumn) column = NULL;
  GtkFilterListModel *filtered;

  gtk_widget_init_template (GTK_WIDGET (self));

  self->excluded = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->items = g_list_store_new (AUD_TYPE_WRITEBACK_ITEM);
  self->filter = gtk_custom_filter_new (filter_item, self, NULL);
  filtered = gtk_filter_list_model_new (G_LIST_MODEL (g_object_ref (self->items)), GTK_FILTER (g_object_ref (self->filter)));
  gtk_column_view_set_model (self->column_view, GTK_SELECTION_MODEL (gtk_no_selection_new (G_LIST_MODEL (filtered))));

  include = gtk_signal_list_item_factory_new ();
  g_signal_connect (include, "setup", G_CALLBACK (include_setup_cb), self);
  g_signal_connect (include, "bind", G_CALLBACK (include_bind_cb), self);
  column = gtk_column_view_column_new (_("Include"), include);
  gtk_column_view_append_column (self->column_view, column);
  add_text_column (self, _("Record"), aud_writeback_item_get_record, FALSE);
  add_text_column (self, _("Field"), aud_writeback_item_get_field, FALSE);
  add_text_column (self, _("Current → New"), aud_writeback_item_get_change, TRUE);
  add_text_column (self, _("Rule"), aud_writeback_item_get_rule, FALSE);
  add_text_column (self, _("Outcome"), aud_writeback_item_get_outcome_label, TRUE);

  g_signal_connect_swapped (self->audience_dropdown, "notify::selected", G_CALLBACK (audience_selected_cb), self);
  update_buttons (self);
}
