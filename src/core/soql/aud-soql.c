/* aud-soql.c — SOQL queries: error messages in Salesforce's shape, literals, accessors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "aud-soql-private.h"

G_DEFINE_QUARK (aud-soql-error-quark, aud_soql_error)

const char *
aud_soql_error_code_name (AudSoqlError code)
{
  switch (code)
    {
    case AUD_SOQL_ERROR_MALFORMED_QUERY:            return "MALFORMED_QUERY";
    case AUD_SOQL_ERROR_INVALID_FIELD:              return "INVALID_FIELD";
    case AUD_SOQL_ERROR_INVALID_TYPE:               return "INVALID_TYPE";
    case AUD_SOQL_ERROR_NUMBER_OUTSIDE_VALID_RANGE: return "NUMBER_OUTSIDE_VALID_RANGE";
    default:                                        return "UNKNOWN_EXCEPTION";
    }
}

/* How much of a long line the error message repeats on each side of the caret: the real API
 * shows a window of the query, not all of it. */
#define SNIPPET_BEFORE 40
#define SNIPPET_AFTER  60

void
aud_soql_offset_to_position (const char *soql,
                             gsize       offset,
                             guint      *row,
                             guint      *column)
{
  const char *line = soql;
  guint r = 1;

  for (gsize i = 0; i < offset && soql[i] != '\0'; i++)
    {
      if (soql[i] == '\n')
        {
          r++;
          line = soql + i + 1;
        }
    }

  *row = r;
  *column = (guint) g_utf8_pointer_to_offset (line, soql + offset) + 1;
}

/* The message text is Salesforce's own English, not ours: the demo org returns it verbatim
 * as the API's `message`, and callers match on the errorCode, so it is not translated. */
void
aud_soql_set_error (GError       **error,
                    AudSoqlError   code,
                    const char    *soql,
                    gsize          offset,
                    const char    *format,
                    ...)
{
  g_autofree char *text = NULL;
  g_autoptr(GString) message = g_string_new ("\n");
  gsize len = strlen (soql);
  const char *line_start;
  const char *line_end;
  const char *from;
  const char *to;
  const char *at;
  guint row;
  guint column;
  va_list args;

  va_start (args, format);
  text = g_strdup_vprintf (format, args);
  va_end (args);

  offset = MIN (offset, len);
  /* At the end of the text the caret sits under the last character, as the real API does. */
  if (offset == len && offset > 0 && soql[offset - 1] != '\n')
    offset = g_utf8_find_prev_char (soql, soql + offset) - soql;
  at = soql + offset;

  line_start = at;
  while (line_start > soql && line_start[-1] != '\n')
    line_start--;
  line_end = strchr (at, '\n');
  if (line_end == NULL)
    line_end = soql + len;
  if (line_end > line_start && line_end[-1] == '\r')
    line_end--;

  from = at;
  for (guint i = 0; i < SNIPPET_BEFORE && from > line_start; i++)
    from = g_utf8_find_prev_char (line_start, from);
  to = at;
  for (guint i = 0; i < SNIPPET_AFTER && to < line_end; i++)
    to = g_utf8_next_char (to);
  to = MIN (to, line_end);

  aud_soql_offset_to_position (soql, offset, &row, &column);

  g_string_append_len (message, from, to - from);
  g_string_append_c (message, '\n');
  for (glong i = g_utf8_pointer_to_offset (from, at); i > 0; i--)
    g_string_append_c (message, ' ');
  g_string_append_printf (message, "^\nERROR at Row:%u:Column:%u\n%s", row, column, text);

  g_set_error_literal (error, AUD_SOQL_ERROR, code, message->str);
}

char *
aud_soql_quote_string (const char *value)
{
  GString *out;

  g_return_val_if_fail (value != NULL, NULL);

  out = g_string_sized_new (strlen (value) + 2);
  g_string_append_c (out, '\'');
  for (const char *p = value; *p != '\0'; p++)
    {
      switch (*p)
        {
        case '\'': g_string_append (out, "\\'"); break;
        case '"':  g_string_append (out, "\\\""); break;
        case '\\': g_string_append (out, "\\\\"); break;
        case '\n': g_string_append (out, "\\n"); break;
        case '\r': g_string_append (out, "\\r"); break;
        case '\t': g_string_append (out, "\\t"); break;
        case '\b': g_string_append (out, "\\b"); break;
        case '\f': g_string_append (out, "\\f"); break;
        default:   g_string_append_c (out, *p); break;
        }
    }
  g_string_append_c (out, '\'');

  return g_string_free (out, FALSE);
}

/* Always with `Z`: a `+hh:mm` offset breaks when a client forgets to percent-encode the `+`.
 * Milliseconds appear only when present, so second-precision watermarks stay short. */
char *
aud_soql_format_datetime (GDateTime *dt)
{
  g_autoptr(GDateTime) utc = NULL;
  g_autofree char *base = NULL;
  int ms;

  g_return_val_if_fail (dt != NULL, NULL);

  utc = g_date_time_to_utc (dt);
  base = g_date_time_format (utc, "%Y-%m-%dT%H:%M:%S");
  ms = g_date_time_get_microsecond (utc) / 1000;
  if (ms != 0)
    return g_strdup_printf ("%s.%03dZ", base, ms);

  return g_strconcat (base, "Z", NULL);
}

static gboolean
parse_digits (const char *p,
              guint       n,
              int        *out)
{
  int v = 0;

  for (guint i = 0; i < n; i++)
    {
      if (!g_ascii_isdigit (p[i]))
        return FALSE;
      v = v * 10 + (p[i] - '0');
    }
  *out = v;

  return TRUE;
}

static gboolean
parse_date (const char *p,
            int        *year,
            int        *month,
            int        *day)
{
  return parse_digits (p, 4, year) && p[4] == '-' &&
         parse_digits (p + 5, 2, month) && p[7] == '-' &&
         parse_digits (p + 8, 2, day) &&
         *year >= 1 && g_date_valid_dmy (*day, *month, *year);
}

gboolean
aud_soql_date_is_valid (const char *literal)
{
  int y, m, d;

  return strlen (literal) == 10 && parse_date (literal, &y, &m, &d);
}

char *
aud_soql_normalize_datetime (const char *literal)
{
  g_autoptr(GTimeZone) tz = NULL;
  g_autoptr(GDateTime) local = NULL;
  g_autoptr(GDateTime) utc = NULL;
  g_autofree char *base = NULL;
  const char *p = literal;
  int year, month, day, hour, minute, second;
  int ms = 0;

  if (!parse_date (p, &year, &month, &day) || p[10] != 'T' ||
      !parse_digits (p + 11, 2, &hour) || p[13] != ':' ||
      !parse_digits (p + 14, 2, &minute) || p[16] != ':' ||
      !parse_digits (p + 17, 2, &second))
    return NULL;
  if (hour > 23 || minute > 59 || second > 59)
    return NULL;
  p += 19;

  if (*p == '.')
    {
      guint n = 0;

      /* Stored values carry milliseconds; finer digits cannot change a comparison with them
       * except by rounding up, so they are cut off. */
      for (p++; g_ascii_isdigit (*p); p++, n++)
        if (n < 3)
          ms = ms * 10 + (*p - '0');
      if (n == 0)
        return NULL;
      for (; n < 3; n++)
        ms *= 10;
    }

  if (*p == 'Z' && p[1] == '\0')
    tz = g_time_zone_new_utc ();
  else if ((*p == '+' || *p == '-') && strlen (p) == 6 && p[3] == ':')
    {
      int oh, om;

      if (!parse_digits (p + 1, 2, &oh) || !parse_digits (p + 4, 2, &om) || oh > 23 || om > 59)
        return NULL;
      tz = g_time_zone_new_offset ((*p == '-' ? -1 : 1) * (oh * 3600 + om * 60));
    }
  else
    return NULL;

  local = g_date_time_new (tz, year, month, day, hour, minute, second);
  if (local == NULL)
    return NULL;
  utc = g_date_time_to_utc (local);
  /* Year 1 minus a positive offset falls before what the stored form can hold. */
  if (utc == NULL || g_date_time_get_year (utc) < 1)
    return NULL;
  base = g_date_time_format (utc, "%Y-%m-%dT%H:%M:%S");

  return g_strdup_printf ("%s.%03d+0000", base, ms);
}

gboolean
aud_soql_datetime_is_valid (const char *literal)
{
  g_autofree char *normal = aud_soql_normalize_datetime (literal);

  return normal != NULL;
}

void
aud_soql_path_free (AudSoqlPath *path)
{
  if (path == NULL)
    return;
  g_free (path->text);
  g_free (path->canonical);
  g_free (path);
}

void
aud_soql_value_free (AudSoqlValue *value)
{
  if (value == NULL)
    return;
  g_free (value->text);
  g_clear_pointer (&value->param, g_variant_unref);
  g_free (value);
}

void
aud_soql_expr_free (AudSoqlExpr *expr)
{
  if (expr == NULL)
    return;
  g_clear_pointer (&expr->children, g_ptr_array_unref);
  aud_soql_path_free (expr->path);
  g_free (expr->op);
  g_clear_pointer (&expr->values, g_ptr_array_unref);
  g_free (expr);
}

void
aud_soql_order_free (AudSoqlOrder *order)
{
  if (order == NULL)
    return;
  aud_soql_path_free (order->path);
  g_free (order);
}

void
aud_soql_join_free (AudSoqlJoin *join)
{
  if (join == NULL)
    return;
  g_free (join->path);
  g_free (join->object);
  g_free (join);
}

void
aud_soql_query_free (AudSoqlQuery *query)
{
  if (query == NULL)
    return;
  g_free (query->soql);
  g_clear_pointer (&query->columns, g_ptr_array_unref);
  g_free (query->object_text);
  g_free (query->object);
  aud_soql_expr_free (query->where);
  g_clear_pointer (&query->order, g_ptr_array_unref);
  g_clear_pointer (&query->joins, g_ptr_array_unref);
  g_free (query);
}

const char *
aud_soql_query_get_object (const AudSoqlQuery *query)
{
  g_return_val_if_fail (query != NULL, NULL);

  return query->object != NULL ? query->object : query->object_text;
}

gboolean
aud_soql_query_is_count (const AudSoqlQuery *query)
{
  g_return_val_if_fail (query != NULL, FALSE);

  return query->is_count;
}

gint64
aud_soql_query_get_limit (const AudSoqlQuery *query)
{
  g_return_val_if_fail (query != NULL, -1);

  return query->limit;
}

gint64
aud_soql_query_get_offset (const AudSoqlQuery *query)
{
  g_return_val_if_fail (query != NULL, 0);

  return query->offset;
}

guint
aud_soql_query_get_n_columns (const AudSoqlQuery *query)
{
  g_return_val_if_fail (query != NULL, 0);

  return query->columns->len;
}

const char *
aud_soql_query_get_column (const AudSoqlQuery  *query,
                           guint                index,
                           const AudSoqlField **field)
{
  AudSoqlPath *path;

  g_return_val_if_fail (query != NULL, NULL);
  g_return_val_if_fail (index < query->columns->len, NULL);

  path = g_ptr_array_index (query->columns, index);
  if (field != NULL)
    *field = path->field;

  return path->canonical != NULL ? path->canonical : path->text;
}

guint
aud_soql_query_get_n_relationships (const AudSoqlQuery *query)
{
  g_return_val_if_fail (query != NULL, 0);

  return query->joins != NULL ? query->joins->len : 0;
}

const char *
aud_soql_query_get_relationship (const AudSoqlQuery *query,
                                 guint               index,
                                 const char        **object)
{
  AudSoqlJoin *join;

  g_return_val_if_fail (query != NULL, NULL);
  g_return_val_if_fail (query->joins != NULL && index < query->joins->len, NULL);

  join = g_ptr_array_index (query->joins, index);
  if (object != NULL)
    *object = join->object;

  return join->path;
}
