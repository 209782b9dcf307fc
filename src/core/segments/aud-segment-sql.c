/* aud-segment-sql.c — a segment definition checked and compiled to parameterised SQLite SQL
 *
 * Values people type are always bound, never pasted. The one thing pasted is the field's API
 * name inside json_extract(data, '$.Name'): it must be literal for SQLite to match the
 * expression indexes aud-segment-index.c creates, and it is checked against the audience's mapped
 * fields and against [A-Za-z][A-Za-z0-9_]* first.
 *
 * Text compares through aud_fold() (normalised, case-folded), so "ÉMILE" is "émile" and "STRASSE"
 * is "straße". Numbers, dates, booleans and picklist values compare raw, which lets SQLite use
 * the expression indexes.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "aud-segment-sql.h"

/* Whitespace a blank value may consist of: ASCII, no-break space, ideographic space. */
#define BLANK_CHARS "char(32, 9, 10, 11, 12, 13, 160, 12288)"

typedef struct
{
  AudSegmentFields *fields;
  GDate             today;
  GPtrArray        *params;
  guint             position;   /* 1-based number of the condition being compiled */
} Compiler;

gboolean
aud_segment_field_name_is_safe (const char *name)
{
  if (name == NULL || !g_ascii_isalpha (name[0]))
    return FALSE;
  for (const char *p = name; *p != '\0'; p++)
    if (!g_ascii_isalnum (*p) && *p != '_')
      return FALSE;
  return strlen (name) <= 128;
}

char *
aud_segment_sql_field_expression (const char *name)
{
  g_return_val_if_fail (aud_segment_field_name_is_safe (name), NULL);

  return g_strdup_printf ("json_extract(data, '$.%s')", name);
}

char *
aud_segment_fold_text (const char *text)
{
  g_autofree char *normalized = NULL;
  g_autofree char *folded = NULL;
  gboolean ascii = TRUE;

  if (text == NULL)
    return NULL;

  for (const char *p = text; *p != '\0'; p++)
    if ((guchar) *p >= 0x80)
      {
        ascii = FALSE;
        break;
      }

  /* Most values are ASCII: skip the Unicode tables for them, the result is the same. */
  if (ascii)
    return g_strstrip (g_ascii_strdown (text, -1));

  normalized = g_utf8_normalize (text, -1, G_NORMALIZE_NFKC);
  if (normalized == NULL)   /* not UTF-8: compare it as it is */
    return g_strstrip (g_strdup (text));
  folded = g_utf8_casefold (normalized, -1);
  /* Folding can produce decomposed sequences; normalise again so both sides agree. */
  return g_strstrip (g_utf8_normalize (folded, -1, G_NORMALIZE_NFKC));
}

static void
fold_func (sqlite3_context  *context,
           int               argc,
           sqlite3_value   **argv)
{
  const char *text;
  char *folded;

  if (sqlite3_value_type (argv[0]) == SQLITE_NULL)
    {
      sqlite3_result_null (context);
      return;
    }

  text = (const char *) sqlite3_value_text (argv[0]);
  folded = aud_segment_fold_text (text);
  sqlite3_result_text (context, folded, -1, g_free);
}

gboolean
aud_segment_sql_register (sqlite3  *db,
                          GError  **error)
{
  sqlite3_stmt *probe = NULL;
  int rc;

  g_return_val_if_fail (db != NULL, FALSE);

  /* Redefining a function while statements run fails with SQLITE_BUSY: register once per
   * connection, and find out whether that happened by trying to use it. */
  if (sqlite3_prepare_v2 (db, "SELECT aud_fold(NULL)", -1, &probe, NULL) == SQLITE_OK)
    {
      sqlite3_finalize (probe);
      return TRUE;
    }

  rc = sqlite3_create_function_v2 (db, "aud_fold", 1, SQLITE_UTF8 | SQLITE_DETERMINISTIC | SQLITE_INNOCUOUS,
                                   NULL, fold_func, NULL, NULL, NULL);
  if (rc != SQLITE_OK)
    {
      g_set_error (error, AUD_SEGMENT_ERROR, AUD_SEGMENT_ERROR_FAILED,
                   _("Could not prepare the workspace for segments (%s). Restart Audiences and try again."),
                   sqlite3_errmsg (db));
      return FALSE;
    }

  return TRUE;
}

void
aud_segment_sql_free (AudSegmentSql *sql)
{
  if (sql == NULL)
    return;

  g_free (sql->where);
  g_ptr_array_unref (sql->params);
  g_free (sql);
}

int
aud_segment_sql_bind (const AudSegmentSql *sql,
                      sqlite3_stmt        *stmt,
                      int                  first)
{
  int index = first;

  for (guint i = 0; i < sql->params->len; i++, index++)
    {
      GVariant *param = g_ptr_array_index (sql->params, i);

      if (g_variant_is_of_type (param, G_VARIANT_TYPE_STRING))
        sqlite3_bind_text (stmt, index, g_variant_get_string (param, NULL), -1, SQLITE_TRANSIENT);
      else if (g_variant_is_of_type (param, G_VARIANT_TYPE_DOUBLE))
        sqlite3_bind_double (stmt, index, g_variant_get_double (param));
      else
        sqlite3_bind_int64 (stmt, index, g_variant_get_int64 (param));
    }

  return index;
}

static void
add_text (Compiler   *c,
          const char *text)
{
  g_ptr_array_add (c->params, g_variant_ref_sink (g_variant_new_string (text)));
}

static void
add_text_take (Compiler *c,
               char     *text)
{
  g_ptr_array_add (c->params, g_variant_ref_sink (g_variant_new_take_string (text)));
}

static void
add_double (Compiler *c,
            double    value)
{
  g_ptr_array_add (c->params, g_variant_ref_sink (g_variant_new_double (value)));
}

static const char *
kind_label (AudFieldKind kind)
{
  switch (kind)
    {
    case AUD_FIELD_KIND_NUMBER:        return _("number");
    case AUD_FIELD_KIND_BOOLEAN:       return _("checkbox");
    case AUD_FIELD_KIND_DATE:          return _("date");
    case AUD_FIELD_KIND_DATETIME:      return _("date and time");
    case AUD_FIELD_KIND_PICKLIST:      return _("picklist");
    case AUD_FIELD_KIND_MULTIPICKLIST: return _("multi-select picklist");
    case AUD_FIELD_KIND_TEXT:
    default:                           return _("text");
    }
}

static gboolean
bad_value (Compiler               *c,
           const AudSegmentField  *field,
           const char             *value,
           const char             *expected,
           GError                **error)
{
  g_set_error (error, AUD_SEGMENT_ERROR, AUD_SEGMENT_ERROR_BAD_VALUE,
               _("Condition %u: “%s” is not %s, which “%s” needs. Correct the value."),
               c->position, value, expected, field->label);
  return FALSE;
}

static gboolean
parse_number (Compiler               *c,
              const AudSegmentField  *field,
              const char             *text,
              double                 *value,
              GError                **error)
{
  char *end = NULL;

  *value = g_ascii_strtod (text, &end);
  if (end == text || *end != '\0' || !isfinite (*value))
    return bad_value (c, field, text, _("a number like 500 or 12.5"), error);
  return TRUE;
}

static gboolean
parse_date (const char *text,
            GDate      *date)
{
  unsigned year, month, day;
  int consumed = 0;

  if (strlen (text) != 10 ||
      sscanf (text, "%4u-%2u-%2u%n", &year, &month, &day, &consumed) != 3 || consumed != 10 ||
      !g_date_valid_dmy (day, month, year))
    return FALSE;

  g_date_clear (date, 1);
  g_date_set_dmy (date, day, month, year);
  return TRUE;
}

static char *
format_date (const GDate *date)
{
  return g_strdup_printf ("%04u-%02u-%02u", g_date_get_year (date), g_date_get_month (date),
                          g_date_get_day (date));
}

/* Salesforce's datetime text: always UTC with milliseconds, so text order is time order. */
static char *
format_datetime (GDateTime *time)
{
  g_autoptr(GDateTime) utc = g_date_time_to_utc (time);

  return g_date_time_format (utc, "%Y-%m-%dT%H:%M:%S.000+0000");
}

static GDateTime *
local_midnight (const GDate *date)
{
  return g_date_time_new_local (g_date_get_year (date), g_date_get_month (date), g_date_get_day (date), 0, 0, 0);
}

/* A datetime value as the half-open UTC interval it names: a whole local day for "2024-03-31",
 * one second for "2024-03-31T09:30:00" (with an offset, or local time without one). */
static gboolean
parse_datetime_range (Compiler               *c,
                      const AudSegmentField  *field,
                      const char             *text,
                      char                  **start,
                      char                  **end,
                      GError                **error)
{
  GDate date;
  g_autoptr(GDateTime) from = NULL;
  g_autoptr(GDateTime) until = NULL;

  if (parse_date (text, &date))
    {
      from = local_midnight (&date);
      g_date_add_days (&date, 1);
      until = local_midnight (&date);
    }
  else
    {
      g_autoptr(GTimeZone) local = g_time_zone_new_local ();

      from = strlen (text) > 10 && text[10] == 'T' ? g_date_time_new_from_iso8601 (text, local) : NULL;
      if (from == NULL)
        return bad_value (c, field, text, _("a date like 2024-03-31 or a time like 2024-03-31T09:30:00"), error);
      until = g_date_time_add_seconds (from, 1);
    }

  *start = format_datetime (from);
  *end = format_datetime (until);
  return TRUE;
}

static gboolean
parse_days (Compiler               *c,
            const AudSegmentField  *field,
            const char             *text,
            guint                  *days,
            GError                **error)
{
  guint64 value;

  if (!g_ascii_string_to_unsigned (text, 10, 0, 36500, &value, NULL))
    return bad_value (c, field, text, _("a whole number of days between 0 and 36500"), error);
  *days = (guint) value;
  return TRUE;
}

static gboolean
compile_text (Compiler               *c,
              const AudSegmentNode   *node,
              const char             *x,
              GString                *out,
              GError                **error)
{
  g_autofree char *folded = aud_segment_fold_text (node->values[0]);

  switch (node->op)
    {
    case AUD_SEGMENT_OPERATOR_IS:
      g_string_append_printf (out, "aud_fold(%s) = ?", x);
      break;
    case AUD_SEGMENT_OPERATOR_IS_NOT:
      /* Blank values are "not France" too, as in Salesforce's own reports. */
      g_string_append_printf (out, "aud_fold(%s) IS NOT ?", x);
      break;
    case AUD_SEGMENT_OPERATOR_CONTAINS:
      g_string_append_printf (out, "instr(aud_fold(%s), ?) > 0", x);
      break;
    case AUD_SEGMENT_OPERATOR_STARTS_WITH:
      g_string_append_printf (out, "instr(aud_fold(%s), ?) = 1", x);
      break;
    case AUD_SEGMENT_OPERATOR_IN_LIST:
      g_string_append_printf (out, "aud_fold(%s) IN (", x);
      for (guint i = 0; node->values[i] != NULL; i++)
        {
          g_autofree char *item = aud_segment_fold_text (node->values[i]);
          g_string_append (out, i == 0 ? "?" : ", ?");
          add_text (c, item);
        }
      g_string_append_c (out, ')');
      return TRUE;
    default:
      g_assert_not_reached ();
    }

  add_text (c, folded);
  return TRUE;
}

static gboolean
compile_number (Compiler               *c,
                const AudSegmentField  *field,
                const AudSegmentNode   *node,
                const char             *x,
                GString                *out,
                GError                **error)
{
  double a, b = 0;

  if (!parse_number (c, field, node->values[0], &a, error))
    return FALSE;
  if (node->op == AUD_SEGMENT_OPERATOR_BETWEEN)
    {
      if (!parse_number (c, field, node->values[1], &b, error))
        return FALSE;
      if (a > b)
        {
          g_set_error (error, AUD_SEGMENT_ERROR, AUD_SEGMENT_ERROR_BAD_VALUE,
                       _("Condition %u: the range of “%s” starts at %s, after its end %s. Swap the two values."),
                       c->position, field->label, node->values[0], node->values[1]);
          return FALSE;
        }
    }

  /* Numbers sort before all text in SQLite, and '' is the smallest text: "< ''" keeps stray text
   * values out of "greater than" while staying one range on the index. */
  switch (node->op)
    {
    case AUD_SEGMENT_OPERATOR_EQUALS:           g_string_append_printf (out, "%s = ?", x); break;
    case AUD_SEGMENT_OPERATOR_NOT_EQUALS:       g_string_append_printf (out, "%s IS NOT ?", x); break;
    case AUD_SEGMENT_OPERATOR_LESS:             g_string_append_printf (out, "%s < ?", x); break;
    case AUD_SEGMENT_OPERATOR_LESS_OR_EQUAL:    g_string_append_printf (out, "%s <= ?", x); break;
    case AUD_SEGMENT_OPERATOR_GREATER:          g_string_append_printf (out, "(%s > ? AND %s < '')", x, x); break;
    case AUD_SEGMENT_OPERATOR_GREATER_OR_EQUAL: g_string_append_printf (out, "(%s >= ? AND %s < '')", x, x); break;
    case AUD_SEGMENT_OPERATOR_BETWEEN:          g_string_append_printf (out, "%s BETWEEN ? AND ?", x); break;
    default: g_assert_not_reached ();
    }

  add_double (c, a);
  if (node->op == AUD_SEGMENT_OPERATOR_BETWEEN)
    add_double (c, b);
  return TRUE;
}

/* Dates compare as 'YYYY-MM-DD' text, which sorts as time does. */
static gboolean
compile_date (Compiler               *c,
              const AudSegmentField  *field,
              const AudSegmentNode   *node,
              const char             *x,
              GString                *out,
              GError                **error)
{
  GDate a, b;

  if (node->op == AUD_SEGMENT_OPERATOR_IN_LAST_DAYS || node->op == AUD_SEGMENT_OPERATOR_IN_NEXT_DAYS)
    {
      guint days;

      if (!parse_days (c, field, node->values[0], &days, error))
        return FALSE;
      a = c->today;
      b = c->today;
      if (node->op == AUD_SEGMENT_OPERATOR_IN_LAST_DAYS)
        g_date_subtract_days (&a, days);
      else
        g_date_add_days (&b, days);
    }
  else
    {
      if (!parse_date (node->values[0], &a))
        return bad_value (c, field, node->values[0], _("a date like 2024-03-31"), error);
      if (node->op == AUD_SEGMENT_OPERATOR_BETWEEN && !parse_date (node->values[1], &b))
        return bad_value (c, field, node->values[1], _("a date like 2024-03-31"), error);
    }

  switch (node->op)
    {
    case AUD_SEGMENT_OPERATOR_EQUALS:           g_string_append_printf (out, "%s = ?", x); break;
    case AUD_SEGMENT_OPERATOR_NOT_EQUALS:       g_string_append_printf (out, "%s IS NOT ?", x); break;
    case AUD_SEGMENT_OPERATOR_LESS:             g_string_append_printf (out, "%s < ?", x); break;
    case AUD_SEGMENT_OPERATOR_LESS_OR_EQUAL:    g_string_append_printf (out, "%s <= ?", x); break;
    case AUD_SEGMENT_OPERATOR_GREATER:          g_string_append_printf (out, "%s > ?", x); break;
    case AUD_SEGMENT_OPERATOR_GREATER_OR_EQUAL: g_string_append_printf (out, "%s >= ?", x); break;
    case AUD_SEGMENT_OPERATOR_BETWEEN:
    case AUD_SEGMENT_OPERATOR_IN_LAST_DAYS:
    case AUD_SEGMENT_OPERATOR_IN_NEXT_DAYS:
      if (g_date_compare (&a, &b) > 0)
        {
          g_set_error (error, AUD_SEGMENT_ERROR, AUD_SEGMENT_ERROR_BAD_VALUE,
                       _("Condition %u: the range of “%s” starts at %s, after its end %s. Swap the two dates."),
                       c->position, field->label, node->values[0], node->values[1]);
          return FALSE;
        }
      g_string_append_printf (out, "%s BETWEEN ? AND ?", x);
      add_text_take (c, format_date (&a));
      add_text_take (c, format_date (&b));
      return TRUE;
    default: g_assert_not_reached ();
    }

  add_text_take (c, format_date (&a));
  return TRUE;
}

/* Datetimes compare as Salesforce's UTC text against the bounds of the interval each value names. */
static gboolean
compile_datetime (Compiler               *c,
                  const AudSegmentField  *field,
                  const AudSegmentNode   *node,
                  const char             *x,
                  GString                *out,
                  GError                 **error)
{
  g_autofree char *start = NULL;
  g_autofree char *end = NULL;

  if (node->op == AUD_SEGMENT_OPERATOR_IN_LAST_DAYS || node->op == AUD_SEGMENT_OPERATOR_IN_NEXT_DAYS)
    {
      GDate from = c->today, until = c->today;
      g_autoptr(GDateTime) from_time = NULL;
      g_autoptr(GDateTime) until_time = NULL;
      guint days;

      if (!parse_days (c, field, node->values[0], &days, error))
        return FALSE;
      /* Whole local days, today included, as "in the last 7 days" reads on a calendar. */
      if (node->op == AUD_SEGMENT_OPERATOR_IN_LAST_DAYS)
        g_date_subtract_days (&from, days);
      else
        g_date_add_days (&until, days);
      g_date_add_days (&until, 1);
      from_time = local_midnight (&from);
      until_time = local_midnight (&until);
      start = format_datetime (from_time);
      end = format_datetime (until_time);
    }
  else if (!parse_datetime_range (c, field, node->values[0], &start, &end, error))
    return FALSE;

  switch (node->op)
    {
    case AUD_SEGMENT_OPERATOR_EQUALS:
    case AUD_SEGMENT_OPERATOR_IN_LAST_DAYS:
    case AUD_SEGMENT_OPERATOR_IN_NEXT_DAYS:
      g_string_append_printf (out, "(%s >= ? AND %s < ?)", x, x);
      add_text_take (c, g_steal_pointer (&start));
      add_text_take (c, g_steal_pointer (&end));
      break;
    case AUD_SEGMENT_OPERATOR_NOT_EQUALS:
      g_string_append_printf (out, "(%s IS NULL OR %s < ? OR %s >= ?)", x, x, x);
      add_text_take (c, g_steal_pointer (&start));
      add_text_take (c, g_steal_pointer (&end));
      break;
    case AUD_SEGMENT_OPERATOR_LESS:
      g_string_append_printf (out, "%s < ?", x);
      add_text_take (c, g_steal_pointer (&start));
      break;
    case AUD_SEGMENT_OPERATOR_LESS_OR_EQUAL:
      g_string_append_printf (out, "%s < ?", x);
      add_text_take (c, g_steal_pointer (&end));
      break;
    case AUD_SEGMENT_OPERATOR_GREATER:
      g_string_append_printf (out, "%s >= ?", x);
      add_text_take (c, g_steal_pointer (&end));
      break;
    case AUD_SEGMENT_OPERATOR_GREATER_OR_EQUAL:
      g_string_append_printf (out, "%s >= ?", x);
      add_text_take (c, g_steal_pointer (&start));
      break;
    case AUD_SEGMENT_OPERATOR_BETWEEN:
      {
        g_autofree char *start2 = NULL;
        g_autofree char *end2 = NULL;

        if (!parse_datetime_range (c, field, node->values[1], &start2, &end2, error))
          return FALSE;
        if (strcmp (start, start2) > 0)
          {
            g_set_error (error, AUD_SEGMENT_ERROR, AUD_SEGMENT_ERROR_BAD_VALUE,
                         _("Condition %u: the range of “%s” starts at %s, after its end %s. Swap the two dates."),
                         c->position, field->label, node->values[0], node->values[1]);
            return FALSE;
          }
        g_string_append_printf (out, "(%s >= ? AND %s < ?)", x, x);
        add_text_take (c, g_steal_pointer (&start));
        add_text_take (c, g_steal_pointer (&end2));
      }
      break;
    default:
      g_assert_not_reached ();
    }

  return TRUE;
}

static const char *
canonical_picklist_value (const AudSegmentField *field,
                          const char            *value)
{
  g_autofree char *wanted = aud_segment_fold_text (value);

  /* Values no longer offered (inactive) may still be in records: those stay as typed. */
  for (guint i = 0; field->picklist_values != NULL && field->picklist_values[i] != NULL; i++)
    {
      g_autofree char *known = aud_segment_fold_text (field->picklist_values[i]);
      if (g_str_equal (known, wanted))
        return field->picklist_values[i];
    }
  return value;
}

static gboolean
compile_condition (Compiler              *c,
                   const AudSegmentNode  *node,
                   GString               *out,
                   GError               **error)
{
  const AudSegmentField *field = aud_segment_fields_lookup (c->fields, node->field);
  g_autofree char *x = NULL;
  int n_values = aud_segment_operator_n_values (node->op);
  guint n_given = 0;

  if (field == NULL || !aud_segment_field_name_is_safe (field->name))
    {
      g_set_error (error, AUD_SEGMENT_ERROR, AUD_SEGMENT_ERROR_UNMAPPED_FIELD,
                   _("Condition %u: the field “%s” is not mapped in this audience, so no record has a value "
                     "for it. Map the field again, or remove the condition."),
                   c->position, node->field);
      return FALSE;
    }

  if (!aud_segment_operator_fits_kind (node->op, field->kind))
    {
      g_set_error (error, AUD_SEGMENT_ERROR, AUD_SEGMENT_ERROR_BAD_OPERATOR,
                   _("Condition %u: “%s” is a %s field, which cannot be compared with “%s”. Pick another operator."),
                   c->position, field->label, kind_label (field->kind),
                   aud_segment_operator_get_label (node->op, field->kind));
      return FALSE;
    }

  for (guint i = 0; node->values[i] != NULL; i++)
    {
      g_autofree char *stripped = g_strstrip (g_strdup (node->values[i]));
      if (*stripped == '\0')
        {
          g_set_error (error, AUD_SEGMENT_ERROR, AUD_SEGMENT_ERROR_BAD_VALUE,
                       _("Condition %u: a value for “%s” is empty. Enter a value, or use “is blank”."),
                       c->position, field->label);
          return FALSE;
        }
      n_given++;
    }
  if ((n_values >= 0 && n_given != (guint) n_values) || (n_values < 0 && n_given == 0))
    {
      if (n_values == 2)
        g_set_error (error, AUD_SEGMENT_ERROR, AUD_SEGMENT_ERROR_BAD_VALUE,
                     _("Condition %u: “%s” needs two values, the start and the end of the range."),
                     c->position, field->label);
      else if (n_values == 0)
        g_set_error (error, AUD_SEGMENT_ERROR, AUD_SEGMENT_ERROR_BAD_VALUE,
                     _("Condition %u: “%s %s” takes no value. Remove the value."),
                     c->position, field->label, aud_segment_operator_get_label (node->op, field->kind));
      else
        g_set_error (error, AUD_SEGMENT_ERROR, AUD_SEGMENT_ERROR_BAD_VALUE,
                     _("Condition %u: enter a value to compare “%s” with."),
                     c->position, field->label);
      return FALSE;
    }

  x = aud_segment_sql_field_expression (field->name);

  switch (node->op)
    {
    case AUD_SEGMENT_OPERATOR_IS_BLANK:
      g_string_append_printf (out, "(%s IS NULL OR trim(%s, " BLANK_CHARS ") = '')", x, x);
      return TRUE;
    case AUD_SEGMENT_OPERATOR_IS_NOT_BLANK:
      g_string_append_printf (out, "(%s IS NOT NULL AND trim(%s, " BLANK_CHARS ") <> '')", x, x);
      return TRUE;
    case AUD_SEGMENT_OPERATOR_IS_TRUE:
      /* JSON true is 1 to json_extract. */
      g_string_append_printf (out, "%s = 1", x);
      return TRUE;
    case AUD_SEGMENT_OPERATOR_IS_FALSE:
      g_string_append_printf (out, "%s = 0", x);
      return TRUE;
    case AUD_SEGMENT_OPERATOR_ANY_OF:
      if (field->kind == AUD_FIELD_KIND_MULTIPICKLIST)
        {
          /* Salesforce stores "A;B;C": match whole items. */
          g_string_append_c (out, '(');
          for (guint i = 0; node->values[i] != NULL; i++)
            {
              g_string_append_printf (out, "%sinstr(';' || %s || ';', ?) > 0", i == 0 ? "" : " OR ", x);
              add_text_take (c, g_strdup_printf (";%s;", node->values[i]));
            }
          g_string_append_c (out, ')');
        }
      else
        {
          /* Picklist values are Salesforce's exact API values: compare raw, on the index, after
           * taking the describe's spelling for a value typed in another case ("enterprise"). */
          g_string_append_printf (out, "%s IN (", x);
          for (guint i = 0; node->values[i] != NULL; i++)
            {
              g_string_append (out, i == 0 ? "?" : ", ?");
              add_text (c, canonical_picklist_value (field, node->values[i]));
            }
          g_string_append_c (out, ')');
        }
      return TRUE;
    default:
      break;
    }

  switch (field->kind)
    {
    case AUD_FIELD_KIND_NUMBER:
      return compile_number (c, field, node, x, out, error);
    case AUD_FIELD_KIND_DATE:
      return compile_date (c, field, node, x, out, error);
    case AUD_FIELD_KIND_DATETIME:
      return compile_datetime (c, field, node, x, out, error);
    default:
      return compile_text (c, node, x, out, error);
    }
}

static gboolean
compile_node (Compiler              *c,
              const AudSegmentNode  *node,
              GString               *out,
              GError               **error)
{
  guint n_parts = 0;

  if (!node->is_group)
    {
      c->position++;
      return compile_condition (c, node, out, error);
    }

  g_string_append_c (out, '(');
  for (guint i = 0; i < node->children->len; i++)
    {
      const AudSegmentNode *child = g_ptr_array_index (node->children, i);

      /* An empty nested group says nothing: leave it out rather than match all or nothing. */
      if (child->is_group && aud_segment_node_count_conditions (child) == 0)
        continue;
      if (n_parts++ > 0)
        g_string_append (out, node->match == AUD_SEGMENT_MATCH_ANY ? " OR " : " AND ");
      if (!compile_node (c, child, out, error))
        return FALSE;
    }
  if (n_parts == 0)
    g_string_append_c (out, '1');
  g_string_append_c (out, ')');

  return TRUE;
}

AudSegmentSql *
aud_segment_sql_compile (const AudSegmentNode  *root,
                         AudSegmentFields      *fields,
                         GDateTime             *now,
                         GError               **error)
{
  g_autoptr(GDateTime) local_now = NULL;
  g_autoptr(GString) out = g_string_new (NULL);
  g_autoptr(GPtrArray) params = g_ptr_array_new_with_free_func ((GDestroyNotify) g_variant_unref);
  AudSegmentSql *sql;
  Compiler c = { 0 };

  g_return_val_if_fail (root != NULL && root->is_group, NULL);
  g_return_val_if_fail (fields != NULL, NULL);

  local_now = now != NULL ? g_date_time_to_local (now) : g_date_time_new_now_local ();
  g_date_clear (&c.today, 1);
  g_date_set_dmy (&c.today, g_date_time_get_day_of_month (local_now), g_date_time_get_month (local_now),
                  g_date_time_get_year (local_now));
  c.fields = fields;
  c.params = params;

  if (!compile_node (&c, root, out, error))
    return NULL;

  sql = g_new0 (AudSegmentSql, 1);
  sql->where = g_string_free (g_steal_pointer (&out), FALSE);
  sql->params = g_steal_pointer (&params);
  return sql;
}
