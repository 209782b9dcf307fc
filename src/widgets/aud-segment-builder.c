/* aud-segment-builder.c — build, count, preview and save an audience's segments
 *
 * One row per top-level condition: field, operator, value(s), remove. Every edit restarts a
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
#include "aud-segment-query.h"

#define DEBOUNCE_MS   250
#define PREVIEW_ROWS  50
#define MAX_COLUMNS   6

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
  GPtrArray         *rows;             /* ConditionRow, in list order */
  GPtrArray         *kept_nodes;       /* AudSegmentNode shown read-only (see ConditionRow) */
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

typedef struct
{
  AudSegmentBuilder        *self;
  GtkWidget                *row;
  GtkDropDown              *field_dropdown;
  GtkDropDown              *operator_dropdown;
  GtkEntry                 *value_entry;
  GtkEntry                 *end_entry;
  const AudSegmentOperator *operators;
  guint                     n_operators;
  AudSegmentNode           *kept;       /* a node shown read-only instead (a nested group, or a
                                          * condition on a field unmapped since), or NULL */
} ConditionRow;

static void schedule_count (AudSegmentBuilder *self);

static const AudSegmentField *
row_field (ConditionRow *row)
{
  guint i = gtk_drop_down_get_selected (row->field_dropdown);

  if (row->self->fields == NULL || i >= aud_segment_fields_get_n (row->self->fields))
    return NULL;
  return aud_segment_fields_get_nth (row->self->fields, i);
}

static AudSegmentOperator
row_operator (ConditionRow *row)
{
  guint i = gtk_drop_down_get_selected (row->operator_dropdown);

  return i < row->n_operators ? row->operators[i] : row->operators[0];
}

/* Shows the entries the operator needs, with a hint of what to type. */
static void
update_value_entries (ConditionRow *row)
{
  const AudSegmentField *field = row_field (row);
  AudSegmentOperator op = row_operator (row);
  int n_values = aud_segment_operator_n_values (op);
  g_autofree char *hint = NULL;

  if (field == NULL)
    return;

  switch (field->kind)
    {
    case AUD_FIELD_KIND_DATE:
    case AUD_FIELD_KIND_DATETIME:
      hint = g_strdup (op == AUD_SEGMENT_OPERATOR_IN_LAST_DAYS || op == AUD_SEGMENT_OPERATOR_IN_NEXT_DAYS
                       ? _("Days, e.g. 30") : _("Date, e.g. 2024-03-31"));
      break;
    case AUD_FIELD_KIND_NUMBER:
      hint = g_strdup (_("Number, e.g. 500"));
      break;
    case AUD_FIELD_KIND_PICKLIST:
    case AUD_FIELD_KIND_MULTIPICKLIST:
      if (field->picklist_values != NULL)
        {
          g_autofree char *values = g_strjoinv (", ", field->picklist_values);
          hint = g_strdup_printf (_("Comma-separated: %s"), values);
        }
      else
        hint = g_strdup (_("Values, comma-separated"));
      break;
    case AUD_FIELD_KIND_BOOLEAN:
    case AUD_FIELD_KIND_TEXT:
    default:
      hint = g_strdup (n_values < 0 ? _("Values, comma-separated") : _("Text"));
      break;
    }

  gtk_entry_set_placeholder_text (row->value_entry, hint);
  gtk_widget_set_tooltip_text (GTK_WIDGET (row->value_entry), hint);
  gtk_widget_set_visible (GTK_WIDGET (row->value_entry), n_values != 0);
  gtk_widget_set_visible (GTK_WIDGET (row->end_entry), n_values == 2);
  gtk_entry_set_placeholder_text (row->end_entry, hint);
}

/* The operator drop-down follows the field's type. */
static void
update_operators (ConditionRow       *row,
                  AudSegmentOperator  wanted)
{
  const AudSegmentField *field = row_field (row);
  g_autoptr(GtkStringList) labels = gtk_string_list_new (NULL);
  guint selected = 0;

  if (field == NULL)
    return;

  row->operators = aud_segment_operators_for_kind (field->kind, &row->n_operators);
  for (guint i = 0; i < row->n_operators; i++)
    {
      gtk_string_list_append (labels, aud_segment_operator_get_label (row->operators[i], field->kind));
      if (row->operators[i] == wanted)
        selected = i;
    }
  gtk_drop_down_set_model (row->operator_dropdown, G_LIST_MODEL (labels));
  gtk_drop_down_set_selected (row->operator_dropdown, selected);
  update_value_entries (row);
}

static void
field_dropdown_selected_cb (GtkDropDown  *dropdown,
                            GParamSpec   *pspec,
                            ConditionRow *row)
{
  update_operators (row, row_operator (row));
  schedule_count (row->self);
}

static void
operator_dropdown_selected_cb (GtkDropDown  *dropdown,
                               GParamSpec   *pspec,
                               ConditionRow *row)
{
  update_value_entries (row);
  schedule_count (row->self);
}

static void
value_entry_changed_cb (GtkEditable  *editable,
                        ConditionRow *row)
{
  schedule_count (row->self);
}

static void
remove_button_clicked_cb (GtkButton    *button,
                          ConditionRow *row)
{
  AudSegmentBuilder *self = row->self;

  if (row->kept != NULL)
    g_ptr_array_remove (self->kept_nodes, row->kept);
  gtk_list_box_remove (self->conditions_list, row->row);
  g_ptr_array_remove (self->rows, row);
  schedule_count (self);
}

static void
condition_row_free (ConditionRow *row)
{
  g_free (row);
}

static guint
field_position (AudSegmentBuilder *self,
                const char        *name)
{
  const AudSegmentField *field = aud_segment_fields_lookup (self->fields, name);

  for (guint i = 0; field != NULL && i < aud_segment_fields_get_n (self->fields); i++)
    if (aud_segment_fields_get_nth (self->fields, i) == field)
      return i;
  return GTK_INVALID_LIST_POSITION;
}

static GtkWidget *
make_remove_button (ConditionRow *row)
{
  GtkWidget *button = gtk_button_new_from_icon_name ("list-remove-symbolic");

  gtk_widget_set_tooltip_text (button, _("Remove Condition"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_LABEL, _("Remove condition"), -1);
  gtk_widget_add_css_class (button, "flat");
  gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
  g_signal_connect (button, "clicked", G_CALLBACK (remove_button_clicked_cb), row);
  return button;
}

/* A row for `condition` (NULL: a new one on the first field), or a read-only one for `kept`. */
static ConditionRow *
add_row (AudSegmentBuilder    *self,
         const AudSegmentNode *condition,
         AudSegmentNode       *kept)
{
  ConditionRow *row = g_new0 (ConditionRow, 1);
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);

  row->self = self;
  row->kept = kept;
  gtk_widget_set_margin_top (box, 6);
  gtk_widget_set_margin_bottom (box, 6);
  gtk_widget_set_margin_start (box, 6);
  gtk_widget_set_margin_end (box, 6);

  if (kept != NULL)
    {
      g_autofree char *text = NULL;
      GtkWidget *label;

      if (kept->is_group)
        text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                             "A nested group: %s of %u condition (edit it in a segment file)",
                                             "A nested group: %s of %u conditions (edit it in a segment file)",
                                             aud_segment_node_count_conditions (kept)),
                                kept->match == AUD_SEGMENT_MATCH_ANY ? _("any") : _("all"),
                                aud_segment_node_count_conditions (kept));
      else
        text = g_strdup_printf (_("A condition on “%s”, which is no longer mapped: map it again or remove this"),
                                kept->field);
      label = gtk_label_new (text);
      gtk_label_set_wrap (GTK_LABEL (label), TRUE);

      gtk_label_set_xalign (GTK_LABEL (label), 0);
      gtk_widget_set_hexpand (label, TRUE);
      gtk_box_append (GTK_BOX (box), label);
    }
  else
    {
      guint position = condition != NULL ? field_position (self, condition->field) : 0;

      g_assert (position != GTK_INVALID_LIST_POSITION);

      row->field_dropdown = GTK_DROP_DOWN (gtk_drop_down_new (G_LIST_MODEL (g_object_ref (self->field_labels)), NULL));
      gtk_drop_down_set_enable_search (row->field_dropdown, TRUE);
      gtk_widget_set_name (GTK_WIDGET (row->field_dropdown), "field");
      gtk_accessible_update_property (GTK_ACCESSIBLE (row->field_dropdown), GTK_ACCESSIBLE_PROPERTY_LABEL, _("Field"), -1);
      gtk_drop_down_set_selected (row->field_dropdown, position);

      row->operator_dropdown = GTK_DROP_DOWN (gtk_drop_down_new (NULL, NULL));
      gtk_widget_set_name (GTK_WIDGET (row->operator_dropdown), "operator");
      gtk_accessible_update_property (GTK_ACCESSIBLE (row->operator_dropdown), GTK_ACCESSIBLE_PROPERTY_LABEL, _("Comparison"), -1);

      row->value_entry = GTK_ENTRY (gtk_entry_new ());
      gtk_widget_set_name (GTK_WIDGET (row->value_entry), "value");
      gtk_widget_set_hexpand (GTK_WIDGET (row->value_entry), TRUE);
      gtk_accessible_update_property (GTK_ACCESSIBLE (row->value_entry), GTK_ACCESSIBLE_PROPERTY_LABEL, _("Value"), -1);
      row->end_entry = GTK_ENTRY (gtk_entry_new ());
      gtk_widget_set_name (GTK_WIDGET (row->end_entry), "end-value");
      gtk_widget_set_hexpand (GTK_WIDGET (row->end_entry), TRUE);
      gtk_accessible_update_property (GTK_ACCESSIBLE (row->end_entry), GTK_ACCESSIBLE_PROPERTY_LABEL, _("End of the range"), -1);

      gtk_box_append (GTK_BOX (box), GTK_WIDGET (row->field_dropdown));
      gtk_box_append (GTK_BOX (box), GTK_WIDGET (row->operator_dropdown));
      gtk_box_append (GTK_BOX (box), GTK_WIDGET (row->value_entry));
      gtk_box_append (GTK_BOX (box), GTK_WIDGET (row->end_entry));

      update_operators (row, condition != NULL ? condition->op : AUD_SEGMENT_OPERATOR_IS);
      if (condition != NULL)
        {
          int n_values = aud_segment_operator_n_values (condition->op);

          if (n_values < 0)
            {
              g_autofree char *joined = g_strjoinv (", ", condition->values);
              gtk_editable_set_text (GTK_EDITABLE (row->value_entry), joined);
            }
          else
            {
              if (n_values >= 1 && condition->values[0] != NULL)
                gtk_editable_set_text (GTK_EDITABLE (row->value_entry), condition->values[0]);
              if (n_values == 2 && condition->values[0] != NULL && condition->values[1] != NULL)
                gtk_editable_set_text (GTK_EDITABLE (row->end_entry), condition->values[1]);
            }
        }

      g_signal_connect (row->field_dropdown, "notify::selected", G_CALLBACK (field_dropdown_selected_cb), row);
      g_signal_connect (row->operator_dropdown, "notify::selected", G_CALLBACK (operator_dropdown_selected_cb), row);
      g_signal_connect (row->value_entry, "changed", G_CALLBACK (value_entry_changed_cb), row);
      g_signal_connect (row->end_entry, "changed", G_CALLBACK (value_entry_changed_cb), row);
    }

  gtk_box_append (GTK_BOX (box), make_remove_button (row));
  gtk_list_box_append (self->conditions_list, box);
  row->row = gtk_widget_get_parent (box);
  g_ptr_array_add (self->rows, row);
  return row;
}

static void
clear_rows (AudSegmentBuilder *self)
{
  for (guint i = 0; i < self->rows->len; i++)
    gtk_list_box_remove (self->conditions_list, ((ConditionRow *) g_ptr_array_index (self->rows, i))->row);
  g_ptr_array_set_size (self->rows, 0);
  g_ptr_array_set_size (self->kept_nodes, 0);
}

/* "a, b ,c" → { "a", "b", "c" }; empty items dropped. */
static GStrv
split_list (const char *text)
{
  g_auto(GStrv) parts = g_strsplit (text, ",", -1);
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();

  for (guint i = 0; parts[i] != NULL; i++)
    {
      g_strstrip (parts[i]);
      if (*parts[i] != '\0')
        g_strv_builder_add (builder, parts[i]);
    }
  return g_strv_builder_end (builder);
}

/* The definition on screen. Values are passed as typed: the compiler reports what is wrong. */
static AudSegmentNode *
build_root (AudSegmentBuilder *self)
{
  AudSegmentMatch match = gtk_drop_down_get_selected (self->match_dropdown) == 1 ? AUD_SEGMENT_MATCH_ANY
                                                                                 : AUD_SEGMENT_MATCH_ALL;
  AudSegmentNode *root = aud_segment_node_new_group (match);

  for (guint i = 0; i < self->rows->len; i++)
    {
      ConditionRow *row = g_ptr_array_index (self->rows, i);
      const AudSegmentField *field;
      AudSegmentOperator op;
      int n_values;
      g_auto(GStrv) values = NULL;

      if (row->kept != NULL)
        {
          aud_segment_node_add (root, aud_segment_node_copy (row->kept));
          continue;
        }

      field = row_field (row);
      if (field == NULL)
        continue;
      op = row_operator (row);
      n_values = aud_segment_operator_n_values (op);
      if (n_values < 0)
        values = split_list (gtk_editable_get_text (GTK_EDITABLE (row->value_entry)));
      else
        {
          const char *given[] = {
            n_values >= 1 ? gtk_editable_get_text (GTK_EDITABLE (row->value_entry)) : NULL,
            n_values == 2 ? gtk_editable_get_text (GTK_EDITABLE (row->end_entry)) : NULL,
            NULL
          };
          values = g_strdupv ((char **) given);
        }
      aud_segment_node_add (root, aud_segment_node_new_condition (field->name, op, (const char * const *) values));
    }

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

static char *
json_member_text (const char *json,
                  const char *member)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  JsonNode *root, *node;

  if (json == NULL || !json_parser_load_from_data (parser, json, -1, NULL))
    return NULL;
  root = json_parser_get_root (parser);
  if (!JSON_NODE_HOLDS_OBJECT (root))
    return NULL;
  node = json_object_get_member (json_node_get_object (root), member);
  if (node == NULL || JSON_NODE_HOLDS_NULL (node) || !JSON_NODE_HOLDS_VALUE (node))
    return NULL;

  switch (json_node_get_value_type (node))
    {
    case G_TYPE_STRING:
      return g_strdup (json_node_get_string (node));
    case G_TYPE_BOOLEAN:
      return g_strdup (json_node_get_boolean (node) ? _("Yes") : _("No"));
    case G_TYPE_INT64:
      return g_strdup_printf ("%" G_GINT64_FORMAT, json_node_get_int (node));
    case G_TYPE_DOUBLE:
      return g_strdup_printf ("%g", json_node_get_double (node));
    default:
      return NULL;
    }
}

static void
preview_cell_setup_cb (GtkSignalListItemFactory *factory,
                       GtkListItem              *item,
                       gpointer                  user_data)
{
  GtkWidget *label = gtk_label_new (NULL);

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
  gtk_list_item_set_child (item, label);
}

static void
preview_cell_bind_cb (GtkSignalListItemFactory *factory,
                      GtkListItem              *item,
                      const char               *field)
{
  GtkStringObject *record = gtk_list_item_get_item (item);
  g_autofree char *text = json_member_text (gtk_string_object_get_string (record), field);

  gtk_label_set_text (GTK_LABEL (gtk_list_item_get_child (item)), text != NULL ? text : "");
}

static void
free_field_name (gpointer  data,
                 GClosure *closure)
{
  g_free (data);
}

/* Columns: who the record is (name, email), then the fields the conditions look at. */
static void
update_preview_columns (AudSegmentBuilder    *self,
                        const AudSegmentNode *root)
{
  static const char * const identity[] = { "Name", "FirstName", "LastName", "Email", NULL };
  g_autoptr(GPtrArray) wanted = g_ptr_array_new ();
  g_auto(GStrv) used = aud_segment_node_collect_fields (root);
  GListModel *columns = gtk_column_view_get_columns (self->preview_view);

  for (guint i = 0; identity[i] != NULL; i++)
    if (aud_segment_fields_lookup (self->fields, identity[i]) != NULL)
      g_ptr_array_add (wanted, (gpointer) aud_segment_fields_lookup (self->fields, identity[i]));
  for (guint i = 0; used[i] != NULL; i++)
    {
      const AudSegmentField *field = aud_segment_fields_lookup (self->fields, used[i]);
      if (field != NULL && !g_ptr_array_find (wanted, field, NULL))
        g_ptr_array_add (wanted, (gpointer) field);
    }
  if (wanted->len > MAX_COLUMNS)
    g_ptr_array_set_size (wanted, MAX_COLUMNS);

  /* Rebuild only when the set changed, so the view keeps its scroll position while typing. */
  if (g_list_model_get_n_items (columns) == wanted->len)
    {
      gboolean same = TRUE;

      for (guint i = 0; i < wanted->len && same; i++)
        {
          g_autoptr(GtkColumnViewColumn) column = g_list_model_get_item (columns, i);
          same = g_strcmp0 (g_object_get_data (G_OBJECT (column), "field"),
                            ((const AudSegmentField *) g_ptr_array_index (wanted, i))->name) == 0;
        }
      if (same)
        return;
    }

  while (g_list_model_get_n_items (columns) > 0)
    {
      g_autoptr(GtkColumnViewColumn) column = g_list_model_get_item (columns, 0);
      gtk_column_view_remove_column (self->preview_view, column);
    }

  for (guint i = 0; i < wanted->len; i++)
    {
      const AudSegmentField *field = g_ptr_array_index (wanted, i);
      GtkListItemFactory *factory = gtk_signal_list_item_factory_new ();
      g_autoptr(GtkColumnViewColumn) column = NULL;

      g_signal_connect (factory, "setup", G_CALLBACK (preview_cell_setup_cb), NULL);
      g_signal_connect_data (factory, "bind", G_CALLBACK (preview_cell_bind_cb), g_strdup (field->name),
                             free_field_name, 0);
      column = gtk_column_view_column_new (field->label, factory);
      gtk_column_view_column_set_resizable (column, TRUE);
      gtk_column_view_column_set_expand (column, TRUE);
      g_object_set_data_full (G_OBJECT (column), "field", g_strdup (field->name), g_free);
      gtk_column_view_append_column (self->preview_view, column);
    }
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
  update_preview_columns (self, root);

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
  /* Disposed (rows is gone), or filling in a segment: nothing to count yet. */
  if (self->loading || self->rows == NULL)
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
        {
          AudSegmentNode *kept = aud_segment_node_copy (child);
          g_ptr_array_add (self->kept_nodes, kept);
          add_row (self, NULL, kept);
        }
      else
        add_row (self, child, NULL);
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
  ConditionRow *row;

  if (self->fields == NULL || aud_segment_fields_get_n (self->fields) == 0)
    return;

  row = add_row (self, NULL, NULL);
  gtk_widget_grab_focus (GTK_WIDGET (row->field_dropdown));
  schedule_count (self);
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
  if (!aud_segment_save (self->segment, &error))
    {
      show_problem (self, error);
      return;
    }

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
  g_clear_pointer (&self->rows, g_ptr_array_unref);
  g_clear_pointer (&self->kept_nodes, g_ptr_array_unref);
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
  self->rows = g_ptr_array_new_with_free_func ((GDestroyNotify) condition_row_free);
  self->kept_nodes = g_ptr_array_new_with_free_func ((GDestroyNotify) aud_segment_node_free);
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
