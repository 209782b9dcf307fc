/* bench-csv.c — CSV import and export speed and peak memory on generated files
 *
 *   bench-csv [ROWS]      (default 1000000)
 *
 * Imports a small file (ROWS / 10) and then the full one into fresh workspaces, re-imports the
 * full one (every row unchanged), and exports it. Peak memory is VmHWM from /proc/self/status,
 * which only ever grows: if it stays flat from the small import to the full one, the import's
 * memory does not grow with the file.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gstdio.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "aud-csv-import.h"
#include "aud-csv-source.h"
#include "aud-csv-writer.h"

static const AudCsvColumnMap bench_map[] = {
  { "Id", "External_Id__c", 0 },
  { "First Name", "FirstName", 40 },
  { "Last Name", "LastName", 80 },
  { "Email", "Email", 80 },
  { "Company", "Company__c", 255 },
  { "Title", "Title", 128 },
  { "Notes", "Notes__c", 0 },
};

static long
peak_rss_kb (void)
{
  g_autofree char *status = NULL;
  const char *line;

  if (!g_file_get_contents ("/proc/self/status", &status, NULL, NULL))
    return -1;
  line = strstr (status, "VmHWM:");
  return line != NULL ? strtol (line + 6, NULL, 10) : -1;
}

static void
generate (const char *path,
          guint       rows)
{
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GError) error = NULL;
  g_autoptr(GFileOutputStream) out = g_file_replace (file, NULL, FALSE, G_FILE_CREATE_NONE, NULL, &error);
  g_autoptr(AudCsvWriter) writer = NULL;
  const char *header[] = { "Id", "First Name", "Last Name", "Email", "Company", "Title", "Notes" };
  static const char *firsts[] = { "Ada", "Zoë", "Łukasz", "José", "Bob", "Mary-Jane", "O'Neil" };
  static const char *companies[] = { "Acme, Inc.", "Globex", "Initech GmbH", "Umbrella \"Corp\"", "Hooli" };

  g_assert_no_error (error);
  writer = aud_csv_writer_new (G_OUTPUT_STREAM (out));
  aud_csv_writer_write_row (writer, header, G_N_ELEMENTS (header), NULL, &error);
  for (guint i = 0; i < rows; i++)
    {
      char id[32], last[32], email[64], notes[96];
      const char *row[7];

      g_snprintf (id, sizeof id, "row-%u", i);
      g_snprintf (last, sizeof last, "Last%u", i * 7919 % 100003);
      g_snprintf (email, sizeof email, "person%u@example%u.com", i, i % 97);
      g_snprintf (notes, sizeof notes, i % 10 == 0 ? "met at booth %u\nfollow up" : "lead %u", i);
      row[0] = id;
      row[1] = firsts[i % G_N_ELEMENTS (firsts)];
      row[2] = last;
      row[3] = email;
      row[4] = companies[i % G_N_ELEMENTS (companies)];
      row[5] = i % 3 == 0 ? "" : "VP Marketing";
      row[6] = notes;
      aud_csv_writer_write_row (writer, row, G_N_ELEMENTS (row), NULL, &error);
    }
  aud_csv_writer_flush (writer, NULL, &error);
  g_output_stream_close (G_OUTPUT_STREAM (out), NULL, &error);
  g_assert_no_error (error);
}

static double
import (const char *workspace,
        const char *csv,
        guint       rows,
        const char *what)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(AudStore) store = aud_store_open (workspace, &error);
  g_autoptr(GFile) file = g_file_new_for_path (csv);
  g_autoptr(AudCsvImport) import = aud_csv_import_new (file, "Contact", "bench");
  gint64 start;
  double seconds;

  g_assert_no_error (error);
  aud_csv_import_set_mapping (import, bench_map, G_N_ELEMENTS (bench_map));
  aud_csv_import_set_id_column (import, "Id");

  start = g_get_monotonic_time ();
  if (!aud_csv_import_run (import, store, NULL, &error))
    g_error ("import failed: %s", error->message);
  seconds = (g_get_monotonic_time () - start) / (double) G_USEC_PER_SEC;

  printf ("%-28s %9u rows  %7.2f s  %9.0f rows/s  created %llu updated %llu unchanged %llu  peak RSS %ld kB\n",
          what, rows, seconds, rows / seconds,
          (unsigned long long) aud_csv_import_get_n_created (import),
          (unsigned long long) aud_csv_import_get_n_updated (import),
          (unsigned long long) aud_csv_import_get_n_unchanged (import),
          peak_rss_kb ());
  fflush (stdout);
  return seconds;
}

static void
export (const char *workspace,
        const char *csv,
        guint       rows)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(AudStore) store = aud_store_open (workspace, &error);
  g_autoptr(GFile) file = g_file_new_for_path (csv);
  g_autoptr(GFileOutputStream) out = NULL;
  g_autoptr(AudCsvWriter) writer = NULL;
  gint64 source_id;
  gint64 start;
  double seconds;

  g_assert_no_error (error);
  source_id = aud_csv_source_find (store, "Contact", "bench", &error);
  g_assert_no_error (error);
  out = g_file_replace (file, NULL, FALSE, G_FILE_CREATE_NONE, NULL, &error);
  g_assert_no_error (error);
  writer = aud_csv_writer_new (G_OUTPUT_STREAM (out));

  start = g_get_monotonic_time ();
  if (!aud_csv_source_export (store, source_id, NULL, NULL, writer, NULL, &error) ||
      !g_output_stream_close (G_OUTPUT_STREAM (out), NULL, &error))
    g_error ("export failed: %s", error->message);
  seconds = (g_get_monotonic_time () - start) / (double) G_USEC_PER_SEC;

  printf ("%-28s %9u rows  %7.2f s  %9.0f rows/s  peak RSS %ld kB\n",
          "export", rows, seconds, rows / seconds, peak_rss_kb ());
}

static void
remove_workspace (const char *path)
{
  g_autofree char *wal = g_strconcat (path, "-wal", NULL);
  g_autofree char *shm = g_strconcat (path, "-shm", NULL);

  g_unlink (path);
  g_unlink (wal);
  g_unlink (shm);
}

int
main (int   argc,
      char *argv[])
{
  guint rows = argc > 1 ? (guint) strtoul (argv[1], NULL, 10) : 1000000;
  guint small = MAX (rows / 10, 1);
  g_autofree char *dir = g_dir_make_tmp ("bench-csv-XXXXXX", NULL);
  g_autofree char *small_csv = g_build_filename (dir, "small.csv", NULL);
  g_autofree char *big_csv = g_build_filename (dir, "big.csv", NULL);
  g_autofree char *out_csv = g_build_filename (dir, "export.csv", NULL);
  g_autofree char *ws_small = g_build_filename (dir, "small.db", NULL);
  g_autofree char *ws_big = g_build_filename (dir, "big.db", NULL);
  struct stat st;

  generate (small_csv, small);
  generate (big_csv, rows);
  g_stat (big_csv, &st);
  printf ("file: %u rows, %.1f MB; peak RSS after generating: %ld kB\n",
          rows, st.st_size / 1e6, peak_rss_kb ());

  import (ws_small, small_csv, small, "import (1/10 of the rows)");
  import (ws_big, big_csv, rows, "import");
  import (ws_big, big_csv, rows, "re-import (all unchanged)");
  export (ws_big, out_csv, rows);

  remove_workspace (ws_small);
  remove_workspace (ws_big);
  g_unlink (small_csv);
  g_unlink (big_csv);
  g_unlink (out_csv);
  g_rmdir (dir);
  return 0;
}
