/* aud-mapping.h — an audience's mapped fields and their overwrite rules
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "aud-audience.h"
#include "aud-describe.h"
#include "aud-overwrite-rule.h"

G_BEGIN_DECLS

typedef struct
{
  char             *field;
  AudOverwriteRule  rule;
  gboolean          needs_backfill;   /* mapped after the source synced: fetch it for existing rows */
} AudMappedField;

AudMappedField     *aud_mapped_field_new        (const char       *field,
                                                 AudOverwriteRule  rule);
void                aud_mapped_field_free       (AudMappedField   *mapped);

/* Id, IsDeleted, LastModifiedDate, SystemModstamp: always mapped, rule fixed at Never. */
const char * const *aud_mapping_sync_fields     (void);
gboolean            aud_mapping_is_sync_field   (const char       *field);
/* Why a field cannot be unmapped, for the UI; NULL when it can. */
const char         *aud_mapping_get_lock_reason (const char       *field);
/* Identity and segmentation fields a RevOps audience starts with. NULL-terminated. */
const char * const *aud_mapping_recommended_fields (const char    *object);

/* Element type AudMappedField, sorted by field name. */
GPtrArray          *aud_mapping_load            (AudAudience      *audience,
                                                 GError          **error);
/* Maps or unmaps fields in one transaction. Unmapping a sync field fails with
 * AUD_MAPPING_ERROR_LOCKED and changes nothing. Unmapping keeps every value already synced.
 * Fields added after the audience's source synced are marked as needing a backfill. */
gboolean            aud_mapping_set_mapped      (AudAudience      *audience,
                                                 const char * const *fields,
                                                 gboolean          mapped,
                                                 guint            *n_changed,
                                                 GError          **error);
/* Sets the rule of those fields that are mapped and writable (per `describe`, when given);
 * the others are counted in n_skipped and keep Never. */
gboolean            aud_mapping_set_rule        (AudAudience      *audience,
                                                 AudDescribe      *describe,
                                                 const char * const *fields,
                                                 AudOverwriteRule  rule,
                                                 guint            *n_changed,
                                                 guint            *n_skipped,
                                                 GError          **error);
/* Maps the recommended fields the describe has (all of them without a describe). */
gboolean            aud_mapping_apply_recommended (AudAudience    *audience,
                                                 AudDescribe      *describe,
                                                 guint            *n_added,
                                                 GError          **error);
/* Replaces the whole mapping (element type AudMappedField); sync fields are always kept. */
gboolean            aud_mapping_replace         (AudAudience      *audience,
                                                 GPtrArray        *fields,
                                                 GError          **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (AudMappedField, aud_mapped_field_free)

G_END_DECLS
