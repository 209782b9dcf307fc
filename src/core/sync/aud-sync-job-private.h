/* aud-sync-job-private.h — what the REST and Bulk halves of a sync job share
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "aud-sync-job.h"

G_BEGIN_DECLS

typedef struct
{
  AudStore              *store;
  AudSalesforceClient   *client;
  const AudSyncOptions  *options;
  GCancellable          *cancellable;
  AudSyncProgressFunc    progress_func;
  gpointer               progress_data;

  const char            *object;
  gint64                 source_id;
  gint64                 run_id;
  AudSyncProgress        progress;

  GStrv                  fields;         /* what the SOQL selects */
  gboolean               merge_only;     /* backfill: rows carry no modstamp */
  gboolean               reconcile;      /* remember every id seen, then mark the rest deleted */
  GPtrArray             *batch;          /* of AudSyncRecord, not yet committed */
  char                  *max_stamp;      /* highest SystemModstamp seen by this job */
  char                  *after_stamp;    /* checkpoint: last record committed or pending */
  char                  *after_id;
  gboolean               budget_spent;
  char                  *bulk_job;       /* checkpoint: the Bulk API 2.0 job being read */
  gint64                 bulk_skip;      /* checkpoint: rows of the locator's chunk already stored */
} Job;

/* Tells the progress callback (and reads the org's API usage). */
void     aud_sync_job_report      (Job         *job);
/* A checkpoint for the cursor's position column. */
char    *aud_sync_job_checkpoint  (Job         *job,
                                   const char  *phase,
                                   const char  *since,
                                   const char  *locator);
/* Commits job->batch with the cursor, in one transaction. */
gboolean aud_sync_job_commit      (Job         *job,
                                   const char  *watermark,
                                   const char  *position,
                                   GError     **error);
/* Notes the API usage of the call just made; TRUE when the reserve is reached. */
void     aud_sync_job_note_call   (Job         *job,
                                   guint        requests_before);
GError  *aud_sync_job_budget_error (Job        *job);
/* Tracks the checkpoint and the highest SystemModstamp of a record added to the batch. */
void     aud_sync_job_add_record  (Job           *job,
                                   AudSyncRecord *record);

/* The full sync of a large object through a Bulk API 2.0 queryAll job (aud-sync-bulk.c):
 * CSV results read 2,000 rows at a time, each chunk committed with the job id and the next
 * locator, so a killed run resumes in the same job. */
gboolean aud_sync_bulk_run        (Job         *job,
                                   const char  *phase,
                                   const char  *old_watermark,
                                   const char  *resume_locator,
                                   GError     **error);

G_END_DECLS
