/* aud-field-item.h — one Salesforce field in an audience's mapping list
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib-object.h>

#include "aud-describe.h"

G_BEGIN_DECLS

#define AUD_TYPE_FIELD_ITEM (aud_field_item_get_type ())
G_DECLARE_FINAL_TYPE (AudFieldItem, aud_field_item, AUD, FIELD_ITEM, GObject)

AudFieldItem       *aud_field_item_new              (AudFieldInfo *info);
const AudFieldInfo *aud_field_item_get_info         (AudFieldItem *self);
const char         *aud_field_item_get_name         (AudFieldItem *self);
const char         *aud_field_item_get_label        (AudFieldItem *self);
const char         *aud_field_item_get_field_type   (AudFieldItem *self);
gboolean            aud_field_item_get_mapped       (AudFieldItem *self);
void                aud_field_item_set_mapped       (AudFieldItem *self,
                                                     gboolean      mapped);
guint               aud_field_item_get_rule         (AudFieldItem *self);   /* AudOverwriteRule */
void                aud_field_item_set_rule         (AudFieldItem *self,
                                                     guint         rule);
gboolean            aud_field_item_get_needs_backfill (AudFieldItem *self);
void                aud_field_item_set_needs_backfill (AudFieldItem *self,
                                                     gboolean      needs_backfill);
/* Sync fields: always mapped, rule Never. */
gboolean            aud_field_item_get_locked       (AudFieldItem *self);
/* Writable in Salesforce and not a sync field: the rule can change. */
gboolean            aud_field_item_get_writable     (AudFieldItem *self);
gboolean            aud_field_item_get_custom       (AudFieldItem *self);
gboolean            aud_field_item_get_gone         (AudFieldItem *self);
/* Why the check box or the rule cannot change; NULL when they can. */
const char         *aud_field_item_get_lock_reason  (AudFieldItem *self);
const char         *aud_field_item_get_rule_reason  (AudFieldItem *self);
/* Whether the label or API name contains every word of `text` (case-insensitive). */
gboolean            aud_field_item_matches          (AudFieldItem *self,
                                                     const char   *folded_text);

G_END_DECLS
