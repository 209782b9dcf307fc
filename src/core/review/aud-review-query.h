/* aud-review-query.h — read-only queries behind the Duplicates page: what to review and why
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Reads the tables the last match wrote (entities, entity_members, match_pairs, golden_values)
 * with prepared statements. Every function only needs an AudStore, so it can run in a GTask
 * thread on that thread's own store connection.
 */
#pragma once

#include <gio/gio.h>

#include "aud-entity-store.h"
#include "aud-matcher.h"
#include "aud-store.h"

G_BEGIN_DECLS

typedef enum
{
  AUD_REVIEW_ROW_ENTITY,   /* an entity with more than one record */
  AUD_REVIEW_ROW_PAIR,     /* two records the matcher was unsure about, kept apart for now */
} AudReviewRowKind;

/* Bits of AudReviewRow.sources */
typedef enum
{
  AUD_REVIEW_SOURCE_SALESFORCE = 1 << 0,
  AUD_REVIEW_SOURCE_CSV        = 1 << 1,
  AUD_REVIEW_SOURCE_WAREHOUSE  = 1 << 2,
} AudReviewSources;

typedef struct
{
  AudReviewRowKind kind;
  gint64   entity_id;     /* entity rows; for pairs the entity of record_a */
  gint64   record_a;      /* pair rows only */
  gint64   record_b;
  guint    n_members;     /* 2 for pairs */
  gboolean confirmed;     /* a person confirmed it */
  gboolean weak;          /* held together by a weak link */
  double   confidence;    /* entities: the weakest merge link; pairs: the pair's score */
  guint    sources;       /* AudReviewSources */
  guint    differs;       /* bit per AudMatchComparison that is different or only similar */
  char    *name;
  char    *email;
  char    *company;
} AudReviewRow;

void        aud_review_row_free         (AudReviewRow *row);

/* Entities with more than one record, then review pairs that no decision keeps apart, in no
 * particular order.
 * Element type AudReviewRow. */
GPtrArray  *aud_review_query_list       (AudStore      *store,
                                         gint64         audience_id,
                                         GCancellable  *cancellable,
                                         GError       **error);

/* Whether the audience was ever matched (a match run is recorded). */
gboolean    aud_review_query_was_matched (AudStore     *store,
                                          gint64        audience_id,
                                          gboolean     *matched,
                                          GError      **error);

typedef struct
{
  gint64      record_id;
  gint64      entity_id;
  char       *source_kind;  /* "salesforce", "csv", "warehouse" */
  char       *source_name;
  char       *external_id;  /* the id in its source (a Salesforce Id for Salesforce) */
  char       *modstamp;
  GHashTable *values;       /* field → value text, blank values left out */
} AudReviewMember;

typedef struct
{
  gint64           record_a;
  gint64           record_b;
  char            *kind;     /* "merge", "review", "job-change", "held-apart" */
  double           score;
  AudMatchEvidence evidence[AUD_MATCH_N_COMPARISONS];
  gboolean         has_evidence[AUD_MATCH_N_COMPARISONS];
} AudReviewPair;

typedef struct
{
  GPtrArray *members;  /* AudReviewMember, by record id */
  GPtrArray *golden;   /* AudGoldenValue; empty for a review pair */
  GPtrArray *pairs;    /* AudReviewPair among the members, strongest first */
  GStrv      fields;   /* every field any member or golden value has, in a stable order */
} AudReviewDetail;

void             aud_review_detail_free  (AudReviewDetail *detail);

/* The members of @entity_id, its golden values and the pairs that joined them. */
AudReviewDetail *aud_review_query_entity (AudStore  *store,
                                          gint64     audience_id,
                                          gint64     entity_id,
                                          GError   **error);
/* Two records of a review pair, side by side, with the pair's evidence. */
AudReviewDetail *aud_review_query_pair   (AudStore  *store,
                                          gint64     audience_id,
                                          gint64     record_a,
                                          gint64     record_b,
                                          GError   **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (AudReviewRow, aud_review_row_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (AudReviewDetail, aud_review_detail_free)

G_END_DECLS
