/* aud-matcher-private.h — the matcher's internals shared between its files
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <time.h>

#include "aud-matcher.h"

G_BEGIN_DECLS

/* A record normalised once. Strings live in a GStringChunk owned by the run. */
typedef struct
{
  const char *emails[2];      /* personal or work addresses; role addresses are not here */
  const char *role_email;     /* info@…: blocked on (capped), never compared */
  guint8      personal;       /* bit i: emails[i] is at a free-mail provider */
  const char *phones[2];      /* [0] phone, [1] mobile, E.164 */
  const char *phone_ext;      /* the desk behind a switchboard number */
  const char *linkedin;
  const char *first;
  const char *first_canonical;
  const char *last;
  const char *surname_key;
  const char *suffix;
  const char *company;
  const char *company_domain; /* from the website, else from a work email */
  const char *account_id;     /* borrowed from the record */
  const char *street;
  const char *postal;
  guint32     name_order;     /* first letters of surname then given name, for sorting */
  guint8      crowded;        /* AUD_CROWDED_* values shared by too many records */
} AudPrepared;

enum
{
  AUD_CROWDED_EMAIL0 = 1 << 0,
  AUD_CROWDED_EMAIL1 = 1 << 1,
  AUD_CROWDED_PHONE0 = 1 << 2,
  AUD_CROWDED_PHONE1 = 1 << 3,
};

/* Facts about a pair beyond its levels, for the job-change rule. */
enum
{
  AUD_PAIR_FLAG_WORK_EMAIL = 1 << 0,  /* the same non-free-mail, non-role address */
  AUD_PAIR_FLAG_PERSONAL = 1 << 1,    /* the same LinkedIn, personal email or mobile */
  AUD_PAIR_FLAG_TWO_MAILBOXES = 1 << 2, /* different work addresses at one domain */
};

typedef guint32 AudPattern;  /* 2 bits (an AudMatchLevel) per comparison */

#define AUD_PATTERN_LEVEL(p, c) ((AudMatchLevel) (((p) >> (2 * (c))) & 3))
#define AUD_N_PATTERNS (1 << (2 * AUD_MATCH_N_COMPARISONS))

void       aud_prepare_record  (const AudMatchRecord *record,
                                const char           *default_region,
                                GStringChunk         *chunk,
                                AudPrepared          *out);
AudPattern aud_compare_records (AudMatchKind          kind,
                                const AudPrepared    *a,
                                const AudPrepared    *b,
                                AudComparison         out[AUD_MATCH_N_COMPARISONS],
                                guint8               *flags);

typedef struct
{
  guint64 hash;
  guint32 record;
  guint32 order;   /* name order; the top bits say which of the record's values made the
                    * key (an AUD_CROWDED_* bit), so a value shared by a crowd can be marked */
} AudKeyEntry;

#define AUD_KEY_SLOT_SHIFT 28
#define AUD_KEY_ORDER_MASK ((1u << AUD_KEY_SLOT_SHIFT) - 1)

/* What a run keeps so that a re-match only redoes the changed records (aud-match-incremental.c). */
struct _AudMatchState
{
  AudMatchOptions options;        /* default_region points at our copy */
  char           *default_region;
  guint           n_threads;
  guint           n;              /* records prepared */
  AudPrepared    *prepared;       /* n */
  GPtrArray      *chunks;         /* GStringChunk holding the prepared strings */
  GArray         *entries;        /* AudKeyEntry, by hash */
  GArray         *candidates;     /* guint64 (low << 32 | high) */
  GArray         *patterns;       /* AudPattern per candidate */
  GArray         *flags;          /* guint8 AUD_PAIR_FLAG_* per candidate */
  double          m[AUD_MATCH_N_COMPARISONS][AUD_MATCH_N_LEVELS];
  double          u[AUD_MATCH_N_COMPARISONS][AUD_MATCH_N_LEVELS];
  double          match_prior;
  float           pattern_score[AUD_N_PATTERNS];
};

/* Wall and process CPU time (all threads) at the start of a phase. */
typedef struct
{
  gint64 wall;
  double cpu;
} AudMatchClock;

static inline void
aud_match_clock_start (AudMatchClock *clock)
{
  struct timespec ts;

  clock_gettime (CLOCK_PROCESS_CPUTIME_ID, &ts);
  clock->wall = g_get_monotonic_time ();
  clock->cpu = ts.tv_sec + ts.tv_nsec / 1e9;
}

/* Records the phase that just ended in result->seconds and ->cpu_seconds, starts the next. */
static inline void
aud_match_lap (AudMatchClock  *clock,
               AudMatchResult *result,
               guint           phase)
{
  AudMatchClock now;

  aud_match_clock_start (&now);
  result->seconds[phase] = (now.wall - clock->wall) / 1e6;
  result->cpu_seconds[phase] = now.cpu - clock->cpu;
  *clock = now;
}

typedef void (*AudRangeFunc) (guint    thread,
                              gsize    start,
                              gsize    end,
                              gpointer data);

/* Splits [0, n) into one contiguous range per thread (the calling thread takes the first);
 * each thread writes only its range of the output arrays, so results do not depend on
 * scheduling. */
void       aud_match_run_parallel (guint        n_threads,
                                   gsize        n,
                                   AudRangeFunc fn,
                                   gpointer     data);

/* Sorts candidate pairs and drops repeats. */
void       aud_match_sort_pairs (GArray *pairs);

/* Block keys of one record, appended to @entries. */
void       aud_match_add_keys (GArray            *entries,
                               const AudPrepared *prepared,
                               guint              record,
                               AudMatchKind       kind);

/* Candidate pairs, sorted and unique, as (low << 32 | high) record indices. Marks values
 * shared by more than options->shared_value_limit records in prepared[].crowded and counts
 * keys, capped blocks and candidates into @result. */
GArray    *aud_match_make_candidates (AudPrepared           *prepared,
                                      guint                  n,
                                      const AudMatchOptions *options,
                                      AudMatchResult        *result,
                                      GArray               **entries);

/* Weights and the score of every pattern from result->m and ->u, kept in @state. */
void       aud_match_state_set_weights (AudMatchState  *state,
                                        AudMatchResult *result);
/* Steps 5–7: classify the state's scored candidates, cluster them under @decisions, and fill
 * @result's clusters and pairs. */
void       aud_match_finish   (AudMatchState          *state,
                               GPtrArray              *records,
                               const AudMatchDecision *decisions,
                               guint                   n_decisions,
                               AudMatchResult         *result);

/* Defaults for m and u, and EM over the pattern counts of the candidate pairs. */
void       aud_match_default_parameters (AudMatchKind kind,
                                         double m[AUD_MATCH_N_COMPARISONS][AUD_MATCH_N_LEVELS],
                                         double u[AUD_MATCH_N_COMPARISONS][AUD_MATCH_N_LEVELS]);
double     aud_match_estimate  (const guint64 *pattern_counts,
                                AudMatchKind   kind,
                                guint          iterations,
                                double         merge_threshold,
                                double         review_threshold,
                                double         m[AUD_MATCH_N_COMPARISONS][AUD_MATCH_N_LEVELS],
                                double         u[AUD_MATCH_N_COMPARISONS][AUD_MATCH_N_LEVELS]);

G_END_DECLS
