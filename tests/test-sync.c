/* test-sync.c — the sync engine against the demo org: full, incremental, deletes, faults, kills
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <signal.h>
#include <sys/wait.h>

#include "aud-credentials.h"
#include "aud-demo-org.h"
#include "aud-salesforce-client.h"
#include "aud-store-private.h"
#include "aud-sync-engine.h"
#include "aud-sync-job.h"

#define N_ACCOUNTS 300
#define N_CONTACTS 4500

static const char * const mapped[] = { "Email", "FirstName", "LastName", "Phone", "Title", NULL };

typedef struct
{
  char                *dir;
  char                *path;
  AudDemoOrg          *org;
  AudStore            *store;
  AudCredentials      *credentials;
  AudSalesforceClient *client;
  AudSyncOptions       options;
} Fixture;

static void
add_audience (AudStore   *store,
              const char *name,
              const char *object,
              const char * const *fields)
{
  g_autoptr(sqlite3_stmt) audience = NULL;
  g_autoptr(sqlite3_stmt) field = NULL;
  gint64 id;

  audience = aud_store_prepare (store, "INSERT INTO audiences (name, object) VALUES (?1, ?2)", NULL);
  sqlite3_bind_text (audience, 1, name, -1, SQLITE_STATIC);
  sqlite3_bind_text (audience, 2, object, -1, SQLITE_STATIC);
  g_assert_cmpint (sqlite3_step (audience), ==, SQLITE_DONE);
  id = sqlite3_last_insert_rowid (aud_store_get_db (store));

  field = aud_store_prepare (store, "INSERT INTO mapped_fields (audience_id, field) VALUES (?1, ?2)", NULL);
  for (guint i = 0; fields[i] != NULL; i++)
    {
      sqlite3_reset (field);
      sqlite3_bind_int64 (field, 1, id);
      sqlite3_bind_text (field, 2, fields[i], -1, SQLITE_STATIC);
      g_assert_cmpint (sqlite3_step (field), ==, SQLITE_DONE);
    }
}

static AudSalesforceClient *
make_client (Fixture *f)
{
  AudSalesforceClient *client;

  client = aud_salesforce_client_new (f->credentials, aud_demo_org_get_instance_url (f->org), AUD_DEMO_ORG_API_VERSION);
  /* Fast retries: the faults below are deliberate. */
  aud_salesforce_client_set_retry_policy (client, 6, 5);
  return client;
}

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *access = NULL;
  g_autofree char *refresh = NULL;

  f->dir = g_dir_make_tmp ("aud-sync-XXXXXX", NULL);
  f->path = g_build_filename (f->dir, "workspace.db", NULL);

  f->org = aud_demo_org_new ();
  g_object_set (f->org, "seed", (guint64) 42, "accounts", N_ACCOUNTS, "contacts", N_CONTACTS,
                "leads", 0, "opportunities", 0, "api-max", 1000000, NULL);
  g_assert_true (aud_demo_org_start_in_thread (f->org, &error));
  g_assert_no_error (error);

  aud_demo_org_mint_tokens (f->org, &access, &refresh);
  f->credentials = aud_credentials_new (aud_demo_org_get_login_url (f->org), AUD_DEMO_ORG_CLIENT_ID,
                                        aud_demo_org_get_org_id (f->org), aud_demo_org_get_user_id (f->org),
                                        AUD_DEMO_ORG_USERNAME);
  aud_credentials_set_tokens (f->credentials, access, refresh);
  f->client = make_client (f);

  f->store = aud_store_open (f->path, &error);
  g_assert_no_error (error);
  add_audience (f->store, "People", "Contact", mapped);

  aud_sync_options_init (&f->options);
  f->options.lookback_seconds = 0;
}

static void
remove_tree (const char *dir)
{
  g_autoptr(GDir) d = g_dir_open (dir, 0, NULL);
  const char *name;

  while (d != NULL && (name = g_dir_read_name (d)) != NULL)
    {
      g_autofree char *child = g_build_filename (dir, name, NULL);
      g_unlink (child);
    }
  g_rmdir (dir);
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  g_clear_object (&f->client);
  g_clear_object (&f->credentials);
  g_clear_object (&f->store);
  aud_demo_org_stop (f->org);
  g_clear_object (&f->org);
  remove_tree (f->dir);
  g_free (f->dir);
  g_free (f->path);
}

static AudSyncResult *
run_sync (Fixture *f)
{
  g_autoptr(GError) error = NULL;
  AudSyncResult *result;

  result = aud_sync_job_run (f->store, f->client, "Contact", &f->options, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (result);
  return result;
}

static char *
value_text (JsonNode *node)
{
  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return NULL;
  if (json_node_get_value_type (node) == G_TYPE_STRING)
    return g_strdup (json_node_get_string (node));
  return json_to_string (node, FALSE);
}

/* The store holds exactly the org's rows (deleted ones as deleted), with the mapped values. */
static void
assert_store_equals_org (Fixture *f)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) rows = aud_demo_org_dup_rows (f->org, "Contact", &error);
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(GHashTable) stored = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  JsonArray *array;
  guint live = 0;
  int rc;

  g_assert_no_error (error);
  array = json_node_get_array (rows);

  stmt = aud_store_prepare (f->store,
                            "SELECT external_id, modstamp, is_deleted, data FROM source_records r "
                            "JOIN sources s ON s.id = r.source_id WHERE s.object = 'Contact'",
                            NULL);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_hash_table_insert (stored, g_strdup ((const char *) sqlite3_column_text (stmt, 0)),
                         g_strdup_printf ("%s|%d|%s", sqlite3_column_text (stmt, 1),
                                          sqlite3_column_int (stmt, 2), sqlite3_column_text (stmt, 3)));
  g_assert_cmpint (rc, ==, SQLITE_DONE);

  g_assert_cmpuint (g_hash_table_size (stored), ==, json_array_get_length (array));

  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonObject *row = json_array_get_object_element (array, i);
      const char *id = json_object_get_string_member (row, "Id");
      const char *entry = g_hash_table_lookup (stored, id);
      g_auto(GStrv) parts = NULL;
      g_autoptr(JsonNode) data = NULL;
      gboolean deleted = json_object_get_boolean_member (row, "IsDeleted");

      g_assert_nonnull (entry);
      parts = g_strsplit (entry, "|", 3);
      g_assert_cmpstr (parts[0], ==, json_object_get_string_member (row, "SystemModstamp"));
      g_assert_cmpint (atoi (parts[1]), ==, deleted);
      live += !deleted;

      data = json_from_string (parts[2], &error);
      g_assert_no_error (error);
      for (guint k = 0; mapped[k] != NULL; k++)
        {
          g_autofree char *want = value_text (json_object_get_member (row, mapped[k]));
          g_autofree char *have = value_text (json_object_get_member (json_node_get_object (data), mapped[k]));

          g_assert_cmpstr (have, ==, want);
        }
    }

  g_assert_cmpint (live, >, 0);
}

static void
test_full_then_incremental (Fixture       *f,
                            gconstpointer  data)
{
  g_autoptr(AudSyncResult) full = NULL;
  g_autoptr(AudSyncResult) incremental = NULL;
  g_autoptr(AudSyncResult) quiet = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) updated = NULL;
  g_auto(GStrv) created = NULL;
  g_auto(GStrv) deleted = NULL;
  guint k;

  full = run_sync (f);
  g_assert_cmpint (full->outcome, ==, AUD_SYNC_OUTCOME_SUCCEEDED);
  g_assert_cmpint (full->kind, ==, AUD_SYNC_KIND_FULL);
  g_assert_cmpint (full->counts.fetched, ==, N_CONTACTS);
  g_assert_cmpint (full->counts.created, ==, N_CONTACTS);
  /* One COUNT() and ⌈N/2000⌉ pages. */
  g_assert_cmpint (full->counts.api_calls, ==, 1 + (N_CONTACTS + 1999) / 2000);
  assert_store_equals_org (f);

  /* Changes, some on one identical stamp that straddles a page boundary of 2,000. */
  updated = aud_demo_org_mutate (f->org, "Contact", AUD_DEMO_ORG_MUTATE_UPDATE, 2100, TRUE, &error);
  g_assert_no_error (error);
  created = aud_demo_org_mutate (f->org, "Contact", AUD_DEMO_ORG_MUTATE_CREATE, 40, FALSE, &error);
  g_assert_no_error (error);
  deleted = aud_demo_org_mutate (f->org, "Contact", AUD_DEMO_ORG_MUTATE_DELETE, 25, FALSE, &error);
  g_assert_no_error (error);
  k = g_strv_length (updated) + g_strv_length (created) + g_strv_length (deleted);

  incremental = run_sync (f);
  g_assert_cmpint (incremental->outcome, ==, AUD_SYNC_OUTCOME_SUCCEEDED);
  g_assert_cmpint (incremental->kind, ==, AUD_SYNC_KIND_INCREMENTAL);
  g_assert_cmpint (incremental->counts.created, ==, g_strv_length (created));
  g_assert_cmpint (incremental->counts.deleted, ==, g_strv_length (deleted));
  /* A deleted record that was also updated counts once, as deleted. */
  g_assert_cmpint (incremental->counts.created + incremental->counts.updated + incremental->counts.deleted, <=, k);
  g_assert_cmpint (incremental->counts.created + incremental->counts.updated + incremental->counts.deleted, >=,
                   k - g_strv_length (deleted));
  g_assert_cmpint (incremental->counts.api_calls, <=, (k + 1999) / 2000 + 2);
  assert_store_equals_org (f);

  /* Nothing changed: nothing new. The rows sharing the watermark's second (the mutations above
   * all landed in one) are read again and recognised as unchanged. */
  quiet = run_sync (f);
  g_assert_cmpint (quiet->outcome, ==, AUD_SYNC_OUTCOME_SUCCEEDED);
  g_assert_cmpint (quiet->counts.created + quiet->counts.updated + quiet->counts.deleted, ==, 0);
  g_assert_cmpint (quiet->counts.unchanged, ==, quiet->counts.fetched);
  g_assert_cmpint (quiet->counts.api_calls, <=, 1 + (k + 1999) / 2000);
}

/* An edit in the same second as our last read keeps its SystemModstamp (whole seconds): the
 * look-back reads the row again, and its new values must land although the stamp did not move. */
static void
test_same_second_edit_is_not_missed (Fixture       *f,
                                     gconstpointer  data)
{
  g_autoptr(AudSyncResult) full = NULL;
  g_autoptr(AudSyncResult) incremental = NULL;

  full = run_sync (f);
  g_assert_cmpint (full->outcome, ==, AUD_SYNC_OUTCOME_SUCCEEDED);

  /* As if we had read these rows a moment before their last edit, in the same second. */
  g_assert_true (aud_store_exec (f->store,
                                 "UPDATE source_records SET data = json_set(data, '$.Title', 'stale') "
                                 "WHERE id IN (SELECT id FROM source_records ORDER BY modstamp DESC LIMIT 3)", NULL));

  f->options.lookback_seconds = 30 * 24 * 3600;
  incremental = run_sync (f);
  g_assert_cmpint (incremental->outcome, ==, AUD_SYNC_OUTCOME_SUCCEEDED);
  g_assert_cmpint (incremental->counts.updated, ==, 3);
  g_assert_cmpint (incremental->counts.created, ==, 0);
  assert_store_equals_org (f);
}

static void
test_small_pages_and_expired_locator (Fixture       *f,
                                      gconstpointer  data)
{
  g_autoptr(AudSyncResult) full = NULL;

  /* Pages smaller than asked: batches are still whole pages, nothing lost at their seams. */
  aud_demo_org_set_fault (f->org, AUD_DEMO_ORG_FAULT_PAGE_SIZE_CAP, 333);
  full = run_sync (f);
  g_assert_cmpint (full->outcome, ==, AUD_SYNC_OUTCOME_SUCCEEDED);
  g_assert_cmpint (full->counts.fetched, ==, N_CONTACTS);
  assert_store_equals_org (f);
}

static gboolean expired_mid_batch;

static void
expire_mid_batch (const AudSyncProgress *progress,
                  gpointer               user_data)
{
  Fixture *f = user_data;

  /* Pages of 300 make batches of 1,800 (COUNT, then six pages, commit). The seventh page is
   * then fetched but not yet committed: the cursor dies with rows pending. */
  if (progress->counts.batches == 1 && progress->counts.api_calls == 8)
    {
      aud_demo_org_expire_query_locators (f->org);
      aud_demo_org_set_fault (f->org, AUD_DEMO_ORG_FAULT_QUERY_TIMEOUT_NEXT, 1);
      expired_mid_batch = TRUE;
    }
}

static void
test_expired_locator_resumes_from_checkpoint (Fixture       *f,
                                              gconstpointer  data)
{
  g_autoptr(AudSyncResult) full = NULL;
  g_autoptr(GError) error = NULL;

  aud_demo_org_set_fault (f->org, AUD_DEMO_ORG_FAULT_PAGE_SIZE_CAP, 300);
  full = aud_sync_job_run (f->store, f->client, "Contact", &f->options, expire_mid_batch, f, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (expired_mid_batch);
  g_assert_cmpint (full->outcome, ==, AUD_SYNC_OUTCOME_SUCCEEDED);
  g_assert_cmpint (full->counts.created, ==, N_CONTACTS);
  assert_store_equals_org (f);
}

static void
test_faults_are_survived (Fixture       *f,
                          gconstpointer  data)
{
  g_autoptr(AudSyncResult) full = NULL;

  aud_demo_org_set_fault (f->org, AUD_DEMO_ORG_FAULT_UNAVAILABLE_EVERY, 3);
  aud_demo_org_set_fault (f->org, AUD_DEMO_ORG_FAULT_DROP_EVERY, 5);
  aud_demo_org_set_fault (f->org, AUD_DEMO_ORG_FAULT_EXPIRE_TOKENS_AFTER, 2);
  aud_demo_org_set_fault (f->org, AUD_DEMO_ORG_FAULT_PAGE_SIZE_CAP, 500);

  full = run_sync (f);
  g_assert_cmpint (full->outcome, ==, AUD_SYNC_OUTCOME_SUCCEEDED);
  g_assert_cmpint (full->counts.created, ==, N_CONTACTS);
  g_assert_cmpuint (aud_credentials_get_refresh_count (f->credentials), >=, 1);
  aud_demo_org_clear_faults (f->org);
  assert_store_equals_org (f);
}

static void
test_api_limit_pauses_and_resumes (Fixture       *f,
                                   gconstpointer  data)
{
  g_autoptr(AudSyncResult) paused = NULL;
  g_autoptr(AudSyncResult) resumed = NULL;
  g_autoptr(AudSyncResult) reserve = NULL;

  /* The org runs out of calls after three: the run stops cleanly, paused, keeping its batches. */
  aud_demo_org_set_fault (f->org, AUD_DEMO_ORG_FAULT_PAGE_SIZE_CAP, 500);
  aud_demo_org_set_fault (f->org, AUD_DEMO_ORG_FAULT_EXHAUST_LIMIT_AFTER, 3);
  f->options.api_reserve = 0;   /* only Salesforce's refusal stops this one */
  paused = run_sync (f);
  f->options.api_reserve = 0.10;
  g_assert_cmpint (paused->outcome, ==, AUD_SYNC_OUTCOME_PAUSED_API_LIMIT);
  /* The pages fetched before the refusal are kept, not thrown away. */
  g_assert_cmpint (paused->counts.created, >=, 500);
  g_assert_cmpint (paused->counts.created, <, N_CONTACTS);
  g_assert_nonnull (paused->message);

  /* A new day: it resumes from the checkpoint and ends equal to the org. */
  aud_demo_org_clear_faults (f->org);
  aud_demo_org_set_api_usage (f->org, 0, 1000000);
  resumed = run_sync (f);
  g_assert_cmpint (resumed->outcome, ==, AUD_SYNC_OUTCOME_SUCCEEDED);
  g_assert_cmpint (resumed->counts.created, ==, N_CONTACTS - paused->counts.created);
  assert_store_equals_org (f);

  /* Our own reserve: with 95% of the day's calls used, a sync pauses before spending more. */
  aud_demo_org_mutate (f->org, "Contact", AUD_DEMO_ORG_MUTATE_UPDATE, 10, FALSE, NULL);
  aud_demo_org_set_api_usage (f->org, 950000, 1000000);
  reserve = run_sync (f);
  g_assert_cmpint (reserve->outcome, ==, AUD_SYNC_OUTCOME_PAUSED_API_LIMIT);
}

static void
test_backfill_fetches_only_new_fields (Fixture       *f,
                                       gconstpointer  data)
{
  g_autoptr(AudSyncResult) full = NULL;
  g_autoptr(AudSyncResult) backfill = NULL;
  g_autofree char *department = NULL;
  sqlite3_stmt *stmt;

  full = run_sync (f);
  g_assert_cmpint (full->outcome, ==, AUD_SYNC_OUTCOME_SUCCEEDED);

  /* Map Department after the sync: it needs a backfill, not a full re-import. */
  g_assert_true (aud_store_exec (f->store,
                                 "INSERT INTO mapped_fields (audience_id, field, needs_backfill) "
                                 "SELECT id, 'Department', 1 FROM audiences WHERE name = 'People'", NULL));
  backfill = run_sync (f);
  g_assert_cmpint (backfill->outcome, ==, AUD_SYNC_OUTCOME_SUCCEEDED);
  g_assert_cmpint (backfill->kind, ==, AUD_SYNC_KIND_BACKFILL);
  g_assert_cmpstr (backfill->path, ==, "rest backfill: Id, Department");
  g_assert_cmpint (backfill->counts.created, ==, 0);

  stmt = aud_store_prepare_cached (f->store,
                                   "SELECT count(*) FROM source_records WHERE json_extract(data, '$.Department') IS NOT NULL",
                                   NULL);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  g_assert_cmpint (sqlite3_column_int (stmt, 0), >, N_CONTACTS / 4);
  sqlite3_reset (stmt);

  stmt = aud_store_prepare_cached (f->store, "SELECT count(*) FROM mapped_fields WHERE needs_backfill", NULL);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  g_assert_cmpint (sqlite3_column_int (stmt, 0), ==, 0);
  sqlite3_reset (stmt);
}

static void
test_reconcile_finds_hard_deletes (Fixture       *f,
                                   gconstpointer  data)
{
  g_autoptr(AudSyncResult) full = NULL;
  g_autoptr(AudSyncResult) incremental = NULL;
  g_autoptr(AudSyncResult) reconcile = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) purged = NULL;
  sqlite3_stmt *stmt;

  full = run_sync (f);
  g_assert_cmpint (full->outcome, ==, AUD_SYNC_OUTCOME_SUCCEEDED);

  /* Emptied from the recycle bin: queryAll no longer returns them, so an incremental sync
   * cannot see it happen. */
  purged = aud_demo_org_mutate (f->org, "Contact", AUD_DEMO_ORG_MUTATE_PURGE, 5, FALSE, &error);
  g_assert_no_error (error);
  incremental = run_sync (f);
  g_assert_cmpint (incremental->kind, ==, AUD_SYNC_KIND_INCREMENTAL);
  g_assert_cmpint (incremental->counts.deleted, ==, 0);

  /* A week later the periodic full reconcile notices the rows are gone. */
  g_assert_true (aud_store_exec (f->store, "UPDATE sources SET last_full_sync_at = "
                                           "strftime('%Y-%m-%dT%H:%M:%SZ', 'now', '-8 days')", NULL));
  reconcile = run_sync (f);
  g_assert_cmpint (reconcile->outcome, ==, AUD_SYNC_OUTCOME_SUCCEEDED);
  g_assert_cmpint (reconcile->kind, ==, AUD_SYNC_KIND_RECONCILE);
  g_assert_cmpint (reconcile->counts.deleted, ==, 5);

  stmt = aud_store_prepare_cached (f->store, "SELECT is_deleted FROM source_records WHERE external_id = ?1", NULL);
  for (guint i = 0; purged[i] != NULL; i++)
    {
      sqlite3_reset (stmt);
      sqlite3_bind_text (stmt, 1, purged[i], -1, SQLITE_STATIC);
      g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
      g_assert_cmpint (sqlite3_column_int (stmt, 0), ==, 1);
    }
  sqlite3_reset (stmt);
}

static void
test_full_via_bulk_api (Fixture       *f,
                        gconstpointer  data)
{
  g_autoptr(AudSyncResult) failed = NULL;
  g_autoptr(AudSyncResult) paused = NULL;
  g_autoptr(AudSyncResult) resumed = NULL;
  g_autoptr(AudSyncResult) incremental = NULL;

  f->options.bulk_threshold = 1000;
  f->options.bulk_chunk_rows = 700;   /* results in several calls, each cut into batches */

  /* A failed job is reported with Salesforce's reason and loses nothing. */
  aud_demo_org_set_fault (f->org, AUD_DEMO_ORG_FAULT_BULK_FAIL_NEXT, 1);
  failed = run_sync (f);
  g_assert_cmpint (failed->outcome, ==, AUD_SYNC_OUTCOME_FAILED);
  g_assert_nonnull (strstr (failed->message, "Bulk API job"));
  aud_demo_org_clear_faults (f->org);

  /* Salesforce refuses a call half-way through the results: paused, chunks kept. */
  f->options.api_reserve = 0;
  aud_demo_org_set_fault (f->org, AUD_DEMO_ORG_FAULT_EXHAUST_LIMIT_AFTER, 6);
  paused = run_sync (f);
  g_assert_cmpint (paused->outcome, ==, AUD_SYNC_OUTCOME_PAUSED_API_LIMIT);
  g_assert_true (g_str_has_prefix (paused->path, "bulk: 4500 records"));
  g_assert_cmpint (paused->counts.created, >, 0);
  g_assert_cmpint (paused->counts.created, <, N_CONTACTS);

  /* It resumes in the same job, from the saved locator, and ends equal to the org. */
  aud_demo_org_clear_faults (f->org);
  aud_demo_org_set_api_usage (f->org, 0, 1000000);
  resumed = run_sync (f);
  g_assert_cmpint (resumed->outcome, ==, AUD_SYNC_OUTCOME_SUCCEEDED);
  g_assert_cmpint (paused->counts.created + resumed->counts.created, ==, N_CONTACTS);
  assert_store_equals_org (f);

  /* Later syncs are incremental, over REST. */
  aud_demo_org_mutate (f->org, "Contact", AUD_DEMO_ORG_MUTATE_UPDATE, 30, FALSE, NULL);
  incremental = run_sync (f);
  g_assert_cmpint (incremental->kind, ==, AUD_SYNC_KIND_INCREMENTAL);
  g_assert_cmpint (incremental->counts.updated, ==, 30);
  assert_store_equals_org (f);
}

/* ---- a sync killed with SIGKILL at random instants ---- */

static int
run_child_sync (const char *workspace,
                const char *login_url,
                const char *instance_url,
                const char *access,
                const char *org_id,
                const char *user_id,
                gboolean    bulk)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(AudStore) store = aud_store_open (workspace, &error);
  g_autoptr(AudCredentials) credentials = NULL;
  g_autoptr(AudSalesforceClient) client = NULL;
  g_autoptr(AudSyncResult) result = NULL;
  AudSyncOptions options;

  if (store == NULL)
    return 2;

  credentials = aud_credentials_new (login_url, AUD_DEMO_ORG_CLIENT_ID, org_id, user_id, AUD_DEMO_ORG_USERNAME);
  aud_credentials_set_tokens (credentials, access, NULL);
  client = aud_salesforce_client_new (credentials, instance_url, AUD_DEMO_ORG_API_VERSION);
  aud_sync_options_init (&options);
  options.lookback_seconds = 0;
  if (bulk)
    {
      /* Chunks larger than a batch: kills land between a chunk's batches too. */
      options.bulk_threshold = 0;
      options.bulk_chunk_rows = 3000;
    }

  result = aud_sync_job_run (store, client, "Contact", &options, NULL, NULL, NULL, &error);
  if (result == NULL || result->outcome != AUD_SYNC_OUTCOME_SUCCEEDED)
    {
      g_printerr ("child sync: %s\n", error != NULL ? error->message : result->message);
      return 1;
    }
  return 0;
}

static void
test_sigkill_then_resume (Fixture       *f,
                          gconstpointer  data)
{
  g_autofree char *access = aud_demo_org_mint_access_token (f->org);
  GRand *rand = g_rand_new_with_seed (g_test_rand_int ());
  gboolean finished = FALSE;
  guint kills = 0;

  /* Small pages and some latency so kills land mid-page and mid-batch. */
  aud_demo_org_set_fault (f->org, AUD_DEMO_ORG_FAULT_PAGE_SIZE_CAP, 250);
  aud_demo_org_set_fault (f->org, AUD_DEMO_ORG_FAULT_LATENCY_MS, 15);
  g_clear_object (&f->store);

  for (guint round = 0; round < 12 && !finished; round++)
    {
      g_autoptr(GError) error = NULL;
      const char *argv[] = { g_test_get_filename (G_TEST_BUILT, "test-sync", NULL),
                             data != NULL ? "--child-bulk" : "--child",
                             f->path, aud_demo_org_get_login_url (f->org), aud_demo_org_get_instance_url (f->org),
                             access, aud_demo_org_get_org_id (f->org), aud_demo_org_get_user_id (f->org), NULL };
      GPid pid;
      int status;

      /* Mutate between runs too: the resumed sync must pick the changes up. */
      if (round == 2)
        aud_demo_org_mutate (f->org, "Contact", AUD_DEMO_ORG_MUTATE_UPDATE, 30, TRUE, NULL);

      g_assert_true (g_spawn_async (NULL, (char **) argv, NULL, G_SPAWN_DO_NOT_REAP_CHILD, NULL, NULL, &pid, &error));
      g_assert_no_error (error);
      if (round < 5)
        {
          g_usleep (g_rand_int_range (rand, 50, 400) * 1000);
          if (kill (pid, SIGKILL) == 0)
            kills++;
        }
      g_assert_cmpint (waitpid (pid, &status, 0), ==, pid);
      g_spawn_close_pid (pid);
      finished = WIFEXITED (status) && WEXITSTATUS (status) == 0;
      if (WIFEXITED (status))
        g_assert_cmpint (WEXITSTATUS (status), ==, 0);
    }

  g_assert_true (finished);
  g_assert_cmpuint (kills, >=, 1);
  aud_demo_org_clear_faults (f->org);

  f->store = aud_store_open (f->path, NULL);
  {
    /* One more incremental catches what changed after the last checkpoint's snapshot. */
    g_autoptr(AudSyncResult) last = run_sync (f);
    g_assert_cmpint (last->outcome, ==, AUD_SYNC_OUTCOME_SUCCEEDED);
  }
  assert_store_equals_org (f);
  g_rand_free (rand);
}

/* ---- the engine: worker thread, coalesced progress, cancel ---- */

static AudSalesforceClient *
engine_client_factory (gpointer   user_data,
                       GError   **error)
{
  return make_client (user_data);
}

static void
count_progress (AudSyncEngine *engine,
                guint         *n)
{
  (*n)++;
}

static void
test_engine_runs_on_worker (Fixture       *f,
                            gconstpointer  data)
{
  g_autoptr(AudSyncEngine) engine = aud_sync_engine_new (f->path, engine_client_factory, f, NULL);
  guint progress_signals = 0;
  GPtrArray *results;
  AudSyncResult *result;

  g_signal_connect (engine, "progress", G_CALLBACK (count_progress), &progress_signals);
  g_assert_true (aud_sync_engine_start (engine, NULL, &f->options));
  g_assert_true (aud_sync_engine_get_running (engine));
  /* A second start while running is refused. */
  g_assert_false (aud_sync_engine_start (engine, NULL, &f->options));

  while (aud_sync_engine_get_running (engine))
    g_main_context_iteration (NULL, TRUE);

  g_assert_null (aud_sync_engine_get_error (engine));
  results = aud_sync_engine_get_results (engine);
  g_assert_cmpuint (results->len, ==, 1);
  result = g_ptr_array_index (results, 0);
  g_assert_cmpint (result->outcome, ==, AUD_SYNC_OUTCOME_SUCCEEDED);
  g_assert_cmpint (result->counts.created, ==, N_CONTACTS);
  g_assert_cmpuint (progress_signals, >=, 1);
  assert_store_equals_org (f);

  /* Cancel: the run ends cancelled, only whole batches stored, and a later sync completes. */
  aud_demo_org_set_fault (f->org, AUD_DEMO_ORG_FAULT_LATENCY_MS, 50);
  aud_demo_org_mutate (f->org, "Contact", AUD_DEMO_ORG_MUTATE_UPDATE, 3000, FALSE, NULL);
  f->options.force_full = TRUE;
  g_assert_true (aud_sync_engine_start (engine, NULL, &f->options));
  aud_sync_engine_cancel (engine);
  while (aud_sync_engine_get_running (engine))
    g_main_context_iteration (NULL, TRUE);
  result = g_ptr_array_index (aud_sync_engine_get_results (engine), 0);
  g_assert_cmpint (result->outcome, ==, AUD_SYNC_OUTCOME_CANCELLED);

  aud_demo_org_clear_faults (f->org);
  f->options.force_full = FALSE;
  g_assert_true (aud_sync_engine_start (engine, NULL, &f->options));
  while (aud_sync_engine_get_running (engine))
    g_main_context_iteration (NULL, TRUE);
  result = g_ptr_array_index (aud_sync_engine_get_results (engine), 0);
  g_assert_cmpint (result->outcome, ==, AUD_SYNC_OUTCOME_SUCCEEDED);
  assert_store_equals_org (f);
}

int
main (int   argc,
      char *argv[])
{
  if (argc == 8 && (g_strcmp0 (argv[1], "--child") == 0 || g_strcmp0 (argv[1], "--child-bulk") == 0))
    return run_child_sync (argv[2], argv[3], argv[4], argv[5], argv[6], argv[7],
                           g_strcmp0 (argv[1], "--child-bulk") == 0);

  g_test_init (&argc, &argv, NULL);

#define ADD(path, fn) g_test_add (path, Fixture, NULL, fixture_setup, fn, fixture_teardown)
  ADD ("/sync/full-then-incremental", test_full_then_incremental);
  ADD ("/sync/same-second-edit-is-not-missed", test_same_second_edit_is_not_missed);
  ADD ("/sync/small-pages", test_small_pages_and_expired_locator);
  ADD ("/sync/expired-locator-resumes-from-checkpoint", test_expired_locator_resumes_from_checkpoint);
  ADD ("/sync/faults-are-survived", test_faults_are_survived);
  ADD ("/sync/api-limit-pauses-and-resumes", test_api_limit_pauses_and_resumes);
  ADD ("/sync/backfill-fetches-only-new-fields", test_backfill_fetches_only_new_fields);
  ADD ("/sync/reconcile-finds-hard-deletes", test_reconcile_finds_hard_deletes);
  ADD ("/sync/full-via-bulk-api", test_full_via_bulk_api);
  ADD ("/sync/sigkill-then-resume", test_sigkill_then_resume);
  g_test_add ("/sync/sigkill-then-resume-bulk", Fixture, "bulk", fixture_setup, test_sigkill_then_resume, fixture_teardown);
  ADD ("/sync/engine-runs-on-worker", test_engine_runs_on_worker);
#undef ADD

  return g_test_run ();
}
