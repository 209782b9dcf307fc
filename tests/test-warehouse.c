/* test-warehouse.c — the warehouse source against a real PostgreSQL through its ODBC driver
 *
 * The test starts its own server: initdb into a private directory, then postgres listening only
 * on a Unix socket in that directory (no TCP), on a port number that just names the socket.
 * PostgreSQL refuses to run as root, so as root the directory is given to the `postgres` user
 * the Debian package creates and the server tools run through `runuser -u postgres`. The server
 * runs in Asia/Kolkata so that UTC conversion is visible. Skips when the PostgreSQL binaries,
 * the ODBC driver or unixODBC are missing.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gstdio.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include "aud-store-private.h"
#include "aud-test-bus.h"
#include "aud-test-postgres.h"
#include "aud-sync-store.h"

#ifdef AUD_HAVE_ODBC
#include "aud-audience.h"
#include "aud-warehouse-guard.h"
#include "aud-warehouse-job.h"
#include "aud-warehouse-reader.h"
#include "aud-warehouse-source.h"
#include "aud-warehouse-vault.h"
#include "aud-sync-engine.h"

#define PG_PASSWORD AUD_TEST_PG_PASSWORD

/* --- fixture: a fresh workspace per test ---------------------------------------------- */

typedef struct
{
  char      *dir;
  char      *path;
  AudStore  *store;
} Fixture;

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  f->dir = g_dir_make_tmp ("aud-wh-ws-XXXXXX", &error);
  g_assert_no_error (error);
  f->path = g_build_filename (f->dir, "workspace.db", NULL);
  f->store = aud_store_open (f->path, &error);
  g_assert_no_error (error);
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  g_clear_object (&f->store);
  aud_test_remove_tree (f->dir);
  g_free (f->dir);
  g_free (f->path);
}

static gint64
add_source (Fixture    *f,
            const char *name,
            const char *table,
            const char *query,
            const char *updated_at,
            const char *user)
{
  g_autoptr(AudWarehouseSettings) s = aud_warehouse_settings_new ();
  g_autoptr(GError) error = NULL;
  gint64 id;

  s->connection = aud_test_pg_connection_string (user != NULL ? user : "aud");
  s->table = g_strdup (table);
  s->query = g_strdup (query);
  s->id_column = g_strdup ("id");
  s->updated_at_column = g_strdup (updated_at);
  aud_warehouse_settings_add_map (s, "email", "Email");
  aud_warehouse_settings_add_map (s, "name", "LastName");
  g_assert_true (aud_warehouse_settings_validate (s, &error));
  g_assert_no_error (error);
  id = aud_warehouse_source_save (f->store, "Contact", name, s, -1, &error);
  g_assert_no_error (error);
  g_assert_cmpint (id, >, 0);
  return id;
}

static AudSyncResult *
run_job (Fixture             *f,
         gint64               source_id,
         const char          *password,
         AudSyncProgressFunc  progress,
         gpointer             data,
         GCancellable        *cancellable,
         GError             **warehouse_error)
{
  g_autoptr(GError) error = NULL;
  AudSyncOptions options;
  AudSyncResult *result;

  aud_sync_options_init (&options);
  result = aud_warehouse_job_run_with_password (f->store, source_id, password, &options, progress, data,
                                                cancellable, warehouse_error, &error);
  g_assert_no_error (error);
  g_assert_nonnull (result);
  return result;
}

static gint64
count_live (Fixture *f,
            gint64   source_id)
{
  g_autoptr(GError) error = NULL;
  gint64 n = aud_store_count_source_records (f->store, source_id, FALSE, &error);

  g_assert_no_error (error);
  return n;
}

/* One stored value of a record, as text (JSON for objects), NULL when absent. */
static char *
record_value (Fixture    *f,
              gint64      source_id,
              const char *external_id,
              const char *field)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(sqlite3_stmt) stmt = aud_store_prepare (f->store,
                                                    "SELECT json_extract (data, '$.' || ?3), json_type (data, '$.' || ?3) "
                                                    "FROM source_records WHERE source_id = ?1 AND external_id = ?2",
                                                    &error);
  g_assert_no_error (error);
  sqlite3_bind_int64 (stmt, 1, source_id);
  sqlite3_bind_text (stmt, 2, external_id, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 3, field, -1, SQLITE_STATIC);
  if (sqlite3_step (stmt) != SQLITE_ROW || sqlite3_column_type (stmt, 1) == SQLITE_NULL)
    return NULL;
  return g_strdup_printf ("%s:%s", sqlite3_column_text (stmt, 1),
                          sqlite3_column_text (stmt, 0) != NULL ? (const char *) sqlite3_column_text (stmt, 0) : "");
}

/* --- tests ---------------------------------------------------------------------------- */

static void
test_guard (void)
{
  const char *good_tables[] = { "people", "crm.people", "\"My Schema\".\"People 2024\"", "db.s.t", NULL };
  const char *bad_tables[] = { "people; DROP TABLE x", "people where 1=1", "a.b.c.d", "", "\"unterminated", NULL };
  const char *good_queries[] = {
    "SELECT id, email FROM people",
    "  with x as (select 1) select * from x;  ",
    "SELECT 'drop table x; insert' AS note, \"update\" FROM t -- delete\n",
    "select * from t /* ; grant */ where a = 'it''s'",
    NULL
  };
  const char *bad_queries[] = {
    "DELETE FROM people", "SELECT 1; DROP TABLE people", "SELECT * INTO copy FROM people",
    "UPDATE people SET x = 1", "WITH d AS (DELETE FROM people RETURNING *) SELECT * FROM d",
    "SELECT * FROM people FOR UPDATE", "CALL p()", "", "-- only a comment", NULL
  };

  for (guint i = 0; good_tables[i] != NULL; i++)
    {
      g_autoptr(GError) error = NULL;
      g_assert_true (aud_warehouse_guard_check_table (good_tables[i], &error));
      g_assert_no_error (error);
    }
  for (guint i = 0; bad_tables[i] != NULL; i++)
    {
      g_autoptr(GError) error = NULL;
      g_assert_false (aud_warehouse_guard_check_table (bad_tables[i], &error));
      g_assert_error (error, AUD_WAREHOUSE_ERROR, AUD_WAREHOUSE_ERROR_NOT_READ_ONLY);
    }
  for (guint i = 0; good_queries[i] != NULL; i++)
    {
      g_autoptr(GError) error = NULL;
      g_autofree char *q = aud_warehouse_guard_check_query (good_queries[i], &error);
      g_assert_no_error (error);
      g_assert_nonnull (q);
      g_assert_false (g_str_has_suffix (q, ";"));
    }
  for (guint i = 0; bad_queries[i] != NULL; i++)
    {
      g_autoptr(GError) error = NULL;
      g_autofree char *q = aud_warehouse_guard_check_query (bad_queries[i], &error);
      g_assert_null (q);
      g_assert_error (error, AUD_WAREHOUSE_ERROR, AUD_WAREHOUSE_ERROR_NOT_READ_ONLY);
    }
}

static void
test_password_stays_out (Fixture       *f,
                         gconstpointer  data)
{
  g_autoptr(AudWarehouseSettings) s = aud_warehouse_settings_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(AudSyncResult) result = NULL;
  g_autofree char *bytes = NULL;
  gsize len;
  gint64 id;

  s->connection = g_strdup_printf ("Driver=PostgreSQL Unicode;Pwd=%s", "hunter2");
  s->table = g_strdup ("t");
  s->id_column = g_strdup ("id");
  g_assert_false (aud_warehouse_settings_validate (s, &error));
  g_assert_error (error, AUD_WAREHOUSE_ERROR, AUD_WAREHOUSE_ERROR_FAILED);
  g_clear_error (&error);

  aud_test_pg_sql ("DROP TABLE IF EXISTS pw_people; CREATE TABLE pw_people (id int PRIMARY KEY, email text, name text);"
          "INSERT INTO pw_people VALUES (1, 'a@example.com', 'A')");
  id = add_source (f, "pw", "pw_people", NULL, NULL, NULL);
  result = run_job (f, id, PG_PASSWORD, NULL, NULL, NULL, NULL);
  g_assert_cmpint (result->outcome, ==, AUD_SYNC_OUTCOME_SUCCEEDED);
  g_assert_cmpint (count_live (f, id), ==, 1);
  g_clear_object (&f->store);

  /* Nowhere in the workspace file or its write-ahead log. */
  for (guint i = 0; i < 2; i++)
    {
      g_autofree char *path = g_strconcat (f->path, i == 0 ? "" : "-wal", NULL);

      g_clear_pointer (&bytes, g_free);
      if (!g_file_get_contents (path, &bytes, &len, NULL))
        continue;
      g_assert_null (g_strstr_len (bytes, len, PG_PASSWORD));
      g_assert_null (g_strstr_len (bytes, len, "s3cret"));
    }
}

typedef struct
{
  gint64 kill_after_batches;
  gint64 stop_server_after_batches;
  GCancellable *cancel;
} Hooks;

static void
hooks_progress_cb (const AudSyncProgress *progress,
                   gpointer               user_data)
{
  Hooks *hooks = user_data;

  if (hooks->kill_after_batches > 0 && progress->counts.batches >= hooks->kill_after_batches)
    raise (SIGKILL);
  if (hooks->stop_server_after_batches > 0 && progress->counts.batches >= hooks->stop_server_after_batches)
    {
      hooks->stop_server_after_batches = 0;
      aud_test_pg_stop ();
    }
  if (hooks->cancel != NULL && progress->counts.batches >= 1)
    g_cancellable_cancel (hooks->cancel);
}

/* 2,500 rows; rows 1,001 to 2,500 share one stamp, so the first batch ends inside a tie. */
static void
make_people (const char *table)
{
  g_autofree char *sql = g_strdup_printf (
    "DROP TABLE IF EXISTS %1$s; "
    "CREATE TABLE %1$s (id int PRIMARY KEY, email text, name text, updated_at timestamptz NOT NULL);"
    "INSERT INTO %1$s SELECT g, 'p' || g || '@example.com', 'Person ' || g, "
    "  CASE WHEN g <= 1000 THEN timestamptz '2024-01-01 00:00:00+00' + g * interval '1 second' "
    "       ELSE timestamptz '2024-02-01 00:00:00+00' END "
    "FROM generate_series (1, 2500) AS g", table);
  aud_test_pg_sql (sql);
}

static void
test_full_then_incremental (Fixture       *f,
                            gconstpointer  data)
{
  g_autoptr(AudSyncResult) first = NULL;
  g_autoptr(AudSyncResult) second = NULL;
  g_autoptr(AudSyncResult) third = NULL;
  g_autofree char *watermark = NULL;
  g_autofree char *position = NULL;
  g_autofree char *v = NULL;
  g_autoptr(GError) error = NULL;
  gint64 id;

  make_people ("inc_people");
  id = add_source (f, "inc", "inc_people", NULL, "updated_at", NULL);

  first = run_job (f, id, PG_PASSWORD, NULL, NULL, NULL, NULL);
  g_assert_cmpint (first->outcome, ==, AUD_SYNC_OUTCOME_SUCCEEDED);
  g_assert_cmpint (first->kind, ==, AUD_SYNC_KIND_FULL);
  g_assert_cmpint (first->counts.created, ==, 2500);
  g_assert_cmpint (first->counts.batches, ==, 2);
  g_assert_cmpint (count_live (f, id), ==, 2500);
  aud_store_get_source_cursor (f->store, id, &watermark, &position, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (watermark, ==, "2024-02-01T00:00:00.000000Z");
  g_assert_null (position);

  /* Inserts, updates (one with an older stamp inside the look-back) and a delete. */
  aud_test_pg_sql ("INSERT INTO inc_people VALUES (3001, 'new1@example.com', 'New 1', '2024-02-02 00:00:00+00'),"
          "  (3002, 'new2@example.com', 'New 2', '2024-02-02 00:00:00+00');"
          "UPDATE inc_people SET name = 'Renamed', updated_at = '2024-02-03 00:00:00+00' WHERE id = 5;"
          "UPDATE inc_people SET email = 'late@example.com', updated_at = '2024-01-31 23:58:00+00' WHERE id = 7;"
          "DELETE FROM inc_people WHERE id = 9;"
          "ALTER TABLE inc_people ALTER COLUMN updated_at DROP NOT NULL;"
          "INSERT INTO inc_people VALUES (4001, 'nostamp@example.com', 'No Stamp', NULL)");
  second = run_job (f, id, PG_PASSWORD, NULL, NULL, NULL, NULL);
  g_assert_cmpint (second->outcome, ==, AUD_SYNC_OUTCOME_SUCCEEDED);
  g_assert_cmpint (second->kind, ==, AUD_SYNC_KIND_INCREMENTAL);
  g_assert_cmpint (second->counts.created, ==, 2);
  g_assert_cmpint (second->counts.updated, ==, 2);
  g_assert_cmpint (second->counts.deleted, ==, 1);
  /* Only the look-back window was read again, not the table. */
  g_assert_cmpint (second->counts.fetched, ==, 1500 + 2 + 2);
  g_assert_cmpint (second->counts.unchanged, ==, 1500);
  g_assert_cmpint (count_live (f, id), ==, 2501);
  v = record_value (f, id, "5", "LastName");
  g_assert_cmpstr (v, ==, "text:Renamed");
  g_clear_pointer (&v, g_free);
  v = record_value (f, id, "7", "Email");
  g_assert_cmpstr (v, ==, "text:late@example.com");

  /* Nothing changed: nothing is news. */
  third = run_job (f, id, PG_PASSWORD, NULL, NULL, NULL, NULL);
  g_assert_cmpint (third->outcome, ==, AUD_SYNC_OUTCOME_SUCCEEDED);
  g_assert_cmpint (third->counts.created + third->counts.updated + third->counts.deleted, ==, 0);
}

static void
test_full_read_by_fingerprint (Fixture       *f,
                               gconstpointer  data)
{
  g_autoptr(AudSyncResult) first = NULL;
  g_autoptr(AudSyncResult) second = NULL;
  g_autofree char *v = NULL;
  gint64 id;

  aud_test_pg_sql ("DROP TABLE IF EXISTS fp_people; CREATE TABLE fp_people (id text PRIMARY KEY, email text, name text);"
          "INSERT INTO fp_people SELECT 'k' || g, 'p' || g || '@example.com', 'P' || g FROM generate_series (1, 300) g");
  id = add_source (f, "fp", NULL, "SELECT id, email, name FROM fp_people WHERE id <> 'k300'", NULL, NULL);

  first = run_job (f, id, PG_PASSWORD, NULL, NULL, NULL, NULL);
  g_assert_cmpint (first->outcome, ==, AUD_SYNC_OUTCOME_SUCCEEDED);
  g_assert_cmpint (first->counts.created, ==, 299);

  aud_test_pg_sql ("UPDATE fp_people SET name = 'Changed' WHERE id = 'k2'; DELETE FROM fp_people WHERE id = 'k3';"
          "INSERT INTO fp_people VALUES ('k999', 'x@example.com', 'X')");
  second = run_job (f, id, PG_PASSWORD, NULL, NULL, NULL, NULL);
  g_assert_cmpint (second->outcome, ==, AUD_SYNC_OUTCOME_SUCCEEDED);
  g_assert_cmpint (second->kind, ==, AUD_SYNC_KIND_FULL);
  g_assert_cmpint (second->counts.created, ==, 1);
  g_assert_cmpint (second->counts.updated, ==, 1);
  g_assert_cmpint (second->counts.deleted, ==, 1);
  g_assert_cmpint (second->counts.unchanged, ==, 297);
  g_assert_cmpint (count_live (f, id), ==, 299);
  v = record_value (f, id, "k2", "LastName");
  g_assert_cmpstr (v, ==, "text:Changed");
}

static void
test_type_mapping (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr(AudWarehouseSettings) s = aud_warehouse_settings_new ();
  g_autoptr(AudSyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(AudWarehouseReader) reader = NULL;
  g_autoptr(GPtrArray) rows = NULL;
  struct { const char *field; const char *expected; } cases[] = {
    { "name", "text:Zoë Łukasz 東京 🙂" },
    { "amount", "real:1234.5" },
    { "big", "integer:9007199254740993" },
    { "active", "true:1" },
    { "inactive", "false:0" },
    { "born", "text:1990-02-28" },
    { "seen", "text:2024-03-01T10:00:00.250000Z" },
    { "plain_ts", "text:2024-03-01T12:00:00.000000Z" },
    { "missing", "null:" },
  };
  gint64 id;

  aud_test_pg_sql ("DROP TABLE IF EXISTS typed; CREATE TABLE typed (id int PRIMARY KEY, name text, amount numeric(12,2),"
          "  big bigint, active boolean, inactive boolean, born date, seen timestamptz, plain_ts timestamp, missing text);"
          "INSERT INTO typed VALUES (1, 'Zoë Łukasz 東京 🙂', 1234.50, 9007199254740993, true, false, '1990-02-28',"
          "  '2024-03-01 12:00:00.25+02', '2024-03-01 12:00:00', NULL)");

  s->connection = aud_test_pg_connection_string ("aud");
  s->table = g_strdup ("typed");
  s->id_column = g_strdup ("id");
  id = aud_warehouse_source_save (f->store, "Contact", "typed", s, -1, &error);
  g_assert_no_error (error);
  result = run_job (f, id, PG_PASSWORD, NULL, NULL, NULL, NULL);
  g_assert_cmpint (result->outcome, ==, AUD_SYNC_OUTCOME_SUCCEEDED);

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *v = record_value (f, id, "1", cases[i].field);
      g_assert_cmpstr (v, ==, cases[i].expected);
    }

  /* The preview shows the columns with their types and the first rows. */
  reader = aud_warehouse_reader_connect (s->connection, PG_PASSWORD, &error);
  g_assert_no_error (error);
  rows = aud_warehouse_preview (reader, s, 5, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (rows->len, ==, 1);
  g_assert_cmpuint (aud_warehouse_reader_get_n_columns (reader), ==, 10);
  g_assert_cmpint (aud_warehouse_reader_get_column (reader, 2)->kind, ==, AUD_WAREHOUSE_VALUE_DECIMAL);
  g_assert_cmpint (aud_warehouse_reader_get_column (reader, 4)->kind, ==, AUD_WAREHOUSE_VALUE_BOOLEAN);
  g_assert_cmpint (aud_warehouse_reader_get_column (reader, 6)->kind, ==, AUD_WAREHOUSE_VALUE_DATE);
  g_assert_cmpint (aud_warehouse_reader_get_column (reader, 7)->kind, ==, AUD_WAREHOUSE_VALUE_TIMESTAMP);
  g_assert_cmpstr (g_ptr_array_index ((GPtrArray *) g_ptr_array_index (rows, 0), 2), ==, "1234.50");
  g_assert_null (g_ptr_array_index ((GPtrArray *) g_ptr_array_index (rows, 0), 9));
}

static void
test_kill_and_resume (Fixture       *f,
                      gconstpointer  data)
{
  g_autoptr(AudSyncResult) result = NULL;
  g_autoptr(GPtrArray) runs = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *watermark = NULL;
  g_autofree char *position = NULL;
  int status;
  gint64 id;
  pid_t pid;

  make_people ("kill_people");
  id = add_source (f, "kill", "kill_people", NULL, "updated_at", NULL);
  g_clear_object (&f->store);

  pid = fork ();
  g_assert_cmpint (pid, >=, 0);
  if (pid == 0)
    {
      Hooks hooks = { .kill_after_batches = 1 };
      AudStore *store = aud_store_open (f->path, NULL);
      AudSyncOptions options;

      aud_sync_options_init (&options);
      aud_warehouse_job_run_with_password (store, id, PG_PASSWORD, &options, hooks_progress_cb, &hooks,
                                           NULL, NULL, NULL);
      _exit (0);   /* not reached: the first batch kills the process */
    }
  g_assert_cmpint (waitpid (pid, &status, 0), ==, pid);
  g_assert_true (WIFSIGNALED (status));
  g_assert_cmpint (WTERMSIG (status), ==, SIGKILL);

  f->store = aud_store_open (f->path, &error);
  g_assert_no_error (error);
  /* Exactly the first batch landed, with its cursor inside the run of equal stamps. */
  g_assert_cmpint (count_live (f, id), ==, 2000);
  aud_store_get_source_cursor (f->store, id, &watermark, &position, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (position, ==, "2024-02-01T00:00:00.000000Z\n2000");

  result = run_job (f, id, PG_PASSWORD, NULL, NULL, NULL, NULL);
  g_assert_cmpint (result->outcome, ==, AUD_SYNC_OUTCOME_SUCCEEDED);
  /* Resumed strictly after row 2,000: nothing read twice, nothing skipped. */
  g_assert_cmpint (result->counts.fetched, ==, 500);
  g_assert_cmpint (result->counts.created, ==, 500);
  g_assert_cmpint (count_live (f, id), ==, 2500);

  runs = aud_sync_store_list_runs (f->store, id, 10, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (runs->len, ==, 2);
  {
    gboolean saw_interrupted = FALSE;
    for (guint i = 0; i < runs->len; i++)
      saw_interrupted |= ((AudSyncRunInfo *) g_ptr_array_index (runs, i))->outcome == AUD_SYNC_OUTCOME_INTERRUPTED;
    g_assert_true (saw_interrupted);
  }
}

static void
test_cancel (Fixture       *f,
             gconstpointer  data)
{
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(AudSyncResult) result = NULL;
  g_autoptr(AudSyncResult) again = NULL;
  Hooks hooks = { .cancel = cancellable };
  gint64 id;

  make_people ("cancel_people");
  id = add_source (f, "cancel", "cancel_people", NULL, "updated_at", NULL);
  result = run_job (f, id, PG_PASSWORD, hooks_progress_cb, &hooks, cancellable, NULL);
  g_assert_cmpint (result->outcome, ==, AUD_SYNC_OUTCOME_CANCELLED);
  g_assert_cmpint (count_live (f, id), ==, 2000);

  again = run_job (f, id, PG_PASSWORD, NULL, NULL, NULL, NULL);
  g_assert_cmpint (again->outcome, ==, AUD_SYNC_OUTCOME_SUCCEEDED);
  g_assert_cmpint (again->counts.fetched, ==, 500);
  g_assert_cmpint (count_live (f, id), ==, 2500);
}

static void
test_errors (Fixture       *f,
             gconstpointer  data)
{
  struct {
    const char *name;
    const char *connection;
    const char *table;
    const char *user;
    const char *password;
    int code;
  } cases[] = {
    { "bad-password", NULL, "err_people", "aud", "wrong", AUD_WAREHOUSE_ERROR_LOGIN_FAILED },
    { "no-driver", "Driver=No Such Driver;Server=x", "err_people", NULL, "Zq9-never-shown", AUD_WAREHOUSE_ERROR_MISSING_DRIVER },
    { "no-table", NULL, "no_such_table", "aud", PG_PASSWORD, AUD_WAREHOUSE_ERROR_QUERY },
    { "denied", NULL, "err_people", "reader", "readerpw", AUD_WAREHOUSE_ERROR_PERMISSION_DENIED },
  };

  aud_test_pg_sql ("DROP TABLE IF EXISTS err_people; CREATE TABLE err_people (id int PRIMARY KEY, email text, name text);"
          "INSERT INTO err_people VALUES (1, 'a@example.com', 'A');"
          "DROP ROLE IF EXISTS reader; CREATE ROLE reader LOGIN PASSWORD 'readerpw'");

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(AudWarehouseSettings) s = aud_warehouse_settings_new ();
      g_autoptr(AudSyncResult) result = NULL;
      g_autoptr(GError) error = NULL;
      g_autoptr(GError) wh_error = NULL;
      gint64 id;

      s->connection = cases[i].connection != NULL ? g_strdup (cases[i].connection) : aud_test_pg_connection_string (cases[i].user);
      s->table = g_strdup (cases[i].table);
      s->id_column = g_strdup ("id");
      id = aud_warehouse_source_save (f->store, "Contact", cases[i].name, s, -1, &error);
      g_assert_no_error (error);

      result = run_job (f, id, cases[i].password, NULL, NULL, NULL, &wh_error);
      g_test_message ("%s: %s", cases[i].name, result->message);
      g_assert_cmpint (result->outcome, ==, AUD_SYNC_OUTCOME_FAILED);
      g_assert_error (wh_error, AUD_WAREHOUSE_ERROR, cases[i].code);
      g_assert_null (strstr (result->message, cases[i].password));
      g_assert_cmpint (count_live (f, id), ==, 0);
    }
}

static void
test_dropped_connection (Fixture       *f,
                         gconstpointer  data)
{
  g_autoptr(AudSyncResult) result = NULL;
  g_autoptr(AudSyncResult) again = NULL;
  g_autoptr(GError) wh_error = NULL;
  g_autoptr(GError) error = NULL;
  Hooks hooks = { .stop_server_after_batches = 1 };
  gint64 id;

  make_people ("drop_people");
  id = add_source (f, "drop", "drop_people", NULL, "updated_at", NULL);
  result = run_job (f, id, PG_PASSWORD, hooks_progress_cb, &hooks, NULL, &wh_error);
  g_test_message ("dropped: %s", result->message);
  g_assert_cmpint (result->outcome, ==, AUD_SYNC_OUTCOME_FAILED);
  g_assert_error (wh_error, AUD_WAREHOUSE_ERROR, AUD_WAREHOUSE_ERROR_CONNECTION_LOST);
  g_assert_cmpint (count_live (f, id), ==, 2000);

  g_assert_true (aud_test_pg_start (&error));
  g_assert_no_error (error);
  again = run_job (f, id, PG_PASSWORD, NULL, NULL, NULL, NULL);
  g_assert_cmpint (again->outcome, ==, AUD_SYNC_OUTCOME_SUCCEEDED);
  g_assert_cmpint (again->counts.fetched, ==, 500);
  g_assert_cmpint (count_live (f, id), ==, 2500);
}

/* The headless commands, through the real binary; the password arrives on standard input. */
static int
run_cli (Fixture     *f,
         const char  *input,
         char       **out,
         ...)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GSubprocessLauncher) launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDIN_PIPE |
                                                                       G_SUBPROCESS_FLAGS_STDOUT_PIPE |
                                                                       G_SUBPROCESS_FLAGS_STDERR_MERGE);
  g_autoptr(GSubprocess) proc = NULL;
  g_autoptr(GError) error = NULL;
  const char *arg;
  va_list ap;

  g_ptr_array_add (argv, (char *) g_getenv ("AUDIENCES_BINARY"));
  va_start (ap, out);
  while ((arg = va_arg (ap, const char *)) != NULL)
    g_ptr_array_add (argv, (char *) arg);
  va_end (ap);
  g_ptr_array_add (argv, (char *) "--workspace");
  g_ptr_array_add (argv, f->path);
  g_ptr_array_add (argv, NULL);

  /* No session bus: the keyring is out of reach, as on a server. */
  g_subprocess_launcher_unsetenv (launcher, "DBUS_SESSION_BUS_ADDRESS");
  g_subprocess_launcher_unsetenv (launcher, "DISPLAY");
  proc = g_subprocess_launcher_spawnv (launcher, (const char * const *) argv->pdata, &error);
  g_assert_no_error (error);
  g_subprocess_communicate_utf8 (proc, input, NULL, out, NULL, &error);
  g_assert_no_error (error);
  return g_subprocess_get_exit_status (proc);
}

static void
test_cli (Fixture       *f,
          gconstpointer  data)
{
  g_autofree char *conn = aud_test_pg_connection_string ("aud");
  g_autofree char *out = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *v = NULL;
  g_autoptr(AudAudience) audience = NULL;
  gint64 id;

  if (g_getenv ("AUDIENCES_BINARY") == NULL)
    {
      g_test_skip ("AUDIENCES_BINARY is not set (run through meson test)");
      return;
    }
  g_clear_object (&f->store);
  aud_test_pg_sql ("DROP TABLE IF EXISTS cli_people; CREATE TABLE cli_people (id int PRIMARY KEY, email text, "
                   "  name text, updated_at timestamptz NOT NULL);"
                   "INSERT INTO cli_people VALUES (1, 'zoe@example.com', 'Zoë', '2024-05-01 10:00:00+00'),"
                   "  (2, 'bob@example.com', 'Bob', '2024-05-01 10:00:01+00')");

  g_assert_cmpint (run_cli (f, NULL, &out, "audience", "create", "Leads", "--object", "Contact", NULL), ==, 0);
  g_clear_pointer (&out, g_free);

  g_assert_cmpint (run_cli (f, PG_PASSWORD "\n", &out, "warehouse", "preview", "--dsn", conn, "--query",
                            "SELECT id, email, name, updated_at FROM cli_people", "--password-stdin", NULL), ==, 0);
  g_assert_nonnull (strstr (out, "updated_at\ttimestamp"));
  g_assert_nonnull (strstr (out, "Zoë"));
  g_clear_pointer (&out, g_free);

  g_assert_cmpint (run_cli (f, NULL, &out, "warehouse", "preview", "--dsn", conn, "--query",
                            "DELETE FROM cli_people", NULL), ==, 1);
  g_assert_nonnull (strstr (out, "DELETE"));
  g_clear_pointer (&out, g_free);

  g_assert_cmpint (run_cli (f, PG_PASSWORD "\n", &out, "warehouse", "add", "--audience", "Leads", "--dsn", conn,
                            "--table", "cli_people", "--id-column", "id", "--updated-at-column", "updated_at",
                            "--map", "email=Email", "--map", "name=LastName", "--password-stdin", NULL), ==, 0);
  g_clear_pointer (&out, g_free);

  g_assert_cmpint (run_cli (f, "wrong\n", &out, "warehouse", "sync", "--audience", "Leads", "--password-stdin", NULL), ==, 1);
  g_assert_nonnull (strstr (out, "password"));
  g_clear_pointer (&out, g_free);

  g_assert_cmpint (run_cli (f, PG_PASSWORD "\n", &out, "warehouse", "sync", "--audience", "Leads", "--password-stdin", NULL), ==, 0);
  g_assert_nonnull (strstr (out, "2 new"));

  f->store = aud_store_open (f->path, &error);
  g_assert_no_error (error);
  audience = aud_audience_lookup (f->store, "Leads", &error);
  g_assert_no_error (error);
  id = aud_warehouse_source_find (f->store, aud_audience_get_id (audience), NULL, &error);
  g_assert_no_error (error);
  v = record_value (f, id, "1", "LastName");
  g_assert_cmpstr (v, ==, "text:Zoë");

  /* Linked to an audience, so a "sync everything" includes it. */
  {
    g_autoptr(GArray) synced = aud_warehouse_source_list_synced (f->store, &error);

    g_assert_no_error (error);
    g_assert_cmpuint (synced->len, ==, 1);
    g_assert_cmpint (g_array_index (synced, gint64, 0), ==, id);
  }
}

static void
test_keyring (Fixture       *f,
              gconstpointer  data)
{
  g_autoptr(AudSyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *conn = aud_test_pg_connection_string ("aud");
  g_autofree char *back = NULL;
  AudSyncOptions options;
  gint64 id;

  if (!aud_test_have_secret_service ())
    {
      g_test_skip ("no unlocked keyring in this session");
      return;
    }

  aud_test_pg_sql ("DROP TABLE IF EXISTS kr_people; CREATE TABLE kr_people (id int PRIMARY KEY, email text, name text);"
          "INSERT INTO kr_people VALUES (1, 'a@example.com', 'A')");
  id = add_source (f, "kr", "kr_people", NULL, NULL, NULL);
  g_assert_true (aud_warehouse_vault_store (conn, PG_PASSWORD, 0, NULL, &error));
  g_assert_no_error (error);
  back = aud_warehouse_vault_lookup (conn, 0, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (back, ==, PG_PASSWORD);

  aud_sync_options_init (&options);
  result = aud_warehouse_job_run (f->store, id, &options, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (result->outcome, ==, AUD_SYNC_OUTCOME_SUCCEEDED);
  g_assert_cmpint (count_live (f, id), ==, 1);

  g_assert_true (aud_warehouse_vault_clear (conn, 0, NULL, &error));
  g_assert_no_error (error);
}

static AudSalesforceClient *
not_connected_factory (gpointer   user_data,
                       GError   **error)
{
  g_set_error (error, AUD_CRM_ERROR, AUD_CRM_ERROR_NEEDS_RECONNECT, "Salesforce is not connected");
  return NULL;
}

/* "Sync everything" on the engine's worker includes the warehouse sources audiences use, even
 * with Salesforce not connected. */
static void
test_engine_syncs_warehouse (Fixture       *f,
                             gconstpointer  data)
{
  g_autoptr(AudWarehouseSettings) s = aud_warehouse_settings_new ();
  g_autoptr(AudAudience) audience = NULL;
  g_autoptr(AudSyncEngine) engine = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *conn = aud_test_pg_connection_string ("aud");
  AudSyncResult *result;
  GPtrArray *results;
  gint64 id;

  if (!aud_test_have_secret_service ())
    {
      g_test_skip ("no unlocked keyring in this session");
      return;
    }

  aud_test_pg_sql ("DROP TABLE IF EXISTS eng_people; CREATE TABLE eng_people (id int PRIMARY KEY, email text, name text);"
                   "INSERT INTO eng_people SELECT g, 'p' || g || '@example.com', 'Person ' || g FROM generate_series (1, 2500) g");
  audience = aud_audience_create (f->store, "Warehouse people", "Contact", &error);
  g_assert_no_error (error);
  s->connection = g_strdup (conn);
  s->table = g_strdup ("eng_people");
  s->id_column = g_strdup ("id");
  aud_warehouse_settings_add_map (s, "email", "Email");
  aud_warehouse_settings_add_map (s, "name", "LastName");
  id = aud_warehouse_source_save (f->store, "Contact", "eng", s, aud_audience_get_id (audience), &error);
  g_assert_no_error (error);
  g_assert_true (aud_warehouse_vault_store (conn, PG_PASSWORD, 0, NULL, &error));
  g_assert_no_error (error);

  engine = aud_sync_engine_new (f->path, not_connected_factory, NULL, NULL);
  g_assert_true (aud_sync_engine_start (engine, NULL, NULL));
  while (aud_sync_engine_get_running (engine))
    g_main_context_iteration (NULL, TRUE);

  g_assert_null (aud_sync_engine_get_error (engine));
  results = aud_sync_engine_get_results (engine);
  g_assert_cmpuint (results->len, ==, 1);
  result = g_ptr_array_index (results, 0);
  g_assert_cmpint (result->outcome, ==, AUD_SYNC_OUTCOME_SUCCEEDED);
  g_assert_cmpint (result->counts.created, ==, 2500);
  g_assert_cmpint (count_live (f, id), ==, 2500);

  g_assert_true (aud_warehouse_vault_clear (conn, 0, NULL, &error));
}

int
main (int    argc,
      char **argv)
{
  const char *skip;
  int rc;

  g_test_init (&argc, &argv, NULL);

  skip = aud_test_pg_setup ();
  if (skip != NULL)
    {
      g_print ("1..0 # SKIP %s\n", skip);
      return 0;
    }

  g_test_add_func ("/warehouse/guard", test_guard);
#define ADD(path, fn) g_test_add (path, Fixture, NULL, fixture_setup, fn, fixture_teardown)
  ADD ("/warehouse/password-stays-out", test_password_stays_out);
  ADD ("/warehouse/full-then-incremental", test_full_then_incremental);
  ADD ("/warehouse/full-read-by-fingerprint", test_full_read_by_fingerprint);
  ADD ("/warehouse/type-mapping", test_type_mapping);
  ADD ("/warehouse/kill-and-resume", test_kill_and_resume);
  ADD ("/warehouse/cancel", test_cancel);
  ADD ("/warehouse/errors", test_errors);
  ADD ("/warehouse/dropped-connection", test_dropped_connection);
  ADD ("/warehouse/cli", test_cli);
  ADD ("/warehouse/keyring", test_keyring);
  ADD ("/warehouse/engine-syncs-warehouse", test_engine_syncs_warehouse);
#undef ADD

  rc = g_test_run ();
  aud_test_pg_cleanup ();
  return rc;
}

#else  /* !AUD_HAVE_ODBC */

int
main (int    argc,
      char **argv)
{
  g_print ("1..0 # SKIP built without unixODBC (apt-get install unixodbc-dev)\n");
  return 0;
}

#endif
