/* aud-write-inputs.c — the planner's plain-data input, read from the workspace
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <stdlib.h>

#include "aud-mapping.h"
#include "aud-store-private.h"
#include "aud-write-inputs.h"

GPtrArray *
aud_write_inputs_load_fields (AudAudience  *audience,
                              GError      **error)
{
  g_autoptr(GPtrArray) mapped = NULL;
  g_autoptr(AudDescribe) describe = NULL;
  g_autoptr(GPtrArray) fields = g_ptr_array_new_with_free_func ((GDestroyNotify) aud_write_field_free);
  g_autoptr(GError) local_error = NULL;

  g_return_val_if_fail (AUD_IS_AUDIENCE (audience), NULL);

  mapped = aud_mapping_load (audience, error);
  if (mapped == NULL)
    return NULL;
  describe = aud_describe_load (aud_audience_get_store (audience), aud_audience_get_object (audience), &local_error);
  if (local_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return NULL;
    }

  for (guint i = 0; i < mapped->len; i++)
    {
      AudMappedField *m = mapped->pdata[i];
      AudFieldInfo *info = describe != NULL ? aud_describe_lookup (describe, m->field) : NULL;

      if (m->rule == AUD_OVERWRITE_RULE_NEVER)
        continue;
      g_ptr_array_add (fields, aud_write_field_new (m->field, m->rule,
                                                    info != NULL && aud_field_info_is_writable (info),
                                                    info != NULL ? aud_field_info_get_kind (info) : AUD_FIELD_KIND_TEXT));
    }
  return g_steal_pointer (&fields);
}

JsonNode *
aud_write_inputs_value_from_text (AudFieldKind  kind,
                                  const char   *text)
{
  JsonNode *node = json_node_new (JSON_NODE_VALUE);
  char *end = NULL;
  double number;

  switch (kind)
    {
    case AUD_FIELD_KIND_NUMBER:
      number = g_ascii_strtod (text, &end);
      if (end != text && *end == '\0')
        {
          json_node_set_double (node, number);
          return node;
        }
      break;
    case AUD_FIELD_KIND_BOOLEAN:
      if (g_ascii_strcasecmp (text, "true") == 0 || g_ascii_strcasecmp (text, "false") == 0)
        {
          json_node_set_boolean (node, g_ascii_strcasecmp (text, "true") == 0);
          return node;
        }
      break;
    case AUD_FIELD_KIND_TEXT:
    case AUD_FIELD_KIND_DATE:
    case AUD_FIELD_KIND_DATETIME:
    case AUD_FIELD_KIND_PICKLIST:
    case AUD_FIELD_KIND_MULTIPICKLIST:
    default:
      break;
    }
  /* Left as text: the rule function reports it as an invalid value rather than guessing. */
  json_node_set_string (node, text);
  return node;
}

GPtrArray *
aud_write_inputs_load (AudAudience  *audience,
                       GPtrArray    *fields,
                       GError      **error)
{
  AudStore *store;
  g_autoptr(sqlite3_stmt) records = NULL;
  g_autoptr(sqlite3_stmt) golden = NULL;
  g_autoptr(GPtrArray) inputs = g_ptr_array_new_with_free_func ((GDestroyNotify) aud_write_input_free);
  g_autoptr(GHashTable) kinds = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GPtrArray) mapped = NULL;
  g_autoptr(GPtrArray) fetched = g_ptr_array_new ();
  gint64 source_id;
  int rc;

  g_return_val_if_fail (AUD_IS_AUDIENCE (audience), NULL);
  g_return_val_if_fail (fields != NULL, NULL);

  store = aud_audience_get_store (audience);
  source_id = aud_audience_get_source_id (audience, error);
  if (source_id < 0)
    return NULL;
  for (guint i = 0; i < fields->len; i++)
    {
      AudWriteField *field = fields->pdata[i];

      g_hash_table_insert (kinds, field->name, GINT_TO_POINTER (field->kind + 1));
    }
  /* The sync merges changed rows with json_patch(), which drops members that became null: a
   * mapped field the source has fetched but the record lacks is blank in Salesforce. Only
   * fields still waiting for their backfill are truly unknown. */
  mapped = aud_mapping_load (audience, error);
  if (mapped == NULL)
    return NULL;
  for (guint i = 0; i < mapped->len; i++)
    {
      AudMappedField *m = mapped->pdata[i];

      if (!m->needs_backfill && g_hash_table_contains (kinds, m->field))
        g_ptr_array_add (fetched, m->field);
    }

  records = aud_store_prepare (store,
                               "SELECT r.external_id, r.data, m.entity_id FROM source_records r "
                               "JOIN entity_members m ON m.record_id = r.id AND m.audience_id = ?1 "
                               "WHERE r.source_id = ?2 AND NOT r.is_deleted ORDER BY r.id",
                               error);
  golden = aud_store_prepare (store, "SELECT field, value FROM golden_values WHERE entity_id = ?1", error);
  if (records == NULL || golden == NULL)
    return NULL;
  sqlite3_bind_int64 (records, 1, aud_audience_get_id (audience));
  sqlite3_bind_int64 (records, 2, source_id);

  while ((rc = sqlite3_step (records)) == SQLITE_ROW)
    {
      g_autoptr(JsonNode) data = json_from_string ((const char *) sqlite3_column_text (records, 1), NULL);
      g_autoptr(JsonObject) ours = json_object_new ();
      JsonObject *theirs;

      sqlite3_reset (golden);
      sqlite3_bind_int64 (golden, 1, sqlite3_column_int64 (records, 2));
      while (sqlite3_step (golden) == SQLITE_ROW)
        {
          const char *field = (const char *) sqlite3_column_text (golden, 0);
          const char *value = (const char *) sqlite3_column_text (golden, 1);
          gpointer kind = g_hash_table_lookup (kinds, field);

          if (kind != NULL && value != NULL)
            json_object_set_member (ours, field, aud_write_inputs_value_from_text (GPOINTER_TO_INT (kind) - 1, value));
        }

      if (data == NULL || !JSON_NODE_HOLDS_OBJECT (data))
        continue;
      theirs = json_node_get_object (data);
      for (guint i = 0; i < fetched->len; i++)
        if (aud_write_lookup_value (theirs, fetched->pdata[i]) == NULL)
          json_object_set_null_member (theirs, fetched->pdata[i]);
      g_ptr_array_add (inputs, aud_write_input_new ((const char *) sqlite3_column_text (records, 0), theirs, ours));
    }
  if (rc != SQLITE_DONE)
    {
      aud_store_set_sqlite_error (store, error, rc, "read the records to write back");
      return NULL;
    }
  return g_steal_pointer (&inputs);
}
