/* aud-sync-run-item.h — one row of the sync history, for list models
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib-object.h>

#include "aud-sync-store.h"

G_BEGIN_DECLS

#define AUD_TYPE_SYNC_RUN_ITEM (aud_sync_run_item_get_type ())
G_DECLARE_FINAL_TYPE (AudSyncRunItem, aud_sync_run_item, AUD, SYNC_RUN_ITEM, GObject)

/* Takes ownership of info. object names the source's sObject. */
AudSyncRunItem       *aud_sync_run_item_new      (AudSyncRunInfo *info,
                                                  const char     *object);
const AudSyncRunInfo *aud_sync_run_item_get_info (AudSyncRunItem *self);
/* Text for a history column: "object", "kind", "started", "duration", "fetched", "created",
 * "updated", "deleted", "api-calls", "outcome", "message". */
char                 *aud_sync_run_item_format   (AudSyncRunItem *self,
                                                  const char     *column);

G_END_DECLS
