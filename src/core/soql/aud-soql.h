/* aud-soql.h — a SOQL subset: parse, resolve against a schema, compile to SQLite SQL
 *
 * The demo org stores each sObject in a SQLite table named after the object (canonical case)
 * whose columns are the fields' API names (canonical case). Values are stored as:
 *   id, reference, string-like  TEXT
 *   boolean                     INTEGER 0/1
 *   int                         INTEGER
 *   double, currency, percent   REAL
 *   date                        TEXT 'YYYY-MM-DD'
 *   datetime                    TEXT 'YYYY-MM-DDTHH:MM:SS.000+0000' (always UTC, so text order is time order)
 * Every table has an IsDeleted column; aud_soql_query_to_sql() hides deleted rows unless asked.
 *
 * This header is the contract between the SOQL module and the demo org server.
 *
 * Typical use (errors carry the errorCode as the GError code and the API's message text):
 *   query = aud_soql_parse (soql, &error);                        MALFORMED_QUERY, …
 *   aud_soql_query_resolve (query, &schema, &error);              INVALID_FIELD, INVALID_TYPE
 *   sql = aud_soql_query_to_sql (query, query_all, &params, &error);
 *   sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL);
 *   aud_soql_bind (stmt, params, &error);
 *   then per row: columns 0 … n_columns - 1 in SELECT order, column n_columns the record Id,
 *   then one parent Id per relationship (see aud_soql_query_get_relationship()).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>
#include <sqlite3.h>

G_BEGIN_DECLS

#define AUD_SOQL_ERROR (aud_soql_error_quark ())

/* Codes named after Salesforce's errorCode values, which the demo org returns verbatim. */
typedef enum
{
  AUD_SOQL_ERROR_MALFORMED_QUERY,
  AUD_SOQL_ERROR_INVALID_FIELD,
  AUD_SOQL_ERROR_INVALID_TYPE,                 /* unknown sObject in FROM */
  AUD_SOQL_ERROR_NUMBER_OUTSIDE_VALID_RANGE,   /* OFFSET > 2000 */
} AudSoqlError;

typedef enum
{
  AUD_SOQL_TYPE_ID,
  AUD_SOQL_TYPE_REFERENCE,
  AUD_SOQL_TYPE_STRING,      /* string, textarea, picklist, email, phone, url, combobox, … */
  AUD_SOQL_TYPE_BOOLEAN,
  AUD_SOQL_TYPE_INT,
  AUD_SOQL_TYPE_DOUBLE,      /* double, currency, percent */
  AUD_SOQL_TYPE_DATE,
  AUD_SOQL_TYPE_DATETIME,
  AUD_SOQL_TYPE_ADDRESS,     /* compound; selectable, not filterable, no column of its own */
} AudSoqlFieldType;

typedef struct
{
  const char       *name;                /* canonical API name, e.g. "SystemModstamp" */
  AudSoqlFieldType  type;
  const char       *relationship_name;   /* references: "Account", "Owner"; else NULL */
  const char       *reference_to;        /* references: target object, e.g. "Account" */
  gboolean          filterable;
  gboolean          sortable;
} AudSoqlField;

/* The schema the query is resolved against. Lookups are case-insensitive and return canonical
 * names; the callee owns the returned data, which must outlive the query.
 * Relationship names (Account.Name, Owner.Name, Foo__r.Bar__c) are found through their key
 * field: lookup_field (object, "AccountId" / "Foo__c") must return a field whose
 * relationship_name is "Account" / "Foo__r" and whose reference_to canonical_object() knows.
 * A lookup_field that also answers to the relationship name itself works as well. */
typedef struct
{
  const char         *(*canonical_object) (const char *name,
                                           gpointer    user_data);
  const AudSoqlField *(*lookup_field)     (const char *object,
                                           const char *name,
                                           gpointer    user_data);
  gpointer              user_data;
} AudSoqlSchema;

typedef struct _AudSoqlQuery AudSoqlQuery;

GQuark        aud_soql_error_quark          (void);
/* The API's errorCode for an AUD_SOQL_ERROR code: "MALFORMED_QUERY", "INVALID_FIELD", … */
const char   *aud_soql_error_code_name      (AudSoqlError         code);

/* Syntax only. Errors carry Salesforce-like messages (MALFORMED_QUERY with the offending
 * token and "at Row:1:Column:N"). */
AudSoqlQuery *aud_soql_parse                (const char          *soql,
                                             GError             **error);
void          aud_soql_query_free           (AudSoqlQuery        *query);

/* Checks FROM and every field (SELECT, WHERE, ORDER BY) against the schema, canonicalises
 * names, and checks literal types (a datetime literal only for datetime fields, …).
 * INVALID_FIELD messages repeat the SOQL with a caret line, like the real API. */
gboolean      aud_soql_query_resolve        (AudSoqlQuery        *query,
                                             const AudSoqlSchema *schema,
                                             GError             **error);

const char   *aud_soql_query_get_object     (const AudSoqlQuery  *query);
gboolean      aud_soql_query_is_count       (const AudSoqlQuery  *query);   /* SELECT COUNT() */
gint64        aud_soql_query_get_limit      (const AudSoqlQuery  *query);   /* -1: none */
gint64        aud_soql_query_get_offset     (const AudSoqlQuery  *query);   /* 0: none */

/* Output columns in SELECT order, after resolve: path is "LastName" or "Account.Name"
 * (canonical), field is the resolved leaf field. */
guint         aud_soql_query_get_n_columns  (const AudSoqlQuery  *query);
const char   *aud_soql_query_get_column     (const AudSoqlQuery  *query,
                                             guint                index,
                                             const AudSoqlField **field);

/* After resolve: the relationship paths the query walks ("Account", "Account.Owner"), parents
 * before children, with their target object. A NULL parent Id tells "Account": null (no
 * parent) apart from a parent whose selected fields are empty. */
guint         aud_soql_query_get_n_relationships (const AudSoqlQuery *query);
const char   *aud_soql_query_get_relationship    (const AudSoqlQuery *query,
                                                  guint               index,
                                                  const char        **object);

/* After resolve: one SQLite statement. For a normal query it selects, in column order, one SQL
 * column per output column (address columns are not selectable this way: the server builds them
 * from their parts, and their SQL column is a NULL placeholder), then column n_columns is the
 * "Id" of the root row, then one column per relationship (in get_relationship order) holding
 * the parent's Id or NULL; for COUNT() it selects one integer.
 * Relationship paths become LEFT JOINs. String comparisons, LIKE and ORDER BY on string fields
 * are case-insensitive as in SOQL (ASCII letters only, SQLite's NOCASE, unless
 * aud_soql_query_to_sql_full() is given AUD_SOQL_SQL_UNICODE); `!=` and NOT IN keep
 * rows whose field is null, as SOQL does; ORDER BY puts nulls first unless NULLS LAST.
 * LIMIT/OFFSET are applied. Parameters are bound with aud_soql_bind(), never pasted.
 * params receives a new array; the statement reads tables and columns named exactly as the
 * canonical object and field names. */
char         *aud_soql_query_to_sql         (const AudSoqlQuery  *query,
                                             gboolean             include_deleted,
                                             GPtrArray          **params,   /* of GVariant* */
                                             GError             **error);
typedef enum
{
  AUD_SOQL_SQL_NONE            = 0,
  AUD_SOQL_SQL_INCLUDE_DELETED = 1 << 0,   /* queryAll */
  /* Case-insensitive for every letter, not only ASCII: text compares and sorts by its upper
   * case (Salesforce's rule for English locales). The connection that prepares the statement
   * needs aud_soql_install_sqlite_functions(); indexes on text columns are not used. */
  AUD_SOQL_SQL_UNICODE         = 1 << 1,
} AudSoqlSqlFlags;

char         *aud_soql_query_to_sql_full    (const AudSoqlQuery  *query,
                                             AudSoqlSqlFlags      flags,
                                             GPtrArray          **params,
                                             GError             **error);
/* Registers the collation and LIKE function AUD_SOQL_SQL_UNICODE statements use. */
gboolean      aud_soql_install_sqlite_functions (sqlite3         *db,
                                                 GError         **error);
gboolean      aud_soql_bind                 (sqlite3_stmt        *stmt,
                                             GPtrArray           *params,
                                             GError             **error);

/* Literal formatting both ways, shared with the sync engine and the demo org. */
char         *aud_soql_quote_string         (const char          *value);   /* 'O\'Brien' */
/* 2026-01-02T03:04:05Z, in UTC, with .sss only when the milliseconds are not zero */
char         *aud_soql_format_datetime      (GDateTime           *dt);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (AudSoqlQuery, aud_soql_query_free)

G_END_DECLS
