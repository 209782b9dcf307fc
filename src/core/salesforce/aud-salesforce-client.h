/* aud-salesforce-client.h — a Salesforce REST client for one thread
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>
#include <json-glib/json-glib.h>
#include <libsoup/soup.h>

#include "aud-credentials.h"

G_BEGIN_DECLS

#define AUD_CRM_ERROR (aud_crm_error_quark ())

/* Codes are what the caller decides on. */
typedef enum
{
  AUD_CRM_ERROR_FAILED,
  AUD_CRM_ERROR_NEEDS_RECONNECT,        /* the refresh token is gone: the user reconnects */
  AUD_CRM_ERROR_API_LIMIT,              /* REQUEST_LIMIT_EXCEEDED: wait for quota */
  AUD_CRM_ERROR_NOT_FOUND,              /* NOT_FOUND, ENTITY_IS_DELETED, unknown object or version */
  AUD_CRM_ERROR_INVALID_FIELD,          /* a mapped field no longer exists or is not accessible */
  AUD_CRM_ERROR_MALFORMED_QUERY,
  AUD_CRM_ERROR_INVALID_QUERY_LOCATOR,  /* the paging cursor expired: restart the query */
  AUD_CRM_ERROR_QUERY_TIMEOUT,
  AUD_CRM_ERROR_UNAVAILABLE,            /* 5xx after retries: try later */
  AUD_CRM_ERROR_NETWORK,                /* unreachable after retries: check the network */
  AUD_CRM_ERROR_PERMISSION_DENIED,      /* 403 other than the limit */
  AUD_CRM_ERROR_ROW_LOCKED,             /* UNABLE_TO_LOCK_ROW: retry the write later */
  AUD_CRM_ERROR_BAD_REQUEST,            /* any other 4xx; the message is Salesforce's */
  AUD_CRM_ERROR_KEYRING,                /* the refresh token could not be read: see the message */
} AudCrmError;

#define AUD_TYPE_SALESFORCE_CLIENT (aud_salesforce_client_get_type ())
G_DECLARE_FINAL_TYPE (AudSalesforceClient, aud_salesforce_client, AUD, SALESFORCE_CLIENT, GObject)

GQuark               aud_crm_error_quark                   (void);

/* Makes its own SoupSession: create and use the client in one thread only. */
AudSalesforceClient *aud_salesforce_client_new             (AudCredentials       *credentials,
                                                            const char           *instance_url,
                                                            const char           *api_version);
void                 aud_salesforce_client_set_retry_policy (AudSalesforceClient *self,
                                                            guint                 max_attempts,
                                                            guint                 base_delay_ms);
const char          *aud_salesforce_client_get_api_version (AudSalesforceClient  *self);
const char          *aud_salesforce_client_get_instance_url (AudSalesforceClient *self);
SoupSession         *aud_salesforce_client_get_session     (AudSalesforceClient  *self);

/* "https://…" as is; "/services/…" (e.g. a nextRecordsUrl) on the instance; anything else is
 * relative to /services/data/vXX.X/. */
char                *aud_salesforce_client_resolve_url     (AudSalesforceClient  *self,
                                                            const char           *path_or_url);

/* @headers: NULL or NULL-terminated name/value pairs ("Sforce-Query-Options", "batchSize=2000").
 * Returns the parsed body; a body-less answer (204) gives a JSON null node. */
JsonNode            *aud_salesforce_client_get_json        (AudSalesforceClient  *self,
                                                            const char           *path_or_url,
                                                            const char * const   *headers,
                                                            GCancellable         *cancellable,
                                                            GError              **error);
JsonNode            *aud_salesforce_client_send_json       (AudSalesforceClient  *self,
                                                            const char           *method,
                                                            const char           *path_or_url,
                                                            JsonNode             *body,
                                                            const char * const   *headers,
                                                            GCancellable         *cancellable,
                                                            GError              **error);

/* A body that is not JSON (Bulk API CSV results), with the response headers (Sforce-Locator). */
GBytes              *aud_salesforce_client_get_bytes       (AudSalesforceClient  *self,
                                                            const char           *path_or_url,
                                                            const char * const   *headers,
                                                            const char           *accept,
                                                            SoupMessageHeaders  **response_headers,
                                                            GCancellable         *cancellable,
                                                            GError              **error);

/* From the last Sforce-Limit-Info header; FALSE when none was seen yet. */
gboolean             aud_salesforce_client_get_api_usage   (AudSalesforceClient  *self,
                                                            gint64               *used,
                                                            gint64               *max);
/* Salesforce's errorCode of the last failed call (e.g. "UNABLE_TO_LOCK_ROW"), or NULL. */
const char          *aud_salesforce_client_get_last_error_code (AudSalesforceClient *self);
guint                aud_salesforce_client_get_request_count (AudSalesforceClient *self);

gboolean             aud_parse_limit_info                  (const char           *header,
                                                            gint64               *used,
                                                            gint64               *max);

G_END_DECLS
