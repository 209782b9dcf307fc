/* aud-sync-chart.c — a small chart of recent sync runs: records fetched and API calls
 *
 * Bars are records per run (log scale: a full sync of a million rows next to an incremental one
 * of fifty is still readable); the line is API calls per run on its own scale. Colours come
 * from the widget's style so dark mode follows.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>
#include <math.h>

#include "aud-sync-chart.h"

struct _AudSyncChart
{
  GtkWidget  parent_instance;

  GArray    *records;     /* gint64 */
  GArray    *api_calls;   /* gint64 */
  GArray    *failed;      /* gboolean */
};

G_DEFINE_FINAL_TYPE (AudSyncChart, aud_sync_chart, GTK_TYPE_WIDGET)

GtkWidget *
aud_sync_chart_new (void)
{
  return g_object_new (AUD_TYPE_SYNC_CHART, NULL);
}

void
aud_sync_chart_set_runs (AudSyncChart   *self,
                         const gint64   *records,
                         const gint64   *api_calls,
                         const gboolean *failed,
                         guint           n_runs)
{
  g_autofree char *summary = NULL;

  g_return_if_fail (AUD_IS_SYNC_CHART (self));

  g_array_set_size (self->records, 0);
  g_array_set_size (self->api_calls, 0);
  g_array_set_size (self->failed, 0);
  g_array_append_vals (self->records, records, n_runs);
  g_array_append_vals (self->api_calls, api_calls, n_runs);
  g_array_append_vals (self->failed, failed, n_runs);

  summary = g_strdup_printf (ngettext ("Chart of the last %u sync run: records fetched and API calls",
                                       "Chart of the last %u sync runs: records fetched and API calls",
                                       n_runs), n_runs);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, summary, -1);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

static void
aud_sync_chart_snapshot (GtkWidget   *widget,
                         GtkSnapshot *snapshot)
{
  AudSyncChart *self = AUD_SYNC_CHART (widget);
  int width = gtk_widget_get_width (widget);
  int height = gtk_widget_get_height (widget);
  guint n = self->records->len;
  GdkRGBA fg, accent = { 0.21, 0.52, 0.89, 1.0 }, error = { 0.88, 0.11, 0.14, 1.0 };
  double max_log = 1, max_calls = 1, slot, plot_h;
  const double pad = 6;
  cairo_t *cr;

  if (n == 0 || width <= 0 || height <= 0)
    return;

  /* gtk_widget_get_color() is GTK 4.10; the style context is what 4.8 has. */
  gtk_style_context_get_color (gtk_widget_get_style_context (widget), &fg);

  for (guint i = 0; i < n; i++)
    {
      max_log = MAX (max_log, log10 (1 + g_array_index (self->records, gint64, i)));
      max_calls = MAX (max_calls, g_array_index (self->api_calls, gint64, i));
    }

  cr = gtk_snapshot_append_cairo (snapshot, &GRAPHENE_RECT_INIT (0, 0, width, height));
  /* A slot per run, no wider than a readable bar, so two runs do not look like a histogram. */
  slot = MIN ((width - 2 * pad) / n, 56.0);
  plot_h = height - 2 * pad;

  /* Baseline */
  cairo_set_source_rgba (cr, fg.red, fg.green, fg.blue, 0.25);
  cairo_set_line_width (cr, 1);
  cairo_move_to (cr, pad, height - pad + 0.5);
  cairo_line_to (cr, pad + n * slot, height - pad + 0.5);
  cairo_stroke (cr);

  for (guint i = 0; i < n; i++)
    {
      double h = plot_h * log10 (1 + g_array_index (self->records, gint64, i)) / max_log;
      const GdkRGBA *c = g_array_index (self->failed, gboolean, i) ? &error : &accent;

      cairo_set_source_rgba (cr, c->red, c->green, c->blue, 0.55);
      cairo_rectangle (cr, pad + i * slot + slot * 0.15, height - pad - h, slot * 0.7, h);
      cairo_fill (cr);
    }

  cairo_set_source_rgba (cr, fg.red, fg.green, fg.blue, 0.8);
  cairo_set_line_width (cr, 2);
  for (guint i = 0; i < n; i++)
    {
      double x = pad + i * slot + slot / 2;
      double y = height - pad - plot_h * g_array_index (self->api_calls, gint64, i) / max_calls;

      if (i == 0)
        cairo_move_to (cr, x, y);
      else
        cairo_line_to (cr, x, y);
    }
  cairo_stroke (cr);
  for (guint i = 0; i < n; i++)
    {
      double x = pad + i * slot + slot / 2;
      double y = height - pad - plot_h * g_array_index (self->api_calls, gint64, i) / max_calls;

      cairo_arc (cr, x, y, 3, 0, 2 * G_PI);
      cairo_fill (cr);
    }

  cairo_destroy (cr);
}

static void
aud_sync_chart_measure (GtkWidget      *widget,
                        GtkOrientation  orientation,
                        int             for_size,
                        int            *minimum,
                        int            *natural,
                        int            *minimum_baseline,
                        int            *natural_baseline)
{
  *minimum = orientation == GTK_ORIENTATION_HORIZONTAL ? 120 : 80;
  *natural = orientation == GTK_ORIENTATION_HORIZONTAL ? 400 : 120;
}

static void
aud_sync_chart_finalize (GObject *object)
{
  AudSyncChart *self = AUD_SYNC_CHART (object);

  g_clear_pointer (&self->records, g_array_unref);
  g_clear_pointer (&self->api_calls, g_array_unref);
  g_clear_pointer (&self->failed, g_array_unref);

  G_OBJECT_CLASS (aud_sync_chart_parent_class)->finalize (object);
}

static void
aud_sync_chart_class_init (AudSyncChartClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->finalize = aud_sync_chart_finalize;
  widget_class->snapshot = aud_sync_chart_snapshot;
  widget_class->measure = aud_sync_chart_measure;
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_IMG);
  gtk_widget_class_set_css_name (widget_class, "syncchart");
}

static void
aud_sync_chart_init (AudSyncChart *self)
{
  self->records = g_array_new (FALSE, TRUE, sizeof (gint64));
  self->api_calls = g_array_new (FALSE, TRUE, sizeof (gint64));
  self->failed = g_array_new (FALSE, TRUE, sizeof (gboolean));
}
