/* aud-audiences-page.h — the Audiences page
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "aud-store.h"

G_BEGIN_DECLS

#define AUD_TYPE_AUDIENCES_PAGE (aud_audiences_page_get_type ())
G_DECLARE_FINAL_TYPE (AudAudiencesPage, aud_audiences_page, AUD, AUDIENCES_PAGE, AdwBin)

void aud_audiences_page_set_store (AudAudiencesPage *self,
                                  AudStore         *store);

G_END_DECLS
