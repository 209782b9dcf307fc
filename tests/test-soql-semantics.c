/* test-soql-semantics.c — SOQL compiled to SQLite: which rows come back, in which order
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "soql-test-schema.h"

/* ---- semantics: real SQLite tables, real rows ---- */

/* Runs the query and joins each row's columns with "|" and rows with ",", NULL as "-". */
static char *
run_query_flags (Fixture         *f,
                 const char      *soql,
                 AudSoqlSqlFlags  flags,
                 gboolean         all_columns)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(AudSoqlQuery) query = aud_soql_parse (soql, &error);
  g_autoptr(GPtrArray) params = NULL;
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(GString) out = g_string_new (NULL);
  g_autofree char *sql = NULL;
  int rc;

  g_assert_no_error (error);
  g_assert_true (aud_soql_query_resolve (query, &soql_test_schema, &error));
  g_assert_no_error (error);
  sql = aud_soql_query_to_sql_full (query, flags, &params, &error);
  g_assert_no_error (error);
  if (sqlite3_prepare_v2 (f->db, sql, -1, &stmt, NULL) != SQLITE_OK)
    g_error ("%s → %s: %s", soql, sql, sqlite3_errmsg (f->db));
  g_assert_true (aud_soql_bind (stmt, params, &error));
  g_assert_no_error (error);

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      int n = all_columns ? sqlite3_column_count (stmt) : 1;

      if (out->len > 0)
        g_string_append_c (out, ',');
      for (int i = 0; i < n; i++)
        {
          const char *text = (const char *) sqlite3_column_text (stmt, i);

          if (i > 0)
            g_string_append_c (out, '|');
          g_string_append (out, text != NULL ? text : "-");
        }
    }
  g_assert_cmpint (rc, ==, SQLITE_DONE);

  return g_string_free (g_steal_pointer (&out), FALSE);
}

static char *
run_query (Fixture    *f,
           const char *soql,
           gboolean    include_deleted,
           gboolean    all_columns)
{
  return run_query_flags (f, soql,
                          include_deleted ? AUD_SOQL_SQL_INCLUDE_DELETED : AUD_SOQL_SQL_NONE,
                          all_columns);
}

typedef struct
{
  const char *soql;
  const char *rows;
  const char *unicode_rows;   /* when AUD_SOQL_SQL_UNICODE gives other rows */
} SemanticCase;

static const SemanticCase semantic_cases[] = {
  /* case-insensitive equality, IN and ordering of text */
  { "SELECT LastName FROM Contact WHERE LastName = 'BAKER' ORDER BY SystemModstamp, Id",
    "baker,Baker" },
  { "SELECT LastName FROM Contact WHERE LastName IN ('adams', 'CLARK') ORDER BY LastName DESC",
    "Clark,Adams" },
  { "SELECT LastName FROM Contact WHERE LastName < 'b' ORDER BY LastName",
    "100%_Pure,100XXPure,Adams" },
  /* ties keep a stable order only with a second key */
  { "SELECT LastName FROM Contact WHERE SystemModstamp = 2026-01-02T03:04:05Z ORDER BY "
    "SystemModstamp, Id DESC", "baker,Adams" },
  { "SELECT LastName FROM Contact WHERE LastName LIKE 'b%' ORDER BY LastName, Id", "baker,Baker" },
  /* nulls first by default, in both directions */
  { "SELECT FirstName FROM Contact WHERE LastName IN ('Adams', 'baker', 'Baker', 'Clark') "
    "ORDER BY FirstName", "-,Ann,bob,Cleo" },
  { "SELECT FirstName FROM Contact WHERE LastName IN ('Adams', 'baker', 'Baker', 'Clark') "
    "ORDER BY FirstName DESC", "-,Cleo,bob,Ann" },
  { "SELECT FirstName FROM Contact WHERE LastName IN ('Adams', 'baker', 'Baker', 'Clark') "
    "ORDER BY FirstName DESC NULLS LAST", "Cleo,bob,Ann,-" },
  { "SELECT FirstName FROM Contact WHERE LastName IN ('Adams', 'baker', 'Baker', 'Clark') "
    "ORDER BY FirstName ASC NULLS LAST", "Ann,bob,Cleo,-" },
  { "SELECT LastName FROM Contact WHERE Score__c != null ORDER BY Score__c DESC, LastName "
    "LIMIT 4", "100%_Pure,100XXPure,baker,O'Brien" },
  /* null is a value: != and NOT IN keep empty fields, NOT of a comparison with null is true */
  { "SELECT LastName FROM Contact WHERE FirstName != 'ann' AND LastName < 'D' "
    "ORDER BY LastName, Id",
    "100%_Pure,100XXPure,baker,Baker,Clark" },
  { "SELECT LastName FROM Contact WHERE FirstName NOT IN ('Ann', 'Pat', 'Pia') AND LastName < 'D' "
    "ORDER BY LastName, Id", "baker,Baker,Clark" },
  { "SELECT LastName FROM Contact WHERE FirstName NOT IN ('Ann', null) AND LastName < 'D' "
    "ORDER BY LastName, Id", "100%_Pure,100XXPure,Baker,Clark" },
  { "SELECT LastName FROM Contact WHERE NOT (FirstName = 'bob') AND LastName < 'D' "
    "ORDER BY LastName, Id", "100%_Pure,100XXPure,Adams,baker,Clark" },
  { "SELECT LastName FROM Contact WHERE FirstName IN ('ANN', null) AND NOT LastName LIKE 'Gen%' "
    "ORDER BY LastName",
    "Adams,baker,O'Brien" },
  { "SELECT LastName FROM Contact WHERE FirstName = null AND NOT LastName LIKE 'Gen%' "
    "ORDER BY LastName",
    "baker,O'Brien" },
  /* LIKE: wildcards, escaped wildcards, quotes, case */
  { "SELECT LastName FROM Contact WHERE LastName LIKE '100%' ORDER BY LastName",
    "100%_Pure,100XXPure" },
  { "SELECT LastName FROM Contact WHERE LastName LIKE '100\\%\\_%'", "100%_Pure" },
  { "SELECT LastName FROM Contact WHERE LastName LIKE '100__Pure' ORDER BY LastName",
    "100%_Pure,100XXPure" },
  { "SELECT LastName FROM Contact WHERE LastName LIKE 'o\\'b%'", "O'Brien" },
  { "SELECT LastName FROM Contact WHERE LastName = 'o\\'brien'", "O'Brien" },
  /* non-ASCII letters compare exactly with NOCASE, which folds ASCII only; the Unicode mode
   * compares upper-case forms, as Salesforce does */
  { "SELECT LastName FROM Contact WHERE LastName = 'Émond'", "Émond" },
  { "SELECT LastName FROM Contact WHERE LastName = 'émond'", "", "Émond" },
  { "SELECT LastName FROM Contact WHERE LastName IN ('ÉMOND', 'x')", "Émond" },
  { "SELECT LastName FROM Contact WHERE LastName IN ('émond', 'x')", "", "Émond" },
  { "SELECT LastName FROM Contact WHERE LastName LIKE 'é_o%'", "", "Émond" },
  { "SELECT LastName FROM Contact WHERE FirstName LIKE '%MILE'", "Émond" },
  { "SELECT FirstName FROM Contact WHERE FirstName > 'é' ORDER BY FirstName DESC", "",
    "Émile" },
  /* datetimes across zones, fractions, dates, numbers, booleans */
  { "SELECT LastName FROM Contact WHERE SystemModstamp = 2026-01-02T05:04:05+02:00 ORDER BY Id",
    "Adams,baker" },
  { "SELECT LastName FROM Contact WHERE SystemModstamp > 2026-01-01T19:00:00-05:00 AND "
    "SystemModstamp < 2026-01-02T03:04:06Z ORDER BY SystemModstamp, Id", "Clark,Adams,baker" },
  { "SELECT LastName FROM Contact WHERE SystemModstamp >= 2026-01-02T03:04:05.500Z AND "
    "SystemModstamp < 2026-01-05T00:00:00Z ORDER BY SystemModstamp", "Baker,O'Brien,Émond" },
  { "SELECT LastName FROM Contact WHERE SystemModstamp <= 2026-01-01T00:59:59.999+01:00 "
    "ORDER BY LastName", "100%_Pure,100XXPure" },
  { "SELECT LastName FROM Contact WHERE Birthdate < 1991-01-01 ORDER BY Birthdate",
    "Adams,Clark" },
  { "SELECT LastName FROM Contact WHERE Score__c >= 10 AND Score__c < 20 ORDER BY Score__c",
    "Adams,O'Brien" },
  { "SELECT LastName FROM Contact WHERE Score__c = 2.5", "Émond" },
  { "SELECT LastName FROM Contact WHERE HasOptedOutOfEmail = TRUE ORDER BY LastName",
    "baker,O'Brien" },
  /* checkboxes are never null: = null means false, != null means true */
  { "SELECT COUNT() FROM Contact WHERE HasOptedOutOfEmail = null", "26" },
  { "SELECT LastName FROM Contact WHERE HasOptedOutOfEmail != null ORDER BY LastName",
    "baker,O'Brien" },
  { "SELECT LastName FROM Contact WHERE (HasOptedOutOfEmail = false AND Score__c > 10) OR "
    "LastName = 'clark' ORDER BY LastName", "100%_Pure,100XXPure,Clark" },
  /* Ids: 15-character literals match the stored 18-character form */
  { "SELECT Name FROM Account WHERE Id = '001D000000IqhSL'", "Acme" },
  { "SELECT LastName FROM Contact WHERE AccountId = '001D000000IqhSL' ORDER BY LastName",
    "Adams,baker" },
  { "SELECT LastName FROM Contact WHERE Id > '003000000000006AAA' AND Id < '003000000000100AAA' "
    "ORDER BY Id", "100XXPure,Émond" },
  /* relationships: null parents, several levels, filters and ordering through joins */
  { "SELECT LastName, Account.Name, Account.Owner.Name FROM Contact WHERE LastName < 'D' "
    "ORDER BY LastName, Id",
    "100%_Pure|globex|victor,100XXPure|globex|victor,Adams|Acme|Ursula,baker|Acme|Ursula,"
    "Baker|globex|victor,Clark|-|-" },
  { "SELECT LastName FROM Contact WHERE Account.Name = 'ACME' ORDER BY LastName", "Adams,baker" },
  { "SELECT LastName FROM Contact WHERE Account.Owner.Name = null AND NOT LastName LIKE 'Gen%' "
    "ORDER BY LastName", "Clark,O'Brien,Émond" },
  { "SELECT LastName FROM Contact WHERE LastName > 'B' AND LastName < 'D' "
    "ORDER BY Account.Name NULLS LAST, LastName", "baker,Baker,Clark" },
  { "SELECT LastName FROM Contact WHERE LastName > 'B' AND LastName < 'D' "
    "ORDER BY Account.Name, LastName", "Clark,baker,Baker" },
  { "SELECT LastName FROM Contact WHERE Account.NumberOfEmployees > 100 ORDER BY LastName",
    "100%_Pure,100XXPure,Baker" },
  { "SELECT LastName, Manager__r.FirstName FROM Contact WHERE Manager__c != null ORDER BY Id",
    "baker|Ann,Baker|Ann" },
  /* deleted rows stay hidden, even when asked for by name; a deleted parent still joins */
  { "SELECT LastName FROM Contact WHERE LastName = 'Zed'", "" },
  { "SELECT LastName, Account.Name FROM Contact WHERE LastName = 'Émond'", "Émond|Gone Corp" },
  { "SELECT Name FROM Account ORDER BY Name", "Acme,globex,Initech" },
  /* COUNT(), LIMIT and OFFSET */
  { "SELECT COUNT() FROM Contact", "28" },
  { "SELECT COUNT() FROM Contact WHERE LastName LIKE 'gen%'", "20" },
  { "SELECT COUNT() FROM Contact WHERE LastName LIKE 'gen%' LIMIT 3", "3" },
  { "SELECT COUNT() FROM Contact WHERE LastName LIKE 'gen%' LIMIT 30 OFFSET 15", "5" },
  { "SELECT LastName FROM Contact WHERE LastName LIKE 'Gen%' ORDER BY SystemModstamp DESC, Id "
    "LIMIT 3 OFFSET 2", "Gen16,Gen17,Gen14" },
  { "SELECT LastName FROM Contact WHERE LastName LIKE 'Gen%' ORDER BY LastName OFFSET 18",
    "Gen18,Gen19" },
  { "SELECT LastName FROM Contact ORDER BY LastName LIMIT 0", "" },
  /* the sync engine's resumable page query */
  { "SELECT LastName FROM Contact WHERE SystemModstamp >= 2026-02-01T00:00:03Z AND "
    "(SystemModstamp > 2026-02-01T00:00:03Z OR (SystemModstamp = 2026-02-01T00:00:03Z AND "
    "Id > '003000000000106AAA')) ORDER BY SystemModstamp ASC, Id ASC LIMIT 3",
    "Gen07,Gen08,Gen09" },
};

static void
test_semantics (Fixture       *f,
                gconstpointer  data)
{
  AudSoqlSqlFlags flags = GPOINTER_TO_UINT (data);

  for (guint i = 0; i < G_N_ELEMENTS (semantic_cases); i++)
    {
      const SemanticCase *c = &semantic_cases[i];
      const char *expected = c->unicode_rows != NULL && (flags & AUD_SOQL_SQL_UNICODE) ?
                             c->unicode_rows : c->rows;
      gboolean multi = strstr (c->rows, "|") != NULL;
      g_autofree char *rows = run_query_flags (f, c->soql, flags, FALSE);

      if (multi)
        {
          /* Only the output columns: the Ids that follow are checked elsewhere. */
          g_autoptr(GError) error = NULL;
          g_autoptr(AudSoqlQuery) query = aud_soql_parse (c->soql, &error);
          g_autoptr(GString) trimmed = g_string_new (NULL);
          g_autofree char *all = run_query_flags (f, c->soql, flags, TRUE);
          g_auto(GStrv) lines = g_strsplit (all, ",", -1);
          guint n = aud_soql_query_get_n_columns (query);

          for (guint r = 0; lines[r] != NULL && lines[r][0] != '\0'; r++)
            {
              g_auto(GStrv) cells = g_strsplit (lines[r], "|", -1);

              if (r > 0)
                g_string_append_c (trimmed, ',');
              for (guint k = 0; k < n; k++)
                g_string_append_printf (trimmed, k > 0 ? "|%s" : "%s", cells[k]);
            }
          g_free (rows);
          rows = g_string_free (g_steal_pointer (&trimmed), FALSE);
        }

      if (g_strcmp0 (rows, expected) != 0)
        g_error ("%s\n  got      “%s”\n  expected “%s”", c->soql, rows, expected);
    }
}

static void
test_semantics_deleted (Fixture       *f,
                        gconstpointer  data)
{
  g_autofree char *zed = run_query (f, "SELECT LastName FROM Contact WHERE LastName = 'Zed'",
                                    TRUE, FALSE);
  g_autofree char *count = run_query (f, "SELECT COUNT() FROM Contact", TRUE, FALSE);
  g_autofree char *flagged = run_query (f, "SELECT LastName FROM Contact WHERE IsDeleted = true",
                                        TRUE, FALSE);
  g_autofree char *accounts = run_query (f, "SELECT Name FROM Account ORDER BY Name DESC",
                                         TRUE, FALSE);

  g_assert_cmpstr (zed, ==, "Zed");
  g_assert_cmpstr (count, ==, "29");
  g_assert_cmpstr (flagged, ==, "Zed");
  g_assert_cmpstr (accounts, ==, "Initech,Gone Corp,globex,Acme");
}

/* After the output columns: the root Id, then each parent's Id or NULL. */
static void
test_semantics_ids (Fixture       *f,
                    gconstpointer  data)
{
  g_autofree char *rows = run_query (f, "SELECT Account.Owner.Name FROM Contact WHERE "
                                     "LastName IN ('Adams', 'Clark', 'O\\'Brien') "
                                     "ORDER BY LastName",
                                     FALSE, TRUE);

  g_assert_cmpstr (rows, ==,
                   "Ursula|003000000000001AAA|001D000000IqhSLIAZ|005000000000001AAA,"
                   "-|003000000000004AAA|-|-,"
                   "-|003000000000005AAA|001000000000003AAA|-");
}

/* The Unicode LIKE, called directly: whole characters, escapes, backtracking, nulls. */
static void
test_semantics_unicode_like (Fixture       *f,
                             gconstpointer  data)
{
  static const struct
  {
    const char *pattern;
    const char *value;
    const char *result;
  } cases[] = {
    { "%", "", "1" }, { "", "", "1" }, { "_", "", "0" }, { "", "a", "0" },
    { "a%", "ABC", "1" }, { "%c", "abc", "1" }, { "%C", "abd", "0" },
    { "a\\%", "a%", "1" }, { "a\\%", "ab", "0" }, { "a\\_", "a_", "1" }, { "a\\_", "ab", "0" },
    { "a\\\\b", "a\\b", "1" }, { "%a%b%", "xxAyyB", "1" }, { "%a%b%", "xxByyA", "0" },
    { "é_", "ÉX", "1" }, { "_", "é", "1" }, { "__", "é", "0" }, { "%%%", "x", "1" },
    { "a%a%a", "aaa", "1" }, { "a%a%a", "aa", "0" },
    { "%ße", "STRASSE", "1" }, { "%ss", "STRASSE", "0" },
    { NULL, "x", "-" }, { "x", NULL, "-" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(sqlite3_stmt) stmt = NULL;
      const char *result;

      g_assert_cmpint (sqlite3_prepare_v2 (f->db, "SELECT aud_soql_like (?, ?)", -1, &stmt, NULL),
                       ==, SQLITE_OK);
      sqlite3_bind_text (stmt, 1, cases[i].pattern, -1, SQLITE_STATIC);
      sqlite3_bind_text (stmt, 2, cases[i].value, -1, SQLITE_STATIC);
      g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
      result = (const char *) sqlite3_column_text (stmt, 0);
      if (g_strcmp0 (result != NULL ? result : "-", cases[i].result) != 0)
        g_error ("aud_soql_like (“%s”, “%s”) = %s", cases[i].pattern, cases[i].value, result);
    }
}

/* The sync engine pages through millions of rows by (SystemModstamp, Id): the statement must
 * walk that index in order rather than sort the whole table for every page. */
static void
test_semantics_index_order (Fixture       *f,
                            gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(AudSoqlQuery) query = NULL;
  g_autoptr(GPtrArray) params = NULL;
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(GString) plan = g_string_new (NULL);
  g_autofree char *sql = NULL;
  g_autofree char *explain = NULL;

  query = aud_soql_parse ("SELECT Id, LastName, Account.Name FROM Contact WHERE SystemModstamp >= "
                          "2026-01-01T00:00:00Z AND (SystemModstamp > 2026-01-01T00:00:00Z OR "
                          "(SystemModstamp = 2026-01-01T00:00:00Z AND Id > '003000000000001AAA')) "
                          "ORDER BY SystemModstamp ASC, Id ASC LIMIT 2000", &error);
  g_assert_no_error (error);
  g_assert_true (aud_soql_query_resolve (query, &soql_test_schema, &error));
  sql = aud_soql_query_to_sql (query, FALSE, &params, &error);
  g_assert_no_error (error);

  explain = g_strconcat ("EXPLAIN QUERY PLAN ", sql, NULL);
  g_assert_cmpint (sqlite3_prepare_v2 (f->db, explain, -1, &stmt, NULL), ==, SQLITE_OK);
  g_assert_true (aud_soql_bind (stmt, params, &error));
  while (sqlite3_step (stmt) == SQLITE_ROW)
    g_string_append_printf (plan, "%s\n", sqlite3_column_text (stmt, 3));

  g_test_message ("%s", plan->str);
  g_assert_nonnull (strstr (plan->str, "USING INDEX contact_modstamp"));
  g_assert_null (strstr (plan->str, "TEMP B-TREE"));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add ("/soql/semantics/queries", Fixture, GUINT_TO_POINTER (AUD_SOQL_SQL_NONE),
              soql_test_fixture_setup, test_semantics, soql_test_fixture_teardown);
  g_test_add ("/soql/semantics/queries-unicode", Fixture, GUINT_TO_POINTER (AUD_SOQL_SQL_UNICODE),
              soql_test_fixture_setup, test_semantics, soql_test_fixture_teardown);
  g_test_add ("/soql/semantics/deleted", Fixture, NULL, soql_test_fixture_setup,
              test_semantics_deleted, soql_test_fixture_teardown);
  g_test_add ("/soql/semantics/ids", Fixture, NULL, soql_test_fixture_setup, test_semantics_ids,
              soql_test_fixture_teardown);
  g_test_add ("/soql/semantics/unicode-like", Fixture, NULL, soql_test_fixture_setup,
              test_semantics_unicode_like, soql_test_fixture_teardown);
  g_test_add ("/soql/semantics/index-order", Fixture, NULL, soql_test_fixture_setup,
              test_semantics_index_order, soql_test_fixture_teardown);

  return g_test_run ();
}
