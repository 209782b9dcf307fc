/* aud-write-plan.h — the pure write-back planner: which fields of which records to write, and why
 *
 * Plain data in, plain data out, no I/O: the inputs come from a provider (aud-write-inputs.h),
 * the decision per field is aud_overwrite_rule_decide(), and the plan is what the preview shows
 * and what aud-write-apply.h sends.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <json-glib/json-glib.h>

#include "aud-overwrite-rule.h"

G_BEGIN_DECLS

/* sObject Collections take at most this many records per call. */
#define AUD_WRITE_MAX_CHUNK 200
/* AudWriteReason values run from 0 to this one. */
#define AUD_WRITE_N_REASONS (AUD_WRITE_REASON_SALESFORCE_NOT_BLANK + 1)

typedef enum
{
  AUD_WRITE_OUTCOME_WRITE,
  AUD_WRITE_OUTCOME_SKIP,       /* the rule function said no; see the reason */
  AUD_WRITE_OUTCOME_EXCLUDED,   /* the user took the row out of the run */
  AUD_WRITE_OUTCOME_DEFERRED,   /* a write beyond the first N records of a trial run */
} AudWriteOutcome;

typedef struct
{
  char             *name;
  AudOverwriteRule  rule;
  gboolean          writable;
  AudFieldKind      kind;
} AudWriteField;

/* One Salesforce record: its values as of the freshest sync and ours. A member missing from
 * `salesforce` means the value was never fetched; missing from `ours` means nothing to propose. */
typedef struct
{
  char       *record_id;
  JsonObject *salesforce;
  JsonObject *ours;
} AudWriteInput;

typedef struct
{
  char             *record_id;
  char             *field;
  AudOverwriteRule  rule;
  AudFieldKind      kind;
  JsonNode         *old_value;   /* Salesforce's, or NULL when never fetched */
  JsonNode         *new_value;   /* ours, or NULL */
  AudWriteReason    reason;
  AudWriteOutcome   outcome;
} AudWriteItem;

typedef struct
{
  char  *field;
  guint  n_outcome[AUD_WRITE_OUTCOME_DEFERRED + 1];
  guint  n_reason[AUD_WRITE_N_REASONS];
} AudWriteFieldTotals;

typedef struct
{
  GPtrArray *items;              /* AudWriteItem: input order, then field order */
  GPtrArray *totals;             /* AudWriteFieldTotals, field order */
  guint      n_outcome[AUD_WRITE_OUTCOME_DEFERRED + 1];
  guint      n_records;
  guint      n_records_with_writes;
  guint      n_forecast_calls;   /* ⌈records with writes / 200⌉ */
} AudWritePlan;

AudWriteField *aud_write_field_new      (const char        *name,
                                         AudOverwriteRule   rule,
                                         gboolean           writable,
                                         AudFieldKind       kind);
void           aud_write_field_free     (AudWriteField     *field);
/* Takes references to both objects (either may be NULL). */
AudWriteInput *aud_write_input_new      (const char        *record_id,
                                         JsonObject        *salesforce,
                                         JsonObject        *ours);
void           aud_write_input_free     (AudWriteInput     *input);
void           aud_write_item_free      (AudWriteItem      *item);
void           aud_write_plan_free      (AudWritePlan      *plan);

const char    *aud_write_outcome_to_string (AudWriteOutcome outcome);
/* "record-id/Field", the key of an exclusion. */
char          *aud_write_item_key       (const char        *record_id,
                                         const char        *field);

/* @fields: AudWriteField; each is decided for each record, so a field with rule Never that is
 * passed in shows up as skips (the provider passes only fields whose rule is not Never). @inputs: AudWriteInput. @excluded: set of aud_write_item_key()
 * strings, or NULL. @limit: 0 for every record, else only the first @limit records that have a
 * write are written; later writes are deferred. */
AudWritePlan  *aud_write_plan_build     (GPtrArray         *fields,
                                         GPtrArray         *inputs,
                                         GHashTable        *excluded,
                                         guint              limit);

/* A CSV of every item: record, field, current, new, rule, outcome, reason. */
char          *aud_write_plan_to_csv    (const AudWritePlan *plan);
/* The member named @name, matched without regard to case as Salesforce field names are; NULL
 * when @object is NULL or has no such member. */
JsonNode      *aud_write_lookup_value   (JsonObject        *object,
                                         const char        *name);
/* A value as the preview and the CSV show it: "" for missing or null, strings unquoted. */
char          *aud_write_value_to_display (JsonNode        *value);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (AudWriteField, aud_write_field_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (AudWriteInput, aud_write_input_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (AudWritePlan, aud_write_plan_free)

G_END_DECLS
