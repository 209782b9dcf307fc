/* aud-warehouse-guard.c — accepts only a table name or a single read-only SELECT
 *
 * The reader also asks the driver for a read-only connection, but few drivers enforce it, so
 * this is the check that counts: an Audiences sync must never change a warehouse.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "aud-warehouse-guard.h"
#include "aud-warehouse-reader.h"

gboolean
aud_warehouse_guard_check_table (const char  *table,
                                 GError     **error)
{
  const char *p = table;
  guint parts = 0;

  g_return_val_if_fail (table != NULL, FALSE);

  while (*p != '\0')
    {
      if (*p == '"')
        {
          const char *end = strchr (p + 1, '"');

          if (end == NULL || end == p + 1)
            break;
          p = end + 1;
        }
      else
        {
          if (!(g_ascii_isalpha (*p) || *p == '_'))
            break;
          while (g_ascii_isalnum (*p) || *p == '_' || *p == '$')
            p++;
        }
      parts++;
      if (*p == '.' && parts < 3)
        p++;
      else
        break;
    }

  if (*p != '\0' || parts == 0)
    {
      g_set_error (error, AUD_WAREHOUSE_ERROR, AUD_WAREHOUSE_ERROR_NOT_READ_ONLY,
                   _("“%s” is not a table name. Give a name such as schema.table, or a SELECT with --query."),
                   table);
      return FALSE;
    }
  return TRUE;
}

/* Words that write, lock or run code; SELECT … INTO creates a table. */
static const char * const forbidden[] = {
  "INSERT", "UPDATE", "DELETE", "MERGE", "UPSERT", "REPLACE", "DROP", "ALTER", "CREATE", "TRUNCATE",
  "GRANT", "REVOKE", "COPY", "UNLOAD", "PUT", "CALL", "EXEC", "EXECUTE", "DO", "INTO", "LOCK",
  "VACUUM", "ANALYZE", "SET", "RESET", "COMMIT", "ROLLBACK", "BEGIN", "DECLARE", "PREPARE",
  "LISTEN", "NOTIFY", "REFRESH", "USE", NULL
};

char *
aud_warehouse_guard_check_query (const char  *query,
                                 GError     **error)
{
  const char *p = query;
  const char *end_of_statement = NULL;
  g_autofree char *first = NULL;

  g_return_val_if_fail (query != NULL, NULL);

  while (*p != '\0')
    {
      if (end_of_statement != NULL && !g_ascii_isspace (*p))
        {
          g_set_error (error, AUD_WAREHOUSE_ERROR, AUD_WAREHOUSE_ERROR_NOT_READ_ONLY,
                       _("Only one statement is allowed. Remove everything after the first “;”."));
          return NULL;
        }
      if (*p == '\'' || *p == '"' || *p == '`')
        {
          char q = *p;

          for (p++; *p != '\0'; p++)
            if (*p == q)
              {
                if (p[1] == q)
                  p++;
                else
                  break;
              }
          if (*p == '\0')
            break;
          p++;
        }
      else if (p[0] == '-' && p[1] == '-')
        {
          while (*p != '\0' && *p != '\n')
            p++;
        }
      else if (p[0] == '/' && p[1] == '*')
        {
          const char *end = strstr (p + 2, "*/");
          p = end != NULL ? end + 2 : p + strlen (p);
        }
      else if (*p == ';')
        {
          end_of_statement = p;
          p++;
        }
      else if (g_ascii_isalpha (*p) || *p == '_')
        {
          const char *start = p;
          g_autofree char *word = NULL;

          while (g_ascii_isalnum (*p) || *p == '_' || *p == '$')
            p++;
          word = g_ascii_strup (start, p - start);
          if (first == NULL)
            first = g_strdup (word);
          if (g_strv_contains (forbidden, word))
            {
              g_set_error (error, AUD_WAREHOUSE_ERROR, AUD_WAREHOUSE_ERROR_NOT_READ_ONLY,
                           _("Audiences only reads from the warehouse, and “%s” would change it. "
                             "Write a plain SELECT, or give a table name."), word);
              return NULL;
            }
        }
      else
        p++;
    }

  if (first == NULL || !(g_str_equal (first, "SELECT") || g_str_equal (first, "WITH")))
    {
      g_set_error (error, AUD_WAREHOUSE_ERROR, AUD_WAREHOUSE_ERROR_NOT_READ_ONLY,
                   _("The query must be a SELECT. Write a SELECT, or give a table name."));
      return NULL;
    }

  if (end_of_statement != NULL)
    return g_strstrip (g_strndup (query, end_of_statement - query));
  return g_strstrip (g_strdup (query));
}
