/* test-entities-sync.c — decisions survive real syncs from the demo org
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The demo org serves CRM-like contacts with duplicates over loopback HTTP; the real sync
 * engine brings them and their later changes into the workspace, and every match afterwards
 * must keep what people decided.
 */
#include "config.h"

#include <glib/gstdio.h>

#include "aud-audience.h"
#include "aud-credentials.h"
#include "aud-demo-org.h"
#include "aud-entity-store.h"
#include "aud-mapping.h"
#include "aud-match-run.h"
#include "aud-salesforce-client.h"
#include "aud-store-private.h"
#include "aud-sync-job.h"

#define N_CONTACTS 400

static const char * const mapped[] = {
  "Email", "FirstName", "LastName", "Phone", "MobilePhone", "Title", "AccountId", "MailingPostalCode", NULL
};

typedef struct
{
  char                *dir;
  AudDemoOrg          *org;
  AudStore            *store;
  AudCredentials      *credentials;
  AudSalesforceClient *client;
  AudAudience         *audience;
  AudMatchRun         *run;
} Fixture;

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *access = NULL;
  g_autofree char *refresh = NULL;
  g_autofree char *path = NULL;

  f->dir = g_dir_make_tmp ("aud-entities-sync-XXXXXX", NULL);
  path = g_build_filename (f->dir, "ws.db", NULL);

  f->org = aud_demo_org_new ();
  g_object_set (f->org, "seed", (guint64) 7, "accounts", 40, "contacts", N_CONTACTS,
                "leads", 0, "opportunities", 0, "api-max", 1000000, NULL);
  g_assert_true (aud_demo_org_start_in_thread (f->org, &error));
  g_assert_no_error (error);
  aud_demo_org_mint_tokens (f->org, &access, &refresh);
  f->credentials = aud_credentials_new (aud_demo_org_get_login_url (f->org), AUD_DEMO_ORG_CLIENT_ID,
                                        aud_demo_org_get_org_id (f->org), aud_demo_org_get_user_id (f->org),
                                        AUD_DEMO_ORG_USERNAME);
  aud_credentials_set_tokens (f->credentials, access, refresh);
  f->client = aud_salesforce_client_new (f->credentials, aud_demo_org_get_instance_url (f->org),
                                         AUD_DEMO_ORG_API_VERSION);

  f->store = aud_store_open (path, &error);
  g_assert_no_error (error);
  f->audience = aud_audience_create (f->store, "People", "Contact", &error);
  g_assert_no_error (error);
  g_assert_true (aud_mapping_set_mapped (f->audience, mapped, TRUE, NULL, &error));
  g_assert_no_error (error);
  f->run = aud_match_run_new (f->store, aud_audience_get_id (f->audience), "Contact");
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  g_autoptr(GDir) dir = NULL;
  const char *name;

  g_clear_object (&f->run);
  g_clear_object (&f->audience);
  g_clear_object (&f->client);
  g_clear_object (&f->credentials);
  g_clear_object (&f->store);
  aud_demo_org_stop (f->org);
  g_clear_object (&f->org);
  dir = g_dir_open (f->dir, 0, NULL);
  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *child = g_build_filename (f->dir, name, NULL);

      g_unlink (child);
    }
  g_rmdir (f->dir);
  g_free (f->dir);
}

static void
sync_contacts (Fixture *f)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(AudSyncResult) result = NULL;
  AudSyncOptions options;

  aud_sync_options_init (&options);
  options.lookback_seconds = 0;
  result = aud_sync_job_run (f->store, f->client, "Contact", &options, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (result);
}

static void
match (Fixture *f)
{
  g_autoptr(GError) error = NULL;
  gboolean ok = aud_match_run_execute (f->run, TRUE, NULL, NULL, &error);

  g_assert_no_error (error);
  g_assert_true (ok);
}

static gint64
entity_of (Fixture *f,
           gint64   record)
{
  return aud_entity_store_entity_of (f->store, aud_audience_get_id (f->audience), record, NULL);
}

static char *
modstamp_of (Fixture *f,
             gint64   record)
{
  g_autoptr(sqlite3_stmt) stmt = aud_store_prepare (f->store, "SELECT modstamp FROM source_records WHERE id = ?1", NULL);

  sqlite3_bind_int64 (stmt, 1, record);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  return g_strdup ((const char *) sqlite3_column_text (stmt, 0));
}

static void
test_split_and_pin_survive_sync (Fixture       *f,
                                 gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(GArray) members = NULL;
  g_autoptr(GPtrArray) golden = NULL;
  g_auto(GStrv) updated = NULL;
  g_autofree char *stamp_before = NULL;
  g_autofree char *stamp_after = NULL;
  g_autofree char *pinned = NULL;
  gint64 entity, kept, split_out;
  gint64 audience_id = aud_audience_get_id (f->audience);

  sync_contacts (f);
  match (f);

  /* the demo org has duplicates: take the first entity with several records */
  stmt = aud_store_prepare (f->store, "SELECT id FROM entities WHERE audience_id = ?1 AND n_members > 1 "
                                      "ORDER BY id LIMIT 1", &error);
  sqlite3_bind_int64 (stmt, 1, audience_id);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  entity = sqlite3_column_int64 (stmt, 0);
  members = aud_entity_store_members (f->store, entity, &error);
  g_assert_no_error (error);
  kept = g_array_index (members, gint64, 0);
  split_out = g_array_index (members, gint64, members->len - 1);

  g_assert_cmpint (aud_entity_store_split (f->store, audience_id, split_out, "tester", &error), >, 0);
  g_assert_no_error (error);
  g_assert_cmpint (aud_entity_store_pin (f->store, audience_id, kept, "LastName", "tester", &error), >, 0);
  g_assert_no_error (error);
  match (f);
  g_assert_cmpint (entity_of (f, kept), ==, entity);
  g_assert_cmpint (entity_of (f, split_out), !=, entity);

  /* a user edit in Salesforce of every contact (Title and both stamps move), synced */
  stamp_before = modstamp_of (f, split_out);
  updated = aud_demo_org_mutate (f->org, "Contact", AUD_DEMO_ORG_MUTATE_UPDATE, N_CONTACTS, FALSE, &error);
  g_assert_no_error (error);
  sync_contacts (f);
  stamp_after = modstamp_of (f, split_out);
  g_assert_cmpstr (stamp_after, !=, stamp_before);

  match (f);
  g_assert_cmpint (entity_of (f, kept), ==, entity);
  g_assert_cmpint (entity_of (f, split_out), !=, entity);

  /* the pin stays: the golden LastName is the one pinned, with its reason */
  {
    g_autoptr(sqlite3_stmt) value = aud_store_prepare (f->store,
      "SELECT value FROM match_decisions WHERE kind = 'pin'", NULL);

    g_assert_cmpint (sqlite3_step (value), ==, SQLITE_ROW);
    pinned = g_strdup ((const char *) sqlite3_column_text (value, 0));
  }
  golden = aud_entity_store_golden (f->store, entity, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < golden->len; i++)
    {
      AudGoldenValue *g = g_ptr_array_index (golden, i);

      if (g_str_equal (g->field, "LastName"))
        {
          g_assert_cmpstr (g->value, ==, pinned);
          g_assert_cmpint (g->reason, ==, AUD_SURVIVORSHIP_PINNED);
          g_assert_cmpint (g->record_id, ==, kept);
          return;
        }
    }
  g_assert_not_reached ();
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add ("/entities-sync/split-and-pin-survive-sync", Fixture, NULL, fixture_setup,
              test_split_and_pin_survive_sync, fixture_teardown);
  return g_test_run ();
}
