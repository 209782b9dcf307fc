/* aud-soql-lexer.c — SOQL text to tokens, with the real API's complaints about bad characters
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "aud-soql-private.h"

void
aud_soql_token_free (AudSoqlToken *token)
{
  if (token == NULL)
    return;
  g_free (token->text);
  g_free (token);
}

static void
add_token (GPtrArray        *tokens,
           AudSoqlTokenKind  kind,
           const char       *soql,
           gsize             start,
           gsize             end)
{
  AudSoqlToken *token = g_new0 (AudSoqlToken, 1);

  token->kind = kind;
  token->offset = start;
  token->text = g_strndup (soql + start, end - start);
  g_ptr_array_add (tokens, token);
}

/* The real lexer is ANTLR: its message names the character it could not fit and counts the
 * column from 0, while the "ERROR at" line counts from 1. */
static void
set_bad_character (GError     **error,
                   const char  *soql,
                   gsize        offset)
{
  g_autofree char *what = NULL;
  guint row;
  guint column;

  aud_soql_offset_to_position (soql, offset, &row, &column);
  if (soql[offset] == '\0')
    what = g_strdup ("<EOF>");
  else
    what = g_strndup (soql + offset, g_utf8_next_char (soql + offset) - (soql + offset));

  aud_soql_set_error (error, AUD_SOQL_ERROR_MALFORMED_QUERY, soql, offset,
                      "line %u:%u no viable alternative at character '%s'",
                      row, column - 1, what);
}

static gboolean
is_ident_start (char c)
{
  return g_ascii_isalpha (c) || c == '_';
}

static gboolean
is_ident_char (char c)
{
  return g_ascii_isalnum (c) || c == '_';
}

static gsize
skip_digits (const char *soql,
             gsize       i)
{
  while (g_ascii_isdigit (soql[i]))
    i++;
  return i;
}

/* Matches `shape` ('d' a digit, anything else itself) at `i`. Returns the end offset, or 0
 * with `error` set at the first character that does not fit. */
static gsize
match_shape (const char  *soql,
             gsize        i,
             const char  *shape,
             GError     **error)
{
  for (; *shape != '\0'; shape++, i++)
    {
      if (*shape == 'd' ? !g_ascii_isdigit (soql[i]) : soql[i] != *shape)
        {
          set_bad_character (error, soql, i);
          return 0;
        }
    }

  return i;
}

/* An optional `.` and at least one digit after it. Returns the end offset, or 0 with `error`
 * set when the dot has no digits. */
static gsize
skip_fraction (const char  *soql,
               gsize        i,
               GError     **error)
{
  gsize end;

  if (soql[i] != '.')
    return i;
  end = skip_digits (soql, i + 1);
  if (end == i + 1)
    {
      set_bad_character (error, soql, end);
      return 0;
    }

  return end;
}

/* A date, a dateTime or a number, starting at a digit or a minus sign. A dateTime whose
 * `+hh:mm` lost its `+` to URL decoding stops at the space, and that space is the error,
 * exactly as with the real API. Returns the end offset, or 0 with `error` set. */
static gsize
lex_number_or_date (const char        *soql,
                    gsize              start,
                    AudSoqlTokenKind  *kind,
                    GError           **error)
{
  gsize i = start;
  gsize digits_end;

  if (soql[i] == '-' || soql[i] == '+')
    i++;
  if (!g_ascii_isdigit (soql[i]))
    {
      set_bad_character (error, soql, i);
      return 0;
    }
  digits_end = skip_digits (soql, i);

  if (i == start && digits_end - i == 4 && soql[digits_end] == '-')
    {
      /* YYYY-MM-DD, then maybe THH:MM:SS[.fff](Z|±HH:MM) */
      i = match_shape (soql, i, "dddd-dd-dd", error);
      if (i == 0)
        return 0;
      if (soql[i] != 'T' && soql[i] != 't')
        {
          *kind = AUD_SOQL_TOKEN_DATE;
          return i;
        }
      i = match_shape (soql, i + 1, "dd:dd:dd", error);
      if (i == 0)
        return 0;
      i = skip_fraction (soql, i, error);
      if (i == 0)
        return 0;
      if (soql[i] == 'Z' || soql[i] == 'z')
        i++;
      else if (soql[i] == '+' || soql[i] == '-')
        i = match_shape (soql, i + 1, "dd:dd", error);
      else
        {
          set_bad_character (error, soql, i);
          return 0;
        }
      *kind = AUD_SOQL_TOKEN_DATETIME;
      return i;
    }

  i = skip_fraction (soql, digits_end, error);
  if (i == 0)
    return 0;
  *kind = AUD_SOQL_TOKEN_NUMBER;

  return i;
}

/* Returns the offset just past the closing quote, or 0 with `error` set. */
static gsize
lex_string (const char  *soql,
            gsize        start,
            GError     **error)
{
  gsize i = start + 1;

  for (;;)
    {
      char c = soql[i];

      if (c == '\0')
        {
          set_bad_character (error, soql, i);
          return 0;
        }
      if (c == '\'')
        return i + 1;
      if (c == '\\')
        {
          const char *ok = "'\"\\nNrRtTbBfF%_";

          if (soql[i + 1] == '\0' || strchr (ok, soql[i + 1]) == NULL)
            {
              g_autofree char *seq = NULL;

              seq = g_strndup (soql + i, soql[i + 1] == '\0' ? 1 :
                               g_utf8_next_char (soql + i + 1) - (soql + i));
              aud_soql_set_error (error, AUD_SOQL_ERROR_MALFORMED_QUERY, soql, i,
                                  "Invalid string literal '%.*s'. Illegal character sequence "
                                  "'%s' in string literal.",
                                  (int) (i - start + strlen (seq)), soql + start, seq);
              return 0;
            }
          i += 2;
          continue;
        }
      i++;
    }
}

GPtrArray *
aud_soql_tokenize (const char  *soql,
                   GError     **error)
{
  g_autoptr(GPtrArray) tokens = NULL;
  gsize i = 0;

  tokens = g_ptr_array_new_with_free_func ((GDestroyNotify) aud_soql_token_free);
  for (;;)
    {
      char c = soql[i];
      gsize start = i;
      AudSoqlTokenKind kind;

      if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f')
        {
          i++;
          continue;
        }
      if (c == '\0')
        {
          add_token (tokens, AUD_SOQL_TOKEN_EOF, soql, i, i);
          break;
        }

      if (is_ident_start (c))
        {
          /* A dotted path is one token: Account.Owner.Name */
          for (;;)
            {
              while (is_ident_char (soql[i]))
                i++;
              if (soql[i] == '.' && is_ident_start (soql[i + 1]))
                i++;
              else
                break;
            }
          if (soql[i] == '.')
            {
              set_bad_character (error, soql, i + 1);
              return NULL;
            }
          add_token (tokens, AUD_SOQL_TOKEN_IDENT, soql, start, i);
          continue;
        }

      if (g_ascii_isdigit (c) || ((c == '-' || c == '+') && g_ascii_isdigit (soql[i + 1])))
        {
          i = lex_number_or_date (soql, start, &kind, error);
          if (i == 0)
            return NULL;
          if (is_ident_char (soql[i]) || soql[i] == '.')
            {
              set_bad_character (error, soql, i);
              return NULL;
            }
          add_token (tokens, kind, soql, start, i);
          continue;
        }

      switch (c)
        {
        case '\'':
          i = lex_string (soql, start, error);
          if (i == 0)
            return NULL;
          add_token (tokens, AUD_SOQL_TOKEN_STRING, soql, start + 1, i - 1);
          /* The token starts at the quote, where errors about the literal point. */
          ((AudSoqlToken *) g_ptr_array_index (tokens, tokens->len - 1))->offset = start;
          continue;
        case ',':
          add_token (tokens, AUD_SOQL_TOKEN_COMMA, soql, i, i + 1);
          i++;
          continue;
        case '(':
          add_token (tokens, AUD_SOQL_TOKEN_LPAREN, soql, i, i + 1);
          i++;
          continue;
        case ')':
          add_token (tokens, AUD_SOQL_TOKEN_RPAREN, soql, i, i + 1);
          i++;
          continue;
        case '=':
          add_token (tokens, AUD_SOQL_TOKEN_OPERATOR, soql, i, i + 1);
          i++;
          continue;
        case '!':
          if (soql[i + 1] != '=')
            {
              set_bad_character (error, soql, i + 1);
              return NULL;
            }
          add_token (tokens, AUD_SOQL_TOKEN_OPERATOR, soql, i, i + 2);
          i += 2;
          continue;
        case '<':
          i += (soql[i + 1] == '=' || soql[i + 1] == '>') ? 2 : 1;
          add_token (tokens, AUD_SOQL_TOKEN_OPERATOR, soql, start, i);
          continue;
        case '>':
          i += soql[i + 1] == '=' ? 2 : 1;
          add_token (tokens, AUD_SOQL_TOKEN_OPERATOR, soql, start, i);
          continue;
        default:
          set_bad_character (error, soql, i);
          return NULL;
        }
    }

  return g_steal_pointer (&tokens);
}

char *
aud_soql_decode_string (const char *raw,
                        gboolean    like)
{
  GString *out = g_string_sized_new (strlen (raw));

  for (const char *p = raw; *p != '\0'; p++)
    {
      char c = *p;

      if (c != '\\')
        {
          /* In a pattern a backslash is the escape character, so a literal one is doubled;
           * % and _ written bare are wildcards. */
          g_string_append_c (out, c);
          continue;
        }

      p++;
      switch (*p)
        {
        case 'n': case 'N': c = '\n'; break;
        case 'r': case 'R': c = '\r'; break;
        case 't': case 'T': c = '\t'; break;
        case 'b': case 'B': c = '\b'; break;
        case 'f': case 'F': c = '\f'; break;
        case '%': case '_':
          if (like)
            g_string_append_c (out, '\\');
          c = *p;
          break;
        case '\0':
          /* The lexer never lets a lone trailing backslash through. */
          g_assert_not_reached ();
          break;
        default:
          c = *p;
          break;
        }
      if (like && c == '\\')
        g_string_append_c (out, '\\');
      g_string_append_c (out, c);
    }

  return g_string_free (out, FALSE);
}
