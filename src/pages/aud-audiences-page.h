/* aud-audiences-page.h — the Audiences page: audiences, their field mapping and overwrite rules
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "aud-audience.h"
#include "aud-connection.h"
#include "aud-store.h"

G_BEGIN_DECLS

#define AUD_TYPE_AUDIENCES_PAGE (aud_audiences_page_get_type ())
G_DECLARE_FINAL_TYPE (AudAudiencesPage, aud_audiences_page, AUD, AUDIENCES_PAGE, AdwBin)

void         aud_audiences_page_set_store        (AudAudiencesPage *self,
                                                  AudStore         *store);
/* Refresh fetches the field list through the connection's credentials... */
void         aud_audiences_page_set_connection   (AudAudiencesPage *self,
                                                  AudConnection    *connection);
/* ...or through these, when set (tests, the demo org). */
void         aud_audiences_page_set_credentials  (AudAudiencesPage *self,
                                                  AudCredentials   *credentials,
                                                  const char       *instance_url,
                                                  const char       *api_version);
gboolean     aud_audiences_page_get_refreshing   (AudAudiencesPage *self);
/* Selects the audience of that name; FALSE when there is none. */
gboolean     aud_audiences_page_select_audience  (AudAudiencesPage *self,
                                                  const char       *name);
AudAudience *aud_audiences_page_get_audience     (AudAudiencesPage *self);
/* The fields as shown (sorted and filtered); items are AudFieldItem. */
GListModel  *aud_audiences_page_get_fields       (AudAudiencesPage *self);
/* The last message the page showed as a toast (for tests and the window), or NULL. */
const char  *aud_audiences_page_get_last_message (AudAudiencesPage *self);

G_END_DECLS
