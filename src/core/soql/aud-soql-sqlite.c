/* aud-soql-sqlite.c — SOQL's case-insensitivity for every letter, as a SQLite collation and LIKE
 *
 * SQLite's NOCASE and LIKE fold ASCII only. Salesforce, in English locales, compares and sorts
 * text by its upper-case UTF-8 form, so "émond" = "Émond" and "_" sorts after "Z". These two
 * functions do the same for statements compiled with AUD_SOQL_SQL_UNICODE.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "aud-soql-private.h"

/* SQLite hands over text that may be invalid UTF-8 and is not NUL-terminated. */
static char *
fold (const char *text,
      int         len)
{
  g_autofree char *valid = g_utf8_make_valid (text, len);

  return g_utf8_strup (valid, -1);
}

static int
collate_upper (void       *user_data,
               int         len_a,
               const void *a,
               int         len_b,
               const void *b)
{
  const guchar *pa = a;
  const guchar *pb = b;
  g_autofree char *fa = NULL;
  g_autofree char *fb = NULL;
  int i;
  int cmp;

  /* ASCII, the common case, needs no allocation. */
  for (i = 0; i < len_a && i < len_b && pa[i] < 0x80 && pb[i] < 0x80; i++)
    {
      int ca = g_ascii_toupper (pa[i]);
      int cb = g_ascii_toupper (pb[i]);

      if (ca != cb)
        return ca < cb ? -1 : 1;
    }
  if (i == len_a || i == len_b)
    {
      if (len_a == len_b)
        return 0;
      return i == len_a ? -1 : 1;
    }

  fa = fold ((const char *) a + i, len_a - i);
  fb = fold ((const char *) b + i, len_b - i);
  cmp = strcmp (fa, fb);

  return cmp < 0 ? -1 : cmp > 0;
}

static gboolean
same_char (const char *a,
           const char *b)
{
  gsize len = g_utf8_next_char (a) - a;

  return strncmp (a, b, len) == 0 && (gsize) (g_utf8_next_char (b) - b) == len;
}

/* LIKE with ESCAPE '\' over whole characters: % any run, _ one character. Backtracks only to
 * the last %, which is enough for a correct match in linear-times-pattern time. */
static gboolean
like_match (const char *p,
            const char *s)
{
  const char *star_p = NULL;
  const char *star_s = NULL;

  while (*s != '\0')
    {
      if (*p == '%')
        {
          while (*p == '%')
            p++;
          star_p = p;
          star_s = s;
          continue;
        }
      if (*p == '_')
        {
          p++;
          s = g_utf8_next_char (s);
          continue;
        }
      if (*p == '\\' && p[1] != '\0' && same_char (p + 1, s))
        {
          p = g_utf8_next_char (p + 1);
          s = g_utf8_next_char (s);
          continue;
        }
      if (*p != '\0' && *p != '\\' && same_char (p, s))
        {
          p = g_utf8_next_char (p);
          s = g_utf8_next_char (s);
          continue;
        }
      if (star_p == NULL)
        return FALSE;
      p = star_p;
      s = star_s = g_utf8_next_char (star_s);
    }

  while (*p == '%')
    p++;

  return *p == '\0';
}

static void
like_function (sqlite3_context  *context,
               int               argc,
               sqlite3_value   **argv)
{
  g_autofree char *pattern = NULL;
  g_autofree char *value = NULL;

  if (sqlite3_value_type (argv[0]) == SQLITE_NULL || sqlite3_value_type (argv[1]) == SQLITE_NULL)
    {
      sqlite3_result_null (context);
      return;
    }

  pattern = fold ((const char *) sqlite3_value_text (argv[0]), sqlite3_value_bytes (argv[0]));
  value = fold ((const char *) sqlite3_value_text (argv[1]), sqlite3_value_bytes (argv[1]));
  sqlite3_result_int (context, like_match (pattern, value));
}

gboolean
aud_soql_install_sqlite_functions (sqlite3  *db,
                                   GError  **error)
{
  int rc;

  g_return_val_if_fail (db != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  rc = sqlite3_create_collation (db, AUD_SOQL_COLLATION, SQLITE_UTF8, NULL, collate_upper);
  if (rc == SQLITE_OK)
    rc = sqlite3_create_function (db, AUD_SOQL_LIKE_FUNCTION, 2,
                                  SQLITE_UTF8 | SQLITE_DETERMINISTIC | SQLITE_INNOCUOUS,
                                  NULL, like_function, NULL, NULL);
  if (rc != SQLITE_OK)
    {
      g_set_error (error, AUD_SOQL_ERROR, AUD_SOQL_ERROR_MALFORMED_QUERY,
                   "Could not register the SOQL text functions: %s", sqlite3_errstr (rc));
      return FALSE;
    }

  return TRUE;
}
