/* aud-match-incremental.c — re-matching only the records that changed since the last run
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The per-record work (normalising, blocking, comparing) is done for the changed records only,
 * with the weights of the last full run, so it grows with the change. Two passes stay global
 * but run at memory speed: filtering the kept keys and candidate pairs, and union-find over the
 * merge edges. Values that became crowded through the change are marked on the changed records
 * only; the next full run settles the rest.
 */
#include "config.h"

#include <string.h>

#include "aud-matcher-private.h"

static int
compare_entries (gconstpointer a,
                 gconstpointer b)
{
  const AudKeyEntry *x = a, *y = b;

  if (x->hash != y->hash)
    return x->hash < y->hash ? -1 : 1;
  return x->record < y->record ? -1 : x->record > y->record;
}

/* First entry whose hash is not below @hash. */
static gsize
lower_bound (const AudKeyEntry *e,
             gsize              n,
             guint64            hash)
{
  gsize lo = 0, hi = n;

  while (lo < hi)
    {
      gsize mid = lo + (hi - lo) / 2;

      if (e[mid].hash < hash)
        lo = mid + 1;
      else
        hi = mid;
    }
  return lo;
}

static void
add_pair (GArray  *pairs,
          guint32  a,
          guint32  b)
{
  guint64 k;

  if (a == b)
    return;
  k = a < b ? ((guint64) a << 32) | b : ((guint64) b << 32) | a;
  g_array_append_val (pairs, k);
}

/* Pairs @ne with the members of a crowded block nearest to it in name order. */
static void
pair_nearest (GArray            *pairs,
              const AudKeyEntry *ne,
              const AudKeyEntry *block,
              gsize              size,
              guint              window)
{
  for (guint w = 0; w < window; w++)
    {
      gsize best = G_MAXSIZE;
      guint32 best_diff = G_MAXUINT32;

      /* window is small (4): a few scans of the block beat sorting it */
      for (gsize i = 0; i < size; i++)
        {
          guint32 a = ne->order & AUD_KEY_ORDER_MASK, b = block[i].order & AUD_KEY_ORDER_MASK;
          guint32 diff = a > b ? a - b : b - a;
          gboolean taken = FALSE;

          for (guint k = 0; k < pairs->len && !taken; k++)
            {
              guint64 p = g_array_index (pairs, guint64, k);

              taken = (p >> 32 == MIN (ne->record, block[i].record) &&
                       (p & 0xffffffff) == MAX (ne->record, block[i].record));
            }
          if (!taken && block[i].record != ne->record && diff < best_diff)
            {
              best = i;
              best_diff = diff;
            }
        }
      if (best == G_MAXSIZE)
        return;
      add_pair (pairs, ne->record, block[best].record);
    }
}

AudMatchResult *
aud_match_state_rematch (AudMatchState          *state,
                         GPtrArray              *records,
                         const guint            *changed,
                         guint                   n_changed,
                         const AudMatchDecision *decisions,
                         guint                   n_decisions)
{
  const AudMatchOptions *options;
  AudMatchResult *result;
  g_autofree guint8 *is_changed = NULL;
  g_autoptr(GArray) touched = g_array_new (FALSE, FALSE, sizeof (guint));
  g_autoptr(GArray) fresh = g_array_new (FALSE, FALSE, sizeof (AudKeyEntry));
  g_autoptr(GArray) new_pairs = g_array_new (FALSE, FALSE, sizeof (guint64));
  GStringChunk *chunk;
  AudKeyEntry *e, *f;
  gsize kept, n_entries;
  guint n_old, n;
  AudMatchClock clock;

  g_return_val_if_fail (state != NULL, NULL);
  g_return_val_if_fail (state->candidates != NULL, NULL);
  g_return_val_if_fail (records != NULL && records->len >= state->n, NULL);
  g_return_val_if_fail (n_changed == 0 || changed != NULL, NULL);
  g_return_val_if_fail (n_decisions == 0 || decisions != NULL, NULL);

  options = &state->options;
  n_old = state->n;
  n = records->len;
  is_changed = g_new0 (guint8, MAX (n, 1));
  for (guint i = 0; i < n_changed; i++)
    {
      g_return_val_if_fail (changed[i] < n, NULL);
      is_changed[changed[i]] = TRUE;
    }
  for (guint i = n_old; i < n; i++)
    is_changed[i] = TRUE;  /* new records are changes too */
  for (guint i = 0; i < n; i++)
    if (is_changed[i])
      g_array_append_val (touched, i);

  result = g_new0 (AudMatchResult, 1);
  result->n_records = n;
  aud_match_clock_start (&clock);

  /* 1. prepare the changed records; their old strings stay in the old chunks until the next
   * full run, which starts afresh */
  state->prepared = g_renew (AudPrepared, state->prepared, MAX (n, 1));
  chunk = g_string_chunk_new (16 * 1024);
  g_ptr_array_add (state->chunks, chunk);
  for (guint k = 0; k < touched->len; k++)
    {
      guint i = g_array_index (touched, guint, k);

      aud_prepare_record (g_ptr_array_index (records, i), options->default_region, chunk,
                          &state->prepared[i]);
    }
  state->n = n;

  aud_match_lap (&clock, result, 0);

  /* 2. block: the changed records leave their old blocks and join their new ones */
  e = (AudKeyEntry *) state->entries->data;
  kept = 0;
  for (gsize i = 0; i < state->entries->len; i++)
    if (!is_changed[e[i].record])
      e[kept++] = e[i];
  g_array_set_size (state->entries, kept);
  e = (AudKeyEntry *) state->entries->data;
  n_entries = state->entries->len;

  for (guint k = 0; k < touched->len; k++)
    {
      guint i = g_array_index (touched, guint, k);

      aud_match_add_keys (fresh, &state->prepared[i], i, options->kind);
    }
  qsort (fresh->data, fresh->len, sizeof (AudKeyEntry), compare_entries);
  f = (AudKeyEntry *) fresh->data;

  for (gsize gs = 0, ge; gs < fresh->len; gs = ge)
    {
      gsize lo, hi, size;

      for (ge = gs + 1; ge < fresh->len && f[ge].hash == f[gs].hash; ge++)
        ;
      lo = lower_bound (e, n_entries, f[gs].hash);
      for (hi = lo; hi < n_entries && e[hi].hash == f[gs].hash; hi++)
        ;
      size = (hi - lo) + (ge - gs);
      for (gsize i = gs; i < ge; i++)
        {
          if (size > options->shared_value_limit)
            state->prepared[f[i].record].crowded |= f[i].order >> AUD_KEY_SLOT_SHIFT;
          if (size <= options->block_cap)
            {
              for (gsize j = lo; j < hi; j++)
                add_pair (new_pairs, f[i].record, e[j].record);
              for (gsize j = i + 1; j < ge; j++)
                add_pair (new_pairs, f[i].record, f[j].record);
            }
          else
            {
              g_autoptr(GArray) mine = g_array_new (FALSE, FALSE, sizeof (guint64));

              pair_nearest (mine, &f[i], e + lo, hi - lo, options->window);
              g_array_append_vals (new_pairs, mine->data, mine->len);
              for (gsize j = i + 1; j < ge && j <= i + options->window; j++)
                add_pair (new_pairs, f[i].record, f[j].record);
            }
        }
    }
  aud_match_sort_pairs (new_pairs);

  /* merge the fresh keys in, keeping the array sorted by hash for the next re-match */
  {
    GArray *merged = g_array_sized_new (FALSE, FALSE, sizeof (AudKeyEntry),
                                        n_entries + fresh->len);
    gsize i = 0, j = 0;

    while (i < n_entries || j < fresh->len)
      {
        if (j >= fresh->len || (i < n_entries && e[i].hash <= f[j].hash))
          g_array_append_val (merged, e[i++]);
        else
          g_array_append_val (merged, f[j++]);
      }
    g_array_unref (state->entries);
    state->entries = merged;
  }

  aud_match_lap (&clock, result, 1);

  /* 3. compare: drop the changed records' pairs, score their new ones */
  {
    guint64 *c = (guint64 *) state->candidates->data;
    AudPattern *pt = (AudPattern *) state->patterns->data;
    guint8 *fl = (guint8 *) state->flags->data;
    gsize old_len;

    kept = 0;
    for (gsize i = 0; i < state->candidates->len; i++)
      if (!is_changed[c[i] >> 32] && !is_changed[c[i] & 0xffffffff])
        {
          c[kept] = c[i];
          pt[kept] = pt[i];
          fl[kept] = fl[i];
          kept++;
        }
    g_array_set_size (state->candidates, kept);
    g_array_set_size (state->patterns, kept);
    g_array_set_size (state->flags, kept);

    old_len = state->candidates->len;
    g_array_append_vals (state->candidates, new_pairs->data, new_pairs->len);
    g_array_set_size (state->patterns, old_len + new_pairs->len);
    g_array_set_size (state->flags, old_len + new_pairs->len);
    for (gsize i = 0; i < new_pairs->len; i++)
      {
        AudComparison cmp[AUD_MATCH_N_COMPARISONS];
        guint64 k = g_array_index (new_pairs, guint64, i);

        g_array_index (state->patterns, AudPattern, old_len + i) =
          aud_compare_records (options->kind, &state->prepared[k >> 32],
                               &state->prepared[k & 0xffffffff], cmp,
                               &g_array_index (state->flags, guint8, old_len + i));
      }
  }
  result->n_candidates = state->candidates->len;

  aud_match_lap (&clock, result, 2);

  /* 4. the last full run's weights */
  memcpy (result->m, state->m, sizeof result->m);
  memcpy (result->u, state->u, sizeof result->u);
  result->match_prior = state->match_prior;
  aud_match_state_set_weights (state, result);

  aud_match_lap (&clock, result, 3);

  /* 5–7. decide, cluster, report */
  aud_match_finish (state, records, decisions, n_decisions, result);

  aud_match_lap (&clock, result, 4);
  return result;
}
