/* test-overwrite-rule.c — the write/skip decision over every rule, value case and field type
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "aud-overwrite-rule.h"

typedef enum
{
  CASE_SALESFORCE_BLANK,
  CASE_EQUAL,
  CASE_DIFFERENT,
  CASE_SALESFORCE_MISSING,
  CASE_OURS_BLANK,
  CASE_OURS_MISSING,
  N_CASES
} ValueCase;

static const char * const case_names[] = {
  "salesforce-blank", "equal", "different", "salesforce-missing", "ours-blank", "ours-missing"
};

/* Per kind: our value, a Salesforce value equal to it only by the type's rules (not byte for
 * byte), and a different one. Values are JSON, as they come from Salesforce and the workspace. */
static const struct {
  AudFieldKind kind;
  const char  *name;
  const char  *ours;
  const char  *equal;
  const char  *different;
} kinds[] = {
  { AUD_FIELD_KIND_TEXT, "text", "\"Acme Corp\"", "\"  Acme Corp \"", "\"Acme Inc\"" },
  { AUD_FIELD_KIND_NUMBER, "number", "1200", "\"1200.0\"", "1201.5" },
  { AUD_FIELD_KIND_BOOLEAN, "boolean", "\"TRUE\"", "true", "false" },
  { AUD_FIELD_KIND_DATE, "date", "\"2024-1-5\"", "\"2024-01-05\"", "\"2024-01-06\"" },
  { AUD_FIELD_KIND_PICKLIST, "picklist", "\"Enterprise\"", "\"Enterprise \"", "\"SMB\"" },
};

/* null, empty and whitespace-only are all blank */
static const char * const blanks[] = { "null", "\"\"", "\"  \\t \"" };

typedef struct
{
  gboolean       write;
  AudWriteReason reason;
} Expect;

/* The whole rule, independent of the type: rows are rules, columns are value cases. */
static const Expect expected[3][N_CASES] = {
  [AUD_OVERWRITE_RULE_NEVER] = {
    { FALSE, AUD_WRITE_REASON_RULE_NEVER }, { FALSE, AUD_WRITE_REASON_RULE_NEVER },
    { FALSE, AUD_WRITE_REASON_RULE_NEVER }, { FALSE, AUD_WRITE_REASON_RULE_NEVER },
    { FALSE, AUD_WRITE_REASON_RULE_NEVER }, { FALSE, AUD_WRITE_REASON_RULE_NEVER },
  },
  [AUD_OVERWRITE_RULE_CONDITIONAL] = {
    { TRUE, AUD_WRITE_REASON_SALESFORCE_BLANK }, { FALSE, AUD_WRITE_REASON_UNCHANGED },
    { FALSE, AUD_WRITE_REASON_SALESFORCE_NOT_BLANK }, { FALSE, AUD_WRITE_REASON_SALESFORCE_UNKNOWN },
    { FALSE, AUD_WRITE_REASON_NOTHING_TO_WRITE }, { FALSE, AUD_WRITE_REASON_NOTHING_TO_WRITE },
  },
  [AUD_OVERWRITE_RULE_ALWAYS] = {
    { TRUE, AUD_WRITE_REASON_RULE_ALWAYS }, { FALSE, AUD_WRITE_REASON_UNCHANGED },
    { TRUE, AUD_WRITE_REASON_RULE_ALWAYS }, { FALSE, AUD_WRITE_REASON_SALESFORCE_UNKNOWN },
    { FALSE, AUD_WRITE_REASON_NOTHING_TO_WRITE }, { FALSE, AUD_WRITE_REASON_NOTHING_TO_WRITE },
  },
};

static JsonNode *
json (const char *text)
{
  g_autoptr(GError) error = NULL;
  JsonNode *node;

  if (text == NULL)
    return NULL;
  node = json_from_string (text, &error);
  g_assert_no_error (error);
  return node;
}

static void
check (AudOverwriteRule  rule,
       gboolean          writable,
       guint             k,
       ValueCase         c,
       const char       *salesforce,
       const char       *ours,
       gboolean          want_write,
       AudWriteReason    want_reason)
{
  g_autoptr(JsonNode) sf = json (salesforce);
  g_autoptr(JsonNode) our = json (ours);
  AudWriteReason reason = (AudWriteReason) -1;
  gboolean write;

  write = aud_overwrite_rule_decide (rule, writable, kinds[k].kind, sf, our, &reason);
  if (write != want_write || reason != want_reason)
    g_error ("rule %s, %s, %s field, case %s (salesforce %s, ours %s): got %s/%s, want %s/%s",
             aud_overwrite_rule_to_string (rule), writable ? "writable" : "read-only", kinds[k].name,
             case_names[c], salesforce ? salesforce : "missing", ours ? ours : "missing",
             write ? "write" : "skip", aud_write_reason_to_string (reason),
             want_write ? "write" : "skip", aud_write_reason_to_string (want_reason));
}

static void
test_table (void)
{
  guint n = 0;

  for (AudOverwriteRule rule = AUD_OVERWRITE_RULE_NEVER; rule <= AUD_OVERWRITE_RULE_ALWAYS; rule++)
    for (guint k = 0; k < G_N_ELEMENTS (kinds); k++)
      for (ValueCase c = 0; c < N_CASES; c++)
        for (guint b = 0; b < G_N_ELEMENTS (blanks); b++)
          {
            const char *sf = kinds[k].different;
            const char *ours = kinds[k].ours;
            const Expect *e = &expected[rule][c];

            switch (c)
              {
              case CASE_SALESFORCE_BLANK: sf = blanks[b]; break;
              case CASE_EQUAL: sf = kinds[k].equal; break;
              case CASE_DIFFERENT: break;
              case CASE_SALESFORCE_MISSING: sf = NULL; break;
              case CASE_OURS_BLANK: ours = blanks[b]; break;
              case CASE_OURS_MISSING: ours = NULL; break;
              case N_CASES:
              default: g_assert_not_reached ();
              }

            check (rule, TRUE, k, c, sf, ours, e->write, e->reason);
            /* A field Salesforce will not let us update is never written, whatever the rule. */
            check (rule, FALSE, k, c, sf, ours, FALSE, AUD_WRITE_REASON_NOT_WRITABLE);
            n += 2;
          }

  g_assert_cmpuint (n, ==, 3 * G_N_ELEMENTS (kinds) * N_CASES * G_N_ELEMENTS (blanks) * 2);
}

static void
test_type_aware_equality (void)
{
  static const struct {
    AudFieldKind kind;
    const char  *a;
    const char  *b;
    gboolean     equal;
  } cases[] = {
    { AUD_FIELD_KIND_NUMBER, "42", "42.000", TRUE },
    { AUD_FIELD_KIND_NUMBER, "\"4.2e1\"", "42", TRUE },
    { AUD_FIELD_KIND_NUMBER, "42", "\"42a\"", FALSE },
    { AUD_FIELD_KIND_BOOLEAN, "false", "\"0\"", TRUE },
    { AUD_FIELD_KIND_BOOLEAN, "false", "true", FALSE },
    { AUD_FIELD_KIND_DATE, "\"2024-03-01\"", "\"2024-03-01T00:00:00.000+0000\"", TRUE },
    { AUD_FIELD_KIND_DATE, "\"2024-03-01\"", "\"2024-03-02\"", FALSE },
    { AUD_FIELD_KIND_DATETIME, "\"2024-01-05T10:00:00.000+0000\"", "\"2024-01-05T11:00:00+01:00\"", TRUE },
    { AUD_FIELD_KIND_DATETIME, "\"2024-01-05T10:00:00.000+0000\"", "\"2024-01-05T10:00:01Z\"", FALSE },
    { AUD_FIELD_KIND_PICKLIST, "\"Hot\"", "\"hot\"", FALSE },
    { AUD_FIELD_KIND_MULTIPICKLIST, "\"Email;Phone\"", "\"Phone; Email\"", TRUE },
    { AUD_FIELD_KIND_MULTIPICKLIST, "\"Email;Phone\"", "\"Email\"", FALSE },
    { AUD_FIELD_KIND_TEXT, "\"ACME\"", "\"Acme\"", FALSE },
    { AUD_FIELD_KIND_TEXT, "null", "\"   \"", TRUE },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(JsonNode) a = json (cases[i].a);
      g_autoptr(JsonNode) b = json (cases[i].b);

      if (aud_values_equal (cases[i].kind, a, b) != cases[i].equal ||
          aud_values_equal (cases[i].kind, b, a) != cases[i].equal)
        g_error ("case %u: %s vs %s should be %s", i, cases[i].a, cases[i].b,
                 cases[i].equal ? "equal" : "different");
    }
}

static void
test_invalid_value_is_not_written (void)
{
  g_autoptr(JsonNode) sf = json ("null");
  g_autoptr(JsonNode) number = json ("\"twelve\"");
  g_autoptr(JsonNode) date = json ("\"05/01/2024\"");
  g_autoptr(JsonNode) boolean = json ("\"maybe\"");
  AudWriteReason reason;

  g_assert_false (aud_overwrite_rule_decide (AUD_OVERWRITE_RULE_ALWAYS, TRUE, AUD_FIELD_KIND_NUMBER, sf, number, &reason));
  g_assert_cmpint (reason, ==, AUD_WRITE_REASON_INVALID_VALUE);
  g_assert_false (aud_overwrite_rule_decide (AUD_OVERWRITE_RULE_CONDITIONAL, TRUE, AUD_FIELD_KIND_DATE, sf, date, &reason));
  g_assert_cmpint (reason, ==, AUD_WRITE_REASON_INVALID_VALUE);
  g_assert_false (aud_overwrite_rule_decide (AUD_OVERWRITE_RULE_ALWAYS, TRUE, AUD_FIELD_KIND_BOOLEAN, sf, boolean, &reason));
  g_assert_cmpint (reason, ==, AUD_WRITE_REASON_INVALID_VALUE);
  g_assert_cmpstr (aud_write_reason_to_string (reason), ==, "invalid-value");
}

static void
test_names (void)
{
  AudOverwriteRule rule;

  for (AudOverwriteRule r = AUD_OVERWRITE_RULE_NEVER; r <= AUD_OVERWRITE_RULE_ALWAYS; r++)
    {
      g_assert_true (aud_overwrite_rule_from_string (aud_overwrite_rule_to_string (r), &rule));
      g_assert_cmpint (rule, ==, r);
      g_assert_cmpuint (strlen (aud_overwrite_rule_get_label (r)), >, 0);
    }
  g_assert_false (aud_overwrite_rule_from_string ("sometimes", &rule));
  g_assert_false (aud_overwrite_rule_from_string (NULL, &rule));

  g_assert_cmpint (aud_field_kind_from_salesforce_type ("currency"), ==, AUD_FIELD_KIND_NUMBER);
  g_assert_cmpint (aud_field_kind_from_salesforce_type ("multipicklist"), ==, AUD_FIELD_KIND_MULTIPICKLIST);
  g_assert_cmpint (aud_field_kind_from_salesforce_type ("email"), ==, AUD_FIELD_KIND_TEXT);
  g_assert_cmpint (aud_field_kind_from_salesforce_type ("datetime"), ==, AUD_FIELD_KIND_DATETIME);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/overwrite-rule/table", test_table);
  g_test_add_func ("/overwrite-rule/type-aware-equality", test_type_aware_equality);
  g_test_add_func ("/overwrite-rule/invalid-value", test_invalid_value_is_not_written);
  g_test_add_func ("/overwrite-rule/names", test_names);

  return g_test_run ();
}
