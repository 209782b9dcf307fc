/* aud-segment-builder.h — build, count, preview and save an audience's segments
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "aud-audience.h"
#include "aud-segment.h"

G_BEGIN_DECLS

#define AUD_TYPE_SEGMENT_BUILDER (aud_segment_builder_get_type ())
G_DECLARE_FINAL_TYPE (AudSegmentBuilder, aud_segment_builder, AUD, SEGMENT_BUILDER, AdwBin)

GtkWidget   *aud_segment_builder_new          (void);
/* Loads the audience's mapped fields and saved segments, and starts a new segment. */
void         aud_segment_builder_set_audience (AudSegmentBuilder *self,
                                               AudAudience       *audience);
AudAudience *aud_segment_builder_get_audience (AudSegmentBuilder *self);
/* The segment being edited (unsaved until "segment.save"). */
AudSegment  *aud_segment_builder_get_segment  (AudSegmentBuilder *self);
/* Matching records of what is on screen: -1 while counting or when a condition is invalid. */
gint64       aud_segment_builder_get_count    (AudSegmentBuilder *self);
/* Why there is no count, for people; NULL when the conditions are valid. */
const char  *aud_segment_builder_get_problem  (AudSegmentBuilder *self);
/* Counts again: call it when the records changed underneath (a sync finished). */
void         aud_segment_builder_recount      (AudSegmentBuilder *self);
/* Opens a saved segment by name; FALSE when the audience has none of that name. */
gboolean     aud_segment_builder_open         (AudSegmentBuilder *self,
                                               const char        *name);

G_END_DECLS
