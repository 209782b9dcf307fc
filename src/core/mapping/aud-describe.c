/* aud-describe.c — a Salesforce object describe: its fields, parsed and cached in the workspace
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <json-glib/json-glib.h>

#include "aud-describe.h"
#include "aud-mapping-private.h"
#include "aud-store-private.h"

struct _AudDescribe
{
  GObject     parent_instance;

  char       *object;
  char       *label;
  char       *fetched_at;
  char       *data;
  GPtrArray  *fields;   /* AudFieldInfo */
  GHashTable *by_name;  /* lower-case name → AudFieldInfo (borrowed from fields) */
};

G_DEFINE_FINAL_TYPE (AudDescribe, aud_describe, G_TYPE_OBJECT)

G_DEFINE_BOXED_TYPE (AudFieldInfo, aud_field_info, aud_field_info_ref, aud_field_info_unref)

static AudFieldInfo *
field_info_new (void)
{
  return g_atomic_rc_box_new0 (AudFieldInfo);
}

static void
field_info_clear (AudFieldInfo *info)
{
  g_free (info->name);
  g_free (info->label);
  g_free (info->type);
  g_strfreev (info->picklist_values);
  g_free (info->gone_at);
}

AudFieldInfo *
aud_field_info_new_missing (const char *name)
{
  AudFieldInfo *info;

  g_return_val_if_fail (name != NULL, NULL);

  info = field_info_new ();
  info->name = g_strdup (name);
  info->label = g_strdup (name);
  info->type = g_strdup ("unknown");
  info->custom = g_str_has_suffix (name, "__c");
  info->nillable = TRUE;
  info->gone = TRUE;
  return info;
}

AudFieldInfo *
aud_field_info_ref (AudFieldInfo *info)
{
  return g_atomic_rc_box_acquire (info);
}

void
aud_field_info_unref (AudFieldInfo *info)
{
  g_atomic_rc_box_release_full (info, (GDestroyNotify) field_info_clear);
}

gboolean
aud_field_info_is_writable (const AudFieldInfo *info)
{
  g_return_val_if_fail (info != NULL, FALSE);

  return info->updateable && !info->calculated && !info->gone;
}

AudFieldKind
aud_field_info_get_kind (const AudFieldInfo *info)
{
  g_return_val_if_fail (info != NULL, AUD_FIELD_KIND_TEXT);

  return aud_field_kind_from_salesforce_type (info->type);
}

const char *
aud_field_info_get_readonly_reason (const AudFieldInfo *info)
{
  g_return_val_if_fail (info != NULL, NULL);

  if (info->gone)
    return _("Removed from Salesforce: nothing can be written to it");
  if (info->calculated)
    return _("Formula field: Salesforce computes its value, so it is never written");
  if (g_strcmp0 (info->type, "id") == 0)
    return _("Record Id: Salesforce assigns it");
  if (!info->updateable)
    return _("Salesforce does not allow updating this field");

  return NULL;
}

static gboolean
member_bool (JsonObject *object,
             const char *name)
{
  JsonNode *node = json_object_get_member (object, name);

  return node != NULL && JSON_NODE_HOLDS_VALUE (node) &&
         json_node_get_value_type (node) == G_TYPE_BOOLEAN && json_node_get_boolean (node);
}

const char *
aud_mapping_json_string (JsonObject *object,
                         const char *name)
{
  JsonNode *node = object != NULL ? json_object_get_member (object, name) : NULL;

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING)
    return NULL;

  return json_node_get_string (node);
}

static AudFieldInfo *
parse_field (JsonObject *object)
{
  g_autoptr(AudFieldInfo) info = field_info_new ();
  JsonNode *length = json_object_get_member (object, "length");
  JsonNode *picklist = json_object_get_member (object, "picklistValues");
  const char *name = aud_mapping_json_string (object, "name");

  if (name == NULL || *name == '\0')
    return NULL;

  info->name = g_strdup (name);
  info->label = g_strdup (aud_mapping_json_string (object, "label") ? aud_mapping_json_string (object, "label") : name);
  info->type = g_strdup (aud_mapping_json_string (object, "type") ? aud_mapping_json_string (object, "type") : "string");
  if (length != NULL && JSON_NODE_HOLDS_VALUE (length) && json_node_get_value_type (length) == G_TYPE_INT64)
    info->length = (int) json_node_get_int (length);
  info->custom = member_bool (object, "custom");
  info->nillable = member_bool (object, "nillable");
  info->createable = member_bool (object, "createable");
  info->updateable = member_bool (object, "updateable");
  info->calculated = member_bool (object, "calculated") || member_bool (object, "autoNumber");
  info->external_id = member_bool (object, "externalId");
  /* Salesforce's own definition of a field the user must fill in on create. */
  info->required = !info->nillable && info->createable && !member_bool (object, "defaultedOnCreate");

  if (picklist != NULL && JSON_NODE_HOLDS_ARRAY (picklist))
    {
      JsonArray *values = json_node_get_array (picklist);
      g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();

      for (guint i = 0; i < json_array_get_length (values); i++)
        {
          JsonNode *entry = json_array_get_element (values, i);
          JsonObject *value;

          if (!JSON_NODE_HOLDS_OBJECT (entry))
            continue;
          value = json_node_get_object (entry);
          /* Inactive values stay in old records but cannot be written. */
          if (json_object_has_member (value, "active") && !member_bool (value, "active"))
            continue;
          if (aud_mapping_json_string (value, "value") != NULL)
            g_strv_builder_add (builder, aud_mapping_json_string (value, "value"));
        }
      info->picklist_values = g_strv_builder_end (builder);
    }

  return g_steal_pointer (&info);
}

static void
add_field (AudDescribe  *self,
           AudFieldInfo *info)
{
  g_ptr_array_add (self->fields, info);
  g_hash_table_insert (self->by_name, g_ascii_strdown (info->name, -1), info);
}

static char *
now_iso8601 (void)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();

  return g_date_time_format (now, "%Y-%m-%dT%H:%M:%SZ");
}

AudDescribe *
aud_describe_new_from_data (const char   *data,
                            gssize        length,
                            const char   *fetched_at,
                            GError      **error)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(AudDescribe) self = NULL;
  g_autoptr(GError) local_error = NULL;
  JsonObject *root;
  JsonNode *fields;
  const char *name;

  g_return_val_if_fail (data != NULL, NULL);

  if (length < 0)
    length = (gssize) strlen (data);

  if (!json_parser_load_from_data (parser, data, length, &local_error) ||
      !JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)))
    {
      g_set_error (error, AUD_MAPPING_ERROR, AUD_MAPPING_ERROR_INVALID_DESCRIBE,
                   _("Salesforce sent a field list that could not be read (%s). Refresh the field list to try again."),
                   local_error != NULL ? local_error->message : _("not a JSON object"));
      return NULL;
    }

  root = json_node_get_object (json_parser_get_root (parser));
  name = aud_mapping_json_string (root, "name");
  fields = json_object_get_member (root, "fields");
  if (name == NULL || fields == NULL || !JSON_NODE_HOLDS_ARRAY (fields))
    {
      g_set_error (error, AUD_MAPPING_ERROR, AUD_MAPPING_ERROR_INVALID_DESCRIBE,
                   _("Salesforce sent a describe without an object name or fields. Refresh the field list to try again."));
      return NULL;
    }

  self = g_object_new (AUD_TYPE_DESCRIBE, NULL);
  self->object = g_strdup (name);
  self->label = g_strdup (aud_mapping_json_string (root, "label") ? aud_mapping_json_string (root, "label") : name);
  self->fetched_at = fetched_at != NULL ? g_strdup (fetched_at) : now_iso8601 ();
  self->data = g_strndup (data, (gsize) length);

  for (guint i = 0; i < json_array_get_length (json_node_get_array (fields)); i++)
    {
      JsonNode *node = json_array_get_element (json_node_get_array (fields), i);
      AudFieldInfo *info;

      if (!JSON_NODE_HOLDS_OBJECT (node))
        continue;
      info = parse_field (json_node_get_object (node));
      if (info == NULL)
        continue;
      if (aud_describe_lookup (self, info->name) != NULL)
        {
          aud_field_info_unref (info);
          continue;
        }
      add_field (self, info);
    }

  return g_steal_pointer (&self);
}

const char *
aud_describe_get_object (AudDescribe *self)
{
  g_return_val_if_fail (AUD_IS_DESCRIBE (self), NULL);
  return self->object;
}

const char *
aud_describe_get_label (AudDescribe *self)
{
  g_return_val_if_fail (AUD_IS_DESCRIBE (self), NULL);
  return self->label;
}

const char *
aud_describe_get_fetched_at (AudDescribe *self)
{
  g_return_val_if_fail (AUD_IS_DESCRIBE (self), NULL);
  return self->fetched_at;
}

const char *
aud_describe_get_data (AudDescribe *self)
{
  g_return_val_if_fail (AUD_IS_DESCRIBE (self), NULL);
  return self->data;
}

GPtrArray *
aud_describe_get_fields (AudDescribe *self)
{
  g_return_val_if_fail (AUD_IS_DESCRIBE (self), NULL);
  return self->fields;
}

AudFieldInfo *
aud_describe_lookup (AudDescribe *self,
                     const char  *name)
{
  g_autofree char *key = NULL;

  g_return_val_if_fail (AUD_IS_DESCRIBE (self), NULL);
  g_return_val_if_fail (name != NULL, NULL);

  key = g_ascii_strdown (name, -1);
  return g_hash_table_lookup (self->by_name, key);
}

GPtrArray *
aud_describe_find_removed (AudDescribe *cached,
                           AudDescribe *fresh)
{
  GPtrArray *removed = g_ptr_array_new_with_free_func ((GDestroyNotify) aud_field_info_unref);

  g_return_val_if_fail (AUD_IS_DESCRIBE (cached), removed);
  g_return_val_if_fail (AUD_IS_DESCRIBE (fresh), removed);

  for (guint i = 0; i < cached->fields->len; i++)
    {
      AudFieldInfo *info = g_ptr_array_index (cached->fields, i);
      AudFieldInfo *now = aud_describe_lookup (fresh, info->name);

      if (now == NULL || now->gone)
        g_ptr_array_add (removed, aud_field_info_ref (info));
    }

  return removed;
}

static gboolean
reset_rule (AudStore    *store,
            const char  *object,
            const char  *field,
            GError     **error)
{
  sqlite3_stmt *stmt;

  stmt = aud_store_prepare_cached (store,
                                   "UPDATE mapped_fields SET rule = 'never' "
                                   "WHERE field = ?2 AND rule != 'never' "
                                   "AND audience_id IN (SELECT id FROM audiences WHERE object = ?1)",
                                   error);
  if (stmt == NULL)
    return FALSE;

  sqlite3_bind_text (stmt, 1, object, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, field, -1, SQLITE_STATIC);
  return aud_store_step_done (store, stmt, error);
}

gboolean
aud_describe_save (AudDescribe  *self,
                   AudStore     *store,
                   GError      **error)
{
  g_autoptr(AudDescribe) cached = NULL;
  g_autoptr(GPtrArray) removed = NULL;
  g_autoptr(sqlite3_stmt) save = NULL;
  g_autoptr(sqlite3_stmt) gone = NULL;
  g_autoptr(sqlite3_stmt) back = NULL;
  g_autoptr(GError) local_error = NULL;

  g_return_val_if_fail (AUD_IS_DESCRIBE (self), FALSE);
  g_return_val_if_fail (AUD_IS_STORE (store), FALSE);

  if (!aud_store_begin (store, error))
    return FALSE;

  cached = aud_describe_load (store, self->object, &local_error);
  if (local_error != NULL)
    {
      aud_store_rollback (store);
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }

  save = aud_store_prepare (store,
                            "INSERT INTO describes (object, fetched_at, body) VALUES (?1, ?2, ?3) "
                            "ON CONFLICT (object) DO UPDATE SET fetched_at = excluded.fetched_at, body = excluded.body",
                            error);
  gone = aud_store_prepare (store,
                            "INSERT INTO describe_gone_fields (object, field, label, type, gone_at) "
                            "VALUES (?1, ?2, ?3, ?4, ?5) ON CONFLICT (object, field) DO NOTHING",
                            error);
  back = aud_store_prepare (store,
                            "DELETE FROM describe_gone_fields WHERE object = ?1 AND field = ?2 COLLATE NOCASE",
                            error);
  if (save == NULL || gone == NULL || back == NULL)
    {
      aud_store_rollback (store);
      return FALSE;
    }

  sqlite3_bind_text (save, 1, self->object, -1, SQLITE_STATIC);
  sqlite3_bind_text (save, 2, self->fetched_at, -1, SQLITE_STATIC);
  sqlite3_bind_text (save, 3, self->data, -1, SQLITE_STATIC);
  if (!aud_store_step_done (store, save, error))
    {
      aud_store_rollback (store);
      return FALSE;
    }

  /* A field that comes back (restored from the recycle bin, or a sandbox refresh) is no longer gone. */
  for (guint i = 0; i < self->fields->len; i++)
    {
      AudFieldInfo *info = g_ptr_array_index (self->fields, i);

      if (info->gone)
        continue;
      sqlite3_reset (back);
      sqlite3_bind_text (back, 1, self->object, -1, SQLITE_STATIC);
      sqlite3_bind_text (back, 2, info->name, -1, SQLITE_STATIC);
      if (!aud_store_step_done (store, back, error))
        {
          aud_store_rollback (store);
          return FALSE;
        }
    }

  /* A field that became read-only (now a formula, say) or went away can no longer be written:
   * every audience on the object falls back to Never for it, in this same transaction. */
  for (guint i = 0; i < self->fields->len; i++)
    {
      AudFieldInfo *info = g_ptr_array_index (self->fields, i);

      if (!aud_field_info_is_writable (info) && !reset_rule (store, self->object, info->name, error))
        {
          aud_store_rollback (store);
          return FALSE;
        }
    }

  if (cached != NULL)
    {
      removed = aud_describe_find_removed (cached, self);
      for (guint i = 0; i < removed->len; i++)
        {
          AudFieldInfo *info = g_ptr_array_index (removed, i);
          g_autofree char *when = info->gone_at != NULL ? g_strdup (info->gone_at) : g_strdup (self->fetched_at);

          sqlite3_reset (gone);
          sqlite3_bind_text (gone, 1, self->object, -1, SQLITE_STATIC);
          sqlite3_bind_text (gone, 2, info->name, -1, SQLITE_STATIC);
          sqlite3_bind_text (gone, 3, info->label, -1, SQLITE_STATIC);
          sqlite3_bind_text (gone, 4, info->type, -1, SQLITE_STATIC);
          sqlite3_bind_text (gone, 5, when, -1, SQLITE_TRANSIENT);
          if (!aud_store_step_done (store, gone, error))
            {
              aud_store_rollback (store);
              return FALSE;
            }

          if (!reset_rule (store, self->object, info->name, error))
            {
              aud_store_rollback (store);
              return FALSE;
            }

          /* Keep this object in step with the cache, so the UI shows them without a reload. */
          if (aud_describe_lookup (self, info->name) == NULL)
            {
              AudFieldInfo *copy = field_info_new ();

              copy->name = g_strdup (info->name);
              copy->label = g_strdup (info->label);
              copy->type = g_strdup (info->type);
              copy->custom = info->custom;
              copy->gone = TRUE;
              copy->gone_at = g_steal_pointer (&when);
              add_field (self, copy);
            }
        }
    }

  return aud_store_commit (store, error);
}

AudDescribe *
aud_describe_load (AudStore    *store,
                   const char  *object,
                   GError     **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(sqlite3_stmt) gone = NULL;
  g_autoptr(AudDescribe) self = NULL;
  int rc;

  g_return_val_if_fail (AUD_IS_STORE (store), NULL);
  g_return_val_if_fail (object != NULL, NULL);

  stmt = aud_store_prepare (store, "SELECT fetched_at, body FROM describes WHERE object = ?1", error);
  if (stmt == NULL)
    return NULL;

  sqlite3_bind_text (stmt, 1, object, -1, SQLITE_STATIC);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_DONE)
    return NULL;
  if (rc != SQLITE_ROW)
    {
      aud_store_set_sqlite_error (store, error, rc, "reading the field list");
      return NULL;
    }

  self = aud_describe_new_from_data ((const char *) sqlite3_column_text (stmt, 1), -1,
                                     (const char *) sqlite3_column_text (stmt, 0), error);
  if (self == NULL)
    return NULL;

  gone = aud_store_prepare (store,
                            "SELECT field, label, type, gone_at FROM describe_gone_fields "
                            "WHERE object = ?1 ORDER BY field",
                            error);
  if (gone == NULL)
    return NULL;

  sqlite3_bind_text (gone, 1, object, -1, SQLITE_STATIC);
  while ((rc = sqlite3_step (gone)) == SQLITE_ROW)
    {
      AudFieldInfo *info;

      if (aud_describe_lookup (self, (const char *) sqlite3_column_text (gone, 0)) != NULL)
        continue;

      info = field_info_new ();
      info->name = g_strdup ((const char *) sqlite3_column_text (gone, 0));
      info->label = g_strdup ((const char *) sqlite3_column_text (gone, 1));
      info->type = g_strdup ((const char *) sqlite3_column_text (gone, 2));
      info->custom = g_str_has_suffix (info->name, "__c");
      info->gone = TRUE;
      info->gone_at = g_strdup ((const char *) sqlite3_column_text (gone, 3));
      add_field (self, info);
    }
  if (rc != SQLITE_DONE)
    {
      aud_store_set_sqlite_error (store, error, rc, "reading the field list");
      return NULL;
    }

  return g_steal_pointer (&self);
}

static void
aud_describe_finalize (GObject *object)
{
  AudDescribe *self = (AudDescribe *) object;

  g_clear_pointer (&self->object, g_free);
  g_clear_pointer (&self->label, g_free);
  g_clear_pointer (&self->fetched_at, g_free);
  g_clear_pointer (&self->data, g_free);
  g_clear_pointer (&self->by_name, g_hash_table_unref);
  g_clear_pointer (&self->fields, g_ptr_array_unref);

  G_OBJECT_CLASS (aud_describe_parent_class)->finalize (object);
}

static void
aud_describe_class_init (AudDescribeClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = aud_describe_finalize;
}

static void
aud_describe_init (AudDescribe *self)
{
  self->fields = g_ptr_array_new_with_free_func ((GDestroyNotify) aud_field_info_unref);
  self->by_name = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
}
