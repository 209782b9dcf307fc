/* aud-describe-fetch.h — fetching an object's describe from Salesforce
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "aud-credentials.h"
#include "aud-describe.h"
#include "aud-salesforce-client.h"

G_BEGIN_DECLS

/* Blocking, on the client's thread. Errors are AUD_CRM_ERROR (reconnect, limits, network) or
 * AUD_MAPPING_ERROR_INVALID_DESCRIBE. */
AudDescribe *aud_describe_fetch        (AudSalesforceClient  *client,
                                        const char           *object,
                                        GCancellable         *cancellable,
                                        GError              **error);
/* The same from a worker thread with its own client (a client is bound to its thread), for the
 * UI. The caller saves the result with aud_describe_save() on its own thread. */
void         aud_describe_fetch_async  (AudCredentials       *credentials,
                                        const char           *instance_url,
                                        const char           *api_version,
                                        const char           *object,
                                        GCancellable         *cancellable,
                                        GAsyncReadyCallback   callback,
                                        gpointer              user_data);
AudDescribe *aud_describe_fetch_finish (GAsyncResult         *result,
                                        GError              **error);

G_END_DECLS
