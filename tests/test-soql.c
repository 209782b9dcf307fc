/* test-soql.c — the SOQL subset: what parses, what the real API would refuse, hostile input
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "soql-test-schema.h"

/* ---- parse: accepted and refused syntax ---- */

typedef struct
{
  const char *soql;
  int         code;      /* -1: accepted */
  const char *message;   /* a part of the message that must be there */
} SyntaxCase;

static const SyntaxCase syntax_cases[] = {
  { "SELECT Id FROM Contact", -1, NULL },
  { "select id, lastname from contact where lastname = 'x'", -1, NULL },
  { "SELECT COUNT() FROM Contact", -1, NULL },
  { "SELECT Id FROM Contact WHERE SystemModstamp >= 2026-01-02T03:04:05Z", -1, NULL },
  { "SELECT Id FROM Contact WHERE SystemModstamp > 2026-01-02T03:04:05.123+02:00", -1, NULL },
  { "SELECT Id FROM Contact WHERE SystemModstamp < 2026-01-02T03:04:05-05:30", -1, NULL },
  { "SELECT Id FROM Contact WHERE Birthdate = 2000-02-29", -1, NULL },
  { "SELECT Id FROM Contact WHERE (A = 1 OR B = 2) AND C = 3", -1, NULL },
  { "SELECT Id FROM Contact WHERE NOT Name = 'x' AND NOT (A = 1 OR B = -2.5)", -1, NULL },
  { "SELECT Id FROM Contact WHERE Name IN ('a', 'b', null) AND X NOT IN ('c')", -1, NULL },
  { "SELECT Id FROM Contact WHERE Name LIKE 'a\\%b\\_%'", -1, NULL },
  { "SELECT Id FROM Contact WHERE Name = 'O\\'Brien \\\" \\\\ \\n \\r \\t \\b \\f'", -1, NULL },
  { "SELECT Id FROM Contact WHERE Id != null AND Name <> 'x' AND F = TRUE AND G = false", -1,
    NULL },
  { "SELECT Id FROM Contact ORDER BY Name DESC NULLS LAST, Id ASC NULLS FIRST, X "
    "LIMIT 10 OFFSET 2000", -1, NULL },
  { "SELECT Id\nFROM Contact\nWHERE Name = 'x'", -1, NULL },
  { "", AUD_SOQL_ERROR_MALFORMED_QUERY, "unexpected token: '<EOF>'" },
  { "SELECT Id, FROM Contact", AUD_SOQL_ERROR_MALFORMED_QUERY,
    "\nSELECT Id, FROM Contact\n           ^\nERROR at Row:1:Column:12\nunexpected token: 'FROM'" },
  { "SELECT Id FROM Contact WHERE", AUD_SOQL_ERROR_MALFORMED_QUERY, "unexpected token: '<EOF>'" },
  { "SELECT Id Contact", AUD_SOQL_ERROR_MALFORMED_QUERY, "unexpected token: 'Contact'" },
  { "SELECT Id FROM Contact WHERE Name == 'x'", AUD_SOQL_ERROR_MALFORMED_QUERY,
    "unexpected token: '='" },
  { "SELECT Id FROM Contact WHERE Name = 'x' extra", AUD_SOQL_ERROR_MALFORMED_QUERY,
    "unexpected token: 'extra'" },
  /* `+02:00` sent without percent-encoding arrives as a space */
  { "SELECT Id FROM Contact WHERE SystemModstamp > 2026-01-02T03:04:05 02:00",
    AUD_SOQL_ERROR_MALFORMED_QUERY,
    "ERROR at Row:1:Column:66\nline 1:65 no viable alternative at character ' '" },
  { "SELECT Id FROM Contact WHERE SystemModstamp > 2026-01-02T03:04:05.000 00:00",
    AUD_SOQL_ERROR_MALFORMED_QUERY, "no viable alternative at character ' '" },
  { "SELECT Id FROM Contact WHERE SystemModstamp > 2026-01-02T03:04:05",
    AUD_SOQL_ERROR_MALFORMED_QUERY, "no viable alternative at character '<EOF>'" },
  { "SELECT Id FROM Contact WHERE Name = 'abc", AUD_SOQL_ERROR_MALFORMED_QUERY,
    "no viable alternative at character '<EOF>'" },
  { "SELECT Id FROM Contact WHERE Name = 'a\\qb'", AUD_SOQL_ERROR_MALFORMED_QUERY,
    "Illegal character sequence '\\q' in string literal" },
  { "SELECT Id FROM Contact WHERE A = 1 AND B = 2 OR C = 3", AUD_SOQL_ERROR_MALFORMED_QUERY,
    "unexpected token: 'OR'" },
  { "SELECT Id FROM Contact WHERE A = 1 OR B = 2 AND C = 3", AUD_SOQL_ERROR_MALFORMED_QUERY,
    "unexpected token: 'AND'" },
  { "SELECT Id FROM Contact OFFSET 2001", AUD_SOQL_ERROR_NUMBER_OUTSIDE_VALID_RANGE,
    "Maximum SOQL offset allowed is 2000" },
  { "SELECT Id FROM Contact LIMIT 'x'", AUD_SOQL_ERROR_MALFORMED_QUERY, "unexpected token" },
  { "SELECT Id FROM Contact LIMIT 1.5", AUD_SOQL_ERROR_MALFORMED_QUERY, "unexpected token: '1.5'" },
  { "SELECT Id FROM Contact WHERE Birthdate = 2021-02-29", AUD_SOQL_ERROR_MALFORMED_QUERY,
    "Invalid date: 2021-02-29" },
  { "SELECT Id FROM Contact WHERE SystemModstamp > 2026-13-01T00:00:00Z",
    AUD_SOQL_ERROR_MALFORMED_QUERY, "Invalid datetime: 2026-13-01T00:00:00Z" },
  { "SELECT Id FROM Contact WHERE SystemModstamp > 2026-01-01T24:00:00Z",
    AUD_SOQL_ERROR_MALFORMED_QUERY, "Invalid datetime" },
  { "SELECT Id FROM Contact ORDER BY", AUD_SOQL_ERROR_MALFORMED_QUERY,
    "unexpected token: '<EOF>'" },
  { "SELECT Id FROM Contact ORDER BY Name NULLS", AUD_SOQL_ERROR_MALFORMED_QUERY,
    "unexpected token: '<EOF>'" },
  { "SELECT Id FROM Contact WHERE Name IN ()", AUD_SOQL_ERROR_MALFORMED_QUERY,
    "unexpected token: ')'" },
  { "SELECT Id FROM Contact WHERE Name IN ('a',)", AUD_SOQL_ERROR_MALFORMED_QUERY,
    "unexpected token: ')'" },
  { "SELECT Id FROM Contact WHERE (Name = 'a'", AUD_SOQL_ERROR_MALFORMED_QUERY,
    "unexpected token: '<EOF>'" },
  { "SELECT Id FROM Contact WHERE Name = 'a')", AUD_SOQL_ERROR_MALFORMED_QUERY,
    "unexpected token: ')'" },
  { "SELECT Id FROM Contact WHERE Name = Other", AUD_SOQL_ERROR_MALFORMED_QUERY,
    "unexpected token: 'Other'" },
  { "SELECT Account. FROM Contact", AUD_SOQL_ERROR_MALFORMED_QUERY, "no viable alternative" },
  { "SELECT Id FROM Contact WHERE Name = 'a' ; DROP TABLE Contact", AUD_SOQL_ERROR_MALFORMED_QUERY,
    "no viable alternative at character ';'" },
  { "SELECT Id FROM Contact\nWHERE Name = 'x' AND", AUD_SOQL_ERROR_MALFORMED_QUERY,
    "\nWHERE Name = 'x' AND\n                   ^\nERROR at Row:2:Column:20\n"
    "unexpected token: '<EOF>'" },
  { "SELECT Id FROM Contact WHERE Name = 'Élodie' AND é = 1", AUD_SOQL_ERROR_MALFORMED_QUERY,
    "ERROR at Row:1:Column:50\nline 1:49 no viable alternative at character 'é'" },
  { "SELECT Id FROM Contact WHERE Name = 'x' ORDER BY Name LIMIT 5 OFFSET 3 LIMIT 2",
    AUD_SOQL_ERROR_MALFORMED_QUERY, "unexpected token: 'LIMIT'" },
};

static void
test_parse_syntax (void)
{
  for (guint i = 0; i < G_N_ELEMENTS (syntax_cases); i++)
    {
      const SyntaxCase *c = &syntax_cases[i];
      g_autoptr(GError) error = NULL;
      g_autoptr(AudSoqlQuery) query = aud_soql_parse (c->soql, &error);

      g_test_message ("%s", c->soql);
      if (c->code < 0)
        {
          g_assert_no_error (error);
          g_assert_nonnull (query);
          continue;
        }
      g_assert_null (query);
      g_assert_error (error, AUD_SOQL_ERROR, c->code);
      if (strstr (error->message, c->message) == NULL)
        g_error ("“%s”: message “%s” lacks “%s”", c->soql, error->message, c->message);
      g_assert_true (g_str_has_prefix (error->message, "\n"));
      g_assert_nonnull (strstr (error->message, "ERROR at Row:"));
    }
}

static void
test_error_code_names (void)
{
  g_assert_cmpstr (aud_soql_error_code_name (AUD_SOQL_ERROR_MALFORMED_QUERY), ==,
                   "MALFORMED_QUERY");
  g_assert_cmpstr (aud_soql_error_code_name (AUD_SOQL_ERROR_INVALID_FIELD), ==, "INVALID_FIELD");
  g_assert_cmpstr (aud_soql_error_code_name (AUD_SOQL_ERROR_INVALID_TYPE), ==, "INVALID_TYPE");
  g_assert_cmpstr (aud_soql_error_code_name (AUD_SOQL_ERROR_NUMBER_OUTSIDE_VALID_RANGE), ==,
                   "NUMBER_OUTSIDE_VALID_RANGE");
}

static void
test_parse_accessors (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(AudSoqlQuery) query = NULL;
  g_autoptr(AudSoqlQuery) count = NULL;

  query = aud_soql_parse ("SELECT Id, Account.Name FROM Contact LIMIT 7 OFFSET 3", &error);
  g_assert_no_error (error);
  g_assert_false (aud_soql_query_is_count (query));
  g_assert_cmpint (aud_soql_query_get_limit (query), ==, 7);
  g_assert_cmpint (aud_soql_query_get_offset (query), ==, 3);
  g_assert_cmpuint (aud_soql_query_get_n_columns (query), ==, 2);

  count = aud_soql_parse ("SELECT COUNT() FROM Contact", &error);
  g_assert_no_error (error);
  g_assert_true (aud_soql_query_is_count (count));
  g_assert_cmpint (aud_soql_query_get_limit (count), ==, -1);
  g_assert_cmpint (aud_soql_query_get_offset (count), ==, 0);
}

/* ---- resolve: names against the schema, literal types against fields ---- */

static const SyntaxCase resolve_cases[] = {
  { "SELECT Id, Foo FROM Contact", AUD_SOQL_ERROR_INVALID_FIELD,
    "\nSELECT Id, Foo FROM Contact\n           ^\nERROR at Row:1:Column:12\n"
    "No such column 'Foo' on entity 'Contact'. If you are attempting to use a custom field, be "
    "sure to append the '__c' after the custom field name. Please reference your WSDL or the "
    "describe call for the appropriate names." },
  { "SELECT Id FROM Foo", AUD_SOQL_ERROR_INVALID_TYPE,
    "ERROR at Row:1:Column:16\nsObject type 'Foo' is not supported. If you are attempting to use "
    "a custom object, be sure to append the '__c' after the entity name." },
  { "SELECT Bogus.Name FROM Contact", AUD_SOQL_ERROR_INVALID_FIELD,
    "Didn't understand relationship 'Bogus' in field path." },
  { "SELECT LastName.Foo FROM Contact", AUD_SOQL_ERROR_INVALID_FIELD,
    "Didn't understand relationship 'LastName' in field path." },
  { "SELECT Account FROM Contact", AUD_SOQL_ERROR_INVALID_FIELD,
    "No such column 'Account' on entity 'Contact'." },
  { "SELECT Account.Foo FROM Contact", AUD_SOQL_ERROR_INVALID_FIELD,
    "No such column 'Foo' on entity 'Account'." },
  { "SELECT Id FROM Contact WHERE Nope__c = 1", AUD_SOQL_ERROR_INVALID_FIELD,
    "Column:30\nNo such column 'Nope__c' on entity 'Contact'" },
  { "SELECT Id FROM Contact ORDER BY Nope__c", AUD_SOQL_ERROR_INVALID_FIELD,
    "No such column 'Nope__c' on entity 'Contact'" },
  { "SELECT Id FROM Contact WHERE SystemModstamp > '2026-01-01T00:00:00Z'",
    AUD_SOQL_ERROR_INVALID_FIELD, "Column:47\nvalue of filter criterion for field "
    "'SystemModstamp' must be of type dateTime and should not be enclosed in quotes" },
  { "SELECT Id FROM Contact WHERE SystemModstamp > 2026-01-01", AUD_SOQL_ERROR_INVALID_FIELD,
    "must be of type dateTime and should not be enclosed in quotes" },
  { "SELECT Id FROM Contact WHERE Birthdate > 2026-01-01T00:00:00Z", AUD_SOQL_ERROR_INVALID_FIELD,
    "field 'Birthdate' must be of type date and should not be enclosed in quotes" },
  { "SELECT Id FROM Contact WHERE LastName = 2026-01-01T00:00:00Z", AUD_SOQL_ERROR_INVALID_FIELD,
    "field 'LastName' must be of type string and should be enclosed in quotes" },
  { "SELECT Id FROM Contact WHERE HasOptedOutOfEmail = 'true'", AUD_SOQL_ERROR_INVALID_FIELD,
    "field 'HasOptedOutOfEmail' must be of type boolean and should not be enclosed in quotes" },
  { "SELECT Id FROM Contact WHERE LastName = 5", AUD_SOQL_ERROR_INVALID_FIELD,
    "must be of type string and should be enclosed in quotes" },
  { "SELECT Id FROM Contact WHERE Score__c = '5'", AUD_SOQL_ERROR_INVALID_FIELD,
    "field 'Score__c' must be of type double and should not be enclosed in quotes" },
  { "SELECT Id FROM Contact WHERE LastName IN ('a', 5)", AUD_SOQL_ERROR_INVALID_FIELD,
    "must be of type string" },
  { "SELECT Id FROM Contact WHERE Id = 'abc'", AUD_SOQL_ERROR_MALFORMED_QUERY,
    "invalid ID field: abc" },
  { "SELECT Id FROM Contact WHERE AccountId IN ('001D000000IqhSL', 'nope')",
    AUD_SOQL_ERROR_MALFORMED_QUERY, "invalid ID field: nope" },
  { "SELECT Id FROM Contact WHERE Description = 'x'", AUD_SOQL_ERROR_INVALID_FIELD,
    "field 'Description' can not be filtered in query call" },
  { "SELECT Id FROM Contact WHERE MailingAddress = 'x'", AUD_SOQL_ERROR_INVALID_FIELD,
    "can not be filtered" },
  { "SELECT Id FROM Contact ORDER BY MailingAddress", AUD_SOQL_ERROR_INVALID_FIELD,
    "field 'MailingAddress' can not be sorted in a query call" },
  { "SELECT Id FROM Contact WHERE LastName LIKE null", AUD_SOQL_ERROR_INVALID_FIELD,
    "field 'LastName' must be of type string and should be enclosed in quotes" },
  { "SELECT Id FROM Contact WHERE LastName LIKE 5", AUD_SOQL_ERROR_INVALID_FIELD,
    "must be of type string" },
  { "SELECT Id FROM Contact WHERE Birthdate LIKE '2000%'", AUD_SOQL_ERROR_INVALID_FIELD,
    "invalid operator on date field" },
  { "SELECT Id FROM Contact WHERE HasOptedOutOfEmail > false", AUD_SOQL_ERROR_INVALID_FIELD,
    "invalid operator on boolean field" },
  { "SELECT Id, LastName, id FROM Contact", AUD_SOQL_ERROR_MALFORMED_QUERY,
    "duplicate field selected: Id" },
};

static void
test_resolve_errors (gconstpointer data)
{
  const AudSoqlSchema *resolve_schema = data;

  for (guint i = 0; i < G_N_ELEMENTS (resolve_cases); i++)
    {
      const SyntaxCase *c = &resolve_cases[i];
      g_autoptr(GError) error = NULL;
      g_autoptr(AudSoqlQuery) query = aud_soql_parse (c->soql, &error);

      g_test_message ("%s", c->soql);
      g_assert_no_error (error);
      g_assert_false (aud_soql_query_resolve (query, resolve_schema, &error));
      g_assert_error (error, AUD_SOQL_ERROR, c->code);
      if (strstr (error->message, c->message) == NULL)
        g_error ("“%s”: message “%s” lacks “%s”", c->soql, error->message, c->message);
    }
}

static void
test_resolve_canonical (gconstpointer data)
{
  const AudSoqlSchema *resolve_schema = data;
  g_autoptr(GError) error = NULL;
  g_autoptr(AudSoqlQuery) query = NULL;
  const AudSoqlField *field = NULL;
  const char *object = NULL;

  query = aud_soql_parse ("select lastname, account.owner.NAME, ACCOUNT.name, manager__R.lastNAME "
                          "from CONTACT where account.name like 'a%' order by account.Name",
                          &error);
  g_assert_no_error (error);
  g_assert_true (aud_soql_query_resolve (query, resolve_schema, &error));
  g_assert_no_error (error);

  g_assert_cmpstr (aud_soql_query_get_object (query), ==, "Contact");
  g_assert_cmpuint (aud_soql_query_get_n_columns (query), ==, 4);
  g_assert_cmpstr (aud_soql_query_get_column (query, 0, &field), ==, "LastName");
  g_assert_true (field == &soql_test_contact_fields[3]);
  g_assert_cmpstr (aud_soql_query_get_column (query, 1, &field), ==, "Account.Owner.Name");
  g_assert_true (field == &soql_test_user_fields[2]);
  g_assert_cmpstr (aud_soql_query_get_column (query, 2, &field), ==, "Account.Name");
  g_assert_true (field == &soql_test_account_fields[2]);
  g_assert_cmpstr (aud_soql_query_get_column (query, 3, &field), ==, "Manager__r.LastName");
  g_assert_true (field == &soql_test_contact_fields[3]);

  /* Parents before children, each path once however often it is used. */
  g_assert_cmpuint (aud_soql_query_get_n_relationships (query), ==, 3);
  g_assert_cmpstr (aud_soql_query_get_relationship (query, 0, &object), ==, "Account");
  g_assert_cmpstr (object, ==, "Account");
  g_assert_cmpstr (aud_soql_query_get_relationship (query, 1, &object), ==, "Account.Owner");
  g_assert_cmpstr (object, ==, "User");
  g_assert_cmpstr (aud_soql_query_get_relationship (query, 2, &object), ==, "Manager__r");
  g_assert_cmpstr (object, ==, "Contact");
}

/* ---- literals both ways ---- */

static void
test_quote_string (void)
{
  static const char * const values[] = {
    "plain", "O'Brien", "say \"hi\"", "back\\slash", "line\nbreak\r\ttab\b\f", "", "100%_sure",
    "Zoë 東京", "'; DROP TABLE Contact; --",
  };
  g_autofree char *quoted = aud_soql_quote_string ("O'Brien \\ \"x\"\n");

  g_assert_cmpstr (quoted, ==, "'O\\'Brien \\\\ \\\"x\\\"\\n'");

  /* Whatever the value, quoting then parsing gives the value back as the one bound parameter. */
  for (guint i = 0; i < G_N_ELEMENTS (values); i++)
    {
      g_autofree char *literal = aud_soql_quote_string (values[i]);
      g_autofree char *soql = g_strdup_printf ("SELECT Id FROM Contact WHERE LastName = %s",
                                               literal);
      g_autoptr(GError) error = NULL;
      g_autoptr(AudSoqlQuery) query = aud_soql_parse (soql, &error);
      g_autoptr(GPtrArray) params = NULL;
      g_autofree char *sql = NULL;

      g_assert_no_error (error);
      g_assert_true (aud_soql_query_resolve (query, &soql_test_schema, &error));
      sql = aud_soql_query_to_sql (query, FALSE, &params, &error);
      g_assert_no_error (error);
      g_assert_cmpuint (params->len, ==, 1);
      g_assert_cmpstr (g_variant_get_string (g_ptr_array_index (params, 0), NULL), ==, values[i]);
      /* The value travels as a parameter, never inside the SQL text. */
      g_assert_null (strstr (sql, "DROP"));
    }
}

static void
test_format_datetime (void)
{
  g_autoptr(GTimeZone) plus2 = g_time_zone_new_offset (2 * 3600);
  g_autoptr(GDateTime) dt = g_date_time_new (plus2, 2026, 1, 2, 5, 4, 5);
  g_autoptr(GDateTime) ms = g_date_time_new (plus2, 2026, 1, 1, 1, 0, 7.25);
  g_autofree char *text = aud_soql_format_datetime (dt);
  g_autofree char *text_ms = aud_soql_format_datetime (ms);

  g_assert_cmpstr (text, ==, "2026-01-02T03:04:05Z");
  g_assert_cmpstr (text_ms, ==, "2025-12-31T23:00:07.250Z");
}
/* ---- hostile input: errors, never crashes, and every accepted query runs ---- */

/* Bounded for the test suite; a longer run under sanitizers is
 * `cc -fsanitize=address,undefined -DHOSTILE_ROUNDS=200000 …` by hand. */
#ifndef HOSTILE_ROUNDS
#define HOSTILE_ROUNDS 3000
#endif

static const char * const seeds[] = {
  "SELECT Id, LastName, Account.Name, Account.Owner.Name FROM Contact WHERE (LastName LIKE 'a\\%%' "
  "OR FirstName IN ('x', null)) AND SystemModstamp >= 2026-01-02T03:04:05.000+02:00 "
  "ORDER BY Account.Name DESC NULLS LAST, Id LIMIT 10 OFFSET 5",
  "SELECT COUNT() FROM Contact WHERE NOT (Score__c > -1.5) AND Birthdate != 2000-01-01",
  "SELECT Name FROM Account WHERE Id = '001D000000IqhSL' AND Owner.Name <> 'O\\'Brien\\n'",
  "SELECT LastName FROM Contact WHERE HasOptedOutOfEmail = true AND "
  "Manager__r.LastName NOT IN ('a')",
};

/* Whole tokens, so mutations also make well-formed queries with the wrong kind of literal,
 * operator or field in a place: the parser accepts those and resolve or SQL must cope. */
static const char * const words[] = {
  "null", "true", "false", "LIKE", "IN", "NOT", "AND", "OR", "(", ")", "'x'", "'%a\\_'", "5",
  "-2.5", "2026-01-01", "2026-01-01T00:00:00Z", "2026-01-01T00:00:00.5-03:30", "Account.Name",
  "Account.Owner.Name", "Manager__r.Id", "LastName", "Id", "AccountId", "Birthdate",
  "SystemModstamp", "HasOptedOutOfEmail", "Score__c", "MailingAddress", "Description", "ORDER BY",
  "LIMIT 5", "OFFSET 3", "NULLS LAST", "DESC", ",", "=", "!=", "<", ">=", "'001D000000IqhSL'",
  "COUNT()", "WHERE",
};

static void
replace_word (GRand   *rand,
              GString *s)
{
  const char *word = words[g_rand_int_range (rand, 0, G_N_ELEMENTS (words))];
  guint start = s->len > 0 ? g_rand_int_range (rand, 0, s->len) : 0;
  guint end;

  while (start > 0 && s->str[start - 1] != ' ')
    start--;
  end = start;
  while (end < s->len && s->str[end] != ' ')
    end++;
  /* Either replace the word found there or insert a new one before it. */
  if (g_rand_boolean (rand))
    g_string_erase (s, start, end - start);
  else
    g_string_insert_c (s, start, ' ');
  g_string_insert (s, start, word);
}

static char *
mutate (GRand      *rand,
        const char *seed)
{
  static const char alphabet[] = "'\"\\()%_,.=<>!+-:TZ0123456789 aZ\n\t";
  GString *s = g_string_new (seed);
  guint n = g_rand_int_range (rand, 1, 3);

  for (guint k = 0; k < n; k++)
    {
      guint at = s->len > 0 ? g_rand_int_range (rand, 0, s->len) : 0;
      char c;

      switch (g_rand_int_range (rand, 0, 8))
        {
        case 5:
        case 6:
        case 7:
          replace_word (rand, s);
          break;
        case 0:   /* replace with syntax-heavy characters */
          if (s->len > 0)
            s->str[at] = alphabet[g_rand_int_range (rand, 0, sizeof alphabet - 1)];
          break;
        case 1:   /* any byte but NUL, so also broken UTF-8 */
          c = (char) g_rand_int_range (rand, 1, 256);
          g_string_insert_c (s, at, c);
          break;
        case 2:
          {
            guint len = g_rand_int_range (rand, 1, 12);

            g_string_erase (s, at, MIN (s->len - at, len));
          }
          break;
        case 3:
          g_string_truncate (s, at);
          break;
        default:  /* duplicate a slice */
          {
            guint len = g_rand_int_range (rand, 1, 20);
            g_autofree char *slice = g_strndup (s->str + at, MIN (s->len - at, len));

            g_string_insert (s, g_rand_int_range (rand, 0, s->len + 1), slice);
          }
          break;
        }
    }

  return g_string_free (s, FALSE);
}

static const char * const leaf_fields[] = {
  "Id", "LastName", "firstname", "AccountId", "Birthdate", "SystemModstamp",
  "HasOptedOutOfEmail", "Score__c", "Description", "MailingAddress", "Account.Name",
  "account.owner.name", "Manager__r.LastName", "Manager__c", "Nope__c", "Bogus.Name",
};
static const char * const leaf_operators[] = {
  "=", "!=", "<>", "<", "<=", ">", ">=", "LIKE", "IN", "NOT IN",
};
static const char * const leaf_literals[] = {
  "null", "true", "FALSE", "'x'", "'O\\'B%'", "'a\\_b\\%'", "5", "-2.5", "2026-01-01",
  "2026-01-01T00:00:00Z", "2026-01-01T00:00:00.123+05:30", "'001D000000IqhSL'",
  "'003000000000001AAA'", "''",
};

static void
append_leaf (GString    *s,
             const char *field,
             const char *op,
             const char *literal)
{
  if (strstr (op, "IN") != NULL)
    g_string_append_printf (s, "%s %s (%s)", field, op, literal);
  else
    g_string_append_printf (s, "%s %s %s", field, op, literal);
}

/* Queries built from the grammar with fields, operators and literals picked at random. */
static void
append_condition (GRand   *rand,
                  GString *s,
                  guint    depth)
{
  if (depth < 3 && g_rand_int_range (rand, 0, 3) == 0)
    {
      const char *joiner = g_rand_boolean (rand) ? " AND " : " OR ";
      guint n = g_rand_int_range (rand, 2, 4);

      g_string_append (s, g_rand_boolean (rand) ? "NOT (" : "(");
      for (guint i = 0; i < n; i++)
        {
          if (i > 0)
            g_string_append (s, joiner);
          append_condition (rand, s, depth + 1);
        }
      g_string_append_c (s, ')');
      return;
    }

  append_leaf (s, leaf_fields[g_rand_int_range (rand, 0, G_N_ELEMENTS (leaf_fields))],
               leaf_operators[g_rand_int_range (rand, 0, G_N_ELEMENTS (leaf_operators))],
               leaf_literals[g_rand_int_range (rand, 0, G_N_ELEMENTS (leaf_literals))]);
}

static char *
generate (GRand *rand)
{
  static const char * const columns[] = {
    "Id", "LastName", "Account.Name", "Account.Owner.Name", "Manager__r.FirstName",
    "MailingAddress", "Birthdate", "SystemModstamp",
  };
  static const char * const sorts[] = {
    "LastName", "Account.Name DESC", "SystemModstamp ASC NULLS LAST", "Id DESC NULLS FIRST",
    "Score__c", "MailingAddress",
  };
  GString *s = g_string_new ("SELECT ");

  if (g_rand_int_range (rand, 0, 5) == 0)
    g_string_append (s, "COUNT()");
  else
    {
      guint n = g_rand_int_range (rand, 1, 4);

      for (guint i = 0; i < n; i++)
        g_string_append_printf (s, i > 0 ? ", %s" : "%s",
                                columns[g_rand_int_range (rand, 0, G_N_ELEMENTS (columns))]);
    }
  g_string_append (s, " FROM Contact");
  if (g_rand_int_range (rand, 0, 6) > 0)
    {
      g_string_append (s, " WHERE ");
      append_condition (rand, s, 0);
    }
  if (g_rand_boolean (rand))
    g_string_append_printf (s, " ORDER BY %s, Id",
                            sorts[g_rand_int_range (rand, 0, G_N_ELEMENTS (sorts))]);
  if (g_rand_boolean (rand))
    g_string_append_printf (s, " LIMIT %d", g_rand_int_range (rand, 0, 30));
  if (g_rand_int_range (rand, 0, 4) == 0)
    g_string_append_printf (s, " OFFSET %d", g_rand_int_range (rand, 0, 2100));

  return g_string_free (s, FALSE);
}

static void
check_survives_flags (Fixture         *f,
                      const char      *soql,
                      AudSoqlSqlFlags  flags)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(AudSoqlQuery) query = aud_soql_parse (soql, &error);
  g_autoptr(GPtrArray) params = NULL;
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autofree char *sql = NULL;
  int rc;

  if (query != NULL && aud_soql_query_resolve (query, &soql_test_schema, &error))
    sql = aud_soql_query_to_sql_full (query, flags, &params, &error);

  if (sql == NULL)
    {
      g_assert_nonnull (error);
      g_assert_true (error->domain == AUD_SOQL_ERROR);
      g_assert_true (g_utf8_validate (error->message, -1, NULL));
      g_assert_nonnull (strstr (error->message, "ERROR at Row:"));
      return;
    }

  /* Whatever the module accepts, SQLite must accept and run too. */
  g_assert_no_error (error);
  if (sqlite3_prepare_v2 (f->db, sql, -1, &stmt, NULL) != SQLITE_OK)
    g_error ("%s → %s: %s", soql, sql, sqlite3_errmsg (f->db));
  g_assert_true (aud_soql_bind (stmt, params, &error));
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    ;
  g_assert_cmpint (rc, ==, SQLITE_DONE);
}

static const char * const nestings[] = {
  "NOT (%s)",
  "(%s)",
  "NOT %s",
  "(LastName = 'a' OR %s)",
  "(LastName = 'a' AND NOT %s)",
  "NOT (LastName = 'a' OR (%s))",
  "(FirstName IN ('a', null) OR NOT (Account.Owner.Name = 'b' AND %s))",
};

static void
check_survives (Fixture    *f,
                const char *soql)
{
  check_survives_flags (f, soql, AUD_SOQL_SQL_NONE);
  check_survives_flags (f, soql, AUD_SOQL_SQL_UNICODE | AUD_SOQL_SQL_INCLUDE_DELETED);
}

/* Every field, operator and literal against each other, once: each combination either gives
 * an error or SQL that SQLite runs. */
static void
test_every_leaf (Fixture       *f,
                 gconstpointer  data)
{
  guint accepted = 0;

  for (guint i = 0; i < G_N_ELEMENTS (leaf_fields); i++)
    for (guint j = 0; j < G_N_ELEMENTS (leaf_operators); j++)
      for (guint k = 0; k < G_N_ELEMENTS (leaf_literals); k++)
        {
          g_autoptr(GString) soql = g_string_new ("SELECT Id, Account.Name FROM Contact WHERE ");
          g_autoptr(AudSoqlQuery) query = NULL;

          append_leaf (soql, leaf_fields[i], leaf_operators[j], leaf_literals[k]);
          check_survives (f, soql->str);
          query = aud_soql_parse (soql->str, NULL);
          if (query != NULL && aud_soql_query_resolve (query, &soql_test_schema, NULL))
            accepted++;
        }

  g_test_message ("%u combinations accepted", accepted);
  g_assert_cmpuint (accepted, >, 100);
}

static void
test_hostile (Fixture       *f,
              gconstpointer  data)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (20260102);
  g_autoptr(GString) deep = g_string_new ("SELECT Id FROM Contact WHERE ");
  g_autoptr(GString) long_string = g_string_new ("SELECT Id FROM Contact WHERE LastName = '");
  g_autoptr(GString) huge = g_string_new ("SELECT Id FROM Contact WHERE LastName IN (");
  g_autoptr(GString) too_long = g_string_new ("SELECT Id FROM Contact WHERE LastName = '");
  g_autoptr(GError) error = NULL;
  g_autoptr(AudSoqlQuery) query = NULL;
  guint accepted = 0;

  for (guint i = 0; i < HOSTILE_ROUNDS; i++)
    {
      g_autofree char *soql = NULL;

      if (i % 10 == 9)
        {
          /* pure junk, NUL-free */
          guint len = g_rand_int_range (rand, 0, 80);

          soql = g_malloc (len + 1);
          for (guint k = 0; k < len; k++)
            soql[k] = (char) g_rand_int_range (rand, 1, 256);
          soql[len] = '\0';
        }
      else
        soql = mutate (rand, seeds[i % G_N_ELEMENTS (seeds)]);

      check_survives (f, soql);
      query = aud_soql_parse (soql, NULL);
      if (query != NULL && aud_soql_query_resolve (query, &soql_test_schema, NULL))
        accepted++;
      g_clear_pointer (&query, aud_soql_query_free);
    }
  /* Well-formed queries with every mix of field, operator and literal. */
  for (guint i = 0; i < HOSTILE_ROUNDS / 3; i++)
    {
      g_autofree char *soql = generate (rand);

      check_survives (f, soql);
      query = aud_soql_parse (soql, NULL);
      if (query != NULL && aud_soql_query_resolve (query, &soql_test_schema, NULL))
        accepted++;
      g_clear_pointer (&query, aud_soql_query_free);
    }

  /* The mutations must exercise the SQL path too, not only the error paths. */
  g_test_message ("%u of %d mutated or generated queries were accepted and run", accepted,
                  HOSTILE_ROUNDS + HOSTILE_ROUNDS / 3);
  g_assert_cmpuint (accepted, >, 100);

  for (guint i = 0; i < 5000; i++)
    g_string_append_c (deep, '(');
  g_string_append (deep, "LastName = 'x'");
  check_survives (f, deep->str);
  query = aud_soql_parse (deep->str, &error);
  g_assert_error (error, AUD_SOQL_ERROR, AUD_SOQL_ERROR_MALFORMED_QUERY);
  g_clear_error (&error);

  /* Nesting up to the limit compiles in SQLite whatever its shape; past it, a clean error. */
  for (guint p = 0; p < G_N_ELEMENTS (nestings); p++)
    {
      g_autofree char *condition = g_strdup ("LastName = 'Adams'");
      guint levels = 0;

      for (;;)
        {
          g_autofree char *soql = g_strconcat ("SELECT Id FROM Contact WHERE ", condition, NULL);
          char *wider;

          query = aud_soql_parse (soql, &error);
          check_survives (f, soql);
          if (query == NULL)
            break;
          g_clear_pointer (&query, aud_soql_query_free);
          {
            g_auto(GStrv) sides = g_strsplit (nestings[p], "%s", 2);

            wider = g_strconcat (sides[0], condition, sides[1], NULL);
          }
          g_free (condition);
          condition = wider;
          levels++;
        }
      g_assert_error (error, AUD_SOQL_ERROR, AUD_SOQL_ERROR_MALFORMED_QUERY);
      g_assert_nonnull (strstr (error->message, "nest deeper"));
      g_clear_error (&error);
      g_test_message ("“%s” nests %u times", nestings[p], levels);
      g_assert_cmpuint (levels, >=, 7);
    }

  for (guint i = 0; i < 50000; i++)
    g_string_append_c (long_string, "ab\\'"[i % 4]);
  g_string_append (long_string, "'");
  check_survives (f, long_string->str);
  query = aud_soql_parse (long_string->str, &error);
  g_assert_no_error (error);
  g_clear_pointer (&query, aud_soql_query_free);

  for (guint i = 0; i < 9000; i++)
    g_string_append_printf (huge, i > 0 ? ", 'v%u'" : "'v%u'", i);
  g_string_append (huge, ")");
  check_survives (f, huge->str);

  for (guint i = 0; i < 100001; i++)
    g_string_append_c (too_long, 'a');
  g_string_append (too_long, "'");
  query = aud_soql_parse (too_long->str, &error);
  g_assert_error (error, AUD_SOQL_ERROR, AUD_SOQL_ERROR_MALFORMED_QUERY);
  g_assert_null (query);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/soql/parse/syntax", test_parse_syntax);
  g_test_add_func ("/soql/parse/accessors", test_parse_accessors);
  g_test_add_func ("/soql/parse/error-code-names", test_error_code_names);
  g_test_add_data_func ("/soql/resolve/errors", &soql_test_schema, test_resolve_errors);
  g_test_add_data_func ("/soql/resolve/errors-by-key", &soql_test_plain_schema,
                        test_resolve_errors);
  g_test_add_data_func ("/soql/resolve/canonical", &soql_test_schema, test_resolve_canonical);
  g_test_add_data_func ("/soql/resolve/canonical-by-key", &soql_test_plain_schema,
                        test_resolve_canonical);
  g_test_add_func ("/soql/literals/quote-string", test_quote_string);
  g_test_add_func ("/soql/literals/format-datetime", test_format_datetime);
  g_test_add ("/soql/hostile", Fixture, NULL, soql_test_fixture_setup, test_hostile,
              soql_test_fixture_teardown);
  g_test_add ("/soql/hostile/every-leaf", Fixture, NULL, soql_test_fixture_setup, test_every_leaf,
              soql_test_fixture_teardown);

  return g_test_run ();
}
