/* aud-connection-private.h — test hooks of AudConnection
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "aud-connection.h"

G_BEGIN_DECLS

void  aud_connection_set_timeouts          (AudConnection *self,
                                            guint          browser_seconds,
                                            guint          keyring_ms);
/* The PKCE verifier of the sign-in in progress, so a test can prove it never reaches a log. */
char *aud_connection_dup_pending_verifier  (AudConnection *self);

G_END_DECLS
