/* aud-writeback-page.h — the Write-back page
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "aud-store.h"

G_BEGIN_DECLS

#define AUD_TYPE_WRITEBACK_PAGE (aud_writeback_page_get_type ())
G_DECLARE_FINAL_TYPE (AudWritebackPage, aud_writeback_page, AUD, WRITEBACK_PAGE, AdwBin)

void aud_writeback_page_set_store (AudWritebackPage *self,
                                  AudStore         *store);

G_END_DECLS
