/* aud-normalize-company.c — company names without legal forms, "the", "&" and punctuation
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "aud-normalize.h"
#include "aud-normalize-private.h"

/* Legal forms, as tokens after aud_normalize_text() (dots already gone: "S.A." → "sa").
 * Only stripped at the end of the name, so "Co-operative Bank" keeps its "co". */
static const char * const legal_forms[] = {
  "inc", "incorporated", "llc", "llp", "lp", "ltd", "limited", "gmbh", "mbh", "ag", "kg", "sa",
  "sas", "sarl", "sl", "srl", "spa", "bv", "nv", "plc", "pty", "pte", "co", "corp",
  "corporation", "company", "oy", "ab", "as", "asa", "aps", "kk", "se", "pc", "pllc", "ulc",
  "lda", "sro", "kft", "ug", "ltda", "cv", "de", "sab", NULL
};

char *
aud_normalize_company (const char *raw)
{
  g_autofree char *amp = NULL;
  g_autofree char *text = NULL;
  g_auto(GStrv) tokens = NULL;
  guint start = 0, end;
  GString *out;

  if (raw == NULL)
    return NULL;

  /* "&" must become a word before punctuation is folded away */
  if (strchr (raw, '&') != NULL)
    {
      g_auto(GStrv) parts = g_strsplit (raw, "&", -1);

      amp = g_strjoinv (" and ", parts);
      raw = amp;
    }
  text = aud_normalize_text (raw);
  if (text == NULL)
    return NULL;

  tokens = g_strsplit (text, " ", -1);
  end = g_strv_length (tokens);
  if (end > 1 && strcmp (tokens[0], "the") == 0)
    start = 1;
  /* "Acme Holdings Co Ltd": strip repeatedly, but never the whole name ("Company Ltd"). */
  while (end - start > 1 && aud_normalize_in_list (legal_forms, tokens[end - 1], -1))
    end--;
  /* "Acme and Co" → "acme" */
  if (end - start > 1 && strcmp (tokens[end - 1], "and") == 0)
    end--;

  out = g_string_new (NULL);
  for (guint i = start; i < end; i++)
    {
      if (out->len > 0)
        g_string_append_c (out, ' ');
      g_string_append (out, tokens[i]);
    }
  return g_string_free (out, FALSE);
}
