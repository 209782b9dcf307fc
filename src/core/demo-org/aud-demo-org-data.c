/* aud-demo-org-data.c — the demo org's SQLite storage: tables, values in and out, lifecycle
 *
 * Tables follow the contract in aud-soql.h: one table per sObject, columns named after fields,
 * values stored as the contract says. The rows come from aud-demo-org-generator.c.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gstdio.h>
#include <string.h>

#include "aud-demo-org-private.h"
#include "aud-sf-id.h"

/* ---- basic database plumbing ---- */

void
demo_data_set_error (AudDemoOrg  *self,
                     GError     **error,
                     const char  *what)
{
  g_set_error (error, AUD_DEMO_ORG_ERROR, AUD_DEMO_ORG_ERROR_DATABASE, "%s: %s", what,
               self->db ? sqlite3_errmsg (self->db) : "no database");
}

gboolean
demo_data_exec (AudDemoOrg  *self,
                const char  *sql,
                GError     **error)
{
  char *msg = NULL;

  if (sqlite3_exec (self->db, sql, NULL, NULL, &msg) != SQLITE_OK)
    {
      g_set_error (error, AUD_DEMO_ORG_ERROR, AUD_DEMO_ORG_ERROR_DATABASE, "%s", msg ? msg : "sqlite error");
      sqlite3_free (msg);
      return FALSE;
    }
  return TRUE;
}

sqlite3_stmt *
demo_data_prepare (AudDemoOrg  *self,
                   const char  *sql,
                   GError     **error)
{
  sqlite3_stmt *stmt = NULL;

  if (sqlite3_prepare_v2 (self->db, sql, -1, &stmt, NULL) != SQLITE_OK)
    {
      demo_data_set_error (self, error, "prepare");
      return NULL;
    }
  return stmt;
}

static const char *
sql_type (const DemoField *field)
{
  switch (field->soql.type)
    {
    case AUD_SOQL_TYPE_BOOLEAN:
    case AUD_SOQL_TYPE_INT: return "INTEGER";
    case AUD_SOQL_TYPE_DOUBLE: return "REAL";
    default: return "TEXT";
    }
}

static gboolean
create_tables (AudDemoOrg  *self,
               GError     **error)
{
  for (guint i = 0; i < self->schema->objects->len; i++)
    {
      DemoObject *object = g_ptr_array_index (self->schema->objects, i);
      g_autoptr(GString) sql = g_string_new (NULL);

      g_string_append_printf (sql, "CREATE TABLE \"%s\" (", object->name);
      for (guint k = 0; k < object->fields->len; k++)
        {
          DemoField *field = g_ptr_array_index (object->fields, k);

          if (!demo_field_is_stored (field))
            continue;
          if (g_str_equal (field->name, "Id"))
            g_string_append (sql, "\"Id\" TEXT PRIMARY KEY NOT NULL");
          else if (g_str_equal (field->name, "IsDeleted"))
            g_string_append (sql, ", \"IsDeleted\" INTEGER NOT NULL DEFAULT 0");
          else
            g_string_append_printf (sql, ", \"%s\" %s", field->name, sql_type (field));
        }
      /* The contract wants IsDeleted on every table, even where describe has none (User). */
      if (!object->has_is_deleted)
        g_string_append (sql, ", \"IsDeleted\" INTEGER NOT NULL DEFAULT 0");
      g_string_append (sql, ")");

      if (!demo_data_exec (self, sql->str, error))
        return FALSE;
    }

  return demo_data_exec (self,
                         "CREATE TABLE _demo_deleted (Object TEXT NOT NULL, Id TEXT NOT NULL, "
                         "  DeletedDate TEXT NOT NULL, PRIMARY KEY (Object, Id));"
                         "CREATE TABLE _demo_truth (Object TEXT NOT NULL, Id TEXT NOT NULL, "
                         "  Cluster TEXT NOT NULL, PRIMARY KEY (Object, Id));",
                         error);
}

gboolean
demo_data_create_indexes (AudDemoOrg  *self,
                GError     **error)
{
  /* Built after the bulk load: one sort beats a million index insertions. */
  return demo_data_exec (self,
                         "CREATE INDEX contact_modstamp ON Contact (SystemModstamp);"
                         "CREATE INDEX contact_lastmod ON Contact (LastModifiedDate);"
                         "CREATE INDEX contact_account ON Contact (AccountId);"
                         "CREATE INDEX account_modstamp ON Account (SystemModstamp);"
                         "CREATE INDEX account_lastmod ON Account (LastModifiedDate);"
                         "CREATE INDEX lead_modstamp ON Lead (SystemModstamp);"
                         "CREATE INDEX opportunity_modstamp ON Opportunity (SystemModstamp);"
                         "CREATE INDEX opportunity_account ON Opportunity (AccountId);"
                         "CREATE INDEX deleted_date ON _demo_deleted (Object, DeletedDate);",
                         error);
}

gboolean
demo_data_open (AudDemoOrg  *self,
                GError     **error)
{
  g_autofree char *path = NULL;

  if (self->database_path != NULL)
    {
      path = g_strdup (self->database_path);
      /* The org is rebuilt from its seed on every start: a stale file would mix two orgs. */
      g_unlink (path);
      self->owns_database_file = FALSE;
    }
  else
    {
      g_autoptr(GError) local = NULL;
      int fd = g_file_open_tmp ("aud-demo-org-XXXXXX.db", &path, &local);

      if (fd < 0)
        {
          g_set_error (error, AUD_DEMO_ORG_ERROR, AUD_DEMO_ORG_ERROR_DATABASE,
                       "Could not create the demo org database: %s", local->message);
          return FALSE;
        }
      close (fd);
      g_unlink (path);
      self->database_path = g_strdup (path);
      self->owns_database_file = TRUE;
    }

  if (sqlite3_open_v2 (path, &self->db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_FULLMUTEX,
                       NULL) != SQLITE_OK)
    {
      demo_data_set_error (self, error, "open");
      demo_data_close (self);
      return FALSE;
    }

  self->schema = demo_schema_new (self->extra_custom_fields);

  /* A demo org is rebuilt from its seed, so durability buys nothing: no fsync, no rollback journal
   * while generating (the whole load is one transaction anyway), WAL afterwards for readers. */
  if (!demo_data_exec (self, "PRAGMA journal_mode=OFF; PRAGMA synchronous=OFF; PRAGMA temp_store=FILE;"
                             "PRAGMA cache_size=-65536;", error)
      || !create_tables (self, error)
      || !demo_generator_run (self, error)
      || !demo_data_exec (self, "PRAGMA journal_mode=WAL;", error))
    {
      demo_data_close (self);
      return FALSE;
    }

  return TRUE;
}

void
demo_data_close (AudDemoOrg *self)
{
  g_clear_pointer (&self->db, sqlite3_close);
  g_clear_pointer (&self->schema, demo_schema_free);

  if (self->owns_database_file && self->database_path != NULL)
    {
      g_autofree char *wal = g_strconcat (self->database_path, "-wal", NULL);
      g_autofree char *shm = g_strconcat (self->database_path, "-shm", NULL);

      g_unlink (self->database_path);
      g_unlink (wal);
      g_unlink (shm);
      g_clear_pointer (&self->database_path, g_free);
      self->owns_database_file = FALSE;
    }
}

/* ---- values in and out, per the storage contract ---- */

void
demo_data_bind_value (sqlite3_stmt    *stmt,
                      int              index,
                      const DemoField *field,
                      JsonNode        *value)
{
  if (value == NULL || JSON_NODE_HOLDS_NULL (value))
    {
      sqlite3_bind_null (stmt, index);
      return;
    }

  switch (field->soql.type)
    {
    case AUD_SOQL_TYPE_BOOLEAN:
      sqlite3_bind_int (stmt, index, json_node_get_boolean (value) ? 1 : 0);
      break;
    case AUD_SOQL_TYPE_INT:
      sqlite3_bind_int64 (stmt, index, json_node_get_int (value));
      break;
    case AUD_SOQL_TYPE_DOUBLE:
      sqlite3_bind_double (stmt, index, json_node_get_double (value));
      break;
    case AUD_SOQL_TYPE_DATETIME:
      {
        g_autoptr(GDateTime) dt = demo_parse_datetime (json_node_get_string (value));
        g_autofree char *text = dt ? demo_format_datetime (dt) : NULL;

        if (text)
          sqlite3_bind_text (stmt, index, text, -1, SQLITE_TRANSIENT);
        else
          sqlite3_bind_null (stmt, index);
      }
      break;
    default:
      {
        const char *text = json_node_get_string (value);

        /* An empty string clears a text field in Salesforce, the same as null. */
        if (text == NULL || *text == '\0')
          sqlite3_bind_null (stmt, index);
        else
          sqlite3_bind_text (stmt, index, text, -1, SQLITE_TRANSIENT);
      }
    }
}

void
demo_data_append_value (GString         *out,
                        sqlite3_stmt    *stmt,
                        int              col,
                        const DemoField *field)
{
  if (sqlite3_column_type (stmt, col) == SQLITE_NULL)
    {
      g_string_append (out, "null");
      return;
    }

  switch (field != NULL ? field->soql.type : AUD_SOQL_TYPE_STRING)
    {
    case AUD_SOQL_TYPE_BOOLEAN:
      g_string_append (out, sqlite3_column_int (stmt, col) ? "true" : "false");
      break;
    case AUD_SOQL_TYPE_INT:
      g_string_append_printf (out, "%" G_GINT64_FORMAT, (gint64) sqlite3_column_int64 (stmt, col));
      break;
    case AUD_SOQL_TYPE_DOUBLE:
      {
        char buf[G_ASCII_DTOSTR_BUF_SIZE];
        double d = sqlite3_column_double (stmt, col);

        /* Whole amounts print without a fraction, as Salesforce's JSON does ("Amount":250000). */
        if (d == (double) (gint64) d && d < 1e15 && d > -1e15)
          g_string_append_printf (out, "%" G_GINT64_FORMAT ".0", (gint64) d);
        else
          g_string_append (out, g_ascii_dtostr (buf, sizeof buf, d));
      }
      break;
    default:
      demo_append_json_string (out, (const char *) sqlite3_column_text (stmt, col));
    }
}

gboolean
demo_data_refresh_derived (AudDemoOrg  *self,
                           DemoObject  *object,
                           const char  *id,
                           GError     **error)
{
  const char *sql = NULL;
  g_autoptr(sqlite3_stmt) stmt = NULL;

  /* Name is Salesforce's read-only concatenation; the formula fields are recomputed without
   * touching any stamp, as real formulas are. */
  if (g_str_equal (object->name, "Contact"))
    sql = "UPDATE Contact SET Name = TRIM(COALESCE(FirstName || ' ', '') || COALESCE(LastName, '')), "
          "Email_Domain__c = CASE WHEN instr(Email, '@') > 0 THEN substr(Email, instr(Email, '@') + 1) END "
          "WHERE Id = ?";
  else if (g_str_equal (object->name, "Lead"))
    sql = "UPDATE Lead SET Name = TRIM(COALESCE(FirstName || ' ', '') || COALESCE(LastName, '')) WHERE Id = ?";
  else if (g_str_equal (object->name, "Account"))
    sql = "UPDATE Account SET Website_Domain__c = replace(replace(replace(Website, 'https://', ''), "
          "'http://', ''), 'www.', '') WHERE Id = ?";
  if (sql == NULL)
    return TRUE;

  stmt = demo_data_prepare (self, sql, error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, id, -1, SQLITE_TRANSIENT);
  if (sqlite3_step (stmt) != SQLITE_DONE)
    {
      demo_data_set_error (self, error, "update derived fields");
      return FALSE;
    }
  return TRUE;
}
