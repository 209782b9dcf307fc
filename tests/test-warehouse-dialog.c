/* test-warehouse-dialog.c — setting up a warehouse source in the UI, against a real PostgreSQL
 *
 * Saves PNGs of the dialog (filled in, previewed, an error) into
 * $G_TEST_BUILDDIR/screenshots/warehouse-dialog.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <adwaita.h>
#include <glib/gstdio.h>

#include "aud-audience.h"
#include "aud-mapping.h"
#include "aud-test-bus.h"
#include "aud-test-postgres.h"
#include "aud-test-shot.h"
#include "aud-warehouse-dialog.h"
#ifdef AUD_HAVE_ODBC
#include "aud-sync-job.h"
#include "aud-warehouse-job.h"
#include "aud-warehouse-vault.h"
#endif

#ifdef AUD_HAVE_ODBC
static void
set_row (GtkWidget  *root,
         const char *title,
         const char *text)
{
  for (GtkWidget *child = gtk_widget_get_first_child (root); child; child = gtk_widget_get_next_sibling (child))
    {
      if (ADW_IS_PREFERENCES_ROW (child) && GTK_IS_EDITABLE (child) &&
          g_strcmp0 (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (child)), title) == 0)
        {
          gtk_editable_set_text (GTK_EDITABLE (child), text);
          return;
        }
      set_row (child, title, text);
    }
}

static void
test_preview_map_add (void)
{
  g_autofree char *dir = g_dir_make_tmp ("aud-whd-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "workspace.db", NULL);
  g_autofree char *shots = g_build_filename (g_getenv ("G_TEST_BUILDDIR") ? g_getenv ("G_TEST_BUILDDIR") : ".",
                                             "screenshots", "warehouse-dialog", NULL);
  g_autofree char *conn = aud_test_pg_connection_string ("aud");
  g_autoptr(GError) error = NULL;
  g_autoptr(AudStore) store = aud_store_open (path, &error);
  g_autoptr(AudAudience) audience = NULL;
  g_autoptr(AudWarehouseDialog) dialog = NULL;
  const char *mapped[] = { "Email", "FirstName", "LastName", NULL };
  gint64 deadline;

  g_assert_no_error (error);
  audience = aud_audience_create (store, "Warehouse people", "Contact", &error);
  g_assert_no_error (error);
  g_assert_true (aud_mapping_set_mapped (audience, mapped, TRUE, NULL, &error));
  aud_test_pg_sql ("DROP TABLE IF EXISTS crm_people; CREATE TABLE crm_people (id int PRIMARY KEY, email text, "
                   "first_name text, last_name text, updated_at timestamptz NOT NULL DEFAULT now());"
                   "INSERT INTO crm_people (id, email, first_name, last_name) SELECT g, 'p' || g || '@example.com', "
                   "'First ' || g, 'Last ' || g FROM generate_series (1, 40) g");

  dialog = g_object_ref_sink (aud_warehouse_dialog_new (NULL, audience));
  gtk_window_present (GTK_WINDOW (dialog));
  aud_test_iterate_for (200);

  /* A wrong password: the server's refusal, shown in words, nothing saved. */
  set_row (GTK_WIDGET (dialog), "DSN or Connection String", conn);
  set_row (GTK_WIDGET (dialog), "Password", "not-the-password");
  set_row (GTK_WIDGET (dialog), "Table", "crm_people");
  set_row (GTK_WIDGET (dialog), "Column That Identifies a Row", "id");
  set_row (GTK_WIDGET (dialog), "“Updated At” Column (Optional)", "updated_at");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (dialog), "warehouse.preview", NULL));
  deadline = g_get_monotonic_time () + 30 * G_USEC_PER_SEC;
  while (g_strcmp0 (aud_warehouse_dialog_get_message (dialog), "Connecting…") == 0 && g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, TRUE);
  g_assert_cmpuint (aud_warehouse_dialog_get_preview_rows (dialog), ==, 0);
  g_assert_nonnull (aud_warehouse_dialog_get_message (dialog));
  g_assert_null (strstr (aud_warehouse_dialog_get_message (dialog), "not-the-password"));
  aud_test_save_shot (GTK_WIDGET (dialog), shots, "1-error");

  /* The right one: the first rows, with each column's type and a proposed field. */
  set_row (GTK_WIDGET (dialog), "Password", AUD_TEST_PG_PASSWORD);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (dialog), "warehouse.preview", NULL));
  deadline = g_get_monotonic_time () + 30 * G_USEC_PER_SEC;
  while (aud_warehouse_dialog_get_preview_rows (dialog) == 0 && g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, TRUE);
  g_assert_cmpuint (aud_warehouse_dialog_get_preview_rows (dialog), ==, 20);
  g_assert_cmpstr (aud_warehouse_dialog_get_field_for (dialog, "email"), ==, "Email");
  g_assert_cmpstr (aud_warehouse_dialog_get_field_for (dialog, "first_name"), ==, "FirstName");
  g_assert_cmpstr (aud_warehouse_dialog_get_field_for (dialog, "last_name"), ==, "LastName");
  g_assert_null (aud_warehouse_dialog_get_field_for (dialog, "updated_at"));
  aud_test_save_shot (GTK_WIDGET (dialog), shots, "2-preview");
  adw_style_manager_set_color_scheme (adw_style_manager_get_default (), ADW_COLOR_SCHEME_FORCE_DARK);
  aud_test_save_shot (GTK_WIDGET (dialog), shots, "3-preview-dark");
  adw_style_manager_set_color_scheme (adw_style_manager_get_default (), ADW_COLOR_SCHEME_DEFAULT);

  if (!aud_test_have_secret_service ())
    {
      g_test_message ("no keyring in this session: adding (which stores the password) is not tested");
      gtk_window_destroy (GTK_WINDOW (dialog));
      aud_test_remove_tree (dir);
      return;
    }

  /* Add: the source is saved with its mapping, the password is in the keyring, and a sync reads it. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (dialog), "warehouse.add", NULL));
  g_assert_cmpint (aud_warehouse_dialog_get_source_id (dialog), >, 0);
  {
    g_autofree char *password = aud_warehouse_vault_lookup (conn, 5000, NULL, &error);
    g_autoptr(AudSyncResult) result = NULL;
    AudSyncOptions options;

    g_assert_no_error (error);
    g_assert_cmpstr (password, ==, AUD_TEST_PG_PASSWORD);
    aud_sync_options_init (&options);
    result = aud_warehouse_job_run (store, aud_warehouse_dialog_get_source_id (dialog), &options,
                                    NULL, NULL, NULL, &error);
    g_assert_no_error (error);
    g_assert_cmpint (result->outcome, ==, AUD_SYNC_OUTCOME_SUCCEEDED);
    g_assert_cmpint (result->counts.created, ==, 40);
    aud_warehouse_vault_clear (conn, 5000, NULL, NULL);
  }

  aud_test_remove_tree (dir);
}
#endif

int
main (int   argc,
      char *argv[])
{
  int rc;

  g_test_init (&argc, &argv, NULL);
  if (!gtk_init_check ())
    {
      g_print ("1..0 # SKIP no display\n");
      return 0;
    }
  adw_init ();
  {
    g_autoptr(GtkCssProvider) css = gtk_css_provider_new ();

    gtk_css_provider_load_from_resource (css, "/org/example/Audiences/style.css");
    gtk_style_context_add_provider_for_display (gdk_display_get_default (), GTK_STYLE_PROVIDER (css),
                                                GTK_STYLE_PROVIDER_PRIORITY_APPLICATION);
  }

#ifdef AUD_HAVE_ODBC
  {
    const char *skip = aud_test_pg_setup ();

    if (skip != NULL)
      {
        g_print ("1..0 # SKIP %s\n", skip);
        return 0;
      }
  }
  g_test_add_func ("/warehouse-dialog/preview-map-add", test_preview_map_add);
  rc = g_test_run ();
  aud_test_pg_cleanup ();
#else
  g_print ("1..0 # SKIP built without ODBC\n");
  rc = 0;
#endif
  return rc;
}
