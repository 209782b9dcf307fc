/* aud-normalize-address.c — street lines and postal codes in comparable forms
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "aud-normalize.h"

/* USPS-style abbreviations, which also cover most UK/AU/CA street data. */
static const char * const street_words[][2] = {
  { "street", "st" }, { "avenue", "ave" }, { "av", "ave" }, { "road", "rd" },
  { "boulevard", "blvd" }, { "drive", "dr" }, { "lane", "ln" }, { "court", "ct" },
  { "place", "pl" }, { "square", "sq" }, { "terrace", "ter" }, { "highway", "hwy" },
  { "parkway", "pkwy" }, { "circle", "cir" }, { "suite", "ste" }, { "apartment", "apt" },
  { "building", "bldg" }, { "floor", "fl" }, { "north", "n" }, { "south", "s" },
  { "east", "e" }, { "west", "w" }, { "northeast", "ne" }, { "northwest", "nw" },
  { "southeast", "se" }, { "southwest", "sw" }, { "number", "no" }, { "unit", "ste" },
  { "first", "1st" }, { "second", "2nd" }, { "third", "3rd" }, { "fourth", "4th" },
  { "fifth", "5th" }, { "mount", "mt" }, { "saint", "st" }, { "way", "way" },
};

char *
aud_normalize_street (const char *raw)
{
  g_autofree char *text = aud_normalize_text (raw);
  g_auto(GStrv) tokens = NULL;
  GString *out;

  if (text == NULL)
    return NULL;
  tokens = g_strsplit (text, " ", -1);
  out = g_string_new (NULL);
  for (guint i = 0; tokens[i] != NULL; i++)
    {
      const char *word = tokens[i];

      for (guint j = 0; j < G_N_ELEMENTS (street_words); j++)
        if (strcmp (word, street_words[j][0]) == 0)
          {
            word = street_words[j][1];
            break;
          }
      if (out->len > 0)
        g_string_append_c (out, ' ');
      g_string_append (out, word);
    }
  return g_string_free (out, FALSE);
}

/* Names as CRM users type them, after aud_normalize_text(). */
static const char * const countries[][2] = {
  { "us", "US" }, { "usa", "US" }, { "united states", "US" }, { "united states of america", "US" },
  { "america", "US" }, { "gb", "GB" }, { "uk", "GB" }, { "united kingdom", "GB" },
  { "great britain", "GB" }, { "england", "GB" }, { "scotland", "GB" }, { "wales", "GB" },
  { "ca", "CA" }, { "canada", "CA" }, { "de", "DE" }, { "germany", "DE" },
  { "deutschland", "DE" }, { "fr", "FR" }, { "france", "FR" }, { "es", "ES" }, { "spain", "ES" },
  { "espana", "ES" }, { "it", "IT" }, { "italy", "IT" }, { "italia", "IT" },
  { "nl", "NL" }, { "netherlands", "NL" }, { "the netherlands", "NL" }, { "holland", "NL" },
  { "nederland", "NL" }, { "be", "BE" }, { "belgium", "BE" }, { "ch", "CH" },
  { "switzerland", "CH" }, { "at", "AT" }, { "austria", "AT" }, { "ie", "IE" },
  { "ireland", "IE" }, { "se", "SE" }, { "sweden", "SE" }, { "no", "NO" }, { "norway", "NO" },
  { "dk", "DK" }, { "denmark", "DK" }, { "fi", "FI" }, { "finland", "FI" }, { "pt", "PT" },
  { "portugal", "PT" }, { "pl", "PL" }, { "poland", "PL" }, { "au", "AU" },
  { "australia", "AU" }, { "nz", "NZ" }, { "new zealand", "NZ" }, { "jp", "JP" },
  { "japan", "JP" }, { "in", "IN" }, { "india", "IN" }, { "sg", "SG" }, { "singapore", "SG" },
  { "br", "BR" }, { "brazil", "BR" }, { "brasil", "BR" }, { "mx", "MX" }, { "mexico", "MX" },
  { "za", "ZA" }, { "south africa", "ZA" },
};

const char *
aud_normalize_country (const char *raw)
{
  g_autofree char *text = aud_normalize_text (raw);

  if (text == NULL)
    return NULL;
  for (guint i = 0; i < G_N_ELEMENTS (countries); i++)
    if (strcmp (text, countries[i][0]) == 0)
      return countries[i][1];
  return NULL;
}

static gboolean
matches_shape (const char *code,
               const char *shape)
{
  /* shape: 'A' a letter, '9' a digit */
  if (strlen (code) != strlen (shape))
    return FALSE;
  for (guint i = 0; shape[i] != '\0'; i++)
    if ((shape[i] == 'A' && !g_ascii_isalpha (code[i])) ||
        (shape[i] == '9' && !g_ascii_isdigit (code[i])))
      return FALSE;
  return TRUE;
}

static gboolean
country_is (const char *country,
            const char *a,
            const char *b)
{
  return country != NULL && (g_ascii_strcasecmp (country, a) == 0 ||
                             (b != NULL && g_ascii_strcasecmp (country, b) == 0));
}

char *
aud_normalize_postal_code (const char *raw,
                           const char *country)
{
  GString *code;
  gsize len;

  if (raw == NULL)
    return NULL;
  code = g_string_new (NULL);
  for (const char *p = raw; *p != '\0'; p++)
    if (g_ascii_isalnum (*p))
      g_string_append_c (code, g_ascii_toupper (*p));
  len = code->len;
  if (len < 3 || len > 10)
    {
      g_string_free (code, TRUE);
      return NULL;
    }

  /* US: ZIP+4 compares on the ZIP; a ZIP that lost its leading zero in a spreadsheet is
   * padded back ("2134" → "02134"). */
  if (country_is (country, "US", "USA") ||
      (country == NULL && (matches_shape (code->str, "99999") ||
                           matches_shape (code->str, "999999999"))))
    {
      if (matches_shape (code->str, "99999") || matches_shape (code->str, "999999999"))
        g_string_truncate (code, 5);
      else if (len == 4 && matches_shape (code->str, "9999"))
        g_string_prepend_c (code, '0');
      else if (country != NULL)
        {
          g_string_free (code, TRUE);
          return NULL;
        }
      return g_string_free (code, FALSE);
    }

  /* Canada "K1A0B1" → "K1A 0B1" */
  if (matches_shape (code->str, "A9A9A9") &&
      (country == NULL || country_is (country, "CA", "CAN")))
    {
      g_string_insert_c (code, 3, ' ');
      return g_string_free (code, FALSE);
    }

  /* UK: the inward code is always the last three characters (digit, letter, letter). */
  if ((country == NULL || country_is (country, "GB", "UK")) && len >= 5 && len <= 7 &&
      g_ascii_isalpha (code->str[0]) && g_ascii_isdigit (code->str[len - 3]) &&
      g_ascii_isalpha (code->str[len - 2]) && g_ascii_isalpha (code->str[len - 1]))
    {
      g_string_insert_c (code, len - 3, ' ');
      return g_string_free (code, FALSE);
    }

  return g_string_free (code, FALSE);
}
