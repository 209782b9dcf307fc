/* aud-soql-resolve.c — checks a parsed query against a schema: objects, fields, literal types
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <errno.h>
#include <string.h>

#include "aud-sf-id.h"
#include "aud-soql-private.h"

#define WSDL_HINT "Please reference your WSDL or the describe call for the appropriate names."

typedef struct
{
  AudSoqlQuery        *query;
  const AudSoqlSchema *schema;
} Resolver;

static const AudSoqlField *
lookup_field (Resolver   *r,
              const char *object,
              const char *name)
{
  return r->schema->lookup_field (object, name, r->schema->user_data);
}

static gboolean
names_relationship (const AudSoqlField *field,
                    const char         *name)
{
  return field != NULL && field->relationship_name != NULL && field->reference_to != NULL &&
         g_ascii_strcasecmp (field->relationship_name, name) == 0;
}

/* The schema is asked for fields only, so a relationship is found through its key: standard
 * ones are the key minus "Id" (Account → AccountId), custom ones swap "__r" for "__c". A
 * schema that also answers to relationship names works too. */
static const AudSoqlField *
lookup_relationship (Resolver   *r,
                     const char *object,
                     const char *name)
{
  const AudSoqlField *field = lookup_field (r, object, name);
  g_autofree char *key = NULL;
  gsize len = strlen (name);

  if (names_relationship (field, name))
    return field;

  if (len > 3 && g_ascii_strcasecmp (name + len - 3, "__r") == 0)
    key = g_strdup_printf ("%.*s__c", (int) (len - 3), name);
  else
    key = g_strconcat (name, "Id", NULL);
  field = lookup_field (r, object, key);

  return names_relationship (field, name) ? field : NULL;
}

/* A polymorphic key (OwnerId → "Group,User") joins the first of its targets the schema
 * stores; fields common to all targets, like Name, then read from that table. */
static const char *
resolve_target (Resolver   *r,
                const char *reference_to)
{
  g_auto(GStrv) targets = g_strsplit (reference_to, ",", -1);

  for (guint i = 0; targets[i] != NULL; i++)
    {
      const char *object = r->schema->canonical_object (g_strstrip (targets[i]),
                                                        r->schema->user_data);

      if (object != NULL)
        return object;
    }

  return NULL;
}

static int
find_or_add_join (Resolver           *r,
                  const char         *path,
                  const char         *object,
                  const AudSoqlField *reference,
                  int                 parent)
{
  AudSoqlJoin *join;

  for (guint i = 0; i < r->query->joins->len; i++)
    {
      join = g_ptr_array_index (r->query->joins, i);
      if (g_str_equal (join->path, path))
        return (int) i;
    }

  join = g_new0 (AudSoqlJoin, 1);
  join->path = g_strdup (path);
  join->object = g_strdup (object);
  join->reference = reference;
  join->parent = parent;
  g_ptr_array_add (r->query->joins, join);

  return (int) r->query->joins->len - 1;
}

static gboolean
resolve_path (Resolver     *r,
              AudSoqlPath  *path,
              GError      **error)
{
  g_auto(GStrv) parts = g_strsplit (path->text, ".", -1);
  g_autoptr(GString) canonical = g_string_new (NULL);
  const char *object = r->query->object;
  guint n = g_strv_length (parts);
  int join = -1;

  for (guint i = 0; i + 1 < n; i++)
    {
      const AudSoqlField *reference = lookup_relationship (r, object, parts[i]);
      const char *target = NULL;

      if (reference != NULL)
        target = resolve_target (r, reference->reference_to);
      if (target == NULL)
        {
          aud_soql_set_error (error, AUD_SOQL_ERROR_INVALID_FIELD, r->query->soql, path->offset,
                              "Didn't understand relationship '%s' in field path. If you are "
                              "attempting to use a custom relationship, be sure to append the "
                              "'__r' after the custom relationship name. " WSDL_HINT, parts[i]);
          return FALSE;
        }
      if (canonical->len > 0)
        g_string_append_c (canonical, '.');
      g_string_append (canonical, reference->relationship_name);
      join = find_or_add_join (r, canonical->str, target, reference, join);
      object = target;
    }

  path->field = lookup_field (r, object, parts[n - 1]);
  /* A schema that answers to relationship names would turn `Account` into AccountId. */
  if (path->field != NULL && g_ascii_strcasecmp (path->field->name, parts[n - 1]) != 0)
    path->field = NULL;
  if (path->field == NULL)
    {
      aud_soql_set_error (error, AUD_SOQL_ERROR_INVALID_FIELD, r->query->soql, path->offset,
                          "No such column '%s' on entity '%s'. If you are attempting to use a "
                          "custom field, be sure to append the '__c' after the custom field "
                          "name. " WSDL_HINT, parts[n - 1], object);
      return FALSE;
    }
  if (canonical->len > 0)
    g_string_append_c (canonical, '.');
  g_string_append (canonical, path->field->name);

  g_free (path->canonical);
  path->canonical = g_string_free (g_steal_pointer (&canonical), FALSE);
  path->join = join;

  return TRUE;
}

static const char *
type_name (AudSoqlFieldType type)
{
  switch (type)
    {
    case AUD_SOQL_TYPE_ID:        return "id";
    case AUD_SOQL_TYPE_REFERENCE: return "reference";
    case AUD_SOQL_TYPE_STRING:    return "string";
    case AUD_SOQL_TYPE_BOOLEAN:   return "boolean";
    case AUD_SOQL_TYPE_INT:       return "int";
    case AUD_SOQL_TYPE_DOUBLE:    return "double";
    case AUD_SOQL_TYPE_DATE:      return "date";
    case AUD_SOQL_TYPE_DATETIME:  return "dateTime";
    case AUD_SOQL_TYPE_ADDRESS:   return "address";
    default:                      return "unknown";
    }
}

static GVariant *
number_param (const char *text)
{
  if (strchr (text, '.') == NULL)
    {
      gint64 v;

      errno = 0;
      v = g_ascii_strtoll (text, NULL, 10);
      if (errno == 0)
        return g_variant_new_int64 (v);
    }

  return g_variant_new_double (g_ascii_strtod (text, NULL));
}

/* The real API reports a literal of the wrong kind as INVALID_FIELD with these words. */
static gboolean
set_wrong_literal (Resolver      *r,
                   AudSoqlPath   *path,
                   AudSoqlValue  *value,
                   GError       **error)
{
  AudSoqlFieldType type = path->field->type;
  gboolean quoted = type == AUD_SOQL_TYPE_STRING || type == AUD_SOQL_TYPE_ID ||
                    type == AUD_SOQL_TYPE_REFERENCE;

  aud_soql_set_error (error, AUD_SOQL_ERROR_INVALID_FIELD, r->query->soql, value->offset,
                      "value of filter criterion for field '%s' must be of type %s and should %s"
                      "be enclosed in quotes",
                      path->field->name, type_name (type), quoted ? "" : "not ");
  return FALSE;
}

static gboolean
resolve_value (Resolver      *r,
               AudSoqlPath   *path,
               AudSoqlValue  *value,
               gboolean       like,
               GError       **error)
{
  const AudSoqlField *field = path->field;
  GVariant *param = NULL;

  g_clear_pointer (&value->param, g_variant_unref);
  if (value->kind == AUD_SOQL_VALUE_NULL)
    return TRUE;

  switch (field->type)
    {
    case AUD_SOQL_TYPE_STRING:
      if (value->kind != AUD_SOQL_VALUE_STRING)
        return set_wrong_literal (r, path, value, error);
      param = g_variant_new_take_string (aud_soql_decode_string (value->text, like));
      break;

    case AUD_SOQL_TYPE_ID:
    case AUD_SOQL_TYPE_REFERENCE:
      if (value->kind != AUD_SOQL_VALUE_STRING)
        return set_wrong_literal (r, path, value, error);
      {
        g_autofree char *text = aud_soql_decode_string (value->text, FALSE);
        /* Stored Ids are 18 characters long; a 15-character literal names the same record. */
        char *id = aud_sf_id_to_18 (text);

        if (id == NULL)
          {
            aud_soql_set_error (error, AUD_SOQL_ERROR_MALFORMED_QUERY, r->query->soql,
                                value->offset, "invalid ID field: %s", text);
            return FALSE;
          }
        param = g_variant_new_take_string (id);
      }
      break;

    case AUD_SOQL_TYPE_BOOLEAN:
      if (value->kind != AUD_SOQL_VALUE_BOOLEAN)
        return set_wrong_literal (r, path, value, error);
      param = g_variant_new_int64 (value->boolean ? 1 : 0);
      break;

    case AUD_SOQL_TYPE_INT:
    case AUD_SOQL_TYPE_DOUBLE:
      if (value->kind != AUD_SOQL_VALUE_NUMBER)
        return set_wrong_literal (r, path, value, error);
      param = number_param (value->text);
      break;

    case AUD_SOQL_TYPE_DATE:
      if (value->kind != AUD_SOQL_VALUE_DATE)
        return set_wrong_literal (r, path, value, error);
      param = g_variant_new_string (value->text);
      break;

    case AUD_SOQL_TYPE_DATETIME:
      if (value->kind != AUD_SOQL_VALUE_DATETIME)
        return set_wrong_literal (r, path, value, error);
      param = g_variant_new_take_string (aud_soql_normalize_datetime (value->text));
      break;

    case AUD_SOQL_TYPE_ADDRESS:
    default:
      return set_wrong_literal (r, path, value, error);
    }

  value->param = g_variant_ref_sink (param);

  return TRUE;
}

static gboolean
resolve_expr (Resolver     *r,
              AudSoqlExpr  *expr,
              GError      **error)
{
  AudSoqlPath *path = expr->path;

  if (expr->children != NULL)
    {
      for (guint i = 0; i < expr->children->len; i++)
        if (!resolve_expr (r, g_ptr_array_index (expr->children, i), error))
          return FALSE;
      return TRUE;
    }

  if (!resolve_path (r, path, error))
    return FALSE;

  if (!path->field->filterable || path->field->type == AUD_SOQL_TYPE_ADDRESS)
    {
      aud_soql_set_error (error, AUD_SOQL_ERROR_INVALID_FIELD, r->query->soql, path->offset,
                          "field '%s' can not be filtered in query call", path->field->name);
      return FALSE;
    }

  if (expr->kind == AUD_SOQL_EXPR_LIKE && path->field->type != AUD_SOQL_TYPE_STRING)
    {
      aud_soql_set_error (error, AUD_SOQL_ERROR_INVALID_FIELD, r->query->soql, expr->offset,
                          "invalid operator on %s field: LIKE works on text fields only",
                          type_name (path->field->type));
      return FALSE;
    }

  if (expr->kind == AUD_SOQL_EXPR_COMPARE && path->field->type == AUD_SOQL_TYPE_BOOLEAN &&
      !g_str_equal (expr->op, "=") && !g_str_equal (expr->op, "!="))
    {
      aud_soql_set_error (error, AUD_SOQL_ERROR_INVALID_FIELD, r->query->soql, expr->offset,
                          "invalid operator on boolean field: %s", expr->op);
      return FALSE;
    }

  /* LIKE takes a pattern: a quoted string, never null or another kind of literal. */
  if (expr->kind == AUD_SOQL_EXPR_LIKE)
    {
      AudSoqlValue *value = g_ptr_array_index (expr->values, 0);

      if (value->kind != AUD_SOQL_VALUE_STRING)
        return set_wrong_literal (r, path, value, error);
    }

  for (guint i = 0; i < expr->values->len; i++)
    if (!resolve_value (r, path, g_ptr_array_index (expr->values, i),
                        expr->kind == AUD_SOQL_EXPR_LIKE, error))
      return FALSE;

  return TRUE;
}

gboolean
aud_soql_query_resolve (AudSoqlQuery        *query,
                        const AudSoqlSchema *schema,
                        GError             **error)
{
  Resolver r = { query, schema };
  const char *object;

  g_return_val_if_fail (query != NULL, FALSE);
  g_return_val_if_fail (schema != NULL && schema->canonical_object != NULL &&
                        schema->lookup_field != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  query->resolved = FALSE;
  g_clear_pointer (&query->joins, g_ptr_array_unref);
  query->joins = g_ptr_array_new_with_free_func ((GDestroyNotify) aud_soql_join_free);

  object = schema->canonical_object (query->object_text, schema->user_data);
  if (object == NULL)
    {
      aud_soql_set_error (error, AUD_SOQL_ERROR_INVALID_TYPE, query->soql, query->object_offset,
                          "sObject type '%s' is not supported. If you are attempting to use a "
                          "custom object, be sure to append the '__c' after the entity name. "
                          WSDL_HINT, query->object_text);
      return FALSE;
    }
  g_free (query->object);
  query->object = g_strdup (object);

  for (guint i = 0; i < query->columns->len; i++)
    {
      AudSoqlPath *path = g_ptr_array_index (query->columns, i);

      if (!resolve_path (&r, path, error))
        return FALSE;
      for (guint j = 0; j < i; j++)
        {
          AudSoqlPath *earlier = g_ptr_array_index (query->columns, j);

          if (g_ascii_strcasecmp (earlier->canonical, path->canonical) == 0)
            {
              aud_soql_set_error (error, AUD_SOQL_ERROR_MALFORMED_QUERY, query->soql,
                                  path->offset, "duplicate field selected: %s", path->canonical);
              return FALSE;
            }
        }
    }

  if (query->where != NULL && !resolve_expr (&r, query->where, error))
    return FALSE;

  for (guint i = 0; i < query->order->len; i++)
    {
      AudSoqlOrder *order = g_ptr_array_index (query->order, i);

      if (!resolve_path (&r, order->path, error))
        return FALSE;
      if (!order->path->field->sortable || order->path->field->type == AUD_SOQL_TYPE_ADDRESS)
        {
          aud_soql_set_error (error, AUD_SOQL_ERROR_INVALID_FIELD, query->soql,
                              order->path->offset, "field '%s' can not be sorted in a query call",
                              order->path->field->name);
          return FALSE;
        }
    }

  query->resolved = TRUE;

  return TRUE;
}
