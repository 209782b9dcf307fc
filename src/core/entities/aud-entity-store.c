/* aud-entity-store.c — an audience's entities, golden values and the decisions people made
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <json-glib/json-glib.h>

#include "aud-entity-store.h"
#include "aud-store-private.h"

G_DEFINE_QUARK (aud-entities-error-quark, aud_entities_error)

static const char * const decision_names[] = { "confirm", "split", "never-merge", "pin" };

const char *
aud_decision_kind_to_string (AudDecisionKind kind)
{
  g_return_val_if_fail (kind <= AUD_DECISION_PIN, NULL);
  return decision_names[kind];
}

static gboolean
decision_kind_from_string (const char      *s,
                           AudDecisionKind *kind)
{
  for (guint i = 0; i < G_N_ELEMENTS (decision_names); i++)
    if (g_strcmp0 (s, decision_names[i]) == 0)
      {
        *kind = i;
        return TRUE;
      }
  return FALSE;
}

void
aud_decision_free (AudDecision *decision)
{
  if (decision == NULL)
    return;
  g_clear_pointer (&decision->records_a, g_array_unref);
  g_clear_pointer (&decision->records_b, g_array_unref);
  g_free (decision->field);
  g_free (decision->value);
  g_free (decision->decided_by);
  g_free (decision->decided_at);
  g_free (decision);
}

void
aud_golden_value_free (AudGoldenValue *golden)
{
  if (golden == NULL)
    return;
  g_free (golden->field);
  g_free (golden->value);
  g_free (golden);
}

static char *
ids_to_json (const gint64 *ids,
             guint         n_ids)
{
  GString *s = g_string_new ("[");

  for (guint i = 0; i < n_ids; i++)
    g_string_append_printf (s, "%s%" G_GINT64_FORMAT, i > 0 ? "," : "", ids[i]);
  g_string_append_c (s, ']');
  return g_string_free (s, FALSE);
}

static GArray *
ids_from_json (const char *text)
{
  GArray *ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr(JsonParser) parser = json_parser_new ();
  JsonNode *root;

  if (text == NULL || !json_parser_load_from_data (parser, text, -1, NULL))
    return ids;
  root = json_parser_get_root (parser);
  if (!JSON_NODE_HOLDS_ARRAY (root))
    return ids;
  for (guint i = 0; i < json_array_get_length (json_node_get_array (root)); i++)
    {
      gint64 id = json_array_get_int_element (json_node_get_array (root), i);

      g_array_append_val (ids, id);
    }
  return ids;
}

static gint64
insert_decision (AudStore        *store,
                 gint64           audience_id,
                 AudDecisionKind  kind,
                 const gint64    *a,
                 guint            n_a,
                 const gint64    *b,
                 guint            n_b,
                 const char      *field,
                 const char      *value,
                 const char      *who,
                 GError         **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autofree char *json_a = ids_to_json (a, n_a);
  g_autofree char *json_b = n_b > 0 ? ids_to_json (b, n_b) : NULL;

  stmt = aud_store_prepare (store,
                            "INSERT INTO match_decisions (audience_id, kind, records_a, records_b, field, value, decided_by) "
                            "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
                            error);
  if (stmt == NULL)
    return -1;
  sqlite3_bind_int64 (stmt, 1, audience_id);
  sqlite3_bind_text (stmt, 2, decision_names[kind], -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 3, json_a, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 4, json_b, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 5, field, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 6, value, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 7, who != NULL ? who : g_get_user_name (), -1, SQLITE_STATIC);
  if (!aud_store_step_done (store, stmt, error))
    return -1;
  return sqlite3_last_insert_rowid (aud_store_get_db (store));
}

GArray *
aud_entity_store_members (AudStore    *store,
                          gint64       entity_id,
                          GError     **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(GArray) ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  int rc;

  g_return_val_if_fail (AUD_IS_STORE (store), NULL);

  stmt = aud_store_prepare (store,
                            "SELECT record_id FROM entity_members WHERE entity_id = ?1 ORDER BY record_id",
                            error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, entity_id);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      gint64 id = sqlite3_column_int64 (stmt, 0);

      g_array_append_val (ids, id);
    }
  if (rc != SQLITE_DONE)
    {
      aud_store_set_sqlite_error (store, error, rc, "members");
      return NULL;
    }
  return g_steal_pointer (&ids);
}

gint64
aud_entity_store_entity_of (AudStore    *store,
                            gint64       audience_id,
                            gint64       record_id,
                            GError     **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  int rc;

  g_return_val_if_fail (AUD_IS_STORE (store), -1);

  stmt = aud_store_prepare (store,
                            "SELECT entity_id FROM entity_members WHERE audience_id = ?1 AND record_id = ?2",
                            error);
  if (stmt == NULL)
    return -1;
  sqlite3_bind_int64 (stmt, 1, audience_id);
  sqlite3_bind_int64 (stmt, 2, record_id);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    return sqlite3_column_int64 (stmt, 0);
  if (rc != SQLITE_DONE)
    aud_store_set_sqlite_error (store, error, rc, "entity of record");
  else
    g_set_error (error, AUD_ENTITIES_ERROR, AUD_ENTITIES_ERROR_NOT_FOUND,
                 _("This record belongs to no entity yet. Run a match first, e.g. “audiences match --audience NAME”."));
  return -1;
}

gint64
aud_entity_store_record_id (AudStore    *store,
                            gint64       source_id,
                            const char  *external_id,
                            GError     **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  int rc;

  g_return_val_if_fail (AUD_IS_STORE (store), -1);
  g_return_val_if_fail (external_id != NULL, -1);

  stmt = aud_store_prepare (store,
                            "SELECT id FROM source_records WHERE source_id = ?1 AND external_id = ?2",
                            error);
  if (stmt == NULL)
    return -1;
  sqlite3_bind_int64 (stmt, 1, source_id);
  sqlite3_bind_text (stmt, 2, external_id, -1, SQLITE_STATIC);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    return sqlite3_column_int64 (stmt, 0);
  if (rc != SQLITE_DONE)
    aud_store_set_sqlite_error (store, error, rc, "record id");
  else
    g_set_error (error, AUD_ENTITIES_ERROR, AUD_ENTITIES_ERROR_NOT_FOUND,
                 _("The source has no record “%s”. Check the id, or sync the source again."), external_id);
  return -1;
}

gint64
aud_entity_store_confirm (AudStore    *store,
                          gint64       audience_id,
                          gint64       entity_id,
                          const char  *who,
                          GError     **error)
{
  g_autoptr(GArray) members = NULL;

  g_return_val_if_fail (AUD_IS_STORE (store), -1);

  members = aud_entity_store_members (store, entity_id, error);
  if (members == NULL)
    return -1;
  if (members->len == 0)
    {
      g_autofree char *id = g_strdup_printf ("%" G_GINT64_FORMAT, entity_id);

      g_set_error (error, AUD_ENTITIES_ERROR, AUD_ENTITIES_ERROR_NOT_FOUND,
                   _("The entity %s no longer exists. Reload the entities and try again."), id);
      return -1;
    }
  return insert_decision (store, audience_id, AUD_DECISION_CONFIRM, (gint64 *) members->data, members->len,
                          NULL, 0, NULL, NULL, who, error);
}

gint64
aud_entity_store_confirm_same (AudStore    *store,
                               gint64       audience_id,
                               gint64       record_a,
                               gint64       record_b,
                               const char  *who,
                               GError     **error)
{
  g_autoptr(GArray) records = g_array_new (FALSE, FALSE, sizeof (gint64));
  const gint64 pair[] = { record_a, record_b };

  g_return_val_if_fail (AUD_IS_STORE (store), -1);

  /* Both records with everything already merged with them: the confirmation is of the union. */
  for (guint i = 0; i < G_N_ELEMENTS (pair); i++)
    {
      g_autoptr(GArray) members = NULL;
      gint64 entity_id = aud_entity_store_entity_of (store, audience_id, pair[i], error);

      if (entity_id < 0)
        return -1;
      members = aud_entity_store_members (store, entity_id, error);
      if (members == NULL)
        return -1;
      for (guint j = 0; j < members->len; j++)
        {
          gint64 id = g_array_index (members, gint64, j);
          gboolean seen = FALSE;

          for (guint k = 0; k < records->len && !seen; k++)
            seen = g_array_index (records, gint64, k) == id;
          if (!seen)
            g_array_append_val (records, id);
        }
    }

  return insert_decision (store, audience_id, AUD_DECISION_CONFIRM, (gint64 *) records->data, records->len,
                          NULL, 0, NULL, NULL, who, error);
}

gint64
aud_entity_store_split (AudStore    *store,
                        gint64       audience_id,
                        gint64       record_id,
                        const char  *who,
                        GError     **error)
{
  g_autoptr(GArray) members = NULL;
  g_autoptr(GArray) others = g_array_new (FALSE, FALSE, sizeof (gint64));
  gint64 entity_id;

  g_return_val_if_fail (AUD_IS_STORE (store), -1);

  entity_id = aud_entity_store_entity_of (store, audience_id, record_id, error);
  if (entity_id < 0)
    return -1;
  members = aud_entity_store_members (store, entity_id, error);
  if (members == NULL)
    return -1;
  for (guint i = 0; i < members->len; i++)
    if (g_array_index (members, gint64, i) != record_id)
      g_array_append_val (others, g_array_index (members, gint64, i));
  if (others->len == 0)
    {
      g_set_error (error, AUD_ENTITIES_ERROR, AUD_ENTITIES_ERROR_INVALID,
                   _("This record is already the only one in its entity: there is nothing to split it from."));
      return -1;
    }
  return insert_decision (store, audience_id, AUD_DECISION_SPLIT, &record_id, 1,
                          (gint64 *) others->data, others->len, NULL, NULL, who, error);
}

gint64
aud_entity_store_never_merge (AudStore    *store,
                              gint64       audience_id,
                              gint64       record_a,
                              gint64       record_b,
                              const char  *who,
                              GError     **error)
{
  g_return_val_if_fail (AUD_IS_STORE (store), -1);

  if (record_a == record_b)
    {
      g_set_error (error, AUD_ENTITIES_ERROR, AUD_ENTITIES_ERROR_INVALID,
                   _("A record cannot be kept apart from itself. Choose two different records."));
      return -1;
    }
  return insert_decision (store, audience_id, AUD_DECISION_NEVER_MERGE, &record_a, 1, &record_b, 1,
                          NULL, NULL, who, error);
}

gint64
aud_entity_store_pin (AudStore    *store,
                      gint64       audience_id,
                      gint64       record_id,
                      const char  *field,
                      const char  *who,
                      GError     **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autofree char *value = NULL;
  int rc;

  g_return_val_if_fail (AUD_IS_STORE (store), -1);
  g_return_val_if_fail (field != NULL, -1);

  stmt = aud_store_prepare (store,
                            "SELECT json_extract (data, '$.' || json_quote (?2)) FROM source_records WHERE id = ?1",
                            error);
  if (stmt == NULL)
    return -1;
  sqlite3_bind_int64 (stmt, 1, record_id);
  sqlite3_bind_text (stmt, 2, field, -1, SQLITE_STATIC);
  rc = sqlite3_step (stmt);
  if (rc != SQLITE_ROW && rc != SQLITE_DONE)
    {
      aud_store_set_sqlite_error (store, error, rc, "pin");
      return -1;
    }
  if (rc == SQLITE_ROW && sqlite3_column_type (stmt, 0) != SQLITE_NULL)
    value = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
  if (value == NULL)
    {
      g_set_error (error, AUD_ENTITIES_ERROR, AUD_ENTITIES_ERROR_NOT_FOUND,
                   _("This record has no value for “%s” to pin. Pick a record that has one."), field);
      return -1;
    }
  return insert_decision (store, audience_id, AUD_DECISION_PIN, &record_id, 1, NULL, 0,
                          field, value, who, error);
}

gboolean
aud_entity_store_undo_last (AudStore         *store,
                            gint64            audience_id,
                            AudDecisionKind  *undone,
                            GError          **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  int rc;

  g_return_val_if_fail (AUD_IS_STORE (store), FALSE);

  stmt = aud_store_prepare (store,
                            "UPDATE match_decisions SET undone_at = strftime('%Y-%m-%dT%H:%M:%SZ', 'now') "
                            "WHERE id = (SELECT max (id) FROM match_decisions WHERE audience_id = ?1 AND undone_at IS NULL) "
                            "RETURNING kind",
                            error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, audience_id);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    {
      AudDecisionKind kind = AUD_DECISION_CONFIRM;

      decision_kind_from_string ((const char *) sqlite3_column_text (stmt, 0), &kind);
      if (undone != NULL)
        *undone = kind;
      return aud_store_step_done (store, stmt, error);
    }
  if (rc != SQLITE_DONE)
    {
      aud_store_set_sqlite_error (store, error, rc, "undo");
      return FALSE;
    }
  g_set_error (error, AUD_ENTITIES_ERROR, AUD_ENTITIES_ERROR_NOTHING_TO_UNDO,
               _("There is no decision left to undo for this audience."));
  return FALSE;
}

GPtrArray *
aud_entity_store_list_decisions (AudStore    *store,
                                 gint64       audience_id,
                                 GError     **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(GPtrArray) decisions = g_ptr_array_new_with_free_func ((GDestroyNotify) aud_decision_free);
  int rc;

  g_return_val_if_fail (AUD_IS_STORE (store), NULL);

  stmt = aud_store_prepare (store,
                            "SELECT id, kind, records_a, records_b, field, value, decided_by, decided_at "
                            "FROM match_decisions WHERE audience_id = ?1 AND undone_at IS NULL ORDER BY id",
                            error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, audience_id);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      AudDecision *d = g_new0 (AudDecision, 1);

      d->id = sqlite3_column_int64 (stmt, 0);
      decision_kind_from_string ((const char *) sqlite3_column_text (stmt, 1), &d->kind);
      d->records_a = ids_from_json ((const char *) sqlite3_column_text (stmt, 2));
      d->records_b = ids_from_json ((const char *) sqlite3_column_text (stmt, 3));
      d->field = g_strdup ((const char *) sqlite3_column_text (stmt, 4));
      d->value = g_strdup ((const char *) sqlite3_column_text (stmt, 5));
      d->decided_by = g_strdup ((const char *) sqlite3_column_text (stmt, 6));
      d->decided_at = g_strdup ((const char *) sqlite3_column_text (stmt, 7));
      g_ptr_array_add (decisions, d);
    }
  if (rc != SQLITE_DONE)
    {
      aud_store_set_sqlite_error (store, error, rc, "decisions");
      return NULL;
    }
  return g_steal_pointer (&decisions);
}

void
aud_survivorship_settings_free (AudSurvivorshipSettings *settings)
{
  if (settings == NULL)
    return;
  g_strfreev (settings->source_priority);
  g_clear_pointer (&settings->field_rules, g_hash_table_unref);
  g_free (settings);
}

AudSurvivorshipSettings *
aud_entity_store_load_settings (AudStore    *store,
                                gint64       audience_id,
                                GError     **error)
{
  g_autoptr(AudSurvivorshipSettings) settings = g_new0 (AudSurvivorshipSettings, 1);
  g_autoptr(sqlite3_stmt) stmt = NULL;
  int rc;

  g_return_val_if_fail (AUD_IS_STORE (store), NULL);

  settings->field_rules = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  settings->default_rule = AUD_SURVIVORSHIP_SOURCE_PRIORITY;

  stmt = aud_store_prepare (store,
                            "SELECT source_priority, default_rule, field_rules FROM survivorship_settings "
                            "WHERE audience_id = ?1",
                            error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, audience_id);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    {
      g_autoptr(JsonParser) parser = json_parser_new ();
      g_autoptr(GStrvBuilder) kinds = g_strv_builder_new ();

      if (json_parser_load_from_data (parser, (const char *) sqlite3_column_text (stmt, 0), -1, NULL) &&
          JSON_NODE_HOLDS_ARRAY (json_parser_get_root (parser)))
        {
          JsonArray *array = json_node_get_array (json_parser_get_root (parser));

          for (guint i = 0; i < json_array_get_length (array); i++)
            g_strv_builder_add (kinds, json_array_get_string_element (array, i));
        }
      settings->source_priority = g_strv_builder_end (kinds);
      aud_survivorship_rule_from_string ((const char *) sqlite3_column_text (stmt, 1), &settings->default_rule);
      if (json_parser_load_from_data (parser, (const char *) sqlite3_column_text (stmt, 2), -1, NULL) &&
          JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)))
        {
          JsonObject *object = json_node_get_object (json_parser_get_root (parser));
          g_autoptr(GList) names = json_object_get_members (object);

          for (GList *l = names; l != NULL; l = l->next)
            {
              AudSurvivorshipRule rule;

              if (aud_survivorship_rule_from_string (json_object_get_string_member_with_default (object, l->data, NULL), &rule))
                g_hash_table_insert (settings->field_rules, g_strdup (l->data), GINT_TO_POINTER (rule));
            }
        }
    }
  else if (rc != SQLITE_DONE)
    {
      aud_store_set_sqlite_error (store, error, rc, "survivorship settings");
      return NULL;
    }
  else
    {
      const char * const defaults[] = { "salesforce", "warehouse", "csv", NULL };

      settings->source_priority = g_strdupv ((char **) defaults);
    }
  return g_steal_pointer (&settings);
}

gboolean
aud_entity_store_save_settings (AudStore                      *store,
                                gint64                         audience_id,
                                const AudSurvivorshipSettings *settings,
                                GError                       **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(JsonBuilder) kinds = json_builder_new ();
  g_autoptr(JsonBuilder) rules = json_builder_new ();
  g_autoptr(JsonNode) kinds_node = NULL;
  g_autoptr(JsonNode) rules_node = NULL;
  g_autofree char *kinds_text = NULL;
  g_autofree char *rules_text = NULL;
  GHashTableIter iter;
  gpointer key, value;

  g_return_val_if_fail (AUD_IS_STORE (store), FALSE);
  g_return_val_if_fail (settings != NULL, FALSE);

  json_builder_begin_array (kinds);
  for (guint i = 0; settings->source_priority != NULL && settings->source_priority[i] != NULL; i++)
    json_builder_add_string_value (kinds, settings->source_priority[i]);
  json_builder_end_array (kinds);
  kinds_node = json_builder_get_root (kinds);
  kinds_text = json_to_string (kinds_node, FALSE);

  json_builder_begin_object (rules);
  if (settings->field_rules != NULL)
    {
      g_hash_table_iter_init (&iter, settings->field_rules);
      while (g_hash_table_iter_next (&iter, &key, &value))
        {
          json_builder_set_member_name (rules, key);
          json_builder_add_string_value (rules, aud_survivorship_rule_to_string (GPOINTER_TO_INT (value)));
        }
    }
  json_builder_end_object (rules);
  rules_node = json_builder_get_root (rules);
  rules_text = json_to_string (rules_node, FALSE);

  stmt = aud_store_prepare (store,
                            "INSERT OR REPLACE INTO survivorship_settings (audience_id, source_priority, default_rule, field_rules) "
                            "VALUES (?1, ?2, ?3, ?4)",
                            error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, audience_id);
  sqlite3_bind_text (stmt, 2, kinds_text, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 3, aud_survivorship_rule_to_string (settings->default_rule), -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 4, rules_text, -1, SQLITE_STATIC);
  return aud_store_step_done (store, stmt, error);
}

GPtrArray *
aud_entity_store_golden (AudStore    *store,
                         gint64       entity_id,
                         GError     **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(GPtrArray) values = g_ptr_array_new_with_free_func ((GDestroyNotify) aud_golden_value_free);
  int rc;

  g_return_val_if_fail (AUD_IS_STORE (store), NULL);

  stmt = aud_store_prepare (store,
                            "SELECT field, value, record_id, reason FROM golden_values WHERE entity_id = ?1 ORDER BY field",
                            error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, entity_id);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      AudGoldenValue *g = g_new0 (AudGoldenValue, 1);
      const char *reason = (const char *) sqlite3_column_text (stmt, 3);

      g->field = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
      g->value = g_strdup ((const char *) sqlite3_column_text (stmt, 1));
      g->record_id = sqlite3_column_int64 (stmt, 2);
      if (g_strcmp0 (reason, "pinned") == 0)
        g->reason = AUD_SURVIVORSHIP_PINNED;
      else
        aud_survivorship_rule_from_string (reason, &g->reason);
      g_ptr_array_add (values, g);
    }
  if (rc != SQLITE_DONE)
    {
      aud_store_set_sqlite_error (store, error, rc, "golden values");
      return NULL;
    }
  return g_steal_pointer (&values);
}

gboolean
aud_entity_store_count (AudStore        *store,
                        gint64           audience_id,
                        AudEntityCounts *counts,
                        GError         **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  int rc;

  g_return_val_if_fail (AUD_IS_STORE (store), FALSE);
  g_return_val_if_fail (counts != NULL, FALSE);

  stmt = aud_store_prepare (store,
                            "SELECT (SELECT count (*) FROM entity_members WHERE audience_id = ?1),"
                            "       (SELECT count (*) FROM entities WHERE audience_id = ?1),"
                            "       (SELECT count (*) FROM entities WHERE audience_id = ?1 AND n_members > 1),"
                            "       (SELECT count (*) FROM match_pairs WHERE audience_id = ?1 AND kind = 'review'),"
                            "       (SELECT count (*) FROM job_changes WHERE audience_id = ?1),"
                            "       (SELECT count (*) FROM match_pairs WHERE audience_id = ?1 AND kind = 'held-apart')",
                            error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, audience_id);
  rc = sqlite3_step (stmt);
  if (rc != SQLITE_ROW)
    {
      aud_store_set_sqlite_error (store, error, rc, "entity counts");
      return FALSE;
    }
  counts->records = sqlite3_column_int64 (stmt, 0);
  counts->entities = sqlite3_column_int64 (stmt, 1);
  counts->multi = sqlite3_column_int64 (stmt, 2);
  counts->review_pairs = sqlite3_column_int64 (stmt, 3);
  counts->job_changes = sqlite3_column_int64 (stmt, 4);
  counts->held_apart = sqlite3_column_int64 (stmt, 5);
  return TRUE;
}
