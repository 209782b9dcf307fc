/* aud-store-private.h — what other core modules need of the store's SQLite handle
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <sqlite3.h>

#include "aud-store.h"

G_BEGIN_DECLS

G_DEFINE_AUTOPTR_CLEANUP_FUNC (sqlite3_stmt, sqlite3_finalize)

/* The connection belongs to the thread that opened the store: workers open their own AudStore. */
sqlite3      *aud_store_get_db        (AudStore    *self);
sqlite3_stmt *aud_store_prepare       (AudStore    *self,
                                       const char  *sql,
                                       GError     **error);
/* Owned by the store and reset on each call: do not finalize; bind and step right away. */
sqlite3_stmt *aud_store_prepare_cached (AudStore    *self,
                                        const char  *sql,
                                        GError     **error);
gboolean      aud_store_exec          (AudStore    *self,
                                       const char  *sql,
                                       GError     **error);
gboolean      aud_store_step_done     (AudStore     *self,
                                       sqlite3_stmt *stmt,
                                       GError      **error);
void          aud_store_set_sqlite_error (AudStore  *self,
                                          GError   **error,
                                          int        rc,
                                          const char *what);

/* Migrations: index i upgrades user_version i to i + 1. */
typedef gboolean (*AudStoreMigration) (AudStore  *self,
                                       GError   **error);
const AudStoreMigration *aud_store_get_migrations (guint *n_migrations);

G_END_DECLS
