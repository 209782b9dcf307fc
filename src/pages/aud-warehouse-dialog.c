/* aud-warehouse-dialog.c — set up a data warehouse table or query as a source of an audience
 *
 * The preview connects and reads the first rows on a GTask thread (ODBC calls block), then shows
 * them with each column's SQL type and a proposed field, matched by name as for CSV files.
 * Adding saves the source (settings without the password) and puts the password in the keyring.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "aud-csv-fields.h"
#include "aud-warehouse-dialog.h"
#ifdef AUD_HAVE_ODBC
#include "aud-warehouse-reader.h"
#include "aud-warehouse-source.h"
#include "aud-warehouse-vault.h"
#endif

#define PREVIEW_ROWS 20

struct _AudWarehouseDialog
{
  AdwWindow         parent_instance;

  AudAudience      *audience;
  AudCsvFieldList   fields;
  GStrv             columns;        /* of the last preview */
  GPtrArray        *combo_rows;     /* AdwComboRow per column */
  GListStore       *rows;           /* GtkStringList per previewed row */
  GCancellable     *cancellable;
  char             *message;
  gint64            source_id;

  /* template children */
  AdwEntryRow          *connection_row;
  AdwEntryRow          *id_row;
  GtkLabel             *message_label;
  AdwPreferencesGroup  *mapping_group;
  GtkListBox           *mapping_list;
  AdwEntryRow          *name_row;
  AdwPasswordEntryRow  *password_row;
  GtkScrolledWindow    *preview_scroller;
  GtkColumnView        *preview_view;
  AdwEntryRow          *query_row;
  AdwEntryRow          *table_row;
  AdwEntryRow          *updated_row;
};

G_DEFINE_FINAL_TYPE (AudWarehouseDialog, aud_warehouse_dialog, ADW_TYPE_WINDOW)

static void
show_message (AudWarehouseDialog *self,
              const char         *message,
              gboolean            is_error)
{
  g_free (self->message);
  self->message = g_strdup (message);
  gtk_label_set_label (self->message_label, message);
  if (is_error)
    gtk_widget_add_css_class (GTK_WIDGET (self->message_label), "error");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (self->message_label), "error");
}

static const char *
row_text (AdwEntryRow *row)
{
  const char *text = gtk_editable_get_text (GTK_EDITABLE (row));

  return text != NULL && *text != '\0' ? text : NULL;
}

#ifdef AUD_HAVE_ODBC
/* The settings as typed; the mapping comes from the combo rows when there are some. */
static AudWarehouseSettings *
settings_from_form (AudWarehouseDialog *self)
{
  AudWarehouseSettings *s = aud_warehouse_settings_new ();

  s->connection = g_strdup (row_text (self->connection_row));
  s->table = g_strdup (row_text (self->table_row));
  s->query = s->table == NULL ? g_strdup (row_text (self->query_row)) : NULL;
  s->id_column = g_strdup (row_text (self->id_row));
  s->updated_at_column = g_strdup (row_text (self->updated_row));

  for (guint i = 0; self->combo_rows != NULL && i < self->combo_rows->len; i++)
    {
      guint selected = adw_combo_row_get_selected (g_ptr_array_index (self->combo_rows, i));

      if (selected > 0 && selected != GTK_INVALID_LIST_POSITION)
        aud_warehouse_settings_add_map (s, self->columns[i], g_ptr_array_index (self->fields.names, selected - 1));
    }

  return s;
}

typedef struct
{
  AudWarehouseSettings *settings;
  char                 *password;
  GStrv                 columns;
  GStrv                 types;
  GPtrArray            *rows;
} Preview;

static void
preview_free (Preview *p)
{
  aud_warehouse_settings_free (p->settings);
  if (p->password != NULL)
    memset (p->password, 0, strlen (p->password));
  g_free (p->password);
  g_strfreev (p->columns);
  g_strfreev (p->types);
  g_clear_pointer (&p->rows, g_ptr_array_unref);
  g_free (p);
}

static void
preview_thread (GTask        *task,
                gpointer      source_object,
                gpointer      task_data,
                GCancellable *cancellable)
{
  Preview *p = task_data;
  g_autoptr(AudWarehouseReader) reader = NULL;
  g_autoptr(GStrvBuilder) names = g_strv_builder_new ();
  g_autoptr(GStrvBuilder) types = g_strv_builder_new ();
  GError *error = NULL;

  reader = aud_warehouse_reader_connect (p->settings->connection, p->password, &error);
  if (reader == NULL || (p->rows = aud_warehouse_preview (reader, p->settings, PREVIEW_ROWS, &error)) == NULL)
    {
      g_task_return_error (task, error);
      return;
    }

  for (guint i = 0; i < aud_warehouse_reader_get_n_columns (reader); i++)
    {
      const AudWarehouseColumn *column = aud_warehouse_reader_get_column (reader, i);

      g_strv_builder_add (names, column->name);
      g_strv_builder_add (types, aud_warehouse_value_kind_to_string (column->kind));
    }
  p->columns = g_strv_builder_end (names);
  p->types = g_strv_builder_end (types);
  g_task_return_boolean (task, TRUE);
}

static void
cell_setup_cb (GtkSignalListItemFactory *factory,
               GtkListItem              *item,
               gpointer                  user_data)
{
  GtkWidget *label = gtk_label_new (NULL);

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
  gtk_label_set_max_width_chars (GTK_LABEL (label), 28);
  gtk_list_item_set_child (item, label);
}

static void
cell_bind_cb (GtkSignalListItemFactory *factory,
              GtkListItem              *item,
              gpointer                  user_data)
{
  GtkStringList *row = gtk_list_item_get_item (item);
  guint column = GPOINTER_TO_UINT (user_data);
  const char *text = gtk_string_list_get_string (row, column);

  gtk_label_set_label (GTK_LABEL (gtk_list_item_get_child (item)), text != NULL ? text : "");
}

static void
show_preview (AudWarehouseDialog *self,
              Preview            *p)
{
  g_autofree int *proposed = NULL;
  g_autoptr(GtkStringList) choices = gtk_string_list_new (NULL);
  GListModel *columns;
  GtkWidget *child;
  guint n = g_strv_length (p->columns);

  g_strfreev (self->columns);
  self->columns = g_strdupv (p->columns);

  /* The table: one column per warehouse column, titled with its type. */
  columns = gtk_column_view_get_columns (self->preview_view);
  while (g_list_model_get_n_items (columns) > 0)
    {
      g_autoptr(GtkColumnViewColumn) col = g_list_model_get_item (columns, 0);
      gtk_column_view_remove_column (self->preview_view, col);
    }
  for (guint i = 0; i < n; i++)
    {
      GtkListItemFactory *factory = gtk_signal_list_item_factory_new ();
      g_autofree char *title = g_strdup_printf ("%s (%s)", p->columns[i], p->types[i]);
      g_autoptr(GtkColumnViewColumn) col = NULL;

      g_signal_connect (factory, "setup", G_CALLBACK (cell_setup_cb), NULL);
      g_signal_connect (factory, "bind", G_CALLBACK (cell_bind_cb), GUINT_TO_POINTER (i));
      col = gtk_column_view_column_new (title, factory);
      gtk_column_view_column_set_resizable (col, TRUE);
      gtk_column_view_append_column (self->preview_view, col);
    }

  g_list_store_remove_all (self->rows);
  for (guint r = 0; r < p->rows->len; r++)
    {
      GPtrArray *values = g_ptr_array_index (p->rows, r);
      g_autoptr(GtkStringList) row = gtk_string_list_new (NULL);

      for (guint i = 0; i < n; i++)
        {
          const char *value = i < values->len ? g_ptr_array_index (values, i) : NULL;
          gtk_string_list_append (row, value != NULL ? value : "");
        }
      g_list_store_append (self->rows, row);
    }
  gtk_widget_set_visible (GTK_WIDGET (self->preview_scroller), TRUE);

  /* The mapping: a field per column, proposed by name and label. */
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->mapping_list))) != NULL)
    gtk_list_box_remove (self->mapping_list, child);
  g_ptr_array_set_size (self->combo_rows, 0);

  gtk_string_list_append (choices, _("Not imported"));
  for (guint i = 0; i < self->fields.names->len; i++)
    {
      g_autofree char *choice = g_strdup_printf ("%s (%s)", (char *) g_ptr_array_index (self->fields.labels, i),
                                                 (char *) g_ptr_array_index (self->fields.names, i));
      gtk_string_list_append (choices, choice);
    }

  proposed = aud_csv_field_list_propose (&self->fields, (const char * const *) p->columns, n);
  for (guint i = 0; i < n; i++)
    {
      GtkWidget *combo = adw_combo_row_new ();

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (combo), p->columns[i]);
      adw_action_row_set_subtitle (ADW_ACTION_ROW (combo), p->types[i]);
      adw_combo_row_set_model (ADW_COMBO_ROW (combo), G_LIST_MODEL (choices));
      adw_combo_row_set_selected (ADW_COMBO_ROW (combo), proposed[i] >= 0 ? (guint) proposed[i] + 1 : 0);
      gtk_list_box_append (self->mapping_list, combo);
      g_ptr_array_add (self->combo_rows, combo);
    }
  gtk_widget_set_visible (GTK_WIDGET (self->mapping_group), n > 0);

  {
    g_autofree char *text = g_strdup_printf (ngettext ("Connected. The first %u row of %u columns:",
                                                       "Connected. The first %u rows of %u columns:",
                                                       p->rows->len), p->rows->len, n);
    show_message (self, text, FALSE);
  }
}

static void
preview_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(AudWarehouseDialog) self = user_data;
  g_autoptr(GError) error = NULL;

  if (!g_task_propagate_boolean (G_TASK (result), &error))
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        show_message (self, error->message, TRUE);
    }
  else
    show_preview (self, g_task_get_task_data (G_TASK (result)));

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "warehouse.preview", TRUE);
}
#endif

static void
preview_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  AudWarehouseDialog *self = AUD_WAREHOUSE_DIALOG (widget);
#ifdef AUD_HAVE_ODBC
  g_autoptr(GTask) task = NULL;
  g_autoptr(GError) error = NULL;
  Preview *p = g_new0 (Preview, 1);

  p->settings = settings_from_form (self);
  p->settings->columns = g_ptr_array_new_with_free_func (g_free);
  p->settings->fields = g_ptr_array_new_with_free_func (g_free);
  p->password = g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->password_row)));
  if (p->settings->connection == NULL)
    {
      show_message (self, _("Give the DSN or connection string first."), TRUE);
      preview_free (p);
      return;
    }
  if (p->settings->id_column == NULL)
    p->settings->id_column = g_strdup ("id");   /* the preview does not need it yet */
  if (!aud_warehouse_settings_validate (p->settings, &error))
    {
      show_message (self, error->message, TRUE);
      preview_free (p);
      return;
    }

  show_message (self, _("Connecting…"), FALSE);
  gtk_widget_action_set_enabled (widget, "warehouse.preview", FALSE);
  task = g_task_new (NULL, self->cancellable, preview_cb, g_object_ref (self));
  g_task_set_source_tag (task, preview_action);
  g_task_set_task_data (task, p, (GDestroyNotify) preview_free);
  g_task_run_in_thread (task, preview_thread);
#else
  show_message (self, _("This build of Audiences has no ODBC support (unixODBC was not found when it was built)."), TRUE);
#endif
}

static void
add_action (GtkWidget  *widget,
            const char *action_name,
            GVariant   *parameter)
{
  AudWarehouseDialog *self = AUD_WAREHOUSE_DIALOG (widget);
#ifdef AUD_HAVE_ODBC
  g_autoptr(AudWarehouseSettings) s = settings_from_form (self);
  g_autoptr(GError) error = NULL;
  const char *password = gtk_editable_get_text (GTK_EDITABLE (self->password_row));
  const char *name = row_text (self->name_row);

  if (self->columns == NULL)
    {
      show_message (self, _("Preview the data first, to check the connection and map its columns."), TRUE);
      return;
    }
  if (name == NULL)
    name = s->table != NULL ? s->table : _("Warehouse query");
  if (!aud_warehouse_settings_validate (s, &error))
    {
      show_message (self, error->message, TRUE);
      return;
    }

  /* The password first: a source whose password went nowhere would fail its first sync. */
  if (password != NULL && *password != '\0' &&
      !aud_warehouse_vault_store (s->connection, password, 5000, NULL, &error))
    {
      g_prefix_error (&error, _("The password could not be kept in your keyring: "));
      show_message (self, error->message, TRUE);
      return;
    }

  self->source_id = aud_warehouse_source_save (aud_audience_get_store (self->audience),
                                               aud_audience_get_object (self->audience), name, s,
                                               aud_audience_get_id (self->audience), &error);
  if (self->source_id < 0)
    {
      show_message (self, error->message, TRUE);
      return;
    }

  {
    g_autofree char *text = g_strdup_printf (_("Added “%s”. The next sync reads it."), name);
    show_message (self, text, FALSE);
  }
  gtk_window_close (GTK_WINDOW (self));
#else
  show_message (self, _("This build of Audiences has no ODBC support (unixODBC was not found when it was built)."), TRUE);
#endif
}

AudWarehouseDialog *
aud_warehouse_dialog_new (GtkWindow   *parent,
                          AudAudience *audience)
{
  AudWarehouseDialog *self;
  g_autoptr(GError) error = NULL;

  g_return_val_if_fail (AUD_IS_AUDIENCE (audience), NULL);

  self = g_object_new (AUD_TYPE_WAREHOUSE_DIALOG, "transient-for", parent, NULL);
  self->audience = g_object_ref (audience);
  if (!aud_csv_field_list_load (&self->fields, audience, &error))
    show_message (self, error->message, TRUE);
  return self;
}

guint
aud_warehouse_dialog_get_preview_rows (AudWarehouseDialog *self)
{
  g_return_val_if_fail (AUD_IS_WAREHOUSE_DIALOG (self), 0);

  return g_list_model_get_n_items (G_LIST_MODEL (self->rows));
}

const char *
aud_warehouse_dialog_get_message (AudWarehouseDialog *self)
{
  g_return_val_if_fail (AUD_IS_WAREHOUSE_DIALOG (self), NULL);

  return self->message;
}

const char *
aud_warehouse_dialog_get_field_for (AudWarehouseDialog *self,
                                    const char         *column)
{
  g_return_val_if_fail (AUD_IS_WAREHOUSE_DIALOG (self), NULL);

  for (guint i = 0; self->columns != NULL && self->columns[i] != NULL; i++)
    if (g_str_equal (self->columns[i], column))
      {
        guint selected = adw_combo_row_get_selected (g_ptr_array_index (self->combo_rows, i));

        return selected > 0 && selected != GTK_INVALID_LIST_POSITION
               ? g_ptr_array_index (self->fields.names, selected - 1) : NULL;
      }

  return NULL;
}

gint64
aud_warehouse_dialog_get_source_id (AudWarehouseDialog *self)
{
  g_return_val_if_fail (AUD_IS_WAREHOUSE_DIALOG (self), -1);

  return self->source_id;
}

static void
aud_warehouse_dialog_dispose (GObject *object)
{
  AudWarehouseDialog *self = AUD_WAREHOUSE_DIALOG (object);

  g_cancellable_cancel (self->cancellable);
  gtk_widget_dispose_template (GTK_WIDGET (self), AUD_TYPE_WAREHOUSE_DIALOG);

  G_OBJECT_CLASS (aud_warehouse_dialog_parent_class)->dispose (object);
}

static void
aud_warehouse_dialog_finalize (GObject *object)
{
  AudWarehouseDialog *self = AUD_WAREHOUSE_DIALOG (object);

  g_clear_object (&self->audience);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->rows);
  g_clear_pointer (&self->combo_rows, g_ptr_array_unref);
  g_clear_pointer (&self->columns, g_strfreev);
  g_clear_pointer (&self->message, g_free);
  aud_csv_field_list_clear (&self->fields);

  G_OBJECT_CLASS (aud_warehouse_dialog_parent_class)->finalize (object);
}

static void
aud_warehouse_dialog_class_init (AudWarehouseDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = aud_warehouse_dialog_dispose;
  object_class->finalize = aud_warehouse_dialog_finalize;

  gtk_widget_class_set_template_from_resource (widget_class, "/org/example/Audiences/pages/aud-warehouse-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, AudWarehouseDialog, connection_row);
  gtk_widget_class_bind_template_child (widget_class, AudWarehouseDialog, id_row);
  gtk_widget_class_bind_template_child (widget_class, AudWarehouseDialog, mapping_group);
  gtk_widget_class_bind_template_child (widget_class, AudWarehouseDialog, mapping_list);
  gtk_widget_class_bind_template_child (widget_class, AudWarehouseDialog, message_label);
  gtk_widget_class_bind_template_child (widget_class, AudWarehouseDialog, name_row);
  gtk_widget_class_bind_template_child (widget_class, AudWarehouseDialog, password_row);
  gtk_widget_class_bind_template_child (widget_class, AudWarehouseDialog, preview_scroller);
  gtk_widget_class_bind_template_child (widget_class, AudWarehouseDialog, preview_view);
  gtk_widget_class_bind_template_child (widget_class, AudWarehouseDialog, query_row);
  gtk_widget_class_bind_template_child (widget_class, AudWarehouseDialog, table_row);
  gtk_widget_class_bind_template_child (widget_class, AudWarehouseDialog, updated_row);

  gtk_widget_class_install_action (widget_class, "warehouse.preview", NULL, preview_action);
  gtk_widget_class_install_action (widget_class, "warehouse.add", NULL, add_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
aud_warehouse_dialog_init (AudWarehouseDialog *self)
{
  g_autoptr(GtkNoSelection) selection = NULL;

  gtk_widget_init_template (GTK_WIDGET (self));

  self->source_id = -1;
  self->cancellable = g_cancellable_new ();
  self->combo_rows = g_ptr_array_new ();
  self->rows = g_list_store_new (GTK_TYPE_STRING_LIST);
  selection = gtk_no_selection_new (G_LIST_MODEL (g_object_ref (self->rows)));
  gtk_column_view_set_model (self->preview_view, GTK_SELECTION_MODEL (selection));
}
