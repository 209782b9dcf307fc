/* aud-sync-chart.h — a small chart of recent sync runs: records fetched and API calls
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define AUD_TYPE_SYNC_CHART (aud_sync_chart_get_type ())
G_DECLARE_FINAL_TYPE (AudSyncChart, aud_sync_chart, AUD, SYNC_CHART, GtkWidget)

GtkWidget *aud_sync_chart_new      (void);
/* Oldest first. */
void       aud_sync_chart_set_runs (AudSyncChart  *self,
                                    const gint64  *records,
                                    const gint64  *api_calls,
                                    const gboolean *failed,
                                    guint          n_runs);

G_END_DECLS
