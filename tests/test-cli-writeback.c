/* test-cli-writeback.c — `audiences writeback` and `writeback-undo` through the real binary
 * against a standalone `audiences-demo-org` process, as a script would run them
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <gio/gio.h>
#include <gio/gunixinputstream.h>
#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <libsoup/soup.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include "aud-audience.h"
#include "aud-describe.h"
#include "aud-mapping.h"
#include "aud-store-private.h"
#include "aud-test-bus.h"
#include "describe-fixture.h"

#define N_CONTACTS 60

typedef struct
{
  char   *dir;
  char   *workspace;
  GPid    org_pid;
  char   *login_url;
  char   *client_id;
  guint   callback_port;
  char   *bus_address;    /* a private session bus with its own keyring */
  GPid    bus_pid;
  GPid    keyring_pid;
} Fixture;

/* The demo org always has the same org and user ids, so tests that connect in parallel would
 * overwrite each other's refresh token in a shared keyring: this test brings its own. FALSE when
 * dbus-daemon or gnome-keyring-daemon is missing. */
static gboolean
start_private_keyring (Fixture *f)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GDBusConnection) bus = NULL;
  g_auto(GStrv) envp = g_get_environ ();
  const char *argv[] = { "gnome-keyring-daemon", "--foreground", "--unlock", "--components=secrets", NULL };
  int in_fd;

  f->bus_address = aud_test_start_empty_bus (&f->bus_pid);
  if (f->bus_address == NULL)
    return FALSE;
  envp = g_environ_setenv (envp, "DBUS_SESSION_BUS_ADDRESS", f->bus_address, TRUE);
  envp = g_environ_setenv (envp, "HOME", f->dir, TRUE);
  envp = g_environ_setenv (envp, "XDG_DATA_HOME", f->dir, TRUE);
  envp = g_environ_setenv (envp, "XDG_RUNTIME_DIR", f->dir, TRUE);
  if (!g_spawn_async_with_pipes (NULL, (char **) argv, envp, G_SPAWN_SEARCH_PATH | G_SPAWN_STDOUT_TO_DEV_NULL
                                 | G_SPAWN_STDERR_TO_DEV_NULL, NULL, NULL, &f->keyring_pid, &in_fd, NULL, NULL, NULL))
    return FALSE;
  /* the password of the new login keyring, then end of input */
  g_assert_cmpint (write (in_fd, "x", 1), ==, 1);
  close (in_fd);

  bus = g_dbus_connection_new_for_address_sync (f->bus_address, G_DBUS_CONNECTION_FLAGS_AUTHENTICATION_CLIENT
                                                | G_DBUS_CONNECTION_FLAGS_MESSAGE_BUS_CONNECTION, NULL, NULL, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < 200; i++)
    {
      g_autoptr(GVariant) owned = g_dbus_connection_call_sync (bus, "org.freedesktop.DBus", "/org/freedesktop/DBus",
                                                               "org.freedesktop.DBus", "NameHasOwner",
                                                               g_variant_new ("(s)", "org.freedesktop.secrets"),
                                                               G_VARIANT_TYPE ("(b)"), G_DBUS_CALL_FLAGS_NONE, -1,
                                                               NULL, NULL);
      gboolean has = FALSE;

      if (owned != NULL)
        g_variant_get (owned, "(b)", &has);
      if (has)
        return TRUE;
      g_usleep (25000);
    }
  return FALSE;
}

static guint
free_port (void)
{
  g_autoptr(GSocket) socket = g_socket_new (G_SOCKET_FAMILY_IPV4, G_SOCKET_TYPE_STREAM, G_SOCKET_PROTOCOL_TCP, NULL);
  g_autoptr(GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr(GSocketAddress) any = g_inet_socket_address_new (loopback, 0);
  g_autoptr(GSocketAddress) bound = NULL;

  g_assert_true (g_socket_bind (socket, any, TRUE, NULL));
  bound = g_socket_get_local_address (socket, NULL);
  return g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (bound));
}

static char **
child_env (Fixture *f)
{
  char **envp = g_get_environ ();

  envp = g_environ_unsetenv (envp, "DISPLAY");
  envp = g_environ_unsetenv (envp, "WAYLAND_DISPLAY");
  envp = g_environ_setenv (envp, "AUDIENCES_WORKSPACE", f->workspace, TRUE);
  if (f->bus_address != NULL)
    envp = g_environ_setenv (envp, "DBUS_SESSION_BUS_ADDRESS", f->bus_address, TRUE);
  return envp;
}

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *redirect = NULL;
  g_autofree char *contacts = g_strdup_printf ("--contacts=%d", N_CONTACTS);
  g_autoptr(GDataInputStream) lines = NULL;
  g_autoptr(GInputStream) out = NULL;
  int out_fd;
  char *line;

  f->dir = g_dir_make_tmp ("aud-cli-writeback-XXXXXX", NULL);
  f->workspace = g_build_filename (f->dir, "workspace.db", NULL);
  f->callback_port = free_port ();
  redirect = g_strdup_printf ("--redirect-uri=http://localhost:%u/OauthRedirect", f->callback_port);

  {
    const char *argv[] = { g_getenv ("AUDIENCES_DEMO_ORG_BINARY"), "--port=0", "--accounts=100", contacts,
                           "--leads=0", "--opportunities=0", redirect, NULL };

    g_assert_true (g_spawn_async_with_pipes (NULL, (char **) argv, NULL, G_SPAWN_DEFAULT, NULL, NULL,
                                             &f->org_pid, NULL, &out_fd, NULL, &error));
    g_assert_no_error (error);
  }

  /* It prints its addresses, then serves. */
  out = g_unix_input_stream_new (out_fd, TRUE);
  lines = g_data_input_stream_new (out);
  while ((line = g_data_input_stream_read_line (lines, NULL, NULL, &error)) != NULL)
    {
      if (g_str_has_prefix (line, "login_url="))
        f->login_url = g_strdup (line + strlen ("login_url="));
      else if (g_str_has_prefix (line, "client_id="))
        f->client_id = g_strdup (line + strlen ("client_id="));
      g_free (line);
      if (f->login_url != NULL && f->client_id != NULL)
        break;
    }
  g_assert_nonnull (f->login_url);
  g_assert_nonnull (f->client_id);
}

/* The private keyring leaves folders of its own in the test directory. */
static void
remove_tree (const char *path)
{
  g_autoptr(GDir) d = g_dir_open (path, 0, NULL);
  const char *name;

  while (d != NULL && (name = g_dir_read_name (d)) != NULL)
    {
      g_autofree char *child = g_build_filename (path, name, NULL);

      if (g_file_test (child, G_FILE_TEST_IS_DIR) && !g_file_test (child, G_FILE_TEST_IS_SYMLINK))
        remove_tree (child);
      else
        g_unlink (child);
    }
  g_rmdir (path);
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  if (f->org_pid > 0)
    {
      kill (f->org_pid, SIGTERM);
      waitpid (f->org_pid, NULL, 0);
    }
  if (f->keyring_pid > 0)
    {
      kill (f->keyring_pid, SIGTERM);
      waitpid (f->keyring_pid, NULL, 0);
    }
  if (f->bus_pid > 0)
    kill (f->bus_pid, SIGTERM);
  g_free (f->bus_address);
  remove_tree (f->dir);
  g_free (f->dir);
  g_free (f->workspace);
  g_free (f->login_url);
  g_free (f->client_id);
}

static int
run (Fixture    *f,
     char      **out,
     char      **err,
     const char *first,
     ...)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_auto(GStrv) envp = child_env (f);
  g_autoptr(GError) error = NULL;
  const char *arg;
  va_list args;
  int status;

  g_ptr_array_add (argv, (gpointer) g_getenv ("AUDIENCES_BINARY"));
  va_start (args, first);
  for (arg = first; arg != NULL; arg = va_arg (args, const char *))
    g_ptr_array_add (argv, (gpointer) arg);
  va_end (args);
  g_ptr_array_add (argv, NULL);

  g_assert_true (g_spawn_sync (NULL, (char **) argv->pdata, envp, G_SPAWN_DEFAULT, NULL, NULL,
                               out, err, &status, &error));
  g_assert_no_error (error);
  return WIFEXITED (status) ? WEXITSTATUS (status) : -1;
}

/* `audiences connect` prints the authorize URL; the test plays the browser. */
static void
connect_workspace (Fixture *f)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *port = g_strdup_printf ("%u", f->callback_port);
  const char *argv[] = { g_getenv ("AUDIENCES_BINARY"), "connect", "--login-host", f->login_url,
                         "--client-id", f->client_id, "--port", port, NULL };
  g_auto(GStrv) envp = child_env (f);
  g_autoptr(GDataInputStream) lines = NULL;
  g_autoptr(GInputStream) out = NULL;
  g_autoptr(SoupSession) browser = soup_session_new ();
  g_autoptr(SoupMessage) msg = NULL;
  g_autofree char *url = NULL;
  GPid pid;
  int out_fd, status;
  char *line;

  g_assert_true (g_spawn_async_with_pipes (NULL, (char **) argv, envp, G_SPAWN_DO_NOT_REAP_CHILD, NULL, NULL,
                                           &pid, NULL, &out_fd, NULL, &error));
  g_assert_no_error (error);
  out = g_unix_input_stream_new (out_fd, TRUE);
  lines = g_data_input_stream_new (out);
  while (url == NULL && (line = g_data_input_stream_read_line (lines, NULL, NULL, NULL)) != NULL)
    {
      g_strstrip (line);
      if (g_str_has_prefix (line, f->login_url))
        url = g_strdup (line);
      g_free (line);
    }
  g_assert_nonnull (url);

  /* The demo org approves at once and redirects to the command's loopback receiver. */
  msg = soup_message_new ("GET", url);
  g_bytes_unref (soup_session_send_and_read (browser, msg, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpint (soup_message_get_status (msg), ==, 200);

  g_assert_cmpint (waitpid (pid, &status, 0), ==, pid);
  g_spawn_close_pid (pid);
  g_assert_true (WIFEXITED (status));
  g_assert_cmpint (WEXITSTATUS (status), ==, 0);
}

/* The org's Title of every Contact, by Id, from its control API. */
static GHashTable *
org_titles (Fixture *f)
{
  g_autoptr(SoupSession) session = soup_session_new ();
  g_autofree char *url = g_strdup_printf ("%s/_demo/dump?object=Contact", f->login_url);
  g_autoptr(SoupMessage) msg = soup_message_new ("GET", url);
  g_autoptr(GBytes) body = NULL;
  g_autoptr(JsonNode) rows = NULL;
  g_autoptr(GError) error = NULL;
  GHashTable *titles = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  JsonArray *array;

  body = soup_session_send_and_read (session, msg, NULL, &error);
  g_assert_no_error (error);
  rows = json_from_string (g_bytes_get_data (body, NULL), &error);
  g_assert_no_error (error);
  array = json_node_get_array (rows);
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonObject *row = json_array_get_object_element (array, i);

      g_hash_table_insert (titles, g_strdup (json_object_get_string_member (row, "Id")),
                           g_strdup (json_object_get_string_member_with_default (row, "Title", "")));
    }
  return titles;
}

/* Maps Title with rule Always (the describe is the test fixture's Contact). */
static void
map_title (Fixture *f)
{
  static const char * const title[] = { "Title", NULL };
  g_autoptr(GError) error = NULL;
  g_autoptr(AudStore) store = aud_store_open (f->workspace, &error);
  g_autofree char *data = describe_fixture_contact (0, NULL);
  g_autoptr(AudDescribe) describe = aud_describe_new_from_data (data, -1, NULL, &error);
  g_autoptr(AudAudience) audience = NULL;

  g_assert_no_error (error);
  g_assert_true (aud_describe_save (describe, store, &error));
  audience = aud_audience_lookup (store, "People", &error);
  g_assert_no_error (error);
  g_assert_true (aud_mapping_set_mapped (audience, title, TRUE, NULL, &error));
  g_assert_true (aud_mapping_set_rule (audience, describe, title, AUD_OVERWRITE_RULE_ALWAYS, NULL, NULL, &error));
  g_assert_no_error (error);
}

/* The first @n synced Contacts become entities with a new golden Title, as matching would
 * make them; returns their Ids. */
static GPtrArray *
add_golden_titles (Fixture *f,
                   guint    n)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(AudStore) store = aud_store_open (f->workspace, &error);
  g_autoptr(sqlite3_stmt) stmt = NULL;
  GPtrArray *ids = g_ptr_array_new_with_free_func (g_free);

  g_assert_no_error (error);
  g_assert_true (aud_store_exec (store,
                                 "INSERT INTO entities (id, audience_id, n_members) "
                                 "  SELECT r.id, 1, 1 FROM source_records r WHERE NOT r.is_deleted ORDER BY r.id LIMIT 3;"
                                 "INSERT INTO entity_members (audience_id, record_id, entity_id) SELECT 1, id, id FROM entities;"
                                 "INSERT INTO golden_values (entity_id, field, value, record_id, reason) "
                                 "  SELECT id, 'Title', 'Golden ' || id, id, 'source-priority' FROM entities;",
                                 &error));
  g_assert_no_error (error);
  stmt = aud_store_prepare (store, "SELECT r.external_id FROM source_records r JOIN entities e ON e.id = r.id ORDER BY r.id", NULL);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    g_ptr_array_add (ids, g_strdup ((const char *) sqlite3_column_text (stmt, 0)));
  g_assert_cmpuint (ids->len, ==, n);
  return ids;
}

static void
test_dry_run_apply_undo (Fixture       *f,
                         gconstpointer  data)
{
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autofree char *csv_path = g_build_filename (f->dir, "plan.csv", NULL);
  g_autofree char *csv = NULL;
  g_autoptr(GPtrArray) ids = NULL;
  g_autoptr(GHashTable) before = NULL;
  g_autoptr(GHashTable) after = NULL;
  g_autoptr(GHashTable) undone = NULL;
  g_autoptr(JsonNode) result = NULL;
  g_autoptr(GError) error = NULL;

  if (!start_private_keyring (f))
    {
      g_test_skip ("no dbus-daemon or gnome-keyring-daemon for a private keyring");
      return;
    }

  connect_workspace (f);
  g_assert_cmpint (run (f, &out, &err, "audience", "create", "People", "--object", "Contact", NULL), ==, 0);
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);
  map_title (f);
  g_assert_cmpint (run (f, &out, &err, "sync", NULL), ==, 0);
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);
  ids = add_golden_titles (f, 3);
  before = org_titles (f);

  /* The dry run prints the summary and writes the plan; Salesforce is untouched. */
  g_assert_cmpint (run (f, &out, &err, "writeback", "--audience", "People", "--dry-run", "--csv", csv_path, NULL), ==, 0);
  g_assert_nonnull (strstr (out, "3 with writes, 1 API call to write them"));
  g_assert_true (g_file_get_contents (csv_path, &csv, NULL, &error));
  g_assert_nonnull (strstr (csv, ",Title,"));
  g_assert_nonnull (strstr (csv, ",write,rule-always"));
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  /* Apply: refresh, write, report as JSON. */
  g_assert_cmpint (run (f, &out, &err, "writeback", "--audience", "People", "--apply", "--json", NULL), ==, 0);
  result = json_from_string (out, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (json_object_get_string_member (json_node_get_object (result), "state"), ==, "succeeded");
  g_assert_cmpint (json_object_get_int_member (json_node_get_object (result), "written"), ==, 3);
  after = org_titles (f);
  for (guint i = 0; i < ids->len; i++)
    g_assert_true (g_str_has_prefix (g_hash_table_lookup (after, ids->pdata[i]), "Golden "));
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  /* Nothing left to write afterwards. */
  g_assert_cmpint (run (f, &out, &err, "writeback", "--audience", "People", "--dry-run", NULL), ==, 0);
  g_assert_nonnull (strstr (out, "0 with writes"));
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  /* The history lists the run; undo puts every Title back. */
  g_assert_cmpint (run (f, &out, &err, "writeback-undo", "--list", NULL), ==, 0);
  g_assert_true (g_str_has_prefix (out, "1\tapply\tsucceeded\t"));
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (run (f, &out, &err, "writeback-undo", "--run", "1", NULL), ==, 0);
  undone = org_titles (f);
  for (guint i = 0; i < ids->len; i++)
    g_assert_cmpstr (g_hash_table_lookup (undone, ids->pdata[i]), ==, g_hash_table_lookup (before, ids->pdata[i]));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add ("/cli-writeback/dry-run-apply-undo", Fixture, NULL, fixture_setup, test_dry_run_apply_undo, fixture_teardown);

  return g_test_run ();
}
