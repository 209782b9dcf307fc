/* aud-matcher.c — blocking, candidate pairs, decisions and clustering (see aud-matcher.h)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <math.h>
#include <string.h>

#include "aud-matcher-private.h"

const char *
aud_match_comparison_to_string (AudMatchComparison comparison)
{
  static const char * const names[] = {
    "email", "phone", "linkedin", "first_name", "last_name", "suffix", "company", "address",
    "domain",
  };

  G_STATIC_ASSERT (G_N_ELEMENTS (names) == AUD_MATCH_N_COMPARISONS);
  g_return_val_if_fail (comparison < AUD_MATCH_N_COMPARISONS, NULL);
  return names[comparison];
}

void
aud_match_options_init (AudMatchOptions *options)
{
  g_return_if_fail (options != NULL);

  options->kind = AUD_MATCH_KIND_CONTACTS;
  options->merge_threshold = 6.0;
  options->review_threshold = 2.0;
  options->strong_threshold = 12.0;
  options->block_cap = 32;
  options->window = 4;
  options->shared_value_limit = 8;
  options->estimate = TRUE;
  options->em_iterations = 20;
  options->default_region = "US";
  options->n_threads = 0;
}

/* ---- parallel ranges ---------------------------------------------------------------- */


typedef struct
{
  AudRangeFunc fn;
  gpointer  data;
  guint     thread;
  gsize     start;
  gsize     end;
} RangeJob;

static gpointer
range_thread (gpointer data)
{
  RangeJob *job = data;

  job->fn (job->thread, job->start, job->end, job->data);
  return NULL;
}

void
aud_match_run_parallel (guint        n_threads,
                        gsize        n,
                        AudRangeFunc fn,
                        gpointer     data)
{
  g_autofree RangeJob *jobs = g_new0 (RangeJob, n_threads);
  g_autofree GThread **threads = g_new0 (GThread *, n_threads);

  for (guint t = 0; t < n_threads; t++)
    {
      jobs[t] = (RangeJob) { fn, data, t, n * t / n_threads, n * (t + 1) / n_threads };
      if (t > 0)
        threads[t] = g_thread_new ("aud-match", range_thread, &jobs[t]);
    }
  range_thread (&jobs[0]);
  for (guint t = 1; t < n_threads; t++)
    g_thread_join (threads[t]);
}

/* ---- preparing and scoring in parallel ---------------------------------------------- */

typedef struct
{
  GPtrArray     *records;
  AudPrepared   *prepared;
  GStringChunk **chunks;
  const char    *default_region;
  AudMatchKind   kind;
  const guint64 *pairs;
  AudPattern    *patterns;
  guint8        *flags;
  guint64      **counts;
} Work;

static void
prepare_range (guint    thread,
               gsize    start,
               gsize    end,
               gpointer data)
{
  Work *w = data;

  for (gsize i = start; i < end; i++)
    aud_prepare_record (g_ptr_array_index (w->records, i), w->default_region,
                        w->chunks[thread], &w->prepared[i]);
}

static void
compare_range (guint    thread,
               gsize    start,
               gsize    end,
               gpointer data)
{
  Work *w = data;
  AudComparison cmp[AUD_MATCH_N_COMPARISONS];

  for (gsize i = start; i < end; i++)
    {
      guint32 a = w->pairs[i] >> 32, b = w->pairs[i] & 0xffffffff;

      w->patterns[i] = aud_compare_records (w->kind, &w->prepared[a], &w->prepared[b], cmp,
                                            &w->flags[i]);
      w->counts[thread][w->patterns[i]]++;
    }
}

AudMatchState *
aud_match_state_new (const AudMatchOptions *options)
{
  AudMatchState *state = g_new0 (AudMatchState, 1);

  if (options != NULL)
    state->options = *options;
  else
    aud_match_options_init (&state->options);
  state->default_region = g_strdup (state->options.default_region);
  state->options.default_region = state->default_region;
  state->n_threads = state->options.n_threads != 0 ? state->options.n_threads
                                                   : g_get_num_processors ();
  state->n_threads = CLAMP (state->n_threads, 1, 64);
  state->chunks = g_ptr_array_new_with_free_func ((GDestroyNotify) g_string_chunk_free);
  return state;
}

void
aud_match_state_free (AudMatchState *state)
{
  if (state == NULL)
    return;
  g_free (state->prepared);
  g_ptr_array_unref (state->chunks);
  g_clear_pointer (&state->entries, g_array_unref);
  g_clear_pointer (&state->candidates, g_array_unref);
  g_clear_pointer (&state->patterns, g_array_unref);
  g_clear_pointer (&state->flags, g_array_unref);
  g_free (state->default_region);
  g_free (state);
}

void
aud_match_state_set_weights (AudMatchState  *state,
                             AudMatchResult *result)
{
  for (guint c = 0; c < AUD_MATCH_N_COMPARISONS; c++)
    for (guint l = 0; l < AUD_MATCH_N_LEVELS; l++)
      result->weights[c][l] = l == AUD_MATCH_LEVEL_MISSING ? 0.0
                              : log2 (result->m[c][l] / result->u[c][l]);
  for (guint p = 0; p < AUD_N_PATTERNS; p++)
    {
      double s = 0.0;

      for (guint c = 0; c < AUD_MATCH_N_COMPARISONS; c++)
        s += result->weights[c][AUD_PATTERN_LEVEL (p, c)];
      state->pattern_score[p] = s;
    }
  memcpy (state->m, result->m, sizeof state->m);
  memcpy (state->u, result->u, sizeof state->u);
  state->match_prior = result->match_prior;
}

AudMatchResult *
aud_match_state_run (AudMatchState          *state,
                     GPtrArray              *records,
                     const AudMatchDecision *decisions,
                     guint                   n_decisions)
{
  const AudMatchOptions *options;
  AudMatchResult *result;
  guint n, n_threads;
  Work w = { 0 };
  g_autofree guint64 *counts = NULL;
  AudMatchClock clock;

  g_return_val_if_fail (state != NULL, NULL);
  g_return_val_if_fail (records != NULL, NULL);
  g_return_val_if_fail (n_decisions == 0 || decisions != NULL, NULL);

  options = &state->options;
  n = state->n = records->len;
  n_threads = n < 1000 ? 1 : state->n_threads;

  result = g_new0 (AudMatchResult, 1);
  result->n_records = n;

  aud_match_clock_start (&clock);

  /* 1. prepare */
  g_free (state->prepared);
  g_ptr_array_set_size (state->chunks, 0);
  state->prepared = g_new0 (AudPrepared, MAX (n, 1));
  w.records = records;
  w.prepared = state->prepared;
  w.default_region = options->default_region;
  w.kind = options->kind;
  w.chunks = g_new0 (GStringChunk *, n_threads);
  for (guint t = 0; t < n_threads; t++)
    {
      w.chunks[t] = g_string_chunk_new (64 * 1024);
      g_ptr_array_add (state->chunks, w.chunks[t]);
    }
  aud_match_run_parallel (n_threads, n, prepare_range, &w);
  g_free (w.chunks);

  aud_match_lap (&clock, result, 0);

  /* 2. block */
  g_clear_pointer (&state->entries, g_array_unref);
  g_clear_pointer (&state->candidates, g_array_unref);
  state->candidates = aud_match_make_candidates (state->prepared, n, options, result,
                                                 &state->entries);

  aud_match_lap (&clock, result, 1);

  /* 3. compare */
  g_clear_pointer (&state->patterns, g_array_unref);
  g_clear_pointer (&state->flags, g_array_unref);
  state->patterns = g_array_sized_new (FALSE, FALSE, sizeof (AudPattern), state->candidates->len);
  state->flags = g_array_sized_new (FALSE, FALSE, sizeof (guint8), state->candidates->len);
  g_array_set_size (state->patterns, state->candidates->len);
  g_array_set_size (state->flags, state->candidates->len);
  w.pairs = (const guint64 *) state->candidates->data;
  w.patterns = (AudPattern *) state->patterns->data;
  w.flags = (guint8 *) state->flags->data;
  w.counts = g_new0 (guint64 *, n_threads);
  for (guint t = 0; t < n_threads; t++)
    w.counts[t] = g_new0 (guint64, AUD_N_PATTERNS);
  aud_match_run_parallel (n_threads, state->candidates->len, compare_range, &w);
  counts = g_new0 (guint64, AUD_N_PATTERNS);
  for (guint t = 0; t < n_threads; t++)
    {
      for (guint p = 0; p < AUD_N_PATTERNS; p++)
        counts[p] += w.counts[t][p];
      g_free (w.counts[t]);
    }
  g_free (w.counts);

  aud_match_lap (&clock, result, 2);

  /* 4. estimate */
  aud_match_default_parameters (options->kind, result->m, result->u);
  result->match_prior = options->estimate
                        ? aud_match_estimate (counts, options->kind, options->em_iterations,
                                              options->merge_threshold,
                                              options->review_threshold, result->m, result->u)
                        : 0.0;
  aud_match_state_set_weights (state, result);

  aud_match_lap (&clock, result, 3);

  /* 5–7. decide, cluster, report */
  aud_match_finish (state, records, decisions, n_decisions, result);

  aud_match_lap (&clock, result, 4);
  return result;
}

AudMatchResult *
aud_match_run (GPtrArray              *records,
               const AudMatchDecision *decisions,
               guint                   n_decisions,
               const AudMatchOptions  *options)
{
  AudMatchState *state;
  AudMatchResult *result;

  g_return_val_if_fail (records != NULL, NULL);

  state = aud_match_state_new (options);
  result = aud_match_state_run (state, records, decisions, n_decisions);
  aud_match_state_free (state);
  return result;
}

void
aud_match_result_free (AudMatchResult *result)
{
  if (result == NULL)
    return;
  g_clear_pointer (&result->clusters, g_array_unref);
  g_clear_pointer (&result->pairs, g_array_unref);
  g_free (result->members);
  g_free (result->cluster_of);
  g_free (result);
}

guint
aud_match_result_cluster_of (const AudMatchResult *result,
                             guint                 record_index)
{
  g_return_val_if_fail (result != NULL, G_MAXUINT);
  g_return_val_if_fail (record_index < result->n_records, G_MAXUINT);

  return result->cluster_of[record_index];
}

char *
aud_match_pair_describe (const AudMatchPair *pair)
{
  guint order[AUD_MATCH_N_COMPARISONS];
  guint n = 0;
  GString *out = g_string_new (NULL);

  g_return_val_if_fail (pair != NULL, NULL);

  for (guint c = 0; c < AUD_MATCH_N_COMPARISONS; c++)
    if (pair->evidence[c].level != AUD_MATCH_LEVEL_MISSING)
      order[n++] = c;
  /* strongest evidence first, for or against */
  for (guint i = 1; i < n; i++)
    for (guint j = i; j > 0 && fabsf (pair->evidence[order[j]].weight) >
                                 fabsf (pair->evidence[order[j - 1]].weight); j--)
      {
        guint t = order[j];
        order[j] = order[j - 1];
        order[j - 1] = t;
      }
  for (guint i = 0; i < n; i++)
    {
      const AudMatchEvidence *e = &pair->evidence[order[i]];

      if (out->len > 0)
        g_string_append (out, ", ");
      g_string_append_printf (out, "%s %s", aud_match_comparison_to_string (order[i]),
                              aud_match_level_to_string (e->level));
      if (e->level == AUD_MATCH_LEVEL_SIMILAR)
        g_string_append_printf (out, " %.2f", e->similarity);
      g_string_append_printf (out, " %+.1f", e->weight);
    }
  return g_string_free (out, FALSE);
}
