/* soql-test-schema.c — the SOQL tests' schema and database: Contact → Account → User
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "soql-test-schema.h"

const AudSoqlField soql_test_user_fields[] = {
  { "Id", AUD_SOQL_TYPE_ID, NULL, NULL, TRUE, TRUE },
  { "IsDeleted", AUD_SOQL_TYPE_BOOLEAN, NULL, NULL, TRUE, TRUE },
  { "Name", AUD_SOQL_TYPE_STRING, NULL, NULL, TRUE, TRUE },
  { NULL }
};

const AudSoqlField soql_test_account_fields[] = {
  { "Id", AUD_SOQL_TYPE_ID, NULL, NULL, TRUE, TRUE },
  { "IsDeleted", AUD_SOQL_TYPE_BOOLEAN, NULL, NULL, TRUE, TRUE },
  { "Name", AUD_SOQL_TYPE_STRING, NULL, NULL, TRUE, TRUE },
  { "OwnerId", AUD_SOQL_TYPE_REFERENCE, "Owner", "Group,User", TRUE, TRUE },
  { "NumberOfEmployees", AUD_SOQL_TYPE_INT, NULL, NULL, TRUE, TRUE },
  { NULL }
};

const AudSoqlField soql_test_contact_fields[] = {
  { "Id", AUD_SOQL_TYPE_ID, NULL, NULL, TRUE, TRUE },
  { "IsDeleted", AUD_SOQL_TYPE_BOOLEAN, NULL, NULL, TRUE, TRUE },
  { "FirstName", AUD_SOQL_TYPE_STRING, NULL, NULL, TRUE, TRUE },
  { "LastName", AUD_SOQL_TYPE_STRING, NULL, NULL, TRUE, TRUE },
  { "AccountId", AUD_SOQL_TYPE_REFERENCE, "Account", "Account", TRUE, TRUE },
  { "Birthdate", AUD_SOQL_TYPE_DATE, NULL, NULL, TRUE, TRUE },
  { "SystemModstamp", AUD_SOQL_TYPE_DATETIME, NULL, NULL, TRUE, TRUE },
  { "HasOptedOutOfEmail", AUD_SOQL_TYPE_BOOLEAN, NULL, NULL, TRUE, TRUE },
  { "Score__c", AUD_SOQL_TYPE_DOUBLE, NULL, NULL, TRUE, TRUE },
  { "Description", AUD_SOQL_TYPE_STRING, NULL, NULL, FALSE, FALSE },
  { "MailingAddress", AUD_SOQL_TYPE_ADDRESS, NULL, NULL, FALSE, FALSE },
  { "Manager__c", AUD_SOQL_TYPE_REFERENCE, "Manager__r", "Contact", TRUE, TRUE },
  { NULL }
};

static const struct
{
  const char         *name;
  const AudSoqlField *fields;
} objects[] = {
  { "Contact", soql_test_contact_fields },
  { "Account", soql_test_account_fields },
  { "User", soql_test_user_fields },
};

static const char *
schema_canonical_object (const char *name,
                         gpointer    user_data)
{
  for (guint i = 0; i < G_N_ELEMENTS (objects); i++)
    if (g_ascii_strcasecmp (objects[i].name, name) == 0)
      return objects[i].name;

  return NULL;
}

static const AudSoqlField *
schema_lookup_field (const char *object,
                     const char *name,
                     gpointer    user_data)
{
  for (guint i = 0; i < G_N_ELEMENTS (objects); i++)
    {
      if (!g_str_equal (objects[i].name, object))
        continue;
      for (const AudSoqlField *f = objects[i].fields; f->name != NULL; f++)
        if (g_ascii_strcasecmp (f->name, name) == 0)
          return f;
      /* Like the demo org's schema, this one also answers to relationship names; the plain
       * one makes the resolver find relationships through their key fields. */
      if (user_data == NULL)
        continue;
      for (const AudSoqlField *f = objects[i].fields; f->name != NULL; f++)
        if (f->relationship_name != NULL && g_ascii_strcasecmp (f->relationship_name, name) == 0)
          return f;
    }

  return NULL;
}

const AudSoqlSchema soql_test_plain_schema = { schema_canonical_object, schema_lookup_field, NULL };
const AudSoqlSchema soql_test_schema = {
  schema_canonical_object, schema_lookup_field, "relationships"
};

/* ---- a database: real SQLite tables, a few dozen real rows ---- */

static const char fixture_sql[] =
  "CREATE TABLE \"User\" (Id TEXT PRIMARY KEY, IsDeleted INTEGER NOT NULL DEFAULT 0, Name TEXT);"
  "CREATE TABLE Account (Id TEXT PRIMARY KEY, IsDeleted INTEGER NOT NULL DEFAULT 0, Name TEXT,"
  "  OwnerId TEXT, NumberOfEmployees INTEGER);"
  "CREATE TABLE Contact (Id TEXT PRIMARY KEY, IsDeleted INTEGER NOT NULL DEFAULT 0,"
  "  FirstName TEXT, LastName TEXT, AccountId TEXT, Birthdate TEXT, SystemModstamp TEXT,"
  "  HasOptedOutOfEmail INTEGER NOT NULL DEFAULT 0, Score__c REAL, Description TEXT,"
  "  Manager__c TEXT);"
  "CREATE INDEX contact_modstamp ON Contact (SystemModstamp, Id);"
  "INSERT INTO \"User\" VALUES ('005000000000001AAA', 0, 'Ursula'),"
  "  ('005000000000002AAA', 0, 'victor');"
  "INSERT INTO Account VALUES"
  "  ('001D000000IqhSLIAZ', 0, 'Acme', '005000000000001AAA', 50),"
  "  ('001000000000002AAA', 0, 'globex', '005000000000002AAA', 5000),"
  "  ('001000000000003AAA', 0, 'Initech', NULL, NULL),"
  "  ('001000000000004AAA', 1, 'Gone Corp', NULL, NULL);"
  "INSERT INTO Contact (Id, IsDeleted, FirstName, LastName, AccountId, Birthdate, SystemModstamp,"
  "  HasOptedOutOfEmail, Score__c, Manager__c) VALUES"
  "  ('003000000000001AAA', 0, 'Ann',  'Adams',     '001D000000IqhSLIAZ', '1980-05-01',"
  "   '2026-01-02T03:04:05.000+0000', 0, 10, NULL),"
  "  ('003000000000002AAA', 0, NULL,   'baker',     '001D000000IqhSLIAZ', NULL,"
  "   '2026-01-02T03:04:05.000+0000', 1, 20, '003000000000001AAA'),"
  "  ('003000000000003AAA', 0, 'bob',  'Baker',     '001000000000002AAA', '1995-12-31',"
  "   '2026-01-02T03:04:06.000+0000', 0, NULL, '003000000000001AAA'),"
  "  ('003000000000004AAA', 0, 'Cleo', 'Clark',     NULL, '1990-01-01',"
  "   '2026-01-02T01:00:00.000+0000', 0, 5, NULL),"
  "  ('003000000000005AAA', 0, NULL,   'O''Brien',  '001000000000003AAA', NULL,"
  "   '2026-01-03T00:00:00.000+0000', 1, 15, NULL),"
  "  ('003000000000006AAA', 0, 'Pat',  '100%_Pure', '001000000000002AAA', NULL,"
  "   '2025-12-31T23:59:59.000+0000', 0, 30, NULL),"
  "  ('003000000000007AAA', 0, 'Pia',  '100XXPure', '001000000000002AAA', NULL,"
  "   '2025-12-31T23:59:59.000+0000', 0, 30, NULL),"
  "  ('003000000000008AAA', 1, 'Zoe',  'Zed',       '001D000000IqhSLIAZ', NULL,"
  "   '2026-01-02T03:04:05.000+0000', 0, 1, NULL),"
  "  ('003000000000009AAA', 0, 'Émile', 'Émond',    '001000000000004AAA', NULL,"
  "   '2026-01-04T00:00:00.000+0000', 0, 2.5, NULL);";

void
soql_test_fixture_setup (Fixture       *f,
                         gconstpointer  data)
{
  g_assert_cmpint (sqlite3_open (":memory:", &f->db), ==, SQLITE_OK);
  g_assert_true (aud_soql_install_sqlite_functions (f->db, NULL));
  g_assert_cmpint (sqlite3_exec (f->db, fixture_sql, NULL, NULL, NULL), ==, SQLITE_OK);

  /* Twenty more contacts, two per modstamp second, for paging and counting. */
  for (guint i = 0; i < 20; i++)
    {
      g_autofree char *sql = g_strdup_printf (
        "INSERT INTO Contact (Id, LastName, SystemModstamp) VALUES "
        "('0030000000001%02uAAA', 'Gen%02u', '2026-02-01T00:00:%02u.000+0000')", i, i, i / 2);

      g_assert_cmpint (sqlite3_exec (f->db, sql, NULL, NULL, NULL), ==, SQLITE_OK);
    }
}

void
soql_test_fixture_teardown (Fixture       *f,
                            gconstpointer  data)
{
  sqlite3_close (f->db);
}
