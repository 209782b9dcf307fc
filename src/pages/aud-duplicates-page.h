/* aud-duplicates-page.h — the Duplicates page: what was merged, what won and why, and decisions
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "aud-store.h"

G_BEGIN_DECLS

#define AUD_TYPE_DUPLICATES_PAGE (aud_duplicates_page_get_type ())
G_DECLARE_FINAL_TYPE (AudDuplicatesPage, aud_duplicates_page, AUD, DUPLICATES_PAGE, AdwBin)

void     aud_duplicates_page_set_store (AudDuplicatesPage *self,
                                        AudStore          *store);
/* TRUE while a match or a reload of the list runs (notify::busy when it changes). */
gboolean aud_duplicates_page_get_busy  (AudDuplicatesPage *self);

G_END_DECLS
