/* bench-audiences-page.c — how fast the Audiences page shows and scrolls an 800-field mapping
 *
 * Usage (needs a display): xvfb-run bench-audiences-page [EXTRA_CUSTOM_FIELDS=770] [SCROLL_FRAMES=120]
 * Prints the time from handing the page a workspace to its first painted frame, then scrolls a
 * page of rows per frame and prints the frame-to-frame times (median, 95th percentile, worst).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <adwaita.h>
#include <glib/gstdio.h>
#include <stdlib.h>
#include <time.h>

#include "aud-audience.h"
#include "aud-audiences-page.h"
#include "aud-describe.h"
#include "../tests/describe-fixture.h"

typedef struct
{
  GArray        *frames;   /* gint64 µs, after each paint */
  GtkAdjustment *adjustment;
  guint          wanted;
  gboolean       scrolling;
} Bench;

static void
after_paint_cb (GdkFrameClock *clock,
                Bench         *bench)
{
  gint64 now = g_get_monotonic_time ();

  g_array_append_val (bench->frames, now);
  if (bench->scrolling && bench->adjustment != NULL)
    gtk_adjustment_set_value (bench->adjustment,
                              gtk_adjustment_get_value (bench->adjustment) + gtk_adjustment_get_page_size (bench->adjustment));
}

static int
compare_gint64 (gconstpointer a,
                gconstpointer b)
{
  gint64 x = *(const gint64 *) a, y = *(const gint64 *) b;
  return x < y ? -1 : x > y;
}

static GtkAdjustment *
find_vadjustment (GtkWidget *widget)
{
  if (GTK_IS_SCROLLED_WINDOW (widget) && GTK_IS_COLUMN_VIEW (gtk_scrolled_window_get_child (GTK_SCROLLED_WINDOW (widget))))
    return gtk_scrolled_window_get_vadjustment (GTK_SCROLLED_WINDOW (widget));

  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL; child = gtk_widget_get_next_sibling (child))
    {
      GtkAdjustment *found = find_vadjustment (child);
      if (found != NULL)
        return found;
    }
  return NULL;
}

int
main (int    argc,
      char **argv)
{
  guint extra = argc > 1 ? (guint) atoi (argv[1]) : 770;
  guint scroll_frames = argc > 2 ? (guint) atoi (argv[2]) : 120;
  g_autofree char *dir = g_dir_make_tmp ("bench-page-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "ws.db", NULL);
  g_autofree char *json = describe_fixture_contact (extra, NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(AudStore) store = NULL;
  g_autoptr(AudDescribe) describe = NULL;
  g_autoptr(AudAudience) audience = NULL;
  g_autoptr(GArray) deltas = g_array_new (FALSE, FALSE, sizeof (gint64));
  Bench bench = { g_array_new (FALSE, FALSE, sizeof (gint64)), NULL, 0, FALSE };
  GtkWindow *window;
  GtkWidget *page;
  gint64 start;
  clock_t cpu;

  gtk_init ();
  adw_init ();

  store = aud_store_open (path, &error);
  describe = aud_describe_new_from_data (json, -1, NULL, &error);
  aud_describe_save (describe, store, &error);
  audience = aud_audience_create (store, "Bench", "Contact", &error);
  if (error != NULL)
    g_error ("%s", error->message);

  window = GTK_WINDOW (gtk_window_new ());
  gtk_window_set_default_size (window, 1100, 740);
  page = g_object_new (AUD_TYPE_AUDIENCES_PAGE, NULL);
  gtk_window_set_child (window, page);
  gtk_window_present (window);
  while (g_main_context_iteration (NULL, FALSE))
    ;
  g_signal_connect (gtk_widget_get_frame_clock (GTK_WIDGET (window)), "after-paint", G_CALLBACK (after_paint_cb), &bench);

  start = g_get_monotonic_time ();
  cpu = clock ();
  aud_audiences_page_set_store (AUD_AUDIENCES_PAGE (page), store);
  gtk_widget_queue_draw (GTK_WIDGET (window));
  while (bench.frames->len == 0)
    g_main_context_iteration (NULL, TRUE);
  /* CPU time too: wall time swings with whatever else shares the machine. */
  g_print ("%u fields: first frame after %.1f ms (%.1f ms of this process's CPU)\n",
           g_list_model_get_n_items (aud_audiences_page_get_fields (AUD_AUDIENCES_PAGE (page))),
           (g_array_index (bench.frames, gint64, 0) - start) / 1000.0,
           (clock () - cpu) * 1000.0 / CLOCKS_PER_SEC);

  bench.adjustment = find_vadjustment (page);
  bench.scrolling = TRUE;
  g_array_set_size (bench.frames, 0);
  while (bench.frames->len < scroll_frames)
    {
      gtk_widget_queue_draw (GTK_WIDGET (window));
      g_main_context_iteration (NULL, TRUE);
    }

  for (guint i = 1; i < bench.frames->len; i++)
    {
      gint64 d = g_array_index (bench.frames, gint64, i) - g_array_index (bench.frames, gint64, i - 1);
      g_array_append_val (deltas, d);
    }
  g_array_sort (deltas, compare_gint64);
  g_print ("scrolling a page per frame, %u frames: median %.1f ms, p95 %.1f ms, worst %.1f ms\n", deltas->len,
           g_array_index (deltas, gint64, deltas->len / 2) / 1000.0,
           g_array_index (deltas, gint64, deltas->len * 95 / 100) / 1000.0,
           g_array_index (deltas, gint64, deltas->len - 1) / 1000.0);

  gtk_window_destroy (window);
  g_array_unref (bench.frames);
  g_clear_object (&audience);
  g_clear_object (&store);
  {
    const char *suffixes[] = { "", "-wal", "-shm" };
    for (guint i = 0; i < G_N_ELEMENTS (suffixes); i++)
      {
        g_autofree char *p = g_strconcat (path, suffixes[i], NULL);
        g_unlink (p);
      }
    g_rmdir (dir);
  }
  return 0;
}
