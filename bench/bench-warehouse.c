/* bench-warehouse.c — warehouse source: rows/s and peak memory over a real PostgreSQL
 *
 * Usage: bench-warehouse [ROWS]   (default 1000000)
 * Starts a private PostgreSQL (see tests/aud-test-postgres.c), fills a table with ROWS people,
 * then times a first full read, an incremental read after 1% of the rows changed, and a full
 * read without an updated-at column (every row fingerprinted, nothing changed).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <stdlib.h>
#include <sys/resource.h>

#include "aud-test-postgres.h"

#ifdef AUD_HAVE_ODBC
#include "aud-warehouse-job.h"
#include "aud-warehouse-source.h"

static long
peak_rss_mb (void)
{
  struct rusage usage;

  getrusage (RUSAGE_SELF, &usage);
  return usage.ru_maxrss / 1024;
}

static void
run (AudStore   *store,
     gint64      source_id,
     const char *what)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GError) wh_error = NULL;
  g_autoptr(AudSyncResult) result = NULL;
  gint64 start = g_get_monotonic_time ();
  double seconds;

  result = aud_warehouse_job_run_with_password (store, source_id, AUD_TEST_PG_PASSWORD, NULL, NULL, NULL,
                                                NULL, &wh_error, &error);
  seconds = (g_get_monotonic_time () - start) / 1e6;
  if (result == NULL || result->outcome != AUD_SYNC_OUTCOME_SUCCEEDED)
    g_error ("%s failed: %s", what, error != NULL ? error->message : result->message);
  g_print ("%-44s %9lld rows read in %7.2f s = %9.0f rows/s  (new %lld, updated %lld, unchanged %lld, "
           "removed %lld)  peak RSS %ld MB\n",
           what, (long long) result->counts.fetched, seconds, result->counts.fetched / seconds,
           (long long) result->counts.created, (long long) result->counts.updated,
           (long long) result->counts.unchanged, (long long) result->counts.deleted, peak_rss_mb ());
}

static gint64
add (AudStore   *store,
     const char *name,
     const char *updated_at)
{
  g_autoptr(AudWarehouseSettings) s = aud_warehouse_settings_new ();
  g_autoptr(GError) error = NULL;
  gint64 id;

  s->connection = aud_test_pg_connection_string ("aud");
  s->table = g_strdup ("people");
  s->id_column = g_strdup ("id");
  s->updated_at_column = g_strdup (updated_at);
  aud_warehouse_settings_add_map (s, "email", "Email");
  aud_warehouse_settings_add_map (s, "first_name", "FirstName");
  aud_warehouse_settings_add_map (s, "last_name", "LastName");
  aud_warehouse_settings_add_map (s, "company", "Company");
  aud_warehouse_settings_add_map (s, "score", "Score__c");
  aud_warehouse_settings_add_map (s, "active", "Active__c");
  aud_warehouse_settings_add_map (s, "born", "Birthdate");
  id = aud_warehouse_source_save (store, "Contact", name, s, -1, &error);
  g_assert_no_error (error);
  return id;
}

int
main (int    argc,
      char **argv)
{
  gint64 rows = argc > 1 ? g_ascii_strtoll (argv[1], NULL, 10) : 1000000;
  g_autoptr(GError) error = NULL;
  g_autoptr(AudStore) store = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *path = NULL;
  g_autofree char *fill = NULL;
  g_autofree char *touch = NULL;
  const char *skip;
  gint64 start;
  gint64 inc_id, fp_id;

  skip = aud_test_pg_setup ();
  if (skip != NULL)
    {
      g_printerr ("bench-warehouse: %s\n", skip);
      return 77;
    }

  start = g_get_monotonic_time ();
  fill = g_strdup_printf ("CREATE TABLE people (id bigint PRIMARY KEY, email text, first_name text, last_name text, "
                          "  company text, score numeric(8,2), active boolean, born date, updated_at timestamptz NOT NULL);"
                          "INSERT INTO people SELECT g, 'person' || g || '@example' || (g %% 977) || '.com', "
                          "  'Zoë' || (g %% 101), 'Nguyễn-' || (g %% 4999), 'Company ' || (g %% 20011), "
                          "  (g %% 10000) / 100.0, g %% 3 = 0, date '1950-01-01' + (g %% 20000), "
                          "  timestamptz '2024-01-01 00:00:00+00' + (g / 50) * interval '1 second' "
                          "FROM generate_series (1, %lld) AS g; ANALYZE people", (long long) rows);
  aud_test_pg_sql (fill);
  g_print ("filled PostgreSQL with %lld rows in %.1f s\n", (long long) rows, (g_get_monotonic_time () - start) / 1e6);

  dir = g_dir_make_tmp ("aud-bench-wh-XXXXXX", &error);
  g_assert_no_error (error);
  path = g_build_filename (dir, "workspace.db", NULL);
  store = aud_store_open (path, &error);
  g_assert_no_error (error);

  inc_id = add (store, "incremental", "updated_at");
  run (store, inc_id, "first sync (ordered by updated_at, id)");

  touch = g_strdup_printf ("UPDATE people SET company = company || ' Ltd', updated_at = now () WHERE id %% 100 = 0;"
                           "DELETE FROM people WHERE id %% 1000 = 1");
  aud_test_pg_sql (touch);
  run (store, inc_id, "incremental after 1% updated, 0.1% deleted");

  fp_id = add (store, "fingerprint", NULL);
  run (store, fp_id, "full read by fingerprint (first)");
  run (store, fp_id, "full read by fingerprint (nothing changed)");

  g_clear_object (&store);
  aud_test_remove_tree (dir);
  aud_test_pg_cleanup ();
  return 0;
}

#else

int
main (int    argc,
      char **argv)
{
  g_printerr ("bench-warehouse: built without unixODBC\n");
  return 77;
}

#endif
