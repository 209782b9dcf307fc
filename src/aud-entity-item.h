/* aud-entity-item.h — one row of the Duplicates list: an entity with several records, or a pair to review
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib-object.h>

#include "aud-review-query.h"

G_BEGIN_DECLS

#define AUD_TYPE_ENTITY_ITEM (aud_entity_item_get_type ())
G_DECLARE_FINAL_TYPE (AudEntityItem, aud_entity_item, AUD, ENTITY_ITEM, GObject)

/* Takes @row. */
AudEntityItem      *aud_entity_item_new        (AudReviewRow  *row);
const AudReviewRow *aud_entity_item_get_row    (AudEntityItem *self);
/* Lowercased name, email and company, for the search. */
const char         *aud_entity_item_get_haystack (AudEntityItem *self);
/* Whether a person still has to look at it: a review pair, or an unconfirmed weak entity. */
gboolean            aud_entity_item_needs_review (AudEntityItem *self);
/* Uncertain first: review pairs and weak entities, then by confidence ascending, then by id. */
int                 aud_entity_item_compare    (AudEntityItem *a,
                                                AudEntityItem *b);

G_END_DECLS
