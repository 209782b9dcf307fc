/* aud-match-generator-parts.c — companies, phone formats and the variants duplicates get
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "aud-match-generator-private.h"
#include "aud-match-generator-pools.h"

char *
aud_gen_digits (Rng   *r,
                guint  n)
{
  char *s = g_malloc (n + 1);

  for (guint i = 0; i < n; i++)
    s[i] = '0' + rng_below (r, 10);
  s[0] = '2' + rng_below (r, 8);  /* no leading 0/1: a real area code */
  s[n] = '\0';
  return s;
}

char *
aud_gen_ascii_slug (const char *s,
                    const char *joiner)
{
  /* crude transliteration for addresses: "Müller" → "muller", "O'Brien" → "obrien" */
  g_autofree char *folded = g_str_to_ascii (s, "C");
  GString *out = g_string_new (NULL);

  for (const char *p = folded; *p != '\0'; p++)
    {
      if (g_ascii_isalnum (*p))
        g_string_append_c (out, g_ascii_tolower (*p));
      else if ((*p == ' ' || *p == '-') && joiner != NULL)
        g_string_append (out, joiner);
    }
  return g_string_free (out, FALSE);
}

void
aud_gen_company_free (gpointer data)
{
  Company *c = data;

  g_free (c->name);
  g_free (c->legal);
  g_free (c->domain);
  g_free (c->street);
  g_free (c->postal);
  g_free (c->switchboard);
  g_free (c);
}

char *
aud_gen_postal (Rng      *r,
                gboolean  gb)
{
  if (gb)
    return g_strdup_printf ("%c%c%u %u%c%c", 'A' + rng_below (r, 26), 'A' + rng_below (r, 26),
                            1 + rng_below (r, 20), rng_below (r, 10),
                            'A' + rng_below (r, 26), 'A' + rng_below (r, 26));
  return g_strdup_printf ("%05u", 1000 + rng_below (r, 98000));
}

Company *
aud_gen_company (Rng   *r,
                 guint  serial)
{
  Company *c = g_new0 (Company, 1);
  g_autofree char *slug = NULL;

  /* A serial keeps names unique at any size while still reading like company names. */
  c->name = serial < G_N_ELEMENTS (company_words_a) * G_N_ELEMENTS (company_words_b)
            ? g_strdup_printf ("%s %s", company_words_a[serial % G_N_ELEMENTS (company_words_a)],
                               company_words_b[serial / G_N_ELEMENTS (company_words_a)])
            : g_strdup_printf ("%s %s %u", PICK (r, company_words_a), PICK (r, company_words_b),
                               serial);
  c->legal = g_strdup (PICK (r, legal_forms));
  slug = aud_gen_ascii_slug (c->name, NULL);
  c->domain = g_strdup_printf ("%s.%s", slug, PICK (r, tlds));
  c->street = g_strdup_printf ("%u %s", 1 + rng_below (r, 9000), PICK (r, streets));
  c->street_type = rng_below (r, G_N_ELEMENTS (street_types));
  c->gb = rng_chance (r, 0.1);
  c->postal = aud_gen_postal (r, c->gb);
  c->switchboard = aud_gen_digits (r, 10);
  return c;
}

char *
aud_gen_typo (Rng        *r,
              const char *s)
{
  char *t = g_strdup (s);
  gsize len = strlen (t);
  guint i;

  if (len < 4 || !g_str_is_ascii (t))
    return t;
  i = 1 + rng_below (r, len - 2);
  switch (rng_below (r, 3))
    {
    case 0:  /* swap */
      { char x = t[i]; t[i] = t[i + 1]; t[i + 1] = x; }
      break;
    case 1:  /* drop */
      memmove (t + i, t + i + 1, len - i);
      break;
    default: /* double */
      {
        char *d = g_strdup_printf ("%.*s%c%s", i, t, t[i], t + i);
        g_free (t);
        t = d;
      }
      break;
    }
  return t;
}

char *
aud_gen_phone (Rng        *r,
               const char *ten,
               gboolean    gb,
               const char *ext)
{
  g_autofree char *base = NULL;

  if (gb)
    base = rng_chance (r, 0.5) ? g_strdup_printf ("+44 %.4s %s", ten, ten + 4)
                               : g_strdup_printf ("0%.4s %s", ten, ten + 4);
  else
    switch (rng_below (r, 4))
      {
      case 0: base = g_strdup_printf ("(%.3s) %.3s-%s", ten, ten + 3, ten + 6); break;
      case 1: base = g_strdup_printf ("+1 %.3s %.3s %s", ten, ten + 3, ten + 6); break;
      case 2: base = g_strdup_printf ("%.3s.%.3s.%s", ten, ten + 3, ten + 6); break;
      default: base = g_strdup_printf ("1-%.3s-%.3s-%s", ten, ten + 3, ten + 6); break;
      }
  if (ext != NULL)
    return g_strdup_printf ("%s x%s", base, ext);
  return g_steal_pointer (&base);
}

char *
aud_gen_company_variant (Rng           *r,
                         const Company *co)
{
  switch (rng_below (r, 6))
    {
    case 0: return g_ascii_strup (co->name, -1);
    case 1: return g_strdup (co->name);
    case 2: return g_strdup_printf ("%s, %s", co->name, PICK (r, legal_forms));
    case 3: return g_strdup_printf ("The %s", co->name);
    default: return *co->legal ? g_strdup_printf ("%s %s", co->name, co->legal) : g_strdup (co->name);
    }
}

char *
aud_gen_email_variant (Rng        *r,
                       const char *email)
{
  if (rng_chance (r, 0.15))
    return g_ascii_strup (email, -1);
  if (rng_chance (r, 0.05))
    return g_strdup_printf (" %s ", email);
  if (rng_chance (r, 0.05) && g_str_has_suffix (email, "@gmail.com"))
    {
      const char *at = strchr (email, '@');
      return g_strdup_printf ("%.*s+crm%s", (int) (at - email), email, at);
    }
  return g_strdup (email);
}
