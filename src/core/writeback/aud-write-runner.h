/* aud-write-runner.h — a write-back run on a worker thread, with progress on the main thread
 *
 * The worker opens its own AudStore on the workspace and asks the factory for its own client
 * (libsoup 3 sessions belong to the thread that made them), optionally refreshes the object with
 * an incremental sync first, then runs aud_write_apply_run(), then syncs again when anything was
 * written so the next preview starts from what Salesforce holds now. Progress reaches the caller's
 * main context coalesced: the worker updates a snapshot under a lock and schedules at most one
 * pending callback. Cancelling stops between chunks (a chunk on the wire finishes first).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "aud-sync-engine.h"
#include "aud-write-apply.h"

G_BEGIN_DECLS

/* @changes: AudWriteChange (copied). @progress_func runs in the calling thread's main context. */
void            aud_write_runner_apply_async  (const char            *workspace_path,
                                               AudSyncClientFactory   factory,
                                               gpointer               factory_data,
                                               gint64                 audience_id,
                                               const char            *object,
                                               GPtrArray             *changes,
                                               gint64                 undo_of,
                                               gboolean               refresh_first,
                                               const AudWriteOptions *options,
                                               AudWriteProgressFunc   progress_func,
                                               gpointer               progress_data,
                                               GCancellable          *cancellable,
                                               GAsyncReadyCallback    callback,
                                               gpointer               user_data);
/* An incremental sync of @object in this thread; fails unless it succeeded (paused, needs
 * reconnect, …), with the sync's message. */
gboolean        aud_write_runner_refresh      (AudStore              *store,
                                               AudSalesforceClient   *client,
                                               const char            *object,
                                               GCancellable          *cancellable,
                                               GError               **error);
AudWriteResult *aud_write_runner_apply_finish (GAsyncResult          *result,
                                               GError               **error);

G_END_DECLS
