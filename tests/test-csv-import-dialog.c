/* test-csv-import-dialog.c — the CSV import dialog: preview, proposed mapping, error report,
 * import without the bad rows; saves screenshots to $G_TEST_BUILDDIR/screenshots/csv-import
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <adwaita.h>
#include <glib/gstdio.h>

#include "aud-audience.h"
#include "aud-csv-import-dialog.h"
#include "aud-mapping.h"
#include "aud-store-private.h"
#include "aud-test-shot.h"

static void
collect (GtkWidget *root,
         GType      type,
         GPtrArray *found)
{
  for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      if (G_TYPE_CHECK_INSTANCE_TYPE (child, type))
        g_ptr_array_add (found, child);
      collect (child, type, found);
    }
}

/* The @index-th widget of @type in depth-first order, or the one named @name. */
static GtkWidget *
find_widget (GtkWidget  *root,
             GType       type,
             guint       index,
             const char *name)
{
  g_autoptr(GPtrArray) found = g_ptr_array_new ();

  collect (root, type, found);
  for (guint i = 0; name != NULL && i < found->len; i++)
    if (g_strcmp0 (gtk_widget_get_name (found->pdata[i]), name) == 0)
      return found->pdata[i];

  g_assert_cmpuint (index, <, found->len);
  return name == NULL ? found->pdata[index] : NULL;
}

static const char *
visible_page (GtkWidget *dialog)
{
  GtkStack *stack = GTK_STACK (find_widget (dialog, GTK_TYPE_STACK, 0, NULL));

  return gtk_stack_get_visible_child_name (stack);
}

static void
wait_for_page (GtkWidget  *dialog,
               const char *page)
{
  gint64 end = g_get_monotonic_time () + 20 * G_USEC_PER_SEC;

  while (g_strcmp0 (visible_page (dialog), page) != 0 && g_get_monotonic_time () < end)
    g_main_context_iteration (NULL, TRUE);
  g_assert_cmpstr (visible_page (dialog), ==, page);
}

static gint64
count_csv_records (AudStore *store)
{
  g_autoptr(sqlite3_stmt) stmt = aud_store_prepare (store,
    "SELECT count(*) FROM source_records AS r JOIN sources AS s ON s.id = r.source_id WHERE s.kind = 'csv'",
    NULL);

  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  return sqlite3_column_int64 (stmt, 0);
}

static void
test_preview_report_import (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("aud-csv-dialog-XXXXXX", NULL);
  g_autofree char *ws = g_build_filename (dir, "ws.db", NULL);
  g_autofree char *csv = g_build_filename (dir, "event-leads.csv", NULL);
  g_autofree char *shots = g_build_filename (g_test_get_dir (G_TEST_BUILT), "screenshots", "csv-import", NULL);
  g_autoptr(AudStore) store = aud_store_open (ws, &error);
  g_autoptr(AudAudience) audience = NULL;
  g_autoptr(GFile) file = g_file_new_for_path (csv);
  static const char *fields[] = { "FirstName", "LastName", "Email", "Title", NULL };
  AudCsvImportDialog *dialog;
  AdwPreferencesGroup *columns;
  GtkColumnView *preview;
  GtkListBox *problems;

  g_assert_no_error (error);
  audience = aud_audience_create (store, "Event leads", "Contact", &error);
  g_assert_no_error (error);
  g_assert_true (aud_mapping_set_mapped (audience, fields, TRUE, NULL, &error));
  g_assert_true (g_file_set_contents (csv,
                                      "Vendor ID,first_name,LAST NAME,E-mail,Job title,Notes\r\n"
                                      "v1,Ada,Lovelace,ada@example.com,Countess,\"met at booth 4\nfollow up\"\r\n"
                                      "v2,Zoë,O'Neil,zoe@example.com,VP Marketing,\r\n"
                                      "v3,Łukasz,Nowak,lukasz@example.com\r\n"
                                      "v4,José,Muñoz,jose@example.com,CTO,\"said \"\"hi\"\"\"\r\n",
                                      -1, NULL));

  dialog = aud_csv_import_dialog_new (NULL, audience);
  gtk_window_present (GTK_WINDOW (dialog));
  g_assert_cmpstr (visible_page (GTK_WIDGET (dialog)), ==, "choose");

  g_assert_true (aud_csv_import_dialog_load_file (dialog, file));
  g_assert_cmpstr (visible_page (GTK_WIDGET (dialog)), ==, "preview");

  /* Every column in the preview; the three good rows shown, the ragged one left to the report. */
  preview = GTK_COLUMN_VIEW (find_widget (GTK_WIDGET (dialog), GTK_TYPE_COLUMN_VIEW, 0, NULL));
  g_assert_cmpuint (g_list_model_get_n_items (gtk_column_view_get_columns (preview)), ==, 6);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (gtk_column_view_get_model (preview))), ==, 3);

  /* Proposed mapping: 0 is "Don't import", then the fields in mapping order (sorted by name). */
  columns = ADW_PREFERENCES_GROUP (find_widget (GTK_WIDGET (dialog), ADW_TYPE_PREFERENCES_GROUP, 0, "columns"));
  {
    AdwComboRow *first_name = ADW_COMBO_ROW (find_widget (GTK_WIDGET (columns), ADW_TYPE_COMBO_ROW, 1, NULL));
    GtkStringObject *chosen = adw_combo_row_get_selected_item (first_name);

    g_assert_cmpstr (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (first_name)), ==, "first_name");
    g_assert_cmpstr (gtk_string_object_get_string (chosen), ==, "FirstName");
  }
  aud_test_save_shot (GTK_WIDGET (dialog), shots, "1-preview");

  /* Without a header row the first line is data and the columns are numbered. */
  {
    GtkSwitch *header = GTK_SWITCH (find_widget (GTK_WIDGET (dialog), GTK_TYPE_SWITCH, 0, NULL));

    g_assert_true (gtk_switch_get_active (header));
    gtk_switch_set_active (header, FALSE);
    g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (gtk_column_view_get_model (preview))), ==, 4);
    gtk_switch_set_active (header, TRUE);
    g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (gtk_column_view_get_model (preview))), ==, 3);
  }

  /* Another separator re-reads the file: no semicolons here, so one column. */
  {
    AdwComboRow *separator = ADW_COMBO_ROW (find_widget (GTK_WIDGET (dialog), ADW_TYPE_COMBO_ROW, 0, "separator"));

    g_assert_cmpuint (adw_combo_row_get_selected (separator), ==, 0);
    adw_combo_row_set_selected (separator, 1);
    g_assert_cmpuint (g_list_model_get_n_items (gtk_column_view_get_columns (preview)), ==, 1);
    adw_combo_row_set_selected (separator, 0);
    g_assert_cmpuint (g_list_model_get_n_items (gtk_column_view_get_columns (preview)), ==, 6);
  }

  /* All or nothing by default: the bad row is reported with its line, nothing is written. */
  gtk_widget_activate_action (GTK_WIDGET (dialog), "import.start", NULL);
  wait_for_page (GTK_WIDGET (dialog), "report");
  problems = GTK_LIST_BOX (find_widget (GTK_WIDGET (dialog), GTK_TYPE_LIST_BOX, 0, "problems"));
  g_assert_cmpstr (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (gtk_widget_get_first_child (GTK_WIDGET (problems)))),
                   ==, "Line 5");
  g_assert_cmpint (count_csv_records (store), ==, 0);
  aud_test_save_shot (GTK_WIDGET (dialog), shots, "2-report");

  gtk_widget_activate_action (GTK_WIDGET (dialog), "import.skip-bad-rows", NULL);
  wait_for_page (GTK_WIDGET (dialog), "done");
  g_assert_cmpint (count_csv_records (store), ==, 3);
  aud_test_save_shot (GTK_WIDGET (dialog), shots, "3-done");

  gtk_window_destroy (GTK_WINDOW (dialog));
  g_unlink (csv);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  if (!gtk_init_check ())
    {
      g_print ("1..0 # SKIP no display\n");
      return 0;
    }
  adw_init ();

  g_test_add_func ("/csv-import-dialog/preview-report-import", test_preview_report_import);

  return g_test_run ();
}
