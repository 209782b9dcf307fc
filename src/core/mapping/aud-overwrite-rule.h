/* aud-overwrite-rule.h — per-field overwrite rules and the one decision that applies them
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <json-glib/json-glib.h>

G_BEGIN_DECLS

/* Stored as text ("never", "conditional", "always"); the order is the UI's drop-down order. */
typedef enum
{
  AUD_OVERWRITE_RULE_NEVER,         /* Salesforce's value is kept (the default) */
  AUD_OVERWRITE_RULE_CONDITIONAL,   /* write only where the Salesforce field is blank */
  AUD_OVERWRITE_RULE_ALWAYS,        /* our value wins */
} AudOverwriteRule;

/* How values of a field compare; see aud_field_kind_from_salesforce_type(). */
typedef enum
{
  AUD_FIELD_KIND_TEXT,
  AUD_FIELD_KIND_NUMBER,
  AUD_FIELD_KIND_BOOLEAN,
  AUD_FIELD_KIND_DATE,
  AUD_FIELD_KIND_DATETIME,
  AUD_FIELD_KIND_PICKLIST,
  AUD_FIELD_KIND_MULTIPICKLIST,
} AudFieldKind;

typedef enum
{
  /* write */
  AUD_WRITE_REASON_RULE_ALWAYS,
  AUD_WRITE_REASON_SALESFORCE_BLANK,
  /* skip */
  AUD_WRITE_REASON_NOT_WRITABLE,
  AUD_WRITE_REASON_RULE_NEVER,
  AUD_WRITE_REASON_NOTHING_TO_WRITE,     /* our value is missing or blank: never blank a field */
  AUD_WRITE_REASON_INVALID_VALUE,        /* our value does not parse as the field's type */
  AUD_WRITE_REASON_SALESFORCE_UNKNOWN,   /* Salesforce's value was never fetched (needs backfill) */
  AUD_WRITE_REASON_UNCHANGED,
  AUD_WRITE_REASON_SALESFORCE_NOT_BLANK,
} AudWriteReason;

const char       *aud_overwrite_rule_to_string        (AudOverwriteRule  rule);
gboolean          aud_overwrite_rule_from_string      (const char       *s,
                                                       AudOverwriteRule *rule);
const char       *aud_overwrite_rule_get_label        (AudOverwriteRule  rule);

AudFieldKind      aud_field_kind_from_salesforce_type (const char       *type);
const char       *aud_write_reason_to_string          (AudWriteReason    reason);
const char       *aud_write_reason_get_description    (AudWriteReason    reason);

/* A value is "blank" when it is null, an empty string or only whitespace. NULL (missing) is blank. */
gboolean          aud_value_is_blank                  (JsonNode         *value);
gboolean          aud_values_equal                    (AudFieldKind      kind,
                                                       JsonNode         *a,
                                                       JsonNode         *b);

/* The decision: pure, no I/O. A NULL JsonNode means "missing" (never fetched / not provided); a
 * JSON null node means Salesforce holds null. Returns TRUE to write; *reason says why either way. */
gboolean          aud_overwrite_rule_decide           (AudOverwriteRule  rule,
                                                       gboolean          writable,
                                                       AudFieldKind      kind,
                                                       JsonNode         *salesforce_value,
                                                       JsonNode         *our_value,
                                                       AudWriteReason   *reason);

G_END_DECLS
