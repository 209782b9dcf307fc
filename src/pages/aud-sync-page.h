/* aud-sync-page.h — the Sync page: state, progress, sources, history
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "aud-store.h"
#include "aud-sync-engine.h"

G_BEGIN_DECLS

#define AUD_TYPE_SYNC_PAGE (aud_sync_page_get_type ())
G_DECLARE_FINAL_TYPE (AudSyncPage, aud_sync_page, AUD, SYNC_PAGE, AdwBin)

void aud_sync_page_set_store   (AudSyncPage   *self,
                                AudStore      *store);
void aud_sync_page_set_engine  (AudSyncPage   *self,
                                AudSyncEngine *engine);
/* Re-reads sources and history (off the main thread). */
void aud_sync_page_refresh     (AudSyncPage   *self);

G_END_DECLS
