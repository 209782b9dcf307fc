/* aud-soql-private.h — the SOQL module's tokens, syntax tree and cross-file helpers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "aud-soql.h"

G_BEGIN_DECLS

/* Deeper nesting (each NOT, each parenthesis and the comparison itself count one) is
 * refused: SQLite's parser stack (100 entries in 3.40) overflows on SQL nested about 30
 * levels deep, and every query this module accepts must compile. Sync tools nest 2 or 3. */
#define AUD_SOQL_MAX_DEPTH 24

/* The real API's default limit; longer queries are refused before any work. */
#define AUD_SOQL_MAX_LENGTH 100000

/* SQLite 3.40 refuses more than 32766 bound parameters in one statement. */
#define AUD_SOQL_MAX_PARAMS 32000

#define AUD_SOQL_MAX_OFFSET 2000

/* What aud_soql_install_sqlite_functions() registers and AUD_SOQL_SQL_UNICODE uses. */
#define AUD_SOQL_COLLATION     "AUD_SOQL_NOCASE"
#define AUD_SOQL_LIKE_FUNCTION "aud_soql_like"

typedef enum
{
  AUD_SOQL_TOKEN_EOF,
  AUD_SOQL_TOKEN_IDENT,      /* a name or dotted path: Account.Owner.Name, also keywords */
  AUD_SOQL_TOKEN_STRING,     /* text holds the raw body between the quotes, escapes undecoded */
  AUD_SOQL_TOKEN_NUMBER,
  AUD_SOQL_TOKEN_DATE,
  AUD_SOQL_TOKEN_DATETIME,
  AUD_SOQL_TOKEN_COMMA,
  AUD_SOQL_TOKEN_LPAREN,
  AUD_SOQL_TOKEN_RPAREN,
  AUD_SOQL_TOKEN_OPERATOR,   /* = != <> < <= > >= */
} AudSoqlTokenKind;

typedef struct
{
  AudSoqlTokenKind  kind;
  gsize             offset;   /* bytes into the SOQL text */
  char             *text;
} AudSoqlToken;

typedef enum
{
  AUD_SOQL_VALUE_NULL,
  AUD_SOQL_VALUE_BOOLEAN,
  AUD_SOQL_VALUE_STRING,
  AUD_SOQL_VALUE_NUMBER,
  AUD_SOQL_VALUE_DATE,
  AUD_SOQL_VALUE_DATETIME,
} AudSoqlValueKind;

typedef struct
{
  AudSoqlValueKind  kind;
  gsize             offset;
  char             *text;     /* strings: raw body; others: the literal as written */
  gboolean          boolean;
  GVariant         *param;    /* after resolve: what gets bound; NULL for null */
} AudSoqlValue;

/* A field reference as written (Account.Name) and, after resolve, what it names. */
typedef struct
{
  char               *text;
  gsize               offset;
  char               *canonical;   /* after resolve: "Account.Name" */
  const AudSoqlField *field;       /* after resolve: the leaf */
  int                 join;        /* after resolve: index into query->joins, -1 for the root */
} AudSoqlPath;

typedef enum
{
  AUD_SOQL_EXPR_AND,
  AUD_SOQL_EXPR_OR,
  AUD_SOQL_EXPR_NOT,
  AUD_SOQL_EXPR_COMPARE,
  AUD_SOQL_EXPR_IN,
  AUD_SOQL_EXPR_NOT_IN,
  AUD_SOQL_EXPR_LIKE,
} AudSoqlExprKind;

typedef struct _AudSoqlExpr AudSoqlExpr;

struct _AudSoqlExpr
{
  AudSoqlExprKind  kind;
  gsize            offset;
  GPtrArray       *children;   /* AND, OR, NOT: of AudSoqlExpr* */
  AudSoqlPath     *path;       /* leaves */
  char            *op;         /* COMPARE: "=", "!=", "<", …; "<>" is stored as "!=" */
  GPtrArray       *values;     /* leaves: of AudSoqlValue* */
};

typedef struct
{
  AudSoqlPath *path;
  gboolean     descending;
  gboolean     nulls_last;
} AudSoqlOrder;

/* One LEFT JOIN per distinct relationship path, parents before children. */
typedef struct
{
  char               *path;        /* canonical: "Account", "Account.Owner" */
  char               *object;      /* canonical target object */
  const AudSoqlField *reference;   /* the foreign key on the parent side, e.g. AccountId */
  int                 parent;      /* join index of the row holding the key, -1 for the root */
} AudSoqlJoin;

struct _AudSoqlQuery
{
  char          *soql;
  gboolean       is_count;
  GPtrArray     *columns;        /* of AudSoqlPath* */
  char          *object_text;
  gsize          object_offset;
  char          *object;         /* canonical, after resolve */
  AudSoqlExpr   *where;
  GPtrArray     *order;          /* of AudSoqlOrder* */
  gint64         limit;
  gint64         offset;
  gboolean       resolved;
  GPtrArray     *joins;          /* of AudSoqlJoin*, after resolve */
};

/* Lexer: the whole query as tokens ending with EOF, or NULL with MALFORMED_QUERY set. */
GPtrArray   *aud_soql_tokenize            (const char    *soql,
                                           GError       **error);
void         aud_soql_token_free          (AudSoqlToken  *token);

/* Decodes a string literal's raw body. In LIKE mode the result is a SQLite LIKE pattern
 * with ESCAPE '\': \% and \_ stay literal, % and _ stay wildcards. */
char        *aud_soql_decode_string       (const char    *raw,
                                           gboolean       like);

/* Sets an error in Salesforce's shape: the line of the SOQL holding `offset`, a caret under
 * it, "ERROR at Row:R:Column:C" and the message. */
void         aud_soql_set_error           (GError       **error,
                                           AudSoqlError   code,
                                           const char    *soql,
                                           gsize          offset,
                                           const char    *format,
                                           ...) G_GNUC_PRINTF (5, 6);

/* Salesforce counts columns from 1 in characters; offset is in bytes. */
void         aud_soql_offset_to_position  (const char    *soql,
                                           gsize          offset,
                                           guint         *row,
                                           guint         *column);

/* "YYYY-MM-DDTHH:MM:SS[.fff](Z|±HH:MM)" → the stored UTC text form, or NULL if invalid. */
char        *aud_soql_normalize_datetime  (const char    *literal);
gboolean     aud_soql_datetime_is_valid   (const char    *literal);
/* "YYYY-MM-DD" that names a real day → TRUE. */
gboolean     aud_soql_date_is_valid       (const char    *literal);

void         aud_soql_path_free           (AudSoqlPath   *path);
void         aud_soql_value_free          (AudSoqlValue  *value);
void         aud_soql_expr_free           (AudSoqlExpr   *expr);
void         aud_soql_order_free          (AudSoqlOrder  *order);
void         aud_soql_join_free           (AudSoqlJoin   *join);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (AudSoqlExpr, aud_soql_expr_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (AudSoqlPath, aud_soql_path_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (AudSoqlValue, aud_soql_value_free)

G_END_DECLS
