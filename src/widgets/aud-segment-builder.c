/* aud-segment-builder.c — build, count, preview and save an audience's segments
 *
 * One AudSegmentConditionRow per top-level condition. Every edit restarts a
 * short debounce; then the definition is checked here (errors show at once, under the list) and
 * counted in a GTask thread with its own SQLite connection, so typing never waits on a count. A
 * newer edit cancels the count in flight. Nested groups of a segment imported from a file are
 * kept as they are and shown as one row each.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "aud-segment-builder.h"
#include "aud-segment-builder-private.h"
#include "aud-segment-condition-row.h"
#include "aud-segment-index.h"
#include "aud-segment-query.h"

#define DEBOUNCE_MS   250
#define PREVIEW_ROWS  50

struct _AudSegmentBuilder
{
  AdwBin             parent_instance;

  GtkListBox        *conditions_list;
  GtkLabel          *count_label;
  GtkSpinner        *count_spinner;
  GtkDropDown       *match_dropdown;
  GtkEntry          *name_entry;
  GtkColumnView     *preview_view;
  GtkLabel          *problem_label;
  GtkDropDown       *segment_dropdown;

  AudAudience       *audience;
  AudSegmentFields  *fields;
  GtkStringList     *field_labels;     /* the field drop-downs' model, in fields' order */
  GtkStringList     *segment_names;    /* "New segment", then the saved ones */
  AudSegment        *segment;
  GListStore        *preview;          /* GtkStringObject: a record's JSON text */

  GCancellable      *cancellable;
  guint              debounce_id;
  gint64             count;
  char              *problem;
  gboolean           loading;          /* filling widgets from a segment: no recount per change */
};

G_DEFINE_FINAL_TYPE (AudSegmentBuilder, aud_segment_builder, ADW_TYPE_BIN)

enum {
  PROP_0,
  PROP_COUNT,
  PROP_PROBLEM,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void schedule_count (AudSegmentBuilder *self);

static void
condition_row_changed_cb (AudSegmentConditionRow *row,
                          AudSegmentBuilder      *self)
{
  schedule_count (self);
}

static void
condition_row_remove_cb (AudSegmentConditionRow *row,
                         AudSegmentBuilder      *self)
{
  gtk_list_box_remove (self->conditions_list, GTK_WIDGET (row));
  schedule_count (self);
}

static GtkWidget *
add_row (AudSegmentBuilder *self,
         GtkWidget         *row)
{
  g_signal_connect_object (row, "changed", G_CALLBACK (condition_row_changed_cb), self, 0);
  g_signal_connect_object (row, "remove", G_CALLBACK (condition_row_remove_cb), self, 0);
  gtk_list_box_append (self->conditions_list, row);
  return row;
}

static void
clear_rows (AudSegmentBuilder *self)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->conditions_list))) != NULL)
    gtk_list_box_remove (self->conditions_list, child);
}

/* The definition on screen, one node per row, in order. */
static AudSegmentNode *
build_root (AudSegmentBuilder *self)
{
  AudSegmentMatch match = gtk_drop_down_get_selected (self->match_dropdown) == 1 ? AUD_SEGMENT_MATCH_ANY
                                                                                 : AUD_SEGMENT_MATCH_ALL;
  AudSegmentNode *root = aud_segment_node_new_group (match);

  for (GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (self->conditions_list));
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    if (AUD_IS_SEGMENT_CONDITION_ROW (child))
      aud_segment_node_add (root, aud_segment_condition_row_build (AUD_SEGMENT_CONDITION_ROW (child)));

  return root;
}

static void
set_count (AudSegmentBuilder *self,
           gint64             count,
           const char        *problem)
{
  g_autofree char *number = NULL;
  g_autofree char *text = NULL;

  if (self->count != count)
    {
      self->count = count;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_COUNT]);
    }
  if (g_strcmp0 (self->problem, problem) != 0)
    {
      g_free (self->problem);
      self->problem = g_strdup (problem);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PROBLEM]);
    }

  gtk_label_set_text (self->problem_label, problem != NULL ? problem : "");
  gtk_widget_set_visible (GTK_WIDGET (self->problem_label), problem != NULL);

  if (count < 0)
    {
      gtk_label_set_text (self->count_label, problem != NULL ? _("No count") : _("Counting…"));
      return;
    }

  /* Thousands separators as the locale writes them. */
  number = g_strdup_printf ("%'" G_GINT64_FORMAT, count);
  text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%s matching record", "%s matching records", (gulong) count),
                          number);
  gtk_label_set_text (self->count_label, text);
}

static void
query_run_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(AudSegmentBuilder) self = user_data;
  AudSegmentQuery *query = g_task_get_task_data (G_TASK (result));
  g_autoptr(AudSegmentResult) outcome = NULL;
  g_autoptr(GError) error = NULL;

  outcome = aud_segment_query_run_finish (query, result, &error);
  /* A newer edit took over, or the widget went away meanwhile. */
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) || self->preview == NULL)
    return;

  gtk_spinner_stop (self->count_spinner);
  if (outcome == NULL)
    {
      set_count (self, -1, error->message);
      return;
    }

  g_list_store_remove_all (self->preview);
  for (guint i = 0; i < outcome->records->len; i++)
    {
      AudSegmentRecord *record = g_ptr_array_index (outcome->records, i);
      g_autoptr(GtkStringObject) item = gtk_string_object_new (record->data);
      g_list_store_append (self->preview, item);
    }
  set_count (self, outcome->count, NULL);
}

static gboolean
debounce_done_cb (gpointer user_data)
{
  AudSegmentBuilder *self = user_data;
  g_autoptr(AudSegmentNode) root = NULL;
  g_autoptr(AudSegmentQuery) query = NULL;
  g_autoptr(GError) error = NULL;

  self->debounce_id = 0;
  if (self->audience == NULL || self->fields == NULL)
    return G_SOURCE_REMOVE;

  root = build_root (self);
  aud_segment_preview_update_columns (self->preview_view, self->fields, root);

  /* Checked here, on the main thread: a mistake shows at once, never as an empty result. */
  query = aud_segment_query_new (self->audience, self->fields, root, &error);
  if (query == NULL)
    {
      gtk_spinner_stop (self->count_spinner);
      g_list_store_remove_all (self->preview);
      set_count (self, -1, error->message);
      return G_SOURCE_REMOVE;
    }

  self->cancellable = g_cancellable_new ();
  gtk_spinner_start (self->count_spinner);
  aud_segment_query_run_async (query, PREVIEW_ROWS, self->cancellable, query_run_cb, g_object_ref (self));
  return G_SOURCE_REMOVE;
}

static void
schedule_count (AudSegmentBuilder *self)
{
  /* Disposed (the preview is gone), or filling in a segment: nothing to count yet. */
  if (self->loading || self->preview == NULL)
    return;

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_handle_id (&self->debounce_id, g_source_remove);
  set_count (self, -1, NULL);
  self->debounce_id = g_timeout_add (DEBOUNCE_MS, debounce_done_cb, self);
}

static void
show_problem (AudSegmentBuilder *self,
              const GError      *error)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  GtkWidget *overlay = root != NULL ? gtk_widget_get_first_child (GTK_WIDGET (root)) : NULL;

  /* Toast where the window has an overlay; the label under the conditions otherwise. */
  if (ADW_IS_TOAST_OVERLAY (overlay))
    adw_toast_overlay_add_toast (ADW_TOAST_OVERLAY (overlay), adw_toast_new (error->message));
  gtk_label_set_text (self->problem_label, error->message);
  gtk_widget_set_visible (GTK_WIDGET (self->problem_label), TRUE);
}

static void segment_dropdown_selected_cb (GtkDropDown       *dropdown,
                                          GParamSpec        *pspec,
                                          AudSegmentBuilder *self);

/* Refills the saved-segment list and selects `selected` (NULL: "New segment"). */
static void
reload_segment_names (AudSegmentBuilder *self,
                      const char        *selected)
{
  g_autoptr(GPtrArray) segments = NULL;
  g_autoptr(GError) error = NULL;
  guint position = 0;
  guint n_old = g_list_model_get_n_items (G_LIST_MODEL (self->segment_names));
  g_autoptr(GStrvBuilder) names = g_strv_builder_new ();
  g_auto(GStrv) strv = NULL;

  g_strv_builder_add (names, _("New segment"));
  if (self->audience != NULL)
    {
      segments = aud_segment_list (self->audience, &error);
      if (segments == NULL)
        show_problem (self, error);
      for (guint i = 0; segments != NULL && i < segments->len; i++)
        {
          const char *name = aud_segment_get_name (g_ptr_array_index (segments, i));
          g_strv_builder_add (names, name);
          if (g_strcmp0 (name, selected) == 0)
            position = i + 1;
        }
    }

  strv = g_strv_builder_end (names);
  g_signal_handlers_block_by_func (self->segment_dropdown, segment_dropdown_selected_cb, self);
  gtk_string_list_splice (self->segment_names, 0, n_old, (const char * const *) strv);
  gtk_drop_down_set_selected (self->segment_dropdown, position);
  g_signal_handlers_unblock_by_func (self->segment_dropdown, segment_dropdown_selected_cb, self);
}

/* Puts `segment` on screen (takes a reference). */
static void
show_segment (AudSegmentBuilder *self,
              AudSegment        *segment)
{
  AudSegmentNode *root = aud_segment_get_root (segment);

  g_set_object (&self->segment, segment);

  self->loading = TRUE;
  clear_rows (self);
  gtk_editable_set_text (GTK_EDITABLE (self->name_entry), aud_segment_get_name (segment));
  gtk_drop_down_set_selected (self->match_dropdown, root->match == AUD_SEGMENT_MATCH_ANY ? 1 : 0);
  for (guint i = 0; i < root->children->len; i++)
    {
      AudSegmentNode *child = g_ptr_array_index (root->children, i);

      /* Shown as it is rather than silently switched to another field. */
      if (child->is_group || aud_segment_fields_lookup (self->fields, child->field) == NULL)
        add_row (self, aud_segment_condition_row_new_kept (child));
      else
        add_row (self, aud_segment_condition_row_new (self->fields, G_LIST_MODEL (self->field_labels), child));
    }
  self->loading = FALSE;

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "segment.delete", aud_segment_get_id (segment) != 0);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "segment.duplicate", aud_segment_get_id (segment) != 0);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "segment.rename", aud_segment_get_id (segment) != 0);
  schedule_count (self);
}

static void
start_new_segment (AudSegmentBuilder *self)
{
  g_autoptr(AudSegment) segment = aud_segment_new (self->audience, "");

  show_segment (self, segment);
}

static void
segment_dropdown_selected_cb (GtkDropDown       *dropdown,
                              GParamSpec        *pspec,
                              AudSegmentBuilder *self)
{
  guint position = gtk_drop_down_get_selected (dropdown);
  g_autoptr(AudSegment) segment = NULL;
  g_autoptr(GError) error = NULL;

  if (self->audience == NULL)
    return;
  if (position == 0 || position == GTK_INVALID_LIST_POSITION)
    {
      start_new_segment (self);
      return;
    }

  segment = aud_segment_lookup (self->audience, gtk_string_list_get_string (self->segment_names, position), &error);
  if (segment == NULL)
    {
      show_problem (self, error);
      return;
    }
  show_segment (self, segment);
}

static void
match_dropdown_selected_cb (GtkDropDown       *dropdown,
                            GParamSpec        *pspec,
                            AudSegmentBuilder *self)
{
  schedule_count (self);
}

static void
add_condition_action (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *parameter)
{
  AudSegmentBuilder *self = AUD_SEGMENT_BUILDER (widget);
  GtkWidget *row;

  if (self->fields == NULL || aud_segment_fields_get_n (self->fields) == 0)
    return;

  row = add_row (self, aud_segment_condition_row_new (self->fields, G_LIST_MODEL (self->field_labels), NULL));
  gtk_widget_child_focus (row, GTK_DIR_TAB_FORWARD);
  schedule_count (self);
}

static void
index_refresh_cb (GObject      *source,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(AudSegmentBuilder) self = user_data;
  g_autoptr(GError) error = NULL;

  /* The segment is saved either way; without its index it is only slower to count. */
  if (!aud_segment_index_refresh_finish (result, &error) && self->preview != NULL)
    show_problem (self, error);
}

static void
save_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  AudSegmentBuilder *self = AUD_SEGMENT_BUILDER (widget);
  const char *name = gtk_editable_get_text (GTK_EDITABLE (self->name_entry));
  g_autoptr(GError) error = NULL;

  if (self->segment == NULL)
    return;

  /* A new name on a saved segment is a rename, checked before anything is written. */
  if (aud_segment_get_id (self->segment) != 0 && g_strcmp0 (name, aud_segment_get_name (self->segment)) != 0 &&
      !aud_segment_rename (self->segment, name, &error))
    {
      show_problem (self, error);
      return;
    }
  if (aud_segment_get_id (self->segment) == 0)
    {
      g_autoptr(AudSegment) named = aud_segment_new (self->audience, name);
      g_set_object (&self->segment, named);
    }

  aud_segment_set_root (self->segment, build_root (self));
  if (!aud_segment_save_full (self->segment, AUD_SEGMENT_SAVE_DEFER_INDEXES, &error))
    {
      show_problem (self, error);
      return;
    }
  /* Saved now; indexes for newly used fields are built off the main thread. */
  aud_segment_index_refresh_async (aud_store_get_path (aud_audience_get_store (self->audience)), NULL,
                                   index_refresh_cb, g_object_ref (self));

  reload_segment_names (self, aud_segment_get_name (self->segment));
  gtk_editable_set_text (GTK_EDITABLE (self->name_entry), aud_segment_get_name (self->segment));
  gtk_widget_action_set_enabled (widget, "segment.delete", TRUE);
  gtk_widget_action_set_enabled (widget, "segment.duplicate", TRUE);
  gtk_widget_action_set_enabled (widget, "segment.rename", TRUE);
}

static void
new_action (GtkWidget  *widget,
            const char *action_name,
            GVariant   *parameter)
{
  AudSegmentBuilder *self = AUD_SEGMENT_BUILDER (widget);

  reload_segment_names (self, NULL);
  start_new_segment (self);
  gtk_widget_grab_focus (GTK_WIDGET (self->name_entry));
}

static void
rename_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  AudSegmentBuilder *self = AUD_SEGMENT_BUILDER (widget);
  g_autoptr(GError) error = NULL;

  if (self->segment == NULL || aud_segment_get_id (self->segment) == 0)
    return;

  /* Renames to what the name field says; the conditions stay as last saved. */
  if (!aud_segment_rename (self->segment, gtk_editable_get_text (GTK_EDITABLE (self->name_entry)), &error))
    {
      show_problem (self, error);
      return;
    }
  reload_segment_names (self, aud_segment_get_name (self->segment));
}

static void
duplicate_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  AudSegmentBuilder *self = AUD_SEGMENT_BUILDER (widget);
  g_autoptr(AudSegment) copy = NULL;
  g_autoptr(GError) error = NULL;

  if (self->segment == NULL || aud_segment_get_id (self->segment) == 0)
    return;

  /* "Name (copy)", "Name (copy 2)", … : the first free one. */
  for (guint n = 1; n < 100 && copy == NULL; n++)
    {
      g_autofree char *name = n == 1 ? g_strdup_printf (_("%s (copy)"), aud_segment_get_name (self->segment))
                                     : g_strdup_printf (_("%s (copy %u)"), aud_segment_get_name (self->segment), n);
      g_clear_error (&error);
      copy = aud_segment_duplicate (self->segment, name, &error);
      if (copy == NULL && !g_error_matches (error, AUD_SEGMENT_ERROR, AUD_SEGMENT_ERROR_NAME_TAKEN))
        break;
    }
  if (copy == NULL)
    {
      show_problem (self, error);
      return;
    }

  reload_segment_names (self, aud_segment_get_name (copy));
  show_segment (self, copy);
}

static void
delete_response_cb (AdwMessageDialog  *dialog,
                    const char        *response,
                    AudSegmentBuilder *self)
{
  g_autoptr(GError) error = NULL;

  if (g_strcmp0 (response, "delete") != 0 || self->segment == NULL)
    return;

  if (!aud_segment_delete (self->segment, &error))
    {
      show_problem (self, error);
      return;
    }
  reload_segment_names (self, NULL);
  start_new_segment (self);
}

static void
delete_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  AudSegmentBuilder *self = AUD_SEGMENT_BUILDER (widget);
  GtkRoot *root = gtk_widget_get_root (widget);
  GtkWidget *dialog;

  if (self->segment == NULL || aud_segment_get_id (self->segment) == 0)
    return;

  dialog = adw_message_dialog_new (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                   _("Delete Segment?"), NULL);
  adw_message_dialog_format_body (ADW_MESSAGE_DIALOG (dialog),
                                  _("“%s” will be deleted. Its records stay in the audience."),
                                  aud_segment_get_name (self->segment));
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog), "cancel", _("_Cancel"), "delete", _("_Delete"), NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "delete", ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  g_signal_connect_object (dialog, "response", G_CALLBACK (delete_response_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

void
aud_segment_builder_set_audience (AudSegmentBuilder *self,
                                  AudAudience       *audience)
{
  g_autoptr(GError) error = NULL;

  g_return_if_fail (AUD_IS_SEGMENT_BUILDER (self));
  g_return_if_fail (audience == NULL || AUD_IS_AUDIENCE (audience));

  if (!g_set_object (&self->audience, audience))
    return;

  g_clear_pointer (&self->fields, aud_segment_fields_unref);
  gtk_string_list_splice (self->field_labels, 0, g_list_model_get_n_items (G_LIST_MODEL (self->field_labels)), NULL);
  clear_rows (self);
  g_list_store_remove_all (self->preview);

  if (audience == NULL)
    return;

  self->fields = aud_segment_fields_load (audience, &error);
  if (self->fields == NULL)
    {
      show_problem (self, error);
      return;
    }
  for (guint i = 0; i < aud_segment_fields_get_n (self->fields); i++)
    gtk_string_list_append (self->field_labels, aud_segment_fields_get_nth (self->fields, i)->label);
  /* Nothing to filter on until the audience maps fields. */
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "segment.add-condition", aud_segment_fields_get_n (self->fields) > 0);

  reload_segment_names (self, NULL);
  start_new_segment (self);
}

AudAudience *
aud_segment_builder_get_audience (AudSegmentBuilder *self)
{
  g_return_val_if_fail (AUD_IS_SEGMENT_BUILDER (self), NULL);

  return self->audience;
}

AudSegment *
aud_segment_builder_get_segment (AudSegmentBuilder *self)
{
  g_return_val_if_fail (AUD_IS_SEGMENT_BUILDER (self), NULL);

  return self->segment;
}

gint64
aud_segment_builder_get_count (AudSegmentBuilder *self)
{
  g_return_val_if_fail (AUD_IS_SEGMENT_BUILDER (self), -1);

  return self->count;
}

const char *
aud_segment_builder_get_problem (AudSegmentBuilder *self)
{
  g_return_val_if_fail (AUD_IS_SEGMENT_BUILDER (self), NULL);

  return self->problem;
}

void
aud_segment_builder_recount (AudSegmentBuilder *self)
{
  g_return_if_fail (AUD_IS_SEGMENT_BUILDER (self));

  schedule_count (self);
}

gboolean
aud_segment_builder_open (AudSegmentBuilder *self,
                          const char        *name)
{
  g_autofree char *wanted = NULL;
  guint n;

  g_return_val_if_fail (AUD_IS_SEGMENT_BUILDER (self), FALSE);
  g_return_val_if_fail (name != NULL, FALSE);

  /* Names are unique without regard to case, as the workspace compares them. */
  wanted = g_utf8_casefold (name, -1);
  n = g_list_model_get_n_items (G_LIST_MODEL (self->segment_names));
  for (guint i = 1; i < n; i++)
    {
      g_autofree char *candidate = g_utf8_casefold (gtk_string_list_get_string (self->segment_names, i), -1);

      if (g_str_equal (candidate, wanted))
        {
          gtk_drop_down_set_selected (self->segment_dropdown, i);
          return TRUE;
        }
    }

  return FALSE;
}

GtkWidget *
aud_segment_builder_new (void)
{
  return g_object_new (AUD_TYPE_SEGMENT_BUILDER, NULL);
}

static void
aud_segment_builder_dispose (GObject *object)
{
  AudSegmentBuilder *self = AUD_SEGMENT_BUILDER (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_handle_id (&self->debounce_id, g_source_remove);
  gtk_widget_dispose_template (GTK_WIDGET (self), AUD_TYPE_SEGMENT_BUILDER);
  g_clear_object (&self->segment);
  g_clear_object (&self->audience);
  g_clear_pointer (&self->fields, aud_segment_fields_unref);
  g_clear_object (&self->field_labels);
  g_clear_object (&self->segment_names);
  g_clear_object (&self->preview);

  G_OBJECT_CLASS (aud_segment_builder_parent_class)->dispose (object);
}

static void
aud_segment_builder_finalize (GObject *object)
{
  AudSegmentBuilder *self = AUD_SEGMENT_BUILDER (object);

  g_free (self->problem);

  G_OBJECT_CLASS (aud_segment_builder_parent_class)->finalize (object);
}

static void
aud_segment_builder_get_property (GObject    *object,
                                  guint       prop_id,
                                  GValue     *value,
                                  GParamSpec *pspec)
{
  AudSegmentBuilder *self = AUD_SEGMENT_BUILDER (object);

  switch (prop_id)
    {
    case PROP_COUNT:
      g_value_set_int64 (value, self->count);
      break;
    case PROP_PROBLEM:
      g_value_set_string (value, self->problem);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
aud_segment_builder_class_init (AudSegmentBuilderClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = aud_segment_builder_dispose;
  object_class->finalize = aud_segment_builder_finalize;
  object_class->get_property = aud_segment_builder_get_property;

  properties[PROP_COUNT] =
    g_param_spec_int64 ("count", NULL, NULL, -1, G_MAXINT64, -1,
                        G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_PROBLEM] =
    g_param_spec_string ("problem", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class, "/org/example/Audiences/widgets/aud-segment-builder.ui");
  gtk_widget_class_bind_template_child (widget_class, AudSegmentBuilder, conditions_list);
  gtk_widget_class_bind_template_child (widget_class, AudSegmentBuilder, count_label);
  gtk_widget_class_bind_template_child (widget_class, AudSegmentBuilder, count_spinner);
  gtk_widget_class_bind_template_child (widget_class, AudSegmentBuilder, match_dropdown);
  gtk_widget_class_bind_template_child (widget_class, AudSegmentBuilder, name_entry);
  gtk_widget_class_bind_template_child (widget_class, AudSegmentBuilder, preview_view);
  gtk_widget_class_bind_template_child (widget_class, AudSegmentBuilder, problem_label);
  gtk_widget_class_bind_template_child (widget_class, AudSegmentBuilder, segment_dropdown);

  gtk_widget_class_install_action (widget_class, "segment.add-condition", NULL, add_condition_action);
  gtk_widget_class_install_action (widget_class, "segment.save", NULL, save_action);
  gtk_widget_class_install_action (widget_class, "segment.new", NULL, new_action);
  gtk_widget_class_install_action (widget_class, "segment.rename", NULL, rename_action);
  gtk_widget_class_install_action (widget_class, "segment.duplicate", NULL, duplicate_action);
  gtk_widget_class_install_action (widget_class, "segment.delete", NULL, delete_action);
}

static void
aud_segment_builder_init (AudSegmentBuilder *self)
{
  g_autoptr(GtkNoSelection) selection = NULL;

  gtk_widget_init_template (GTK_WIDGET (self));

  self->count = -1;
  self->field_labels = gtk_string_list_new (NULL);
  self->segment_names = gtk_string_list_new (NULL);
  self->preview = g_list_store_new (GTK_TYPE_STRING_OBJECT);

  gtk_drop_down_set_model (self->segment_dropdown, G_LIST_MODEL (self->segment_names));
  selection = gtk_no_selection_new (G_LIST_MODEL (g_object_ref (self->preview)));
  gtk_column_view_set_model (self->preview_view, GTK_SELECTION_MODEL (selection));

  g_signal_connect (self->segment_dropdown, "notify::selected", G_CALLBACK (segment_dropdown_selected_cb), self);
  g_signal_connect (self->match_dropdown, "notify::selected", G_CALLBACK (match_dropdown_selected_cb), self);

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "segment.delete", FALSE);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "segment.duplicate", FALSE);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "segment.rename", FALSE);
}
