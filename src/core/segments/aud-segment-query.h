/* aud-segment-query.h — counting and previewing a segment's records, on any thread
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "aud-audience.h"
#include "aud-segment-fields.h"
#include "aud-segment-node.h"

G_BEGIN_DECLS

typedef struct
{
  char *external_id;
  char *data;          /* the record's JSON object text, as synced */
} AudSegmentRecord;

typedef struct
{
  gint64     count;
  GPtrArray *records;  /* AudSegmentRecord: the first rows, oldest first */
} AudSegmentResult;

void aud_segment_record_free (AudSegmentRecord *record);
void aud_segment_result_free (AudSegmentResult *result);

/* Everything a count needs, copied and checked on the calling thread; immutable afterwards, so a
 * worker thread can run it with its own AudStore. */
typedef struct _AudSegmentQuery AudSegmentQuery;

#define AUD_TYPE_SEGMENT_QUERY (aud_segment_query_get_type ())
GType             aud_segment_query_get_type   (void) G_GNUC_CONST;
/* Fails as aud_segment_sql_compile() does when a condition is invalid. */
AudSegmentQuery  *aud_segment_query_new        (AudAudience           *audience,
                                                AudSegmentFields      *fields,
                                                const AudSegmentNode  *root,
                                                GError               **error);
AudSegmentQuery  *aud_segment_query_ref        (AudSegmentQuery       *self);
void              aud_segment_query_unref      (AudSegmentQuery       *self);
AudSegmentFields *aud_segment_query_get_fields (AudSegmentQuery       *self);

/* Synchronous, on the thread that owns `store` (a store of the same workspace file). Relative
 * dates are taken against `now` (NULL: now). Deleted records never count. */
gboolean          aud_segment_query_count      (AudSegmentQuery       *self,
                                                AudStore              *store,
                                                GDateTime             *now,
                                                gint64                *count,
                                                GCancellable          *cancellable,
                                                GError               **error);
/* Called for each matching record with its id in its source and its JSON values; FALSE stops. */
typedef gboolean (*AudSegmentRecordFunc) (const char *external_id,
                                          const char *data,
                                          gpointer    user_data);

/* The query of a saved segment of @audience, by name (case-insensitive). */
AudSegmentQuery  *aud_segment_query_new_for_saved (AudAudience         *audience,
                                                   const char          *segment_name,
                                                   GError             **error);
/* Streams every matching live record, in the order the records were first stored, with memory
 * that does not grow with the segment: for exports and for scoping a write-back. */
gboolean          aud_segment_query_foreach    (AudSegmentQuery       *self,
                                                AudStore              *store,
                                                GDateTime             *now,
                                                AudSegmentRecordFunc   func,
                                                gpointer               user_data,
                                                GCancellable          *cancellable,
                                                GError               **error);
/* The ids (in their source) of the matching records, as a set. */
GHashTable       *aud_segment_query_record_ids (AudSegmentQuery       *self,
                                                AudStore              *store,
                                                GCancellable          *cancellable,
                                                GError               **error);

/* Element type AudSegmentRecord. */
GPtrArray        *aud_segment_query_preview    (AudSegmentQuery       *self,
                                                AudStore              *store,
                                                GDateTime             *now,
                                                guint                  limit,
                                                GCancellable          *cancellable,
                                                GError               **error);

/* SQLite's plan for the count, one step per line: which index, if any. For tests and benchmarks. */
char             *aud_segment_query_explain    (AudSegmentQuery       *self,
                                                AudStore              *store,
                                                GError               **error);

/* Count and the first `preview_limit` rows in a GTask thread that opens its own AudStore. */
void              aud_segment_query_run_async  (AudSegmentQuery       *self,
                                                guint                  preview_limit,
                                                GCancellable          *cancellable,
                                                GAsyncReadyCallback    callback,
                                                gpointer               user_data);
AudSegmentResult *aud_segment_query_run_finish (AudSegmentQuery       *self,
                                                GAsyncResult          *result,
                                                GError               **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (AudSegmentQuery, aud_segment_query_unref)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (AudSegmentRecord, aud_segment_record_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (AudSegmentResult, aud_segment_result_free)

G_END_DECLS
