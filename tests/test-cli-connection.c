/* test-cli-connection.c — `audiences connect/status/disconnect` as a script would run them:
 * the real binary, no display, the demo org inside the command, the real keyring
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gstdio.h>
#include <signal.h>
#include <string.h>
#include <sys/wait.h>

#include "aud-test-bus.h"

typedef struct
{
  int   status;
  char *out;
  char *err;
} Run;

static void
run_clear (Run *r)
{
  g_clear_pointer (&r->out, g_free);
  g_clear_pointer (&r->err, g_free);
}

static void
run_audiences (Run         *r,
               const char  *bus,
               const char  *first,
               ...)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_auto(GStrv) envp = g_get_environ ();
  g_autoptr(GError) error = NULL;
  const char *arg;
  va_list args;

  g_ptr_array_add (argv, (gpointer) g_getenv ("AUDIENCES_BINARY"));
  va_start (args, first);
  for (arg = first; arg != NULL; arg = va_arg (args, const char *))
    g_ptr_array_add (argv, (gpointer) arg);
  va_end (args);
  g_ptr_array_add (argv, NULL);

  /* Like cron or CI: no display, so no browser is tried. */
  envp = g_environ_unsetenv (envp, "DISPLAY");
  envp = g_environ_unsetenv (envp, "WAYLAND_DISPLAY");
  envp = g_environ_unsetenv (envp, "AUDIENCES_WORKSPACE");
  if (bus != NULL)
    envp = g_environ_setenv (envp, "DBUS_SESSION_BUS_ADDRESS", bus, TRUE);

  g_assert_true (g_spawn_sync (NULL, (char **) argv->pdata, envp, G_SPAWN_DEFAULT, NULL, NULL,
                               &r->out, &r->err, &r->status, &error));
  g_assert_no_error (error);
}

static int
exit_code (Run *r)
{
  g_assert_true (WIFEXITED (r->status));
  return WEXITSTATUS (r->status);
}

static void
test_connect_status_disconnect (void)
{
  g_autofree char *dir = g_dir_make_tmp ("aud-cli-conn-XXXXXX", NULL);
  g_autofree char *ws = g_build_filename (dir, "ws.db", NULL);
  Run r = { 0 };

  if (!aud_test_have_secret_service ())
    {
      g_test_skip ("no unlocked Secret Service on this session bus");
      return;
    }

  run_audiences (&r, NULL, "connect", "--demo", "--port", "0", "--workspace", ws, NULL);
  g_assert_cmpint (exit_code (&r), ==, 0);
  g_assert_nonnull (strstr (r.out, "/services/oauth2/authorize?"));
  g_assert_nonnull (strstr (r.out, "Connected to Salesforce as Demo User"));
  run_clear (&r);

  run_audiences (&r, NULL, "status", "--workspace", ws, NULL);
  g_assert_cmpint (exit_code (&r), ==, 0);
  g_assert_nonnull (strstr (r.out, "Salesforce: connected"));
  g_assert_nonnull (strstr (r.out, "demo.user@audiences-demo.example"));
  g_assert_nonnull (strstr (r.out, "Keyring:     sign-in stored"));
  run_clear (&r);

  /* The demo org ended with the connect command; disconnecting still forgets the sign-in. */
  run_audiences (&r, NULL, "disconnect", "--workspace", ws, NULL);
  g_assert_cmpint (exit_code (&r), ==, 0);
  g_assert_nonnull (strstr (r.out, "local data kept"));
  run_clear (&r);

  run_audiences (&r, NULL, "status", "--workspace", ws, NULL);
  g_assert_cmpint (exit_code (&r), ==, 0);
  g_assert_nonnull (strstr (r.out, "not connected"));
  g_assert_null (strstr (r.out, "Keyring"));
  run_clear (&r);

  g_unlink (ws);
  g_rmdir (dir);
}

static void
test_connect_refuses_bad_input (void)
{
  g_autofree char *dir = g_dir_make_tmp ("aud-cli-conn-XXXXXX", NULL);
  g_autofree char *ws = g_build_filename (dir, "ws.db", NULL);
  Run r = { 0 };

  /* No client id and none stored: a usage error that says where to get one. */
  run_audiences (&r, NULL, "connect", "--workspace", ws, NULL);
  g_assert_cmpint (exit_code (&r), ==, 2);
  g_assert_nonnull (strstr (r.err, "--client-id"));
  run_clear (&r);

  /* Plain http to a real host is refused before anything listens or opens. */
  run_audiences (&r, NULL, "connect", "--login-host", "http://login.salesforce.com", "--client-id", "X",
                 "--workspace", ws, NULL);
  g_assert_cmpint (exit_code (&r), ==, 1);
  g_assert_nonnull (strstr (r.err, "https"));
  g_assert_null (strstr (r.out, "authorize"));
  run_clear (&r);

  g_unlink (ws);
  g_rmdir (dir);
}

static void
test_connect_without_keyring (void)
{
  g_autofree char *dir = g_dir_make_tmp ("aud-cli-conn-XXXXXX", NULL);
  g_autofree char *ws = g_build_filename (dir, "ws.db", NULL);
  GPid pid = 0;
  g_autofree char *bus = aud_test_start_empty_bus (&pid);
  Run r = { 0 };

  if (bus == NULL)
    {
      g_test_skip ("dbus-daemon is not available");
      return;
    }

  run_audiences (&r, bus, "connect", "--demo", "--port", "0", "--workspace", ws, NULL);
  kill (pid, SIGTERM);
  g_assert_cmpint (exit_code (&r), ==, 1);
  g_assert_nonnull (strstr (r.err, "No keyring is available"));
  /* Refused before the sign-in step, and nothing claims to be connected. */
  g_assert_null (strstr (r.out, "authorize"));
  run_clear (&r);

  run_audiences (&r, NULL, "status", "--workspace", ws, NULL);
  g_assert_nonnull (strstr (r.out, "not connected"));
  run_clear (&r);

  g_unlink (ws);
  g_rmdir (dir);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/cli-connection/connect-status-disconnect", test_connect_status_disconnect);
  g_test_add_func ("/cli-connection/refuses-bad-input", test_connect_refuses_bad_input);
  g_test_add_func ("/cli-connection/without-keyring", test_connect_without_keyring);

  return g_test_run ();
}
