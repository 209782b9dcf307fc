/* aud-demo-org-writes.c — single-record GET/PATCH and sObject Collections updates
 *
 * Writability comes from describe (createable/updateable, length, restricted picklists), errors
 * use the real codes, and every write moves SystemModstamp and LastModifiedDate.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "aud-demo-org-private.h"
#include "aud-sf-id.h"

#define MAX_COLLECTION 200

typedef struct
{
  const char *code;
  char       *message;
  char       *field;      /* for "fields":[…]; NULL for none */
  guint       status;     /* for single-record replies */
} WriteError;

static void
write_error_clear (WriteError *e)
{
  g_clear_pointer (&e->message, g_free);
  g_clear_pointer (&e->field, g_free);
  e->code = NULL;
}

static void
set_write_error (WriteError *e,
                 guint       status,
                 const char *code,
                 const char *field,
                 char       *message)
{
  write_error_clear (e);
  e->status = status;
  e->code = code;
  e->field = g_strdup (field);
  e->message = message;
}

gboolean
demo_writes_next_fault (AudDemoOrg  *self,
                        const char **code,
                        const char **message)
{
  gint64 n = ++self->record_writes;
  gint64 lock = self->faults[AUD_DEMO_ORG_FAULT_LOCK_ROW_EVERY];
  gint64 validation = self->faults[AUD_DEMO_ORG_FAULT_VALIDATION_EVERY];
  gint64 duplicates = self->faults[AUD_DEMO_ORG_FAULT_DUPLICATES_EVERY];

  if (lock > 0 && n % lock == 0)
    {
      *code = "UNABLE_TO_LOCK_ROW";
      *message = "unable to obtain exclusive access to this record or 1 records";
      return TRUE;
    }
  if (validation > 0 && n % validation == 0)
    {
      *code = "FIELD_CUSTOM_VALIDATION_EXCEPTION";
      *message = "Records in this region need a postal code before they can be saved.";
      return TRUE;
    }
  if (duplicates > 0 && n % duplicates == 0)
    {
      *code = "DUPLICATES_DETECTED";
      *message = "Use one of these records?";
      return TRUE;
    }
  return FALSE;
}

static gboolean
value_fits (const DemoField *field,
            JsonNode        *value,
            WriteError      *e)
{
  GType type;

  if (JSON_NODE_HOLDS_NULL (value))
    {
      if (!(field->flags & DEMO_FIELD_NILLABLE) && !g_str_equal (field->type, "boolean"))
        {
          set_write_error (e, 400, "REQUIRED_FIELD_MISSING", field->name,
                           g_strdup_printf ("Required fields are missing: [%s]", field->name));
          return FALSE;
        }
      return TRUE;
    }
  if (!JSON_NODE_HOLDS_VALUE (value))
    {
      set_write_error (e, 400, "JSON_PARSER_ERROR", field->name,
                       g_strdup_printf ("Cannot deserialize instance of %s from START_OBJECT value", field->type));
      return FALSE;
    }

  type = json_node_get_value_type (value);
  switch (field->soql.type)
    {
    case AUD_SOQL_TYPE_BOOLEAN:
      if (type != G_TYPE_BOOLEAN)
        {
          set_write_error (e, 400, "JSON_PARSER_ERROR", field->name,
                           g_strdup_printf ("Cannot deserialize instance of boolean from VALUE_STRING value for field %s", field->name));
          return FALSE;
        }
      return TRUE;
    case AUD_SOQL_TYPE_INT:
    case AUD_SOQL_TYPE_DOUBLE:
      if (type != G_TYPE_INT64 && type != G_TYPE_DOUBLE)
        {
          set_write_error (e, 400, "JSON_PARSER_ERROR", field->name,
                           g_strdup_printf ("Cannot deserialize instance of %s from VALUE_STRING value for field %s",
                                            field->type, field->name));
          return FALSE;
        }
      return TRUE;
    default:
      break;
    }

  if (type != G_TYPE_STRING)
    {
      set_write_error (e, 400, "JSON_PARSER_ERROR", field->name,
                       g_strdup_printf ("Cannot deserialize instance of string from a number value for field %s", field->name));
      return FALSE;
    }

  {
    const char *text = json_node_get_string (value);

    if (field->length > 0 && demo_field_is_text (field) && g_utf8_strlen (text, -1) > field->length)
      {
        set_write_error (e, 400, "STRING_TOO_LONG", field->name,
                         g_strdup_printf ("%s: data value too large: %.20s… (max length=%u)", field->label, text, field->length));
        return FALSE;
      }
    if (g_str_equal (field->type, "email") && *text != '\0' && strchr (text, '@') == NULL)
      {
        set_write_error (e, 400, "INVALID_EMAIL_ADDRESS", field->name,
                         g_strdup_printf ("%s: invalid email address: %s", field->label, text));
        return FALSE;
      }
    if ((field->flags & DEMO_FIELD_RESTRICTED) && field->picklist != NULL
        && !g_strv_contains (field->picklist, text))
      {
        set_write_error (e, 400, "INVALID_OR_NULL_FOR_RESTRICTED_PICKLIST", field->name,
                         g_strdup_printf ("%s: bad value for restricted picklist field: %s", field->label, text));
        return FALSE;
      }
    if (field->soql.type == AUD_SOQL_TYPE_REFERENCE && *text != '\0' && !aud_sf_id_is_valid (text))
      {
        set_write_error (e, 400, "MALFORMED_ID", field->name,
                         g_strdup_printf ("%s: id value of incorrect type: %s", field->label, text));
        return FALSE;
      }
  }
  return TRUE;
}

/* Validates and applies one update. @fields may hold "attributes"/"id" keys, which are skipped.
 * Returns FALSE with @e set; nothing is written then. Called inside a transaction or savepoint. */
static gboolean
update_record (AudDemoOrg  *self,
               DemoObject  *object,
               const char  *raw_id,
               JsonObject  *fields,
               GDateTime   *if_unmodified_since,
               WriteError  *e)
{
  g_autofree char *id = aud_sf_id_to_18 (raw_id);
  g_autoptr(GString) sql = NULL;
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(GPtrArray) targets = g_ptr_array_new ();
  g_autoptr(GPtrArray) values = g_ptr_array_new ();
  g_autofree char *now = demo_now_string ();
  JsonObjectIter iter;
  const char *name;
  JsonNode *value;
  const char *fault_code, *fault_message;
  g_autofree char *lookup = NULL;

  if (id == NULL)
    {
      set_write_error (e, 400, "MALFORMED_ID", "Id",
                       g_strdup_printf ("%s ID: id value of incorrect type: %s", object->label, raw_id));
      return FALSE;
    }
  if (!aud_sf_id_has_prefix (id, object->key_prefix))
    {
      set_write_error (e, 404, "NOT_FOUND", NULL, g_strdup ("The requested resource does not exist"));
      return FALSE;
    }

  lookup = g_strdup_printf ("SELECT IsDeleted, LastModifiedDate FROM \"%s\" WHERE Id = ?", object->name);
  stmt = demo_data_prepare (self, lookup, NULL);
  sqlite3_bind_text (stmt, 1, id, -1, SQLITE_STATIC);
  if (sqlite3_step (stmt) != SQLITE_ROW)
    {
      set_write_error (e, 404, "NOT_FOUND", NULL, g_strdup ("The requested resource does not exist"));
      return FALSE;
    }
  if (sqlite3_column_int (stmt, 0))
    {
      set_write_error (e, 404, "ENTITY_IS_DELETED", NULL, g_strdup ("entity is deleted"));
      return FALSE;
    }
  if (if_unmodified_since != NULL)
    {
      g_autoptr(GDateTime) modified = demo_parse_datetime ((const char *) sqlite3_column_text (stmt, 1));

      if (modified != NULL && g_date_time_compare (modified, if_unmodified_since) > 0)
        {
          set_write_error (e, 412, "PRECONDITION_FAILED", NULL,
                           g_strdup ("The requested resource has been modified since the time specified in the If-Unmodified-Since header"));
          return FALSE;
        }
    }
  g_clear_pointer (&stmt, sqlite3_finalize);

  json_object_iter_init (&iter, fields);
  while (json_object_iter_next (&iter, &name, &value))
    {
      DemoField *field;

      if (g_ascii_strcasecmp (name, "attributes") == 0 || g_ascii_strcasecmp (name, "id") == 0)
        continue;
      field = demo_object_lookup_field (object, name);
      if (field == NULL)
        {
          set_write_error (e, 400, "INVALID_FIELD", name,
                           g_strdup_printf ("No such column '%s' on sobject of type %s", name, object->name));
          return FALSE;
        }
      if (!(field->flags & DEMO_FIELD_UPDATEABLE))
        {
          set_write_error (e, 400, "INVALID_FIELD_FOR_INSERT_UPDATE", field->name,
                           g_strdup_printf ("Unable to create/update fields: %s. Please check the security settings of "
                                            "this field and verify that it is read/write for your profile or "
                                            "permission set.", field->name));
          return FALSE;
        }
      if (!value_fits (field, value, e))
        return FALSE;
      g_ptr_array_add (targets, field);
      g_ptr_array_add (values, value);
    }

  if (demo_writes_next_fault (self, &fault_code, &fault_message))
    {
      set_write_error (e, 400, fault_code, NULL, g_strdup (fault_message));
      return FALSE;
    }

  sql = g_string_new (NULL);
  g_string_append_printf (sql, "UPDATE \"%s\" SET SystemModstamp = ?1, LastModifiedDate = ?1, LastModifiedById = ?2",
                          object->name);
  for (guint i = 0; i < targets->len; i++)
    g_string_append_printf (sql, ", \"%s\" = ?%u", ((DemoField *) targets->pdata[i])->name, i + 4);
  g_string_append (sql, " WHERE Id = ?3");

  stmt = demo_data_prepare (self, sql->str, NULL);
  sqlite3_bind_text (stmt, 1, now, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, self->user_id, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 3, id, -1, SQLITE_STATIC);
  for (guint i = 0; i < targets->len; i++)
    demo_data_bind_value (stmt, (int) i + 4, targets->pdata[i], values->pdata[i]);
  if (sqlite3_step (stmt) != SQLITE_DONE || !demo_data_refresh_derived (self, object, id, NULL))
    {
      set_write_error (e, 500, "UNKNOWN_EXCEPTION", NULL, g_strdup (sqlite3_errmsg (self->db)));
      return FALSE;
    }
  return TRUE;
}

static void
reply_write_error (SoupServerMessage *msg,
                   WriteError        *e)
{
  GString *out = g_string_new ("[{\"message\":");

  demo_append_json_string (out, e->message);
  g_string_append_printf (out, ",\"errorCode\":\"%s\",\"fields\":[", e->code);
  if (e->field != NULL)
    demo_append_json_string (out, e->field);
  g_string_append (out, "]}]");
  demo_reply_take_json (msg, e->status, g_string_free (out, FALSE));
}

static void
get_record (AudDemoOrg        *self,
            SoupServerMessage *msg,
            const char        *version,
            DemoObject        *object,
            const char        *raw_id)
{
  g_autofree char *id = aud_sf_id_to_18 (raw_id);
  g_autoptr(GString) sql = g_string_new ("SELECT ");
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(GPtrArray) cols = g_ptr_array_new ();
  GString *out;

  if (id == NULL || !aud_sf_id_has_prefix (id, object->key_prefix))
    {
      demo_reply_error (msg, SOUP_STATUS_NOT_FOUND, "NOT_FOUND", "The requested resource does not exist");
      return;
    }
  for (guint i = 0; i < object->fields->len; i++)
    {
      DemoField *field = g_ptr_array_index (object->fields, i);

      if (!demo_field_is_stored (field))
        continue;
      g_string_append_printf (sql, "%s\"%s\"", cols->len ? ", " : "", field->name);
      g_ptr_array_add (cols, field);
    }
  g_string_append_printf (sql, " FROM \"%s\" WHERE Id = ? AND IsDeleted = 0", object->name);
  stmt = demo_data_prepare (self, sql->str, NULL);
  sqlite3_bind_text (stmt, 1, id, -1, SQLITE_STATIC);
  if (sqlite3_step (stmt) != SQLITE_ROW)
    {
      demo_reply_error (msg, SOUP_STATUS_NOT_FOUND, "NOT_FOUND", "The requested resource does not exist");
      return;
    }

  out = g_string_new (NULL);
  g_string_append_printf (out, "{\"attributes\":{\"type\":\"%s\",\"url\":\"/services/data/v%s/sobjects/%s/%s\"}",
                          object->name, version, object->name, id);
  for (guint i = 0; i < cols->len; i++)
    {
      DemoField *field = cols->pdata[i];

      g_string_append_printf (out, ",\"%s\":", field->name);
      demo_data_append_value (out, stmt, (int) i, field);
    }
  g_string_append_c (out, '}');
  demo_count_endpoint (self, "retrieve");
  demo_reply_take_json (msg, SOUP_STATUS_OK, g_string_free (out, FALSE));
}

void
demo_writes_handle_record (AudDemoOrg        *self,
                           SoupServerMessage *msg,
                           const char        *version,
                           DemoObject        *object,
                           const char        *id)
{
  const char *method = soup_server_message_get_method (msg);
  const char *since_text = soup_message_headers_get_one (soup_server_message_get_request_headers (msg),
                                                         "If-Unmodified-Since");
  g_autoptr(GDateTime) since = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) body = NULL;
  WriteError e = { 0 };

  if (g_str_equal (method, "GET"))
    {
      get_record (self, msg, version, object, id);
      return;
    }
  if (!g_str_equal (method, "PATCH"))
    {
      demo_reply_error (msg, SOUP_STATUS_METHOD_NOT_ALLOWED, "METHOD_NOT_ALLOWED",
                        "HTTP Method not allowed for this resource");
      return;
    }

  demo_count_endpoint (self, "update");
  if (since_text != NULL && (since = soup_date_time_new_from_http_string (since_text)) == NULL)
    {
      demo_reply_error (msg, SOUP_STATUS_BAD_REQUEST, "INVALID_HEADER_VALUE",
                        "If-Unmodified-Since header is not a valid date");
      return;
    }
  body = demo_parse_json_body (msg, &error);
  if (body == NULL || !JSON_NODE_HOLDS_OBJECT (body))
    {
      demo_reply_error (msg, SOUP_STATUS_BAD_REQUEST, "JSON_PARSER_ERROR",
                        error ? error->message : "The request body must be a JSON object");
      return;
    }

  if (!update_record (self, object, id, json_node_get_object (body), since, &e))
    {
      reply_write_error (msg, &e);
      write_error_clear (&e);
      return;
    }
  soup_server_message_set_status (msg, SOUP_STATUS_NO_CONTENT, NULL);
}

void
demo_writes_handle_collection (AudDemoOrg        *self,
                               SoupServerMessage *msg)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) body = demo_parse_json_body (msg, &error);
  JsonObject *request;
  JsonArray *records;
  gboolean all_or_none;
  guint n;
  WriteError *errors;
  char **ids;
  gboolean any_failed = FALSE;
  GString *out;

  demo_count_endpoint (self, "compositeUpdate");

  if (body == NULL || !JSON_NODE_HOLDS_OBJECT (body)
      || !json_object_has_member ((request = json_node_get_object (body)), "records")
      || !JSON_NODE_HOLDS_ARRAY (json_object_get_member (request, "records")))
    {
      demo_reply_error (msg, SOUP_STATUS_BAD_REQUEST, "JSON_PARSER_ERROR",
                        error ? error->message : "The request body must be an object with a records array");
      return;
    }

  records = json_object_get_array_member (request, "records");
  n = json_array_get_length (records);
  if (n > MAX_COLLECTION)
    {
      demo_reply_error (msg, SOUP_STATUS_BAD_REQUEST, "EXCEEDED_ID_LIMIT",
                        "record limit reached. cannot submit more than 200 records into this call");
      return;
    }
  all_or_none = json_object_get_boolean_member_with_default (request, "allOrNone", FALSE);

  errors = g_new0 (WriteError, n);
  ids = g_new0 (char *, n + 1);
  /* allOrNone undoes every write of the call when one record fails. */
  sqlite3_exec (self->db, "SAVEPOINT collection", NULL, NULL, NULL);

  for (guint i = 0; i < n; i++)
    {
      JsonNode *node = json_array_get_element (records, i);
      JsonObject *record = JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;
      JsonObject *attributes = record && json_object_has_member (record, "attributes")
                               && JSON_NODE_HOLDS_OBJECT (json_object_get_member (record, "attributes"))
                               ? json_object_get_object_member (record, "attributes") : NULL;
      const char *type = attributes ? json_object_get_string_member_with_default (attributes, "type", NULL) : NULL;
      const char *id = NULL;
      DemoObject *object = demo_schema_lookup (self->schema, type);

      if (record != NULL)
        {
          JsonObjectIter iter;
          const char *name;
          JsonNode *value;

          json_object_iter_init (&iter, record);
          while (json_object_iter_next (&iter, &name, &value))
            if (g_ascii_strcasecmp (name, "id") == 0 && JSON_NODE_HOLDS_VALUE (value)
                && json_node_get_value_type (value) == G_TYPE_STRING)
              id = json_node_get_string (value);
        }

      if (record == NULL || type == NULL)
        set_write_error (&errors[i], 400, "INVALID_TYPE", NULL,
                         g_strdup ("When creating or updating multiple records, the object type must be specified in attributes.type"));
      else if (object == NULL)
        set_write_error (&errors[i], 400, "INVALID_TYPE", NULL, g_strdup_printf ("sObject type '%s' is not supported.", type));
      else if (id == NULL)
        set_write_error (&errors[i], 400, "MISSING_ARGUMENT", "Id", g_strdup ("Id not specified in an update call"));
      else if (update_record (self, object, id, record, NULL, &errors[i]))
        ids[i] = aud_sf_id_to_18 (id);

      any_failed |= errors[i].code != NULL;
    }

  if (all_or_none && any_failed)
    sqlite3_exec (self->db, "ROLLBACK TO collection", NULL, NULL, NULL);
  sqlite3_exec (self->db, "RELEASE collection", NULL, NULL, NULL);

  out = g_string_new ("[");
  for (guint i = 0; i < n; i++)
    {
      if (i > 0)
        g_string_append_c (out, ',');
      if (errors[i].code == NULL && !(all_or_none && any_failed))
        g_string_append_printf (out, "{\"id\":\"%s\",\"success\":true,\"errors\":[]}", ids[i]);
      else
        {
          const char *code = errors[i].code ? errors[i].code : "ALL_OR_NONE_OPERATION_ROLLED_BACK";
          const char *message = errors[i].code ? errors[i].message
                                               : "Record rolled back because not all records were valid and the request was using AllOrNone header";

          g_string_append (out, "{\"success\":false,\"errors\":[{\"statusCode\":");
          demo_append_json_string (out, code);
          g_string_append (out, ",\"message\":");
          demo_append_json_string (out, message);
          g_string_append (out, ",\"fields\":[");
          if (errors[i].field != NULL)
            demo_append_json_string (out, errors[i].field);
          g_string_append (out, "]}]}");
        }
      write_error_clear (&errors[i]);
    }
  g_string_append_c (out, ']');
  g_free (errors);
  /* Failed records leave holes, so g_strfreev() would stop early. */
  for (guint i = 0; i < n; i++)
    g_free (ids[i]);
  g_free (ids);
  demo_reply_take_json (msg, SOUP_STATUS_OK, g_string_free (out, FALSE));
}
