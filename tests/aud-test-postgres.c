/* aud-test-postgres.c — a private PostgreSQL server for tests and benchmarks
 *
 * initdb into a private directory, then postgres listening only on a Unix socket in that
 * directory (no TCP), on a port number that just names the socket. PostgreSQL refuses to run as
 * root, so as root the directory is given to the `postgres` user the Debian package creates
 * and the server tools run through `runuser -u postgres`. The server runs in Asia/Kolkata so
 * that a client's UTC conversion is visible.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gstdio.h>
#include <pwd.h>
#include <string.h>
#include <unistd.h>

#include "aud-test-postgres.h"

#define PG_BIN "/usr/lib/postgresql/15/bin"

char *aud_test_pg_dir;
int aud_test_pg_port;
static gboolean pg_as_postgres;

/* Runs a PostgreSQL tool, as the postgres user when we are root. */
static gboolean
pg_tool (GError **error,
         ...)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  int status;
  va_list ap;
  const char *arg;

  if (pg_as_postgres)
    {
      g_ptr_array_add (argv, (char *) "runuser");
      g_ptr_array_add (argv, (char *) "-u");
      g_ptr_array_add (argv, (char *) "postgres");
      g_ptr_array_add (argv, (char *) "--");
    }
  va_start (ap, error);
  while ((arg = va_arg (ap, const char *)) != NULL)
    g_ptr_array_add (argv, (char *) arg);
  va_end (ap);
  g_ptr_array_add (argv, NULL);

  if (!g_spawn_sync (NULL, (char **) argv->pdata, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL, &out, &err,
                     &status, error))
    return FALSE;
  if (!g_spawn_check_wait_status (status, NULL))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, "%s failed: %s%s",
                   (char *) argv->pdata[pg_as_postgres ? 4 : 0], out, err);
      return FALSE;
    }
  return TRUE;
}

gboolean
aud_test_pg_start (GError **error)
{
  g_autofree char *data = g_build_filename (aud_test_pg_dir, "data", NULL);
  g_autofree char *log = g_build_filename (aud_test_pg_dir, "log", NULL);
  g_autofree char *opts = g_strdup_printf ("-k %s -p %d -c listen_addresses= -c timezone=Asia/Kolkata "
                                           "-c fsync=off", aud_test_pg_dir, aud_test_pg_port);

  return pg_tool (error, PG_BIN "/pg_ctl", "-D", data, "-o", opts, "-l", log, "-w", "-s", "start", NULL);
}

void
aud_test_pg_stop (void)
{
  g_autofree char *data = g_build_filename (aud_test_pg_dir, "data", NULL);

  pg_tool (NULL, PG_BIN "/pg_ctl", "-D", data, "-m", "immediate", "-s", "-w", "stop", NULL);
}

void
aud_test_pg_sql (const char *sql)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *port = g_strdup_printf ("%d", aud_test_pg_port);

  g_setenv ("PGPASSWORD", AUD_TEST_PG_PASSWORD, TRUE);
  pg_tool (&error, PG_BIN "/psql", "-X", "-q", "-h", aud_test_pg_dir, "-p", port, "-U", "aud", "-d", "postgres",
           "-v", "ON_ERROR_STOP=1", "-c", sql, NULL);
  g_assert_no_error (error);
}


char *
aud_test_pg_connection_string (const char *user)
{
  return g_strdup_printf ("Driver=PostgreSQL Unicode;Server=%s;Port=%d;Database=postgres;Uid=%s",
                          aud_test_pg_dir, aud_test_pg_port, user);
}

void
aud_test_remove_tree (const char *dir)
{
  g_autofree char *cmd = g_strdup_printf ("rm -rf '%s'", dir);
  g_assert_cmpint (system (cmd), ==, 0);
}

/* A failed assertion aborts the test without cleanup; a child waiting on a pipe only this
 * process writes to notices its death and stops the server, so none is left behind. */
static void
start_watchdog (void)
{
  int fds[2];
  pid_t pid;

  g_assert_cmpint (pipe (fds), ==, 0);
  pid = fork ();
  g_assert_cmpint (pid, >=, 0);
  if (pid == 0)
    {
      char c;

      close (fds[1]);
      while (read (fds[0], &c, 1) > 0)
        ;
      aud_test_pg_stop ();
      aud_test_remove_tree (aud_test_pg_dir);
      _exit (0);
    }
  close (fds[0]);
  /* fds[1] stays open for the life of the test. */
}


const char *
aud_test_pg_setup (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *pwfile = NULL;
  g_autofree char *data = NULL;
  g_autofree char *odbcinst = NULL;

  if (!g_file_test (PG_BIN "/initdb", G_FILE_TEST_IS_EXECUTABLE))
    return "PostgreSQL 15 is not installed (apt-get install postgresql)";
  if (!g_file_get_contents ("/etc/odbcinst.ini", &odbcinst, NULL, NULL) ||
      strstr (odbcinst, "[PostgreSQL Unicode]") == NULL)
    return "the PostgreSQL ODBC driver is not installed (apt-get install odbc-postgresql)";

  aud_test_pg_dir = g_dir_make_tmp ("aud-wh-XXXXXX", &error);
  g_assert_no_error (error);
  aud_test_pg_port = 20000 + getpid () % 20000;
  pg_as_postgres = geteuid () == 0;
  if (pg_as_postgres)
    {
      struct passwd *pw = getpwnam ("postgres");

      if (pw == NULL)
        return "running as root and there is no postgres user to run the server as";
      g_assert_cmpint (chown (aud_test_pg_dir, pw->pw_uid, pw->pw_gid), ==, 0);
    }

  pwfile = g_build_filename (aud_test_pg_dir, "pw", NULL);
  g_file_set_contents (pwfile, AUD_TEST_PG_PASSWORD "\n", -1, &error);
  g_assert_no_error (error);
  g_chmod (pwfile, 0644);
  data = g_build_filename (aud_test_pg_dir, "data", NULL);
  if (!pg_tool (&error, PG_BIN "/initdb", "-D", data, "-U", "aud", "--auth=scram-sha-256",
                "--pwfile", pwfile, "-E", "UTF8", "--no-sync", NULL) ||
      !aud_test_pg_start (&error))
    {
      g_printerr ("# %s\n", error->message);
      return "could not start a private PostgreSQL server";
    }
  start_watchdog ();
  return NULL;
}


void
aud_test_pg_cleanup (void)
{
  aud_test_pg_stop ();
  aud_test_remove_tree (aud_test_pg_dir);
}
