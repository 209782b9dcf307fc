/* test-cli.c — the headless `audiences` command works without a display
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib.h>
#include <glib/gstdio.h>

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

/* Runs the real binary with no display and no session bus, as cron would. */
static void
run_audiences (Run         *r,
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

  envp = g_environ_unsetenv (envp, "DISPLAY");
  envp = g_environ_unsetenv (envp, "WAYLAND_DISPLAY");
  envp = g_environ_unsetenv (envp, "AUDIENCES_WORKSPACE");
  envp = g_environ_setenv (envp, "DBUS_SESSION_BUS_ADDRESS", "unix:path=/nonexistent", TRUE);

  g_assert_true (g_spawn_sync (NULL, (char **) argv->pdata, envp, G_SPAWN_DEFAULT, NULL, NULL,
                               &r->out, &r->err, &r->status, &error));
  g_assert_no_error (error);
}

static void
test_help_without_display (void)
{
  Run r = { 0 };

  run_audiences (&r, "--help", NULL);
  g_assert_true (g_spawn_check_wait_status (r.status, NULL));
  g_assert_nonnull (strstr (r.out, "--workspace"));
  g_assert_nonnull (strstr (r.out, "--demo"));
  g_assert_nonnull (strstr (r.out, "status"));
  run_clear (&r);

  run_audiences (&r, "help", NULL);
  g_assert_true (g_spawn_check_wait_status (r.status, NULL));
  g_assert_nonnull (strstr (r.out, "status"));
  run_clear (&r);

  run_audiences (&r, "status", "--help", NULL);
  g_assert_true (g_spawn_check_wait_status (r.status, NULL));
  g_assert_nonnull (strstr (r.out, "--workspace"));
  run_clear (&r);
}

static void
test_status_fresh_workspace (void)
{
  g_autofree char *dir = g_dir_make_tmp ("aud-cli-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "ws.db", NULL);
  Run r = { 0 };

  run_audiences (&r, "status", "--workspace", path, NULL);
  g_assert_true (g_spawn_check_wait_status (r.status, NULL));
  g_assert_nonnull (strstr (r.out, path));
  g_assert_nonnull (strstr (r.out, "not connected"));
  g_assert_true (g_file_test (path, G_FILE_TEST_EXISTS));
  run_clear (&r);

  /* A bad option is a usage error (2) with a message on stderr. */
  run_audiences (&r, "status", "--no-such-option", NULL);
  g_assert_true (WIFEXITED (r.status));
  g_assert_cmpint (WEXITSTATUS (r.status), ==, 2);
  g_assert_nonnull (strstr (r.err, "no-such-option"));
  run_clear (&r);

  g_unlink (path);
  {
    g_autofree char *wal = g_strconcat (path, "-wal", NULL);
    g_autofree char *shm = g_strconcat (path, "-shm", NULL);
    g_unlink (wal);
    g_unlink (shm);
  }
  g_rmdir (dir);
}

static void
test_status_refuses_damaged_workspace (void)
{
  g_autofree char *dir = g_dir_make_tmp ("aud-cli-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "ws.db", NULL);
  Run r = { 0 };

  g_assert_true (g_file_set_contents (path, "this is a spreadsheet, not a workspace\n", -1, NULL));
  run_audiences (&r, "status", "--workspace", path, NULL);
  g_assert_true (WIFEXITED (r.status));
  g_assert_cmpint (WEXITSTATUS (r.status), ==, 1);
  g_assert_nonnull (strstr (r.err, "damaged or is not an Audiences workspace"));
  run_clear (&r);

  g_unlink (path);
  g_rmdir (dir);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/cli/help-without-display", test_help_without_display);
  g_test_add_func ("/cli/status-fresh-workspace", test_status_fresh_workspace);
  g_test_add_func ("/cli/status-refuses-damaged-workspace", test_status_refuses_damaged_workspace);

  return g_test_run ();
}
