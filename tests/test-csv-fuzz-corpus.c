/* test-csv-fuzz-corpus.c — runs every seed of the CSV fuzzer's corpus through its entry point
 *
 * The same checks as the fuzzer (rows or an error, never a crash; write and re-read gives the
 * same rows), on the awkward files in tests/fuzz/csv-corpus/, with any compiler.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "fuzz/fuzz-csv-reader.h"

#include <glib.h>

static void
run_seed (gconstpointer data)
{
  const char *path = data;
  g_autofree char *contents = NULL;
  g_autoptr(GError) error = NULL;
  gsize len;

  g_file_get_contents (path, &contents, &len, &error);
  g_assert_no_error (error);
  g_assert_cmpint (LLVMFuzzerTestOneInput ((const guint8 *) contents, len), ==, 0);
}

static int
compare_names (gconstpointer a,
               gconstpointer b)
{
  return g_strcmp0 (*(char * const *) a, *(char * const *) b);
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *dir_path = NULL;
  g_autoptr(GDir) dir = NULL;
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GError) error = NULL;
  const char *name;

  g_test_init (&argc, &argv, NULL);

  dir_path = g_test_build_filename (G_TEST_DIST, "fuzz", "csv-corpus", NULL);
  dir = g_dir_open (dir_path, 0, &error);
  g_assert_no_error (error);
  while ((name = g_dir_read_name (dir)) != NULL)
    g_ptr_array_add (names, g_strdup (name));
  g_ptr_array_sort (names, compare_names);

  /* An empty corpus would make this test pass without testing anything. */
  g_assert_cmpuint (names->len, >=, 10);

  for (guint i = 0; i < names->len; i++)
    {
      g_autofree char *test_path = g_strdup_printf ("/csv-fuzz-corpus/%s", (char *) names->pdata[i]);

      g_test_add_data_func_full (test_path, g_build_filename (dir_path, names->pdata[i], NULL),
                                 run_seed, g_free);
    }

  return g_test_run ();
}
