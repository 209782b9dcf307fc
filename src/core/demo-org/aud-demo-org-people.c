/* aud-demo-org-people.c — generated people and companies as pure functions of (seed, index)
 *
 * Every attribute is derived from the seed and the record's index, so a duplicate re-derives its
 * original without keeping it in memory, and the same seed always yields the same org.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "aud-demo-org-people.h"

void
demo_person_at (AudDemoOrg *self,
           guint       salt,
           guint64     index,
           guint       n_accounts,
           Person     *p)
{
  Rng rng;

  rng_init (&rng, self->seed, salt, index);
  p->first = rng_below (&rng, G_N_ELEMENTS (first_names));
  p->last = rng_below (&rng, G_N_ELEMENTS (last_names));
  p->title = rng_below (&rng, G_N_ELEMENTS (titles));
  p->dept = rng_below (&rng, G_N_ELEMENTS (departments));
  p->place = rng_below (&rng, G_N_ELEMENTS (places));
  p->street = rng_below (&rng, G_N_ELEMENTS (streets));
  p->house = 1 + rng_below (&rng, 1999);
  p->phone = rng_below (&rng, 10000);
  p->account = (n_accounts > 0 && rng_below (&rng, 100) < 92) ? rng_below (&rng, n_accounts) : G_MAXUINT;
  p->personal_email = rng_below (&rng, 100) < 8;
}

void
demo_company_at (AudDemoOrg *self,
            guint64     index,
            Company    *c)
{
  Rng rng;

  rng_init (&rng, self->seed, SALT_ACCOUNT, index);
  c->a = rng_below (&rng, G_N_ELEMENTS (company_a));
  c->b = rng_below (&rng, G_N_ELEMENTS (company_b));
  c->suffix = rng_below (&rng, G_N_ELEMENTS (suffixes));
  c->place = rng_below (&rng, G_N_ELEMENTS (places));
  c->street = rng_below (&rng, G_N_ELEMENTS (streets));
  c->house = 1 + rng_below (&rng, 999);
  c->phone = rng_below (&rng, 10000);
  c->industry = rng_below (&rng, 29);
  c->employees = 5 + rng_below (&rng, 20000);
}

/* Whether generated record @index of an object is a duplicate, and of which earlier record
 * (always the root of its cluster, so ground truth is one level deep). */
gboolean
demo_duplicate_of (AudDemoOrg *self,
              guint       salt,
              guint64     index,
              guint64    *original)
{
  Rng rng;
  guint64 j = index;

  for (;;)
    {
      if (j == 0)
        break;
      rng_init (&rng, self->seed, SALT_DUP * 16 + salt, j);
      if (rng_below (&rng, 100) >= self->duplicate_percent)
        break;
      j = rng_next (&rng) % j;
    }

  *original = j;
  return j != index;
}

char *
demo_ascii_lower (const char *text)
{
  g_autofree char *ascii = g_str_to_ascii (text, "C");
  GString *out = g_string_new (NULL);

  for (const char *p = ascii; *p; p++)
    if (g_ascii_isalnum (*p))
      g_string_append_c (out, g_ascii_tolower (*p));
  return g_string_free (out, FALSE);
}

const AsciiNames *
demo_ascii_names (void)
{
  static gsize once;
  static AsciiNames names;

  if (g_once_init_enter (&once))
    {
      for (guint i = 0; i < G_N_ELEMENTS (first_names); i++)
        names.first[i] = demo_ascii_lower (first_names[i]);
      for (guint i = 0; i < G_N_ELEMENTS (last_names); i++)
        names.last[i] = demo_ascii_lower (last_names[i]);
      for (guint i = 0; i < G_N_ELEMENTS (company_a); i++)
        names.company_a[i] = demo_ascii_lower (company_a[i]);
      for (guint i = 0; i < G_N_ELEMENTS (company_b); i++)
        names.company_b[i] = demo_ascii_lower (company_b[i]);
      g_once_init_leave (&once, 1);
    }
  return &names;
}


char *
demo_domain_for (const Company *c)
{
  const AsciiNames *ascii = demo_ascii_names ();

  return g_strconcat (ascii->company_a[c->a], ascii->company_b[c->b],
                      (c->place >= 9 && c->place <= 17) ? ".eu" : ".com", NULL);
}

char *
demo_company_name (const Company *c)
{
  if (*suffixes[c->suffix] == '\0')
    return g_strdup_printf ("%s %s", company_a[c->a], company_b[c->b]);
  return g_strdup_printf ("%s %s %s", company_a[c->a], company_b[c->b], suffixes[c->suffix]);
}


char *
demo_phone_text (guint place,
            guint number,
            guint style)
{
  const char *prefix = places[place].phone_prefix;

  if (g_str_has_prefix (prefix, "+1 "))
    {
      switch (style % 3)
        {
        case 0: return g_strdup_printf ("(%s) 555-%04u", prefix + 3, number);
        case 1: return g_strdup_printf ("+1 %s-555-%04u", prefix + 3, number);
        default: return g_strdup_printf ("%s555%04u", prefix + 3, number);
        }
    }
  switch (style % 3)
    {
    case 0: return g_strdup_printf ("%s 555 %04u", prefix, number);
    case 1: return g_strdup_printf ("%s-555-%04u", prefix, number);
    default: return g_strdup_printf ("%s555%04u", prefix, number);
    }
}

const char *
demo_nickname_for (const char *first)
{
  for (guint i = 0; i < G_N_ELEMENTS (nicknames); i++)
    if (g_str_equal (nicknames[i].name, first))
      return nicknames[i].nick;
  return NULL;
}

char *
demo_typo (const char *word,
      Rng        *rng)
{
  size_t len = strlen (word);
  char *out = g_strdup (word);

  /* ASCII-only positions, so a typo never splits a UTF-8 sequence. */
  if (len >= 4)
    {
      guint i = 1 + rng_below (rng, (guint) len - 2);

      if (g_ascii_isalpha (out[i]) && g_ascii_isalpha (out[i + 1]) && out[i] != out[i + 1])
        {
          char t = out[i];
          out[i] = out[i + 1];
          out[i + 1] = t;
        }
      else if (g_ascii_isalpha (out[i]))
        memmove (out + i, out + i + 1, len - i);
    }
  return out;
}

const char *
demo_levels_value (guint title)
{
  static const char * const values[] = { "Primary", "Secondary", "Tertiary" };

  return title < 7 ? values[0] : title < 14 ? values[1] : values[2];
}

char *
demo_company_variant (const Company *c,
                 Rng           *rng)
{
  const char *canonical = suffixes[c->suffix];
  const char *variant = "";

  for (guint i = 0; i < G_N_ELEMENTS (suffix_variants); i++)
    if (g_str_equal (suffix_variants[i].canonical, canonical))
      {
        variant = suffix_variants[i].variants[rng_below (rng, 4)];
        break;
      }

  switch (rng_below (rng, 3))
    {
    case 0:
      return g_strdup_printf ("%s %s%s%s", company_a[c->a], company_b[c->b],
                              (*variant == ',' || *variant == '\0') ? "" : " ", variant);
    case 1:
      {
        g_autofree char *base = g_strdup_printf ("%s %s%s%s", company_a[c->a], company_b[c->b],
                                                 (*variant == ',' || *variant == '\0') ? "" : " ", variant);
        return g_utf8_strup (base, -1);
      }
    default:
      return g_strdup_printf ("The %s %s%s%s", company_a[c->a], company_b[c->b],
                              (*variant == ',' || *variant == '\0') ? "" : " ", variant);
    }
}
