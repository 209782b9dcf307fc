/* test-cli-sync.c — `audiences connect` then `audiences sync` through the real binaries, as cron
 * would run them, against a standalone `audiences-demo-org` process
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
#include <sys/prctl.h>
#include <sys/wait.h>

#include "aud-test-bus.h"

#define N_CONTACTS 2500

typedef struct
{
  char   *dir;
  char   *workspace;
  char   *mapping_path;
  GPid    org_pid;
  char   *login_url;
  char   *client_id;
  guint   callback_port;
} Fixture;

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

/* Children die with the test: an aborted test must not leave a server holding meson's pipes. */
static void
die_with_parent (gpointer user_data)
{
  prctl (PR_SET_PDEATHSIG, SIGTERM);
}

static char **
child_env (Fixture *f)
{
  char **envp = g_get_environ ();

  envp = g_environ_unsetenv (envp, "DISPLAY");
  envp = g_environ_unsetenv (envp, "WAYLAND_DISPLAY");
  envp = g_environ_setenv (envp, "AUDIENCES_WORKSPACE", f->workspace, TRUE);
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

  f->dir = g_dir_make_tmp ("aud-cli-sync-XXXXXX", NULL);
  f->workspace = g_build_filename (f->dir, "workspace.db", NULL);
  f->mapping_path = g_build_filename (f->dir, "mapping.json", NULL);
  f->callback_port = free_port ();
  redirect = g_strdup_printf ("--redirect-uri=http://localhost:%u/OauthRedirect", f->callback_port);

  {
    const char *argv[] = { g_getenv ("AUDIENCES_DEMO_ORG_BINARY"), "--port=0", "--accounts=100", contacts,
                           "--leads=0", "--opportunities=0", redirect, NULL };

    /* Not reaped by GLib: otherwise it double-forks and the death signal would fire at once. */
    g_assert_true (g_spawn_async_with_pipes (NULL, (char **) argv, NULL, G_SPAWN_DO_NOT_REAP_CHILD, die_with_parent,
                                             NULL, &f->org_pid, NULL, &out_fd, NULL, &error));
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

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  g_autoptr(GDir) d = g_dir_open (f->dir, 0, NULL);
  const char *name;

  if (f->org_pid > 0)
    {
      kill (f->org_pid, SIGTERM);
      waitpid (f->org_pid, NULL, 0);
    }
  while (d != NULL && (name = g_dir_read_name (d)) != NULL)
    {
      g_autofree char *child = g_build_filename (f->dir, name, NULL);
      g_unlink (child);
    }
  g_rmdir (f->dir);
  g_free (f->dir);
  g_free (f->workspace);
  g_free (f->mapping_path);
  g_free (f->login_url);
  g_free (f->client_id);
}

static void
write_file (Fixture    *f,
            const char *name,
            const char *contents)
{
  g_autofree char *path = g_build_filename (f->dir, name, NULL);

  g_assert_true (g_file_set_contents (path, contents, -1, NULL));
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

  g_assert_true (g_spawn_sync (NULL, (char **) argv->pdata, envp, G_SPAWN_DEFAULT, die_with_parent, NULL,
                               out, err, &status, &error));
  g_assert_no_error (error);
  /* What the command said, for the log when an assertion on it fails. */
  g_test_message ("audiences %s → %d\nstdout: %s\nstderr: %s", first, status, *out, *err);
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

  g_assert_true (g_spawn_async_with_pipes (NULL, (char **) argv, envp, G_SPAWN_DO_NOT_REAP_CHILD, die_with_parent,
                                           NULL, &pid, NULL, &out_fd, NULL, &error));
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

static JsonObject *
first_result (JsonNode *root)
{
  JsonArray *results = json_object_get_array_member (json_node_get_object (root), "results");

  g_assert_cmpuint (json_array_get_length (results), ==, 1);
  return json_array_get_object_element (results, 0);
}

static void
test_connect_then_sync (Fixture       *f,
                        gconstpointer  data)
{
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autoptr(JsonNode) full = NULL;
  g_autoptr(JsonNode) incremental = NULL;
  g_autoptr(GError) error = NULL;
  JsonObject *r;

  if (!aud_test_have_secret_service ())
    {
      g_test_skip ("no unlocked Secret Service on this session bus");
      return;
    }

  /* Before connecting, sync says what to do and exits 3. */
  g_assert_cmpint (run (f, &out, &err, "sync", NULL), ==, 3);
  g_assert_nonnull (strstr (err, "audiences connect"));
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  connect_workspace (f);

  /* Connected but no audience yet: a clear failure. */
  g_assert_cmpint (run (f, &out, &err, "sync", NULL), ==, 1);
  g_assert_nonnull (strstr (err, "Create an audience"));
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  g_assert_cmpint (run (f, &out, &err, "audience", "create", "People", "--object", "Contact", NULL), ==, 0);
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);
  write_file (f, "mapping.json",
              "{\"format\":\"org.example.Audiences.mapping\",\"version\":1,\"object\":\"Contact\",\"fields\":["
              "{\"name\":\"FirstName\",\"rule\":\"never\"},{\"name\":\"LastName\",\"rule\":\"never\"},"
              "{\"name\":\"Email\",\"rule\":\"conditional\"}]}");
  g_assert_cmpint (run (f, &out, &err, "mapping", "import", "--audience", "People", f->mapping_path, NULL), ==, 0);
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  /* First sync: everything, summarised as JSON for machines. */
  g_assert_cmpint (run (f, &out, &err, "sync", "--json", NULL), ==, 0);
  full = json_from_string (out, &error);
  g_assert_no_error (error);
  r = first_result (full);
  g_assert_cmpstr (json_object_get_string_member (r, "object"), ==, "Contact");
  g_assert_cmpstr (json_object_get_string_member (r, "kind"), ==, "full");
  g_assert_cmpstr (json_object_get_string_member (r, "outcome"), ==, "succeeded");
  g_assert_cmpint (json_object_get_int_member (r, "created"), ==, N_CONTACTS);
  g_assert_cmpint (json_object_get_int_member (r, "api_calls"), ==, 1 + (N_CONTACTS + 1999) / 2000);
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  /* Then only changes. */
  g_assert_cmpint (run (f, &out, &err, "sync", "--json", "--audience", "People", NULL), ==, 0);
  incremental = json_from_string (out, &error);
  g_assert_no_error (error);
  r = first_result (incremental);
  g_assert_cmpstr (json_object_get_string_member (r, "kind"), ==, "incremental");
  g_assert_cmpint (json_object_get_int_member (r, "created"), ==, 0);
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  /* A saved segment scopes exports and write-back to its records. */
  write_file (f, "segment.json",
              "{\"format\":\"org.example.Audiences.segment\",\"version\":1,\"object\":\"Contact\",\"match\":\"all\","
              "\"conditions\":[{\"field\":\"LastName\",\"operator\":\"starts-with\",\"value\":\"M\"}]}");
  {
    g_autofree char *segment_path = g_build_filename (f->dir, "segment.json", NULL);
    g_autofree char *csv_path = g_build_filename (f->dir, "segment.csv", NULL);
    g_autofree char *csv = NULL;
    g_autoptr(JsonNode) plan = NULL;
    gint64 count;
    guint rows = 0;

    g_assert_cmpint (run (f, &out, &err, "segment", "import", segment_path, "--audience", "People",
                          "--segment", "M people", NULL), ==, 0);
    g_clear_pointer (&out, g_free);
    g_clear_pointer (&err, g_free);
    g_assert_cmpint (run (f, &out, &err, "segment", "count", "--audience", "People", "--segment", "M people", NULL), ==, 0);
    count = g_ascii_strtoll (out, NULL, 10);
    g_assert_cmpint (count, >, 0);
    g_assert_cmpint (count, <, N_CONTACTS);
    g_clear_pointer (&out, g_free);
    g_clear_pointer (&err, g_free);

    g_assert_cmpint (run (f, &out, &err, "export-csv", "--audience", "People", "--segment", "M people", csv_path, NULL), ==, 0);
    g_assert_true (g_file_get_contents (csv_path, &csv, NULL, NULL));
    g_assert_true (g_str_has_prefix (csv, "Source Record Id,"));
    for (const char *p = strchr (csv, '\n'); p != NULL; p = strchr (p + 1, '\n'))
      if (p[1] != '\0')
        {
          const char *last = strstr (p + 1, ",M");
          rows++;
          g_assert_nonnull (last);
        }
    g_assert_cmpuint (rows, ==, count);
    g_clear_pointer (&out, g_free);
    g_clear_pointer (&err, g_free);

    g_assert_cmpint (run (f, &out, &err, "writeback", "--audience", "People", "--dry-run", "--json",
                          "--segment", "M people", NULL), ==, 0);
    plan = json_from_string (out, NULL);
    g_assert_nonnull (plan);
    g_assert_cmpint (json_object_get_int_member (json_node_get_object (plan), "records"), <=, count);
    g_clear_pointer (&out, g_free);
    g_clear_pointer (&err, g_free);

    g_assert_cmpint (run (f, &out, &err, "export-csv", "--audience", "People", "--segment", "Nobody", csv_path, NULL), ==, 1);
    g_clear_pointer (&out, g_free);
    g_clear_pointer (&err, g_free);
  }

  /* The human summary; an unknown audience is an error. */
  g_assert_cmpint (run (f, &out, &err, "sync", NULL), ==, 0);
  g_assert_nonnull (strstr (out, "Contact: incremental sync succeeded"));
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (run (f, &out, &err, "sync", "--audience", "Nobody", NULL), ==, 1);
  g_assert_nonnull (strstr (err, "Nobody"));
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  /* The org goes away: the run fails with a message, and history says so. */
  kill (f->org_pid, SIGTERM);
  waitpid (f->org_pid, NULL, 0);
  f->org_pid = 0;
  g_assert_cmpint (run (f, &out, &err, "sync", NULL), ==, 1);
  g_assert_nonnull (strstr (out, "failed"));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add ("/cli-sync/connect-then-sync", Fixture, NULL, fixture_setup, test_connect_then_sync, fixture_teardown);

  return g_test_run ();
}
