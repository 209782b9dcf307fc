/* aud-sync-engine.h — the long-lived sync worker thread and its main-thread face
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "aud-sync-job.h"

G_BEGIN_DECLS

/* Called on the worker thread: libsoup 3 sessions belong to the thread that made them, so the
 * worker builds its own client (sharing the connection's credentials). */
typedef AudSalesforceClient *(*AudSyncClientFactory) (gpointer   user_data,
                                                      GError   **error);

#define AUD_TYPE_SYNC_ENGINE (aud_sync_engine_get_type ())
G_DECLARE_FINAL_TYPE (AudSyncEngine, aud_sync_engine, AUD, SYNC_ENGINE, GObject)

AudSyncEngine *aud_sync_engine_new          (const char              *workspace_path,
                                             AudSyncClientFactory     factory,
                                             gpointer                 factory_data,
                                             GDestroyNotify           factory_data_free);
/* objects: NULL for every object an audience covers. FALSE if a run is already going. */
gboolean       aud_sync_engine_start        (AudSyncEngine           *self,
                                             const char * const      *objects,
                                             const AudSyncOptions    *options);
void           aud_sync_engine_cancel       (AudSyncEngine           *self);
gboolean       aud_sync_engine_get_running  (AudSyncEngine           *self);
/* The latest coalesced snapshot; call from the main thread. */
void           aud_sync_engine_get_progress (AudSyncEngine           *self,
                                             AudSyncProgress         *progress);
/* Results of the last finished run, one per object (AudSyncResult); owned by the engine. */
GPtrArray     *aud_sync_engine_get_results  (AudSyncEngine           *self);
/* Set when the last run could not even start (no workspace, no connection). */
const GError  *aud_sync_engine_get_error    (AudSyncEngine           *self);

G_END_DECLS
