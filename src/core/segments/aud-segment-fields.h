/* aud-segment-fields.h — the fields a segment may filter on: an audience's mapped fields, typed
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "aud-audience.h"
#include "aud-overwrite-rule.h"

G_BEGIN_DECLS

typedef struct
{
  char          *name;       /* Salesforce's spelling, as stored in source_records.data */
  char          *label;
  AudFieldKind   kind;
  GStrv          picklist_values;   /* may be NULL */
} AudSegmentField;

/* Immutable once loaded and reference counted, so a worker thread can share it. */
typedef struct _AudSegmentFields AudSegmentFields;

#define AUD_TYPE_SEGMENT_FIELDS (aud_segment_fields_get_type ())
GType                  aud_segment_fields_get_type (void) G_GNUC_CONST;
/* The audience's mapped fields, typed by the cached describe of its object (text without one). */
AudSegmentFields      *aud_segment_fields_load     (AudAudience       *audience,
                                                    GError           **error);
/* For tests and files: fields given directly. Element type AudSegmentField, copied. */
AudSegmentFields      *aud_segment_fields_new      (const char        *object,
                                                    const AudSegmentField *fields,
                                                    guint              n_fields);
AudSegmentFields      *aud_segment_fields_ref      (AudSegmentFields  *self);
void                   aud_segment_fields_unref    (AudSegmentFields  *self);
const char            *aud_segment_fields_get_object (AudSegmentFields *self);
guint                  aud_segment_fields_get_n    (AudSegmentFields  *self);
/* Sorted by label, for the builder's field drop-down. */
const AudSegmentField *aud_segment_fields_get_nth  (AudSegmentFields  *self,
                                                    guint              i);
/* Case-insensitive, as Salesforce API names are; NULL when the field is not mapped. */
const AudSegmentField *aud_segment_fields_lookup   (AudSegmentFields  *self,
                                                    const char        *name);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (AudSegmentFields, aud_segment_fields_unref)

G_END_DECLS
