/* aud-connection-info.c — the workspace's one Salesforce connection, as stored (never tokens)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "aud-connection-info.h"
#include "aud-store-private.h"

G_DEFINE_BOXED_TYPE (AudConnectionInfo, aud_connection_info,
                     aud_connection_info_copy, aud_connection_info_free)

static const char * const state_names[] = { "disconnected", "connected", "needs-reconnect" };

const char *
aud_connection_state_to_string (AudConnectionState state)
{
  g_return_val_if_fail (state <= AUD_CONNECTION_STATE_NEEDS_RECONNECT, NULL);

  return state_names[state];
}

static AudConnectionState
state_from_string (const char *s)
{
  for (guint i = 0; i < G_N_ELEMENTS (state_names); i++)
    if (g_strcmp0 (s, state_names[i]) == 0)
      return (AudConnectionState) i;

  return AUD_CONNECTION_STATE_DISCONNECTED;
}

AudConnectionInfo *
aud_connection_info_new (void)
{
  AudConnectionInfo *info = g_new0 (AudConnectionInfo, 1);

  info->api_used = -1;
  info->api_max = -1;
  return info;
}

AudConnectionInfo *
aud_connection_info_copy (const AudConnectionInfo *info)
{
  AudConnectionInfo *copy = g_memdup2 (info, sizeof *info);

  copy->state_reason = g_strdup (info->state_reason);
  copy->login_host = g_strdup (info->login_host);
  copy->client_id = g_strdup (info->client_id);
  copy->instance_url = g_strdup (info->instance_url);
  copy->org_id = g_strdup (info->org_id);
  copy->user_id = g_strdup (info->user_id);
  copy->username = g_strdup (info->username);
  copy->display_name = g_strdup (info->display_name);
  copy->api_version = g_strdup (info->api_version);
  copy->connected_at = g_strdup (info->connected_at);
  return copy;
}

void
aud_connection_info_free (AudConnectionInfo *info)
{
  if (info == NULL)
    return;

  g_free (info->state_reason);
  g_free (info->login_host);
  g_free (info->client_id);
  g_free (info->instance_url);
  g_free (info->org_id);
  g_free (info->user_id);
  g_free (info->username);
  g_free (info->display_name);
  g_free (info->api_version);
  g_free (info->connected_at);
  g_free (info);
}

static char *
column_dup (sqlite3_stmt *stmt,
            int           column)
{
  return g_strdup ((const char *) sqlite3_column_text (stmt, column));
}

AudConnectionInfo *
aud_store_load_connection (AudStore  *store,
                           GError   **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  AudConnectionInfo *info;
  int rc;

  stmt = aud_store_prepare (store,
                            "SELECT state, state_reason, login_host, client_id, instance_url, org_id, user_id,"
                            "       username, display_name, api_version, is_sandbox, connected_at,"
                            "       api_used, api_max "
                            "FROM connection WHERE id = 1",
                            error);
  if (stmt == NULL)
    return NULL;

  rc = sqlite3_step (stmt);
  if (rc == SQLITE_DONE)
    return NULL;
  if (rc != SQLITE_ROW)
    {
      aud_store_set_sqlite_error (store, error, rc, "reading the connection");
      return NULL;
    }

  info = aud_connection_info_new ();
  info->state = state_from_string ((const char *) sqlite3_column_text (stmt, 0));
  info->state_reason = column_dup (stmt, 1);
  info->login_host = column_dup (stmt, 2);
  info->client_id = column_dup (stmt, 3);
  info->instance_url = column_dup (stmt, 4);
  info->org_id = column_dup (stmt, 5);
  info->user_id = column_dup (stmt, 6);
  info->username = column_dup (stmt, 7);
  info->display_name = column_dup (stmt, 8);
  info->api_version = column_dup (stmt, 9);
  info->is_sandbox = sqlite3_column_int (stmt, 10) != 0;
  info->connected_at = column_dup (stmt, 11);
  info->api_used = sqlite3_column_type (stmt, 12) == SQLITE_NULL ? -1 : sqlite3_column_int64 (stmt, 12);
  info->api_max = sqlite3_column_type (stmt, 13) == SQLITE_NULL ? -1 : sqlite3_column_int64 (stmt, 13);
  return info;
}

gboolean
aud_store_save_connection (AudStore                 *store,
                           const AudConnectionInfo  *info,
                           GError                  **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;

  g_return_val_if_fail (info != NULL, FALSE);
  g_return_val_if_fail (info->login_host != NULL, FALSE);

  stmt = aud_store_prepare (store,
                            "INSERT OR REPLACE INTO connection (id, state, state_reason, login_host, client_id,"
                            "  instance_url, org_id, user_id, username, display_name, api_version, is_sandbox,"
                            "  connected_at, api_used, api_max) "
                            "VALUES (1, ?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14)",
                            error);
  if (stmt == NULL)
    return FALSE;

  sqlite3_bind_text (stmt, 1, aud_connection_state_to_string (info->state), -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, info->state_reason, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 3, info->login_host, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 4, info->client_id, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 5, info->instance_url, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 6, info->org_id, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 7, info->user_id, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 8, info->username, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 9, info->display_name, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 10, info->api_version, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int (stmt, 11, info->is_sandbox ? 1 : 0);
  sqlite3_bind_text (stmt, 12, info->connected_at, -1, SQLITE_TRANSIENT);
  if (info->api_used >= 0)
    sqlite3_bind_int64 (stmt, 13, info->api_used);
  if (info->api_max >= 0)
    sqlite3_bind_int64 (stmt, 14, info->api_max);

  return aud_store_step_done (store, stmt, error);
}

gboolean
aud_store_update_api_usage (AudStore  *store,
                            gint64     used,
                            gint64     max,
                            GError   **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;

  stmt = aud_store_prepare (store, "UPDATE connection SET api_used = ?1, api_max = ?2 WHERE id = 1", error);
  if (stmt == NULL)
    return FALSE;

  sqlite3_bind_int64 (stmt, 1, used);
  sqlite3_bind_int64 (stmt, 2, max);
  return aud_store_step_done (store, stmt, error);
}
