/* aud-connection-page.h — the Connection page
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "aud-store.h"

G_BEGIN_DECLS

#define AUD_TYPE_CONNECTION_PAGE (aud_connection_page_get_type ())
G_DECLARE_FINAL_TYPE (AudConnectionPage, aud_connection_page, AUD, CONNECTION_PAGE, AdwBin)

void aud_connection_page_set_store (AudConnectionPage *self,
                                   AudStore          *store);

G_END_DECLS
