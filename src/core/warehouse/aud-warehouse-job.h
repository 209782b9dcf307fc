/* aud-warehouse-job.h — one sync of one warehouse source: full or incremental
 *
 * Like the Salesforce job it runs synchronously on the sync worker (or in `audiences warehouse
 * sync`) with the worker's own AudStore, commits every batch of at most AUD_SYNC_BATCH_SIZE rows
 * in one transaction with its cursor, and records a sync_runs row, so the dashboard shows it
 * and a killed process resumes without losing or doubling a row.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "aud-store.h"
#include "aud-sync-job.h"

G_BEGIN_DECLS

/* Takes the password from the keyring (AudWarehouseVault, keyed by the connection); without
 * one it connects without a password (DSNs that hold their own credentials, trust auth). */
AudSyncResult *aud_warehouse_job_run               (AudStore              *store,
                                                    gint64                 source_id,
                                                    const AudSyncOptions  *options,
                                                    AudSyncProgressFunc    progress_func,
                                                    gpointer               progress_data,
                                                    GCancellable          *cancellable,
                                                    GError               **error);
/* The same with the password given. @warehouse_error (may be NULL) receives the warehouse's or
 * the guard's error (AUD_WAREHOUSE_ERROR) when the outcome is failed; @error is only for the
 * workspace itself, and then NULL is returned. */
AudSyncResult *aud_warehouse_job_run_with_password (AudStore              *store,
                                                    gint64                 source_id,
                                                    const char            *password,
                                                    const AudSyncOptions  *options,
                                                    AudSyncProgressFunc    progress_func,
                                                    gpointer               progress_data,
                                                    GCancellable          *cancellable,
                                                    GError               **warehouse_error,
                                                    GError               **error);

G_END_DECLS
