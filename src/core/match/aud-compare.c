/* aud-compare.c — Jaro-Winkler, token sets and nickname-aware given names
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "aud-compare.h"
#include "aud-normalize.h"

#define STACK_CHARS 64

const char *
aud_match_level_to_string (AudMatchLevel level)
{
  switch (level)
    {
    case AUD_MATCH_LEVEL_MISSING: return "missing";
    case AUD_MATCH_LEVEL_DIFFERENT: return "different";
    case AUD_MATCH_LEVEL_SIMILAR: return "similar";
    case AUD_MATCH_LEVEL_EXACT: return "exact";
    default: return "?";
    }
}

/* Decodes into @stack when it fits, else into a new buffer stored in @heap. */
static gunichar *
to_chars (const char  *s,
          gunichar    *stack,
          gunichar   **heap,
          glong       *n)
{
  glong len = 0;
  gboolean ascii = TRUE;

  for (const char *p = s; *p != '\0'; p++, len++)
    if ((guchar) *p >= 0x80)
      ascii = FALSE;

  if (ascii && len <= STACK_CHARS)
    {
      for (glong i = 0; i < len; i++)
        stack[i] = (guchar) s[i];
      *n = len;
      return stack;
    }
  *heap = g_utf8_to_ucs4_fast (s, -1, n);
  return *heap;
}

double
aud_jaro_winkler (const char *a,
                  const char *b)
{
  gunichar sa[STACK_CHARS], sb[STACK_CHARS];
  gboolean ma_stack[STACK_CHARS], mb_stack[STACK_CHARS];
  g_autofree gunichar *ha = NULL;
  g_autofree gunichar *hb = NULL;
  g_autofree gboolean *ma_heap = NULL;
  g_autofree gboolean *mb_heap = NULL;
  gunichar *ca, *cb;
  gboolean *ma, *mb;
  glong la, lb, window, matches = 0, transpositions = 0, prefix = 0;
  double jaro;

  if (a == NULL || b == NULL)
    return 0.0;
  if (strcmp (a, b) == 0)
    return *a == '\0' ? 0.0 : 1.0;

  ca = to_chars (a, sa, &ha, &la);
  cb = to_chars (b, sb, &hb, &lb);
  if (la == 0 || lb == 0)
    return 0.0;

  ma = la <= STACK_CHARS ? ma_stack : (ma_heap = g_new (gboolean, la));
  mb = lb <= STACK_CHARS ? mb_stack : (mb_heap = g_new (gboolean, lb));
  memset (ma, 0, la * sizeof (gboolean));
  memset (mb, 0, lb * sizeof (gboolean));

  window = MAX (MAX (la, lb) / 2 - 1, 0);
  for (glong i = 0; i < la; i++)
    {
      glong lo = MAX (0, i - window), hi = MIN (lb - 1, i + window);

      for (glong j = lo; j <= hi; j++)
        if (!mb[j] && ca[i] == cb[j])
          {
            ma[i] = mb[j] = TRUE;
            matches++;
            break;
          }
    }
  if (matches == 0)
    return 0.0;

  for (glong i = 0, j = 0; i < la; i++)
    {
      if (!ma[i])
        continue;
      while (!mb[j])
        j++;
      if (ca[i] != cb[j])
        transpositions++;
      j++;
    }

  jaro = ((double) matches / la + (double) matches / lb +
          (double) (matches - transpositions / 2) / matches) / 3.0;
  while (prefix < 4 && prefix < la && prefix < lb && ca[prefix] == cb[prefix])
    prefix++;
  return jaro + prefix * 0.1 * (1.0 - jaro);
}

/* Space-separated tokens split in place in a copy: on the stack for the names and companies
 * the matcher compares millions of times, on the heap past 255 bytes. At most 64 tokens; the
 * last one keeps the rest. */
typedef struct
{
  char   stack[256];
  char  *heap;
  char  *token[64];
  guint  n;
} Tokens;

static void
tokens_split (Tokens     *t,
              const char *s)
{
  gsize len = strlen (s);
  char *p;

  t->heap = len < sizeof t->stack ? NULL : g_strdup (s);
  p = t->heap != NULL ? t->heap : memcpy (t->stack, s, len + 1);
  t->n = 0;
  t->token[t->n++] = p;
  for (; *p != '\0'; p++)
    if (*p == ' ' && t->n < G_N_ELEMENTS (t->token))
      {
        *p = '\0';
        t->token[t->n++] = p + 1;
      }
}

double
aud_token_set_similarity (const char *a,
                          const char *b)
{
  Tokens tokens_a, tokens_b;
  char **ta, **tb;
  guint na, nb, shared = 0;
  guint64 used = 0;  /* tokens of b already paired; names and companies have few tokens */
  guint64 matched_a = 0;

  if (a == NULL || b == NULL || *a == '\0' || *b == '\0')
    return 0.0;
  if (strcmp (a, b) == 0)
    return 1.0;
  tokens_split (&tokens_a, a);
  tokens_split (&tokens_b, b);
  ta = tokens_a.token;
  tb = tokens_b.token;
  na = tokens_a.n;
  nb = tokens_b.n;

  /* equal tokens first: they are most of the pairs and need no Jaro-Winkler */
  for (guint i = 0; i < na; i++)
    for (guint j = 0; j < nb; j++)
      if (!(used & (G_GUINT64_CONSTANT (1) << j)) && strcmp (ta[i], tb[j]) == 0)
        {
          used |= G_GUINT64_CONSTANT (1) << j;
          matched_a |= G_GUINT64_CONSTANT (1) << i;
          shared++;
          break;
        }
  for (guint i = 0; i < na; i++)
    {
      guint best = G_MAXUINT;
      double best_score = 0.92;
      gsize li = strlen (ta[i]);

      if (matched_a & (G_GUINT64_CONSTANT (1) << i))
        continue;
      for (guint j = 0; j < nb; j++)
        {
          gsize lj = strlen (tb[j]);
          double s;

          /* Jaro-Winkler ≥ 0.92 needs lengths within a ratio of 0.6 */
          if ((used & (G_GUINT64_CONSTANT (1) << j)) || MIN (li, lj) * 5 < MAX (li, lj) * 3)
            continue;
          s = aud_jaro_winkler (ta[i], tb[j]);
          if (s >= best_score)
            {
              best_score = s;
              best = j;
            }
        }
      if (best != G_MAXUINT)
        {
          used |= G_GUINT64_CONSTANT (1) << best;
          shared++;
        }
    }

  g_free (tokens_a.heap);
  g_free (tokens_b.heap);
  return 0.5 * ((double) shared / MIN (na, nb) + 2.0 * shared / (na + nb));
}

static gboolean
is_blank (const char *s)
{
  return s == NULL || *s == '\0';
}

AudComparison
aud_compare_exact (const char *a,
                   const char *b)
{
  if (is_blank (a) || is_blank (b))
    return (AudComparison) { AUD_MATCH_LEVEL_MISSING, 0.0 };
  if (strcmp (a, b) == 0)
    return (AudComparison) { AUD_MATCH_LEVEL_EXACT, 1.0 };
  return (AudComparison) { AUD_MATCH_LEVEL_DIFFERENT, 0.0 };
}

AudComparison
aud_compare_jaro_winkler (const char *a,
                          const char *b,
                          double      similar_at)
{
  double s;

  if (is_blank (a) || is_blank (b))
    return (AudComparison) { AUD_MATCH_LEVEL_MISSING, 0.0 };
  if (strcmp (a, b) == 0)
    return (AudComparison) { AUD_MATCH_LEVEL_EXACT, 1.0 };
  s = aud_jaro_winkler (a, b);
  return (AudComparison) { s >= similar_at ? AUD_MATCH_LEVEL_SIMILAR : AUD_MATCH_LEVEL_DIFFERENT, s };
}

AudComparison
aud_compare_tokens (const char *a,
                    const char *b,
                    double      similar_at)
{
  double s;

  if (is_blank (a) || is_blank (b))
    return (AudComparison) { AUD_MATCH_LEVEL_MISSING, 0.0 };
  s = aud_token_set_similarity (a, b);
  if (s >= 1.0)
    return (AudComparison) { AUD_MATCH_LEVEL_EXACT, 1.0 };
  return (AudComparison) { s >= similar_at ? AUD_MATCH_LEVEL_SIMILAR : AUD_MATCH_LEVEL_DIFFERENT, s };
}

AudComparison
aud_compare_first_name (const char *a,
                        const char *b)
{
  double s;

  if (is_blank (a) || is_blank (b))
    return (AudComparison) { AUD_MATCH_LEVEL_MISSING, 0.0 };
  if (strcmp (a, b) == 0)
    return (AudComparison) { AUD_MATCH_LEVEL_EXACT, 1.0 };
  if (aud_nicknames_equivalent (a, b))
    return (AudComparison) { AUD_MATCH_LEVEL_SIMILAR, 0.95 };
  /* "J" against "John": compatible, but weak */
  if ((a[1] == '\0' && a[0] == b[0]) || (b[1] == '\0' && a[0] == b[0]))
    return (AudComparison) { AUD_MATCH_LEVEL_SIMILAR, 0.8 };
  s = aud_jaro_winkler (a, b);
  return (AudComparison) { s >= 0.9 ? AUD_MATCH_LEVEL_SIMILAR : AUD_MATCH_LEVEL_DIFFERENT, s };
}
