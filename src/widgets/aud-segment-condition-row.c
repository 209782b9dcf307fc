/* aud-segment-condition-row.c — one condition of the segment builder: field, operator, value(s)
 *
 * The operator drop-down follows the field's type and the entries follow the operator (none for
 * "is blank", two for "is between"). Emits "changed" on every edit and "remove" when its button
 * is pressed; the builder owns the list and the recount.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "aud-segment-condition-row.h"

struct _AudSegmentConditionRow
{
  GtkListBoxRow             parent_instance;

  AudSegmentFields         *fields;
  GtkDropDown              *field_dropdown;
  GtkDropDown              *operator_dropdown;
  GtkEntry                 *value_entry;
  GtkEntry                 *end_entry;
  const AudSegmentOperator *operators;
  guint                     n_operators;
  AudSegmentNode           *kept;
};

G_DEFINE_FINAL_TYPE (AudSegmentConditionRow, aud_segment_condition_row, GTK_TYPE_LIST_BOX_ROW)

enum {
  CHANGED,
  REMOVE,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static const AudSegmentField *
get_field (AudSegmentConditionRow *self)
{
  guint i = gtk_drop_down_get_selected (self->field_dropdown);

  if (i >= aud_segment_fields_get_n (self->fields))
    return NULL;
  return aud_segment_fields_get_nth (self->fields, i);
}

static AudSegmentOperator
get_operator (AudSegmentConditionRow *self)
{
  guint i = gtk_drop_down_get_selected (self->operator_dropdown);

  return i < self->n_operators ? self->operators[i] : self->operators[0];
}

/* Shows the entries the operator needs, with a hint of what to type. */
static void
update_value_entries (AudSegmentConditionRow *self)
{
  const AudSegmentField *field = get_field (self);
  AudSegmentOperator op = get_operator (self);
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

  gtk_entry_set_placeholder_text (self->value_entry, hint);
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->value_entry), hint);
  gtk_widget_set_visible (GTK_WIDGET (self->value_entry), n_values != 0);
  gtk_widget_set_visible (GTK_WIDGET (self->end_entry), n_values == 2);
  gtk_entry_set_placeholder_text (self->end_entry, hint);
}

static void
update_operators (AudSegmentConditionRow *self,
                  AudSegmentOperator      wanted)
{
  const AudSegmentField *field = get_field (self);
  g_autoptr(GtkStringList) labels = gtk_string_list_new (NULL);
  guint selected = 0;

  if (field == NULL)
    return;

  self->operators = aud_segment_operators_for_kind (field->kind, &self->n_operators);
  for (guint i = 0; i < self->n_operators; i++)
    {
      gtk_string_list_append (labels, aud_segment_operator_get_label (self->operators[i], field->kind));
      if (self->operators[i] == wanted)
        selected = i;
    }
  gtk_drop_down_set_model (self->operator_dropdown, G_LIST_MODEL (labels));
  gtk_drop_down_set_selected (self->operator_dropdown, selected);
  update_value_entries (self);
}

static void
field_dropdown_selected_cb (GtkDropDown            *dropdown,
                            GParamSpec             *pspec,
                            AudSegmentConditionRow *self)
{
  /* Keep the operator when the new type has it ("is blank" fits every type). */
  update_operators (self, get_operator (self));
  g_signal_emit (self, signals[CHANGED], 0);
}

static void
operator_dropdown_selected_cb (GtkDropDown            *dropdown,
                               GParamSpec             *pspec,
                               AudSegmentConditionRow *self)
{
  update_value_entries (self);
  g_signal_emit (self, signals[CHANGED], 0);
}

static void
value_entry_changed_cb (GtkEditable            *editable,
                        AudSegmentConditionRow *self)
{
  g_signal_emit (self, signals[CHANGED], 0);
}

static void
remove_button_clicked_cb (GtkButton              *button,
                          AudSegmentConditionRow *self)
{
  g_signal_emit (self, signals[REMOVE], 0);
}

static GtkWidget *
make_box (AudSegmentConditionRow *self)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);

  gtk_widget_set_margin_top (box, 6);
  gtk_widget_set_margin_bottom (box, 6);
  gtk_widget_set_margin_start (box, 6);
  gtk_widget_set_margin_end (box, 6);
  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (self), box);
  return box;
}

static void
append_remove_button (AudSegmentConditionRow *self,
                      GtkWidget              *box)
{
  GtkWidget *button = gtk_button_new_from_icon_name ("list-remove-symbolic");

  gtk_widget_set_tooltip_text (button, _("Remove Condition"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_LABEL, _("Remove condition"), -1);
  gtk_widget_add_css_class (button, "flat");
  gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
  g_signal_connect_object (button, "clicked", G_CALLBACK (remove_button_clicked_cb), self, 0);
  gtk_box_append (GTK_BOX (box), button);
}

static GtkEntry *
make_entry (const char *name,
            const char *accessible_label)
{
  GtkWidget *entry = gtk_entry_new ();

  gtk_widget_set_name (entry, name);
  gtk_widget_set_hexpand (entry, TRUE);
  gtk_accessible_update_property (GTK_ACCESSIBLE (entry), GTK_ACCESSIBLE_PROPERTY_LABEL, accessible_label, -1);
  return GTK_ENTRY (entry);
}

static guint
field_position (AudSegmentFields *fields,
                const char       *name)
{
  const AudSegmentField *field = aud_segment_fields_lookup (fields, name);

  for (guint i = 0; field != NULL && i < aud_segment_fields_get_n (fields); i++)
    if (aud_segment_fields_get_nth (fields, i) == field)
      return i;
  return GTK_INVALID_LIST_POSITION;
}

static void
fill_values (AudSegmentConditionRow *self,
             const AudSegmentNode   *condition)
{
  int n_values = aud_segment_operator_n_values (condition->op);

  if (n_values < 0)
    {
      g_autofree char *joined = g_strjoinv (", ", condition->values);
      gtk_editable_set_text (GTK_EDITABLE (self->value_entry), joined);
      return;
    }

  if (n_values >= 1 && condition->values[0] != NULL)
    gtk_editable_set_text (GTK_EDITABLE (self->value_entry), condition->values[0]);
  if (n_values == 2 && condition->values[0] != NULL && condition->values[1] != NULL)
    gtk_editable_set_text (GTK_EDITABLE (self->end_entry), condition->values[1]);
}

GtkWidget *
aud_segment_condition_row_new (AudSegmentFields     *fields,
                               GListModel           *field_labels,
                               const AudSegmentNode *condition)
{
  AudSegmentConditionRow *self;
  GtkWidget *box;
  guint position;

  g_return_val_if_fail (fields != NULL && aud_segment_fields_get_n (fields) > 0, NULL);
  g_return_val_if_fail (G_IS_LIST_MODEL (field_labels), NULL);
  g_return_val_if_fail (condition == NULL || !condition->is_group, NULL);

  position = condition != NULL ? field_position (fields, condition->field) : 0;
  g_return_val_if_fail (position != GTK_INVALID_LIST_POSITION, NULL);

  self = g_object_new (AUD_TYPE_SEGMENT_CONDITION_ROW, NULL);
  self->fields = aud_segment_fields_ref (fields);
  box = make_box (self);

  self->field_dropdown = GTK_DROP_DOWN (gtk_drop_down_new (g_object_ref (field_labels), NULL));
  gtk_drop_down_set_enable_search (self->field_dropdown, TRUE);
  gtk_widget_set_name (GTK_WIDGET (self->field_dropdown), "field");
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->field_dropdown), GTK_ACCESSIBLE_PROPERTY_LABEL, _("Field"), -1);
  gtk_drop_down_set_selected (self->field_dropdown, position);

  self->operator_dropdown = GTK_DROP_DOWN (gtk_drop_down_new (NULL, NULL));
  gtk_widget_set_name (GTK_WIDGET (self->operator_dropdown), "operator");
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->operator_dropdown), GTK_ACCESSIBLE_PROPERTY_LABEL, _("Comparison"), -1);

  self->value_entry = make_entry ("value", _("Value"));
  self->end_entry = make_entry ("end-value", _("End of the range"));

  gtk_box_append (GTK_BOX (box), GTK_WIDGET (self->field_dropdown));
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (self->operator_dropdown));
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (self->value_entry));
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (self->end_entry));
  append_remove_button (self, box);

  update_operators (self, condition != NULL ? condition->op : AUD_SEGMENT_OPERATOR_IS);
  if (condition != NULL)
    fill_values (self, condition);

  /* Connected last: filling in a saved condition is not an edit. */
  g_signal_connect_object (self->field_dropdown, "notify::selected", G_CALLBACK (field_dropdown_selected_cb), self, 0);
  g_signal_connect_object (self->operator_dropdown, "notify::selected", G_CALLBACK (operator_dropdown_selected_cb), self, 0);
  g_signal_connect_object (self->value_entry, "changed", G_CALLBACK (value_entry_changed_cb), self, 0);
  g_signal_connect_object (self->end_entry, "changed", G_CALLBACK (value_entry_changed_cb), self, 0);

  return GTK_WIDGET (self);
}

GtkWidget *
aud_segment_condition_row_new_kept (const AudSegmentNode *node)
{
  AudSegmentConditionRow *self;
  g_autofree char *text = NULL;
  GtkWidget *label;
  GtkWidget *box;

  g_return_val_if_fail (node != NULL, NULL);

  self = g_object_new (AUD_TYPE_SEGMENT_CONDITION_ROW, NULL);
  self->kept = aud_segment_node_copy (node);
  box = make_box (self);

  if (node->is_group)
    text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                         "A nested group: %s of %u condition (edit it in a segment file)",
                                         "A nested group: %s of %u conditions (edit it in a segment file)",
                                         aud_segment_node_count_conditions (node)),
                            node->match == AUD_SEGMENT_MATCH_ANY ? _("any") : _("all"),
                            aud_segment_node_count_conditions (node));
  else
    text = g_strdup_printf (_("A condition on “%s”, which is no longer mapped: map it again or remove this"),
                            node->field);
  label = gtk_label_new (text);
  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_widget_set_hexpand (label, TRUE);
  gtk_box_append (GTK_BOX (box), label);
  append_remove_button (self, box);

  return GTK_WIDGET (self);
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

AudSegmentNode *
aud_segment_condition_row_build (AudSegmentConditionRow *self)
{
  const AudSegmentField *field;
  AudSegmentOperator op;
  g_auto(GStrv) values = NULL;
  int n_values;

  g_return_val_if_fail (AUD_IS_SEGMENT_CONDITION_ROW (self), NULL);

  if (self->kept != NULL)
    return aud_segment_node_copy (self->kept);

  field = get_field (self);
  g_return_val_if_fail (field != NULL, NULL);
  op = get_operator (self);
  n_values = aud_segment_operator_n_values (op);
  if (n_values < 0)
    values = split_list (gtk_editable_get_text (GTK_EDITABLE (self->value_entry)));
  else
    {
      const char *given[] = {
        n_values >= 1 ? gtk_editable_get_text (GTK_EDITABLE (self->value_entry)) : NULL,
        n_values == 2 ? gtk_editable_get_text (GTK_EDITABLE (self->end_entry)) : NULL,
        NULL
      };
      values = g_strdupv ((char **) given);
    }

  return aud_segment_node_new_condition (field->name, op, (const char * const *) values);
}

static void
aud_segment_condition_row_finalize (GObject *object)
{
  AudSegmentConditionRow *self = AUD_SEGMENT_CONDITION_ROW (object);

  g_clear_pointer (&self->fields, aud_segment_fields_unref);
  g_clear_pointer (&self->kept, aud_segment_node_free);

  G_OBJECT_CLASS (aud_segment_condition_row_parent_class)->finalize (object);
}

static void
aud_segment_condition_row_class_init (AudSegmentConditionRowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = aud_segment_condition_row_finalize;

  signals[CHANGED] = g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                   0, NULL, NULL, NULL, G_TYPE_NONE, 0);
  signals[REMOVE] = g_signal_new ("remove", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                  0, NULL, NULL, NULL, G_TYPE_NONE, 0);
}

static void
aud_segment_condition_row_init (AudSegmentConditionRow *self)
{
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (self), FALSE);
}
