/* aud-compare.h — string comparators that grade two normalised values
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Ordered by strength of agreement. MISSING is not DIFFERENT: a blank field is no evidence
 * either way, a conflicting one is evidence against. */
typedef enum
{
  AUD_MATCH_LEVEL_MISSING,
  AUD_MATCH_LEVEL_DIFFERENT,
  AUD_MATCH_LEVEL_SIMILAR,
  AUD_MATCH_LEVEL_EXACT,
} AudMatchLevel;

#define AUD_MATCH_N_LEVELS 4

typedef struct
{
  AudMatchLevel level;
  double        score;  /* similarity in [0, 1]; 1 for EXACT, 0 for MISSING */
} AudComparison;

const char   *aud_match_level_to_string     (AudMatchLevel level);

/* Jaro-Winkler over Unicode characters, in [0, 1]. */
double        aud_jaro_winkler              (const char *a,
                                             const char *b);

/* Similarity of the sets of space-separated tokens, tokens counting as shared when their
 * Jaro-Winkler is ≥ 0.92 (so "jonson" meets "johnson"). The mean of containment (shared over
 * the smaller set) and Dice (shared over the average size): "garcia" vs "garcia lopez" = 0.83,
 * "acme" vs "globex" = 0. */
double        aud_token_set_similarity      (const char *a,
                                             const char *b);

AudComparison aud_compare_exact             (const char *a,
                                             const char *b);
/* EXACT when equal, SIMILAR when Jaro-Winkler ≥ @similar_at, else DIFFERENT. */
AudComparison aud_compare_jaro_winkler      (const char *a,
                                             const char *b,
                                             double      similar_at);
/* EXACT when the token sets are equal, SIMILAR when aud_token_set_similarity() ≥ @similar_at. */
AudComparison aud_compare_tokens            (const char *a,
                                             const char *b,
                                             double      similar_at);
/* Given names: EXACT when equal; SIMILAR for nicknames of one another (score 0.95), a typo
 * (Jaro-Winkler ≥ 0.9) or an initial against a name that starts with it (score 0.8). */
AudComparison aud_compare_first_name        (const char *a,
                                             const char *b);

G_END_DECLS
