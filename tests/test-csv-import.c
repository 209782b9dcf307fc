/* test-csv-import.c — CSV files into a real workspace and back out: updates, bad rows, cancel,
 * round trip
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gstdio.h>
#include <string.h>

#include "aud-csv-import.h"
#include "aud-csv-source.h"
#include "aud-csv-writer.h"
#include "aud-store-private.h"

typedef struct
{
  char     *dir;
  char     *path;
  AudStore *store;
} Fixture;

static const AudCsvColumnMap contact_map[] = {
  { "Id", "External_Id__c", 0 },
  { "First Name", "FirstName", 40 },
  { "Last Name", "LastName", 80 },
  { "Email", "Email", 80 },
};

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  f->dir = g_dir_make_tmp ("aud-csv-XXXXXX", &error);
  g_assert_no_error (error);
  f->path = g_build_filename (f->dir, "workspace.db", NULL);
  f->store = aud_store_open (f->path, &error);
  g_assert_no_error (error);
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  g_autoptr(GDir) dir = g_dir_open (f->dir, 0, NULL);
  const char *name;

  g_clear_object (&f->store);
  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *child = g_build_filename (f->dir, name, NULL);
      g_unlink (child);
    }
  g_rmdir (f->dir);
  g_free (f->dir);
  g_free (f->path);
}

static GFile *
write_file (Fixture    *f,
            const char *name,
            const char *contents,
            gssize      len)
{
  g_autofree char *path = g_build_filename (f->dir, name, NULL);
  g_autoptr(GError) error = NULL;

  g_file_set_contents (path, contents, len, &error);
  g_assert_no_error (error);
  return g_file_new_for_path (path);
}

static gint64
query_int (Fixture    *f,
           const char *sql)
{
  g_autoptr(sqlite3_stmt) stmt = aud_store_prepare (f->store, sql, NULL);

  g_assert_nonnull (stmt);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  return sqlite3_column_int64 (stmt, 0);
}

static char *
record_data (Fixture    *f,
             gint64      source_id,
             const char *external_id)
{
  g_autoptr(sqlite3_stmt) stmt = aud_store_prepare (f->store,
    "SELECT data FROM source_records WHERE source_id = ?1 AND external_id = ?2", NULL);

  sqlite3_bind_int64 (stmt, 1, source_id);
  sqlite3_bind_text (stmt, 2, external_id, -1, SQLITE_STATIC);
  if (sqlite3_step (stmt) != SQLITE_ROW)
    return NULL;
  return g_strdup ((const char *) sqlite3_column_text (stmt, 0));
}

static AudCsvImport *
new_contact_import (GFile *file)
{
  AudCsvImport *import = aud_csv_import_new (file, "Contact", "Event leads");

  aud_csv_import_set_mapping (import, contact_map, G_N_ELEMENTS (contact_map));
  aud_csv_import_set_id_column (import, "Id");
  return import;
}

static void
assert_workspace_empty (Fixture *f)
{
  g_assert_cmpint (query_int (f, "SELECT count(*) FROM sources"), ==, 0);
  g_assert_cmpint (query_int (f, "SELECT count(*) FROM source_records"), ==, 0);
}

static void
test_import_and_reimport (Fixture       *f,
                          gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GFile) v1 = write_file (f, "leads.csv",
                                    "Id,First Name,Last Name,Email,Ignored\r\n"
                                    "e1,Ada,Lovelace,ada@example.com,x\r\n"
                                    "e2,Bob,,bob@example.com,x\r\n"
                                    "e3,Cy,\"O\"\"Neil, Jr\",cy@example.com,x\r\n", -1);
  g_autoptr(GFile) v2 = write_file (f, "leads-v2.csv",
                                    "Id,First Name,Last Name,Email,Ignored\r\n"
                                    "e1,Ada,Lovelace,ada@example.com,changed but unmapped\r\n"
                                    "e2,Bob,Builder,bob@example.com,x\r\n"
                                    "e4,Di,Prince,di@example.com,x\r\n", -1);
  g_autoptr(AudCsvImport) first = new_contact_import (v1);
  g_autoptr(AudCsvImport) second = new_contact_import (v2);
  g_autofree char *e2 = NULL;
  g_autofree char *e3 = NULL;
  gint64 source_id;

  g_assert_true (aud_csv_import_run (first, f->store, NULL, &error));
  g_assert_no_error (error);
  source_id = aud_csv_import_get_source_id (first);
  g_assert_cmpint (source_id, >, 0);
  g_assert_cmpuint (aud_csv_import_get_n_created (first), ==, 3);

  /* Values as a JSON object per the mapping; an empty cell is null, unmapped columns are left out. */
  e2 = record_data (f, source_id, "e2");
  g_assert_cmpstr (e2, ==, "{\"External_Id__c\":\"e2\",\"FirstName\":\"Bob\",\"LastName\":null,"
                           "\"Email\":\"bob@example.com\"}");
  e3 = record_data (f, source_id, "e3");
  g_assert_nonnull (strstr (e3, "\"LastName\":\"O\\\"Neil, Jr\""));
  g_assert_cmpint (query_int (f, "SELECT count(*) FROM sources WHERE kind = 'csv' AND name = 'Event leads'"), ==, 1);

  /* The updated file, same source: one change, one new, one gone, one untouched. */
  g_assert_true (aud_csv_import_run (second, f->store, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpint (aud_csv_import_get_source_id (second), ==, source_id);
  g_assert_cmpuint (aud_csv_import_get_n_created (second), ==, 1);
  g_assert_cmpuint (aud_csv_import_get_n_updated (second), ==, 1);
  g_assert_cmpuint (aud_csv_import_get_n_unchanged (second), ==, 1);
  g_assert_cmpuint (aud_csv_import_get_n_removed (second), ==, 1);
  g_assert_cmpint (aud_store_count_source_records (f->store, source_id, FALSE, NULL), ==, 3);
  g_assert_cmpint (aud_store_count_source_records (f->store, source_id, TRUE, NULL), ==, 4);
  g_assert_cmpint (query_int (f, "SELECT is_deleted FROM source_records WHERE external_id = 'e3'"), ==, 1);
  g_assert_cmpint (query_int (f, "SELECT count(*) FROM sources"), ==, 1);
}

static void
test_fingerprint_and_saved_settings (Fixture       *f,
                                     gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GFile) file = write_file (f, "list.csv",
                                      "Id,First Name,Last Name,Email\n"
                                      ",Ada,Lovelace,ada@example.com\n"
                                      ",Bob,Builder,bob@example.com\n"
                                      ",Bob,Builder,bob@example.com\n", -1);
  g_autoptr(AudCsvImport) first = aud_csv_import_new (file, "Contact", NULL);
  g_autoptr(AudCsvImport) again = aud_csv_import_new (file, "Contact", NULL);

  /* No id column: rows are keyed by their content, an identical row is the same record. */
  aud_csv_import_set_mapping (first, contact_map + 1, 3);
  g_assert_true (aud_csv_import_run (first, f->store, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (aud_csv_import_get_source_name (first), ==, "list.csv");
  g_assert_cmpuint (aud_csv_import_get_n_created (first), ==, 2);
  g_assert_cmpuint (aud_csv_import_get_n_unchanged (first), ==, 1);

  /* A re-import with no mapping given reuses the saved one, and changes nothing. */
  g_assert_true (aud_csv_import_load_saved_settings (again, f->store, &error));
  g_assert_true (aud_csv_import_run (again, f->store, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (aud_csv_import_get_n_created (again), ==, 0);
  g_assert_cmpuint (aud_csv_import_get_n_unchanged (again), ==, 3);
  g_assert_cmpint (aud_store_count_source_records (f->store, aud_csv_import_get_source_id (again), TRUE, NULL), ==, 2);
}

static void
test_bad_rows (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GFile) file = write_file (f, "bad.csv",
                                      "Id,First Name,Last Name,Email\n"
                                      "e1,Ada,Lovelace,ada@example.com\n"
                                      "e2,Bob,Builder\n"                                           /* 3: ragged */
                                      "e3,Cy,Twombly,cy@example.com\n"
                                      ",Di,Prince,di@example.com\n"                                /* 5: no id */
                                      "e1,Ed,Again,ed@example.com\n"                               /* 6: dup id */
                                      "e7,Flo,Averyveryveryveryveryveryveryveryveryveryverylongname,f@example.com\n"
                                      "e8,Gus,Gr\xE9goire,gus@example.com\n"                       /* 8: bad UTF-8 */
                                      "e9,Hal,Last,hal@example.com\n", -1);
  static const int expected_codes[] = {
    AUD_CSV_ERROR_RAGGED_ROW, AUD_CSV_ERROR_MISSING_ID, AUD_CSV_ERROR_DUPLICATE_ID,
    AUD_CSV_ERROR_VALUE_TOO_LONG, AUD_CSV_ERROR_INVALID_ENCODING,
  };
  static const guint64 expected_lines[] = { 3, 5, 6, 7, 8 };
  AudCsvColumnMap map[G_N_ELEMENTS (contact_map)];

  memcpy (map, contact_map, sizeof map);
  map[1].max_length = 40;
  map[2].max_length = 40;

  /* Default policy: report every bad row with its line, write nothing. */
  {
    g_autoptr(AudCsvImport) import = aud_csv_import_new (file, "Contact", NULL);
    GPtrArray *problems;

    aud_csv_import_set_mapping (import, map, G_N_ELEMENTS (map));
    aud_csv_import_set_id_column (import, "Id");
    aud_csv_import_set_encoding (import, AUD_CSV_ENCODING_UTF8);
    g_assert_false (aud_csv_import_run (import, f->store, NULL, &error));
    g_assert_error (error, AUD_CSV_ERROR, AUD_CSV_ERROR_BAD_ROWS);
    g_assert_nonnull (strstr (error->message, "Line 3"));
    g_clear_error (&error);

    problems = aud_csv_import_get_problems (import);
    g_assert_cmpuint (problems->len, ==, G_N_ELEMENTS (expected_codes));
    for (guint i = 0; i < problems->len; i++)
      {
        const AudCsvProblem *p = g_ptr_array_index (problems, i);

        g_test_message ("%s", p->message);
        g_assert_cmpint (p->code, ==, expected_codes[i]);
        g_assert_cmpuint (p->line, ==, expected_lines[i]);
      }
    assert_workspace_empty (f);
  }

  /* Skip policy: the good rows land, the same rows are reported. */
  {
    g_autoptr(AudCsvImport) import = aud_csv_import_new (file, "Contact", NULL);

    aud_csv_import_set_mapping (import, map, G_N_ELEMENTS (map));
    aud_csv_import_set_id_column (import, "Id");
    aud_csv_import_set_encoding (import, AUD_CSV_ENCODING_UTF8);
    aud_csv_import_set_bad_row_policy (import, AUD_CSV_BAD_ROWS_SKIP);
    g_assert_true (aud_csv_import_run (import, f->store, NULL, &error));
    g_assert_no_error (error);
    g_assert_cmpuint (aud_csv_import_get_n_created (import), ==, 3);
    g_assert_cmpuint (aud_csv_import_get_n_skipped (import), ==, 5);
    g_assert_cmpuint (aud_csv_import_get_problems (import)->len, ==, 5);
    g_assert_cmpint (query_int (f, "SELECT count(*) FROM source_records"), ==, 3);
  }
}

static void
test_fatal_errors_leave_nothing (Fixture       *f,
                                 gconstpointer  data)
{
  static const struct { const char *contents; int code; } cases[] = {
    { "", AUD_CSV_ERROR_EMPTY_FILE },
    { "Id,First Name,Last Name,Email\ne1,A,B,c\ne2,\"open,B,c\n", AUD_CSV_ERROR_UNTERMINATED_QUOTE },
    { "Id,First Name,Last Name,Email\ne1,A,B,c\n", AUD_CSV_ERROR_UNKNOWN_COLUMN },
    /* two columns into one field */
    { "Id,First Name,Last Name,Email\ne1,A,B,c\n", AUD_CSV_ERROR_UNKNOWN_COLUMN },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(GFile) file = write_file (f, "fatal.csv", cases[i].contents, -1);
      g_autoptr(AudCsvImport) import = new_contact_import (file);

      if (cases[i].code == AUD_CSV_ERROR_UNKNOWN_COLUMN)
        aud_csv_import_set_id_column (import, "Record ID");
      if (i == G_N_ELEMENTS (cases) - 1)
        {
          static const AudCsvColumnMap twice[] = {
            { "First Name", "FirstName", 0 },
            { "Last Name", "FirstName", 0 },
          };

          aud_csv_import_set_id_column (import, NULL);
          aud_csv_import_set_mapping (import, twice, G_N_ELEMENTS (twice));
        }
      /* Skipping bad rows does not extend to a file that cannot be read to its end. */
      aud_csv_import_set_bad_row_policy (import, AUD_CSV_BAD_ROWS_SKIP);
      g_assert_false (aud_csv_import_run (import, f->store, NULL, &error));
      g_assert_error (error, AUD_CSV_ERROR, cases[i].code);
      assert_workspace_empty (f);
    }
}

static GString *
generate_contacts (guint n,
                   guint changed_every)
{
  GString *s = g_string_new ("Id,First Name,Last Name,Email\n");

  for (guint i = 0; i < n; i++)
    g_string_append_printf (s, "id%u,First%u,Last%u%s,person%u@example.com\n",
                            i, i, i, changed_every > 0 && i % changed_every == 0 ? "x" : "", i);
  return s;
}

static void
cancel_on_progress (const AudCsvImportProgress *progress,
                    gpointer                    user_data)
{
  g_cancellable_cancel (user_data);
}

static void
test_cancel_leaves_nothing (Fixture       *f,
                            gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GString) v1 = generate_contacts (3000, 0);
  g_autoptr(GString) v2 = generate_contacts (3000, 2);
  g_autoptr(GFile) file1 = write_file (f, "big.csv", v1->str, (gssize) v1->len);
  g_autoptr(AudCsvImport) import = new_contact_import (file1);
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  gint64 source_id;

  /* A first import that is cancelled part-way leaves no source behind. */
  aud_csv_import_set_progress_func (import, cancel_on_progress, g_object_ref (cancellable), g_object_unref);
  g_assert_false (aud_csv_import_run (import, f->store, cancellable, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_clear_error (&error);
  assert_workspace_empty (f);

  /* A cancelled re-import leaves the previous import exactly as it was. */
  aud_csv_import_set_progress_func (import, NULL, NULL, NULL);
  g_assert_true (aud_csv_import_run (import, f->store, NULL, &error));
  g_assert_no_error (error);
  source_id = aud_csv_import_get_source_id (import);
  before = record_data (f, source_id, "id0");
  {
    g_autoptr(GFile) file2 = write_file (f, "big.csv", v2->str, (gssize) v2->len);
    g_autoptr(AudCsvImport) update = new_contact_import (file2);
    g_autoptr(GCancellable) cancel2 = g_cancellable_new ();

    aud_csv_import_set_progress_func (update, cancel_on_progress, g_object_ref (cancel2), g_object_unref);
    g_assert_false (aud_csv_import_run (update, f->store, cancel2, &error));
    g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  }
  after = record_data (f, source_id, "id0");
  g_assert_cmpstr (before, ==, after);
  g_assert_cmpint (aud_store_count_source_records (f->store, source_id, TRUE, NULL), ==, 3000);
}

typedef struct
{
  guint         n_progress;
  guint64       last_rows;
  gboolean      done;
  gboolean      ok;
  GError       *error;
  GThread      *main_thread;
} AsyncState;

static void
async_progress (const AudCsvImportProgress *progress,
                gpointer                    user_data)
{
  AsyncState *state = user_data;

  /* Delivered on the main thread, coalesced, and moving forward. */
  g_assert_true (g_thread_self () == state->main_thread);
  g_assert_cmpuint (progress->rows, >=, state->last_rows);
  g_assert_cmpfloat (progress->rows_per_second, >=, 0);
  state->last_rows = progress->rows;
  state->n_progress++;
}

static void
async_done (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  AsyncState *state = user_data;

  state->ok = aud_csv_import_run_finish (AUD_CSV_IMPORT (source), result, &state->error);
  state->done = TRUE;
}

static void
test_async_progress (Fixture       *f,
                     gconstpointer  data)
{
  g_autoptr(GString) v1 = generate_contacts (5000, 0);
  g_autoptr(GFile) file = write_file (f, "async.csv", v1->str, (gssize) v1->len);
  g_autoptr(AudCsvImport) import = new_contact_import (file);
  AsyncState state = { 0 };
  AudCsvImportProgress progress;

  state.main_thread = g_thread_self ();
  aud_csv_import_set_progress_func (import, async_progress, &state, NULL);
  aud_csv_import_run_async (import, f->path, NULL, async_done, &state);
  while (!state.done)
    g_main_context_iteration (NULL, TRUE);

  g_assert_no_error (state.error);
  g_assert_true (state.ok);
  /* Let a last pending idle run, then check the final snapshot. */
  while (g_main_context_iteration (NULL, FALSE))
    ;
  g_assert_cmpuint (state.n_progress, >=, 1);
  aud_csv_import_get_progress (import, &progress);
  g_assert_cmpuint (progress.rows, ==, 5000);
  g_assert_cmpuint (progress.bytes_read, ==, v1->len);
  g_assert_cmpuint (progress.bytes_total, ==, v1->len);
  g_assert_cmpfloat (progress.eta_seconds, ==, 0);
  /* Written through the worker's own connection, visible to ours. */
  g_assert_cmpint (query_int (f, "SELECT count(*) FROM source_records"), ==, 5000);
}

static char *
export_source (Fixture  *f,
               gint64    source_id,
               gboolean  neutralize)
{
  g_autoptr(GOutputStream) out = g_memory_output_stream_new_resizable ();
  g_autoptr(AudCsvWriter) writer = aud_csv_writer_new (out);
  g_autoptr(GError) error = NULL;
  char nul = '\0';

  aud_csv_writer_set_neutralize_formulas (writer, neutralize);
  g_assert_true (aud_csv_source_export (f->store, source_id, NULL, NULL, writer, NULL, &error));
  g_assert_no_error (error);
  g_output_stream_write (out, &nul, 1, NULL, NULL);
  g_output_stream_close (out, NULL, NULL);
  return g_memory_output_stream_steal_data (G_MEMORY_OUTPUT_STREAM (out));
}

static void
test_round_trip (Fixture       *f,
                 gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GFile) file = write_file (f, "awkward.csv",
                                      "Id,First Name,Last Name,Email\r\n"
                                      "r1,\"Zoë \"\"Z\"\"\",\"two\r\nlines\",\"=HYPERLINK(\"\"http://x\"\")\"\r\n"
                                      "r2,Łukasz,,+1 555 0100\r\n"
                                      "r3, spaced ,\"a,b;c\tc|d\",@handle\r\n"
                                      "r4,-minus,\"\n\",\"\\back\\slash\"\r\n", -1);
  g_autoptr(AudCsvImport) import = new_contact_import (file);
  static const AudCsvColumnMap back_map[] = {
    { "External_Id__c", "External_Id__c", 0 },
    { "FirstName", "FirstName", 0 },
    { "LastName", "LastName", 0 },
    { "Email", "Email", 0 },
  };
  g_autoptr(AudCsvImport) reimport = NULL;
  g_autoptr(GFile) exported_file = NULL;
  g_autofree char *exported = NULL;
  g_autofree char *safe = NULL;
  gint64 a;
  gint64 b;

  g_assert_true (aud_csv_import_run (import, f->store, NULL, &error));
  g_assert_no_error (error);
  a = aud_csv_import_get_source_id (import);

  /* With the guard on, a spreadsheet would show the formula as text. */
  safe = export_source (f, a, TRUE);
  g_assert_nonnull (strstr (safe, "\"'=HYPERLINK(\"\"http://x\"\")\""));
  g_assert_nonnull (strstr (safe, ",'@handle\r\n"));

  exported = export_source (f, a, FALSE);
  g_assert_true (g_str_has_prefix (exported, AUD_CSV_SOURCE_ID_COLUMN ",External_Id__c,FirstName,LastName,Email\r\n"));
  exported_file = write_file (f, "exported.csv", exported, -1);
  reimport = aud_csv_import_new (exported_file, "Contact", "Round trip");
  aud_csv_import_set_mapping (reimport, back_map, G_N_ELEMENTS (back_map));
  aud_csv_import_set_id_column (reimport, AUD_CSV_SOURCE_ID_COLUMN);
  g_assert_true (aud_csv_import_run (reimport, f->store, NULL, &error));
  g_assert_no_error (error);
  b = aud_csv_import_get_source_id (reimport);
  g_assert_cmpint (b, !=, a);

  /* Every record of the copy holds byte for byte what the original holds. */
  g_assert_cmpint (aud_store_count_source_records (f->store, b, TRUE, NULL), ==, 4);
  g_assert_cmpint (query_int (f,
    "SELECT count(*) FROM source_records AS x JOIN source_records AS y "
    "  ON x.external_id = y.external_id AND x.data = y.data "
    "WHERE x.source_id = 1 AND y.source_id = 2"), ==, 4);
}

static void
test_windows_1252_import (Fixture       *f,
                          gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GFile) file = write_file (f, "latin.csv",
                                      "Id;First Name;Last Name;Email\r\n"
                                      "w1;Jos\xE9;Mu\xF1oz;jose@example.com\r\n", -1);
  g_autoptr(AudCsvImport) import = new_contact_import (file);
  g_autofree char *w1 = NULL;

  g_assert_true (aud_csv_import_run (import, f->store, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpint (aud_csv_import_get_encoding (import), ==, AUD_CSV_ENCODING_WINDOWS_1252);
  g_assert_true (aud_csv_import_get_encoding_guessed (import));
  w1 = record_data (f, aud_csv_import_get_source_id (import), "w1");
  g_assert_nonnull (strstr (w1, "\"FirstName\":\"José\",\"LastName\":\"Muñoz\""));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, fn) g_test_add ("/csv-import/" path, Fixture, NULL, fixture_setup, fn, fixture_teardown)
  ADD ("import-and-reimport", test_import_and_reimport);
  ADD ("fingerprint-and-saved-settings", test_fingerprint_and_saved_settings);
  ADD ("bad-rows", test_bad_rows);
  ADD ("fatal-errors-leave-nothing", test_fatal_errors_leave_nothing);
  ADD ("cancel-leaves-nothing", test_cancel_leaves_nothing);
  ADD ("async-progress", test_async_progress);
  ADD ("round-trip", test_round_trip);
  ADD ("windows-1252", test_windows_1252_import);
#undef ADD

  return g_test_run ();
}
