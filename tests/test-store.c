/* test-store.c — the workspace database: create, migrate, reopen, refuse, survive SIGKILL
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gstdio.h>
#include <signal.h>
#include <sqlite3.h>
#include <sys/wait.h>

#include "aud-connection-info.h"
#include "aud-store-private.h"

#define WRITER_BATCH 500

typedef struct
{
  char *dir;
  char *path;
} Fixture;

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  f->dir = g_dir_make_tmp ("aud-store-XXXXXX", NULL);
  g_assert_nonnull (f->dir);
  f->path = g_build_filename (f->dir, "sub", "workspace.db", NULL);
}

static void
remove_tree (const char *dir)
{
  g_autoptr(GDir) d = g_dir_open (dir, 0, NULL);
  const char *name;

  if (d == NULL)
    return;

  while ((name = g_dir_read_name (d)) != NULL)
    {
      g_autofree char *child = g_build_filename (dir, name, NULL);

      if (g_file_test (child, G_FILE_TEST_IS_DIR))
        remove_tree (child);
      else
        g_unlink (child);
    }
  g_rmdir (dir);
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  remove_tree (f->dir);
  g_free (f->dir);
  g_free (f->path);
}

static char *
query_text (AudStore   *store,
            const char *sql)
{
  g_autoptr(sqlite3_stmt) stmt = aud_store_prepare (store, sql, NULL);

  g_assert_nonnull (stmt);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  return g_strdup ((const char *) sqlite3_column_text (stmt, 0));
}

static void
test_create (Fixture       *f,
             gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(AudStore) store = NULL;
  g_autofree char *journal = NULL;
  g_autofree char *fk = NULL;
  g_autofree char *tables = NULL;
  struct stat st;

  store = aud_store_open (f->path, &error);
  g_assert_no_error (error);
  g_assert_nonnull (store);

  /* The folder is created, private to the user. */
  g_assert_true (g_file_test (f->path, G_FILE_TEST_IS_REGULAR));
  {
    g_autofree char *dir = g_path_get_dirname (f->path);
    g_assert_cmpint (g_stat (dir, &st), ==, 0);
    g_assert_cmpint (st.st_mode & 0777, ==, 0700);
  }

  g_assert_cmpint (aud_store_get_user_version (store), ==, aud_store_schema_version ());
  g_assert_cmpint (aud_store_schema_version (), >=, 1);

  journal = query_text (store, "PRAGMA journal_mode");
  g_assert_cmpstr (journal, ==, "wal");
  fk = query_text (store, "PRAGMA foreign_keys");
  g_assert_cmpstr (fk, ==, "1");

  tables = query_text (store, "SELECT group_concat(name, ',') FROM "
                              "(SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name)");
  g_assert_cmpstr (tables, ==,
                   "audience_sources,audiences,connection,describe_gone_fields,describes,entities,entity_members,golden_values,job_changes,mapped_fields,match_decisions,match_pairs,match_runs,segments,source_records,sources,survivorship_settings,sync_runs,writeback_items,writeback_runs");
}

static void
test_reopen_keeps_data (Fixture       *f,
                        gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  gint64 source_id;
  gboolean created = FALSE;

  {
    g_autoptr(AudStore) store = aud_store_open (f->path, &error);
    g_assert_no_error (error);

    source_id = aud_store_ensure_salesforce_source (store, "Contact", &error);
    g_assert_no_error (error);
    g_assert_cmpint (source_id, >, 0);
    /* The same object maps to the same source: audiences share it. */
    g_assert_cmpint (aud_store_ensure_salesforce_source (store, "Contact", &error), ==, source_id);
    g_assert_cmpint (aud_store_ensure_salesforce_source (store, "Account", &error), !=, source_id);

    g_assert_true (aud_store_upsert_source_record (store, source_id, "003000000000001AAA",
                                                   "2026-01-01T00:00:00.000+0000", FALSE,
                                                   "{\"LastName\":\"Lovelace\"}", &created, &error));
    g_assert_no_error (error);
    g_assert_true (created);
    g_assert_true (aud_store_upsert_source_record (store, source_id, "003000000000001AAA",
                                                   "2026-01-02T00:00:00.000+0000", FALSE,
                                                   "{\"LastName\":\"Byron\"}", &created, &error));
    g_assert_false (created);
    g_assert_true (aud_store_set_source_cursor (store, source_id, "2026-01-02T00:00:00.000+0000", "p1", &error));
  }

  {
    g_autoptr(AudStore) store = aud_store_open (f->path, &error);
    g_autofree char *watermark = NULL;
    g_autofree char *position = NULL;
    g_autofree char *data_text = NULL;

    g_assert_no_error (error);
    g_assert_cmpint (aud_store_count_source_records (store, source_id, TRUE, &error), ==, 1);
    g_assert_true (aud_store_get_source_cursor (store, source_id, &watermark, &position, &error));
    g_assert_cmpstr (watermark, ==, "2026-01-02T00:00:00.000+0000");
    g_assert_cmpstr (position, ==, "p1");
    data_text = query_text (store, "SELECT data FROM source_records");
    g_assert_cmpstr (data_text, ==, "{\"LastName\":\"Byron\"}");

    g_assert_false (aud_store_get_source_cursor (store, 9999, NULL, NULL, &error));
    g_assert_error (error, AUD_STORE_ERROR, AUD_STORE_ERROR_NOT_FOUND);
  }
}

static void
test_connection_roundtrip (Fixture       *f,
                           gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(AudStore) store = aud_store_open (f->path, &error);
  g_autoptr(AudConnectionInfo) info = aud_connection_info_new ();
  g_autoptr(AudConnectionInfo) loaded = NULL;

  g_assert_null (aud_store_load_connection (store, &error));
  g_assert_no_error (error);

  info->state = AUD_CONNECTION_STATE_CONNECTED;
  info->login_host = g_strdup ("https://test.salesforce.com");
  info->instance_url = g_strdup ("https://acme--uat.sandbox.my.salesforce.com");
  info->org_id = g_strdup ("00D000000000001AAA");
  info->username = g_strdup ("ada@acme.example");
  info->is_sandbox = TRUE;
  g_assert_true (aud_store_save_connection (store, info, &error));
  g_assert_true (aud_store_update_api_usage (store, 120, 15000, &error));

  loaded = aud_store_load_connection (store, &error);
  g_assert_no_error (error);
  g_assert_nonnull (loaded);
  g_assert_cmpint (loaded->state, ==, AUD_CONNECTION_STATE_CONNECTED);
  g_assert_cmpstr (loaded->instance_url, ==, info->instance_url);
  g_assert_true (loaded->is_sandbox);
  g_assert_cmpint (loaded->api_used, ==, 120);
  g_assert_cmpint (loaded->api_max, ==, 15000);
}

static void
test_migrates_empty_database (Fixture       *f,
                              gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(AudStore) store = NULL;
  g_autofree char *dir = g_path_get_dirname (f->path);
  sqlite3 *db;

  /* A version-0 database (what any SQLite tool creates) is upgraded in place. */
  g_mkdir_with_parents (dir, 0700);
  g_assert_cmpint (sqlite3_open (f->path, &db), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (db, "CREATE TABLE scratch (x); INSERT INTO scratch VALUES (42);", NULL, NULL, NULL), ==, SQLITE_OK);
  sqlite3_close (db);

  store = aud_store_open (f->path, &error);
  g_assert_no_error (error);
  g_assert_cmpint (aud_store_get_user_version (store), ==, aud_store_schema_version ());
  {
    g_autofree char *kept = query_text (store, "SELECT x FROM scratch");
    g_assert_cmpstr (kept, ==, "42");
  }
}

static char *
file_checksum (const char *path)
{
  g_autofree char *contents = NULL;
  gsize len;

  g_assert_true (g_file_get_contents (path, &contents, &len, NULL));
  return g_compute_checksum_for_data (G_CHECKSUM_SHA256, (const guchar *) contents, len);
}

static void
test_refuses_newer_schema (Fixture       *f,
                           gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(AudStore) store = NULL;
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  g_autofree char *wal = g_strconcat (f->path, "-wal", NULL);
  g_autofree char *dir = g_path_get_dirname (f->path);
  g_autofree char *sql = g_strdup_printf ("CREATE TABLE future (y); PRAGMA user_version = %d;",
                                          aud_store_schema_version () + 1);
  sqlite3 *db;

  g_mkdir_with_parents (dir, 0700);
  g_assert_cmpint (sqlite3_open (f->path, &db), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (db, sql, NULL, NULL, NULL), ==, SQLITE_OK);
  sqlite3_close (db);
  before = file_checksum (f->path);

  store = aud_store_open (f->path, &error);
  g_assert_null (store);
  g_assert_error (error, AUD_STORE_ERROR, AUD_STORE_ERROR_TOO_NEW);
  g_assert_nonnull (strstr (error->message, "newer version of Audiences"));
  g_assert_nonnull (strstr (error->message, "untouched"));

  after = file_checksum (f->path);
  g_assert_cmpstr (before, ==, after);
  g_assert_false (g_file_test (wal, G_FILE_TEST_EXISTS));
}

static void
test_refuses_garbage (Fixture       *f,
                      gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(AudStore) store = NULL;
  g_autofree char *dir = g_path_get_dirname (f->path);
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  char junk[8192];

  for (guint i = 0; i < sizeof junk; i++)
    junk[i] = (char) g_random_int ();
  g_mkdir_with_parents (dir, 0700);
  g_assert_true (g_file_set_contents (f->path, junk, sizeof junk, NULL));
  before = file_checksum (f->path);

  store = aud_store_open (f->path, &error);
  g_assert_null (store);
  g_assert_error (error, AUD_STORE_ERROR, AUD_STORE_ERROR_CORRUPT);
  after = file_checksum (f->path);
  g_assert_cmpstr (before, ==, after);
}

/* The writer child: batches of WRITER_BATCH records, each committed together with its cursor.
 * It resumes from the cursor, as the sync engine does. */
static int
run_writer (const char *path,
            int         total_batches)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(AudStore) store = aud_store_open (path, &error);
  g_autofree char *position = NULL;
  gint64 source_id;
  int start;

  if (store == NULL)
    {
      g_printerr ("writer: %s\n", error->message);
      return 1;
    }

  source_id = aud_store_ensure_salesforce_source (store, "Contact", &error);
  aud_store_get_source_cursor (store, source_id, NULL, &position, &error);
  start = position != NULL ? atoi (position) : 0;

  for (int batch = start; batch < total_batches; batch++)
    {
      g_autofree char *next = g_strdup_printf ("%d", batch + 1);

      if (!aud_store_begin (store, &error))
        return 1;
      for (int i = 0; i < WRITER_BATCH; i++)
        {
          g_autofree char *id = g_strdup_printf ("003%015d", batch * WRITER_BATCH + i);
          g_autofree char *json = g_strdup_printf ("{\"batch\":%d,\"row\":%d}", batch, i);

          if (!aud_store_upsert_source_record (store, source_id, id, "2026-01-01T00:00:00.000+0000",
                                               FALSE, json, NULL, &error))
            return 1;
          /* Stretch each batch, as network waits do, so kills land inside transactions. */
          if (i % 100 == 99)
            g_usleep (1000);
        }
      if (!aud_store_set_source_cursor (store, source_id, NULL, next, &error) ||
          !aud_store_commit (store, &error))
        return 1;
    }

  return 0;
}

static void
check_consistent (const char *path,
                  int        *batches_done)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(AudStore) store = aud_store_open (path, &error);
  g_autofree char *position = NULL;
  gint64 source_id;
  gint64 count;
  int done;

  g_assert_no_error (error);
  source_id = aud_store_ensure_salesforce_source (store, "Contact", &error);
  g_assert_true (aud_store_get_source_cursor (store, source_id, NULL, &position, &error));
  done = position != NULL ? atoi (position) : 0;
  count = aud_store_count_source_records (store, source_id, TRUE, &error);

  /* Exactly the committed batches are there: no half batch, nothing lost. */
  g_assert_cmpint (count, ==, (gint64) done * WRITER_BATCH);
  {
    g_autofree char *max_id = query_text (store, "SELECT coalesce(max(external_id), '') FROM source_records");
    g_autofree char *expected = done > 0 ? g_strdup_printf ("003%015d", done * WRITER_BATCH - 1) : g_strdup ("");
    g_assert_cmpstr (max_id, ==, expected);
  }
  {
    g_autofree char *check = query_text (store, "PRAGMA integrity_check");
    g_assert_cmpstr (check, ==, "ok");
  }
  *batches_done = done;
}

static void
test_sigkill_mid_batch (Fixture       *f,
                        gconstpointer  data)
{
  const int total = 60;
  int done = 0;
  int kills = 0;
  GRand *rand = g_rand_new_with_seed (g_test_rand_int ());

  /* Kill the writer at random instants, check, restart; in the end everything is there once. */
  while (done < total)
    {
      g_autoptr(GError) error = NULL;
      g_autofree char *total_s = g_strdup_printf ("%d", total);
      const char *argv[] = { g_test_get_filename (G_TEST_BUILT, "test-store", NULL),
                             "--writer", f->path, total_s, NULL };
      GPid pid;
      int status;
      gboolean killed = FALSE;

      g_assert_true (g_spawn_async (NULL, (char **) argv, NULL, G_SPAWN_DO_NOT_REAP_CHILD,
                                    NULL, NULL, &pid, &error));
      g_assert_no_error (error);

      if (kills < 4)
        {
          g_usleep (g_rand_int_range (rand, 20, 150) * 1000);
          killed = kill (pid, SIGKILL) == 0;
        }
      g_assert_cmpint (waitpid (pid, &status, 0), ==, pid);
      g_spawn_close_pid (pid);
      if (killed && WIFSIGNALED (status))
        kills++;
      else
        g_assert_true (WIFEXITED (status) && WEXITSTATUS (status) == 0);

      check_consistent (f->path, &done);
      g_test_message ("after run: %d of %d batches committed (%d kills)", done, total, kills);
    }

  g_assert_cmpint (done, ==, total);
  g_assert_cmpint (kills, >=, 1);
  g_rand_free (rand);
}

int
main (int   argc,
      char *argv[])
{
  if (argc == 4 && g_strcmp0 (argv[1], "--writer") == 0)
    return run_writer (argv[2], atoi (argv[3]));

  g_test_init (&argc, &argv, NULL);

  g_test_add ("/store/create", Fixture, NULL, fixture_setup, test_create, fixture_teardown);
  g_test_add ("/store/reopen-keeps-data", Fixture, NULL, fixture_setup, test_reopen_keeps_data, fixture_teardown);
  g_test_add ("/store/connection-roundtrip", Fixture, NULL, fixture_setup, test_connection_roundtrip, fixture_teardown);
  g_test_add ("/store/migrates-empty-database", Fixture, NULL, fixture_setup, test_migrates_empty_database, fixture_teardown);
  g_test_add ("/store/refuses-newer-schema", Fixture, NULL, fixture_setup, test_refuses_newer_schema, fixture_teardown);
  g_test_add ("/store/refuses-garbage", Fixture, NULL, fixture_setup, test_refuses_garbage, fixture_teardown);
  g_test_add ("/store/sigkill-mid-batch", Fixture, NULL, fixture_setup, test_sigkill_mid_batch, fixture_teardown);

  return g_test_run ();
}
