/* aud-warehouse-dialog.h — set up a data warehouse table or query as a source of an audience
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "aud-audience.h"

G_BEGIN_DECLS

#define AUD_TYPE_WAREHOUSE_DIALOG (aud_warehouse_dialog_get_type ())
G_DECLARE_FINAL_TYPE (AudWarehouseDialog, aud_warehouse_dialog, AUD, WAREHOUSE_DIALOG, AdwWindow)

AudWarehouseDialog *aud_warehouse_dialog_new              (GtkWindow          *parent,
                                                           AudAudience        *audience);
/* For tests: the state the dialog shows. */
guint               aud_warehouse_dialog_get_preview_rows (AudWarehouseDialog *self);
const char         *aud_warehouse_dialog_get_message      (AudWarehouseDialog *self);
/* The field proposed or chosen for a previewed column, or NULL. */
const char         *aud_warehouse_dialog_get_field_for    (AudWarehouseDialog *self,
                                                           const char         *column);
/* The source saved by "warehouse.add", or -1. */
gint64              aud_warehouse_dialog_get_source_id    (AudWarehouseDialog *self);

G_END_DECLS
