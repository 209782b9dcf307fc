/* aud-segment-index.h — expression indexes on source_records for the fields segments compare
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "aud-segment-node.h"
#include "aud-store.h"

G_BEGIN_DECLS

#define AUD_SEGMENT_INDEX_PREFIX "segment_field_"

/* Whether an index on the raw value can serve the operator: not the text ones, which compare
 * folded text. */
gboolean  aud_segment_index_serves  (AudSegmentOperator op);
/* Whether any condition of the tree can. */
gboolean  aud_segment_index_serves_any (const AudSegmentNode *node);

/* Creates an index for every field a saved segment compares raw (numbers, dates, booleans,
 * picklists, blank checks) and drops the ones no segment needs any more. Creating one reads every
 * record once: seconds for a million records. */
gboolean  aud_segment_index_refresh (AudStore  *store,
                                     GError   **error);
/* The same in a GTask thread with its own connection to the workspace at `store_path`. */
void      aud_segment_index_refresh_async  (const char          *store_path,
                                            GCancellable        *cancellable,
                                            GAsyncReadyCallback  callback,
                                            gpointer             user_data);
gboolean  aud_segment_index_refresh_finish (GAsyncResult        *result,
                                            GError             **error);
/* Field names that have an index, sorted. */
GStrv     aud_segment_index_list    (AudStore  *store,
                                     GError   **error);

G_END_DECLS
