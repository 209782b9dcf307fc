/* aud-match-cluster.c — deciding what each scored pair becomes, and clustering under decisions
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <math.h>
#include <string.h>

#include "aud-matcher-private.h"

/* ---- decisions and clustering -------------------------------------------------------- */

typedef struct
{
  guint32    *parent;
  guint8     *rank;
  float      *min_link;
  guint8     *confirmed;
  GHashTable *cannot;  /* root → GArray of guint32 records its members must stay apart from */
} Forest;

static guint32
forest_find (Forest  *f,
             guint32  x)
{
  while (f->parent[x] != x)
    {
      f->parent[x] = f->parent[f->parent[x]];
      x = f->parent[x];
    }
  return x;
}

static gboolean
forest_may_join (Forest  *f,
                 guint32  ra,
                 guint32  rb)
{
  GArray *ca = g_hash_table_lookup (f->cannot, GUINT_TO_POINTER (ra));
  GArray *cb = g_hash_table_lookup (f->cannot, GUINT_TO_POINTER (rb));

  for (guint i = 0; ca != NULL && i < ca->len; i++)
    if (forest_find (f, g_array_index (ca, guint32, i)) == rb)
      return FALSE;
  for (guint i = 0; cb != NULL && i < cb->len; i++)
    if (forest_find (f, g_array_index (cb, guint32, i)) == ra)
      return FALSE;
  return TRUE;
}

static void
forest_join (Forest  *f,
             guint32  ra,
             guint32  rb,
             float    link)
{
  GArray *cb;
  guint32 root = ra, child = rb;

  if (f->rank[ra] < f->rank[rb])
    {
      root = rb;
      child = ra;
    }
  else if (f->rank[ra] == f->rank[rb])
    f->rank[ra]++;
  f->parent[child] = root;
  f->min_link[root] = MIN (MIN (f->min_link[root], f->min_link[child]), link);
  f->confirmed[root] |= f->confirmed[child];

  if (g_hash_table_steal_extended (f->cannot, GUINT_TO_POINTER (child), NULL, (gpointer *) &cb))
    {
      GArray *cr = g_hash_table_lookup (f->cannot, GUINT_TO_POINTER (root));

      if (cr == NULL)
        g_hash_table_insert (f->cannot, GUINT_TO_POINTER (root), cb);
      else
        {
          g_array_append_vals (cr, cb->data, cb->len);
          g_array_unref (cb);
        }
    }
}

static void
add_cannot_link (Forest  *f,
                 guint32  a,
                 guint32  b)
{
  for (guint k = 0; k < 2; k++)
    {
      guint32 from = k == 0 ? a : b, to = k == 0 ? b : a;
      GArray *list = g_hash_table_lookup (f->cannot, GUINT_TO_POINTER (from));

      if (list == NULL)
        {
          list = g_array_new (FALSE, FALSE, sizeof (guint32));
          g_hash_table_insert (f->cannot, GUINT_TO_POINTER (from), list);
        }
      g_array_append_val (list, to);
    }
}

static void
apply_decisions (Forest                 *f,
                 GPtrArray              *records,
                 const AudMatchDecision *decisions,
                 guint                   n_decisions)
{
  g_autoptr(GHashTable) index_of = g_hash_table_new (g_str_hash, g_str_equal);

  if (n_decisions == 0)
    return;
  for (guint i = 0; i < records->len; i++)
    {
      AudMatchRecord *r = g_ptr_array_index (records, i);

      g_hash_table_insert (index_of, r->id, GUINT_TO_POINTER (i + 1));
    }

  /* apart-decisions first, so that a confirm cannot override a never-merge */
  for (guint d = 0; d < n_decisions; d++)
    {
      if (decisions[d].kind == AUD_MATCH_DECISION_CONFIRM || decisions[d].b == NULL)
        continue;
      for (guint i = 0; decisions[d].a != NULL && decisions[d].a[i] != NULL; i++)
        for (guint j = 0; decisions[d].b[j] != NULL; j++)
          {
            guint a = GPOINTER_TO_UINT (g_hash_table_lookup (index_of, decisions[d].a[i]));
            guint b = GPOINTER_TO_UINT (g_hash_table_lookup (index_of, decisions[d].b[j]));

            /* records gone from the sources leave their decisions dormant, not broken */
            if (a != 0 && b != 0 && a != b)
              add_cannot_link (f, a - 1, b - 1);
          }
    }
  for (guint d = 0; d < n_decisions; d++)
    {
      guint first = 0;

      if (decisions[d].kind != AUD_MATCH_DECISION_CONFIRM || decisions[d].a == NULL)
        continue;
      for (guint i = 0; decisions[d].a[i] != NULL; i++)
        {
          guint x = GPOINTER_TO_UINT (g_hash_table_lookup (index_of, decisions[d].a[i]));
          guint32 ra, rb;

          if (x == 0)
            continue;
          if (first == 0)
            {
              first = x;
              f->confirmed[forest_find (f, x - 1)] = TRUE;
              continue;
            }
          ra = forest_find (f, first - 1);
          rb = forest_find (f, x - 1);
          if (ra != rb && forest_may_join (f, ra, rb))
            {
              f->confirmed[ra] = f->confirmed[rb] = TRUE;
              forest_join (f, ra, rb, INFINITY);
            }
        }
    }
}

typedef struct
{
  float   score;
  guint32 pair;
} Edge;

static int
compare_edges (gconstpointer a,
               gconstpointer b)
{
  const Edge *x = a, *y = b;

  if (x->score != y->score)
    return x->score > y->score ? -1 : 1;
  return x->pair < y->pair ? -1 : x->pair > y->pair;
}

typedef struct
{
  AudMatchState  *state;
  AudMatchResult *result;
} EvidenceWork;

/* The evidence of the pairs people see, compared again rather than kept for every candidate:
 * a few hundred thousand comparisons instead of millions of stored evidence rows. */
static void
evidence_range (guint    thread,
                gsize    start,
                gsize    end,
                gpointer data)
{
  EvidenceWork *w = data;
  const AudPrepared *prepared = w->state->prepared;

  for (gsize i = start; i < end; i++)
    {
      AudMatchPair *pair = &g_array_index (w->result->pairs, AudMatchPair, i);
      AudComparison cmp[AUD_MATCH_N_COMPARISONS];
      guint8 flags;

      aud_compare_records (w->state->options.kind, &prepared[pair->a], &prepared[pair->b], cmp,
                           &flags);
      for (guint c = 0; c < AUD_MATCH_N_COMPARISONS; c++)
        {
          pair->evidence[c].level = cmp[c].level;
          pair->evidence[c].similarity = cmp[c].score;
          pair->evidence[c].weight = w->result->weights[c][cmp[c].level];
        }
    }
}


#define LEVEL(pattern, comparison) AUD_PATTERN_LEVEL ((pattern), AUD_MATCH_COMPARISON_##comparison)

static gboolean
names_agree (AudPattern pattern)
{
  return LEVEL (pattern, FIRST_NAME) >= AUD_MATCH_LEVEL_SIMILAR &&
         LEVEL (pattern, LAST_NAME) >= AUD_MATCH_LEVEL_SIMILAR &&
         LEVEL (pattern, SUFFIX) != AUD_MATCH_LEVEL_DIFFERENT;
}

/* A changed surname (marriage): the same given name at the same employer, tied by what only
 * one person has (LinkedIn, a personal email, a mobile, a phone no one else in the data
 * shares: a shared line compares SIMILAR, not EXACT). The new surname and the new work address
 * it brings outweigh that in the sum, since the weights assume fields disagree independently;
 * relatives share a surname, not a LinkedIn page. */
static gboolean
is_surname_change (AudPattern pattern,
                   guint8     flags)
{
  return ((flags & AUD_PAIR_FLAG_PERSONAL) || LEVEL (pattern, PHONE) == AUD_MATCH_LEVEL_EXACT) &&
         LEVEL (pattern, FIRST_NAME) >= AUD_MATCH_LEVEL_SIMILAR &&
         LEVEL (pattern, LAST_NAME) == AUD_MATCH_LEVEL_DIFFERENT &&
         LEVEL (pattern, COMPANY) >= AUD_MATCH_LEVEL_SIMILAR &&
         LEVEL (pattern, SUFFIX) != AUD_MATCH_LEVEL_DIFFERENT;
}

/* What a pair becomes, before decisions; -1: nothing. The rules below catch what a sum of
 * independent weights cannot see; each one only ever lowers a merge to a review or raises a
 * review to a merge, so every pair still carries its field-by-field evidence. */
static int
classify_pair (AudPattern             pattern,
               guint8                 flags,
               float                  score,
               const AudMatchOptions *options)
{
  gboolean one_person = (flags & (AUD_PAIR_FLAG_WORK_EMAIL | AUD_PAIR_FLAG_PERSONAL)) != 0;
  int below_merge = score >= options->review_threshold ? AUD_MATCH_PAIR_REVIEW : -1;

  if (options->kind == AUD_MATCH_KIND_ACCOUNTS)
    return score >= options->merge_threshold ? AUD_MATCH_PAIR_MERGE : below_merge;

  /* A contact is a person at an employer: two employers means two contacts, unless they
   * share a work mailbox (then the company names are just spelled apart, "IBM" and
   * "International Business Machines"). */
  if (LEVEL (pattern, COMPANY) == AUD_MATCH_LEVEL_DIFFERENT && !(flags & AUD_PAIR_FLAG_WORK_EMAIL))
    {
      if ((flags & AUD_PAIR_FLAG_PERSONAL) && names_agree (pattern))
        return AUD_MATCH_PAIR_JOB_CHANGE;
      return below_merge;
    }
  /* Relatives share a surname, an address and a home line, which together outscore their
   * different given names. Without one identifier of a single person (an email, a mobile, a
   * LinkedIn page) two given names stay two people until someone looks. */
  if (LEVEL (pattern, FIRST_NAME) == AUD_MATCH_LEVEL_DIFFERENT && !one_person)
    return below_merge;
  if (below_merge == AUD_MATCH_PAIR_REVIEW && is_surname_change (pattern, flags))
    return AUD_MATCH_PAIR_MERGE;  /* on a weak edge: the cluster is flagged for review */
  /* A company gives each person one mailbox: two at one domain are two people (a father and
   * son in the family firm, a Sr. whose suffix was not typed), unless a personal identifier
   * says otherwise. */
  if ((flags & AUD_PAIR_FLAG_TWO_MAILBOXES) && !one_person)
    return below_merge;
  return score >= options->merge_threshold ? AUD_MATCH_PAIR_MERGE : below_merge;
}

void
aud_match_finish (AudMatchState          *state,
                  GPtrArray              *records,
                  const AudMatchDecision *decisions,
                  guint                   n_decisions,
                  AudMatchResult         *result)
{
  guint n = state->n;
  const AudPattern *patterns = (const AudPattern *) state->patterns->data;
  const guint8 *flags = (const guint8 *) state->flags->data;
  g_autoptr(GArray) apart = NULL;
  g_autoptr(GArray) edges = NULL;
  g_autoptr(GArray) others = NULL;
  g_autofree guint32 *cluster_first = NULL;
  Forest f = { 0 };

  /* 5. decide */
  apart = g_array_new (FALSE, FALSE, sizeof (guint64));
  edges = g_array_new (FALSE, FALSE, sizeof (Edge));
  others = g_array_new (FALSE, FALSE, sizeof (AudMatchPair));
  for (guint i = 0; i < state->candidates->len; i++)
    {
      float score = state->pattern_score[patterns[i]];
      int kind = classify_pair (patterns[i], flags[i], score, &state->options);

      /* Sr. and Jr. are two people whatever else they share; kept apart like a never-merge
       * so a record without a suffix cannot chain them together either. */
      if (AUD_PATTERN_LEVEL (patterns[i], AUD_MATCH_COMPARISON_SUFFIX) == AUD_MATCH_LEVEL_DIFFERENT)
        g_array_append_val (apart, g_array_index (state->candidates, guint64, i));
      if (kind == AUD_MATCH_PAIR_MERGE)
        {
          Edge e = { score, i };
          g_array_append_val (edges, e);
        }
      else if (kind >= 0)
        {
          guint64 k = g_array_index (state->candidates, guint64, i);
          AudMatchPair pair = { k >> 32, k & 0xffffffff, score, kind };
          g_array_append_val (others, pair);
        }
    }

  /* 6. cluster */
  f.parent = g_new (guint32, MAX (n, 1));
  f.rank = g_new0 (guint8, MAX (n, 1));
  f.min_link = g_new (float, MAX (n, 1));
  f.confirmed = g_new0 (guint8, MAX (n, 1));
  f.cannot = g_hash_table_new_full (NULL, NULL, NULL, (GDestroyNotify) g_array_unref);
  for (guint i = 0; i < n; i++)
    {
      f.parent[i] = i;
      f.min_link[i] = INFINITY;
    }
  for (guint i = 0; i < apart->len; i++)
    {
      guint64 k = g_array_index (apart, guint64, i);

      add_cannot_link (&f, k >> 32, k & 0xffffffff);
    }
  apply_decisions (&f, records, decisions, n_decisions);

  qsort (edges->data, edges->len, sizeof (Edge), compare_edges);
  result->pairs = g_array_new (FALSE, FALSE, sizeof (AudMatchPair));
  for (guint i = 0; i < edges->len; i++)
    {
      Edge *e = &g_array_index (edges, Edge, i);
      guint64 k = g_array_index (state->candidates, guint64, e->pair);
      AudMatchPair pair = { k >> 32, k & 0xffffffff, e->score, AUD_MATCH_PAIR_MERGE };
      guint32 ra = forest_find (&f, pair.a), rb = forest_find (&f, pair.b);

      if (ra != rb)
        {
          if (forest_may_join (&f, ra, rb))
            forest_join (&f, ra, rb, e->score);
          else
            pair.kind = AUD_MATCH_PAIR_HELD_APART;
        }
      g_array_append_val (result->pairs, pair);
    }
  for (guint i = 0; i < others->len; i++)
    {
      AudMatchPair *pair = &g_array_index (others, AudMatchPair, i);

      /* a review pair inside one cluster is already settled by stronger links */
      if (pair->kind == AUD_MATCH_PAIR_REVIEW &&
          forest_find (&f, pair->a) == forest_find (&f, pair->b))
        continue;
      g_array_append_val (result->pairs, *pair);
    }

  {
    EvidenceWork ew = { state, result };

    aud_match_run_parallel (result->pairs->len < 1000 ? 1 : state->n_threads,
                            result->pairs->len, evidence_range, &ew);
  }

  /* 7. clusters, numbered by their smallest record */
  result->clusters = g_array_new (FALSE, FALSE, sizeof (AudMatchCluster));
  result->cluster_of = g_new (guint, MAX (n, 1));
  result->members = g_new (guint, MAX (n, 1));
  cluster_first = g_new (guint32, MAX (n, 1));
  for (guint i = 0; i < n; i++)
    cluster_first[i] = G_MAXUINT32;
  for (guint i = 0; i < n; i++)
    {
      guint32 root = forest_find (&f, i);

      if (cluster_first[root] == G_MAXUINT32)
        {
          AudMatchCluster c = { 0, 0, FALSE, f.confirmed[root] != 0,
                                isinf (f.min_link[root]) ? 0.0f : f.min_link[root] };

          c.weak = !c.confirmed && !isinf (f.min_link[root]) &&
                   f.min_link[root] < state->options.strong_threshold;
          cluster_first[root] = result->clusters->len;
          g_array_append_val (result->clusters, c);
        }
      result->cluster_of[i] = cluster_first[root];
      g_array_index (result->clusters, AudMatchCluster, cluster_first[root]).n_members++;
    }
  {
    guint offset = 0;

    for (guint c = 0; c < result->clusters->len; c++)
      {
        AudMatchCluster *cl = &g_array_index (result->clusters, AudMatchCluster, c);

        cl->first = offset;
        offset += cl->n_members;
        cl->n_members = 0;
      }
    for (guint i = 0; i < n; i++)
      {
        AudMatchCluster *cl = &g_array_index (result->clusters, AudMatchCluster,
                                              result->cluster_of[i]);

        result->members[cl->first + cl->n_members++] = i;
      }
  }

  g_free (f.parent);
  g_free (f.rank);
  g_free (f.min_link);
  g_free (f.confirmed);
  g_hash_table_unref (f.cannot);
}
