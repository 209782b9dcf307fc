/* aud-audiences-page.c — the Audiences page: audiences, their field mapping and overwrite rules
 *
 * The field list is a GListStore of AudFieldItem → sort → filter → multi-selection → column
 * view, so 800 fields cost 800 small objects and a screenful of recycled cells. A click on a
 * cell changes the item; the page writes that change to the workspace at once and reads the
 * mapping back, so what is shown is always what is stored.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "aud-audiences-page-private.h"
#include "aud-describe.h"
#include "aud-field-columns.h"
#include "aud-field-item.h"
#include "aud-mapping.h"


G_DEFINE_FINAL_TYPE (AudAudiencesPage, aud_audiences_page, ADW_TYPE_BIN)


void
aud_audiences_page_show_message (AudAudiencesPage *self,
              const char       *message)
{
  GtkWidget *overlay = gtk_widget_get_ancestor (GTK_WIDGET (self), ADW_TYPE_TOAST_OVERLAY);

  g_free (self->last_message);
  self->last_message = g_strdup (message);

  if (overlay != NULL)
    adw_toast_overlay_add_toast (ADW_TOAST_OVERLAY (overlay), adw_toast_new (message));
}

void
aud_audiences_page_show_error (AudAudiencesPage *self,
            const GError     *error)
{
  aud_audiences_page_show_message (self, error->message);
}

/* ---- fields ---- */

static gboolean
field_visible (gpointer item,
               gpointer user_data)
{
  AudAudiencesPage *self = user_data;
  AudFieldItem *field = item;
  gboolean want_mapped = gtk_toggle_button_get_active (self->mapped_toggle);
  gboolean want_unmapped = gtk_toggle_button_get_active (self->unmapped_toggle);

  /* Mapped and Unmapped together show both, like neither. */
  if (want_mapped != want_unmapped && aud_field_item_get_mapped (field) != want_mapped)
    return FALSE;
  if (gtk_toggle_button_get_active (self->custom_toggle) && !aud_field_item_get_custom (field))
    return FALSE;
  if (gtk_toggle_button_get_active (self->writable_toggle) && !aud_field_item_get_writable (field))
    return FALSE;

  return aud_field_item_matches (field, self->search);
}

static void
update_counts (AudAudiencesPage *self)
{
  guint total = g_list_model_get_n_items (G_LIST_MODEL (self->fields));
  guint shown = g_list_model_get_n_items (G_LIST_MODEL (self->filter_model));
  guint mapped = 0, backfill = 0;
  g_autofree char *text = NULL;
  g_autofree char *mapped_text = NULL;

  for (guint i = 0; i < total; i++)
    {
      g_autoptr(AudFieldItem) item = g_list_model_get_item (G_LIST_MODEL (self->fields), i);

      mapped += aud_field_item_get_mapped (item) ? 1 : 0;
      backfill += aud_field_item_get_needs_backfill (item) ? 1 : 0;
    }

  mapped_text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u mapped", "%u mapped", mapped), mapped);
  if (backfill > 0)
    text = g_strdup_printf (_("%u of %u fields shown · %s · %u to backfill at the next sync"),
                            shown, total, mapped_text, backfill);
  else
    text = g_strdup_printf (_("%u of %u fields shown · %s"), shown, total, mapped_text);
  gtk_label_set_text (self->count_label, text);

  if (self->describe == NULL)
    gtk_stack_set_visible_child_name (self->fields_stack, "no-describe");
  else if (shown == 0)
    gtk_stack_set_visible_child_name (self->fields_stack, "no-match");
  else
    gtk_stack_set_visible_child_name (self->fields_stack, "fields");
}

/* Reads the audience's mapping into the items: the workspace is the truth. */
void
aud_audiences_page_apply_mapping (AudAudiencesPage *self)
{
  g_autoptr(GPtrArray) mapped = NULL;
  g_autoptr(GHashTable) by_name = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GError) error = NULL;
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->fields));

  if (self->audience == NULL)
    return;

  mapped = aud_mapping_load (self->audience, &error);
  if (mapped == NULL)
    {
      aud_audiences_page_show_error (self, error);
      return;
    }
  for (guint i = 0; i < mapped->len; i++)
    {
      AudMappedField *m = g_ptr_array_index (mapped, i);
      g_hash_table_insert (by_name, m->field, m);
    }

  self->applying = TRUE;
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(AudFieldItem) item = g_list_model_get_item (G_LIST_MODEL (self->fields), i);
      AudMappedField *m = g_hash_table_lookup (by_name, aud_field_item_get_name (item));

      aud_field_item_set_mapped (item, m != NULL);
      aud_field_item_set_rule (item, m != NULL ? m->rule : AUD_OVERWRITE_RULE_NEVER);
      aud_field_item_set_needs_backfill (item, m != NULL && m->needs_backfill);
    }
  self->applying = FALSE;

  update_counts (self);
}

static void
item_notify_mapped_cb (AudAudiencesPage *self,
                       GParamSpec       *pspec,
                       AudFieldItem     *item)
{
  const char *fields[] = { aud_field_item_get_name (item), NULL };
  g_autoptr(GError) error = NULL;

  if (self->applying || self->audience == NULL)
    return;

  /* The sync could not fetch it: a removed field can only be unmapped. */
  if (aud_field_item_get_gone (item) && aud_field_item_get_mapped (item))
    aud_audiences_page_show_message (self, _("This field was removed from Salesforce, so it cannot be mapped again"));
  else if (aud_mapping_set_mapped (self->audience, fields, aud_field_item_get_mapped (item), NULL, &error))
    aud_audiences_page_mapping_changed (self);
  else
    aud_audiences_page_show_error (self, error);

  /* Also brings the rule back to Never after an unmap, and marks a backfill after a map. */
  aud_audiences_page_apply_mapping (self);
}

static void
item_notify_rule_cb (AudAudiencesPage *self,
                     GParamSpec       *pspec,
                     AudFieldItem     *item)
{
  const char *fields[] = { aud_field_item_get_name (item), NULL };
  g_autoptr(GError) error = NULL;
  guint changed = 0;

  if (self->applying || self->audience == NULL)
    return;

  if (!aud_mapping_set_rule (self->audience, self->describe, fields, aud_field_item_get_rule (item),
                             &changed, NULL, &error))
    aud_audiences_page_show_error (self, error);
  else if (changed == 0)
    aud_audiences_page_show_message (self, aud_field_item_get_rule_reason (item));

  aud_audiences_page_apply_mapping (self);
}

static void
add_item (AudAudiencesPage *self,
          GPtrArray        *items,
          AudFieldInfo     *info)
{
  AudFieldItem *item = aud_field_item_new (info);

  g_signal_connect_object (item, "notify::mapped", G_CALLBACK (item_notify_mapped_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (item, "notify::rule", G_CALLBACK (item_notify_rule_cb), self, G_CONNECT_SWAPPED);
  g_hash_table_insert (self->items, (char *) aud_field_item_get_name (item), item);
  g_ptr_array_add (items, item);
}

static void
rebuild_fields (AudAudiencesPage *self)
{
  g_autoptr(GPtrArray) items = g_ptr_array_new_with_free_func (g_object_unref);
  guint old = g_list_model_get_n_items (G_LIST_MODEL (self->fields));

  g_hash_table_remove_all (self->items);

  if (self->describe != NULL)
    {
      GPtrArray *infos = aud_describe_get_fields (self->describe);
      g_autoptr(GPtrArray) mapped = aud_mapping_load (self->audience, NULL);

      for (guint i = 0; i < infos->len; i++)
        add_item (self, items, g_ptr_array_index (infos, i));

      /* Mapped fields no describe ever listed (a mapping imported before the first refresh,
       * say) show as removed, so they can be seen and unmapped rather than linger unseen. */
      for (guint i = 0; mapped != NULL && i < mapped->len; i++)
        {
          AudMappedField *m = g_ptr_array_index (mapped, i);

          if (aud_describe_lookup (self->describe, m->field) == NULL)
            {
              g_autoptr(AudFieldInfo) missing = aud_field_info_new_missing (m->field);
              add_item (self, items, missing);
            }
        }
    }

  /* One splice, one items-changed: the view rebuilds once, not per field. */
  g_list_store_splice (self->fields, 0, old, items->pdata, items->len);
  aud_audiences_page_apply_mapping (self);
  update_counts (self);
}

static char *
format_fetched_at (const char *fetched_at)
{
  g_autoptr(GDateTime) utc = g_date_time_new_from_iso8601 (fetched_at, NULL);
  g_autoptr(GDateTime) local = NULL;

  if (utc == NULL)
    return g_strdup (fetched_at);

  local = g_date_time_to_local (utc);
  return g_date_time_format (local, "%x %H:%M");
}

static void
update_header (AudAudiencesPage *self)
{
  g_autofree char *subtitle = NULL;

  if (self->audience == NULL)
    {
      gtk_label_set_text (self->title_label, "");
      gtk_label_set_text (self->subtitle_label, "");
      return;
    }

  gtk_label_set_text (self->title_label, aud_audience_get_name (self->audience));
  if (self->describe != NULL)
    {
      g_autofree char *when = format_fetched_at (aud_describe_get_fetched_at (self->describe));

      /* Translators: "Contact · fields from Salesforce as of 28/11/2026 17:40" */
      subtitle = g_strdup_printf (_("%s · fields from Salesforce as of %s"),
                                  aud_audience_get_object (self->audience), when);
    }
  else
    subtitle = g_strdup_printf (_("%s · no field list yet"), aud_audience_get_object (self->audience));
  gtk_label_set_text (self->subtitle_label, subtitle);
}

void
aud_audiences_page_update_actions (AudAudiencesPage *self)
{
  gboolean has_audience = self->audience != NULL;
  gboolean has_fields = has_audience && self->describe != NULL;
  const char *audience_actions[] = { "audiences.rename", "audiences.duplicate", "audiences.delete",
                                     "mapping.export", "mapping.import" };
  const char *field_actions[] = { "mapping.select-all", "mapping.select-none", "mapping.recommended",
                                  "mapping.set-rule" };

  for (guint i = 0; i < G_N_ELEMENTS (audience_actions); i++)
    gtk_widget_action_set_enabled (GTK_WIDGET (self), audience_actions[i], has_audience);
  /* One refresh at a time. */
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "mapping.refresh",
                                 has_audience && self->refresh_cancellable == NULL);
  for (guint i = 0; i < G_N_ELEMENTS (field_actions); i++)
    gtk_widget_action_set_enabled (GTK_WIDGET (self), field_actions[i], has_fields);
}

/* Reloading the builder starts a new segment, so it only happens when the builder is shown
 * and the mapping it knows is out of date. */
static void
sync_segment_builder (AudAudiencesPage *self)
{
  if (!self->segments_stale ||
      g_strcmp0 (gtk_stack_get_visible_child_name (self->detail_stack), "segments") != 0)
    return;

  self->segments_stale = FALSE;
  aud_segment_builder_set_audience (self->segment_builder, self->audience);
}

void
aud_audiences_page_mapping_changed (AudAudiencesPage *self)
{
  self->segments_stale = TRUE;
  sync_segment_builder (self);
}

static void
detail_stack_notify_visible_child_cb (AudAudiencesPage *self,
                                      GParamSpec       *pspec,
                                      GtkStack         *stack)
{
  sync_segment_builder (self);
}

static void
show_audience (AudAudiencesPage *self,
               AudAudience      *audience)
{
  g_autoptr(GError) error = NULL;

  if (audience == self->audience && audience != NULL)
    return;

  g_set_object (&self->audience, audience);
  g_clear_object (&self->describe);

  if (audience != NULL)
    {
      self->describe = aud_describe_load (self->store, aud_audience_get_object (audience), &error);
      if (error != NULL)
        aud_audiences_page_show_error (self, error);
      adw_status_page_set_description (self->no_describe_status,
        g_strcmp0 (aud_audience_get_object (audience), "Account") == 0
          ? _("Audiences needs Salesforce’s list of Account fields. Connect Salesforce on the Connection page, then refresh the fields.")
          : _("Audiences needs Salesforce’s list of Contact fields. Connect Salesforce on the Connection page, then refresh the fields."));
    }

  rebuild_fields (self);
  update_header (self);
  aud_audiences_page_update_actions (self);
  aud_audiences_page_mapping_changed (self);
}

void
aud_audiences_page_show_describe (AudAudiencesPage *self,
                                  AudDescribe      *describe)
{
  g_set_object (&self->describe, describe);
  rebuild_fields (self);
  update_header (self);
  aud_audiences_page_update_actions (self);
}

/* ---- audiences ---- */

static GtkWidget *
create_audience_row (gpointer item,
                     gpointer user_data)
{
  AudAudience *audience = item;
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);
  GtkWidget *name = gtk_label_new (aud_audience_get_name (audience));
  GtkWidget *object = gtk_label_new (g_strcmp0 (aud_audience_get_object (audience), "Account") == 0
                                     ? _("Accounts") : _("Contacts"));

  gtk_label_set_xalign (GTK_LABEL (name), 0);
  gtk_label_set_ellipsize (GTK_LABEL (name), PANGO_ELLIPSIZE_END);
  gtk_label_set_xalign (GTK_LABEL (object), 0);
  gtk_widget_add_css_class (object, "dim-label");
  gtk_widget_add_css_class (object, "caption");
  gtk_box_append (GTK_BOX (box), name);
  gtk_box_append (GTK_BOX (box), object);
  gtk_widget_set_margin_top (box, 6);
  gtk_widget_set_margin_bottom (box, 6);
  return box;
}

static void
audience_list_row_selected_cb (AudAudiencesPage *self,
                               GtkListBoxRow    *row,
                               GtkListBox       *list)
{
  g_autoptr(AudAudience) audience = NULL;

  if (row == NULL)
    return;

  audience = g_list_model_get_item (G_LIST_MODEL (self->audiences), (guint) gtk_list_box_row_get_index (row));
  show_audience (self, audience);
}

void
aud_audiences_page_reload (AudAudiencesPage *self,
                  gint64            select_id)
{
  g_autoptr(GPtrArray) list = NULL;
  g_autoptr(GError) error = NULL;
  guint select = 0;

  if (self->store == NULL)
    return;

  list = aud_audience_list (self->store, &error);
  if (list == NULL)
    {
      aud_audiences_page_show_error (self, error);
      return;
    }

  if (select_id < 0 && self->audience != NULL)
    select_id = aud_audience_get_id (self->audience);
  for (guint i = 0; i < list->len; i++)
    if (aud_audience_get_id (g_ptr_array_index (list, i)) == select_id)
      select = i;

  /* Rows are rebuilt, so show the selected audience afresh. */
  g_clear_object (&self->audience);
  g_list_store_splice (self->audiences, 0, g_list_model_get_n_items (G_LIST_MODEL (self->audiences)),
                       list->pdata, list->len);

  gtk_stack_set_visible_child_name (self->stack, list->len > 0 ? "main" : "empty");
  if (list->len > 0)
    gtk_list_box_select_row (self->audience_list, gtk_list_box_get_row_at_index (self->audience_list, (int) select));
  else
    show_audience (self, NULL);
}

void
aud_audiences_page_set_store (AudAudiencesPage *self,
                              AudStore         *store)
{
  g_return_if_fail (AUD_IS_AUDIENCES_PAGE (self));
  g_return_if_fail (store == NULL || AUD_IS_STORE (store));

  if (!g_set_object (&self->store, store))
    return;

  g_clear_object (&self->audience);
  aud_audiences_page_reload (self, -1);
}

void
aud_audiences_page_set_connection (AudAudiencesPage *self,
                                   AudConnection    *connection)
{
  g_return_if_fail (AUD_IS_AUDIENCES_PAGE (self));
  g_return_if_fail (connection == NULL || AUD_IS_CONNECTION (connection));

  g_set_object (&self->connection, connection);
}

void
aud_audiences_page_set_credentials (AudAudiencesPage *self,
                                    AudCredentials   *credentials,
                                    const char       *instance_url,
                                    const char       *api_version)
{
  g_return_if_fail (AUD_IS_AUDIENCES_PAGE (self));
  g_return_if_fail (credentials == NULL || AUD_IS_CREDENTIALS (credentials));

  g_set_object (&self->credentials, credentials);
  g_free (self->instance_url);
  self->instance_url = g_strdup (instance_url);
  g_free (self->api_version);
  self->api_version = g_strdup (api_version);
}

gboolean
aud_audiences_page_get_refreshing (AudAudiencesPage *self)
{
  g_return_val_if_fail (AUD_IS_AUDIENCES_PAGE (self), FALSE);
  return self->refresh_cancellable != NULL;
}

gboolean
aud_audiences_page_select_audience (AudAudiencesPage *self,
                                    const char       *name)
{
  g_autofree char *wanted = NULL;
  guint n;

  g_return_val_if_fail (AUD_IS_AUDIENCES_PAGE (self), FALSE);
  g_return_val_if_fail (name != NULL, FALSE);

  /* Names are unique regardless of case, as in the workspace. */
  wanted = g_utf8_casefold (name, -1);
  n = g_list_model_get_n_items (G_LIST_MODEL (self->audiences));
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(AudAudience) audience = g_list_model_get_item (G_LIST_MODEL (self->audiences), i);
      g_autofree char *folded = g_utf8_casefold (aud_audience_get_name (audience), -1);

      if (g_strcmp0 (folded, wanted) == 0)
        {
          gtk_list_box_select_row (self->audience_list, gtk_list_box_get_row_at_index (self->audience_list, (int) i));
          return TRUE;
        }
    }

  return FALSE;
}

AudAudience *
aud_audiences_page_get_audience (AudAudiencesPage *self)
{
  g_return_val_if_fail (AUD_IS_AUDIENCES_PAGE (self), NULL);
  return self->audience;
}

GListModel *
aud_audiences_page_get_fields (AudAudiencesPage *self)
{
  g_return_val_if_fail (AUD_IS_AUDIENCES_PAGE (self), NULL);
  return G_LIST_MODEL (self->selection);
}

const char *
aud_audiences_page_get_last_message (AudAudiencesPage *self)
{
  g_return_val_if_fail (AUD_IS_AUDIENCES_PAGE (self), NULL);
  return self->last_message;
}

/* ---- search and filters ---- */

static void
refilter (AudAudiencesPage *self)
{
  gtk_filter_changed (GTK_FILTER (self->filter), GTK_FILTER_CHANGE_DIFFERENT);
  update_counts (self);
}

static void
search_entry_search_changed_cb (AudAudiencesPage *self,
                                GtkSearchEntry   *entry)
{
  g_autofree char *folded = g_utf8_casefold (gtk_editable_get_text (GTK_EDITABLE (entry)), -1);

  g_free (self->search);
  self->search = g_strstrip (g_steal_pointer (&folded));
  refilter (self);
}

static void
filter_toggled_cb (AudAudiencesPage *self,
                   GtkToggleButton  *toggle)
{
  refilter (self);
}

/* ---- bulk actions ---- */

/* Names of the shown fields for which `want` holds. */
static GStrv
collect_shown (AudAudiencesPage *self,
               gboolean        (*want) (AudFieldItem *item))
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->filter_model));

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(AudFieldItem) item = g_list_model_get_item (G_LIST_MODEL (self->filter_model), i);

      if (want (item))
        g_strv_builder_add (builder, aud_field_item_get_name (item));
    }

  return g_strv_builder_end (builder);
}

static gboolean
can_map (AudFieldItem *item)
{
  return !aud_field_item_get_mapped (item) && !aud_field_item_get_gone (item);
}

static gboolean
can_unmap (AudFieldItem *item)
{
  return aud_field_item_get_mapped (item) && !aud_field_item_get_locked (item);
}

static void
map_shown (AudAudiencesPage *self,
           gboolean          mapped)
{
  g_auto(GStrv) names = collect_shown (self, mapped ? can_map : can_unmap);
  g_autoptr(GError) error = NULL;
  g_autofree char *message = NULL;
  guint changed = 0;

  if (!aud_mapping_set_mapped (self->audience, (const char * const *) names, mapped, &changed, &error))
    {
      aud_audiences_page_show_error (self, error);
      return;
    }

  aud_audiences_page_apply_mapping (self);
  aud_audiences_page_mapping_changed (self);
  message = mapped
    ? g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Mapped %u field", "Mapped %u fields", changed), changed)
    : g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Unmapped %u field; its synced values are kept",
                                    "Unmapped %u fields; their synced values are kept", changed), changed);
  aud_audiences_page_show_message (self, message);
}

static void
select_all_action (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *parameter)
{
  map_shown (AUD_AUDIENCES_PAGE (widget), TRUE);
}

static void
select_none_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  map_shown (AUD_AUDIENCES_PAGE (widget), FALSE);
}

static void
recommended_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  AudAudiencesPage *self = AUD_AUDIENCES_PAGE (widget);
  g_autoptr(GError) error = NULL;
  g_autofree char *message = NULL;
  guint added = 0;

  if (!aud_mapping_apply_recommended (self->audience, self->describe, &added, &error))
    {
      aud_audiences_page_show_error (self, error);
      return;
    }

  aud_audiences_page_apply_mapping (self);
  aud_audiences_page_mapping_changed (self);
  message = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Mapped %u recommended field",
                                          "Mapped %u recommended fields", added), added);
  aud_audiences_page_show_message (self, message);
}

static void
set_rule_action (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *parameter)
{
  AudAudiencesPage *self = AUD_AUDIENCES_PAGE (widget);
  g_autoptr(GtkBitset) selected = gtk_selection_model_get_selection (GTK_SELECTION_MODEL (self->selection));
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  g_auto(GStrv) names = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *message = NULL;
  AudOverwriteRule rule = AUD_OVERWRITE_RULE_NEVER;
  GtkBitsetIter iter;
  guint position;
  guint changed = 0, skipped = 0;

  aud_overwrite_rule_from_string (g_variant_get_string (parameter, NULL), &rule);

  for (gboolean ok = gtk_bitset_iter_init_first (&iter, selected, &position); ok;
       ok = gtk_bitset_iter_next (&iter, &position))
    {
      g_autoptr(AudFieldItem) item = g_list_model_get_item (G_LIST_MODEL (self->selection), position);
      g_strv_builder_add (builder, aud_field_item_get_name (item));
    }
  names = g_strv_builder_end (builder);

  if (names[0] == NULL)
    {
      aud_audiences_page_show_message (self, _("Select the rows first: click, Shift+click or Ctrl+A for every row shown"));
      return;
    }

  if (!aud_mapping_set_rule (self->audience, self->describe, (const char * const *) names, rule,
                             &changed, &skipped, &error))
    {
      aud_audiences_page_show_error (self, error);
      return;
    }

  aud_audiences_page_apply_mapping (self);
  if (skipped > 0)
    message = g_strdup_printf (_("“%s” set for %u fields; %u unmapped or read-only fields were left as they were"),
                               aud_overwrite_rule_get_label (rule), changed, skipped);
  else
    message = g_strdup_printf (_("“%s” set for %u fields"), aud_overwrite_rule_get_label (rule), changed);
  aud_audiences_page_show_message (self, message);
}

/* ---- GObject ---- */

static void
aud_audiences_page_dispose (GObject *object)
{
  AudAudiencesPage *self = (AudAudiencesPage *) object;

  /* AdwBin unparents its child itself; dispose_template would free it first. */
  if (self->column_view != NULL)
    gtk_column_view_set_model (self->column_view, NULL);
  g_cancellable_cancel (self->refresh_cancellable);
  g_clear_object (&self->refresh_cancellable);
  g_clear_object (&self->connection);
  g_clear_object (&self->credentials);
  g_clear_object (&self->selection);
  g_clear_object (&self->filter_model);
  g_clear_object (&self->filter);
  g_clear_object (&self->audience);
  g_clear_object (&self->describe);
  g_clear_object (&self->store);
  g_clear_pointer (&self->items, g_hash_table_unref);

  G_OBJECT_CLASS (aud_audiences_page_parent_class)->dispose (object);
}

static void
aud_audiences_page_finalize (GObject *object)
{
  AudAudiencesPage *self = (AudAudiencesPage *) object;

  g_clear_object (&self->fields);
  g_clear_object (&self->audiences);
  g_clear_pointer (&self->search, g_free);
  g_clear_pointer (&self->last_message, g_free);
  g_clear_pointer (&self->instance_url, g_free);
  g_clear_pointer (&self->api_version, g_free);

  G_OBJECT_CLASS (aud_audiences_page_parent_class)->finalize (object);
}

static void
aud_audiences_page_class_init (AudAudiencesPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = aud_audiences_page_dispose;
  object_class->finalize = aud_audiences_page_finalize;

  g_type_ensure (AUD_TYPE_SEGMENT_BUILDER);
  gtk_widget_class_set_template_from_resource (widget_class, "/org/example/Audiences/pages/aud-audiences-page.ui");
  gtk_widget_class_bind_template_child (widget_class, AudAudiencesPage, audience_list);
  gtk_widget_class_bind_template_child (widget_class, AudAudiencesPage, segment_builder);
  gtk_widget_class_bind_template_child (widget_class, AudAudiencesPage, column_view);
  gtk_widget_class_bind_template_child (widget_class, AudAudiencesPage, count_label);
  gtk_widget_class_bind_template_child (widget_class, AudAudiencesPage, detail_stack);
  gtk_widget_class_bind_template_child (widget_class, AudAudiencesPage, custom_toggle);
  gtk_widget_class_bind_template_child (widget_class, AudAudiencesPage, empty_status);
  gtk_widget_class_bind_template_child (widget_class, AudAudiencesPage, fields_stack);
  gtk_widget_class_bind_template_child (widget_class, AudAudiencesPage, mapped_toggle);
  gtk_widget_class_bind_template_child (widget_class, AudAudiencesPage, no_describe_status);
  gtk_widget_class_bind_template_child (widget_class, AudAudiencesPage, search_entry);
  gtk_widget_class_bind_template_child (widget_class, AudAudiencesPage, stack);
  gtk_widget_class_bind_template_child (widget_class, AudAudiencesPage, subtitle_label);
  gtk_widget_class_bind_template_child (widget_class, AudAudiencesPage, title_label);
  gtk_widget_class_bind_template_child (widget_class, AudAudiencesPage, unmapped_toggle);
  gtk_widget_class_bind_template_child (widget_class, AudAudiencesPage, writable_toggle);
  gtk_widget_class_bind_template_callback (widget_class, audience_list_row_selected_cb);
  gtk_widget_class_bind_template_callback (widget_class, detail_stack_notify_visible_child_cb);
  gtk_widget_class_bind_template_callback (widget_class, filter_toggled_cb);
  gtk_widget_class_bind_template_callback (widget_class, search_entry_search_changed_cb);

  aud_audiences_page_class_add_dialog_actions (widget_class);
  aud_audiences_page_class_add_refresh_action (widget_class);
  gtk_widget_class_install_action (widget_class, "mapping.select-all", NULL, select_all_action);
  gtk_widget_class_install_action (widget_class, "mapping.select-none", NULL, select_none_action);
  gtk_widget_class_install_action (widget_class, "mapping.recommended", NULL, recommended_action);
  gtk_widget_class_install_action (widget_class, "mapping.set-rule", "s", set_rule_action);
}

static void
aud_audiences_page_init (AudAudiencesPage *self)
{
  GtkSortListModel *sorted;

  gtk_widget_init_template (GTK_WIDGET (self));

  self->audiences = g_list_store_new (AUD_TYPE_AUDIENCE);
  self->fields = g_list_store_new (AUD_TYPE_FIELD_ITEM);
  self->items = g_hash_table_new (g_str_hash, g_str_equal);
  self->search = g_strdup ("");

  gtk_list_box_bind_model (self->audience_list, G_LIST_MODEL (self->audiences), create_audience_row, self, NULL);

  aud_field_columns_add (self->column_view);

  /* Sort once over all fields, then filter the sorted list: typing in the search re-filters
   * without re-sorting. */
  sorted = gtk_sort_list_model_new (G_LIST_MODEL (g_object_ref (self->fields)),
                                    g_object_ref (gtk_column_view_get_sorter (self->column_view)));
  self->filter = gtk_custom_filter_new (field_visible, self, NULL);
  self->filter_model = gtk_filter_list_model_new (G_LIST_MODEL (sorted), GTK_FILTER (g_object_ref (self->filter)));
  self->selection = gtk_multi_selection_new (G_LIST_MODEL (g_object_ref (self->filter_model)));
  gtk_column_view_set_model (self->column_view, GTK_SELECTION_MODEL (self->selection));

  aud_audiences_page_update_actions (self);
}
