/* aud-soql-parser.c — tokens to a syntax tree: SELECT … FROM … WHERE … ORDER BY … LIMIT … OFFSET
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <errno.h>
#include <string.h>

#include "aud-soql-private.h"

typedef struct
{
  const char *soql;
  GPtrArray  *tokens;
  guint       pos;
  guint       depth;
} Parser;

static AudSoqlToken *
peek (Parser *p)
{
  return g_ptr_array_index (p->tokens, p->pos);
}

static AudSoqlToken *
advance (Parser *p)
{
  AudSoqlToken *token = peek (p);

  if (token->kind != AUD_SOQL_TOKEN_EOF)
    p->pos++;

  return token;
}

static gboolean
is_keyword (AudSoqlToken *token,
            const char   *keyword)
{
  return token->kind == AUD_SOQL_TOKEN_IDENT && g_ascii_strcasecmp (token->text, keyword) == 0;
}

static gboolean
accept_keyword (Parser     *p,
                const char *keyword)
{
  if (!is_keyword (peek (p), keyword))
    return FALSE;
  advance (p);

  return TRUE;
}

static gboolean
set_unexpected (Parser  *p,
                GError **error)
{
  AudSoqlToken *token = peek (p);

  aud_soql_set_error (error, AUD_SOQL_ERROR_MALFORMED_QUERY, p->soql, token->offset,
                      "unexpected token: '%s'",
                      token->kind == AUD_SOQL_TOKEN_EOF ? "<EOF>" :
                      token->kind == AUD_SOQL_TOKEN_STRING ? "'" : token->text);
  return FALSE;
}

static gboolean
expect_keyword (Parser      *p,
                const char  *keyword,
                GError     **error)
{
  if (accept_keyword (p, keyword))
    return TRUE;

  return set_unexpected (p, error);
}

static gboolean
expect_kind (Parser            *p,
             AudSoqlTokenKind   kind,
             GError           **error)
{
  if (peek (p)->kind == kind)
    {
      advance (p);
      return TRUE;
    }

  return set_unexpected (p, error);
}

/* Words the grammar gives a meaning to; they cannot name a field. */
static gboolean
is_reserved (const char *word)
{
  static const char * const reserved[] = {
    "SELECT", "FROM", "WHERE", "AND", "OR", "NOT", "IN", "LIKE", "ORDER", "BY", "LIMIT",
    "OFFSET", "NULL", "TRUE", "FALSE", "ASC", "DESC", "NULLS", "GROUP", "HAVING", "WITH",
    "INCLUDES", "EXCLUDES",
  };

  for (guint i = 0; i < G_N_ELEMENTS (reserved); i++)
    if (g_ascii_strcasecmp (word, reserved[i]) == 0)
      return TRUE;

  return FALSE;
}

static AudSoqlPath *
parse_path (Parser  *p,
            GError **error)
{
  AudSoqlToken *token = peek (p);
  AudSoqlPath *path;

  if (token->kind != AUD_SOQL_TOKEN_IDENT || is_reserved (token->text))
    {
      set_unexpected (p, error);
      return NULL;
    }
  advance (p);

  path = g_new0 (AudSoqlPath, 1);
  path->text = g_strdup (token->text);
  path->offset = token->offset;
  path->join = -1;

  return path;
}

static AudSoqlValue *
parse_value (Parser  *p,
             GError **error)
{
  AudSoqlToken *token = peek (p);
  g_autoptr(AudSoqlValue) value = g_new0 (AudSoqlValue, 1);

  value->offset = token->offset;
  value->text = g_strdup (token->text);

  switch (token->kind)
    {
    case AUD_SOQL_TOKEN_STRING:
      value->kind = AUD_SOQL_VALUE_STRING;
      break;
    case AUD_SOQL_TOKEN_NUMBER:
      value->kind = AUD_SOQL_VALUE_NUMBER;
      break;
    case AUD_SOQL_TOKEN_DATE:
      if (!aud_soql_date_is_valid (token->text))
        {
          aud_soql_set_error (error, AUD_SOQL_ERROR_MALFORMED_QUERY, p->soql, token->offset,
                              "Invalid date: %s", token->text);
          return NULL;
        }
      value->kind = AUD_SOQL_VALUE_DATE;
      break;
    case AUD_SOQL_TOKEN_DATETIME:
      /* Checked here, normalised in resolve: an impossible time is a syntax error. */
      if (!aud_soql_datetime_is_valid (token->text))
        {
          aud_soql_set_error (error, AUD_SOQL_ERROR_MALFORMED_QUERY, p->soql, token->offset,
                              "Invalid datetime: %s", token->text);
          return NULL;
        }
      value->kind = AUD_SOQL_VALUE_DATETIME;
      break;
    case AUD_SOQL_TOKEN_IDENT:
      if (g_ascii_strcasecmp (token->text, "null") == 0)
        value->kind = AUD_SOQL_VALUE_NULL;
      else if (g_ascii_strcasecmp (token->text, "true") == 0 ||
               g_ascii_strcasecmp (token->text, "false") == 0)
        {
          value->kind = AUD_SOQL_VALUE_BOOLEAN;
          value->boolean = g_ascii_strcasecmp (token->text, "true") == 0;
        }
      else
        {
          set_unexpected (p, error);
          return NULL;
        }
      break;
    case AUD_SOQL_TOKEN_EOF:
    case AUD_SOQL_TOKEN_COMMA:
    case AUD_SOQL_TOKEN_LPAREN:
    case AUD_SOQL_TOKEN_RPAREN:
    case AUD_SOQL_TOKEN_OPERATOR:
    default:
      set_unexpected (p, error);
      return NULL;
    }
  advance (p);

  return g_steal_pointer (&value);
}

static AudSoqlExpr *parse_condition (Parser  *p,
                                     GError **error);

static AudSoqlExpr *
parse_leaf (Parser  *p,
            GError **error)
{
  g_autoptr(AudSoqlExpr) expr = g_new0 (AudSoqlExpr, 1);
  AudSoqlToken *token;

  expr->offset = peek (p)->offset;
  expr->path = parse_path (p, error);
  if (expr->path == NULL)
    return NULL;
  expr->values = g_ptr_array_new_with_free_func ((GDestroyNotify) aud_soql_value_free);

  token = peek (p);
  if (token->kind == AUD_SOQL_TOKEN_OPERATOR)
    {
      AudSoqlValue *value;

      advance (p);
      expr->kind = AUD_SOQL_EXPR_COMPARE;
      expr->op = g_strdup (g_str_equal (token->text, "<>") ? "!=" : token->text);
      value = parse_value (p, error);
      if (value == NULL)
        return NULL;
      g_ptr_array_add (expr->values, value);
      return g_steal_pointer (&expr);
    }

  if (is_keyword (token, "LIKE"))
    {
      AudSoqlValue *value;

      advance (p);
      expr->kind = AUD_SOQL_EXPR_LIKE;
      value = parse_value (p, error);
      if (value == NULL)
        return NULL;
      g_ptr_array_add (expr->values, value);
      return g_steal_pointer (&expr);
    }

  if (is_keyword (token, "NOT") || is_keyword (token, "IN"))
    {
      expr->kind = accept_keyword (p, "NOT") ? AUD_SOQL_EXPR_NOT_IN : AUD_SOQL_EXPR_IN;
      if (!expect_keyword (p, "IN", error) || !expect_kind (p, AUD_SOQL_TOKEN_LPAREN, error))
        return NULL;
      do
        {
          AudSoqlValue *value = parse_value (p, error);

          if (value == NULL)
            return NULL;
          g_ptr_array_add (expr->values, value);
        }
      while (peek (p)->kind == AUD_SOQL_TOKEN_COMMA && advance (p));
      if (!expect_kind (p, AUD_SOQL_TOKEN_RPAREN, error))
        return NULL;
      return g_steal_pointer (&expr);
    }

  set_unexpected (p, error);
  return NULL;
}

/* NOT binds to one condition: NOT Name = 'x', NOT (A = 1 OR B = 2). */
static AudSoqlExpr *
parse_unary (Parser  *p,
             GError **error)
{
  AudSoqlToken *token = peek (p);
  g_autoptr(AudSoqlExpr) expr = NULL;

  if (++p->depth > AUD_SOQL_MAX_DEPTH)
    {
      aud_soql_set_error (error, AUD_SOQL_ERROR_MALFORMED_QUERY, p->soql, token->offset,
                          "unexpected token: '%s' (conditions nest deeper than %d levels)",
                          token->text, AUD_SOQL_MAX_DEPTH);
      return NULL;
    }

  if (is_keyword (token, "NOT"))
    {
      AudSoqlExpr *child;

      advance (p);
      child = parse_unary (p, error);
      if (child == NULL)
        return NULL;
      expr = g_new0 (AudSoqlExpr, 1);
      expr->kind = AUD_SOQL_EXPR_NOT;
      expr->offset = token->offset;
      expr->children = g_ptr_array_new_with_free_func ((GDestroyNotify) aud_soql_expr_free);
      g_ptr_array_add (expr->children, child);
    }
  else if (token->kind == AUD_SOQL_TOKEN_LPAREN)
    {
      advance (p);
      expr = parse_condition (p, error);
      if (expr == NULL || !expect_kind (p, AUD_SOQL_TOKEN_RPAREN, error))
        return NULL;
    }
  else
    {
      expr = parse_leaf (p, error);
      if (expr == NULL)
        return NULL;
    }

  p->depth--;
  return g_steal_pointer (&expr);
}

/* SOQL refuses to guess precedence: AND and OR mix only through parentheses. */
static AudSoqlExpr *
parse_condition (Parser  *p,
                 GError **error)
{
  g_autoptr(AudSoqlExpr) first = parse_unary (p, error);
  g_autoptr(AudSoqlExpr) list = NULL;
  const char *joiner = NULL;

  if (first == NULL)
    return NULL;

  for (;;)
    {
      AudSoqlToken *token = peek (p);
      AudSoqlExpr *next;

      if (!is_keyword (token, "AND") && !is_keyword (token, "OR"))
        break;
      if (joiner != NULL && g_ascii_strcasecmp (token->text, joiner) != 0)
        {
          set_unexpected (p, error);
          return NULL;
        }
      if (list == NULL)
        {
          joiner = is_keyword (token, "AND") ? "AND" : "OR";
          list = g_new0 (AudSoqlExpr, 1);
          list->kind = is_keyword (token, "AND") ? AUD_SOQL_EXPR_AND : AUD_SOQL_EXPR_OR;
          list->offset = first->offset;
          list->children = g_ptr_array_new_with_free_func ((GDestroyNotify) aud_soql_expr_free);
          g_ptr_array_add (list->children, g_steal_pointer (&first));
        }
      advance (p);
      next = parse_unary (p, error);
      if (next == NULL)
        return NULL;
      g_ptr_array_add (list->children, next);
    }

  return list != NULL ? g_steal_pointer (&list) : g_steal_pointer (&first);
}

static gboolean
parse_integer (Parser  *p,
               gint64  *out,
               GError **error)
{
  AudSoqlToken *token = peek (p);
  guint64 v;

  if (token->kind != AUD_SOQL_TOKEN_NUMBER || !g_ascii_isdigit (token->text[0]) ||
      strchr (token->text, '.') != NULL)
    return set_unexpected (p, error);

  errno = 0;
  v = g_ascii_strtoull (token->text, NULL, 10);
  if (errno != 0 || v > G_MAXINT32)
    {
      aud_soql_set_error (error, AUD_SOQL_ERROR_NUMBER_OUTSIDE_VALID_RANGE, p->soql,
                          token->offset, "For input string: \"%s\"", token->text);
      return FALSE;
    }
  advance (p);
  *out = (gint64) v;

  return TRUE;
}

static gboolean
parse_order_by (Parser        *p,
                AudSoqlQuery  *query,
                GError       **error)
{
  do
    {
      AudSoqlPath *path = parse_path (p, error);
      AudSoqlOrder *order;

      if (path == NULL)
        return FALSE;
      order = g_new0 (AudSoqlOrder, 1);
      order->path = path;
      g_ptr_array_add (query->order, order);

      if (accept_keyword (p, "DESC"))
        order->descending = TRUE;
      else
        accept_keyword (p, "ASC");

      if (accept_keyword (p, "NULLS"))
        {
          if (accept_keyword (p, "LAST"))
            order->nulls_last = TRUE;
          else if (!expect_keyword (p, "FIRST", error))
            return FALSE;
        }
    }
  while (peek (p)->kind == AUD_SOQL_TOKEN_COMMA && advance (p));

  return TRUE;
}

static gboolean
parse_select_list (Parser        *p,
                   AudSoqlQuery  *query,
                   GError       **error)
{
  if (is_keyword (peek (p), "COUNT") &&
      ((AudSoqlToken *) g_ptr_array_index (p->tokens, p->pos + 1))->kind == AUD_SOQL_TOKEN_LPAREN)
    {
      advance (p);
      advance (p);
      if (!expect_kind (p, AUD_SOQL_TOKEN_RPAREN, error))
        return FALSE;
      query->is_count = TRUE;
      return TRUE;
    }

  do
    {
      AudSoqlPath *path = parse_path (p, error);

      if (path == NULL)
        return FALSE;
      g_ptr_array_add (query->columns, path);
    }
  while (peek (p)->kind == AUD_SOQL_TOKEN_COMMA && advance (p));

  return TRUE;
}

static AudSoqlQuery *
parse_tokens (const char  *soql,
              GPtrArray   *tokens,
              GError     **error)
{
  g_autoptr(AudSoqlQuery) query = g_new0 (AudSoqlQuery, 1);
  Parser p = { soql, tokens, 0, 0 };
  AudSoqlToken *token;

  query->soql = g_strdup (soql);
  query->columns = g_ptr_array_new_with_free_func ((GDestroyNotify) aud_soql_path_free);
  query->order = g_ptr_array_new_with_free_func ((GDestroyNotify) aud_soql_order_free);
  query->limit = -1;

  if (!expect_keyword (&p, "SELECT", error) || !parse_select_list (&p, query, error) ||
      !expect_keyword (&p, "FROM", error))
    return NULL;

  token = peek (&p);
  if (token->kind != AUD_SOQL_TOKEN_IDENT || is_reserved (token->text) ||
      strchr (token->text, '.') != NULL)
    {
      set_unexpected (&p, error);
      return NULL;
    }
  query->object_text = g_strdup (token->text);
  query->object_offset = token->offset;
  advance (&p);

  if (accept_keyword (&p, "WHERE"))
    {
      query->where = parse_condition (&p, error);
      if (query->where == NULL)
        return NULL;
    }
  if (accept_keyword (&p, "ORDER"))
    {
      if (!expect_keyword (&p, "BY", error) || !parse_order_by (&p, query, error))
        return NULL;
    }
  if (accept_keyword (&p, "LIMIT") && !parse_integer (&p, &query->limit, error))
    return NULL;
  if (accept_keyword (&p, "OFFSET"))
    {
      gsize at = peek (&p)->offset;

      if (!parse_integer (&p, &query->offset, error))
        return NULL;
      if (query->offset > AUD_SOQL_MAX_OFFSET)
        {
          aud_soql_set_error (error, AUD_SOQL_ERROR_NUMBER_OUTSIDE_VALID_RANGE, soql, at,
                              "Maximum SOQL offset allowed is %d", AUD_SOQL_MAX_OFFSET);
          return NULL;
        }
    }
  if (peek (&p)->kind != AUD_SOQL_TOKEN_EOF)
    {
      set_unexpected (&p, error);
      return NULL;
    }

  return g_steal_pointer (&query);
}

AudSoqlQuery *
aud_soql_parse (const char  *soql,
                GError     **error)
{
  g_autoptr(GPtrArray) tokens = NULL;
  const char *bad;

  g_return_val_if_fail (soql != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!g_utf8_validate (soql, -1, &bad))
    {
      /* The message must itself be valid UTF-8: show the text with the bad bytes replaced;
       * everything before them, and so the offset, is unchanged. */
      g_autofree char *shown = g_utf8_make_valid (soql, -1);
      guint row;
      guint column;

      aud_soql_offset_to_position (shown, bad - soql, &row, &column);
      aud_soql_set_error (error, AUD_SOQL_ERROR_MALFORMED_QUERY, shown, bad - soql,
                          "line %u:%u no viable alternative at character '\xef\xbf\xbd'",
                          row, column - 1);
      return NULL;
    }
  if (strlen (soql) > AUD_SOQL_MAX_LENGTH)
    {
      aud_soql_set_error (error, AUD_SOQL_ERROR_MALFORMED_QUERY, soql, AUD_SOQL_MAX_LENGTH,
                          "Query is too long: the limit is %d characters", AUD_SOQL_MAX_LENGTH);
      return NULL;
    }

  tokens = aud_soql_tokenize (soql, error);
  if (tokens == NULL)
    return NULL;

  return parse_tokens (soql, tokens, error);
}
