/* aud-sync-store.h — what the sync engine reads from and writes to the workspace
 *
 * Runs on the sync worker with the worker's own AudStore (its own SQLite connection).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "aud-store.h"

G_BEGIN_DECLS

typedef enum
{
  AUD_SYNC_KIND_FULL,
  AUD_SYNC_KIND_INCREMENTAL,
  AUD_SYNC_KIND_BACKFILL,
  AUD_SYNC_KIND_RECONCILE,
} AudSyncKind;

typedef enum
{
  AUD_SYNC_OUTCOME_RUNNING,
  AUD_SYNC_OUTCOME_SUCCEEDED,
  AUD_SYNC_OUTCOME_FAILED,
  AUD_SYNC_OUTCOME_CANCELLED,
  AUD_SYNC_OUTCOME_PAUSED_API_LIMIT,
  AUD_SYNC_OUTCOME_NEEDS_RECONNECT,
  AUD_SYNC_OUTCOME_INTERRUPTED,   /* the process died mid-run; found and closed at the next start */
} AudSyncOutcome;

typedef struct
{
  gint64 fetched;     /* rows Salesforce returned */
  gint64 created;
  gint64 updated;
  gint64 unchanged;   /* returned again (look-back overlap) with the modstamp we already had */
  gint64 deleted;
  gint64 api_calls;
  gint64 batches;
} AudSyncCounts;

/* One fetched row. values_json is a JSON object text of the mapped fields (no "attributes"). */
typedef struct
{
  char     *external_id;
  char     *modstamp;
  gboolean  is_deleted;
  char     *values_json;
} AudSyncRecord;

typedef struct
{
  gint64          id;
  gint64          source_id;
  AudSyncKind     kind;
  char           *path;
  char           *started_at;
  char           *finished_at;
  AudSyncCounts   counts;
  AudSyncOutcome  outcome;
  char           *message;
} AudSyncRunInfo;

typedef struct
{
  gint64  id;
  char   *kind;             /* "salesforce", "csv", "warehouse" */
  char   *object;
  char   *name;
  char   *last_sync_at;
  char   *last_full_sync_at;
  gint64  records;          /* live */
  gint64  deleted;
} AudSyncSourceInfo;

void            aud_sync_source_info_free     (AudSyncSourceInfo *info);
/* Every source, Salesforce first; the counts come from source_records. */
GPtrArray      *aud_sync_store_list_sources   (AudStore         *store,
                                               GError          **error);

const char     *aud_sync_kind_to_string       (AudSyncKind       kind);
const char     *aud_sync_outcome_to_string    (AudSyncOutcome    outcome);
AudSyncOutcome  aud_sync_outcome_from_string  (const char       *s);

void            aud_sync_record_free          (AudSyncRecord    *record);
void            aud_sync_run_info_free        (AudSyncRunInfo   *info);

/* The fields to fetch for an object: the union of what every audience on it maps, plus the
 * fields the sync itself needs. Sorted, unique. */
GStrv           aud_sync_store_fields_for_object   (AudStore      *store,
                                                    const char    *object,
                                                    GError       **error);
/* Fields mapped after the source last synced, which need fetching for existing records. */
GStrv           aud_sync_store_backfill_fields     (AudStore      *store,
                                                    const char    *object,
                                                    GError       **error);
gboolean        aud_sync_store_clear_backfill      (AudStore      *store,
                                                    const char    *object,
                                                    const char * const *fields,
                                                    GError       **error);
/* Objects some audience covers. */
GStrv           aud_sync_store_synced_objects      (AudStore      *store,
                                                    GError       **error);

/* Runs: a run row is written before any record, so a killed process leaves a "running" row
 * that aud_sync_store_close_interrupted_runs() marks interrupted on the next start. */
gint64          aud_sync_store_start_run           (AudStore      *store,
                                                    gint64         source_id,
                                                    AudSyncKind    kind,
                                                    const char    *path,
                                                    GError       **error);
gboolean        aud_sync_store_finish_run          (AudStore      *store,
                                                    gint64         run_id,
                                                    const char    *path,
                                                    const AudSyncCounts *counts,
                                                    AudSyncOutcome outcome,
                                                    const char    *message,
                                                    GError       **error);
gboolean        aud_sync_store_close_interrupted_runs (AudStore   *store,
                                                    GError       **error);
GPtrArray      *aud_sync_store_list_runs           (AudStore      *store,
                                                    gint64         source_id,   /* -1: all */
                                                    guint          limit,
                                                    GError       **error);

/* One batch, one transaction: the rows, the run's counters and the source's cursor commit
 * together, so a kill at any instant resumes exactly after the last committed batch.
 * Values are merged into what is stored (fields not fetched this time are kept). Rows seen
 * again with the stored modstamp are skipped unless @rewrite_unchanged (a reconcile: formula
 * fields change without moving SystemModstamp). */
gboolean        aud_sync_store_commit_batch        (AudStore      *store,
                                                    gint64         source_id,
                                                    gint64         run_id,
                                                    GPtrArray     *records,
                                                    gboolean       rewrite_unchanged,
                                                    const char    *watermark,
                                                    const char    *position,
                                                    AudSyncCounts *counts,
                                                    GError       **error);
/* Records when the source last completed a sync (and a full one). */
gboolean        aud_sync_store_mark_synced         (AudStore      *store,
                                                    gint64         source_id,
                                                    gboolean       full,
                                                    GError       **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (AudSyncRecord, aud_sync_record_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (AudSyncSourceInfo, aud_sync_source_info_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (AudSyncRunInfo, aud_sync_run_info_free)

G_END_DECLS
