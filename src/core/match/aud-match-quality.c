/* aud-match-quality.c — pairwise and B-cubed scores of clusters against the generator's truth
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <stdlib.h>

#include "aud-match-generator.h"

static int
compare_u64 (gconstpointer a,
             gconstpointer b)
{
  guint64 x = *(const guint64 *) a, y = *(const guint64 *) b;

  return x < y ? -1 : x > y;
}

static double
f1 (double p,
    double r)
{
  return p + r > 0 ? 2 * p * r / (p + r) : 0.0;
}

static void
count_one (GHashTable *counts,
           gpointer    key)
{
  guint n = GPOINTER_TO_UINT (g_hash_table_lookup (counts, key));

  g_hash_table_insert (counts, key, GUINT_TO_POINTER (n + 1));
}

static guint
count_of (GHashTable *counts,
          guint64     key)
{
  return GPOINTER_TO_UINT (g_hash_table_lookup (counts, GUINT_TO_POINTER (key + 1)));
}

AudMatchQuality
aud_match_dataset_score (const AudMatchDataset *ds,
                         const guint           *cluster_of,
                         guint16                mask)
{
  guint n;
  g_autoptr(GArray) keys = g_array_new (FALSE, FALSE, sizeof (guint64));
  g_autoptr(GHashTable) cluster_size = g_hash_table_new (NULL, NULL);
  g_autoptr(GHashTable) truth_size = g_hash_table_new (NULL, NULL);
  double pred = 0, real = 0, tp = 0, bp = 0, br = 0;
  guint64 *k;
  AudMatchQuality q = { 0 };

  g_return_val_if_fail (ds != NULL, q);
  g_return_val_if_fail (cluster_of != NULL, q);

  n = ds->records->len;

  for (guint i = 0; i < n; i++)
    {
      guint64 key;
      gpointer c = GUINT_TO_POINTER (cluster_of[i] + 1);
      gpointer t = GUINT_TO_POINTER (ds->truth[i] + 1);

      if (mask != 0 && !(ds->cases[i] & mask))
        continue;
      key = ((guint64) cluster_of[i] << 32) | ds->truth[i];
      g_array_append_val (keys, key);
      count_one (cluster_size, c);
      count_one (truth_size, t);
    }
  q.n_records = keys->len;
  if (keys->len == 0)
    return q;
  qsort (keys->data, keys->len, sizeof (guint64), compare_u64);
  k = (guint64 *) keys->data;
  for (guint s = 0, e; s < keys->len; s = e)
    {
      double both, cs, ts;

      for (e = s + 1; e < keys->len && k[e] == k[s]; e++)
        ;
      both = e - s;
      cs = count_of (cluster_size, k[s] >> 32);
      ts = count_of (truth_size, k[s] & 0xffffffff);
      tp += both * (both - 1) / 2;
      bp += both * both / cs;  /* each of the `both` records has precision both/cs */
      br += both * both / ts;
    }
  {
    GHashTableIter it;
    gpointer key, value;

    g_hash_table_iter_init (&it, cluster_size);
    while (g_hash_table_iter_next (&it, &key, &value))
      pred += (double) GPOINTER_TO_UINT (value) * (GPOINTER_TO_UINT (value) - 1) / 2;
    g_hash_table_iter_init (&it, truth_size);
    while (g_hash_table_iter_next (&it, &key, &value))
      real += (double) GPOINTER_TO_UINT (value) * (GPOINTER_TO_UINT (value) - 1) / 2;
  }
  q.pairwise_p = pred > 0 ? tp / pred : 1.0;
  q.pairwise_r = real > 0 ? tp / real : 1.0;
  q.pairwise_f1 = f1 (q.pairwise_p, q.pairwise_r);
  q.bcubed_f1 = f1 (bp / keys->len, br / keys->len);
  return q;
}
