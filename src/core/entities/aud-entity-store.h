/* aud-entity-store.h — an audience's entities, golden values and the decisions people made
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Decisions are stored apart from computed results and name source record ids (the
 * source_records rowid), never entity ids, so every later match (aud-match-run.h) re-applies
 * them whatever the clusters became. Recording a decision changes no result by itself: the
 * next match does.
 */
#pragma once

#include "aud-csv-writer.h"
#include "aud-store.h"
#include "aud-survivorship.h"

G_BEGIN_DECLS

#define AUD_ENTITIES_ERROR (aud_entities_error_quark ())

typedef enum
{
  AUD_ENTITIES_ERROR_FAILED,
  AUD_ENTITIES_ERROR_NOT_FOUND,      /* no such entity, record or field in the audience */
  AUD_ENTITIES_ERROR_INVALID,        /* e.g. splitting the only member out of an entity */
  AUD_ENTITIES_ERROR_NOTHING_TO_UNDO,
} AudEntitiesError;

GQuark aud_entities_error_quark (void);

typedef enum
{
  AUD_DECISION_CONFIRM,      /* records_a are one entity */
  AUD_DECISION_SPLIT,        /* records_a were split out of the entity of records_b */
  AUD_DECISION_NEVER_MERGE,  /* no record of records_a with one of records_b */
  AUD_DECISION_PIN,          /* records_a[0]'s value for field is the golden one */
} AudDecisionKind;

const char *aud_decision_kind_to_string (AudDecisionKind kind);

typedef struct
{
  gint64           id;
  AudDecisionKind  kind;
  GArray          *records_a;   /* gint64 source record ids */
  GArray          *records_b;   /* gint64; empty for confirm and pin */
  char            *field;       /* pin only */
  char            *value;       /* pin only: the value as it was when pinned */
  char            *decided_by;
  char            *decided_at;
} AudDecision;

void        aud_decision_free               (AudDecision *decision);

/* Each returns the new decision's id, or -1 with an error. @who is who decided (a user name). */
gint64      aud_entity_store_confirm        (AudStore    *store,
                                             gint64       audience_id,
                                             gint64       entity_id,
                                             const char  *who,
                                             GError     **error);
/* A person says two records (e.g. a review pair) are one: their entities' records are confirmed
 * together, and every later match keeps them in one entity. */
gint64      aud_entity_store_confirm_same   (AudStore    *store,
                                             gint64       audience_id,
                                             gint64       record_a,
                                             gint64       record_b,
                                             const char  *who,
                                             GError     **error);
/* The record leaves its entity for one of its own and never merges back with the others. */
gint64      aud_entity_store_split          (AudStore    *store,
                                             gint64       audience_id,
                                             gint64       record_id,
                                             const char  *who,
                                             GError     **error);
gint64      aud_entity_store_never_merge    (AudStore    *store,
                                             gint64       audience_id,
                                             gint64       record_a,
                                             gint64       record_b,
                                             const char  *who,
                                             GError     **error);
/* The record's current value for @field becomes its entity's golden value. */
gint64      aud_entity_store_pin            (AudStore    *store,
                                             gint64       audience_id,
                                             gint64       record_id,
                                             const char  *field,
                                             const char  *who,
                                             GError     **error);
/* Marks the latest decision still in force as undone (kept for the audit trail). */
gboolean    aud_entity_store_undo_last      (AudStore         *store,
                                             gint64            audience_id,
                                             AudDecisionKind  *undone,
                                             GError          **error);
/* Decisions in force, oldest first. Element type AudDecision. */
GPtrArray  *aud_entity_store_list_decisions (AudStore    *store,
                                             gint64       audience_id,
                                             GError     **error);

/* Survivorship settings per audience; defaults when none were saved. */
typedef struct
{
  GStrv               source_priority;  /* kinds, most trusted first */
  AudSurvivorshipRule default_rule;
  GHashTable         *field_rules;      /* field → GINT_TO_POINTER (AudSurvivorshipRule) */
} AudSurvivorshipSettings;

void        aud_survivorship_settings_free  (AudSurvivorshipSettings *settings);
AudSurvivorshipSettings *
            aud_entity_store_load_settings  (AudStore    *store,
                                             gint64       audience_id,
                                             GError     **error);
gboolean    aud_entity_store_save_settings  (AudStore                      *store,
                                             gint64                         audience_id,
                                             const AudSurvivorshipSettings *settings,
                                             GError                       **error);

/* Reading results */
typedef struct
{
  char   *field;
  char   *value;
  gint64  record_id;   /* where it came from; 0 when that record is gone */
  AudSurvivorshipRule reason;
} AudGoldenValue;

void        aud_golden_value_free           (AudGoldenValue *golden);

/* The source record id of (@source_id, @external_id); -1 with NOT_FOUND when absent. */
gint64      aud_entity_store_record_id      (AudStore    *store,
                                             gint64       source_id,
                                             const char  *external_id,
                                             GError     **error);
/* The entity holding the record after the last match; -1 with NOT_FOUND when it has none. */
gint64      aud_entity_store_entity_of      (AudStore    *store,
                                             gint64       audience_id,
                                             gint64       record_id,
                                             GError     **error);
/* Member record ids, ascending. */
GArray     *aud_entity_store_members        (AudStore    *store,
                                             gint64       entity_id,
                                             GError     **error);
/* Element type AudGoldenValue, by field name. */
GPtrArray  *aud_entity_store_golden         (AudStore    *store,
                                             gint64       entity_id,
                                             GError     **error);

typedef struct
{
  gint64 records;       /* matched source records */
  gint64 entities;
  gint64 multi;         /* entities with more than one record */
  gint64 review_pairs;
  gint64 job_changes;
  gint64 held_apart;
} AudEntityCounts;

gboolean    aud_entity_store_count          (AudStore        *store,
                                             gint64           audience_id,
                                             AudEntityCounts *counts,
                                             GError         **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (AudDecision, aud_decision_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (AudGoldenValue, aud_golden_value_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (AudSurvivorshipSettings, aud_survivorship_settings_free)

G_END_DECLS

G_BEGIN_DECLS

/* CSV exports of the last match (aud-entity-export.c), so other tools can check the results.
 * Members: one row per matched source record: "Entity Id", "Source", "Source Kind",
 * "Source Record Id" (the id in its source), then every field the records have.
 * Golden: one row per entity: "Entity Id", "Records", then one column per golden field. */
gboolean    aud_entity_store_export_members (AudStore      *store,
                                             gint64         audience_id,
                                             AudCsvWriter  *writer,
                                             GCancellable  *cancellable,
                                             GError       **error);
gboolean    aud_entity_store_export_golden  (AudStore      *store,
                                             gint64         audience_id,
                                             AudCsvWriter  *writer,
                                             GCancellable  *cancellable,
                                             GError       **error);

G_END_DECLS
