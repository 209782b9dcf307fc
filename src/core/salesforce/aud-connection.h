/* aud-connection.h — the workspace's one Salesforce connection, as the UI and CLI drive it
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "aud-connection-info.h"
#include "aud-credentials.h"
#include "aud-store.h"

G_BEGIN_DECLS

typedef enum
{
  AUD_CONNECTION_STATUS_DISCONNECTED,
  AUD_CONNECTION_STATUS_WAITING_FOR_BROWSER,  /* the authorize URL is out; waiting for the redirect */
  AUD_CONNECTION_STATUS_FINISHING,            /* code received: exchanging it, asking who signed in */
  AUD_CONNECTION_STATUS_CONNECTED,
  AUD_CONNECTION_STATUS_NEEDS_RECONNECT,
} AudConnectionStatus;

#define AUD_TYPE_CONNECTION_STATUS (aud_connection_status_get_type ())
GType aud_connection_status_get_type (void) G_GNUC_CONST;

#define AUD_TYPE_CONNECTION (aud_connection_get_type ())
G_DECLARE_FINAL_TYPE (AudConnection, aud_connection, AUD, CONNECTION, GObject)

/* Main thread only. Reads the stored connection; never touches the network by itself. */
AudConnection      *aud_connection_new                (AudStore             *store);

AudConnectionStatus aud_connection_get_status         (AudConnection        *self);
/* The stored connection (NULL if never connected); a copy. */
AudConnectionInfo  *aud_connection_dup_info           (AudConnection        *self);
const char         *aud_connection_get_authorize_url  (AudConnection        *self);
const char         *aud_connection_get_redirect_uri   (AudConnection        *self);
const char         *aud_connection_get_reason         (AudConnection        *self);
/* For workers: hand it to aud_salesforce_client_new in the worker thread. NULL when disconnected. */
AudCredentials     *aud_connection_get_credentials    (AudConnection        *self);

/* Settings pushed in by the application (GSettings) or by tests. */
void                aud_connection_set_callback       (AudConnection        *self,
                                                       guint                 port,
                                                       const char           *path);
void                aud_connection_set_preset         (AudConnection        *self,
                                                       const char           *login_host,
                                                       const char           *client_id);
/* What the admin must register as the app's callback URL, e.g. http://localhost:1717/OauthRedirect. */
char               *aud_connection_dup_callback_uri   (AudConnection        *self);
const char         *aud_connection_get_preset_login_host (AudConnection     *self);
const char         *aud_connection_get_preset_client_id  (AudConnection     *self);

void                aud_connection_connect_async      (AudConnection        *self,
                                                       const char           *login_host,
                                                       const char           *client_id,
                                                       GCancellable         *cancellable,
                                                       GAsyncReadyCallback   callback,
                                                       gpointer              user_data);
gboolean            aud_connection_connect_finish     (AudConnection        *self,
                                                       GAsyncResult         *result,
                                                       GError              **error);
/* Stops waiting for the browser; the connect call then fails with G_IO_ERROR_CANCELLED. */
void                aud_connection_cancel             (AudConnection        *self);

/* Revokes the refresh token at Salesforce, removes it from the keyring and marks the workspace
 * disconnected. Local data stays unless @delete_local_data. */
void                aud_connection_disconnect_async   (AudConnection        *self,
                                                       gboolean              delete_local_data,
                                                       GCancellable         *cancellable,
                                                       GAsyncReadyCallback   callback,
                                                       gpointer              user_data);
gboolean            aud_connection_disconnect_finish  (AudConnection        *self,
                                                       GAsyncResult         *result,
                                                       GError              **error);

G_END_DECLS
