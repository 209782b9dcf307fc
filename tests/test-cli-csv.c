/* test-cli-csv.c — `audiences import-csv` and `audiences export-csv` through the real binary
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib.h>
#include <glib/gstdio.h>
#include <string.h>
#include <sys/wait.h>

#include "aud-test-cli.h"

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
write_file (Fixture    *f,
            const char *name,
            const char *contents)
{
  g_autofree char *path = g_build_filename (f->dir, name, NULL);

  g_assert_true (g_file_set_contents (path, contents, -1, NULL));
}

static char *
read_file (Fixture    *f,
           const char *name)
{
  g_autofree char *path = g_build_filename (f->dir, name, NULL);
  char *contents = NULL;

  g_assert_true (g_file_get_contents (path, &contents, NULL, NULL));
  return contents;
}

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  f->dir = g_dir_make_tmp ("aud-cli-csv-XXXXXX", NULL);
  f->workspace = g_build_filename (f->dir, "ws.db", NULL);

  g_assert_cmpint (cli (f, "audience", "create", "Event leads", "--object", "Contact", NULL), ==, 0);
  write_file (f, "mapping.json",
              "{\"format\":\"org.example.Audiences.mapping\",\"version\":1,\"audience\":\"Event leads\","
              "\"object\":\"Contact\",\"fields\":[{\"name\":\"FirstName\",\"rule\":\"never\"},"
              "{\"name\":\"LastName\",\"rule\":\"never\"},{\"name\":\"Email\",\"rule\":\"never\"},"
              "{\"name\":\"Description\",\"rule\":\"never\"}]}");
  g_assert_cmpint (cli (f, "mapping", "import", "--audience", "Event leads", "mapping.json", NULL), ==, 0);
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  g_autoptr(GDir) d = g_dir_open (f->dir, 0, NULL);
  const char *name;

  while (d != NULL && (name = g_dir_read_name (d)) != NULL)
    {
      g_autofree char *child = g_build_filename (f->dir, name, NULL);
      g_unlink (child);
    }
  g_rmdir (f->dir);
  g_free (f->dir);
  g_free (f->workspace);
  g_free (f->out);
  g_free (f->err);
}

static void
test_import_then_reimport (Fixture       *f,
                           gconstpointer  data)
{
  g_autofree char *exported = NULL;

  write_file (f, "leads.csv",
              "Vendor ID,first_name,LAST NAME,E-mail,description\r\n"
              "v1,Ada,Lovelace,ada@example.com,=1+1\r\n"
              "v2,Zoë,\"O\"\"Neil\",zoe@example.com,\"two\nlines\"\r\n");

  /* No --map: columns are matched to the mapped fields by name, and the guess is shown. */
  g_assert_cmpint (cli (f, "import-csv", "leads.csv", "--audience", "Event leads",
                        "--id-column", "Vendor ID", NULL), ==, 0);
  g_assert_nonnull (strstr (f->err, "first_name → FirstName"));
  g_assert_nonnull (strstr (f->out, "2 new, 0 updated, 0 unchanged"));

  g_assert_cmpint (cli (f, "export-csv", "--audience", "Event leads", "--source", "leads.csv",
                        "out.csv", NULL), ==, 0);
  exported = read_file (f, "out.csv");
  g_assert_cmpstr (exported, ==,
                   "Source Record Id,FirstName,LastName,Email,Description\r\n"
                   "v1,Ada,Lovelace,ada@example.com,'=1+1\r\n"
                   "v2,Zoë,\"O\"\"Neil\",zoe@example.com,\"two\nlines\"\r\n");

  /* The same file again, with no options: the saved mapping and id column, nothing duplicated. */
  g_assert_cmpint (cli (f, "import-csv", "leads.csv", "--audience", "Event leads", NULL), ==, 0);
  g_assert_nonnull (strstr (f->out, "0 new, 0 updated, 2 unchanged"));

  g_assert_cmpint (cli (f, "export-csv", "--audience", "Event leads", "--source", "leads.csv",
                        "--allow-formulas", "-", NULL), ==, 0);
  g_assert_nonnull (strstr (f->out, "\r\nv1,Ada,Lovelace,ada@example.com,=1+1\r\n"));
}

/* Once matched, an audience exports as its unified records: one golden record per person. */
static void
test_export_unified (Fixture       *f,
                     gconstpointer  data)
{
  g_autofree char *exported = NULL;
  g_auto(GStrv) lines = NULL;

  write_file (f, "event.csv",
              "id,first_name,last_name,email\r\n"
              "e1,Ada,Lovelace,ada.lovelace@analytical.example\r\n"
              "e2,Charles,Babbage,charles@engines.example\r\n");
  write_file (f, "webinar.csv",
              "id,first_name,last_name,email\r\n"
              "w1,Ada,Lovelace,Ada.Lovelace@analytical.example\r\n");
  g_assert_cmpint (cli (f, "import-csv", "event.csv", "--audience", "Event leads", "--id-column", "id", NULL), ==, 0);
  g_assert_cmpint (cli (f, "import-csv", "webinar.csv", "--audience", "Event leads", "--id-column", "id", NULL), ==, 0);

  /* Two sources, not matched yet: which one? */
  g_assert_cmpint (cli (f, "export-csv", "--audience", "Event leads", "out.csv", NULL), ==, 2);
  g_assert_nonnull (strstr (f->err, "--source"));

  g_assert_cmpint (cli (f, "match", "--audience", "Event leads", NULL), ==, 0);
  g_assert_cmpint (cli (f, "export-csv", "--audience", "Event leads", "out.csv", NULL), ==, 0);
  g_assert_nonnull (strstr (f->err, "Exported 2 unified records"));
  exported = read_file (f, "out.csv");
  lines = g_strsplit (exported, "\r\n", -1);
  /* A header, Ada once (from two sources), Charles, and the final empty string. */
  g_assert_cmpuint (g_strv_length (lines), ==, 4);
  g_assert_true (g_str_has_prefix (lines[0], "Entity Id,Records"));
  g_assert_nonnull (strstr (exported, "Lovelace"));
  g_assert_null (strstr (strstr (exported, "Lovelace") + 1, "Lovelace"));
}

static void
test_bad_rows (Fixture       *f,
               gconstpointer  data)
{
  write_file (f, "bad.csv",
              "Id,FirstName,LastName,Email\n"
              "x1,Ada,Lovelace,ada@example.com\n"
              "x2,Bob,Builder\n"
              "x3,Cy,Twombly,cy@example.com\n");

  /* All or nothing by default: the report names the line, and the source is not created. */
  g_assert_cmpint (cli (f, "import-csv", "bad.csv", "--audience", "Event leads", "--id-column", "Id",
                        "--map", "FirstName=FirstName", "--map", "LastName=LastName", "--map", "Email=Email", NULL), ==, 1);
  g_assert_nonnull (strstr (f->err, "Line 3 has 3 values"));
  g_assert_cmpint (cli (f, "export-csv", "--audience", "Event leads", "--source", "bad.csv", "-", NULL), ==, 1);

  g_assert_cmpint (cli (f, "import-csv", "bad.csv", "--audience", "Event leads", "--id-column", "Id",
                        "--map", "FirstName=FirstName", "--map", "LastName=LastName", "--map", "Email=Email",
                        "--skip-bad-rows", NULL), ==, 0);
  g_assert_nonnull (strstr (f->out, "2 new, 0 updated, 0 unchanged, 0 removed, 1 bad rows skipped"));
  g_assert_nonnull (strstr (f->err, "Line 3 has 3 values"));
}

static void
test_usage_errors (Fixture       *f,
                   gconstpointer  data)
{
  write_file (f, "a.csv", "Email\na@example.com\n");
  write_file (f, "b.csv", "Email\nb@example.com\n");

  g_assert_cmpint (cli (f, "import-csv", "a.csv", NULL), ==, 2);
  g_assert_cmpint (cli (f, "import-csv", "a.csv", "--audience", "Event leads", "--map", "Email", NULL), ==, 2);
  g_assert_cmpint (cli (f, "import-csv", "a.csv", "--audience", "Event leads", "--map", "Email=Nope__c", NULL), ==, 2);
  g_assert_cmpint (cli (f, "import-csv", "a.csv", "--audience", "Nobody", NULL), ==, 1);
  g_assert_cmpint (cli (f, "import-csv", "missing.csv", "--audience", "Event leads", NULL), ==, 1);

  g_assert_cmpint (cli (f, "import-csv", "a.csv", "--audience", "Event leads", "--fingerprint", NULL), ==, 0);
  g_assert_cmpint (cli (f, "import-csv", "b.csv", "--audience", "Event leads", "--fingerprint", NULL), ==, 0);
  /* Two imported sources (and the Salesforce one): which one is for the user to say. */
  g_assert_cmpint (cli (f, "export-csv", "--audience", "Event leads", "out.csv", NULL), ==, 2);
  g_assert_nonnull (strstr (f->err, "a.csv, b.csv"));
  {
    g_autofree char *out = g_build_filename (f->dir, "out.csv", NULL);
    g_assert_false (g_file_test (out, G_FILE_TEST_EXISTS));
  }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add ("/cli-csv/import-then-reimport", Fixture, NULL, fixture_setup, test_import_then_reimport, fixture_teardown);
  g_test_add ("/cli-csv/bad-rows", Fixture, NULL, fixture_setup, test_bad_rows, fixture_teardown);
  g_test_add ("/cli-csv/export-unified", Fixture, NULL, fixture_setup, test_export_unified, fixture_teardown);
  g_test_add ("/cli-csv/usage-errors", Fixture, NULL, fixture_setup, test_usage_errors, fixture_teardown);

  return g_test_run ();
}
