/* aud-segment-condition-row.h — one condition of the segment builder: field, operator, value(s)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "aud-segment-fields.h"
#include "aud-segment-node.h"

G_BEGIN_DECLS

#define AUD_TYPE_SEGMENT_CONDITION_ROW (aud_segment_condition_row_get_type ())
G_DECLARE_FINAL_TYPE (AudSegmentConditionRow, aud_segment_condition_row, AUD, SEGMENT_CONDITION_ROW, GtkListBoxRow)

/* An editable row on `condition` (NULL: the first field, "is"). `field_labels` is the fields'
 * labels in `fields` order, shared by every row. The field must be mapped. */
GtkWidget      *aud_segment_condition_row_new      (AudSegmentFields     *fields,
                                                    GListModel           *field_labels,
                                                    const AudSegmentNode *condition);
/* A read-only row that keeps `node` as it is: a nested group, or a condition on a field that is
 * no longer mapped (its error then shows, rather than the row silently switching fields). */
GtkWidget      *aud_segment_condition_row_new_kept (const AudSegmentNode *node);
/* What the row says, values as typed (the compiler reports what is wrong). Transfer full. */
AudSegmentNode *aud_segment_condition_row_build    (AudSegmentConditionRow *self);

G_END_DECLS
