/* aud-normalize-text.c — case, accent and punctuation folding shared by every normaliser
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "aud-normalize.h"
#include "aud-normalize-private.h"

/* Letters that NFKD does not decompose into a base letter plus a combining mark. */
static const char *
fold_special (gunichar c)
{
  switch (c)
    {
    case 0x00DF: return "ss";  /* ß */
    case 0x00E6: case 0x00C6: return "ae";
    case 0x0153: case 0x0152: return "oe";
    case 0x00F8: case 0x00D8: return "o";
    case 0x0142: case 0x0141: return "l";
    case 0x0111: case 0x0110: return "d";
    case 0x00FE: case 0x00DE: return "th";
    case 0x0131: return "i";
    default: return NULL;
    }
}

/* Characters that join the letters around them rather than separate words:
 * "O'Brien" → "obrien", "A.B.C." → "abc". */
static gboolean
is_joiner (gunichar c)
{
  return c == '\'' || c == '.' || c == 0x2019 || c == 0x02BC || c == '`';
}

static void
append_space (GString *out)
{
  if (out->len > 0 && out->str[out->len - 1] != ' ')
    g_string_append_c (out, ' ');
}

static char *
finish (GString *out)
{
  if (out->len > 0 && out->str[out->len - 1] == ' ')
    g_string_truncate (out, out->len - 1);
  if (out->len == 0)
    {
      g_string_free (out, TRUE);
      return NULL;
    }
  return g_string_free (out, FALSE);
}

char *
aud_normalize_text (const char *raw)
{
  GString *out;
  g_autofree char *valid = NULL;
  g_autofree char *decomposed = NULL;
  gboolean ascii = TRUE;

  if (raw == NULL)
    return NULL;

  for (const char *p = raw; *p != '\0'; p++)
    if ((guchar) *p >= 0x80)
      {
        ascii = FALSE;
        break;
      }

  out = g_string_sized_new (strlen (raw));

  /* Most CRM data is ASCII: skip the Unicode machinery for it, the matcher calls this
   * several times per record. */
  if (ascii)
    {
      for (const char *p = raw; *p != '\0'; p++)
        {
          char c = *p;

          if (g_ascii_isalnum (c))
            g_string_append_c (out, g_ascii_tolower (c));
          else if (!is_joiner ((guchar) c))
            append_space (out);
        }
      return finish (out);
    }

  if (!g_utf8_validate (raw, -1, NULL))
    raw = valid = g_utf8_make_valid (raw, -1);
  decomposed = g_utf8_normalize (raw, -1, G_NORMALIZE_NFKD);
  if (decomposed == NULL)
    return finish (out);

  for (const char *p = decomposed; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);
      GUnicodeType type = g_unichar_type (c);
      const char *special;

      if (type == G_UNICODE_NON_SPACING_MARK || type == G_UNICODE_SPACING_MARK ||
          type == G_UNICODE_ENCLOSING_MARK)
        continue;
      if ((special = fold_special (c)) != NULL)
        g_string_append (out, special);
      else if (g_unichar_isalnum (c))
        g_string_append_unichar (out, g_unichar_tolower (c));
      else if (!is_joiner (c))
        append_space (out);
    }
  return finish (out);
}

gboolean
aud_normalize_in_list (const char * const *list,
                       const char         *s,
                       gssize              len)
{
  gsize n = len < 0 ? strlen (s) : (gsize) len;

  /* the first-byte test skips most entries without a call: this runs for every email */
  for (guint i = 0; list[i] != NULL; i++)
    if (list[i][0] == s[0] && strncmp (list[i], s, n) == 0 && list[i][n] == '\0')
      return TRUE;
  return FALSE;
}
