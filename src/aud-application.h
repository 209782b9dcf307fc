/* aud-application.h — the Audiences application: workspace, settings, actions
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "aud-client-factory.h"
#include "aud-connection.h"
#include "aud-store.h"
#include "aud-sync-engine.h"

G_BEGIN_DECLS

#define AUD_TYPE_APPLICATION (aud_application_get_type ())
G_DECLARE_FINAL_TYPE (AudApplication, aud_application, AUD, APPLICATION, AdwApplication)

AudApplication *aud_application_new             (void);
AudStore       *aud_application_get_store       (AudApplication *self);
const GError   *aud_application_get_store_error (AudApplication *self);
gboolean        aud_application_get_demo        (AudApplication *self);
/* NULL when the workspace could not be opened. */
AudConnection  *aud_application_get_connection  (AudApplication *self);
AudSyncEngine  *aud_application_get_sync_engine (AudApplication *self);
/* Builds Salesforce clients from the current connection, on any thread. */
AudClientFactory *aud_application_get_client_factory (AudApplication *self);

G_END_DECLS
