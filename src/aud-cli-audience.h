/* aud-cli-audience.h — `audiences audience …` and `audiences mapping …`
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "aud-cli-private.h"

G_BEGIN_DECLS

int aud_cli_audience_run (AudCliContext  *ctx,
                          int             argc,
                          char          **argv);
int aud_cli_mapping_run  (AudCliContext  *ctx,
                          int             argc,
                          char          **argv);

G_END_DECLS
