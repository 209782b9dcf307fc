/* aud-sync-job.h — one sync of one Salesforce object: full, incremental or backfill
 *
 * A job runs synchronously on the sync worker thread (or in `audiences sync`), with the
 * worker's own AudStore and AudSalesforceClient. It commits every batch of at most 2,000
 * records in one transaction together with its cursor, so it can be killed at any instant and
 * resumed by the next job on the same source without losing or doubling a record.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "aud-salesforce-client.h"
#include "aud-store.h"
#include "aud-sync-store.h"

G_BEGIN_DECLS

#define AUD_SYNC_ERROR (aud_sync_error_quark ())

typedef enum
{
  AUD_SYNC_ERROR_FAILED,
  AUD_SYNC_ERROR_API_LIMIT,         /* stopped to keep the reserve, or Salesforce refused: resume later */
  AUD_SYNC_ERROR_NEEDS_RECONNECT,   /* the refresh token no longer works */
  AUD_SYNC_ERROR_NOTHING_TO_SYNC,   /* no audience covers the object */
  AUD_SYNC_ERROR_INVALID_FIELD,     /* a mapped field is gone from Salesforce */
} AudSyncError;

/* The records in one batch: the local grouping, whatever the page sizes Salesforce returns. */
#define AUD_SYNC_BATCH_SIZE 2000

typedef struct
{
  gboolean  force_full;
  guint     lookback_seconds;      /* incremental start = watermark - lookback (default 300) */
  double    api_reserve;           /* stop before using the last share of the daily calls (0.10) */
  guint     reconcile_days;        /* a full reconcile when the last full sync is older (7) */
  gint64    bulk_threshold;        /* above this many records a full sync uses Bulk API 2.0 */
  guint     bulk_chunk_rows;       /* rows per Bulk results call (maxRecords; 50,000) */
} AudSyncOptions;

/* Snapshot of a running job, copied to the main thread coalesced. */
typedef struct
{
  char          *object;
  AudSyncKind    kind;
  gint64         expected;        /* from SELECT COUNT(); -1 when unknown */
  gint64         forecast_calls;
  AudSyncCounts  counts;
  gint64         api_used;        /* org-wide, from Sforce-Limit-Info; -1 when unknown */
  gint64         api_max;
  gint64         started_us;      /* g_get_monotonic_time() at start */
} AudSyncProgress;

typedef void (*AudSyncProgressFunc) (const AudSyncProgress *progress,
                                     gpointer               user_data);

typedef struct
{
  char           *object;
  gint64          source_id;
  gint64          run_id;
  AudSyncKind     kind;
  char           *path;          /* "rest" or "bulk", with the reason */
  AudSyncOutcome  outcome;
  AudSyncCounts   counts;
  char           *message;       /* for the user: what happened and what to do */
} AudSyncResult;

GQuark          aud_sync_error_quark     (void);
void            aud_sync_options_init    (AudSyncOptions   *options);
void            aud_sync_progress_clear  (AudSyncProgress  *progress);
void            aud_sync_progress_copy   (AudSyncProgress  *dest,
                                          const AudSyncProgress *src);
void            aud_sync_result_free     (AudSyncResult    *result);

/* Syncs one object. Returns a result (also for paused/cancelled/failed outcomes, which are
 * recorded in the history); NULL only when the workspace itself failed (error set). */
AudSyncResult  *aud_sync_job_run         (AudStore               *store,
                                          AudSalesforceClient    *client,
                                          const char             *object,
                                          const AudSyncOptions   *options,
                                          AudSyncProgressFunc     progress_func,
                                          gpointer                progress_data,
                                          GCancellable           *cancellable,
                                          GError                **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (AudSyncResult, aud_sync_result_free)

G_END_DECLS
