/* aud-test-bus.c — session-bus and local-server helpers for tests
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gstdio.h>
#include <libsoup/soup.h>
#include <signal.h>

#include "aud-test-bus.h"

gboolean
aud_test_have_secret_service (void)
{
  g_autoptr(GDBusConnection) bus = g_bus_get_sync (G_BUS_TYPE_SESSION, NULL, NULL);
  g_autoptr(GVariant) reply = NULL;
  gboolean owned = FALSE;

  if (bus == NULL)
    return FALSE;
  reply = g_dbus_connection_call_sync (bus, "org.freedesktop.DBus", "/org/freedesktop/DBus",
                                       "org.freedesktop.DBus", "NameHasOwner",
                                       g_variant_new ("(s)", "org.freedesktop.secrets"),
                                       G_VARIANT_TYPE ("(b)"), G_DBUS_CALL_FLAGS_NONE, 2000, NULL, NULL);
  if (reply != NULL)
    g_variant_get (reply, "(b)", &owned);
  return owned;
}

char *
aud_test_start_empty_bus (GPid *pid)
{
  /* Unlike the stock session config, no <servicedir>: gnome-keyring cannot be activated. */
  const char config_xml[] =
    "<busconfig><type>session</type><listen>unix:tmpdir=/tmp</listen><auth>EXTERNAL</auth>"
    "<policy context=\"default\"><allow send_destination=\"*\" eavesdrop=\"true\"/>"
    "<allow eavesdrop=\"true\"/><allow own=\"*\"/></policy></busconfig>";
  g_autofree char *dir = g_dir_make_tmp ("aud-bus-XXXXXX", NULL);
  g_autofree char *config = g_build_filename (dir, "bus.conf", NULL);
  g_autofree char *config_arg = g_strconcat ("--config-file=", config, NULL);
  const char *argv[] = { "dbus-daemon", config_arg, "--print-address=1", "--print-pid=1", "--fork", NULL };
  g_autofree char *out = NULL;
  g_auto(GStrv) lines = NULL;
  gboolean spawned;
  int status = 0;

  g_assert_true (g_file_set_contents (config, config_xml, -1, NULL));
  spawned = g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH | G_SPAWN_STDERR_TO_DEV_NULL,
                          NULL, NULL, &out, NULL, &status, NULL);
  g_unlink (config);
  g_rmdir (dir);
  if (!spawned || !g_spawn_check_wait_status (status, NULL))
    return NULL;

  lines = g_strsplit (g_strstrip (out), "\n", 2);
  if (lines[0] == NULL || lines[1] == NULL)
    return NULL;
  *pid = (GPid) g_ascii_strtoll (lines[1], NULL, 10);
  return g_strdup (lines[0]);
}

void
aud_test_wait_until_serving (const char *base_url)
{
  g_autoptr(SoupSession) session = soup_session_new ();
  g_autofree char *url = g_strconcat (base_url, "/services/data/", NULL);
  g_autoptr(SoupMessage) msg = soup_message_new ("GET", url);
  g_autoptr(GBytes) body = soup_session_send_and_read (session, msg, NULL, NULL);

  g_assert_cmpuint (soup_message_get_status (msg), ==, 200);
}

gboolean
aud_test_trap_on_empty_bus (guint64 usec_timeout)
{
  GPid pid = 0;
  g_autofree char *address = aud_test_start_empty_bus (&pid);
  g_autofree char *saved = g_strdup (g_getenv ("DBUS_SESSION_BUS_ADDRESS"));

  if (address == NULL)
    {
      g_test_skip ("dbus-daemon is not available");
      return FALSE;
    }

  g_setenv ("DBUS_SESSION_BUS_ADDRESS", address, TRUE);
  g_test_trap_subprocess (NULL, usec_timeout, G_TEST_SUBPROCESS_DEFAULT);
  if (saved != NULL)
    g_setenv ("DBUS_SESSION_BUS_ADDRESS", saved, TRUE);
  else
    g_unsetenv ("DBUS_SESSION_BUS_ADDRESS");
  kill (pid, SIGTERM);
  return TRUE;
}
