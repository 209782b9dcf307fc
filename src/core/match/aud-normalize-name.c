/* aud-normalize-name.c — person names: titles, suffixes, "Last, First", compound surnames
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "aud-normalize.h"
#include "aud-normalize-private.h"

static const char * const titles[] = {
  "mr", "mrs", "ms", "miss", "mx", "dr", "prof", "sir", "dame", "rev", NULL
};

/* Generational suffixes tell a father from his son at the same address, so they are kept
 * apart from the surname rather than thrown away. Degrees are dropped. */
static const char * const generations[] = { "jr", "sr", "ii", "iii", "iv", NULL };
static const char * const degrees[] = { "phd", "md", "esq", "mba", "cpa", "dds", "jd", NULL };

static const char * const particles[] = {
  "van", "von", "der", "den", "de", "del", "della", "da", "di", "dos", "du", "la", "le", "st",
  "bin", "ibn", "al", "el", "ter", "ten", "mac", NULL
};

static const char *
generation_of (const char *token)
{
  if (aud_normalize_in_list (generations, token, -1))
    return token;
  if (strcmp (token, "junior") == 0)
    return "jr";
  if (strcmp (token, "senior") == 0)
    return "sr";
  if (strcmp (token, "2nd") == 0)
    return "ii";
  if (strcmp (token, "3rd") == 0)
    return "iii";
  return NULL;
}

static char *
join_tokens (GPtrArray *tokens,
             guint      from,
             guint      to)
{
  GString *out;

  if (from >= to)
    return NULL;
  out = g_string_new (NULL);
  for (guint i = from; i < to; i++)
    {
      if (out->len > 0)
        g_string_append_c (out, ' ');
      g_string_append (out, g_ptr_array_index (tokens, i));
    }
  return g_string_free (out, FALSE);
}

/* Splits into tokens, pulling out titles, degrees and a generational suffix. */
static GPtrArray *
tokenize (const char  *raw,
          char       **suffix)
{
  g_autofree char *text = aud_normalize_text (raw);
  g_auto(GStrv) parts = NULL;
  GPtrArray *tokens = g_ptr_array_new_with_free_func (g_free);

  if (text == NULL)
    return tokens;
  parts = g_strsplit (text, " ", -1);
  for (guint i = 0; parts[i] != NULL; i++)
    {
      const char *gen = generation_of (parts[i]);

      /* "III" alone is a suffix; "Ii" as the only token might be a name, keep it then. */
      if (gen != NULL && (parts[1] != NULL || i > 0))
        {
          if (*suffix == NULL)
            *suffix = g_strdup (gen);
          continue;
        }
      if (aud_normalize_in_list (degrees, parts[i], -1) ||
          (i == 0 && parts[1] != NULL && aud_normalize_in_list (titles, parts[i], -1)))
        continue;
      g_ptr_array_add (tokens, g_strdup (parts[i]));
    }
  return tokens;
}

AudPersonName *
aud_person_name_parse (const char *first,
                       const char *last)
{
  AudPersonName *name = g_new0 (AudPersonName, 1);
  g_autoptr(GPtrArray) given = NULL;
  g_autoptr(GPtrArray) family = NULL;
  g_autofree char *swapped_last = NULL;

  /* One field holding "Doe, Jane" or "Jane Doe" (a full-name column). */
  if (first != NULL && (last == NULL || *last == '\0'))
    {
      const char *comma = strchr (first, ',');

      if (comma != NULL)
        {
          g_autofree char *after = g_strdup (comma + 1);
          g_autofree char *after_text = aud_normalize_text (after);

          /* "Smith, Jr." is a suffix, not a swapped name */
          if (after_text != NULL && generation_of (after_text) == NULL &&
              !aud_normalize_in_list (degrees, after_text, -1))
            {
              swapped_last = g_strndup (first, comma - first);
              first = comma + 1;
              last = swapped_last;
            }
        }
      if (last == NULL || *last == '\0')
        {
          g_autoptr(GPtrArray) all = tokenize (first, &name->suffix);

          if (all->len >= 2)
            {
              name->first = g_strdup (g_ptr_array_index (all, 0));
              name->middle = join_tokens (all, 1, all->len - 1);
              name->last = g_strdup (g_ptr_array_index (all, all->len - 1));
              /* keep particles with the surname: "Ludwig van Beethoven" */
              while (name->middle != NULL)
                {
                  char *space = strrchr (name->middle, ' ');
                  const char *tail = space != NULL ? space + 1 : name->middle;
                  char *joined;

                  if (!aud_normalize_in_list (particles, tail, -1))
                    break;
                  joined = g_strconcat (tail, " ", name->last, NULL);
                  g_free (name->last);
                  name->last = joined;
                  if (space != NULL)
                    *space = '\0';
                  else
                    g_clear_pointer (&name->middle, g_free);
                }
            }
          else if (all->len == 1)
            name->first = g_strdup (g_ptr_array_index (all, 0));
          return name;
        }
    }

  given = tokenize (first, &name->suffix);
  family = tokenize (last, &name->suffix);

  if (given->len > 0)
    {
      name->first = g_strdup (g_ptr_array_index (given, 0));
      name->middle = join_tokens (given, 1, given->len);
    }
  name->last = join_tokens (family, 0, family->len);
  return name;
}

void
aud_person_name_free (AudPersonName *name)
{
  if (name == NULL)
    return;
  g_free (name->first);
  g_free (name->middle);
  g_free (name->last);
  g_free (name->suffix);
  g_free (name);
}

char *
aud_surname_key (const char *normalized_last)
{
  g_auto(GStrv) parts = NULL;

  if (normalized_last == NULL || *normalized_last == '\0')
    return NULL;
  parts = g_strsplit (normalized_last, " ", -1);
  for (guint i = 0; parts[i] != NULL; i++)
    if (!aud_normalize_in_list (particles, parts[i], -1) || parts[i + 1] == NULL)
      return g_strdup (parts[i]);
  return NULL;
}
