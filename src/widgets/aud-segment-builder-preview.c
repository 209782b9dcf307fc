/* aud-segment-builder-preview.c — the segment builder's preview columns over records' JSON
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>
#include <json-glib/json-glib.h>

#include "aud-segment-builder-private.h"

#define MAX_COLUMNS 6

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
void
aud_segment_preview_update_columns (GtkColumnView        *view,
                                    AudSegmentFields     *fields,
                                    const AudSegmentNode *root)
{
  static const char * const identity[] = { "Name", "FirstName", "LastName", "Email", NULL };
  g_autoptr(GPtrArray) wanted = g_ptr_array_new ();
  g_auto(GStrv) used = aud_segment_node_collect_fields (root);
  GListModel *columns = gtk_column_view_get_columns (view);

  for (guint i = 0; identity[i] != NULL; i++)
    if (aud_segment_fields_lookup (fields, identity[i]) != NULL)
      g_ptr_array_add (wanted, (gpointer) aud_segment_fields_lookup (fields, identity[i]));
  for (guint i = 0; used[i] != NULL; i++)
    {
      const AudSegmentField *field = aud_segment_fields_lookup (fields, used[i]);
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
      gtk_column_view_remove_column (view, column);
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
      gtk_column_view_append_column (view, column);
    }
}

