/* aud-cli.h — the headless `audiences COMMAND` interface
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

gboolean     aud_cli_is_command       (int          argc,
                                       char       **argv);
int          aud_cli_run              (int          argc,
                                       char       **argv);
const char  *aud_cli_commands_summary (void);

G_END_DECLS
