/* aud-connection-private.h — AudConnection's internals shared by its files, and test hooks
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "aud-connection.h"

G_BEGIN_DECLS

/* Main thread only. */
struct _AudConnection
{
  GObject              parent_instance;

  AudStore            *store;
  AudConnectionInfo   *info;
  AudConnectionStatus  status;
  AudCredentials      *credentials;
  char                *authorize_url;
  char                *redirect_uri;
  char                *reason;

  guint                callback_port;
  char                *callback_path;
  char                *preset_login_host;
  char                *preset_client_id;
  guint                browser_timeout_s;
  guint                keyring_timeout_ms;

  GCancellable        *connect_cancellable;  /* set while a connect runs */
  char                *pending_verifier;
};

void  aud_connection_set_status_internal   (AudConnection       *self,
                                            AudConnectionStatus  status);
void  aud_connection_set_reason_internal   (AudConnection       *self,
                                            const char          *reason);
/* Saves self->info in the workspace and notifies "info". */
void  aud_connection_store_info_internal   (AudConnection       *self);

/* Test hooks */

void  aud_connection_set_timeouts          (AudConnection *self,
                                            guint          browser_seconds,
                                            guint          keyring_ms);
/* The PKCE verifier of the sign-in in progress, so a test can prove it never reaches a log. */
char *aud_connection_dup_pending_verifier  (AudConnection *self);

G_END_DECLS
