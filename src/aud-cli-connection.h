/* aud-cli-connection.h — `audiences connect` and `audiences disconnect`
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "aud-cli-private.h"

G_BEGIN_DECLS

int  aud_cli_command_connect          (AudCliContext  *ctx,
                                       int             argc,
                                       char          **argv);
int  aud_cli_command_disconnect       (AudCliContext  *ctx,
                                       int             argc,
                                       char          **argv);

void aud_cli_connection_print_keyring (AudCliContext *ctx,
                                       AudStore      *store);

G_END_DECLS
