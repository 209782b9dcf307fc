/* aud-client-factory.h — builds a Salesforce client on whichever thread asks
 *
 * The main thread keeps the factory current (the connection's credentials, instance URL and API
 * version); a worker thread asks it for a client of its own, since libsoup 3 sessions belong to
 * the thread that made them.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "aud-salesforce-client.h"

G_BEGIN_DECLS

#define AUD_TYPE_CLIENT_FACTORY (aud_client_factory_get_type ())
G_DECLARE_FINAL_TYPE (AudClientFactory, aud_client_factory, AUD, CLIENT_FACTORY, GObject)

AudClientFactory    *aud_client_factory_new    (void);
/* Any thread. NULL credentials: not connected. */
void                 aud_client_factory_set    (AudClientFactory  *self,
                                                AudCredentials    *credentials,
                                                const char        *instance_url,
                                                const char        *api_version);
/* Any thread; the client is for the calling thread only. Fails when not connected. */
AudSalesforceClient *aud_client_factory_create (AudClientFactory  *self,
                                                GError           **error);

/* Matches AudSyncClientFactory, with the factory as user data. */
AudSalesforceClient *aud_client_factory_create_for_sync (gpointer   factory,
                                                         GError   **error);

G_END_DECLS
