/* aud-field-columns.c — the columns of the field mapping list (check, names, type, badges, rule)
 *
 * One factory per column; cells are recycled by the column view, so bind/unbind only connect
 * and disconnect, and nothing here holds a widget per field.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "aud-field-columns.h"
#include "aud-field-item.h"

/* Bindings and handlers of a cell live on its widget and go at unbind. */
#define CELL_BINDINGS "aud-bindings"
#define CELL_ITEM     "aud-field-item"   /* lets tests and tools find a cell's field */

static void
cell_add_binding (GtkWidget *cell,
                  GBinding  *binding)
{
  GPtrArray *bindings = g_object_get_data (G_OBJECT (cell), CELL_BINDINGS);

  if (bindings == NULL)
    {
      bindings = g_ptr_array_new ();
      g_object_set_data_full (G_OBJECT (cell), CELL_BINDINGS, bindings, (GDestroyNotify) g_ptr_array_unref);
    }
  g_ptr_array_add (bindings, binding);
}

static void
unbind_cell (GtkSignalListItemFactory *factory,
             GtkListItem              *list_item,
             gpointer                  user_data)
{
  GtkWidget *cell = gtk_list_item_get_child (list_item);
  GPtrArray *bindings = g_object_get_data (G_OBJECT (cell), CELL_BINDINGS);
  gpointer item = g_object_get_data (G_OBJECT (cell), CELL_ITEM);

  for (guint i = 0; bindings != NULL && i < bindings->len; i++)
    g_binding_unbind (g_ptr_array_index (bindings, i));
  if (bindings != NULL)
    g_ptr_array_set_size (bindings, 0);

  if (item != NULL)
    g_signal_handlers_disconnect_by_data (item, cell);
  g_object_set_data (G_OBJECT (cell), CELL_ITEM, NULL);
}

/* ---- check ---- */

static void
check_setup_cb (GtkSignalListItemFactory *factory,
                GtkListItem              *list_item,
                gpointer                  user_data)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 2);
  GtkWidget *check = gtk_check_button_new ();
  GtkWidget *lock = gtk_image_new_from_icon_name ("changes-prevent-symbolic");

  gtk_widget_add_css_class (lock, "dim-label");
  gtk_box_append (GTK_BOX (box), check);
  gtk_box_append (GTK_BOX (box), lock);
  gtk_list_item_set_child (list_item, box);
}

static void
check_bind_cb (GtkSignalListItemFactory *factory,
               GtkListItem              *list_item,
               gpointer                  user_data)
{
  GtkWidget *box = gtk_list_item_get_child (list_item);
  GtkWidget *check = gtk_widget_get_first_child (box);
  GtkWidget *lock = gtk_widget_get_last_child (box);
  AudFieldItem *item = gtk_list_item_get_item (list_item);
  gboolean locked = aud_field_item_get_locked (item);
  g_autofree char *a11y = g_strdup_printf (_("Map %s"), aud_field_item_get_label (item));

  g_object_set_data (G_OBJECT (box), CELL_ITEM, item);
  g_object_set_data (G_OBJECT (check), CELL_ITEM, item);
  cell_add_binding (box, g_object_bind_property (item, "mapped", check, "active",
                                                 G_BINDING_SYNC_CREATE | G_BINDING_BIDIRECTIONAL));
  /* A field removed from Salesforce can be unmapped, never mapped again. */
  gtk_widget_set_sensitive (check, !locked && (!aud_field_item_get_gone (item) || aud_field_item_get_mapped (item)));
  gtk_widget_set_visible (lock, locked);
  gtk_widget_set_tooltip_text (box, aud_field_item_get_lock_reason (item));
  gtk_accessible_update_property (GTK_ACCESSIBLE (check), GTK_ACCESSIBLE_PROPERTY_LABEL, a11y, -1);
}

/* ---- text columns ---- */

typedef enum { TEXT_LABEL, TEXT_NAME, TEXT_TYPE } TextColumn;

static void
text_setup_cb (GtkSignalListItemFactory *factory,
               GtkListItem              *list_item,
               gpointer                  user_data)
{
  GtkWidget *label = gtk_label_new (NULL);

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
  if (GPOINTER_TO_INT (user_data) != TEXT_LABEL)
    gtk_widget_add_css_class (label, "dim-label");
  if (GPOINTER_TO_INT (user_data) == TEXT_NAME)
    gtk_widget_add_css_class (label, "monospace");
  gtk_list_item_set_child (list_item, label);
}

static void
text_bind_cb (GtkSignalListItemFactory *factory,
              GtkListItem              *list_item,
              gpointer                  user_data)
{
  GtkLabel *label = GTK_LABEL (gtk_list_item_get_child (list_item));
  AudFieldItem *item = gtk_list_item_get_item (list_item);
  const AudFieldInfo *info = aud_field_item_get_info (item);
  g_autofree char *type = NULL;

  switch (GPOINTER_TO_INT (user_data))
    {
    case TEXT_LABEL:
      gtk_label_set_text (label, info->label);
      gtk_widget_set_tooltip_text (GTK_WIDGET (label), info->label);
      break;
    case TEXT_NAME:
      gtk_label_set_text (label, info->name);
      gtk_widget_set_tooltip_text (GTK_WIDGET (label), info->name);
      break;
    case TEXT_TYPE:
    default:
      type = info->length > 0 ? g_strdup_printf ("%s (%d)", info->type, info->length) : g_strdup (info->type);
      gtk_label_set_text (label, type);
      break;
    }
}

/* ---- badges ---- */

typedef enum
{
  BADGE_CUSTOM,
  BADGE_REQUIRED,
  BADGE_READ_ONLY,
  BADGE_FORMULA,
  BADGE_EXTERNAL_ID,
  BADGE_GONE,
  BADGE_BACKFILL,
  N_BADGES
} Badge;

static const struct { const char *label; const char *tooltip; const char *style; } badge_kinds[N_BADGES] = {
  { N_("Custom"), N_("A custom field of your org"), "accent" },
  { N_("Required"), N_("Salesforce requires a value when a record is created"), "warning" },
  { N_("Read-only"), N_("Salesforce does not allow updating this field"), NULL },
  { N_("Formula"), N_("Salesforce computes this field; it is never written"), NULL },
  { N_("External ID"), N_("An external id: good for matching records"), "success" },
  { N_("Removed"), N_("This field was removed from Salesforce; it stays here so nothing is silently dropped"), "error" },
  { N_("Backfill"), N_("Mapped after the last sync: the next sync fetches it for existing records"), "accent" },
};

#define CELL_BADGES "aud-badges"

static void
badges_setup_cb (GtkSignalListItemFactory *factory,
                 GtkListItem              *list_item,
                 gpointer                  user_data)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 4);

  /* Badges are made on first need: most fields have none or one, and the view keeps about
   * 200 rows, so seven labels a row would be most of the page's first-frame cost. */
  g_object_set_data_full (G_OBJECT (box), CELL_BADGES, g_new0 (GtkWidget *, N_BADGES), g_free);
  gtk_list_item_set_child (list_item, box);
}

static void
show_badge (GtkWidget *box,
            Badge      kind,
            gboolean   shown)
{
  GtkWidget **badges = g_object_get_data (G_OBJECT (box), CELL_BADGES);
  GtkWidget *before = NULL;

  if (badges[kind] == NULL)
    {
      if (!shown)
        return;

      badges[kind] = gtk_label_new (_(badge_kinds[kind].label));
      gtk_widget_add_css_class (badges[kind], "aud-badge");
      gtk_widget_add_css_class (badges[kind], "caption");
      if (badge_kinds[kind].style != NULL)
        gtk_widget_add_css_class (badges[kind], badge_kinds[kind].style);
      gtk_widget_set_tooltip_text (badges[kind], _(badge_kinds[kind].tooltip));
      gtk_widget_set_valign (badges[kind], GTK_ALIGN_CENTER);

      /* Keep the badges in one order whatever order they were made in. */
      for (int i = (int) kind - 1; i >= 0 && before == NULL; i--)
        before = badges[i];
      gtk_box_insert_child_after (GTK_BOX (box), badges[kind], before);
    }

  gtk_widget_set_visible (badges[kind], shown);
}

static void
item_notify_backfill_cb (AudFieldItem *item,
                         GParamSpec   *pspec,
                         GtkWidget    *box)
{
  show_badge (box, BADGE_BACKFILL, aud_field_item_get_needs_backfill (item));
}

static void
badges_bind_cb (GtkSignalListItemFactory *factory,
                GtkListItem              *list_item,
                gpointer                  user_data)
{
  GtkWidget *box = gtk_list_item_get_child (list_item);
  AudFieldItem *item = gtk_list_item_get_item (list_item);
  const AudFieldInfo *info = aud_field_item_get_info (item);
  gboolean shown[N_BADGES] = {
    [BADGE_CUSTOM] = info->custom,
    [BADGE_REQUIRED] = info->required,
    [BADGE_READ_ONLY] = !info->updateable && !info->calculated && !info->gone,
    [BADGE_FORMULA] = info->calculated,
    [BADGE_EXTERNAL_ID] = info->external_id,
    [BADGE_GONE] = info->gone,
    [BADGE_BACKFILL] = aud_field_item_get_needs_backfill (item),
  };

  g_object_set_data (G_OBJECT (box), CELL_ITEM, item);
  for (guint i = 0; i < N_BADGES; i++)
    show_badge (box, (Badge) i, shown[i]);
  g_signal_connect (item, "notify::needs-backfill", G_CALLBACK (item_notify_backfill_cb), box);
}

/* ---- rule ---- */

static void
update_rule_tooltip (GtkWidget    *dropdown,
                     GParamSpec   *pspec,
                     AudFieldItem *item)
{
  gtk_widget_set_tooltip_text (dropdown, aud_field_item_get_rule_reason (item));
}

static void
rule_setup_cb (GtkSignalListItemFactory *factory,
               GtkListItem              *list_item,
               gpointer                  user_data)
{
  GtkWidget *dropdown = gtk_drop_down_new (g_object_ref (user_data), NULL);

  gtk_widget_add_css_class (dropdown, "aud-rule");
  gtk_list_item_set_child (list_item, dropdown);
}

static void
item_notify_mapped_cb (AudFieldItem *item,
                       GParamSpec   *pspec,
                       GtkWidget    *dropdown)
{
  update_rule_tooltip (dropdown, NULL, item);
}

static void
rule_bind_cb (GtkSignalListItemFactory *factory,
              GtkListItem              *list_item,
              gpointer                  user_data)
{
  GtkWidget *dropdown = gtk_list_item_get_child (list_item);
  AudFieldItem *item = gtk_list_item_get_item (list_item);
  g_autofree char *a11y = g_strdup_printf (_("Overwrite rule for %s"), aud_field_item_get_label (item));

  g_object_set_data (G_OBJECT (dropdown), CELL_ITEM, item);
  cell_add_binding (dropdown, g_object_bind_property (item, "rule", dropdown, "selected",
                                                      G_BINDING_SYNC_CREATE | G_BINDING_BIDIRECTIONAL));
  cell_add_binding (dropdown, g_object_bind_property (item, "rule-sensitive", dropdown, "sensitive",
                                                      G_BINDING_SYNC_CREATE));
  g_signal_connect (item, "notify::mapped", G_CALLBACK (item_notify_mapped_cb), dropdown);
  update_rule_tooltip (dropdown, NULL, item);
  gtk_accessible_update_property (GTK_ACCESSIBLE (dropdown), GTK_ACCESSIBLE_PROPERTY_LABEL, a11y, -1);
}

static GtkColumnViewColumn *
add_column (GtkColumnView *column_view,
            const char    *title,
            GCallback      setup,
            GCallback      bind,
            gpointer       data,
            const char    *sort_property,
            int            fixed_width,
            gboolean       expand)
{
  GtkListItemFactory *factory = gtk_signal_list_item_factory_new ();
  GtkColumnViewColumn *column;

  g_signal_connect (factory, "setup", setup, data);
  g_signal_connect (factory, "bind", bind, data);
  g_signal_connect (factory, "unbind", G_CALLBACK (unbind_cell), data);

  column = gtk_column_view_column_new (title, factory);
  gtk_column_view_column_set_expand (column, expand);
  gtk_column_view_column_set_resizable (column, TRUE);
  if (fixed_width > 0)
    gtk_column_view_column_set_fixed_width (column, fixed_width);
  if (sort_property != NULL)
    {
      GtkExpression *expression = gtk_property_expression_new (AUD_TYPE_FIELD_ITEM, NULL, sort_property);
      GtkSorter *sorter = GTK_SORTER (gtk_string_sorter_new (expression));

      gtk_column_view_column_set_sorter (column, sorter);
      g_object_unref (sorter);
    }

  gtk_column_view_append_column (column_view, column);
  g_object_unref (column);
  return column;
}

void
aud_field_columns_add (GtkColumnView *column_view)
{
  GtkColumnViewColumn *label;
  GtkStringList *rules;

  g_return_if_fail (GTK_IS_COLUMN_VIEW (column_view));

  add_column (column_view, "", G_CALLBACK (check_setup_cb), G_CALLBACK (check_bind_cb), NULL, NULL, 48, FALSE);
  label = add_column (column_view, _("Label"), G_CALLBACK (text_setup_cb), G_CALLBACK (text_bind_cb),
                      GINT_TO_POINTER (TEXT_LABEL), "label", -1, TRUE);
  add_column (column_view, _("API Name"), G_CALLBACK (text_setup_cb), G_CALLBACK (text_bind_cb),
              GINT_TO_POINTER (TEXT_NAME), "name", -1, TRUE);
  add_column (column_view, _("Type"), G_CALLBACK (text_setup_cb), G_CALLBACK (text_bind_cb),
              GINT_TO_POINTER (TEXT_TYPE), "field-type", 110, FALSE);
  add_column (column_view, _("Details"), G_CALLBACK (badges_setup_cb), G_CALLBACK (badges_bind_cb),
              NULL, NULL, 190, FALSE);
  /* One list of rule names for every row's drop-down: cheaper than a model per cell. */
  rules = gtk_string_list_new ((const char *[]) { _("Never write"), _("Only if blank"), _("Always write"), NULL });
  g_object_set_data_full (G_OBJECT (column_view), "aud-rules", rules, g_object_unref);
  add_column (column_view, _("Overwrite Rule"), G_CALLBACK (rule_setup_cb), G_CALLBACK (rule_bind_cb),
              rules, NULL, 150, FALSE);

  gtk_column_view_sort_by_column (column_view, label, GTK_SORT_ASCENDING);
}
