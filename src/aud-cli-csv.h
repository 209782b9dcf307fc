/* aud-cli-csv.h — `audiences import-csv` and `audiences export-csv`
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "aud-cli-private.h"

G_BEGIN_DECLS

int aud_cli_import_csv_run (AudCliContext  *ctx,
                            int             argc,
                            char          **argv);
int aud_cli_export_csv_run (AudCliContext  *ctx,
                            int             argc,
                            char          **argv);

G_END_DECLS
