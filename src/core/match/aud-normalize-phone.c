/* aud-normalize-phone.c — phone numbers to E.164 with a default region, extensions apart
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "aud-normalize.h"

typedef struct
{
  const char *region;
  const char *code;
  gboolean    trunk_zero;   /* national numbers start with a 0 that E.164 drops */
  guint       national_len; /* digits after the trunk prefix; 0 when it varies */
} Region;

/* The regions CRM data mostly comes from. Unknown regions still get bare digits. */
static const Region regions[] = {
  { "US", "1", FALSE, 10 }, { "CA", "1", FALSE, 10 },
  { "GB", "44", TRUE, 10 }, { "IE", "353", TRUE, 0 }, { "FR", "33", TRUE, 9 },
  { "DE", "49", TRUE, 0 }, { "AT", "43", TRUE, 0 }, { "CH", "41", TRUE, 9 },
  { "NL", "31", TRUE, 9 }, { "BE", "32", TRUE, 0 }, { "ES", "34", FALSE, 9 },
  { "PT", "351", FALSE, 9 }, { "IT", "39", FALSE, 0 }, { "SE", "46", TRUE, 0 },
  { "NO", "47", FALSE, 8 }, { "DK", "45", FALSE, 8 }, { "FI", "358", TRUE, 0 },
  { "PL", "48", FALSE, 9 }, { "AU", "61", TRUE, 9 }, { "NZ", "64", TRUE, 0 },
  { "JP", "81", TRUE, 0 }, { "IN", "91", TRUE, 10 }, { "SG", "65", FALSE, 8 },
  { "BR", "55", TRUE, 0 }, { "MX", "52", FALSE, 10 }, { "ZA", "27", TRUE, 9 },
};

static const Region *
find_region (const char *region)
{
  if (region == NULL)
    return NULL;
  for (guint i = 0; i < G_N_ELEMENTS (regions); i++)
    if (g_ascii_strcasecmp (regions[i].region, region) == 0)
      return &regions[i];
  return NULL;
}

/* Finds where an extension starts: "x23", "ext. 23", "extension 23", "#23", ";ext=23". */
static const char *
find_extension (const char *s,
                const char **digits_start)
{
  for (const char *p = s; *p != '\0'; p++)
    {
      static const char * const markers[] = { ";ext=", "extension", "ext.", "ext", "x", "#" };

      if (strchr (";eExX#", *p) == NULL)
        continue;

      for (guint i = 0; i < G_N_ELEMENTS (markers); i++)
        {
          gsize len = strlen (markers[i]);

          if (g_ascii_strncasecmp (p, markers[i], len) == 0)
            {
              const char *q = p + len;

              while (*q == ' ' || *q == ':' || *q == '.')
                q++;
              if (g_ascii_isdigit (*q))
                {
                  *digits_start = q;
                  return p;
                }
            }
        }
    }
  return NULL;
}

static gboolean
all_same_digit (const char *digits)
{
  for (const char *p = digits; *p != '\0'; p++)
    if (*p != digits[0])
      return FALSE;
  return TRUE;
}

char *
aud_normalize_phone (const char  *raw,
                     const char  *default_region,
                     char       **extension)
{
  g_autoptr(GString) digits = g_string_new (NULL);
  const char *ext_digits = NULL;
  const char *ext_at;
  const char *end;
  gboolean international = FALSE;
  const Region *region;

  if (extension != NULL)
    *extension = NULL;
  if (raw == NULL)
    return NULL;

  ext_at = find_extension (raw, &ext_digits);
  end = ext_at != NULL ? ext_at : raw + strlen (raw);

  for (const char *p = raw; p < end; p++)
    {
      if (*p == '+' && digits->len == 0)
        international = TRUE;
      else if (g_ascii_isdigit (*p))
        g_string_append_c (digits, *p);
      else if (g_ascii_isalpha (*p))
        return NULL;  /* "n/a", "unknown", vanity numbers: not comparable */
    }

  if (!international && g_str_has_prefix (digits->str, "00"))
    {
      g_string_erase (digits, 0, 2);
      international = TRUE;
    }
  else if (!international && g_str_has_prefix (digits->str, "011") && digits->len > 11)
    {
      /* the North American international prefix */
      g_string_erase (digits, 0, 3);
      international = TRUE;
    }

  if (digits->len < 7 || digits->len > 15)
    return NULL;
  /* Rows of one digit are what people type to get past a required field. */
  if (all_same_digit (digits->str))
    return NULL;

  if (extension != NULL && ext_digits != NULL)
    {
      gsize n = strspn (ext_digits, "0123456789");

      *extension = g_strndup (ext_digits, n);
    }

  if (international)
    {
      /* "+44 (0)20 …": the trunk zero in parentheses is not dialled from abroad. */
      if (strstr (raw, "(0)") != NULL && g_str_has_prefix (digits->str, "44") &&
          digits->str[2] == '0')
        g_string_erase (digits, 2, 1);
      if (digits->len < 8)
        return NULL;
      return g_strconcat ("+", digits->str, NULL);
    }

  region = find_region (default_region);
  if (region == NULL)
    return g_strdup (digits->str);

  if (g_str_equal (region->code, "1"))
    {
      if (digits->len == 11 && digits->str[0] == '1')
        g_string_erase (digits, 0, 1);
      if (digits->len != 10)
        return digits->len == 7 ? NULL : g_strdup (digits->str);
      return g_strconcat ("+1", digits->str, NULL);
    }

  if (region->trunk_zero && digits->str[0] == '0')
    g_string_erase (digits, 0, 1);
  else if (g_str_has_prefix (digits->str, region->code) &&
           (region->national_len == 0 ||
            digits->len == strlen (region->code) + region->national_len))
    /* typed with the country code but without the "+" */
    return g_strconcat ("+", digits->str, NULL);

  if (region->national_len != 0 && digits->len != region->national_len)
    return g_strdup (digits->str);
  return g_strconcat ("+", region->code, digits->str, NULL);
}
