/* aud-write-apply.h — sending planned changes to Salesforce in audited chunks
 *
 * Runs synchronously on one thread with that thread's own AudStore and AudSalesforceClient (the
 * write-back worker, or `audiences writeback --apply`). Per chunk of at most 200 records: re-read
 * the chunk's current values, hold back every field Salesforce changed since the preview (a
 * conflict), write the audit rows in one transaction, send one PATCH composite/sobjects with
 * allOrNone=false, retry UNABLE_TO_LOCK_ROW records with back-off, record each outcome.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "aud-salesforce-client.h"
#include "aud-store.h"
#include "aud-write-plan.h"

G_BEGIN_DECLS

#define AUD_WRITE_ERROR (aud_write_error_quark ())

typedef enum
{
  AUD_WRITE_ERROR_FAILED,
  AUD_WRITE_ERROR_NOT_FOUND,      /* no such run, or nothing to undo */
  AUD_WRITE_ERROR_NOTHING_TO_DO,  /* the plan has no writes */
} AudWriteError;

typedef enum
{
  AUD_WRITE_STATE_RUNNING,
  AUD_WRITE_STATE_SUCCEEDED,
  AUD_WRITE_STATE_PARTIAL,          /* finished; some fields failed or were held back */
  AUD_WRITE_STATE_FAILED,
  AUD_WRITE_STATE_CANCELLED,
  AUD_WRITE_STATE_PAUSED_API_LIMIT,
  AUD_WRITE_STATE_NEEDS_RECONNECT,
  AUD_WRITE_STATE_INTERRUPTED,      /* the process died; see the items still "sent" */
} AudWriteState;

/* One field to change: sent only while Salesforce still holds `expected`. */
typedef struct
{
  char         *record_id;
  char         *field;
  AudFieldKind  kind;
  JsonNode     *expected;   /* NULL or JSON null: blank */
  JsonNode     *value;      /* NULL or JSON null: clear the field */
} AudWriteChange;

typedef struct
{
  guint   chunk_size;       /* records per call, at most 200 (default) */
  guint   lock_retries;     /* extra attempts for UNABLE_TO_LOCK_ROW records (3) */
  guint   retry_delay_ms;   /* first back-off, doubled each time (500) */
  double  api_reserve;      /* stop before the last share of the daily calls, like the sync (0.10) */
} AudWriteOptions;

typedef struct
{
  gint64        records_total;
  gint64        records_done;
  gint64        written;
  gint64        conflicts;
  gint64        failed;
  gint64        api_calls;
  gint64        lock_retries;
} AudWriteCounts;

typedef void (*AudWriteProgressFunc) (const AudWriteCounts *counts,
                                      gpointer              user_data);

typedef struct
{
  gint64          run_id;
  AudWriteState   state;
  AudWriteCounts  counts;
  char           *message;   /* for the user: what happened and what to do */
} AudWriteResult;

GQuark          aud_write_error_quark     (void);
const char     *aud_write_state_to_string (AudWriteState    state);
void            aud_write_options_init    (AudWriteOptions *options);

AudWriteChange *aud_write_change_new      (const char      *record_id,
                                           const char      *field,
                                           AudFieldKind     kind,
                                           JsonNode        *expected,
                                           JsonNode        *value);
void            aud_write_change_free     (AudWriteChange  *change);
/* The plan's writes (outcome WRITE) as changes. */
GPtrArray      *aud_write_plan_get_changes (const AudWritePlan *plan);
void            aud_write_result_free     (AudWriteResult  *result);

/* @changes: AudWriteChange, grouped by record. @audience_id: -1 when none. @undo_of: the run
 * being undone, or -1. Returns a result for every outcome the run records (paused, cancelled,
 * failed); NULL only when the workspace failed. */
AudWriteResult *aud_write_apply_run       (AudStore              *store,
                                           AudSalesforceClient   *client,
                                           gint64                 audience_id,
                                           const char            *object,
                                           GPtrArray             *changes,
                                           gint64                 undo_of,
                                           const AudWriteOptions *options,
                                           AudWriteProgressFunc   progress_func,
                                           gpointer               progress_data,
                                           GCancellable          *cancellable,
                                           GError               **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (AudWriteChange, aud_write_change_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (AudWriteResult, aud_write_result_free)

G_END_DECLS
