/* aud-duplicates-list.c — the Duplicates list's rows, filters and loading
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "aud-duplicates-page-private.h"
#include "aud-entity-item.h"

static const char * const filter_labels[AUD_DUPLICATES_N_FILTERS] = {
  N_("All"), N_("Needs review"), N_("Confirmed"), N_("High confidence"), N_("Lower confidence"),
  N_("From Salesforce"), N_("From a CSV file"), N_("From a warehouse"),
  N_("Email differs"), N_("Name differs"), N_("Phone differs"), N_("Company differs"),
  N_("Address differs"),
};

const char *
aud_duplicates_filter_label (AudDuplicatesFilter filter)
{
  g_return_val_if_fail (filter < AUD_DUPLICATES_N_FILTERS, NULL);
  return _(filter_labels[filter]);
}

static gboolean
differs (const AudReviewRow *row,
         AudMatchComparison  comparison)
{
  return (row->differs & (1u << comparison)) != 0;
}

gboolean
aud_duplicates_item_matches (AudEntityItem       *item,
                             AudDuplicatesFilter  filter,
                             const char          *query)
{
  const AudReviewRow *row = aud_entity_item_get_row (item);
  gboolean entity = row->kind == AUD_REVIEW_ROW_ENTITY;
  gboolean keep;

  switch (filter)
    {
    case AUD_DUPLICATES_FILTER_NEEDS_REVIEW: keep = aud_entity_item_needs_review (item); break;
    case AUD_DUPLICATES_FILTER_CONFIRMED: keep = row->confirmed; break;
    case AUD_DUPLICATES_FILTER_HIGH: keep = entity && row->confidence >= AUD_DUPLICATES_HIGH_CONFIDENCE; break;
    case AUD_DUPLICATES_FILTER_NOT_HIGH:
      keep = row->confidence >= 0 && row->confidence < AUD_DUPLICATES_HIGH_CONFIDENCE;
      break;
    case AUD_DUPLICATES_FILTER_SALESFORCE: keep = (row->sources & AUD_REVIEW_SOURCE_SALESFORCE) != 0; break;
    case AUD_DUPLICATES_FILTER_CSV: keep = (row->sources & AUD_REVIEW_SOURCE_CSV) != 0; break;
    case AUD_DUPLICATES_FILTER_WAREHOUSE: keep = (row->sources & AUD_REVIEW_SOURCE_WAREHOUSE) != 0; break;
    case AUD_DUPLICATES_FILTER_DIFF_EMAIL: keep = differs (row, AUD_MATCH_COMPARISON_EMAIL); break;
    case AUD_DUPLICATES_FILTER_DIFF_NAME:
      keep = differs (row, AUD_MATCH_COMPARISON_FIRST_NAME) || differs (row, AUD_MATCH_COMPARISON_LAST_NAME);
      break;
    case AUD_DUPLICATES_FILTER_DIFF_PHONE: keep = differs (row, AUD_MATCH_COMPARISON_PHONE); break;
    case AUD_DUPLICATES_FILTER_DIFF_COMPANY: keep = differs (row, AUD_MATCH_COMPARISON_COMPANY); break;
    case AUD_DUPLICATES_FILTER_DIFF_ADDRESS: keep = differs (row, AUD_MATCH_COMPARISON_ADDRESS); break;
    case AUD_DUPLICATES_FILTER_ALL:
    case AUD_DUPLICATES_N_FILTERS:
    default: keep = TRUE; break;
    }
  if (keep && query != NULL && *query != '\0')
    keep = strstr (aud_entity_item_get_haystack (item), query) != NULL;
  return keep;
}

static int
compare_items (gconstpointer a,
               gconstpointer b)
{
  return aud_entity_item_compare (*(AudEntityItem **) a, *(AudEntityItem **) b);
}

GPtrArray *
aud_duplicates_load_items (const char    *path,
                           gint64         audience_id,
                           gboolean      *matched,
                           GCancellable  *cancellable,
                           GError       **error)
{
  g_autoptr(AudStore) store = aud_store_open (path, error);
  g_autoptr(GPtrArray) rows = NULL;
  g_autoptr(GPtrArray) items = NULL;

  if (store == NULL || !aud_review_query_was_matched (store, audience_id, matched, error))
    return NULL;
  rows = aud_review_query_list (store, audience_id, cancellable, error);
  if (rows == NULL)
    return NULL;
  items = g_ptr_array_new_full (rows->len, g_object_unref);
  for (guint i = 0; i < rows->len; i++)
    g_ptr_array_add (items, aud_entity_item_new (g_steal_pointer (&rows->pdata[i])));
  /* sorted here, so the sort model in the main thread finds the order already made */
  g_ptr_array_sort (items, compare_items);
  return g_steal_pointer (&items);
}

static void
setup_row (GtkSignalListItemFactory *factory,
           GtkListItem              *list_item,
           gpointer                  user_data)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 8);
  GtkWidget *text = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);
  GtkWidget *title = gtk_label_new (NULL);
  GtkWidget *subtitle = gtk_label_new (NULL);
  GtkWidget *badge = gtk_label_new (NULL);

  gtk_label_set_xalign (GTK_LABEL (title), 0);
  gtk_label_set_ellipsize (GTK_LABEL (title), PANGO_ELLIPSIZE_END);
  gtk_widget_add_css_class (title, "heading");
  gtk_label_set_xalign (GTK_LABEL (subtitle), 0);
  gtk_label_set_ellipsize (GTK_LABEL (subtitle), PANGO_ELLIPSIZE_END);
  gtk_widget_add_css_class (subtitle, "caption");
  gtk_widget_add_css_class (subtitle, "dim-label");
  gtk_widget_add_css_class (badge, "caption");
  gtk_widget_set_valign (badge, GTK_ALIGN_CENTER);
  gtk_widget_set_hexpand (text, TRUE);
  gtk_box_append (GTK_BOX (text), title);
  gtk_box_append (GTK_BOX (text), subtitle);
  gtk_box_append (GTK_BOX (box), text);
  gtk_box_append (GTK_BOX (box), badge);
  gtk_list_item_set_child (list_item, box);
}

static void
bind_row (GtkSignalListItemFactory *factory,
          GtkListItem              *list_item,
          gpointer                  user_data)
{
  AudEntityItem *item = gtk_list_item_get_item (list_item);
  const AudReviewRow *row = aud_entity_item_get_row (item);
  GtkWidget *box = gtk_list_item_get_child (list_item);
  GtkWidget *text = gtk_widget_get_first_child (box);
  GtkWidget *title = gtk_widget_get_first_child (text);
  GtkWidget *subtitle = gtk_widget_get_next_sibling (title);
  GtkWidget *badge = gtk_widget_get_next_sibling (text);
  g_autofree char *sub = NULL;
  g_autofree char *records = NULL;
  const char *badge_text;
  const char *badge_class;

  gtk_label_set_text (GTK_LABEL (title), row->name && *row->name ? row->name : (row->email ? row->email : _("(no name)")));
  records = row->kind == AUD_REVIEW_ROW_PAIR ? g_strdup (_("2 records, not merged"))
            : g_strdup_printf (ngettext ("%u record", "%u records", row->n_members), row->n_members);
  sub = g_strjoin (" · ", records, row->email ? row->email : "", row->company ? row->company : "", NULL);
  gtk_label_set_text (GTK_LABEL (subtitle), sub);

  gtk_widget_remove_css_class (badge, "warning");
  gtk_widget_remove_css_class (badge, "success");
  gtk_widget_remove_css_class (badge, "accent");
  if (row->kind == AUD_REVIEW_ROW_PAIR)
    badge_text = _("Review"), badge_class = "warning";
  else if (row->confirmed)
    badge_text = _("Confirmed"), badge_class = "success";
  else if (row->weak || row->confidence < AUD_DUPLICATES_HIGH_CONFIDENCE)
    badge_text = _("Check"), badge_class = "warning";
  else
    badge_text = _("High"), badge_class = "accent";
  gtk_label_set_text (GTK_LABEL (badge), badge_text);
  gtk_widget_add_css_class (badge, badge_class);
}

GtkListItemFactory *
aud_duplicates_row_factory_new (void)
{
  GtkListItemFactory *factory = gtk_signal_list_item_factory_new ();

  g_signal_connect (factory, "setup", G_CALLBACK (setup_row), NULL);
  g_signal_connect (factory, "bind", G_CALLBACK (bind_row), NULL);
  return factory;
}
