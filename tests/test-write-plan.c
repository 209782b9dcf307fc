/* test-write-plan.c — the write-back planner: rules × Salesforce values, totals, limits, CSV
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "aud-write-plan.h"

#define OURS "VP Sales"

typedef struct
{
  AudOverwriteRule  rule;
  gboolean          writable;
  const char       *theirs;     /* JSON text; NULL: never fetched */
  const char       *ours;       /* JSON text; NULL: nothing proposed */
  AudWriteOutcome   outcome;
  AudWriteReason    reason;
} Case;

static const Case cases[] = {
  /* every rule × (blank, equal, different) */
  { AUD_OVERWRITE_RULE_NEVER, TRUE, "null", "\"" OURS "\"", AUD_WRITE_OUTCOME_SKIP, AUD_WRITE_REASON_RULE_NEVER },
  { AUD_OVERWRITE_RULE_NEVER, TRUE, "\"" OURS "\"", "\"" OURS "\"", AUD_WRITE_OUTCOME_SKIP, AUD_WRITE_REASON_RULE_NEVER },
  { AUD_OVERWRITE_RULE_NEVER, TRUE, "\"CTO\"", "\"" OURS "\"", AUD_WRITE_OUTCOME_SKIP, AUD_WRITE_REASON_RULE_NEVER },
  { AUD_OVERWRITE_RULE_CONDITIONAL, TRUE, "null", "\"" OURS "\"", AUD_WRITE_OUTCOME_WRITE, AUD_WRITE_REASON_SALESFORCE_BLANK },
  { AUD_OVERWRITE_RULE_CONDITIONAL, TRUE, "\"  \"", "\"" OURS "\"", AUD_WRITE_OUTCOME_WRITE, AUD_WRITE_REASON_SALESFORCE_BLANK },
  { AUD_OVERWRITE_RULE_CONDITIONAL, TRUE, "\"" OURS "\"", "\"" OURS "\"", AUD_WRITE_OUTCOME_SKIP, AUD_WRITE_REASON_UNCHANGED },
  { AUD_OVERWRITE_RULE_CONDITIONAL, TRUE, "\"CTO\"", "\"" OURS "\"", AUD_WRITE_OUTCOME_SKIP, AUD_WRITE_REASON_SALESFORCE_NOT_BLANK },
  { AUD_OVERWRITE_RULE_ALWAYS, TRUE, "null", "\"" OURS "\"", AUD_WRITE_OUTCOME_WRITE, AUD_WRITE_REASON_RULE_ALWAYS },
  { AUD_OVERWRITE_RULE_ALWAYS, TRUE, "\"" OURS "\"", "\"" OURS "\"", AUD_WRITE_OUTCOME_SKIP, AUD_WRITE_REASON_UNCHANGED },
  { AUD_OVERWRITE_RULE_ALWAYS, TRUE, "\"CTO\"", "\"" OURS "\"", AUD_WRITE_OUTCOME_WRITE, AUD_WRITE_REASON_RULE_ALWAYS },
  /* not writable wins over every rule */
  { AUD_OVERWRITE_RULE_ALWAYS, FALSE, "\"CTO\"", "\"" OURS "\"", AUD_WRITE_OUTCOME_SKIP, AUD_WRITE_REASON_NOT_WRITABLE },
  /* nothing of ours never blanks a field; an unfetched value is never guessed at */
  { AUD_OVERWRITE_RULE_ALWAYS, TRUE, "\"CTO\"", NULL, AUD_WRITE_OUTCOME_SKIP, AUD_WRITE_REASON_NOTHING_TO_WRITE },
  { AUD_OVERWRITE_RULE_ALWAYS, TRUE, "\"CTO\"", "\"\"", AUD_WRITE_OUTCOME_SKIP, AUD_WRITE_REASON_NOTHING_TO_WRITE },
  { AUD_OVERWRITE_RULE_CONDITIONAL, TRUE, NULL, "\"" OURS "\"", AUD_WRITE_OUTCOME_SKIP, AUD_WRITE_REASON_SALESFORCE_UNKNOWN },
};

static JsonObject *
object_with (const char *field,
             const char *json)
{
  JsonObject *object = json_object_new ();

  if (json != NULL)
    json_object_set_member (object, field, json_from_string (json, NULL));
  return object;
}

static void
test_rules (void)
{
  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      const Case *c = &cases[i];
      g_autoptr(GPtrArray) fields = g_ptr_array_new_with_free_func ((GDestroyNotify) aud_write_field_free);
      g_autoptr(GPtrArray) inputs = g_ptr_array_new_with_free_func ((GDestroyNotify) aud_write_input_free);
      g_autoptr(JsonObject) theirs = object_with ("Title", c->theirs);
      g_autoptr(JsonObject) ours = object_with ("title", c->ours);   /* names are case-insensitive */
      g_autoptr(AudWritePlan) plan = NULL;
      AudWriteItem *item;

      g_test_message ("case %u: %s, SF %s, ours %s", i, aud_overwrite_rule_to_string (c->rule),
                      c->theirs ? c->theirs : "(unfetched)", c->ours ? c->ours : "(none)");
      g_ptr_array_add (fields, aud_write_field_new ("Title", c->rule, c->writable, AUD_FIELD_KIND_TEXT));
      g_ptr_array_add (inputs, aud_write_input_new ("003000000000001AAA", theirs, ours));
      plan = aud_write_plan_build (fields, inputs, NULL, 0);

      g_assert_cmpuint (plan->items->len, ==, 1);
      item = plan->items->pdata[0];
      g_assert_cmpstr (aud_write_outcome_to_string (item->outcome), ==, aud_write_outcome_to_string (c->outcome));
      g_assert_cmpstr (aud_write_reason_to_string (item->reason), ==, aud_write_reason_to_string (c->reason));
      g_assert_cmpuint (plan->n_records_with_writes, ==, c->outcome == AUD_WRITE_OUTCOME_WRITE);
      g_assert_cmpuint (plan->n_forecast_calls, ==, c->outcome == AUD_WRITE_OUTCOME_WRITE);
      /* skips are counted, never silent */
      g_assert_cmpuint (((AudWriteFieldTotals *) plan->totals->pdata[0])->n_reason[c->reason], ==, 1);
      g_assert_cmpuint (plan->n_outcome[c->outcome], ==, 1);
    }
}

/* 450 records, two fields: Title always differs (write), Phone is equal (unchanged) on odd ones
 * and blank in Salesforce (conditional write) on even ones. */
static GPtrArray *
many_inputs (guint n)
{
  GPtrArray *inputs = g_ptr_array_new_with_free_func ((GDestroyNotify) aud_write_input_free);

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(JsonObject) theirs = json_object_new ();
      g_autoptr(JsonObject) ours = json_object_new ();
      g_autofree char *id = g_strdup_printf ("003%015u", i);

      json_object_set_string_member (theirs, "Title", "Old");
      json_object_set_string_member (ours, "Title", "New");
      if (i % 2)
        json_object_set_string_member (theirs, "Phone", "+1 555 0100");
      else
        json_object_set_null_member (theirs, "Phone");
      json_object_set_string_member (ours, "Phone", "+1 555 0100");
      g_ptr_array_add (inputs, aud_write_input_new (id, theirs, ours));
    }
  return inputs;
}

static GPtrArray *
two_fields (void)
{
  GPtrArray *fields = g_ptr_array_new_with_free_func ((GDestroyNotify) aud_write_field_free);

  g_ptr_array_add (fields, aud_write_field_new ("Title", AUD_OVERWRITE_RULE_ALWAYS, TRUE, AUD_FIELD_KIND_TEXT));
  g_ptr_array_add (fields, aud_write_field_new ("Phone", AUD_OVERWRITE_RULE_CONDITIONAL, TRUE, AUD_FIELD_KIND_TEXT));
  return fields;
}

static void
test_totals_and_forecast (void)
{
  g_autoptr(GPtrArray) fields = two_fields ();
  g_autoptr(GPtrArray) inputs = many_inputs (450);
  g_autoptr(AudWritePlan) plan = aud_write_plan_build (fields, inputs, NULL, 0);
  AudWriteFieldTotals *title = plan->totals->pdata[0];
  AudWriteFieldTotals *phone = plan->totals->pdata[1];

  g_assert_cmpuint (plan->n_records, ==, 450);
  g_assert_cmpuint (plan->n_records_with_writes, ==, 450);
  g_assert_cmpuint (plan->n_forecast_calls, ==, 3);   /* ⌈450 / 200⌉ */
  g_assert_cmpuint (title->n_outcome[AUD_WRITE_OUTCOME_WRITE], ==, 450);
  g_assert_cmpuint (phone->n_outcome[AUD_WRITE_OUTCOME_WRITE], ==, 225);
  g_assert_cmpuint (phone->n_reason[AUD_WRITE_REASON_UNCHANGED], ==, 225);
  g_assert_cmpuint (plan->n_outcome[AUD_WRITE_OUTCOME_SKIP], ==, 225);
}

static void
test_exclusions_and_limit (void)
{
  g_autoptr(GPtrArray) fields = two_fields ();
  g_autoptr(GPtrArray) inputs = many_inputs (10);
  g_autoptr(GHashTable) excluded = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(AudWritePlan) plan = NULL;
  AudWriteInput *first = inputs->pdata[0];
  AudWriteInput *second = inputs->pdata[1];

  /* Excluding both writes of the first record takes it out of the trial run altogether; the
   * second record keeps its Phone skip and loses only Title. */
  g_hash_table_add (excluded, aud_write_item_key (first->record_id, "Title"));
  g_hash_table_add (excluded, aud_write_item_key (first->record_id, "Phone"));
  g_hash_table_add (excluded, aud_write_item_key (second->record_id, "Title"));
  plan = aud_write_plan_build (fields, inputs, excluded, 3);

  g_assert_cmpuint (plan->n_outcome[AUD_WRITE_OUTCOME_EXCLUDED], ==, 3);
  /* records 2, 3, 4 are the first three with writes; 5–9 are deferred whole */
  g_assert_cmpuint (plan->n_records_with_writes, ==, 3);
  g_assert_cmpuint (plan->n_forecast_calls, ==, 1);
  for (guint i = 0; i < plan->items->len; i++)
    {
      AudWriteItem *item = plan->items->pdata[i];
      guint record = i / 2;

      if (record >= 5 && item->reason != AUD_WRITE_REASON_UNCHANGED)
        g_assert_cmpint (item->outcome, ==, AUD_WRITE_OUTCOME_DEFERRED);
      if (record >= 2 && record < 5 && item->reason != AUD_WRITE_REASON_UNCHANGED)
        g_assert_cmpint (item->outcome, ==, AUD_WRITE_OUTCOME_WRITE);
    }
}

static void
test_csv (void)
{
  g_autoptr(GPtrArray) fields = g_ptr_array_new_with_free_func ((GDestroyNotify) aud_write_field_free);
  g_autoptr(GPtrArray) inputs = g_ptr_array_new_with_free_func ((GDestroyNotify) aud_write_input_free);
  g_autoptr(JsonObject) theirs = object_with ("Title", "\"Head, \\\"Ops\\\"\"");
  g_autoptr(JsonObject) ours = object_with ("Title", "\"=SUM(A1)\"");
  g_autoptr(AudWritePlan) plan = NULL;
  g_autofree char *csv = NULL;

  g_ptr_array_add (fields, aud_write_field_new ("Title", AUD_OVERWRITE_RULE_ALWAYS, TRUE, AUD_FIELD_KIND_TEXT));
  g_ptr_array_add (inputs, aud_write_input_new ("003000000000001AAA", theirs, ours));
  plan = aud_write_plan_build (fields, inputs, NULL, 0);
  csv = aud_write_plan_to_csv (plan);

  /* quotes doubled, and a formula-looking value cannot run in a spreadsheet */
  g_assert_cmpstr (csv, ==,
                   "record_id,field,current_value,new_value,rule,outcome,reason\r\n"
                   "003000000000001AAA,Title,\"Head, \"\"Ops\"\"\",'=SUM(A1),always,write,rule-always\r\n");
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/write-plan/rules", test_rules);
  g_test_add_func ("/write-plan/totals-and-forecast", test_totals_and_forecast);
  g_test_add_func ("/write-plan/exclusions-and-limit", test_exclusions_and_limit);
  g_test_add_func ("/write-plan/csv", test_csv);

  return g_test_run ();
}
