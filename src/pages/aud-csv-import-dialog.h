/* aud-csv-import-dialog.h — choose a CSV file, check its columns, import it into an audience
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "aud-audience.h"

G_BEGIN_DECLS

#define AUD_TYPE_CSV_IMPORT_DIALOG (aud_csv_import_dialog_get_type ())
G_DECLARE_FINAL_TYPE (AudCsvImportDialog, aud_csv_import_dialog, AUD, CSV_IMPORT_DIALOG, AdwWindow)

/* Emits "imported" after an import committed, so pages showing sources can refresh. */
AudCsvImportDialog *aud_csv_import_dialog_new       (GtkWindow          *parent,
                                                     AudAudience        *audience);
/* What choosing or dropping a file does; public for tests. FALSE when the file cannot be read,
 * with the reason shown in the dialog. */
gboolean            aud_csv_import_dialog_load_file (AudCsvImportDialog *self,
                                                     GFile              *file);

G_END_DECLS
