/* bench-soql.c — SOQL compile rate, and the rate its SQL pages a large table the way a sync does
 *
 * Usage: bench-soql [ROWS]   (default 200000)
 *
 * First: how many times per second the sync engine's page query is parsed, resolved and
 * compiled. Then a Contact table of ROWS rows (in memory, many rows sharing one SystemModstamp
 * second) is read to the end in pages of 2000 with the keyset query the sync engine sends,
 * reporting rows/s; then COUNT() and a case-insensitive LIKE scan.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <sqlite3.h>
#include <stdio.h>

#include "aud-soql.h"

G_DEFINE_AUTOPTR_CLEANUP_FUNC (sqlite3_stmt, sqlite3_finalize)

static const AudSoqlField account_fields[] = {
  { "Id", AUD_SOQL_TYPE_ID, NULL, NULL, TRUE, TRUE },
  { "IsDeleted", AUD_SOQL_TYPE_BOOLEAN, NULL, NULL, TRUE, TRUE },
  { "Name", AUD_SOQL_TYPE_STRING, NULL, NULL, TRUE, TRUE },
  { NULL }
};

static const AudSoqlField contact_fields[] = {
  { "Id", AUD_SOQL_TYPE_ID, NULL, NULL, TRUE, TRUE },
  { "IsDeleted", AUD_SOQL_TYPE_BOOLEAN, NULL, NULL, TRUE, TRUE },
  { "FirstName", AUD_SOQL_TYPE_STRING, NULL, NULL, TRUE, TRUE },
  { "LastName", AUD_SOQL_TYPE_STRING, NULL, NULL, TRUE, TRUE },
  { "Email", AUD_SOQL_TYPE_STRING, NULL, NULL, TRUE, TRUE },
  { "Title", AUD_SOQL_TYPE_STRING, NULL, NULL, TRUE, TRUE },
  { "AccountId", AUD_SOQL_TYPE_REFERENCE, "Account", "Account", TRUE, TRUE },
  { "SystemModstamp", AUD_SOQL_TYPE_DATETIME, NULL, NULL, TRUE, TRUE },
  { NULL }
};

static const char *
canonical_object (const char *name,
                  gpointer    user_data)
{
  if (g_ascii_strcasecmp (name, "Contact") == 0)
    return "Contact";
  if (g_ascii_strcasecmp (name, "Account") == 0)
    return "Account";
  return NULL;
}

static const AudSoqlField *
lookup_field (const char *object,
              const char *name,
              gpointer    user_data)
{
  const AudSoqlField *fields = g_str_equal (object, "Contact") ? contact_fields : account_fields;

  for (const AudSoqlField *f = fields; f->name != NULL; f++)
    if (g_ascii_strcasecmp (f->name, name) == 0)
      return f;
  return NULL;
}

static const AudSoqlSchema schema = { canonical_object, lookup_field, NULL };

static char *
page_query (const char *since,
            const char *after_id)
{
  g_autofree char *id = aud_soql_quote_string (after_id);

  return g_strdup_printf ("SELECT Id, FirstName, LastName, Email, Title, AccountId, Account.Name, "
                          "SystemModstamp FROM Contact WHERE SystemModstamp >= %s AND "
                          "(SystemModstamp > %s OR (SystemModstamp = %s AND Id > %s)) "
                          "ORDER BY SystemModstamp ASC, Id ASC LIMIT 2000",
                          since, since, since, id);
}

static sqlite3_stmt *
compile (sqlite3    *db,
         const char *soql)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(AudSoqlQuery) query = aud_soql_parse (soql, &error);
  g_autoptr(GPtrArray) params = NULL;
  g_autofree char *sql = NULL;
  sqlite3_stmt *stmt = NULL;

  if (query == NULL || !aud_soql_query_resolve (query, &schema, &error) ||
      (sql = aud_soql_query_to_sql (query, FALSE, &params, &error)) == NULL)
    g_error ("%s: %s", soql, error->message);
  if (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL) != SQLITE_OK)
    g_error ("%s: %s", sql, sqlite3_errmsg (db));
  if (!aud_soql_bind (stmt, params, &error))
    g_error ("%s", error->message);

  return stmt;
}

static void
fill (sqlite3 *db,
      guint    rows)
{
  g_autoptr(sqlite3_stmt) insert = NULL;

  sqlite3_exec (db,
                "CREATE TABLE Account (Id TEXT PRIMARY KEY, IsDeleted INTEGER NOT NULL DEFAULT 0,"
                "  Name TEXT);"
                "CREATE TABLE Contact (Id TEXT PRIMARY KEY, IsDeleted INTEGER NOT NULL DEFAULT 0,"
                "  FirstName TEXT, LastName TEXT, Email TEXT, Title TEXT, AccountId TEXT,"
                "  SystemModstamp TEXT);"
                "CREATE INDEX contact_modstamp ON Contact (SystemModstamp, Id);"
                "BEGIN;", NULL, NULL, NULL);
  for (guint i = 0; i < rows / 10 + 1; i++)
    {
      g_autofree char *sql = g_strdup_printf ("INSERT INTO Account VALUES ('001%012uAAA', 0, "
                                              "'Company %u')", i, i);
      sqlite3_exec (db, sql, NULL, NULL, NULL);
    }

  sqlite3_prepare_v2 (db, "INSERT INTO Contact VALUES (?, ?, ?, ?, ?, ?, ?, ?)", -1, &insert, NULL);
  for (guint i = 0; i < rows; i++)
    {
      char id[19], first[32], last[32], email[64], account[19], stamp[32];

      /* 50 rows per second: page boundaries fall inside runs of equal modstamps. */
      g_snprintf (id, sizeof id, "003%012uAAA", i);
      g_snprintf (first, sizeof first, "First%u", i % 997);
      g_snprintf (last, sizeof last, "Last%u", i);
      g_snprintf (email, sizeof email, "person%u@example.com", i);
      g_snprintf (account, sizeof account, "001%012uAAA", i / 10);
      g_snprintf (stamp, sizeof stamp, "2026-01-%02uT%02u:%02u:%02u.000+0000",
                  1 + (i / 50) / 86400 % 28, (i / 50) / 3600 % 24, (i / 50) / 60 % 60,
                  (i / 50) % 60);
      sqlite3_bind_text (insert, 1, id, -1, SQLITE_TRANSIENT);
      sqlite3_bind_int (insert, 2, i % 100 == 0);
      sqlite3_bind_text (insert, 3, first, -1, SQLITE_TRANSIENT);
      sqlite3_bind_text (insert, 4, last, -1, SQLITE_TRANSIENT);
      sqlite3_bind_text (insert, 5, email, -1, SQLITE_TRANSIENT);
      sqlite3_bind_text (insert, 6, "Manager", -1, SQLITE_STATIC);
      sqlite3_bind_text (insert, 7, account, -1, SQLITE_TRANSIENT);
      sqlite3_bind_text (insert, 8, stamp, -1, SQLITE_TRANSIENT);
      sqlite3_step (insert);
      sqlite3_reset (insert);
    }
  sqlite3_exec (db, "COMMIT; ANALYZE;", NULL, NULL, NULL);
}

int
main (int   argc,
      char *argv[])
{
  guint rows = argc > 1 ? (guint) g_ascii_strtoull (argv[1], NULL, 10) : 200000;
  g_autoptr(GTimer) timer = g_timer_new ();
  g_autofree char *since = g_strdup ("2000-01-01T00:00:00Z");
  g_autofree char *after = g_strdup ("000000000000000AAA");
  g_autoptr(sqlite3_stmt) count = NULL;
  g_autoptr(sqlite3_stmt) like = NULL;
  sqlite3 *db = NULL;
  guint n_compiles = 0;
  guint64 seen = 0;
  guint pages = 0;

  /* 1. compile rate */
  sqlite3_open (":memory:", &db);
  sqlite3_exec (db, "CREATE TABLE Account (Id, IsDeleted, Name); CREATE TABLE Contact (Id, "
                "IsDeleted, FirstName, LastName, Email, Title, AccountId, SystemModstamp)",
                NULL, NULL, NULL);
  g_timer_start (timer);
  while (g_timer_elapsed (timer, NULL) < 1.0)
    {
      g_autofree char *soql = page_query ("2026-01-02T03:04:05Z", "003000000000042AAA");
      g_autoptr(GError) error = NULL;
      g_autoptr(AudSoqlQuery) query = aud_soql_parse (soql, &error);
      g_autoptr(GPtrArray) params = NULL;
      g_autofree char *sql = NULL;

      if (!aud_soql_query_resolve (query, &schema, &error))
        g_error ("%s", error->message);
      sql = aud_soql_query_to_sql (query, FALSE, &params, &error);
      n_compiles++;
    }
  printf ("compile: %.0f page queries/s parsed, resolved and turned into SQL\n",
          n_compiles / g_timer_elapsed (timer, NULL));
  sqlite3_close (db);

  /* 2. paging a big table */
  sqlite3_open (":memory:", &db);
  g_timer_start (timer);
  fill (db, rows);
  printf ("fill: %u contacts in %.2f s\n", rows, g_timer_elapsed (timer, NULL));

  g_timer_start (timer);
  for (;;)
    {
      g_autofree char *soql = page_query (since, after);
      g_autoptr(sqlite3_stmt) stmt = compile (db, soql);
      guint in_page = 0;

      while (sqlite3_step (stmt) == SQLITE_ROW)
        {
          /* column 7 is SystemModstamp (stored form), column 8 the root Id */
          g_autoptr(GDateTime) dt = g_date_time_new_from_iso8601 (
            (const char *) sqlite3_column_text (stmt, 7), NULL);

          g_free (since);
          since = aud_soql_format_datetime (dt);
          g_free (after);
          after = g_strdup ((const char *) sqlite3_column_text (stmt, 8));
          in_page++;
        }
      seen += in_page;
      pages++;
      if (in_page < 2000)
        break;
    }
  printf ("page: %" G_GUINT64_FORMAT " live rows in %u pages of 2000 in %.2f s = %.0f rows/s "
          "(compile + step + cursor bookkeeping)\n",
          seen, pages, g_timer_elapsed (timer, NULL), seen / g_timer_elapsed (timer, NULL));
  if (seen != rows - (rows + 99) / 100)
    g_error ("paging saw %" G_GUINT64_FORMAT " rows, expected %u", seen, rows - (rows + 99) / 100);

  g_timer_start (timer);
  count = compile (db, "SELECT COUNT() FROM Contact");
  sqlite3_step (count);
  printf ("count: COUNT() = %lld in %.3f s\n", (long long) sqlite3_column_int64 (count, 0),
          g_timer_elapsed (timer, NULL));

  g_timer_start (timer);
  like = compile (db, "SELECT Id FROM Contact WHERE Email LIKE 'PERSON12%' AND LastName != null");
  seen = 0;
  while (sqlite3_step (like) == SQLITE_ROW)
    seen++;
  printf ("like: %" G_GUINT64_FORMAT " rows from a case-insensitive LIKE scan in %.3f s\n", seen,
          g_timer_elapsed (timer, NULL));

  {
    g_autoptr(GError) error = NULL;
    g_autoptr(AudSoqlQuery) query = aud_soql_parse ("SELECT Id FROM Contact WHERE Email LIKE "
                                                    "'PERSON12%' ORDER BY LastName LIMIT 100000",
                                                    &error);
    g_autoptr(GPtrArray) params = NULL;
    g_autoptr(sqlite3_stmt) stmt = NULL;
    g_autofree char *sql = NULL;

    aud_soql_install_sqlite_functions (db, &error);
    g_timer_start (timer);
    aud_soql_query_resolve (query, &schema, &error);
    sql = aud_soql_query_to_sql_full (query, AUD_SOQL_SQL_UNICODE, &params, &error);
    sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL);
    aud_soql_bind (stmt, params, &error);
    seen = 0;
    while (sqlite3_step (stmt) == SQLITE_ROW)
      seen++;
    printf ("like-unicode: %" G_GUINT64_FORMAT " rows from the Unicode LIKE scan, sorted with "
            "the Unicode collation, in %.3f s\n", seen, g_timer_elapsed (timer, NULL));
  }

  g_clear_pointer (&count, sqlite3_finalize);
  g_clear_pointer (&like, sqlite3_finalize);
  sqlite3_close (db);

  return 0;
}
