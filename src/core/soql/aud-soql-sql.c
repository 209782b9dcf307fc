/* aud-soql-sql.c — a resolved query as one parameterised SQLite statement, and its binding
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "aud-soql-private.h"

typedef struct
{
  const AudSoqlQuery *query;
  GString            *sql;
  GPtrArray          *params;
  gboolean            unicode;   /* AUD_SOQL_SQL_UNICODE: our collation and LIKE function */
} Writer;

static void
append_identifier (GString    *sql,
                   const char *name)
{
  g_string_append_c (sql, '"');
  for (const char *p = name; *p != '\0'; p++)
    {
      if (*p == '"')
        g_string_append_c (sql, '"');
      g_string_append_c (sql, *p);
    }
  g_string_append_c (sql, '"');
}

/* t0 is the FROM object, t<n + 1> the n-th join. */
static void
append_column (GString    *sql,
               int         join,
               const char *name)
{
  g_string_append_printf (sql, "t%d.", join + 1);
  append_identifier (sql, name);
}

static void
append_path (GString           *sql,
             const AudSoqlPath *path)
{
  append_column (sql, path->join, path->field->name);
}

/* SOQL compares and sorts text without regard to case. SQLite's NOCASE folds ASCII only, so
 * "Émile" and "émile" still differ unless AUD_SOQL_SQL_UNICODE asks for the collation that
 * aud_soql_install_sqlite_functions() adds. Ids, dates and datetimes keep binary order so
 * their indexes stay usable. */
static gboolean
is_text (const AudSoqlPath *path)
{
  return path->field->type == AUD_SOQL_TYPE_STRING;
}

static void
append_collation (Writer *w)
{
  g_string_append (w->sql, w->unicode ? " COLLATE " AUD_SOQL_COLLATION : " COLLATE NOCASE");
}

static void
append_param (Writer       *w,
              AudSoqlValue *value,
              gboolean      nocase)
{
  g_string_append_c (w->sql, '?');
  g_ptr_array_add (w->params, g_variant_ref (value->param));
  if (nocase)
    append_collation (w);
}

static void append_expr (Writer      *w,
                         AudSoqlExpr *expr);

static void
append_in (Writer      *w,
           AudSoqlExpr *expr)
{
  gboolean negated = expr->kind == AUD_SOQL_EXPR_NOT_IN;
  gboolean has_null = FALSE;
  guint n_values = 0;

  for (guint i = 0; i < expr->values->len; i++)
    {
      AudSoqlValue *value = g_ptr_array_index (expr->values, i);

      if (value->kind == AUD_SOQL_VALUE_NULL)
        has_null = TRUE;
      else
        n_values++;
    }

  /* Null is a value like any other in SOQL: IN (…, null) matches empty fields, and NOT IN
   * keeps them unless null is listed. */
  g_string_append_c (w->sql, '(');
  if (!negated && has_null)
    {
      append_path (w->sql, expr->path);
      g_string_append (w->sql, n_values > 0 ? " IS NULL OR " : " IS NULL");
    }
  else if (negated)
    {
      append_path (w->sql, expr->path);
      g_string_append (w->sql, has_null ? " IS NOT NULL" : " IS NULL");
      if (n_values > 0)
        g_string_append (w->sql, has_null ? " AND " : " OR ");
    }

  if (n_values > 0)
    {
      gboolean first = TRUE;

      append_path (w->sql, expr->path);
      if (is_text (expr->path))
        append_collation (w);
      g_string_append (w->sql, negated ? " NOT IN (" : " IN (");
      for (guint i = 0; i < expr->values->len; i++)
        {
          AudSoqlValue *value = g_ptr_array_index (expr->values, i);

          if (value->kind == AUD_SOQL_VALUE_NULL)
            continue;
          if (!first)
            g_string_append (w->sql, ", ");
          first = FALSE;
          append_param (w, value, FALSE);
        }
      g_string_append_c (w->sql, ')');
    }
  g_string_append_c (w->sql, ')');
}

static void
append_compare (Writer      *w,
                AudSoqlExpr *expr)
{
  AudSoqlValue *value = g_ptr_array_index (expr->values, 0);

  if (value->kind == AUD_SOQL_VALUE_NULL && expr->path->field->type == AUD_SOQL_TYPE_BOOLEAN)
    {
      /* A checkbox is never null in Salesforce: `= null` means false, `!= null` true. */
      g_string_append (w->sql, "coalesce(");
      append_path (w->sql, expr->path);
      g_string_append (w->sql, g_str_equal (expr->op, "=") ? ", 0) = 0" : ", 0) = 1");
      return;
    }

  if (value->kind == AUD_SOQL_VALUE_NULL)
    {
      if (g_str_equal (expr->op, "=") || g_str_equal (expr->op, "!="))
        {
          append_path (w->sql, expr->path);
          g_string_append (w->sql, g_str_equal (expr->op, "=") ? " IS NULL" : " IS NOT NULL");
        }
      else
        g_string_append (w->sql, "0");   /* nothing is less or greater than null */
      return;
    }

  if (expr->kind == AUD_SOQL_EXPR_LIKE && w->unicode)
    {
      g_string_append (w->sql, AUD_SOQL_LIKE_FUNCTION "(");
      append_param (w, value, FALSE);
      g_string_append (w->sql, ", ");
      append_path (w->sql, expr->path);
      g_string_append_c (w->sql, ')');
      return;
    }

  append_path (w->sql, expr->path);
  if (expr->kind == AUD_SOQL_EXPR_LIKE)
    {
      g_string_append (w->sql, " LIKE ");
      append_param (w, value, FALSE);
      g_string_append (w->sql, " ESCAPE '\\'");
      return;
    }

  /* `!=` keeps rows whose field is empty, as SOQL does; IS NOT is SQLite's null-safe form. */
  if (g_str_equal (expr->op, "!="))
    g_string_append (w->sql, " IS NOT ");
  else
    g_string_append_printf (w->sql, " %s ", expr->op);
  append_param (w, value, is_text (expr->path));
}

static void
append_expr (Writer      *w,
             AudSoqlExpr *expr)
{
  switch (expr->kind)
    {
    case AUD_SOQL_EXPR_AND:
    case AUD_SOQL_EXPR_OR:
      g_string_append_c (w->sql, '(');
      for (guint i = 0; i < expr->children->len; i++)
        {
          if (i > 0)
            g_string_append (w->sql, expr->kind == AUD_SOQL_EXPR_AND ? " AND " : " OR ");
          append_expr (w, g_ptr_array_index (expr->children, i));
        }
      g_string_append_c (w->sql, ')');
      break;

    case AUD_SOQL_EXPR_NOT:
      /* SQL's NOT of unknown is unknown; in SOQL a comparison with an empty field is simply
       * false, so its negation is true. IS NOT 1 says that without a function call, which
       * would cost SQLite's parser stack more at each nesting level. */
      g_string_append_c (w->sql, '(');
      append_expr (w, g_ptr_array_index (expr->children, 0));
      g_string_append (w->sql, ") IS NOT 1");
      break;

    case AUD_SOQL_EXPR_IN:
    case AUD_SOQL_EXPR_NOT_IN:
      append_in (w, expr);
      break;

    case AUD_SOQL_EXPR_COMPARE:
    case AUD_SOQL_EXPR_LIKE:
    default:
      append_compare (w, expr);
      break;
    }
}

static void
append_from (Writer *w)
{
  const AudSoqlQuery *query = w->query;

  g_string_append (w->sql, " FROM ");
  append_identifier (w->sql, query->object);
  g_string_append (w->sql, " AS t0");

  for (guint i = 0; i < query->joins->len; i++)
    {
      AudSoqlJoin *join = g_ptr_array_index (query->joins, i);

      g_string_append (w->sql, " LEFT JOIN ");
      append_identifier (w->sql, join->object);
      g_string_append_printf (w->sql, " AS t%u ON ", i + 1);
      append_column (w->sql, (int) i, "Id");
      g_string_append (w->sql, " = ");
      append_column (w->sql, join->parent, join->reference->name);
    }
}

static void
append_where (Writer   *w,
              gboolean  include_deleted)
{
  const AudSoqlQuery *query = w->query;

  if (include_deleted && query->where == NULL)
    return;

  g_string_append (w->sql, " WHERE ");
  if (!include_deleted)
    g_string_append (w->sql, "t0.\"IsDeleted\" = 0");
  if (!include_deleted && query->where != NULL)
    g_string_append (w->sql, " AND ");
  if (query->where != NULL)
    append_expr (w, query->where);
}

/* SOQL puts nulls first unless told otherwise, in both directions; SQLite puts them last when
 * descending, so the choice is always spelled out. */
static void
append_order_by (Writer *w)
{
  const AudSoqlQuery *query = w->query;

  for (guint i = 0; i < query->order->len; i++)
    {
      AudSoqlOrder *order = g_ptr_array_index (query->order, i);

      g_string_append (w->sql, i == 0 ? " ORDER BY " : ", ");
      append_path (w->sql, order->path);
      if (is_text (order->path))
        append_collation (w);
      g_string_append (w->sql, order->descending ? " DESC" : " ASC");
      g_string_append (w->sql, order->nulls_last ? " NULLS LAST" : " NULLS FIRST");
    }
}

static void
append_limit (Writer *w)
{
  const AudSoqlQuery *query = w->query;

  if (query->limit < 0 && query->offset <= 0)
    return;

  g_string_append (w->sql, " LIMIT ?");
  g_ptr_array_add (w->params, g_variant_ref_sink (g_variant_new_int64 (query->limit)));
  if (query->offset > 0)
    {
      g_string_append (w->sql, " OFFSET ?");
      g_ptr_array_add (w->params, g_variant_ref_sink (g_variant_new_int64 (query->offset)));
    }
}

char *
aud_soql_query_to_sql (const AudSoqlQuery  *query,
                       gboolean             include_deleted,
                       GPtrArray          **params,
                       GError             **error)
{
  AudSoqlSqlFlags flags = include_deleted ? AUD_SOQL_SQL_INCLUDE_DELETED : AUD_SOQL_SQL_NONE;

  return aud_soql_query_to_sql_full (query, flags, params, error);
}

char *
aud_soql_query_to_sql_full (const AudSoqlQuery  *query,
                            AudSoqlSqlFlags      flags,
                            GPtrArray          **params,
                            GError             **error)
{
  g_autoptr(GString) sql = g_string_new (NULL);
  g_autoptr(GPtrArray) values = g_ptr_array_new_with_free_func ((GDestroyNotify) g_variant_unref);
  gboolean include_deleted = (flags & AUD_SOQL_SQL_INCLUDE_DELETED) != 0;
  Writer w = { query, sql, values, (flags & AUD_SOQL_SQL_UNICODE) != 0 };

  g_return_val_if_fail (query != NULL, NULL);
  g_return_val_if_fail (query->resolved, NULL);
  g_return_val_if_fail (params != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (query->is_count)
    {
      /* LIMIT caps the count as it caps the rows, so it applies inside. */
      gboolean capped = query->limit >= 0 || query->offset > 0;

      g_string_append (sql, capped ? "SELECT count(*) FROM (SELECT 1" : "SELECT count(*)");
      append_from (&w);
      append_where (&w, include_deleted);
      append_limit (&w);
      if (capped)
        g_string_append_c (sql, ')');
    }
  else
    {
      g_string_append (sql, "SELECT ");
      for (guint i = 0; i < query->columns->len; i++)
        {
          AudSoqlPath *path = g_ptr_array_index (query->columns, i);

          /* Keeps column i at index i; the server assembles addresses from their parts. */
          if (path->field->type == AUD_SOQL_TYPE_ADDRESS)
            g_string_append (sql, "NULL");
          else
            append_path (sql, path);
          g_string_append (sql, ", ");
        }
      append_column (sql, -1, "Id");
      for (guint i = 0; i < query->joins->len; i++)
        {
          g_string_append (sql, ", ");
          append_column (sql, (int) i, "Id");
        }
      append_from (&w);
      append_where (&w, include_deleted);
      append_order_by (&w);
      append_limit (&w);
    }

  if (values->len > AUD_SOQL_MAX_PARAMS)
    {
      aud_soql_set_error (error, AUD_SOQL_ERROR_MALFORMED_QUERY, query->soql, 0,
                          "Query is too complicated: more than %d values", AUD_SOQL_MAX_PARAMS);
      return NULL;
    }

  *params = g_steal_pointer (&values);

  return g_string_free (g_steal_pointer (&sql), FALSE);
}

gboolean
aud_soql_bind (sqlite3_stmt  *stmt,
               GPtrArray     *params,
               GError       **error)
{
  g_return_val_if_fail (stmt != NULL, FALSE);
  g_return_val_if_fail (params != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if ((guint) sqlite3_bind_parameter_count (stmt) != params->len)
    {
      g_set_error (error, AUD_SOQL_ERROR, AUD_SOQL_ERROR_MALFORMED_QUERY,
                   "The statement takes %d parameters, not %u",
                   sqlite3_bind_parameter_count (stmt), params->len);
      return FALSE;
    }

  for (guint i = 0; i < params->len; i++)
    {
      GVariant *value = g_ptr_array_index (params, i);
      int column = (int) i + 1;
      int rc;

      if (g_variant_is_of_type (value, G_VARIANT_TYPE_STRING))
        {
          gsize len;
          const char *text = g_variant_get_string (value, &len);

          rc = sqlite3_bind_text (stmt, column, text, (int) len, SQLITE_TRANSIENT);
        }
      else if (g_variant_is_of_type (value, G_VARIANT_TYPE_INT64))
        rc = sqlite3_bind_int64 (stmt, column, g_variant_get_int64 (value));
      else if (g_variant_is_of_type (value, G_VARIANT_TYPE_DOUBLE))
        rc = sqlite3_bind_double (stmt, column, g_variant_get_double (value));
      else if (g_variant_is_of_type (value, G_VARIANT_TYPE_BOOLEAN))
        rc = sqlite3_bind_int (stmt, column, g_variant_get_boolean (value) ? 1 : 0);
      else
        rc = SQLITE_MISMATCH;

      if (rc != SQLITE_OK)
        {
          g_set_error (error, AUD_SOQL_ERROR, AUD_SOQL_ERROR_MALFORMED_QUERY,
                       "Could not bind parameter %d (%s): %s", column,
                       g_variant_get_type_string (value), sqlite3_errstr (rc));
          return FALSE;
        }
    }

  return TRUE;
}
