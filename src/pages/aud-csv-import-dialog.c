/* aud-csv-import-dialog.c — choose a CSV file, check its columns, import it into an audience
 *
 * Pages: choose → preview (format, first rows, column → field, options) → progress → done, or
 * report (bad rows with their lines, or why the file cannot be read). The import runs on a worker
 * with its own connection (AudCsvImport); progress arrives coalesced on the main thread.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "aud-csv-fields.h"
#include "aud-csv-import.h"
#include "aud-csv-import-dialog.h"

#define PREVIEW_ROWS 20
/* The report lists this many bad rows; the title counts them all. */
#define REPORT_ROWS 200

struct _AudCsvImportDialog
{
  AdwWindow             parent_instance;

  AdwPreferencesGroup  *columns_group;
  AdwStatusPage        *done_page;
  GtkWidget            *encoding_warning;
  AdwActionRow         *file_row;
  AdwComboRow          *delimiter_row;
  AdwComboRow          *encoding_row;
  GtkSwitch            *header_switch;
  AdwComboRow          *id_row;
  GtkWidget            *import_button;
  GtkColumnView        *preview_view;
  GtkListBox           *problem_list;
  GtkLabel             *progress_label;
  GtkProgressBar       *progress_bar;
  GtkLabel             *report_description;
  GtkLabel             *report_title;
  GtkWidget            *skip_button;
  GtkSwitch            *skip_switch;
  GtkStack             *stack;

  AudAudience          *audience;
  AudCsvFieldList       fields;
  GFile                *file;
  GStrv                 columns;
  AudCsvEncoding        encoding;
  char                  delimiter;
  AudCsvHeaderMode      header_mode;   /* AUTO for a new file, then what the switch says */
  AudCsvEncoding        forced_encoding;  /* AUTO for a new file, then what the user chose */
  char                  forced_delimiter; /* likewise; '\0' detects */
  gboolean              has_header;
  gboolean              loading;       /* setting the header switch from a load, not the user */
  GPtrArray            *column_rows;   /* AdwComboRow, one per column */
  GtkFileChooserNative *chooser;
  GCancellable         *cancellable;
  AudCsvImport         *import;
};

G_DEFINE_FINAL_TYPE (AudCsvImportDialog, aud_csv_import_dialog, ADW_TYPE_WINDOW)

enum {
  SIGNAL_IMPORTED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void
show_page (AudCsvImportDialog *self,
           const char         *name)
{
  gtk_stack_set_visible_child_name (self->stack, name);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "import.start", g_str_equal (name, "preview"));
}

static void
clear_list_box (GtkListBox *box)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (box))) != NULL)
    gtk_list_box_remove (box, child);
}

static void
show_report (AudCsvImportDialog *self,
             const char         *title,
             const char         *description,
             GPtrArray          *problems,
             gboolean            can_skip)
{
  clear_list_box (self->problem_list);
  gtk_label_set_text (self->report_title, title);
  gtk_label_set_text (self->report_description, description);

  for (guint i = 0; problems != NULL && i < problems->len && i < REPORT_ROWS; i++)
    {
      const AudCsvProblem *problem = g_ptr_array_index (problems, i);
      g_autofree char *line = g_strdup_printf (_("Line %llu"), (unsigned long long) problem->line);
      GtkWidget *row = adw_action_row_new ();

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), line);
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), problem->message);
      gtk_list_box_append (self->problem_list, row);
    }

  gtk_widget_set_visible (GTK_WIDGET (self->problem_list), problems != NULL && problems->len > 0);
  gtk_widget_set_visible (self->skip_button, can_skip);
  show_page (self, "report");
}

static const char delimiters[] = { ',', ';', '\t', '|' };

static void
preview_setup_cb (GtkSignalListItemFactory *factory,
                  GtkListItem              *item,
                  gpointer                  user_data)
{
  GtkWidget *cell = gtk_inscription_new (NULL);

  gtk_inscription_set_min_chars (GTK_INSCRIPTION (cell), 6);
  gtk_inscription_set_nat_chars (GTK_INSCRIPTION (cell), 16);
  gtk_list_item_set_child (item, cell);
}

static void
preview_bind_cb (GtkSignalListItemFactory *factory,
                 GtkListItem              *item,
                 gpointer                  user_data)
{
  GtkStringList *row = gtk_list_item_get_item (item);
  guint column = GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (factory), "column"));
  const char *value = gtk_string_list_get_string (row, column);
  g_autofree char *one_line = g_strdup (value != NULL ? value : "");

  /* A value spanning lines shows on one, as in a spreadsheet cell. */
  g_strdelimit (one_line, "\r\n", ' ');
  gtk_inscription_set_text (GTK_INSCRIPTION (gtk_list_item_get_child (item)), one_line);
}

static void
fill_preview (AudCsvImportDialog *self,
              GListStore         *rows)
{
  GListModel *old_columns = gtk_column_view_get_columns (self->preview_view);
  g_autoptr(GtkNoSelection) selection = gtk_no_selection_new (G_LIST_MODEL (g_object_ref (rows)));

  while (g_list_model_get_n_items (old_columns) > 0)
    {
      g_autoptr(GtkColumnViewColumn) column = g_list_model_get_item (old_columns, 0);
      gtk_column_view_remove_column (self->preview_view, column);
    }

  for (guint i = 0; self->columns[i] != NULL; i++)
    {
      GtkListItemFactory *factory = gtk_signal_list_item_factory_new ();
      g_autoptr(GtkColumnViewColumn) column = NULL;

      g_object_set_data (G_OBJECT (factory), "column", GUINT_TO_POINTER (i));
      g_signal_connect (factory, "setup", G_CALLBACK (preview_setup_cb), NULL);
      g_signal_connect (factory, "bind", G_CALLBACK (preview_bind_cb), NULL);
      column = gtk_column_view_column_new (self->columns[i], factory);
      gtk_column_view_column_set_resizable (column, TRUE);
      gtk_column_view_append_column (self->preview_view, column);
    }

  gtk_column_view_set_model (self->preview_view, GTK_SELECTION_MODEL (selection));
}

static void
fill_columns (AudCsvImportDialog *self)
{
  g_autofree int *proposal = NULL;
  g_autoptr(GtkStringList) ids = gtk_string_list_new (NULL);
  guint n_columns = g_strv_length (self->columns);
  guint id_choice = 0;

  for (guint i = 0; i < self->column_rows->len; i++)
    adw_preferences_group_remove (self->columns_group, g_ptr_array_index (self->column_rows, i));
  g_ptr_array_set_size (self->column_rows, 0);

  proposal = aud_csv_field_list_propose (&self->fields, (const char * const *) self->columns, n_columns);
  gtk_string_list_append (ids, _("Row content (same row, same record)"));

  for (guint i = 0; i < n_columns; i++)
    {
      g_autoptr(GtkStringList) choices = gtk_string_list_new (NULL);
      GtkWidget *row = adw_combo_row_new ();
      g_autofree char *folded = g_utf8_casefold (self->columns[i], -1);

      gtk_string_list_append (choices, _("Don’t import"));
      for (guint f = 0; f < self->fields.labels->len; f++)
        gtk_string_list_append (choices, g_ptr_array_index (self->fields.labels, f));

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), self->columns[i]);
      adw_combo_row_set_model (ADW_COMBO_ROW (row), G_LIST_MODEL (choices));
      adw_combo_row_set_selected (ADW_COMBO_ROW (row), (guint) (proposal[i] + 1));
      adw_preferences_group_add (self->columns_group, row);
      g_ptr_array_add (self->column_rows, row);

      gtk_string_list_append (ids, self->columns[i]);
      /* "Id", "Vendor ID", "external_id": the usual names of a key column. */
      if (id_choice == 0 && g_str_has_suffix (folded, "id"))
        id_choice = i + 1;
    }

  adw_combo_row_set_model (self->id_row, G_LIST_MODEL (ids));
  adw_combo_row_set_selected (self->id_row, id_choice);
}

static gboolean load_file (AudCsvImportDialog *self,
                           GFile              *file);

gboolean
aud_csv_import_dialog_load_file (AudCsvImportDialog *self,
                                 GFile              *file)
{
  g_return_val_if_fail (AUD_IS_CSV_IMPORT_DIALOG (self), FALSE);
  g_return_val_if_fail (G_IS_FILE (file), FALSE);

  self->header_mode = AUD_CSV_HEADER_AUTO;
  self->forced_encoding = AUD_CSV_ENCODING_AUTO;
  self->forced_delimiter = '\0';
  return load_file (self, file);
}

static void
format_selected_cb (AudCsvImportDialog *self)
{
  guint encoding = adw_combo_row_get_selected (self->encoding_row);
  guint delimiter = adw_combo_row_get_selected (self->delimiter_row);

  if (self->loading || self->file == NULL)
    return;

  /* The rows list the encodings in enum order, after AUTO. */
  if (encoding != GTK_INVALID_LIST_POSITION)
    self->forced_encoding = (AudCsvEncoding) (encoding + AUD_CSV_ENCODING_UTF8);
  if (delimiter < G_N_ELEMENTS (delimiters))
    self->forced_delimiter = delimiters[delimiter];
  load_file (self, self->file);
}

static void
header_switch_active_cb (AudCsvImportDialog *self)
{
  if (self->loading || self->file == NULL)
    return;

  self->header_mode = gtk_switch_get_active (self->header_switch) ? AUD_CSV_HEADER_YES : AUD_CSV_HEADER_NO;
  load_file (self, self->file);
}

static gboolean
load_file (AudCsvImportDialog *self,
           GFile              *file)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GFileInputStream) stream = NULL;
  g_autoptr(AudCsvReader) reader = NULL;
  g_autoptr(GListStore) rows = g_list_store_new (GTK_TYPE_STRING_LIST);
  g_autofree char *name = g_file_get_basename (file);
  gboolean guessed;

  g_set_object (&self->file, file);
  g_clear_pointer (&self->columns, g_strfreev);

  /* The first chunk only: fast enough for the main thread, even for a huge file. */
  stream = g_file_read (file, NULL, &error);
  if (stream != NULL)
    {
      reader = aud_csv_reader_new (G_INPUT_STREAM (stream));
      aud_csv_reader_set_header_mode (reader, self->header_mode);
      aud_csv_reader_set_encoding (reader, self->forced_encoding);
      aud_csv_reader_set_delimiter (reader, self->forced_delimiter);
    }
  if (reader == NULL || !aud_csv_reader_open (reader, NULL, &error))
    {
      g_autofree char *title = g_strdup_printf (_("“%s” cannot be imported"), name);

      show_report (self, title, error->message, NULL, FALSE);
      return FALSE;
    }

  while (g_list_model_get_n_items (G_LIST_MODEL (rows)) < PREVIEW_ROWS)
    {
      g_autoptr(GError) row_error = NULL;
      g_autoptr(GtkStringList) row = NULL;

      if (!aud_csv_reader_read_row (reader, NULL, &row_error))
        {
          if (row_error != NULL && aud_csv_error_is_row_error (row_error))
            continue;   /* the import reports it, with its line */
          break;
        }

      row = gtk_string_list_new (NULL);
      for (guint i = 0; i < aud_csv_reader_get_n_fields (reader); i++)
        gtk_string_list_append (row, aud_csv_reader_get_field (reader, i, NULL));
      g_list_store_append (rows, row);
    }

  self->columns = g_strdupv ((char **) aud_csv_reader_get_columns (reader));
  self->encoding = aud_csv_reader_get_encoding (reader);
  guessed = aud_csv_reader_get_encoding_guessed (reader);
  self->has_header = aud_csv_reader_get_has_header (reader);
  self->delimiter = aud_csv_reader_get_delimiter (reader);

  self->loading = TRUE;
  gtk_switch_set_active (self->header_switch, self->has_header);
  adw_combo_row_set_selected (self->encoding_row, (guint) (self->encoding - AUD_CSV_ENCODING_UTF8));
  for (guint i = 0; i < G_N_ELEMENTS (delimiters); i++)
    if (delimiters[i] == self->delimiter)
      adw_combo_row_set_selected (self->delimiter_row, i);
  self->loading = FALSE;

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->file_row), name);
  adw_action_row_set_subtitle (self->file_row, g_file_peek_path (file) != NULL ? g_file_peek_path (file) : "");
  adw_action_row_set_subtitle (ADW_ACTION_ROW (self->encoding_row),
                               guessed ? _("Guessed, because the file is not UTF-8: check the names in the preview")
                                       : "");
  gtk_widget_set_visible (self->encoding_warning, guessed);

  fill_preview (self, rows);
  fill_columns (self);
  show_page (self, "preview");
  return TRUE;
}

static void
chooser_response_cb (GtkNativeDialog    *chooser,
                     int                 response,
                     AudCsvImportDialog *self)
{
  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));

      aud_csv_import_dialog_load_file (self, file);
    }
}

static void
choose_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  AudCsvImportDialog *self = AUD_CSV_IMPORT_DIALOG (widget);
  g_autoptr(GtkFileFilter) csv = gtk_file_filter_new ();
  g_autoptr(GtkFileFilter) all = gtk_file_filter_new ();

  if (self->chooser == NULL)
    {
      /* GtkFileChooserNative goes through the file portal inside Flatpak. */
      self->chooser = gtk_file_chooser_native_new (_("Choose a CSV File"), GTK_WINDOW (self),
                                                   GTK_FILE_CHOOSER_ACTION_OPEN, _("_Open"), _("_Cancel"));
      gtk_file_filter_set_name (csv, _("CSV and text files"));
      gtk_file_filter_add_mime_type (csv, "text/csv");
      gtk_file_filter_add_mime_type (csv, "text/tab-separated-values");
      gtk_file_filter_add_mime_type (csv, "text/plain");
      gtk_file_filter_add_suffix (csv, "csv");
      gtk_file_filter_add_suffix (csv, "tsv");
      gtk_file_filter_set_name (all, _("All files"));
      gtk_file_filter_add_pattern (all, "*");
      gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (self->chooser), csv);
      gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (self->chooser), all);
      g_signal_connect_object (self->chooser, "response", G_CALLBACK (chooser_response_cb), self, 0);
    }

  gtk_native_dialog_show (GTK_NATIVE_DIALOG (self->chooser));
}

static void
import_progress_cb (const AudCsvImportProgress *progress,
                    gpointer                    user_data)
{
  AudCsvImportDialog *self = user_data;
  g_autofree char *text = NULL;

  if (progress->bytes_total > 0)
    gtk_progress_bar_set_fraction (self->progress_bar, (double) progress->bytes_read / progress->bytes_total);
  else
    gtk_progress_bar_pulse (self->progress_bar);

  if (progress->eta_seconds >= 0)
    text = g_strdup_printf (_("%llu rows, %.0f rows/s, about %.0f s left"),
                            (unsigned long long) progress->rows, progress->rows_per_second,
                            progress->eta_seconds);
  else
    text = g_strdup_printf (_("%llu rows, %.0f rows/s"),
                            (unsigned long long) progress->rows, progress->rows_per_second);
  gtk_label_set_text (self->progress_label, text);
}

static void
import_done_cb (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(AudCsvImportDialog) self = user_data;
  AudCsvImport *import = AUD_CSV_IMPORT (source);
  g_autoptr(GError) error = NULL;
  g_autofree char *summary = NULL;

  g_clear_object (&self->cancellable);

  if (!aud_csv_import_run_finish (import, result, &error))
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        show_page (self, "preview");
      else if (g_error_matches (error, AUD_CSV_ERROR, AUD_CSV_ERROR_BAD_ROWS))
        {
          g_autofree char *title = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                                 "%llu row has a problem",
                                                                 "%llu rows have problems",
                                                                 aud_csv_import_get_n_skipped (import)),
                                                    (unsigned long long) aud_csv_import_get_n_skipped (import));

          show_report (self, title,
                       _("Nothing was imported. Fix these lines in the file and import it again, "
                         "or import the other rows now."),
                       aud_csv_import_get_problems (import), TRUE);
        }
      else
        show_report (self, _("The file could not be imported"), error->message,
                     aud_csv_import_get_problems (import), FALSE);
      return;
    }

  summary = g_strdup_printf (_("%llu new, %llu updated, %llu unchanged, %llu no longer in the file, "
                               "%llu bad rows skipped."),
                             (unsigned long long) aud_csv_import_get_n_created (import),
                             (unsigned long long) aud_csv_import_get_n_updated (import),
                             (unsigned long long) aud_csv_import_get_n_unchanged (import),
                             (unsigned long long) aud_csv_import_get_n_removed (import),
                             (unsigned long long) aud_csv_import_get_n_skipped (import));
  adw_status_page_set_description (self->done_page, summary);
  show_page (self, "done");
  g_signal_emit (self, signals[SIGNAL_IMPORTED], 0);
}

static void
start_import (AudCsvImportDialog *self,
              gboolean            skip_bad_rows)
{
  g_autoptr(GArray) map = g_array_new (FALSE, TRUE, sizeof (AudCsvColumnMap));
  guint id_choice = adw_combo_row_get_selected (self->id_row);
  AudStore *store = aud_audience_get_store (self->audience);

  if (self->file == NULL || self->cancellable != NULL)
    return;

  for (guint i = 0; i < self->column_rows->len; i++)
    {
      guint selected = adw_combo_row_get_selected (g_ptr_array_index (self->column_rows, i));
      AudCsvColumnMap entry;

      if (selected == 0 || selected == GTK_INVALID_LIST_POSITION)
        continue;
      entry.column = self->columns[i];
      entry.field = g_ptr_array_index (self->fields.names, selected - 1);
      entry.max_length = g_array_index (self->fields.lengths, guint, selected - 1);
      g_array_append_val (map, entry);
    }

  if (map->len == 0)
    {
      show_report (self, _("No column is imported"),
                   _("Choose a field for at least one column, then import again."), NULL, FALSE);
      return;
    }

  g_clear_object (&self->import);
  self->import = aud_csv_import_new (self->file, aud_audience_get_object (self->audience), NULL);
  aud_csv_import_set_mapping (self->import, (const AudCsvColumnMap *) (gconstpointer) map->data, map->len);
  aud_csv_import_set_id_column (self->import,
                                id_choice > 0 && id_choice != GTK_INVALID_LIST_POSITION ? self->columns[id_choice - 1] : NULL);
  /* What the preview showed, so a confirmed Windows-1252 guess is what gets imported. */
  aud_csv_import_set_encoding (self->import, self->encoding);
  aud_csv_import_set_delimiter (self->import, self->delimiter);
  aud_csv_import_set_header_mode (self->import, self->has_header ? AUD_CSV_HEADER_YES : AUD_CSV_HEADER_NO);
  aud_csv_import_set_audience_id (self->import, aud_audience_get_id (self->audience));
  aud_csv_import_set_bad_row_policy (self->import, skip_bad_rows || gtk_switch_get_active (self->skip_switch)
                                                     ? AUD_CSV_BAD_ROWS_SKIP : AUD_CSV_BAD_ROWS_CANCEL);
  aud_csv_import_set_progress_func (self->import, import_progress_cb, self, NULL);

  self->cancellable = g_cancellable_new ();
  gtk_progress_bar_set_fraction (self->progress_bar, 0);
  gtk_label_set_text (self->progress_label, "");
  show_page (self, "progress");
  aud_csv_import_run_async (self->import, aud_store_get_path (store), self->cancellable,
                            import_done_cb, g_object_ref (self));
}

static void
start_action (GtkWidget  *widget,
              const char *action_name,
              GVariant   *parameter)
{
  start_import (AUD_CSV_IMPORT_DIALOG (widget), FALSE);
}

static void
skip_bad_rows_action (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *parameter)
{
  start_import (AUD_CSV_IMPORT_DIALOG (widget), TRUE);
}

static void
back_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  AudCsvImportDialog *self = AUD_CSV_IMPORT_DIALOG (widget);

  show_page (self, self->columns != NULL ? "preview" : "choose");
}

static void
cancel_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  AudCsvImportDialog *self = AUD_CSV_IMPORT_DIALOG (widget);

  /* A running import rolls back and the preview comes back; otherwise the dialog closes. */
  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
  else
    gtk_window_close (GTK_WINDOW (self));
}

static gboolean
drop_cb (GtkDropTarget      *target,
         const GValue       *value,
         double              x,
         double              y,
         AudCsvImportDialog *self)
{
  if (self->cancellable != NULL || !G_VALUE_HOLDS (value, G_TYPE_FILE))
    return FALSE;

  return aud_csv_import_dialog_load_file (self, g_value_get_object (value));
}

static void
aud_csv_import_dialog_dispose (GObject *object)
{
  AudCsvImportDialog *self = AUD_CSV_IMPORT_DIALOG (object);

  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
  if (self->import != NULL)
    aud_csv_import_set_progress_func (self->import, NULL, NULL, NULL);
  if (self->chooser != NULL)
    gtk_native_dialog_destroy (GTK_NATIVE_DIALOG (self->chooser));
  g_clear_object (&self->chooser);
  gtk_widget_dispose_template (GTK_WIDGET (self), AUD_TYPE_CSV_IMPORT_DIALOG);

  G_OBJECT_CLASS (aud_csv_import_dialog_parent_class)->dispose (object);
}

static void
aud_csv_import_dialog_finalize (GObject *object)
{
  AudCsvImportDialog *self = AUD_CSV_IMPORT_DIALOG (object);

  g_clear_object (&self->audience);
  aud_csv_field_list_clear (&self->fields);
  g_clear_object (&self->file);
  g_clear_pointer (&self->columns, g_strfreev);
  g_clear_pointer (&self->column_rows, g_ptr_array_unref);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->import);

  G_OBJECT_CLASS (aud_csv_import_dialog_parent_class)->finalize (object);
}

static void
aud_csv_import_dialog_class_init (AudCsvImportDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = aud_csv_import_dialog_dispose;
  object_class->finalize = aud_csv_import_dialog_finalize;

  signals[SIGNAL_IMPORTED] = g_signal_new ("imported", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                           0, NULL, NULL, NULL, G_TYPE_NONE, 0);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/org/example/Audiences/pages/aud-csv-import-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, AudCsvImportDialog, columns_group);
  gtk_widget_class_bind_template_child (widget_class, AudCsvImportDialog, done_page);
  gtk_widget_class_bind_template_child (widget_class, AudCsvImportDialog, encoding_warning);
  gtk_widget_class_bind_template_child (widget_class, AudCsvImportDialog, file_row);
  gtk_widget_class_bind_template_child (widget_class, AudCsvImportDialog, delimiter_row);
  gtk_widget_class_bind_template_child (widget_class, AudCsvImportDialog, encoding_row);
  gtk_widget_class_bind_template_child (widget_class, AudCsvImportDialog, header_switch);
  gtk_widget_class_bind_template_child (widget_class, AudCsvImportDialog, id_row);
  gtk_widget_class_bind_template_child (widget_class, AudCsvImportDialog, import_button);
  gtk_widget_class_bind_template_child (widget_class, AudCsvImportDialog, preview_view);
  gtk_widget_class_bind_template_child (widget_class, AudCsvImportDialog, problem_list);
  gtk_widget_class_bind_template_child (widget_class, AudCsvImportDialog, progress_bar);
  gtk_widget_class_bind_template_child (widget_class, AudCsvImportDialog, progress_label);
  gtk_widget_class_bind_template_child (widget_class, AudCsvImportDialog, report_description);
  gtk_widget_class_bind_template_child (widget_class, AudCsvImportDialog, report_title);
  gtk_widget_class_bind_template_child (widget_class, AudCsvImportDialog, skip_button);
  gtk_widget_class_bind_template_child (widget_class, AudCsvImportDialog, skip_switch);
  gtk_widget_class_bind_template_child (widget_class, AudCsvImportDialog, stack);

  gtk_widget_class_install_action (widget_class, "import.choose", NULL, choose_action);
  gtk_widget_class_install_action (widget_class, "import.start", NULL, start_action);
  gtk_widget_class_install_action (widget_class, "import.skip-bad-rows", NULL, skip_bad_rows_action);
  gtk_widget_class_install_action (widget_class, "import.back", NULL, back_action);
  gtk_widget_class_install_action (widget_class, "import.cancel", NULL, cancel_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "import.cancel", NULL);
}

static void
aud_csv_import_dialog_init (AudCsvImportDialog *self)
{
  GtkDropTarget *drop;

  gtk_widget_init_template (GTK_WIDGET (self));

  self->column_rows = g_ptr_array_new ();
  g_signal_connect_swapped (self->header_switch, "notify::active", G_CALLBACK (header_switch_active_cb), self);
  g_signal_connect_swapped (self->encoding_row, "notify::selected", G_CALLBACK (format_selected_cb), self);
  g_signal_connect_swapped (self->delimiter_row, "notify::selected", G_CALLBACK (format_selected_cb), self);
  drop = gtk_drop_target_new (G_TYPE_FILE, GDK_ACTION_COPY);
  g_signal_connect (drop, "drop", G_CALLBACK (drop_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (drop));
  show_page (self, "choose");
}

AudCsvImportDialog *
aud_csv_import_dialog_new (GtkWindow   *parent,
                           AudAudience *audience)
{
  AudCsvImportDialog *self;
  g_autoptr(GError) error = NULL;
  g_autofree char *title = NULL;

  g_return_val_if_fail (parent == NULL || GTK_IS_WINDOW (parent), NULL);
  g_return_val_if_fail (AUD_IS_AUDIENCE (audience), NULL);

  self = g_object_new (AUD_TYPE_CSV_IMPORT_DIALOG, "transient-for", parent, NULL);
  self->audience = g_object_ref (audience);
  title = g_strdup_printf (_("Import CSV into “%s”"), aud_audience_get_name (audience));
  gtk_window_set_title (GTK_WINDOW (self), title);

  if (!aud_csv_field_list_load (&self->fields, audience, &error))
    show_report (self, _("The audience’s fields could not be read"), error->message, NULL, FALSE);

  return self;
}
