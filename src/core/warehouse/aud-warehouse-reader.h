/* aud-warehouse-reader.h — one ODBC connection to a data warehouse and the rows of one query
 *
 * Values come back already in the form the workspace keeps: text as UTF-8, numbers as their
 * exact decimal text, booleans, dates as YYYY-MM-DD and timestamps as UTC ISO 8601.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

#define AUD_WAREHOUSE_ERROR (aud_warehouse_error_quark ())

/* Codes are what the user has to do next. */
typedef enum
{
  AUD_WAREHOUSE_ERROR_FAILED,
  AUD_WAREHOUSE_ERROR_LOGIN_FAILED,       /* fix the user name or password */
  AUD_WAREHOUSE_ERROR_MISSING_DRIVER,     /* install the vendor's ODBC driver or fix the DSN */
  AUD_WAREHOUSE_ERROR_UNREACHABLE,        /* the server does not answer: check host, port, network */
  AUD_WAREHOUSE_ERROR_PERMISSION_DENIED,  /* ask the warehouse admin for SELECT on the table */
  AUD_WAREHOUSE_ERROR_QUERY,              /* fix the table name or the SELECT */
  AUD_WAREHOUSE_ERROR_CONNECTION_LOST,    /* sync again; committed batches are kept */
  AUD_WAREHOUSE_ERROR_NOT_READ_ONLY,      /* only a table name or one SELECT is accepted */
  AUD_WAREHOUSE_ERROR_NO_COLUMN,          /* a configured column is not in the result */
} AudWarehouseError;

typedef enum
{
  AUD_WAREHOUSE_VALUE_TEXT,
  AUD_WAREHOUSE_VALUE_INTEGER,
  AUD_WAREHOUSE_VALUE_DECIMAL,
  AUD_WAREHOUSE_VALUE_FLOAT,
  AUD_WAREHOUSE_VALUE_BOOLEAN,
  AUD_WAREHOUSE_VALUE_DATE,
  AUD_WAREHOUSE_VALUE_TIMESTAMP,
  AUD_WAREHOUSE_VALUE_BINARY,
} AudWarehouseValueKind;

typedef struct
{
  char                  *name;
  int                    sql_type;     /* SQL_VARCHAR, SQL_TYPE_TIMESTAMP, … */
  AudWarehouseValueKind  kind;
} AudWarehouseColumn;

#define AUD_TYPE_WAREHOUSE_READER (aud_warehouse_reader_get_type ())
G_DECLARE_FINAL_TYPE (AudWarehouseReader, aud_warehouse_reader, AUD, WAREHOUSE_READER, GObject)

GQuark              aud_warehouse_error_quark          (void);

/* @connection: a DSN name, or a driver connection string ("Driver=…;Server=…"). @password is
 * added at connect time only and kept nowhere. Sessions are switched to UTC where the DBMS
 * allows it, so timestamps with a time zone arrive as UTC. */
AudWarehouseReader *aud_warehouse_reader_connect       (const char          *connection,
                                                        const char          *password,
                                                        GError             **error);
/* A short name of the DBMS, e.g. "PostgreSQL". */
const char         *aud_warehouse_reader_get_dbms      (AudWarehouseReader  *self);
/* Quotes an identifier with the driver's quote character. */
char               *aud_warehouse_reader_quote         (AudWarehouseReader  *self,
                                                        const char          *identifier);

/* Rows later results stop at; 0 (the default) for all. For previews. */
void                aud_warehouse_reader_set_max_rows  (AudWarehouseReader  *self,
                                                        guint                max_rows);
/* Runs @sql with @params (NULL-terminated text values; each bound with the SQL type in
 * @param_types, or SQL_VARCHAR when @param_types is NULL). Replaces the previous result. */
gboolean            aud_warehouse_reader_execute       (AudWarehouseReader  *self,
                                                        const char          *sql,
                                                        const char * const  *params,
                                                        const int           *param_types,
                                                        GError             **error);
guint               aud_warehouse_reader_get_n_columns (AudWarehouseReader  *self);
const AudWarehouseColumn *aud_warehouse_reader_get_column (AudWarehouseReader *self,
                                                        guint                i);
/* -1 when the result has no such column; names compare case-insensitively. */
int                 aud_warehouse_reader_find_column   (AudWarehouseReader  *self,
                                                        const char          *name);
/* FALSE with *has_row FALSE at the end; FALSE with an error on failure. */
gboolean            aud_warehouse_reader_next          (AudWarehouseReader  *self,
                                                        gboolean            *has_row,
                                                        GError             **error);
/* The current row's value in canonical text, NULL for SQL NULL. Valid until the next row. */
const char         *aud_warehouse_reader_get_text      (AudWarehouseReader  *self,
                                                        guint                i);
/* Appends the value as JSON: strings, numbers, true/false or null. */
void                aud_warehouse_reader_append_json   (AudWarehouseReader  *self,
                                                        guint                i,
                                                        GString             *out);
void                aud_warehouse_reader_close_result  (AudWarehouseReader  *self);

const char         *aud_warehouse_value_kind_to_string (AudWarehouseValueKind kind);

G_END_DECLS
