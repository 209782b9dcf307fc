/* aud-sync-page.h — the Sync page
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "aud-store.h"

G_BEGIN_DECLS

#define AUD_TYPE_SYNC_PAGE (aud_sync_page_get_type ())
G_DECLARE_FINAL_TYPE (AudSyncPage, aud_sync_page, AUD, SYNC_PAGE, AdwBin)

void aud_sync_page_set_store (AudSyncPage *self,
                             AudStore    *store);

G_END_DECLS
