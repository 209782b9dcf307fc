/* aud-matcher.h — blocking, Fellegi–Sunter pair scoring and clustering under decisions
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Input: an array of AudMatchRecord (contacts: a person at an employer; or accounts, with
 * options.kind) and the decisions
 * people made. Output: clusters (one per entity), the evidence of every pair that merged, needs
 * review or links a job change, and the parameters used. Plain data in, plain data out: no
 * store, no GObject, so the store layer can feed it from source records and persist the result.
 *
 * How it works:
 *  1. Prepare: every record is normalised once (aud-normalize.h).
 *  2. Block: each record gets keys (email, phone, LinkedIn, surname + company, surname +
 *     company domain, surname + postal code, given name + surname, given name + company; for
 *     accounts: company name, company domain, phone, LinkedIn page, street + postal code).
 *     Records sharing a key are candidate pairs. A key shared by more than block_cap records
 *     (info@, a switchboard) is not exploded into all its pairs: its records are sorted by name
 *     and each is paired with its next `window` neighbours only.
 *  3. Compare: each candidate pair gets one AudMatchLevel per comparison (AudMatchComparison).
 *  4. Estimate: weight = log2(m/u) per level, 0 for MISSING, where m = P(level | same entity)
 *     and u = P(level | different entities) among candidate pairs. m is estimated from the data
 *     by an EM anchored at the merge threshold (see aud-match-score.c for why not plain EM),
 *     shrunk towards built-in defaults; u keeps its defaults. A pair's score is the sum of its
 *     weights.
 *  5. Decide: score ≥ merge_threshold merges, ≥ review_threshold goes to review. For contacts,
 *     a few rules catch what a sum of independent weights cannot (aud-match-cluster.c):
 *     - a contact is a person at an employer: when both companies are known and differ, the
 *       pair only merges on a shared work address; with a shared LinkedIn, personal email or
 *       mobile and agreeing names it becomes a job-change link between two entities;
 *     - different given names without an email, mobile or LinkedIn in common go to review
 *       (relatives share a surname, an address and a home line);
 *     - two different work addresses at one domain go to review (two mailboxes, two people:
 *       a Sr. whose suffix was not typed);
 *     - a different surname with the same given name and employer and a personal identifier
 *       in common merges on a weak edge (a surname change);
 *     - Sr. against Jr. never merges, directly or through a record without a suffix.
 *  6. Cluster: confirmed clusters are joined first, then merge edges by descending score with
 *     union-find, refusing any union that would put a never-merge or split-apart pair in one
 *     cluster. A cluster is flagged weak when one of its joining edges scored below
 *     strong_threshold: by the order of the unions, no stronger path holds it together.
 *
 * Incremental re-match: AudMatchState keeps a run's prepared records, block keys, scored
 * candidate pairs and weights in memory; aud_match_state_rematch() normalises, blocks and
 * scores only the changed records against them (with the full run's weights) and re-clusters
 * over the kept merge edges, so decisions apply to every re-match. Still to come with the
 * store: persisting that state (the block keys per record and the scored merge/review edges)
 * so a re-match after a sync does not need a full run first, and stable entity ids: each new
 * cluster takes the id of the old entity it shares most records with (ties to the oldest), so
 * decisions, which refer to record ids, audit entries and exports stay attached.
 */
#pragma once

#include <glib.h>

#include "aud-compare.h"
#include "aud-match-record.h"

G_BEGIN_DECLS

typedef enum
{
  AUD_MATCH_COMPARISON_EMAIL,      /* any email of one against any of the other; role
                                    * addresses (info@) are no evidence and count as missing,
                                    * and so does a work address against a personal one */
  AUD_MATCH_COMPARISON_PHONE,      /* mobiles, then landlines; SIMILAR: a shared landline
                                    * (household, switchboard) while mobiles or desks differ */
  AUD_MATCH_COMPARISON_LINKEDIN,
  AUD_MATCH_COMPARISON_FIRST_NAME, /* nickname-aware; swapped first/last are tried */
  AUD_MATCH_COMPARISON_LAST_NAME,
  AUD_MATCH_COMPARISON_SUFFIX,     /* Jr./Sr./III */
  AUD_MATCH_COMPARISON_COMPANY,    /* the same CRM account, the same company domain, or
                                    * name tokens (accounts: name tokens only) */
  AUD_MATCH_COMPARISON_ADDRESS,    /* postal code + street */
  AUD_MATCH_COMPARISON_DOMAIN,     /* accounts only: the websites' registrable domains; for
                                    * contacts the domain is part of COMPANY and this is
                                    * always missing */
  AUD_MATCH_N_COMPARISONS
} AudMatchComparison;

const char *aud_match_comparison_to_string (AudMatchComparison comparison);

typedef enum
{
  AUD_MATCH_DECISION_CONFIRM,      /* records `a` are one entity */
  AUD_MATCH_DECISION_NEVER_MERGE,  /* no record of `a` shares an entity with one of `b` */
  AUD_MATCH_DECISION_SPLIT,        /* records `a` were split out of the entity holding `b` */
} AudMatchDecisionKind;

typedef struct
{
  AudMatchDecisionKind kind;
  char               **a;  /* record ids, NULL-terminated */
  char               **b;  /* record ids, NULL-terminated; unused for CONFIRM */
} AudMatchDecision;

typedef enum
{
  AUD_MATCH_KIND_CONTACTS,  /* people at employers */
  AUD_MATCH_KIND_ACCOUNTS,  /* companies: names, domains, switchboards, addresses */
} AudMatchKind;

typedef struct
{
  AudMatchKind kind;             /* default CONTACTS */
  double      merge_threshold;   /* log2 likelihood ratio; default 6 */
  double      review_threshold;  /* default 2 */
  double      strong_threshold;  /* clusters joined by a weaker edge are flagged; default 12 */
  guint       block_cap;         /* default 32 */
  guint       window;            /* neighbours paired inside a capped block; default 4 */
  guint       shared_value_limit; /* an email or phone on more records is a shared line or
                                   * mailbox: weak evidence; default 8 */
  gboolean    estimate;          /* estimate m from the data; default TRUE */
  guint       em_iterations;     /* at most; default 20 */
  const char *default_region;    /* for phones without a country code; default "US" */
  guint       n_threads;         /* 0: one per processor */
} AudMatchOptions;

void aud_match_options_init (AudMatchOptions *options);

typedef struct
{
  AudMatchLevel level;
  float         similarity;  /* the comparator's score in [0, 1] */
  float         weight;      /* log2(m/u) for this level; 0 when missing */
} AudMatchEvidence;

typedef enum
{
  AUD_MATCH_PAIR_MERGE,
  AUD_MATCH_PAIR_REVIEW,
  AUD_MATCH_PAIR_JOB_CHANGE,   /* the same person at two employers: linked, not merged */
  AUD_MATCH_PAIR_HELD_APART,   /* would merge, but a decision keeps the records apart */
} AudMatchPairKind;

typedef struct
{
  guint            a;        /* record indices into the input array */
  guint            b;
  float            score;
  AudMatchPairKind kind;
  AudMatchEvidence evidence[AUD_MATCH_N_COMPARISONS];
} AudMatchPair;

typedef struct
{
  guint    first;        /* offset into AudMatchResult.members */
  guint    n_members;
  gboolean weak;         /* held together by a link weaker than strong_threshold */
  gboolean confirmed;    /* contains a confirmed decision */
  float    min_link;     /* the weakest edge that joined it (0 for singletons) */
} AudMatchCluster;

typedef struct
{
  guint   n_records;
  GArray *clusters;      /* AudMatchCluster, ordered by their smallest record index */
  guint  *members;       /* record indices, grouped per cluster, ascending inside one */
  guint  *cluster_of;    /* record index → cluster index */
  GArray *pairs;         /* AudMatchPair: merge, review, job-change and held-apart pairs */

  /* what was used and how much work it was */
  double  m[AUD_MATCH_N_COMPARISONS][AUD_MATCH_N_LEVELS];
  double  u[AUD_MATCH_N_COMPARISONS][AUD_MATCH_N_LEVELS];
  double  weights[AUD_MATCH_N_COMPARISONS][AUD_MATCH_N_LEVELS];
  double  match_prior;   /* estimated share of candidate pairs that match */
  guint64 n_block_keys;
  guint64 n_capped_blocks;
  guint64 n_candidates;
  double  seconds[5];    /* wall time: prepare, block, compare, estimate, decide + cluster */
  double  cpu_seconds[5]; /* the same phases in CPU time of the whole process, all threads */
} AudMatchResult;

/* Keeps what a run computed (prepared records, block keys, scored candidates, weights), so
 * that aud_match_state_rematch() redoes only what changed. */
typedef struct _AudMatchState AudMatchState;

AudMatchState  *aud_match_state_new      (const AudMatchOptions    *options);
void            aud_match_state_free     (AudMatchState            *state);
/* A full run, kept in @state. */
AudMatchResult *aud_match_state_run      (AudMatchState            *state,
                                          GPtrArray                *records,
                                          const AudMatchDecision   *decisions,
                                          guint                    n_decisions);
/* After records[changed[i]] changed in place, or were appended (indices ≥ the previous
 * length), re-match: only they are normalised, re-blocked and re-scored, with the weights of
 * the last full run; clustering reruns over the kept merge edges (cheap: union-find). */
AudMatchResult *aud_match_state_rematch  (AudMatchState            *state,
                                          GPtrArray                *records,
                                          const guint              *changed,
                                          guint                     n_changed,
                                          const AudMatchDecision   *decisions,
                                          guint                     n_decisions);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (AudMatchState, aud_match_state_free)

/* A full run without keeping state. */
AudMatchResult *aud_match_run            (GPtrArray                *records,
                                          const AudMatchDecision   *decisions,
                                          guint                     n_decisions,
                                          const AudMatchOptions    *options);
void            aud_match_result_free    (AudMatchResult           *result);

/* The cluster index holding record @record_index. */
guint           aud_match_result_cluster_of (const AudMatchResult *result,
                                             guint                 record_index);
/* "email exact +10.2, first_name similar 0.95 +3.1, company different -2.4": the evidence
 * of a pair for people, strongest first, missing fields left out. */
char           *aud_match_pair_describe  (const AudMatchPair       *pair);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (AudMatchResult, aud_match_result_free)

G_END_DECLS
