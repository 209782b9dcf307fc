/* aud-match-block.c — blocking keys and candidate pairs, with crowded keys capped
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "aud-matcher-private.h"

/* ---- radix sort on a leading guint64 key --------------------------------------------- */

static void
radix_sort (void  *base,
            gsize  n,
            gsize  size)
{
  g_autofree guint8 *tmp = g_malloc (n * size);
  guint8 *src = base, *dst = tmp;

  for (guint shift = 0; shift < 64; shift += 8)
    {
      gsize counts[256] = { 0 };
      gsize offset = 0;

      for (gsize i = 0; i < n; i++)
        {
          guint64 key;

          memcpy (&key, src + i * size, sizeof key);
          counts[(key >> shift) & 0xff]++;
        }
      if (n > 0 && counts[0] == n)
        continue;  /* every key has a 0 byte here: nothing to move */
      for (guint b = 0; b < 256; b++)
        {
          gsize c = counts[b];

          counts[b] = offset;
          offset += c;
        }
      for (gsize i = 0; i < n; i++)
        {
          guint64 key;

          memcpy (&key, src + i * size, sizeof key);
          memcpy (dst + counts[(key >> shift) & 0xff]++ * size, src + i * size, size);
        }
      { guint8 *swap = src; src = dst; dst = swap; }
    }
  if (src != base)
    memcpy (base, src, n * size);
}

/* ---- blocking ------------------------------------------------------------------------ */


static guint64
hash_key (char        kind,
          const char *a,
          const char *b)
{
  /* FNV-1a; a collision only adds a candidate pair, which scoring then rejects */
  guint64 h = G_GUINT64_CONSTANT (14695981039346656037);

  h = (h ^ (guchar) kind) * G_GUINT64_CONSTANT (1099511628211);
  for (const char *p = a; *p != '\0'; p++)
    h = (h ^ (guchar) *p) * G_GUINT64_CONSTANT (1099511628211);
  h = (h ^ 0x1f) * G_GUINT64_CONSTANT (1099511628211);
  for (const char *p = b; p != NULL && *p != '\0'; p++)
    h = (h ^ (guchar) *p) * G_GUINT64_CONSTANT (1099511628211);
  return h;
}


static void
add_key (GArray            *entries,
         const AudPrepared *p,
         guint              record,
         char               kind,
         const char        *a,
         const char        *b,
         guint              crowded_bit)
{
  AudKeyEntry e;

  if (a == NULL || (kind >= 'A' && kind <= 'Z' && b == NULL))
    return;
  e.hash = hash_key (kind, a, b);
  e.record = record;
  e.order = (p->name_order >> (32 - AUD_KEY_SLOT_SHIFT)) | ((guint32) crowded_bit << AUD_KEY_SLOT_SHIFT);
  g_array_append_val (entries, e);
}

static void
add_account_keys (GArray            *entries,
                  const AudPrepared *p,
                  guint              record)
{
  add_key (entries, p, record, 'c', p->company, NULL, 0);
  add_key (entries, p, record, 'd', p->company_domain, NULL, 0);
  add_key (entries, p, record, 'p', p->phones[0], NULL, AUD_CROWDED_PHONE0);
  add_key (entries, p, record, 'l', p->linkedin, NULL, 0);
  add_key (entries, p, record, 'A', p->street, p->postal, 0);
}

static void
add_block_keys (GArray            *entries,
                const AudPrepared *p,
                guint              record)
{
  /* lower-case kinds take one value, upper-case kinds need both */
  add_key (entries, p, record, 'e', p->emails[0], NULL, AUD_CROWDED_EMAIL0);
  add_key (entries, p, record, 'e', p->emails[1], NULL, AUD_CROWDED_EMAIL1);
  add_key (entries, p, record, 'e', p->role_email, NULL, 0);
  add_key (entries, p, record, 'p', p->phones[0], NULL, AUD_CROWDED_PHONE0);
  if (p->phones[1] != NULL && g_strcmp0 (p->phones[0], p->phones[1]) != 0)
    add_key (entries, p, record, 'p', p->phones[1], NULL, AUD_CROWDED_PHONE1);
  add_key (entries, p, record, 'l', p->linkedin, NULL, 0);
  add_key (entries, p, record, 'C', p->surname_key, p->company, 0);
  if (p->company_domain != NULL)
    add_key (entries, p, record, 'D', p->surname_key, p->company_domain, 0);
  add_key (entries, p, record, 'Z', p->surname_key, p->postal, 0);
  add_key (entries, p, record, 'N', p->surname_key, p->first_canonical, 0);
  add_key (entries, p, record, 'F', p->first_canonical, p->company, 0);
}

static int
compare_entry_order (gconstpointer a,
                     gconstpointer b)
{
  const AudKeyEntry *x = a, *y = b;
  guint32 ox = x->order & AUD_KEY_ORDER_MASK, oy = y->order & AUD_KEY_ORDER_MASK;

  if (ox != oy)
    return ox < oy ? -1 : 1;
  return x->record < y->record ? -1 : x->record > y->record;
}

static inline guint64
pair_key (guint32 a,
          guint32 b)
{
  return a < b ? ((guint64) a << 32) | b : ((guint64) b << 32) | a;
}

/* see aud-matcher-private.h */
void
aud_match_sort_pairs (GArray *pairs)
{
  guint64 *pk;
  gsize unique = 0;

  radix_sort (pairs->data, pairs->len, sizeof (guint64));
  pk = (guint64 *) pairs->data;
  for (gsize i = 0; i < pairs->len; i++)
    if (i == 0 || pk[i] != pk[i - 1])
      pk[unique++] = pk[i];
  g_array_set_size (pairs, unique);
}

void
aud_match_add_keys (GArray            *entries,
                    const AudPrepared *prepared,
                    guint              record,
                    AudMatchKind       kind)
{
  if (kind == AUD_MATCH_KIND_ACCOUNTS)
    add_account_keys (entries, prepared, record);
  else
    add_block_keys (entries, prepared, record);
}

GArray *
aud_match_make_candidates (AudPrepared           *prepared,
                           guint                  n,
                           const AudMatchOptions *options,
                           AudMatchResult        *result,
                           GArray               **entries_out)
{
  g_autoptr(GArray) entries = g_array_sized_new (FALSE, FALSE, sizeof (AudKeyEntry), n * 8);
  GArray *pairs = g_array_sized_new (FALSE, FALSE, sizeof (guint64), n * 4);
  AudKeyEntry *e;

  for (guint i = 0; i < n; i++)
    aud_match_add_keys (entries, &prepared[i], i, options->kind);
  radix_sort (entries->data, entries->len, sizeof (AudKeyEntry));
  e = (AudKeyEntry *) entries->data;

  for (gsize start = 0, end; start < entries->len; start = end)
    {
      gsize size;

      for (end = start + 1; end < entries->len && e[end].hash == e[start].hash; end++)
        ;
      size = end - start;
      result->n_block_keys++;
      if (size == 1)
        continue;
      /* An email or phone that many records share is an office line or a shared mailbox:
       * agreeing on it says little about being one person. */
      if (size > options->shared_value_limit)
        for (gsize i = start; i < end; i++)
          prepared[e[i].record].crowded |= e[i].order >> AUD_KEY_SLOT_SHIFT;
      if (size <= options->block_cap)
        {
          for (gsize i = start; i < end; i++)
            for (gsize j = i + 1; j < end; j++)
              if (e[i].record != e[j].record)
                {
                  guint64 k = pair_key (e[i].record, e[j].record);
                  g_array_append_val (pairs, k);
                }
          continue;
        }
      /* A crowded key: neighbours in name order only, so the John Smiths sharing info@ still
       * meet each other but the 5000 people behind it do not make 12 million pairs. */
      result->n_capped_blocks++;
      qsort (e + start, size, sizeof (AudKeyEntry), compare_entry_order);
      for (gsize i = start; i < end; i++)
        for (gsize j = i + 1; j < end && j <= i + options->window; j++)
          if (e[i].record != e[j].record)
            {
              guint64 k = pair_key (e[i].record, e[j].record);
              g_array_append_val (pairs, k);
            }
    }

  aud_match_sort_pairs (pairs);
  result->n_candidates = pairs->len;
  *entries_out = g_steal_pointer (&entries);
  return pairs;
}
