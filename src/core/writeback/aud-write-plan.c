/* aud-write-plan.c — the pure write-back planner
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "aud-write-plan.h"

AudWriteField *
aud_write_field_new (const char       *name,
                     AudOverwriteRule  rule,
                     gboolean          writable,
                     AudFieldKind      kind)
{
  AudWriteField *field = g_new0 (AudWriteField, 1);

  g_return_val_if_fail (name != NULL, NULL);

  field->name = g_strdup (name);
  field->rule = rule;
  field->writable = writable;
  field->kind = kind;
  return field;
}

void
aud_write_field_free (AudWriteField *field)
{
  if (field == NULL)
    return;
  g_free (field->name);
  g_free (field);
}

AudWriteInput *
aud_write_input_new (const char *record_id,
                     JsonObject *salesforce,
                     JsonObject *ours)
{
  AudWriteInput *input = g_new0 (AudWriteInput, 1);

  g_return_val_if_fail (record_id != NULL, NULL);

  input->record_id = g_strdup (record_id);
  input->salesforce = salesforce != NULL ? json_object_ref (salesforce) : NULL;
  input->ours = ours != NULL ? json_object_ref (ours) : NULL;
  return input;
}

void
aud_write_input_free (AudWriteInput *input)
{
  if (input == NULL)
    return;
  g_free (input->record_id);
  g_clear_pointer (&input->salesforce, json_object_unref);
  g_clear_pointer (&input->ours, json_object_unref);
  g_free (input);
}

void
aud_write_item_free (AudWriteItem *item)
{
  if (item == NULL)
    return;
  g_free (item->record_id);
  g_free (item->field);
  g_clear_pointer (&item->old_value, json_node_unref);
  g_clear_pointer (&item->new_value, json_node_unref);
  g_free (item);
}

static void
field_totals_free (AudWriteFieldTotals *totals)
{
  g_free (totals->field);
  g_free (totals);
}

void
aud_write_plan_free (AudWritePlan *plan)
{
  if (plan == NULL)
    return;
  g_clear_pointer (&plan->items, g_ptr_array_unref);
  g_clear_pointer (&plan->totals, g_ptr_array_unref);
  g_free (plan);
}

const char *
aud_write_outcome_to_string (AudWriteOutcome outcome)
{
  switch (outcome)
    {
    case AUD_WRITE_OUTCOME_WRITE: return "write";
    case AUD_WRITE_OUTCOME_SKIP: return "skip";
    case AUD_WRITE_OUTCOME_EXCLUDED: return "excluded";
    case AUD_WRITE_OUTCOME_DEFERRED: return "deferred";
    default: g_return_val_if_reached ("skip");
    }
}

char *
aud_write_item_key (const char *record_id,
                    const char *field)
{
  return g_strconcat (record_id, "/", field, NULL);
}

/* Field names are case-insensitive in Salesforce, and sources spell them as they like. */
JsonNode *
aud_write_lookup_value (JsonObject *object,
                        const char *name)
{
  JsonObjectIter iter;
  const char *member;
  JsonNode *value;

  if (object == NULL)
    return NULL;
  if (json_object_has_member (object, name))
    return json_object_get_member (object, name);

  json_object_iter_init (&iter, object);
  while (json_object_iter_next (&iter, &member, &value))
    if (g_ascii_strcasecmp (member, name) == 0)
      return value;
  return NULL;
}

AudWritePlan *
aud_write_plan_build (GPtrArray  *fields,
                      GPtrArray  *inputs,
                      GHashTable *excluded,
                      guint       limit)
{
  AudWritePlan *plan;

  g_return_val_if_fail (fields != NULL, NULL);
  g_return_val_if_fail (inputs != NULL, NULL);

  plan = g_new0 (AudWritePlan, 1);
  plan->items = g_ptr_array_new_with_free_func ((GDestroyNotify) aud_write_item_free);
  plan->totals = g_ptr_array_new_with_free_func ((GDestroyNotify) field_totals_free);
  plan->n_records = inputs->len;

  for (guint f = 0; f < fields->len; f++)
    {
      AudWriteFieldTotals *totals = g_new0 (AudWriteFieldTotals, 1);

      totals->field = g_strdup (((AudWriteField *) fields->pdata[f])->name);
      g_ptr_array_add (plan->totals, totals);
    }

  for (guint r = 0; r < inputs->len; r++)
    {
      AudWriteInput *input = inputs->pdata[r];
      gboolean record_writes = FALSE;
      /* A trial run takes whole records, never half of one. */
      gboolean deferred = limit > 0 && plan->n_records_with_writes >= limit;

      for (guint f = 0; f < fields->len; f++)
        {
          AudWriteField *field = fields->pdata[f];
          AudWriteFieldTotals *totals = plan->totals->pdata[f];
          JsonNode *theirs = aud_write_lookup_value (input->salesforce, field->name);
          JsonNode *ours = aud_write_lookup_value (input->ours, field->name);
          AudWriteItem *item = g_new0 (AudWriteItem, 1);

          item->record_id = g_strdup (input->record_id);
          item->field = g_strdup (field->name);
          item->rule = field->rule;
          item->kind = field->kind;
          item->old_value = theirs != NULL ? json_node_copy (theirs) : NULL;
          item->new_value = ours != NULL ? json_node_copy (ours) : NULL;

          if (!aud_overwrite_rule_decide (field->rule, field->writable, field->kind, theirs, ours, &item->reason))
            item->outcome = AUD_WRITE_OUTCOME_SKIP;
          else
            {
              g_autofree char *key = aud_write_item_key (input->record_id, field->name);

              if (excluded != NULL && g_hash_table_contains (excluded, key))
                item->outcome = AUD_WRITE_OUTCOME_EXCLUDED;
              else if (deferred)
                item->outcome = AUD_WRITE_OUTCOME_DEFERRED;
              else
                {
                  item->outcome = AUD_WRITE_OUTCOME_WRITE;
                  record_writes = TRUE;
                }
            }

          totals->n_outcome[item->outcome]++;
          totals->n_reason[item->reason]++;
          plan->n_outcome[item->outcome]++;
          g_ptr_array_add (plan->items, item);
        }

      if (record_writes)
        plan->n_records_with_writes++;
    }

  plan->n_forecast_calls = (plan->n_records_with_writes + AUD_WRITE_MAX_CHUNK - 1) / AUD_WRITE_MAX_CHUNK;
  return plan;
}

char *
aud_write_value_to_display (JsonNode *value)
{
  if (value == NULL || JSON_NODE_HOLDS_NULL (value))
    return g_strdup ("");
  if (JSON_NODE_HOLDS_VALUE (value) && json_node_get_value_type (value) == G_TYPE_STRING)
    return g_strdup (json_node_get_string (value));
  return json_to_string (value, FALSE);
}

static void
append_csv_cell (GString    *out,
                 const char *text,
                 gboolean    last)
{
  /* RFC 4180: quote when needed, double the quotes. A leading =,+,-,@ would run as a formula
   * in a spreadsheet, so those cells get a leading apostrophe. */
  gboolean quote = strpbrk (text, ",\"\r\n") != NULL;
  gboolean formula = strchr ("=+-@", text[0]) != NULL && text[0] != '\0';

  if (quote)
    g_string_append_c (out, '"');
  if (formula)
    g_string_append_c (out, '\'');
  for (const char *p = text; *p != '\0'; p++)
    {
      if (*p == '"')
        g_string_append_c (out, '"');
      g_string_append_c (out, *p);
    }
  if (quote)
    g_string_append_c (out, '"');
  g_string_append (out, last ? "\r\n" : ",");
}

char *
aud_write_plan_to_csv (const AudWritePlan *plan)
{
  GString *out = g_string_new ("record_id,field,current_value,new_value,rule,outcome,reason\r\n");

  g_return_val_if_fail (plan != NULL, NULL);

  for (guint i = 0; i < plan->items->len; i++)
    {
      AudWriteItem *item = plan->items->pdata[i];
      g_autofree char *old_text = aud_write_value_to_display (item->old_value);
      g_autofree char *new_text = aud_write_value_to_display (item->new_value);

      append_csv_cell (out, item->record_id, FALSE);
      append_csv_cell (out, item->field, FALSE);
      append_csv_cell (out, old_text, FALSE);
      append_csv_cell (out, new_text, FALSE);
      append_csv_cell (out, aud_overwrite_rule_to_string (item->rule), FALSE);
      append_csv_cell (out, aud_write_outcome_to_string (item->outcome), FALSE);
      append_csv_cell (out, aud_write_reason_to_string (item->reason), TRUE);
    }
  return g_string_free (out, FALSE);
}
