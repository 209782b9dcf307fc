/* aud-connection-info.h — the workspace's one Salesforce connection, as stored (never tokens)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib-object.h>

#include "aud-store.h"

G_BEGIN_DECLS

typedef enum
{
  AUD_CONNECTION_STATE_DISCONNECTED,
  AUD_CONNECTION_STATE_CONNECTED,
  AUD_CONNECTION_STATE_NEEDS_RECONNECT,
} AudConnectionState;

typedef struct
{
  AudConnectionState state;
  char    *state_reason;
  char    *login_host;
  char    *client_id;
  char    *instance_url;
  char    *org_id;
  char    *user_id;
  char    *username;
  char    *display_name;
  char    *api_version;
  gboolean is_sandbox;
  char    *connected_at;
  gint64   api_used;      /* from the last Sforce-Limit-Info seen; -1 when unknown */
  gint64   api_max;
} AudConnectionInfo;

#define AUD_TYPE_CONNECTION_INFO (aud_connection_info_get_type ())

GType              aud_connection_info_get_type (void) G_GNUC_CONST;
AudConnectionInfo *aud_connection_info_new      (void);
AudConnectionInfo *aud_connection_info_copy     (const AudConnectionInfo *info);
void               aud_connection_info_free     (AudConnectionInfo       *info);
const char        *aud_connection_state_to_string (AudConnectionState     state);

/* NULL with no error when the workspace has never been connected. */
AudConnectionInfo *aud_store_load_connection    (AudStore                 *store,
                                                 GError                  **error);
gboolean           aud_store_save_connection    (AudStore                 *store,
                                                 const AudConnectionInfo  *info,
                                                 GError                  **error);
gboolean           aud_store_update_api_usage   (AudStore                 *store,
                                                 gint64                    used,
                                                 gint64                    max,
                                                 GError                  **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (AudConnectionInfo, aud_connection_info_free)

G_END_DECLS
