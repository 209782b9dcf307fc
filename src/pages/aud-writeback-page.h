/* aud-writeback-page.h — the Write-back page
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "aud-store.h"
#include "aud-sync-engine.h"

G_BEGIN_DECLS

#define AUD_TYPE_WRITEBACK_PAGE (aud_writeback_page_get_type ())
G_DECLARE_FINAL_TYPE (AudWritebackPage, aud_writeback_page, AUD, WRITEBACK_PAGE, AdwBin)

void aud_writeback_page_set_store (AudWritebackPage *self,
                                  AudStore         *store);
/* How the page gets a client on its worker thread. Without one it asks the application's
 * connection when Apply is pressed. */
void aud_writeback_page_set_client_factory (AudWritebackPage     *self,
                                            AudSyncClientFactory  factory,
                                            gpointer              factory_data);
/* Recomputes the plan of the selected audience from the workspace. */
void aud_writeback_page_refresh (AudWritebackPage *self);

G_END_DECLS
