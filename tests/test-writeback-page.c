/* test-writeback-page.c — the Write-back page over a real plan: table, filters, apply, undo
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <locale.h>
#include <string.h>

#include "aud-test-shot.h"
#include "aud-write-audit.h"
#include "aud-writeback-page.h"
#include "writeback-test-util.h"

typedef struct
{
  WbFixture         wb;
  AudWritebackPage *page;
  GtkWindow        *window;
  char             *shots;
} Fixture;

static AudSalesforceClient *
page_client (gpointer   data,
             GError   **error)
{
  WbFixture *wb = data;

  return wb_make_client (wb->credentials, aud_demo_org_get_instance_url (wb->org));
}

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  wb_fixture_setup (&f->wb, data);
  f->shots = g_build_filename (g_getenv ("G_TEST_BUILDDIR") ? g_getenv ("G_TEST_BUILDDIR") : ".",
                               "screenshots", "writeback-page", NULL);

  /* Three kinds of rows: Title differs (Always writes), Department blank (Conditional fills it),
   * Department set (Conditional skips). */
  wb_org_set (&f->wb, f->wb.ids->pdata[0], "Department", NULL);
  wb_run_sync (&f->wb);
  for (guint i = 0; i < 6; i++)
    {
      g_autofree char *title = g_strdup_printf ("Head of Revenue Operations %u", i);

      wb_set_golden (&f->wb, f->wb.ids->pdata[i], "Title", title, "Department", "Revenue Operations", NULL);
    }

  f->page = g_object_new (AUD_TYPE_WRITEBACK_PAGE, NULL);
  f->window = GTK_WINDOW (gtk_window_new ());
  gtk_window_set_default_size (f->window, 1100, 800);
  gtk_window_set_child (f->window, GTK_WIDGET (f->page));
  aud_writeback_page_set_client_factory (f->page, page_client, &f->wb);
  aud_writeback_page_set_store (f->page, f->wb.store);
  gtk_window_present (f->window);
  aud_test_iterate_for (300);
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  gtk_window_destroy (f->window);
  aud_test_iterate_for (50);
  wb_fixture_teardown (&f->wb, data);
  g_free (f->shots);
}

static GtkWidget *
find_widget (GtkWidget  *root,
             GType       type,
             const char *label)
{
  for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL; child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found;

      if (G_TYPE_CHECK_INSTANCE_TYPE (child, type)
          && (label == NULL || (GTK_IS_BUTTON (child) && g_strcmp0 (gtk_button_get_label (GTK_BUTTON (child)), label) == 0)
              || (GTK_IS_LABEL (child) && strstr (gtk_label_get_text (GTK_LABEL (child)), label) != NULL)))
        return child;
      if ((found = find_widget (child, type, label)) != NULL)
        return found;
    }
  return NULL;
}

static GtkWidget *
find_by_tooltip (GtkWidget  *root,
                 const char *tooltip)
{
  for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL; child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found;

      if (g_strcmp0 (gtk_widget_get_tooltip_text (child), tooltip) == 0)
        return child;
      if ((found = find_by_tooltip (child, tooltip)) != NULL)
        return found;
    }
  return NULL;
}

static GtkWidget *
first_included_check (GtkWidget *root)
{
  for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL; child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found;

      if (GTK_IS_CHECK_BUTTON (child) && gtk_widget_get_sensitive (child)
          && gtk_check_button_get_active (GTK_CHECK_BUTTON (child)))
        return child;
      if ((found = first_included_check (child)) != NULL)
        return found;
    }
  return NULL;
}

static gboolean
wait_for_label (Fixture    *f,
                const char *text)
{
  for (guint i = 0; i < 200; i++)
    {
      if (find_widget (GTK_WIDGET (f->page), GTK_TYPE_LABEL, text) != NULL)
        return TRUE;
      aud_test_iterate_for (50);
    }
  return FALSE;
}

static void
test_preview_apply_undo (Fixture       *f,
                         gconstpointer  data)
{
  GtkColumnView *view = GTK_COLUMN_VIEW (find_widget (GTK_WIDGET (f->page), GTK_TYPE_COLUMN_VIEW, NULL));
  GtkWidget *apply = find_widget (GTK_WIDGET (f->page), GTK_TYPE_BUTTON, "_Apply");
  GtkWidget *undo;
  GtkDropDown *outcome;
  GtkWidget *excluded;
  g_autoptr(JsonNode) before = wb_dump (&f->wb);
  g_autoptr(JsonNode) after = NULL;
  g_autoptr(JsonNode) undone = NULL;

  /* 6 records × (Title, Department): 7 writes (6 titles, 1 blank department), 5 skips */
  g_assert_nonnull (view);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (gtk_column_view_get_model (view))), ==, 12);
  g_assert_true (wait_for_label (f, "7 fields to write in 6 of 6 records — 1 API call."));
  g_assert_true (gtk_widget_get_sensitive (apply));

  /* the outcome filter narrows the table; every outcome brings the rows back */
  outcome = GTK_DROP_DOWN (find_by_tooltip (GTK_WIDGET (f->page), "Outcome"));
  gtk_drop_down_set_selected (outcome, 1 + AUD_WRITE_OUTCOME_WRITE);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (gtk_column_view_get_model (view))), ==, 7);
  gtk_drop_down_set_selected (outcome, 0);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (gtk_column_view_get_model (view))), ==, 12);
  aud_test_save_shot (GTK_WIDGET (f->window), f->shots, "1-preview");

  /* taking one change out of the run updates the totals and the forecast */
  excluded = first_included_check (GTK_WIDGET (view));
  g_assert_nonnull (excluded);
  gtk_check_button_set_active (GTK_CHECK_BUTTON (excluded), FALSE);
  g_assert_true (wait_for_label (f, "6 fields to write in 5 of 6 records — 1 API call. 5 skipped, 1 excluded"));

  gtk_widget_activate (apply);
  g_assert_true (wait_for_label (f, "6 fields written"));
  after = wb_dump (&f->wb);
  g_assert_cmpstr (wb_org_value (after, f->wb.ids->pdata[0], "Department"), ==, "Revenue Operations");
  g_assert_cmpstr (wb_org_value (after, f->wb.ids->pdata[5], "Title"), ==, "Head of Revenue Operations 5");
  /* written: only the excluded change is left to write, and the run is in the history with Undo */
  g_assert_true (gtk_widget_get_sensitive (apply));
  undo = find_widget (GTK_WIDGET (f->page), GTK_TYPE_BUTTON, "_Undo");
  g_assert_nonnull (undo);
  aud_test_save_shot (GTK_WIDGET (f->window), f->shots, "2-history");

  gtk_widget_activate (undo);
  g_assert_true (wait_for_label (f, "undo of run 1"));
  undone = wb_dump (&f->wb);
  for (guint i = 0; i < 6; i++)
    {
      g_assert_cmpstr (wb_org_value (undone, f->wb.ids->pdata[i], "Title"), ==, wb_org_value (before, f->wb.ids->pdata[i], "Title"));
      g_assert_cmpstr (wb_org_value (undone, f->wb.ids->pdata[i], "Department"), ==, wb_org_value (before, f->wb.ids->pdata[i], "Department"));
    }
  aud_test_save_shot (GTK_WIDGET (f->window), f->shots, "3-undone");
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  setlocale (LC_ALL, "C.UTF-8");

  if (!gtk_init_check ())
    {
      g_print ("1..0 # SKIP no display\n");
      return 0;
    }
  adw_init ();

  g_test_add ("/writeback-page/preview-apply-undo", Fixture, NULL, fixture_setup, test_preview_apply_undo, fixture_teardown);

  return g_test_run ();
}
