/* aud-connection-page.h — the Connection page
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "aud-connection.h"
#include "aud-store.h"

G_BEGIN_DECLS

#define AUD_TYPE_CONNECTION_PAGE (aud_connection_page_get_type ())
G_DECLARE_FINAL_TYPE (AudConnectionPage, aud_connection_page, AUD, CONNECTION_PAGE, AdwBin)

/* Without a connection set first, the page makes its own from the store. */
void           aud_connection_page_set_store      (AudConnectionPage *self,
                                                   AudStore          *store);
void           aud_connection_page_set_connection (AudConnectionPage *self,
                                                   AudConnection     *connection);
AudConnection *aud_connection_page_get_connection (AudConnectionPage *self);
/* The stack child shown: "disconnected", "waiting", "connected" or "reconnect". */
const char    *aud_connection_page_get_state_name (AudConnectionPage *self);
/* The error banner's text, or NULL when it is hidden. */
const char    *aud_connection_page_get_error      (AudConnectionPage *self);

G_END_DECLS
