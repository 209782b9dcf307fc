/* test-cli-audience.c — `audiences audience …` and `audiences mapping …` through the real binary
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib.h>
#include <glib/gstdio.h>
#include <sys/wait.h>

#include "aud-connection-info.h"
#include "aud-demo-org.h"
#include "aud-store.h"
#include "aud-token-vault.h"

typedef struct
{
  int   status;
  char *out;
  char *err;
} Run;

typedef struct
{
  char     *dir;
  char     *path;
  gboolean  with_session_bus;   /* keep the test's D-Bus session (the keyring) for the child */
} Fixture;

static void
run_clear (Run *r)
{
  g_clear_pointer (&r->out, g_free);
  g_clear_pointer (&r->err, g_free);
}

/* Runs the real binary with no display and no session bus, as cron would; stdin is /dev/null. */
static int
run (Run        *r,
     Fixture    *f,
     const char *first,
     ...)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_auto(GStrv) envp = g_get_environ ();
  g_autoptr(GError) error = NULL;
  const char *arg;
  va_list args;

  run_clear (r);
  g_ptr_array_add (argv, (gpointer) g_getenv ("AUDIENCES_BINARY"));
  va_start (args, first);
  for (arg = first; arg != NULL; arg = va_arg (args, const char *))
    g_ptr_array_add (argv, (gpointer) arg);
  va_end (args);
  g_ptr_array_add (argv, NULL);

  envp = g_environ_unsetenv (envp, "DISPLAY");
  envp = g_environ_unsetenv (envp, "WAYLAND_DISPLAY");
  envp = g_environ_setenv (envp, "AUDIENCES_WORKSPACE", f->path, TRUE);
  if (!f->with_session_bus)
    envp = g_environ_setenv (envp, "DBUS_SESSION_BUS_ADDRESS", "unix:path=/nonexistent", TRUE);

  g_assert_true (g_spawn_sync (NULL, (char **) argv->pdata, envp, G_SPAWN_DEFAULT, NULL, NULL,
                               &r->out, &r->err, &r->status, &error));
  g_assert_no_error (error);
  g_assert_true (WIFEXITED (r->status));
  return WEXITSTATUS (r->status);
}

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  f->dir = g_dir_make_tmp ("aud-cli-audience-XXXXXX", NULL);
  f->path = g_build_filename (f->dir, "ws.db", NULL);
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
  g_free (f->path);
}

static void
test_audience_commands (Fixture       *f,
                        gconstpointer  data)
{
  Run r = { 0 };

  g_assert_cmpint (run (&r, f, "audience", "list", NULL), ==, 0);
  g_assert_nonnull (strstr (r.out, "No audiences yet"));

  g_assert_cmpint (run (&r, f, "audience", "create", "EMEA Contacts", "--object", "Contact", NULL), ==, 0);
  g_assert_cmpint (run (&r, f, "audience", "create", "Key Accounts", "--object", "Account", NULL), ==, 0);

  /* Lead is not offered until the sync handles it. */
  g_assert_cmpint (run (&r, f, "audience", "create", "Leads", "--object", "Lead", NULL), ==, 1);
  g_assert_nonnull (strstr (r.err, "Contact or Account"));
  g_assert_cmpint (run (&r, f, "audience", "create", "emea contacts", NULL), ==, 1);
  g_assert_nonnull (strstr (r.err, "already exists"));

  g_assert_cmpint (run (&r, f, "audience", "rename", "Key Accounts", "Top Accounts", NULL), ==, 0);
  g_assert_cmpint (run (&r, f, "audience", "duplicate", "EMEA Contacts", "DACH Contacts", NULL), ==, 0);

  g_assert_cmpint (run (&r, f, "audience", "list", NULL), ==, 0);
  g_assert_cmpstr (r.out, ==,
                   "DACH Contacts\tContact\t4\t0\n"
                   "EMEA Contacts\tContact\t4\t0\n"
                   "Top Accounts\tAccount\t4\t0\n");

  /* Without a terminal to ask on, deleting needs --yes. */
  g_assert_cmpint (run (&r, f, "audience", "delete", "DACH Contacts", NULL), ==, 2);
  g_assert_nonnull (strstr (r.err, "--yes"));
  g_assert_cmpint (run (&r, f, "audience", "delete", "DACH Contacts", "--yes", NULL), ==, 0);
  g_assert_cmpint (run (&r, f, "audience", "delete", "DACH Contacts", "--yes", NULL), ==, 1);
  g_assert_nonnull (strstr (r.err, "no audience"));

  g_assert_cmpint (run (&r, f, "audience", "list", NULL), ==, 0);
  g_assert_null (strstr (r.out, "DACH"));

  g_assert_cmpint (run (&r, f, "audience", "frobnicate", NULL), ==, 2);
  g_assert_cmpint (run (&r, f, "help", NULL), ==, 0);
  g_assert_nonnull (strstr (r.out, "audience"));
  g_assert_nonnull (strstr (r.out, "mapping"));
  run_clear (&r);
}

static void
test_mapping_export_import (Fixture       *f,
                            gconstpointer  data)
{
  g_autofree char *file = g_build_filename (f->dir, "emea.json", NULL);
  g_autofree char *exported = NULL;
  g_autofree char *edited = NULL;
  Run r = { 0 };

  g_assert_cmpint (run (&r, f, "audience", "create", "EMEA", NULL), ==, 0);
  g_assert_cmpint (run (&r, f, "audience", "create", "Copy", NULL), ==, 0);
  g_assert_cmpint (run (&r, f, "audience", "create", "Accounts", "--object", "Account", NULL), ==, 0);
  g_assert_cmpint (run (&r, f, "mapping", "export", "--audience", "EMEA", file, NULL), ==, 0);
  g_assert_true (g_file_get_contents (file, &exported, NULL, NULL));
  g_assert_nonnull (strstr (exported, "\"object\" : \"Contact\""));

  /* A reviewer edits the file by hand: adds two fields with rules. */
  edited = g_strjoin (NULL,
    "{\"format\":\"org.example.Audiences.mapping\",\"version\":1,\"object\":\"Contact\",\"fields\":[",
    "{\"name\":\"Email\",\"rule\":\"conditional\"},{\"name\":\"Title\",\"rule\":\"always\"}]}", NULL);
  g_assert_true (g_file_set_contents (file, edited, -1, NULL));
  g_assert_cmpint (run (&r, f, "mapping", "import", "--audience", "Copy", file, NULL), ==, 0);
  g_assert_nonnull (strstr (r.out, "Imported 2 fields"));
  /* No describe cached: said so, not silently. */
  g_assert_nonnull (strstr (r.err, "not checked"));

  g_assert_cmpint (run (&r, f, "mapping", "show", "--audience", "Copy", NULL), ==, 0);
  g_assert_cmpstr (r.out, ==,
                   "Email\tconditional\n"
                   "Id\tnever\n"
                   "IsDeleted\tnever\n"
                   "LastModifiedDate\tnever\n"
                   "SystemModstamp\tnever\n"
                   "Title\talways\n");

  /* Round trip through standard output. */
  g_assert_cmpint (run (&r, f, "mapping", "export", "--audience", "Copy", "-", NULL), ==, 0);
  g_assert_nonnull (strstr (r.out, "\"name\" : \"Title\",\n      \"rule\" : \"always\""));

  g_assert_cmpint (run (&r, f, "mapping", "import", "--audience", "Accounts", file, NULL), ==, 1);
  g_assert_nonnull (strstr (r.err, "covers Account"));

  g_assert_true (g_file_set_contents (file, "{ not json", -1, NULL));
  g_assert_cmpint (run (&r, f, "mapping", "import", "--audience", "Copy", file, NULL), ==, 1);
  g_assert_nonnull (strstr (r.err, "Fix the file"));

  g_assert_cmpint (run (&r, f, "mapping", "export", file, NULL), ==, 2);
  g_assert_cmpint (run (&r, f, "mapping", "show", "--audience", "Nobody", NULL), ==, 1);
  run_clear (&r);
}

/* A workspace connected to the demo org the way `audiences connect` leaves it: the connection in
 * the database, the refresh token in the keyring. Refresh then fetches the describe headless. */
static void
test_mapping_refresh (Fixture       *f,
                      gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(AudDemoOrg) org = NULL;
  g_autoptr(AudConnectionInfo) info = aud_connection_info_new ();
  g_autofree char *access = NULL;
  g_autofree char *refresh = NULL;
  g_autofree char *file = g_build_filename (f->dir, "m.json", NULL);
  g_autofree char *expected = NULL;
  AudTokenKey key = { 0 };
  Run r = { 0 };
  guint n_fields = 0;

  g_assert_cmpint (run (&r, f, "audience", "create", "EMEA", NULL), ==, 0);
  g_assert_cmpint (run (&r, f, "mapping", "refresh", "--audience", "EMEA", NULL), ==, 3);
  g_assert_nonnull (strstr (r.err, "audiences connect"));

  if (!aud_token_vault_check_sync (3000, NULL, &error))
    {
      g_test_skip ("no Secret Service in this session (run the suite under dbus-run-session with gnome-keyring)");
      run_clear (&r);
      return;
    }

  org = aud_demo_org_new ();
  g_object_set (org, "seed", (guint64) 5, "accounts", 3, "contacts", 3, "leads", 0, "opportunities", 0,
                "extra-custom-fields", 20, NULL);
  aud_demo_org_start_in_thread (org, &error);
  g_assert_no_error (error);
  aud_demo_org_mint_tokens (org, &access, &refresh);

  info->state = AUD_CONNECTION_STATE_CONNECTED;
  info->login_host = g_strdup (aud_demo_org_get_login_url (org));
  info->client_id = g_strdup (AUD_DEMO_ORG_CLIENT_ID);
  info->instance_url = g_strdup (aud_demo_org_get_instance_url (org));
  info->org_id = g_strdup (aud_demo_org_get_org_id (org));
  info->user_id = g_strdup (aud_demo_org_get_user_id (org));
  info->username = g_strdup (AUD_DEMO_ORG_USERNAME);
  info->api_version = g_strdup (AUD_DEMO_ORG_API_VERSION);
  {
    g_autoptr(AudStore) store = aud_store_open (f->path, &error);

    g_assert_no_error (error);
    aud_store_save_connection (store, info, &error);
    g_assert_no_error (error);
  }
  key.org_id = info->org_id;
  key.user_id = info->user_id;
  key.username = info->username;
  aud_token_vault_store_sync (&key, refresh, 5000, NULL, &error);
  g_assert_no_error (error);

  f->with_session_bus = TRUE;
  g_assert_cmpint (run (&r, f, "mapping", "refresh", "--audience", "EMEA", NULL), ==, 0);
  g_assert_true (g_str_has_prefix (r.out, "Contact\t"));
  g_assert_cmpint (sscanf (r.out, "Contact\t%u", &n_fields), ==, 1);
  g_assert_cmpuint (n_fields, >=, 20 + 20);
  expected = g_strdup_printf ("Contact\t%u\t%u\t0\n", n_fields, n_fields);
  g_assert_cmpstr (r.out, ==, expected);

  /* Now the file is checked against the org's fields. */
  g_assert_true (g_file_set_contents (file,
    "{\"format\":\"org.example.Audiences.mapping\",\"version\":1,\"object\":\"Contact\",\"fields\":["
    "{\"name\":\"Email\",\"rule\":\"conditional\"},{\"name\":\"Shoe_Size__c\"}]}", -1, NULL));
  g_assert_cmpint (run (&r, f, "mapping", "import", "--audience", "EMEA", file, NULL), ==, 1);
  g_assert_nonnull (strstr (r.err, "Shoe_Size__c"));
  g_assert_null (strstr (r.err, "not checked"));

  g_clear_pointer (&expected, g_free);
  expected = g_strdup_printf ("Contact\t%u\t0\t0\n", n_fields);
  g_assert_cmpint (run (&r, f, "mapping", "refresh", "--audience", "EMEA", NULL), ==, 0);
  g_assert_cmpstr (r.out, ==, expected);

  aud_token_vault_clear_sync (&key, 5000, NULL, NULL);
  aud_demo_org_stop (org);
  run_clear (&r);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add ("/cli/audience/commands", Fixture, NULL, fixture_setup, test_audience_commands, fixture_teardown);
  g_test_add ("/cli/mapping/export-import", Fixture, NULL, fixture_setup, test_mapping_export_import, fixture_teardown);
  g_test_add ("/cli/mapping/refresh", Fixture, NULL, fixture_setup, test_mapping_refresh, fixture_teardown);

  return g_test_run ();
}
