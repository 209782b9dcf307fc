/* aud-column-matcher.c — proposes which field each CSV column fills, by name and label
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "aud-column-matcher.h"

/* Below this a guess is more likely wrong than helpful: leave the column unmapped. */
#define MIN_SCORE 80

/* Lowercase letters and digits only, without a custom-field suffix: "Sales_Region__c",
 * "sales region" and "Sales-Region" all become "salesregion". */
static char *
normalize (const char *s)
{
  g_autofree char *folded = g_utf8_casefold (s, -1);
  GString *out = g_string_sized_new (strlen (folded));
  gsize len = strlen (folded);

  if (len > 3 && g_str_has_suffix (folded, "__c"))
    folded[len - 3] = '\0';

  for (const char *p = folded; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (g_unichar_isalnum (c))
        g_string_append_unichar (out, c);
    }

  return g_string_free (out, FALSE);
}

/* Edit distance with transpositions (optimal string alignment) over bytes: column names are
 * short, and a swapped pair of letters is the most common typo. */
static guint
edit_distance (const char *a,
               const char *b)
{
  gsize la = strlen (a);
  gsize lb = strlen (b);
  gsize w = lb + 1;
  g_autofree guint *d = g_new (guint, (la + 1) * w);

  for (gsize i = 0; i <= la; i++)
    d[i * w] = (guint) i;
  for (gsize j = 0; j <= lb; j++)
    d[j] = (guint) j;

  for (gsize i = 1; i <= la; i++)
    for (gsize j = 1; j <= lb; j++)
      {
        guint best = d[(i - 1) * w + j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1);

        best = MIN (best, d[(i - 1) * w + j] + 1);
        best = MIN (best, d[i * w + j - 1] + 1);
        if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1])
          best = MIN (best, d[(i - 2) * w + j - 2] + 1);
        d[i * w + j] = best;
      }

  return d[la * w + lb];
}

static guint
similarity (const char *a,
            const char *b)
{
  gsize longest = MAX (strlen (a), strlen (b));

  if (longest == 0)
    return 0;

  return (guint) (100 * (longest - MIN (edit_distance (a, b), longest)) / longest);
}

guint
aud_column_matcher_score (const char                  *column,
                          const AudColumnMatcherField *field)
{
  g_autofree char *col = NULL;
  g_autofree char *name = NULL;
  g_autofree char *label = NULL;
  guint score;

  g_return_val_if_fail (column != NULL, 0);
  g_return_val_if_fail (field != NULL && field->name != NULL, 0);

  if (strcmp (column, field->name) == 0)
    return 100;

  col = normalize (column);
  if (*col == '\0')
    return 0;

  name = normalize (field->name);
  if (strcmp (col, name) == 0)
    return 98;

  label = field->label != NULL ? normalize (field->label) : NULL;
  if (label != NULL && strcmp (col, label) == 0)
    return 96;

  /* Near misses ("E-mail Adress") score below exact matches, scaled so one typo in a long name
   * still passes MIN_SCORE and one in a three-letter name does not. */
  score = similarity (col, name);
  if (label != NULL)
    score = MAX (score, similarity (col, label));

  return score * 95 / 100;
}

void
aud_column_matcher_match (const char * const          *columns,
                          guint                        n_columns,
                          const AudColumnMatcherField *fields,
                          guint                        n_fields,
                          int                         *match)
{
  g_autofree guint *scores = NULL;
  g_autofree gboolean *field_taken = NULL;

  g_return_if_fail (columns != NULL || n_columns == 0);
  g_return_if_fail (fields != NULL || n_fields == 0);
  g_return_if_fail (match != NULL || n_columns == 0);

  scores = g_new0 (guint, (gsize) n_columns * n_fields + 1);
  field_taken = g_new0 (gboolean, n_fields + 1);

  for (guint c = 0; c < n_columns; c++)
    {
      match[c] = -1;
      for (guint f = 0; f < n_fields; f++)
        scores[c * n_fields + f] = aud_column_matcher_score (columns[c], &fields[f]);
    }

  /* Greedy on the best remaining pair: good enough for a proposal the user then edits, and the
   * outcome does not depend on the order of the fields. */
  for (;;)
    {
      guint best = 0;
      guint best_c = 0;
      guint best_f = 0;

      for (guint c = 0; c < n_columns; c++)
        {
          if (match[c] != -1)
            continue;
          for (guint f = 0; f < n_fields; f++)
            if (!field_taken[f] && scores[c * n_fields + f] > best)
              {
                best = scores[c * n_fields + f];
                best_c = c;
                best_f = f;
              }
        }

      if (best < MIN_SCORE)
        break;

      match[best_c] = (int) best_f;
      field_taken[best_f] = TRUE;
    }
}
