/* aud-warehouse-reader.c — one ODBC connection to a data warehouse and the rows of one query
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <sql.h>
#include <sqlext.h>
#include <string.h>

#include "aud-csv-import-private.h"
#include "aud-warehouse-reader.h"

G_DEFINE_QUARK (aud-warehouse-error-quark, aud_warehouse_error)

struct _AudWarehouseReader
{
  GObject     parent_instance;

  SQLHENV     env;
  SQLHDBC     dbc;
  SQLHSTMT    stmt;
  gboolean    connected;
  char       *dbms;
  char        quote;
  guint       max_rows;

  GPtrArray  *columns;   /* AudWarehouseColumn */
  GPtrArray  *values;    /* GString per column; NULL entries for SQL NULL via is_null */
  GArray     *is_null;   /* gboolean per column */
};

G_DEFINE_FINAL_TYPE (AudWarehouseReader, aud_warehouse_reader, G_TYPE_OBJECT)

static void
column_free (AudWarehouseColumn *column)
{
  g_free (column->name);
  g_free (column);
}

const char *
aud_warehouse_value_kind_to_string (AudWarehouseValueKind kind)
{
  switch (kind)
    {
    case AUD_WAREHOUSE_VALUE_TEXT: return "text";
    case AUD_WAREHOUSE_VALUE_INTEGER: return "integer";
    case AUD_WAREHOUSE_VALUE_DECIMAL: return "decimal";
    case AUD_WAREHOUSE_VALUE_FLOAT: return "float";
    case AUD_WAREHOUSE_VALUE_BOOLEAN: return "boolean";
    case AUD_WAREHOUSE_VALUE_DATE: return "date";
    case AUD_WAREHOUSE_VALUE_TIMESTAMP: return "timestamp";
    case AUD_WAREHOUSE_VALUE_BINARY: return "binary";
    default: return "text";
    }
}

static AudWarehouseValueKind
kind_for_sql_type (int sql_type)
{
  switch (sql_type)
    {
    case SQL_TINYINT: case SQL_SMALLINT: case SQL_INTEGER: case SQL_BIGINT:
      return AUD_WAREHOUSE_VALUE_INTEGER;
    case SQL_NUMERIC: case SQL_DECIMAL:
      return AUD_WAREHOUSE_VALUE_DECIMAL;
    case SQL_REAL: case SQL_FLOAT: case SQL_DOUBLE:
      return AUD_WAREHOUSE_VALUE_FLOAT;
    case SQL_BIT:
      return AUD_WAREHOUSE_VALUE_BOOLEAN;
    case SQL_TYPE_DATE: case SQL_DATE:
      return AUD_WAREHOUSE_VALUE_DATE;
    case SQL_TYPE_TIMESTAMP: case SQL_TIMESTAMP:
      return AUD_WAREHOUSE_VALUE_TIMESTAMP;
    case SQL_BINARY: case SQL_VARBINARY: case SQL_LONGVARBINARY:
      return AUD_WAREHOUSE_VALUE_BINARY;
    default:
      return AUD_WAREHOUSE_VALUE_TEXT;
    }
}

static gboolean
contains_ci (const char *haystack,
             const char *needle)
{
  g_autofree char *h = g_ascii_strdown (haystack, -1);
  return strstr (h, needle) != NULL;
}

/* Turns the first diagnostic record of @handle into a GError the user can act on. The driver's
 * own text is appended: it names the table or column at fault. It never holds the password,
 * which the driver only saw inside the connection string. */
static void
set_odbc_error (GError      **error,
                SQLSMALLINT   handle_type,
                SQLHANDLE     handle,
                const char   *doing)
{
  SQLCHAR state[6] = "";
  SQLCHAR text[1024] = "";
  SQLINTEGER native = 0;
  SQLSMALLINT len = 0;
  const char *s = (const char *) state;
  g_autofree char *message = NULL;
  int code;
  const char *what;

  if (!SQL_SUCCEEDED (SQLGetDiagRec (handle_type, handle, 1, state, &native, text, sizeof text, &len)))
    strcpy ((char *) text, "no details");
  message = g_strstrip (g_utf8_make_valid ((const char *) text, -1));

  if (g_str_has_prefix (s, "28") ||
      (g_strcmp0 (doing, "connect") == 0 &&
       (contains_ci (message, "authentication failed") || contains_ci (message, "password") ||
        contains_ci (message, "login failed"))))
    {
      code = AUD_WAREHOUSE_ERROR_LOGIN_FAILED;
      what = _("The warehouse refused the user name or password. Check them and enter the password again.");
    }
  else if (g_str_equal (s, "IM002") || g_str_equal (s, "IM003") || contains_ci (message, "can't open lib") ||
           contains_ci (message, "data source name not found"))
    {
      code = AUD_WAREHOUSE_ERROR_MISSING_DRIVER;
      what = _("The ODBC driver or data source is not installed. Install the warehouse vendor’s ODBC driver, "
               "or check the DSN name in the ODBC settings.");
    }
  else if (g_str_equal (s, "42501") || contains_ci (message, "permission denied") ||
           contains_ci (message, "insufficient privilege") || contains_ci (message, "not authorized"))
    {
      code = AUD_WAREHOUSE_ERROR_PERMISSION_DENIED;
      what = _("The warehouse user may not read this data. Ask the warehouse administrator for SELECT "
               "permission, or pick another table.");
    }
  else if (g_str_has_prefix (s, "08") && g_strcmp0 (doing, "connect") == 0)
    {
      code = AUD_WAREHOUSE_ERROR_UNREACHABLE;
      what = _("Could not reach the warehouse. Check the server, port and network, then try again.");
    }
  else if (g_str_has_prefix (s, "08") || g_str_has_prefix (s, "57P") ||
           contains_ci (message, "server closed the connection") ||
           contains_ci (message, "could not receive data") || contains_ci (message, "no connection") ||
           contains_ci (message, "terminating connection") || contains_ci (message, "connection reset") ||
           contains_ci (message, "broken pipe"))
    {
      code = AUD_WAREHOUSE_ERROR_CONNECTION_LOST;
      what = _("The connection to the warehouse was lost. Sync again: batches already imported are kept.");
    }
  else
    {
      code = AUD_WAREHOUSE_ERROR_QUERY;
      what = _("The warehouse could not run the query. Check the table name, the SELECT and the column names.");
    }

  g_set_error (error, AUD_WAREHOUSE_ERROR, code, "%s (%s: %s)", what, s, message);
}

static void
aud_warehouse_reader_finalize (GObject *object)
{
  AudWarehouseReader *self = AUD_WAREHOUSE_READER (object);

  aud_warehouse_reader_close_result (self);
  if (self->stmt != SQL_NULL_HSTMT)
    SQLFreeHandle (SQL_HANDLE_STMT, self->stmt);
  if (self->connected)
    SQLDisconnect (self->dbc);
  if (self->dbc != SQL_NULL_HDBC)
    SQLFreeHandle (SQL_HANDLE_DBC, self->dbc);
  if (self->env != SQL_NULL_HENV)
    SQLFreeHandle (SQL_HANDLE_ENV, self->env);
  g_clear_pointer (&self->columns, g_ptr_array_unref);
  g_clear_pointer (&self->values, g_ptr_array_unref);
  g_clear_pointer (&self->is_null, g_array_unref);
  g_free (self->dbms);

  G_OBJECT_CLASS (aud_warehouse_reader_parent_class)->finalize (object);
}

static void
aud_warehouse_reader_class_init (AudWarehouseReaderClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = aud_warehouse_reader_finalize;
}

static void
string_free (gpointer data)
{
  g_string_free (data, TRUE);
}

static void
aud_warehouse_reader_init (AudWarehouseReader *self)
{
  self->env = SQL_NULL_HENV;
  self->dbc = SQL_NULL_HDBC;
  self->stmt = SQL_NULL_HSTMT;
  self->quote = '"';
  self->columns = g_ptr_array_new_with_free_func ((GDestroyNotify) column_free);
  self->values = g_ptr_array_new_with_free_func (string_free);
  self->is_null = g_array_new (FALSE, TRUE, sizeof (gboolean));
}

/* A value inside a connection string: braces protect ; and =, a } is doubled. */
static void
append_braced (GString    *out,
               const char *value)
{
  g_string_append_c (out, '{');
  for (const char *p = value; *p != '\0'; p++)
    {
      if (*p == '}')
        g_string_append_c (out, '}');
      g_string_append_c (out, *p);
    }
  g_string_append_c (out, '}');
}

/* psqlODBC reads a whole result into memory unless told to use a cursor, and reports booleans
 * as text; both are fixed for connection strings naming it, unless the user set them. */
static void
add_driver_defaults (GString *conn)
{
  g_autofree char *lower = g_ascii_strdown (conn->str, -1);

  if (strstr (lower, "driver=") == NULL || strstr (lower, "postgres") == NULL)
    return;
  if (conn->len > 0 && conn->str[conn->len - 1] != ';')
    g_string_append_c (conn, ';');
  if (strstr (lower, "usedeclarefetch") == NULL)
    g_string_append (conn, "UseDeclareFetch=1;");
  if (strstr (lower, "fetch=") == NULL)
    g_string_append (conn, "Fetch=2000;");
  if (strstr (lower, "boolsaschar") == NULL)
    g_string_append (conn, "BoolsAsChar=0;");
}

/* Some warehouses hand out timestamps with a time zone in the session's zone without saying
 * which; pinning the session to UTC makes them UTC. */
static void
pin_session_to_utc (AudWarehouseReader *self)
{
  const char *sql = NULL;
  SQLHSTMT stmt;

  if (g_str_has_prefix (self->dbms, "PostgreSQL") || g_str_has_prefix (self->dbms, "Redshift"))
    sql = "SET TIME ZONE 'UTC'";
  else if (g_str_has_prefix (self->dbms, "Snowflake"))
    sql = "ALTER SESSION SET TIMEZONE = 'UTC'";
  else if (g_str_has_prefix (self->dbms, "MySQL"))
    sql = "SET time_zone = '+00:00'";
  if (sql == NULL || !SQL_SUCCEEDED (SQLAllocHandle (SQL_HANDLE_STMT, self->dbc, &stmt)))
    return;
  SQLExecDirect (stmt, (SQLCHAR *) sql, SQL_NTS);
  SQLFreeHandle (SQL_HANDLE_STMT, stmt);
}

AudWarehouseReader *
aud_warehouse_reader_connect (const char  *connection,
                              const char  *password,
                              GError     **error)
{
  g_autoptr(AudWarehouseReader) self = NULL;
  g_autoptr(GString) conn = g_string_new (NULL);
  SQLCHAR info[256] = "";
  SQLSMALLINT len = 0;
  SQLRETURN rc;

  g_return_val_if_fail (connection != NULL, NULL);

  self = g_object_new (AUD_TYPE_WAREHOUSE_READER, NULL);

  if (!SQL_SUCCEEDED (SQLAllocHandle (SQL_HANDLE_ENV, SQL_NULL_HANDLE, &self->env)) ||
      !SQL_SUCCEEDED (SQLSetEnvAttr (self->env, SQL_ATTR_ODBC_VERSION, (SQLPOINTER) SQL_OV_ODBC3, 0)) ||
      !SQL_SUCCEEDED (SQLAllocHandle (SQL_HANDLE_DBC, self->env, &self->dbc)))
    {
      g_set_error (error, AUD_WAREHOUSE_ERROR, AUD_WAREHOUSE_ERROR_MISSING_DRIVER,
                   _("The ODBC driver manager could not start. Reinstall unixODBC."));
      return NULL;
    }

  /* A plain name is a DSN from odbc.ini; anything with '=' is a driver connection string. */
  if (strchr (connection, '=') == NULL)
    g_string_append_printf (conn, "DSN=%s", connection);
  else
    g_string_append (conn, connection);
  add_driver_defaults (conn);
  if (password != NULL && *password != '\0')
    {
      if (conn->len > 0 && conn->str[conn->len - 1] != ';')
        g_string_append_c (conn, ';');
      g_string_append (conn, "PWD=");
      append_braced (conn, password);
    }

  SQLSetConnectAttr (self->dbc, SQL_ATTR_LOGIN_TIMEOUT, (SQLPOINTER) 30, 0);
  rc = SQLDriverConnect (self->dbc, NULL, (SQLCHAR *) conn->str, SQL_NTS, NULL, 0, NULL,
                         SQL_DRIVER_NOPROMPT);
  /* The string held the password: wipe it before it is freed. */
  memset (conn->str, 0, conn->len);
  if (!SQL_SUCCEEDED (rc))
    {
      set_odbc_error (error, SQL_HANDLE_DBC, self->dbc, "connect");
      return NULL;
    }
  self->connected = TRUE;

  /* A hint for drivers that honour it; the guard is what really keeps writes out. */
  SQLSetConnectAttr (self->dbc, SQL_ATTR_ACCESS_MODE, (SQLPOINTER) SQL_MODE_READ_ONLY, 0);

  if (SQL_SUCCEEDED (SQLGetInfo (self->dbc, SQL_DBMS_NAME, info, sizeof info, &len)))
    self->dbms = g_strdup ((const char *) info);
  else
    self->dbms = g_strdup ("");
  if (SQL_SUCCEEDED (SQLGetInfo (self->dbc, SQL_IDENTIFIER_QUOTE_CHAR, info, sizeof info, &len)) &&
      info[0] != ' ' && info[0] != '\0')
    self->quote = (char) info[0];

  pin_session_to_utc (self);

  return g_steal_pointer (&self);
}

const char *
aud_warehouse_reader_get_dbms (AudWarehouseReader *self)
{
  g_return_val_if_fail (AUD_IS_WAREHOUSE_READER (self), NULL);
  return self->dbms;
}

char *
aud_warehouse_reader_quote (AudWarehouseReader *self,
                            const char         *identifier)
{
  GString *out = g_string_new (NULL);

  g_return_val_if_fail (AUD_IS_WAREHOUSE_READER (self), NULL);

  g_string_append_c (out, self->quote);
  for (const char *p = identifier; *p != '\0'; p++)
    {
      if (*p == self->quote)
        g_string_append_c (out, self->quote);
      g_string_append_c (out, *p);
    }
  g_string_append_c (out, self->quote);
  return g_string_free (out, FALSE);
}

void
aud_warehouse_reader_close_result (AudWarehouseReader *self)
{
  g_return_if_fail (AUD_IS_WAREHOUSE_READER (self));

  if (self->stmt != SQL_NULL_HSTMT)
    SQLFreeStmt (self->stmt, SQL_CLOSE);
  g_ptr_array_set_size (self->columns, 0);
  g_ptr_array_set_size (self->values, 0);
  g_array_set_size (self->is_null, 0);
}

void
aud_warehouse_reader_set_max_rows (AudWarehouseReader *self,
                                   guint               max_rows)
{
  g_return_if_fail (AUD_IS_WAREHOUSE_READER (self));
  self->max_rows = max_rows;
}

gboolean
aud_warehouse_reader_execute (AudWarehouseReader  *self,
                              const char          *sql,
                              const char * const  *params,
                              const int           *param_types,
                              GError             **error)
{
  SQLSMALLINT n_cols = 0;

  g_return_val_if_fail (AUD_IS_WAREHOUSE_READER (self), FALSE);
  g_return_val_if_fail (sql != NULL, FALSE);

  aud_warehouse_reader_close_result (self);
  if (self->stmt == SQL_NULL_HSTMT &&
      !SQL_SUCCEEDED (SQLAllocHandle (SQL_HANDLE_STMT, self->dbc, &self->stmt)))
    {
      set_odbc_error (error, SQL_HANDLE_DBC, self->dbc, "query");
      return FALSE;
    }
  SQLFreeStmt (self->stmt, SQL_RESET_PARAMS);
  SQLSetStmtAttr (self->stmt, SQL_ATTR_MAX_ROWS, (SQLPOINTER) (SQLULEN) self->max_rows, 0);

  for (guint i = 0; params != NULL && params[i] != NULL; i++)
    {
      int type = param_types != NULL ? param_types[i] : SQL_VARCHAR;
      SQLULEN size = strlen (params[i]);
      SQLSMALLINT digits = 0;

      if (type == SQL_TYPE_TIMESTAMP)
        {
          size = 26;
          digits = 6;
        }
      if (!SQL_SUCCEEDED (SQLBindParameter (self->stmt, i + 1, SQL_PARAM_INPUT, SQL_C_CHAR, type,
                                            size, digits, (SQLPOINTER) params[i], 0, NULL)))
        {
          set_odbc_error (error, SQL_HANDLE_STMT, self->stmt, "query");
          return FALSE;
        }
    }

  if (!SQL_SUCCEEDED (SQLExecDirect (self->stmt, (SQLCHAR *) sql, SQL_NTS)) ||
      !SQL_SUCCEEDED (SQLNumResultCols (self->stmt, &n_cols)))
    {
      set_odbc_error (error, SQL_HANDLE_STMT, self->stmt, "query");
      return FALSE;
    }

  for (SQLSMALLINT i = 1; i <= n_cols; i++)
    {
      SQLCHAR name[256] = "";
      SQLSMALLINT name_len = 0, type = 0, digits = 0, nullable = 0;
      SQLULEN size = 0;
      AudWarehouseColumn *column;
      gboolean null = TRUE;

      if (!SQL_SUCCEEDED (SQLDescribeCol (self->stmt, i, name, sizeof name, &name_len, &type, &size,
                                          &digits, &nullable)))
        {
          set_odbc_error (error, SQL_HANDLE_STMT, self->stmt, "query");
          return FALSE;
        }
      column = g_new0 (AudWarehouseColumn, 1);
      column->name = g_utf8_make_valid ((const char *) name, -1);
      column->sql_type = type;
      column->kind = kind_for_sql_type (type);
      g_ptr_array_add (self->columns, column);
      g_ptr_array_add (self->values, g_string_sized_new (32));
      g_array_append_val (self->is_null, null);
    }

  return TRUE;
}

guint
aud_warehouse_reader_get_n_columns (AudWarehouseReader *self)
{
  g_return_val_if_fail (AUD_IS_WAREHOUSE_READER (self), 0);
  return self->columns->len;
}

const AudWarehouseColumn *
aud_warehouse_reader_get_column (AudWarehouseReader *self,
                                 guint               i)
{
  g_return_val_if_fail (AUD_IS_WAREHOUSE_READER (self), NULL);
  g_return_val_if_fail (i < self->columns->len, NULL);
  return g_ptr_array_index (self->columns, i);
}

int
aud_warehouse_reader_find_column (AudWarehouseReader *self,
                                  const char         *name)
{
  g_return_val_if_fail (AUD_IS_WAREHOUSE_READER (self), -1);

  for (guint i = 0; name != NULL && i < self->columns->len; i++)
    {
      AudWarehouseColumn *column = g_ptr_array_index (self->columns, i);

      if (g_ascii_strcasecmp (column->name, name) == 0)
        return (int) i;
    }
  return -1;
}

/* Text arrives as UTF-16 (SQL_C_WCHAR) so no driver's idea of the client encoding can mangle
 * non-ASCII; long values come in pieces. */
static gboolean
read_text (AudWarehouseReader  *self,
           SQLUSMALLINT         col,
           GString             *out,
           gboolean            *is_null,
           GError             **error)
{
  SQLWCHAR buf[2048];
  g_autoptr(GArray) units = g_array_new (FALSE, FALSE, sizeof (SQLWCHAR));

  for (;;)
    {
      SQLLEN ind = 0;
      SQLRETURN rc = SQLGetData (self->stmt, col, SQL_C_WCHAR, buf, sizeof buf, &ind);
      gsize n;

      if (rc == SQL_NO_DATA)
        break;
      if (!SQL_SUCCEEDED (rc))
        {
          set_odbc_error (error, SQL_HANDLE_STMT, self->stmt, "fetch");
          return FALSE;
        }
      if (ind == SQL_NULL_DATA)
        {
          *is_null = TRUE;
          return TRUE;
        }
      if (ind == SQL_NO_TOTAL || (gsize) ind >= sizeof buf)
        n = sizeof buf / sizeof (SQLWCHAR) - 1;
      else
        n = ind / sizeof (SQLWCHAR);
      g_array_append_vals (units, buf, n);
      if (rc == SQL_SUCCESS)
        break;
    }

  {
    g_autofree char *utf8 = g_utf16_to_utf8 ((const gunichar2 *) units->data, units->len, NULL, NULL, NULL);

    if (utf8 == NULL)
      {
        /* Unpaired surrogates from a sloppy source: keep what is readable. */
        g_autofree char *raw = g_convert ((const char *) units->data, units->len * 2, "UTF-8", "UTF-16LE",
                                          NULL, NULL, NULL);
        utf8 = g_utf8_make_valid (raw != NULL ? raw : "", -1);
      }
    g_string_append (out, utf8);
  }
  return TRUE;
}

gboolean
aud_warehouse_reader_next (AudWarehouseReader  *self,
                           gboolean            *has_row,
                           GError             **error)
{
  SQLRETURN rc;

  g_return_val_if_fail (AUD_IS_WAREHOUSE_READER (self), FALSE);

  *has_row = FALSE;
  rc = SQLFetch (self->stmt);
  if (rc == SQL_NO_DATA)
    return FALSE;
  if (!SQL_SUCCEEDED (rc))
    {
      set_odbc_error (error, SQL_HANDLE_STMT, self->stmt, "fetch");
      return FALSE;
    }

  for (guint i = 0; i < self->columns->len; i++)
    {
      AudWarehouseColumn *column = g_ptr_array_index (self->columns, i);
      GString *out = g_ptr_array_index (self->values, i);
      gboolean *is_null = &g_array_index (self->is_null, gboolean, i);
      SQLUSMALLINT col = i + 1;
      SQLLEN ind = 0;

      g_string_truncate (out, 0);
      *is_null = FALSE;

      switch (column->kind)
        {
        case AUD_WAREHOUSE_VALUE_TIMESTAMP:
          {
            SQL_TIMESTAMP_STRUCT ts = { 0 };

            rc = SQLGetData (self->stmt, col, SQL_C_TYPE_TIMESTAMP, &ts, sizeof ts, &ind);
            if (SQL_SUCCEEDED (rc) && ind != SQL_NULL_DATA)
              {
                /* Always six digits: stamps then sort as text, which the cursor relies on. */
                g_string_append_printf (out, "%04d-%02u-%02uT%02u:%02u:%02u.%06uZ",
                                        ts.year, ts.month, ts.day, ts.hour, ts.minute, ts.second,
                                        (unsigned) (ts.fraction / 1000));
              }
          }
          break;
        case AUD_WAREHOUSE_VALUE_DATE:
          {
            SQL_DATE_STRUCT d = { 0 };

            rc = SQLGetData (self->stmt, col, SQL_C_TYPE_DATE, &d, sizeof d, &ind);
            if (SQL_SUCCEEDED (rc) && ind != SQL_NULL_DATA)
              g_string_append_printf (out, "%04d-%02u-%02u", d.year, d.month, d.day);
          }
          break;
        case AUD_WAREHOUSE_VALUE_BOOLEAN:
          {
            unsigned char b = 0;

            rc = SQLGetData (self->stmt, col, SQL_C_BIT, &b, sizeof b, &ind);
            if (SQL_SUCCEEDED (rc) && ind != SQL_NULL_DATA)
              g_string_append (out, b ? "true" : "false");
          }
          break;
        case AUD_WAREHOUSE_VALUE_INTEGER:
        case AUD_WAREHOUSE_VALUE_DECIMAL:
        case AUD_WAREHOUSE_VALUE_FLOAT:
          {
            char num[128] = "";

            /* The driver's own text keeps a decimal exact (no trip through double). */
            rc = SQLGetData (self->stmt, col, SQL_C_CHAR, num, sizeof num, &ind);
            if (SQL_SUCCEEDED (rc) && ind != SQL_NULL_DATA)
              g_string_append (out, num);
          }
          break;
        case AUD_WAREHOUSE_VALUE_TEXT:
        case AUD_WAREHOUSE_VALUE_BINARY:
        default:
          if (!read_text (self, col, out, is_null, error))
            return FALSE;
          continue;
        }

      if (!SQL_SUCCEEDED (rc))
        {
          set_odbc_error (error, SQL_HANDLE_STMT, self->stmt, "fetch");
          return FALSE;
        }
      if (ind == SQL_NULL_DATA)
        *is_null = TRUE;
    }

  *has_row = TRUE;
  return TRUE;
}

const char *
aud_warehouse_reader_get_text (AudWarehouseReader *self,
                               guint               i)
{
  g_return_val_if_fail (AUD_IS_WAREHOUSE_READER (self), NULL);
  g_return_val_if_fail (i < self->columns->len, NULL);

  if (g_array_index (self->is_null, gboolean, i))
    return NULL;
  return ((GString *) g_ptr_array_index (self->values, i))->str;
}

/* A JSON number must look like one: no leading '+', no bare '.', no NaN. */
static gboolean
is_json_number (const char *s)
{
  const char *p = s;

  if (*p == '-')
    p++;
  if (!g_ascii_isdigit (*p))
    return FALSE;
  if (*p == '0' && g_ascii_isdigit (p[1]))
    return FALSE;
  while (g_ascii_isdigit (*p))
    p++;
  if (*p == '.')
    {
      p++;
      if (!g_ascii_isdigit (*p))
        return FALSE;
      while (g_ascii_isdigit (*p))
        p++;
    }
  if (*p == 'e' || *p == 'E')
    {
      p++;
      if (*p == '+' || *p == '-')
        p++;
      if (!g_ascii_isdigit (*p))
        return FALSE;
      while (g_ascii_isdigit (*p))
        p++;
    }
  return *p == '\0';
}

void
aud_warehouse_reader_append_json (AudWarehouseReader *self,
                                  guint               i,
                                  GString            *out)
{
  const AudWarehouseColumn *column;
  const char *text;

  g_return_if_fail (AUD_IS_WAREHOUSE_READER (self));

  column = aud_warehouse_reader_get_column (self, i);
  text = aud_warehouse_reader_get_text (self, i);
  if (text == NULL)
    g_string_append (out, "null");
  else if (column->kind == AUD_WAREHOUSE_VALUE_BOOLEAN)
    g_string_append (out, text);
  else if ((column->kind == AUD_WAREHOUSE_VALUE_INTEGER || column->kind == AUD_WAREHOUSE_VALUE_DECIMAL ||
            column->kind == AUD_WAREHOUSE_VALUE_FLOAT) && is_json_number (text))
    g_string_append (out, text);
  else
    aud_csv_append_json_string (out, text, strlen (text));
}
