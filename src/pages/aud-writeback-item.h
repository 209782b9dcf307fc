/* aud-writeback-item.h — one row of the write-back plan table (record × field)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib-object.h>

#include "aud-write-plan.h"

G_BEGIN_DECLS

#define AUD_TYPE_WRITEBACK_ITEM (aud_writeback_item_get_type ())
G_DECLARE_FINAL_TYPE (AudWritebackItem, aud_writeback_item, AUD, WRITEBACK_ITEM, GObject)

AudWritebackItem *aud_writeback_item_new          (const AudWriteItem *item);
const char       *aud_writeback_item_get_record   (AudWritebackItem   *self);
const char       *aud_writeback_item_get_field    (AudWritebackItem   *self);
/* "current → new" */
const char       *aud_writeback_item_get_change   (AudWritebackItem   *self);
const char       *aud_writeback_item_get_rule     (AudWritebackItem   *self);
const char       *aud_writeback_item_get_outcome_label (AudWritebackItem *self);
AudWriteOutcome   aud_writeback_item_get_outcome  (AudWritebackItem   *self);
/* A write the user may take out, or one already taken out. */
gboolean          aud_writeback_item_is_excludable (AudWritebackItem  *self);
/* aud_write_item_key() */
const char       *aud_writeback_item_get_key      (AudWritebackItem   *self);
/* Whether the row matches the search text (record, field or values, ignoring case). */
gboolean          aud_writeback_item_matches      (AudWritebackItem   *self,
                                                   const char         *casefolded_text);

G_END_DECLS
