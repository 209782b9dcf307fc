/* aud-overwrite-rule.c — per-field overwrite rules and the one decision that applies them
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <stdio.h>
#include <string.h>

#include "aud-overwrite-rule.h"

static const char * const rule_names[] = { "never", "conditional", "always" };

const char *
aud_overwrite_rule_to_string (AudOverwriteRule rule)
{
  g_return_val_if_fail (rule <= AUD_OVERWRITE_RULE_ALWAYS, "never");

  return rule_names[rule];
}

gboolean
aud_overwrite_rule_from_string (const char       *s,
                                AudOverwriteRule *rule)
{
  for (guint i = 0; i < G_N_ELEMENTS (rule_names); i++)
    if (g_strcmp0 (s, rule_names[i]) == 0)
      {
        *rule = (AudOverwriteRule) i;
        return TRUE;
      }

  return FALSE;
}

const char *
aud_overwrite_rule_get_label (AudOverwriteRule rule)
{
  switch (rule)
    {
    case AUD_OVERWRITE_RULE_CONDITIONAL:
      return _("Only if blank");
    case AUD_OVERWRITE_RULE_ALWAYS:
      return _("Always write");
    case AUD_OVERWRITE_RULE_NEVER:
    default:
      return _("Never write");
    }
}

AudFieldKind
aud_field_kind_from_salesforce_type (const char *type)
{
  static const struct { const char *type; AudFieldKind kind; } kinds[] = {
    { "int", AUD_FIELD_KIND_NUMBER },
    { "long", AUD_FIELD_KIND_NUMBER },
    { "double", AUD_FIELD_KIND_NUMBER },
    { "currency", AUD_FIELD_KIND_NUMBER },
    { "percent", AUD_FIELD_KIND_NUMBER },
    { "boolean", AUD_FIELD_KIND_BOOLEAN },
    { "date", AUD_FIELD_KIND_DATE },
    { "datetime", AUD_FIELD_KIND_DATETIME },
    { "picklist", AUD_FIELD_KIND_PICKLIST },
    { "combobox", AUD_FIELD_KIND_PICKLIST },
    { "multipicklist", AUD_FIELD_KIND_MULTIPICKLIST },
  };

  for (guint i = 0; i < G_N_ELEMENTS (kinds); i++)
    if (g_strcmp0 (type, kinds[i].type) == 0)
      return kinds[i].kind;

  return AUD_FIELD_KIND_TEXT;
}

const char *
aud_write_reason_to_string (AudWriteReason reason)
{
  switch (reason)
    {
    case AUD_WRITE_REASON_RULE_ALWAYS:          return "rule-always";
    case AUD_WRITE_REASON_SALESFORCE_BLANK:     return "salesforce-blank";
    case AUD_WRITE_REASON_NOT_WRITABLE:         return "not-writable";
    case AUD_WRITE_REASON_RULE_NEVER:           return "rule-never";
    case AUD_WRITE_REASON_NOTHING_TO_WRITE:     return "nothing-to-write";
    case AUD_WRITE_REASON_INVALID_VALUE:        return "invalid-value";
    case AUD_WRITE_REASON_SALESFORCE_UNKNOWN:   return "salesforce-unknown";
    case AUD_WRITE_REASON_UNCHANGED:            return "unchanged";
    case AUD_WRITE_REASON_SALESFORCE_NOT_BLANK: return "salesforce-not-blank";
    default:                                    return "unknown";
    }
}

const char *
aud_write_reason_get_description (AudWriteReason reason)
{
  switch (reason)
    {
    case AUD_WRITE_REASON_RULE_ALWAYS:
      return _("Always write: our value replaces Salesforce’s");
    case AUD_WRITE_REASON_SALESFORCE_BLANK:
      return _("Salesforce’s value is blank, so ours fills it");
    case AUD_WRITE_REASON_NOT_WRITABLE:
      return _("Salesforce does not allow updating this field");
    case AUD_WRITE_REASON_RULE_NEVER:
      return _("The field’s rule is Never write");
    case AUD_WRITE_REASON_NOTHING_TO_WRITE:
      return _("There is no value to write; Audiences never blanks a field");
    case AUD_WRITE_REASON_INVALID_VALUE:
      return _("Our value does not fit the field’s type; fix it in the golden record");
    case AUD_WRITE_REASON_SALESFORCE_UNKNOWN:
      return _("Salesforce’s current value has not been fetched yet; sync first");
    case AUD_WRITE_REASON_UNCHANGED:
      return _("Salesforce already holds this value");
    case AUD_WRITE_REASON_SALESFORCE_NOT_BLANK:
      return _("Only if blank: Salesforce already has a value");
    default:
      return "";
    }
}

/* The value as text, or NULL for JSON null and non-scalars. */
static char *
dup_value_text (JsonNode *value)
{
  GType type;

  if (value == NULL || JSON_NODE_HOLDS_NULL (value) || !JSON_NODE_HOLDS_VALUE (value))
    return NULL;

  type = json_node_get_value_type (value);
  if (type == G_TYPE_STRING)
    return g_strdup (json_node_get_string (value));
  if (type == G_TYPE_BOOLEAN)
    return g_strdup (json_node_get_boolean (value) ? "true" : "false");
  if (type == G_TYPE_INT64)
    return g_strdup_printf ("%" G_GINT64_FORMAT, json_node_get_int (value));
  if (type == G_TYPE_DOUBLE)
    {
      char buf[G_ASCII_DTOSTR_BUF_SIZE];
      return g_strdup (g_ascii_dtostr (buf, sizeof buf, json_node_get_double (value)));
    }

  return NULL;
}

static char *
dup_trimmed (JsonNode *value)
{
  char *text = dup_value_text (value);

  return text != NULL ? g_strstrip (text) : NULL;
}

gboolean
aud_value_is_blank (JsonNode *value)
{
  g_autofree char *text = dup_trimmed (value);

  return text == NULL || *text == '\0';
}

static gboolean
parse_number (JsonNode *value,
              double   *out)
{
  g_autofree char *text = NULL;
  char *end = NULL;

  if (value != NULL && JSON_NODE_HOLDS_VALUE (value))
    {
      GType type = json_node_get_value_type (value);

      if (type == G_TYPE_INT64 || type == G_TYPE_DOUBLE)
        {
          *out = json_node_get_double (value);
          return TRUE;
        }
    }

  text = dup_trimmed (value);
  if (text == NULL || *text == '\0')
    return FALSE;

  *out = g_ascii_strtod (text, &end);
  return end != NULL && *end == '\0';
}

static gboolean
parse_boolean (JsonNode *value,
               gboolean *out)
{
  g_autofree char *text = dup_trimmed (value);

  if (text == NULL)
    return FALSE;

  if (g_ascii_strcasecmp (text, "true") == 0 || g_strcmp0 (text, "1") == 0)
    *out = TRUE;
  else if (g_ascii_strcasecmp (text, "false") == 0 || g_strcmp0 (text, "0") == 0)
    *out = FALSE;
  else
    return FALSE;

  return TRUE;
}

/* Julian day of a YYYY-MM-DD prefix; a datetime compares as its date for date fields. */
static gboolean
parse_date (JsonNode *value,
            guint32  *out)
{
  g_autofree char *text = dup_trimmed (value);
  g_autoptr(GDate) date = NULL;
  guint y, m, d;
  char tail;

  if (text == NULL)
    return FALSE;

  if (sscanf (text, "%4u-%2u-%2u%c", &y, &m, &d, &tail) < 3)
    return FALSE;
  if (strlen (text) > 10 && text[10] != 'T' && text[10] != ' ')
    return FALSE;
  if (!g_date_valid_dmy ((GDateDay) d, (GDateMonth) m, (GDateYear) y))
    return FALSE;

  date = g_date_new_dmy ((GDateDay) d, (GDateMonth) m, (GDateYear) y);
  *out = g_date_get_julian (date);
  return TRUE;
}

/* Salesforce writes "2024-01-05T10:00:00.000+0000"; a bare time means UTC. */
static GDateTime *
parse_datetime (JsonNode *value)
{
  g_autofree char *text = dup_trimmed (value);
  g_autoptr(GTimeZone) utc = g_time_zone_new_utc ();

  if (text == NULL || *text == '\0')
    return NULL;

  return g_date_time_new_from_iso8601 (text, utc);
}

static int
compare_strings (gconstpointer a,
                 gconstpointer b)
{
  return g_strcmp0 (*(const char * const *) a, *(const char * const *) b);
}

/* Multi-select picklists hold "A;B;C": order and spacing do not matter. */
static GPtrArray *
split_multipicklist (JsonNode *value)
{
  g_autofree char *text = dup_trimmed (value);
  g_auto(GStrv) parts = g_strsplit (text != NULL ? text : "", ";", -1);
  GPtrArray *set = g_ptr_array_new_with_free_func (g_free);

  for (guint i = 0; parts[i] != NULL; i++)
    {
      g_strstrip (parts[i]);
      if (*parts[i] != '\0')
        g_ptr_array_add (set, g_strdup (parts[i]));
    }
  g_ptr_array_sort (set, compare_strings);
  return set;
}

/* Whether our value can be written to a field of this kind at all. */
static gboolean
value_is_valid (AudFieldKind  kind,
                JsonNode     *value)
{
  double n;
  gboolean b;
  guint32 d;
  g_autoptr(GDateTime) dt = NULL;

  switch (kind)
    {
    case AUD_FIELD_KIND_NUMBER:
      return parse_number (value, &n);
    case AUD_FIELD_KIND_BOOLEAN:
      return parse_boolean (value, &b);
    case AUD_FIELD_KIND_DATE:
      return parse_date (value, &d);
    case AUD_FIELD_KIND_DATETIME:
      dt = parse_datetime (value);
      return dt != NULL;
    case AUD_FIELD_KIND_TEXT:
    case AUD_FIELD_KIND_PICKLIST:
    case AUD_FIELD_KIND_MULTIPICKLIST:
    default:
      return TRUE;
    }
}

gboolean
aud_values_equal (AudFieldKind  kind,
                  JsonNode     *a,
                  JsonNode     *b)
{
  gboolean blank_a = aud_value_is_blank (a);
  gboolean blank_b = aud_value_is_blank (b);

  if (blank_a || blank_b)
    return blank_a && blank_b;

  switch (kind)
    {
    case AUD_FIELD_KIND_NUMBER:
      {
        double x, y;

        if (parse_number (a, &x) && parse_number (b, &y))
          return x == y;
        break;
      }
    case AUD_FIELD_KIND_BOOLEAN:
      {
        gboolean x, y;

        if (parse_boolean (a, &x) && parse_boolean (b, &y))
          return x == y;
        break;
      }
    case AUD_FIELD_KIND_DATE:
      {
        guint32 x, y;

        if (parse_date (a, &x) && parse_date (b, &y))
          return x == y;
        break;
      }
    case AUD_FIELD_KIND_DATETIME:
      {
        g_autoptr(GDateTime) x = parse_datetime (a);
        g_autoptr(GDateTime) y = parse_datetime (b);

        if (x != NULL && y != NULL)
          return g_date_time_equal (x, y);
        break;
      }
    case AUD_FIELD_KIND_MULTIPICKLIST:
      {
        g_autoptr(GPtrArray) x = split_multipicklist (a);
        g_autoptr(GPtrArray) y = split_multipicklist (b);

        if (x->len != y->len)
          return FALSE;
        for (guint i = 0; i < x->len; i++)
          if (g_strcmp0 (x->pdata[i], y->pdata[i]) != 0)
            return FALSE;
        return TRUE;
      }
    case AUD_FIELD_KIND_TEXT:
    case AUD_FIELD_KIND_PICKLIST:
    default:
      break;
    }

  /* Text and picklists, and values that do not parse: Salesforce trims text on save, so
   * surrounding whitespace is not a change. */
  {
    g_autofree char *x = dup_trimmed (a);
    g_autofree char *y = dup_trimmed (b);

    return g_strcmp0 (x, y) == 0;
  }
}

gboolean
aud_overwrite_rule_decide (AudOverwriteRule  rule,
                           gboolean          writable,
                           AudFieldKind      kind,
                           JsonNode         *salesforce_value,
                           JsonNode         *our_value,
                           AudWriteReason   *reason)
{
  AudWriteReason why;
  gboolean write = FALSE;

  /* Order matters: each step is the most useful explanation left when the ones before pass. */
  if (!writable)
    why = AUD_WRITE_REASON_NOT_WRITABLE;
  else if (rule == AUD_OVERWRITE_RULE_NEVER)
    why = AUD_WRITE_REASON_RULE_NEVER;
  else if (aud_value_is_blank (our_value))
    why = AUD_WRITE_REASON_NOTHING_TO_WRITE;
  else if (!value_is_valid (kind, our_value))
    why = AUD_WRITE_REASON_INVALID_VALUE;
  else if (salesforce_value == NULL)
    /* Without the current value there is nothing to compare with, and no old value to keep
     * for undo: wait for the backfill. */
    why = AUD_WRITE_REASON_SALESFORCE_UNKNOWN;
  else if (aud_values_equal (kind, salesforce_value, our_value))
    why = AUD_WRITE_REASON_UNCHANGED;
  else if (rule == AUD_OVERWRITE_RULE_ALWAYS)
    {
      why = AUD_WRITE_REASON_RULE_ALWAYS;
      write = TRUE;
    }
  else if (aud_value_is_blank (salesforce_value))
    {
      why = AUD_WRITE_REASON_SALESFORCE_BLANK;
      write = TRUE;
    }
  else
    why = AUD_WRITE_REASON_SALESFORCE_NOT_BLANK;

  if (reason != NULL)
    *reason = why;

  return write;
}
