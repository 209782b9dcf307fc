/* aud-describe.h — a Salesforce object describe: its fields, parsed and cached in the workspace
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "aud-mapping-error.h"
#include "aud-overwrite-rule.h"
#include "aud-store.h"

G_BEGIN_DECLS

/* One field of a describe. Immutable once built; shared by reference. */
typedef struct
{
  char         *name;
  char         *label;
  char         *type;              /* Salesforce's type: string, email, picklist, … */
  int           length;
  gboolean      custom;
  gboolean      nillable;
  gboolean      required;          /* must have a value on create: not nillable, createable, no default */
  gboolean      createable;
  gboolean      updateable;
  gboolean      calculated;        /* formula */
  gboolean      external_id;
  char        **picklist_values;   /* active values, or NULL */
  gboolean      gone;              /* in an earlier describe, removed from Salesforce since */
  char         *gone_at;
} AudFieldInfo;

#define AUD_TYPE_FIELD_INFO (aud_field_info_get_type ())
GType          aud_field_info_get_type     (void) G_GNUC_CONST;
/* A field known only by name (mapped, but absent from every describe): shown as gone. */
AudFieldInfo  *aud_field_info_new_missing  (const char   *name);
AudFieldInfo  *aud_field_info_ref          (AudFieldInfo *info);
void           aud_field_info_unref        (AudFieldInfo *info);
/* Whether Audiences may ever write the field back (the rule is fixed at Never otherwise). */
gboolean       aud_field_info_is_writable  (const AudFieldInfo *info);
AudFieldKind   aud_field_info_get_kind     (const AudFieldInfo *info);
/* Why the field's rule is fixed at Never, for the UI; NULL when the field is writable. */
const char    *aud_field_info_get_readonly_reason (const AudFieldInfo *info);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (AudFieldInfo, aud_field_info_unref)

#define AUD_TYPE_DESCRIBE (aud_describe_get_type ())
G_DECLARE_FINAL_TYPE (AudDescribe, aud_describe, AUD, DESCRIBE, GObject)

/* fetched_at: ISO 8601 UTC; NULL means now. */
AudDescribe   *aud_describe_new_from_data  (const char   *data,
                                            gssize        length,
                                            const char   *fetched_at,
                                            GError      **error);
const char    *aud_describe_get_object     (AudDescribe  *self);
const char    *aud_describe_get_label      (AudDescribe  *self);
const char    *aud_describe_get_fetched_at (AudDescribe  *self);
const char    *aud_describe_get_data       (AudDescribe  *self);
/* Fields in Salesforce's order, then the gone ones. Element type AudFieldInfo. */
GPtrArray     *aud_describe_get_fields     (AudDescribe  *self);
/* Case-insensitive, as Salesforce API names are. */
AudFieldInfo  *aud_describe_lookup         (AudDescribe  *self,
                                            const char   *name);
/* Fields of `cached` (including ones already gone) that `fresh` no longer has. */
GPtrArray     *aud_describe_find_removed   (AudDescribe  *cached,
                                            AudDescribe  *fresh);

/* The workspace cache: one describe per object, with its fetch time and the fields that went
 * away across refreshes. Saving diffs against what was cached. */
gboolean       aud_describe_save           (AudDescribe  *self,
                                            AudStore     *store,
                                            GError      **error);
/* NULL without error when the object was never described. */
AudDescribe   *aud_describe_load           (AudStore     *store,
                                            const char   *object,
                                            GError      **error);

G_END_DECLS
