/* aud-segment.h — a named, saved filter over an audience's records
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "aud-audience.h"
#include "aud-segment-error.h"
#include "aud-segment-fields.h"
#include "aud-segment-node.h"

G_BEGIN_DECLS

#define AUD_TYPE_SEGMENT (aud_segment_get_type ())
G_DECLARE_FINAL_TYPE (AudSegment, aud_segment, AUD, SEGMENT, GObject)

/* A new, unsaved segment matching the whole audience (an empty "all" group). */
AudSegment     *aud_segment_new            (AudAudience     *audience,
                                            const char      *name);
/* Element type AudSegment, sorted by name. */
GPtrArray      *aud_segment_list           (AudAudience     *audience,
                                            GError         **error);
AudSegment     *aud_segment_lookup         (AudAudience     *audience,
                                            const char      *name,
                                            GError         **error);

AudAudience    *aud_segment_get_audience   (AudSegment      *self);
/* 0 until saved. */
gint64          aud_segment_get_id         (AudSegment      *self);
const char     *aud_segment_get_name       (AudSegment      *self);
const char     *aud_segment_get_updated_at (AudSegment      *self);
/* The root group; edit it in place, or replace it. */
AudSegmentNode *aud_segment_get_root       (AudSegment      *self);
void            aud_segment_set_root       (AudSegment      *self,
                                            AudSegmentNode  *root);

/* Checks the definition against the audience's mapped fields (see aud_segment_sql_compile()). */
gboolean        aud_segment_validate       (AudSegment      *self,
                                            AudSegmentFields *fields,
                                            GError         **error);

typedef enum
{
  AUD_SEGMENT_SAVE_DEFAULT        = 0,
  /* Leave the expression indexes to aud_segment_index_refresh_async(): building one reads every
   * record, seconds for a million, which the main thread must not wait for. */
  AUD_SEGMENT_SAVE_DEFER_INDEXES  = 1 << 0,
} AudSegmentSaveFlags;

/* Validates, then inserts or updates the segment, and keeps the expression indexes in step. */
gboolean        aud_segment_save           (AudSegment      *self,
                                            GError         **error);
gboolean        aud_segment_save_full      (AudSegment          *self,
                                            AudSegmentSaveFlags  flags,
                                            GError             **error);
gboolean        aud_segment_rename         (AudSegment      *self,
                                            const char      *name,
                                            GError         **error);
/* A saved copy under a new name. */
AudSegment     *aud_segment_duplicate      (AudSegment      *self,
                                            const char      *name,
                                            GError         **error);
gboolean        aud_segment_delete         (AudSegment      *self,
                                            GError         **error);

/* On the calling thread, with the audience's store (the CLI; the UI uses AudSegmentQuery). */
gboolean        aud_segment_count          (AudSegment      *self,
                                            gint64          *count,
                                            GError         **error);

G_END_DECLS
