/* bench-duplicates.c — the Duplicates page over a large matched audience
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * bench-duplicates [N]   (default 100000 generated contact records; run under xvfb-run)
 *
 * Writes the generator's records into a real workspace, matches them, then times what the
 * page does: the worker thread's load of the list (aud_duplicates_load_items), the page from
 * set_store to a filled list, moving the selection row by row (each builds the detail pane),
 * and a search.
 */
#include "config.h"

#include <glib/gstdio.h>
#include <sys/resource.h>

#include "aud-audience.h"
#include "aud-duplicates-page-private.h"
#include "aud-duplicates-page.h"
#include "aud-match-generator.h"
#include "aud-match-run.h"

static double
seconds_since (gint64 t0)
{
  return (g_get_monotonic_time () - t0) / 1e6;
}

static double
peak_rss_mb (void)
{
  struct rusage usage;

  getrusage (RUSAGE_SELF, &usage);
  return usage.ru_maxrss / 1024.0;
}

static void
iterate_until_idle (AudDuplicatesPage *page)
{
  do
    while (g_main_context_iteration (NULL, FALSE))
      ;
  while (aud_duplicates_page_get_busy (page) && g_main_context_iteration (NULL, TRUE));
}

static GtkWidget *
find_type (GtkWidget *widget,
           GType      type)
{
  /* drop-downs hold search entries and list views of their own */
  if (GTK_IS_DROP_DOWN (widget))
    return NULL;
  if (G_TYPE_CHECK_INSTANCE_TYPE (widget, type))
    return widget;
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child; child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_type (child, type);
      if (found != NULL)
        return found;
    }
  return NULL;
}

static GtkWidget *
find_list (GtkWidget *widget)
{
  if (GTK_IS_LIST_VIEW (widget) && gtk_widget_has_css_class (widget, "navigation-sidebar"))
    return widget;
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child; child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_list (child);
      if (found != NULL)
        return found;
    }
  return NULL;
}

int
main (int   argc,
      char *argv[])
{
  guint n = argc > 1 ? (guint) g_ascii_strtoull (argv[1], NULL, 10) : 100000;
  g_autofree char *dir = g_dir_make_tmp ("bench-duplicates-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "ws.db", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(AudStore) store = NULL;
  g_autoptr(AudAudience) audience = NULL;
  g_autoptr(AudMatchDataset) ds = NULL;
  g_autoptr(AudMatchRun) run = NULL;
  g_autoptr(GPtrArray) items = NULL;
  AudMatchRunStats stats;
  GtkWindow *window;
  AudDuplicatesPage *page;
  GtkSingleSelection *selection;
  gint64 audience_id, salesforce, t0;
  gboolean matched;
  guint steps;

  gtk_init ();
  adw_init ();

  store = aud_store_open (path, &error);
  g_assert_no_error (error);
  audience = aud_audience_create (store, "Bench", "Contact", &error);
  g_assert_no_error (error);
  audience_id = aud_audience_get_id (audience);
  salesforce = aud_audience_get_source_id (audience, &error);
  g_assert_no_error (error);

  /* every generated record into the Salesforce source: the page reads what the match wrote */
  ds = aud_match_dataset_generate (42, n);
  g_assert_true (aud_store_begin (store, &error));
  for (guint i = 0; i < ds->records->len; i++)
    {
      AudMatchRecord *r = g_ptr_array_index (ds->records, i);
      g_autofree char *json = aud_match_record_to_json (r, FALSE);
      g_autofree char *id = g_strdup_printf ("%s-%s", r->source, r->id);
      gboolean created;

      g_assert_true (aud_store_upsert_source_record (store, salesforce, id, "2026-10-02T10:00:00Z", FALSE, json,
                                                     &created, &error));
    }
  g_assert_true (aud_store_commit (store, &error));
  {
    g_autoptr(AudStore) matcher = aud_store_open (path, &error);

    g_assert_no_error (error);
    run = aud_match_run_new (matcher, audience_id, "Contact");
    g_assert_true (aud_match_run_execute (run, FALSE, &stats, NULL, &error));
    g_assert_no_error (error);
    g_clear_object (&run);
  }
  g_print ("%u records matched: %u entities, %u with more than one record, %u review pairs (%.1f s)\n",
           stats.n_records, stats.n_entities, stats.n_multi, stats.n_review, stats.seconds_total);

  t0 = g_get_monotonic_time ();
  items = aud_duplicates_load_items (path, audience_id, &matched, NULL, &error);
  g_assert_no_error (error);
  g_print ("worker-thread load of the list: %u rows in %.2f s, peak RSS %.0f MB\n",
           items->len, seconds_since (t0), peak_rss_mb ());
  g_clear_pointer (&items, g_ptr_array_unref);

  window = GTK_WINDOW (gtk_window_new ());
  gtk_window_set_default_size (window, 1280, 900);
  page = g_object_new (AUD_TYPE_DUPLICATES_PAGE, NULL);
  gtk_window_set_child (window, GTK_WIDGET (page));
  gtk_window_present (window);
  t0 = g_get_monotonic_time ();
  aud_duplicates_page_set_store (page, store);
  iterate_until_idle (page);
  selection = GTK_SINGLE_SELECTION (gtk_list_view_get_model (GTK_LIST_VIEW (find_list (GTK_WIDGET (page)))));
  g_print ("page: set_store to a filled list of %u rows in %.2f s\n",
           g_list_model_get_n_items (G_LIST_MODEL (selection)), seconds_since (t0));

  /* the keyboard path: each step selects the next row and rebuilds the detail pane */
  steps = MIN (200, g_list_model_get_n_items (G_LIST_MODEL (selection)));
  t0 = g_get_monotonic_time ();
  for (guint i = 0; i < steps; i++)
    {
      gtk_single_selection_set_selected (selection, i);
      while (g_main_context_iteration (NULL, FALSE))
        ;
    }
  g_print ("page: %u selection moves with their detail pane, %.1f ms each (drawing the whole window included)\n", steps,
           seconds_since (t0) * 1000 / MAX (steps, 1));

  {
    GtkWidget *search = find_type (GTK_WIDGET (page), GTK_TYPE_SEARCH_ENTRY);

    gtk_editable_set_text (GTK_EDITABLE (search), "smith");
    t0 = g_get_monotonic_time ();
    g_signal_emit_by_name (search, "search-changed");   /* what the entry emits after its delay */
    g_print ("page: search \"smith\" over every row: %u shown in %.1f ms\n",
             g_list_model_get_n_items (G_LIST_MODEL (selection)), seconds_since (t0) * 1000);
  }
  g_print ("peak RSS %.0f MB\n", peak_rss_mb ());

  gtk_window_destroy (window);
  g_clear_object (&store);
  {
    g_autofree char *wal = g_strconcat (path, "-wal", NULL);
    g_autofree char *shm = g_strconcat (path, "-shm", NULL);
    g_remove (wal);
    g_remove (shm);
    g_remove (path);
    g_rmdir (dir);
  }
  return 0;
}
