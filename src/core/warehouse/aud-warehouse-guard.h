/* aud-warehouse-guard.h — accepts only a table name or a single read-only SELECT
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* schema.table, catalog.schema.table, each part plain or "quoted". */
gboolean  aud_warehouse_guard_check_table  (const char  *table,
                                            GError     **error);
/* One SELECT (or WITH … SELECT), no second statement, nothing that writes or locks. Returns the
 * statement without a trailing ';' so it can be wrapped as a subquery. */
char     *aud_warehouse_guard_check_query  (const char  *query,
                                            GError     **error);

G_END_DECLS
