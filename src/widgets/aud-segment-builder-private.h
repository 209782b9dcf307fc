/* aud-segment-builder-private.h — internals the segment builder's files share
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "aud-segment-fields.h"
#include "aud-segment-node.h"

G_BEGIN_DECLS

/* The preview's columns: who the record is (name, email), then the fields `root` looks at. The
 * view's model holds GtkStringObjects of each record's JSON. Keeps the columns when unchanged. */
void aud_segment_preview_update_columns (GtkColumnView        *view,
                                         AudSegmentFields     *fields,
                                         const AudSegmentNode *root);

G_END_DECLS
