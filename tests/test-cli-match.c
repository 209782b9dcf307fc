/* test-cli-match.c — `audiences match` and `audiences entities` as a script runs them
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <sys/wait.h>

#include "aud-test-cli.h"

#include "aud-audience.h"
#include "aud-csv-source.h"

typedef struct
{
  char *dir;
  char *workspace;
  char *out;
  char *err;
} Fixture;

/* Runs the binary as a cron job would: no display, no session bus. Returns the exit code. */
static int
cli (Fixture    *f,
     const char *first,
     ...)
{
  va_list args;
  int status;

  va_start (args, first);
  status = aud_test_cli_run_va (f->workspace, f->dir, &f->out, &f->err, first, args);
  va_end (args);
  return status;
}

static void
put (AudStore   *store,
     gint64      source,
     const char *id,
     const char *modstamp,
     const char *json)
{
  g_autoptr(GError) error = NULL;
  gboolean created;

  g_assert_true (aud_store_upsert_source_record (store, source, id, modstamp, FALSE, json, &created, &error));
  g_assert_no_error (error);
}

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(AudStore) store = NULL;
  g_autoptr(AudAudience) audience = NULL;
  gint64 sf, csv;

  f->dir = g_dir_make_tmp ("aud-cli-match-XXXXXX", NULL);
  f->workspace = g_build_filename (f->dir, "ws.db", NULL);
  store = aud_store_open (f->workspace, &error);
  g_assert_no_error (error);
  audience = aud_audience_create (store, "People", "Contact", &error);
  g_assert_no_error (error);
  sf = aud_audience_get_source_id (audience, &error);
  g_assert_no_error (error);
  csv = aud_csv_source_ensure (store, "Contact", "leads.csv", &error);
  g_assert_no_error (error);
  g_assert_true (aud_csv_source_link_audience (store, csv, aud_audience_get_id (audience), &error));

  put (store, sf, "003A", "2026-01-01T10:00:00.000+0000",
       "{\"FirstName\":\"Robert\",\"LastName\":\"Smith\",\"Email\":\"robert.smith@acme.com\",\"Account.Name\":\"Acme\"}");
  put (store, csv, "r1", "2026-02-01T10:00:00Z",
       "{\"FirstName\":\"Bob\",\"LastName\":\"Smith\",\"Email\":\"robert.smith@acme.com\",\"Company\":\"Acme\","
       "\"Title\":\"VP Sales\"}");
  put (store, sf, "003B", "2026-01-01T10:00:00.000+0000",
       "{\"FirstName\":\"Jane\",\"LastName\":\"Doe\",\"Email\":\"jane.doe@globex.com\",\"Account.Name\":\"Globex\"}");
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  g_autoptr(GDir) dir = g_dir_open (f->dir, 0, NULL);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *path = g_build_filename (f->dir, name, NULL);

      g_unlink (path);
    }
  g_rmdir (f->dir);
  g_free (f->dir);
  g_free (f->workspace);
  g_free (f->out);
  g_free (f->err);
}

static gint64
json_int (const char *text,
          const char *member)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;

  g_assert_true (json_parser_load_from_data (parser, text, -1, &error));
  g_assert_no_error (error);
  return json_object_get_int_member (json_node_get_object (json_parser_get_root (parser)), member);
}

/* The cell of @column in the row whose @key_column is @key; rows split on CRLF, cells on ','
 * (the test data has no quotes or commas). */
static char *
cell (const char *csv,
      const char *key_column,
      const char *key,
      const char *column)
{
  g_auto(GStrv) lines = g_strsplit (csv, "\r\n", -1);
  g_auto(GStrv) header = g_strsplit (lines[0], ",", -1);
  int k = -1, c = -1;

  for (int i = 0; header[i] != NULL; i++)
    {
      if (g_str_equal (header[i], key_column))
        k = i;
      if (g_str_equal (header[i], column))
        c = i;
    }
  g_assert_cmpint (k, >=, 0);
  g_assert_cmpint (c, >=, 0);
  for (guint l = 1; lines[l] != NULL; l++)
    {
      g_auto(GStrv) cells = g_strsplit (lines[l], ",", -1);

      if (g_strv_length (cells) > (guint) MAX (k, c) && g_str_equal (cells[k], key))
        return g_strdup (cells[c]);
    }
  return NULL;
}

static void
test_match_and_export (Fixture       *f,
                       gconstpointer  data)
{
  g_autofree char *golden_path = g_build_filename (f->dir, "golden.csv", NULL);
  g_autofree char *golden = NULL;
  g_autofree char *e_a = NULL;
  g_autofree char *e_r1 = NULL;
  g_autofree char *e_b = NULL;
  g_autofree char *first = NULL;
  g_autofree char *title = NULL;
  g_autofree char *records = NULL;

  /* nothing to export before a match, and the message says what to run */
  g_assert_cmpint (cli (f, "entities", "--audience", "People", "-", NULL), ==, 1);
  g_assert_nonnull (strstr (f->err, "audiences match --audience People"));

  g_assert_cmpint (cli (f, "match", "--audience", "People", "--json", NULL), ==, 0);
  g_assert_cmpint (json_int (f->out, "records"), ==, 3);
  g_assert_cmpint (json_int (f->out, "entities"), ==, 2);
  g_assert_cmpint (json_int (f->out, "multi_record_entities"), ==, 1);

  g_assert_cmpint (cli (f, "match", "--audience", "People", NULL), ==, 0);
  g_assert_nonnull (strstr (f->out, "into 2 entities"));

  g_assert_cmpint (cli (f, "entities", "--audience", "People", "-", NULL), ==, 0);
  e_a = cell (f->out, "Source Record Id", "003A", "Entity Id");
  e_r1 = cell (f->out, "Source Record Id", "r1", "Entity Id");
  e_b = cell (f->out, "Source Record Id", "003B", "Entity Id");
  g_assert_nonnull (e_a);
  g_assert_cmpstr (e_a, ==, e_r1);
  g_assert_cmpstr (e_a, !=, e_b);

  g_assert_cmpint (cli (f, "entities", "--audience", "People", "--golden", golden_path, NULL), ==, 0);
  g_assert_true (g_file_get_contents (golden_path, &golden, NULL, NULL));
  first = cell (golden, "Entity Id", e_a, "FirstName");
  title = cell (golden, "Entity Id", e_a, "Title");
  records = cell (golden, "Entity Id", e_a, "Records");
  /* Salesforce wins by default; a field only the CSV has still makes it */
  g_assert_cmpstr (first, ==, "Robert");
  g_assert_cmpstr (title, ==, "VP Sales");
  g_assert_cmpstr (records, ==, "2");
}

static void
test_errors (Fixture       *f,
             gconstpointer  data)
{
  g_assert_cmpint (cli (f, "match", NULL), ==, 2);
  g_assert_cmpint (cli (f, "match", "--audience", "Nobody", NULL), ==, 1);
  g_assert_cmpint (cli (f, "entities", "--audience", "People", NULL), ==, 2);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add ("/cli-match/match-and-export", Fixture, NULL, fixture_setup, test_match_and_export, fixture_teardown);
  g_test_add ("/cli-match/errors", Fixture, NULL, fixture_setup, test_errors, fixture_teardown);
  return g_test_run ();
}
