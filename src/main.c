/* main.c — entry point of the audiences executable
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>
#include <locale.h>

#include "aud-application.h"
#include "aud-cli.h"

int
main (int   argc,
      char *argv[])
{
  g_autoptr(AudApplication) app = NULL;

  setlocale (LC_ALL, "");
  bindtextdomain (GETTEXT_PACKAGE, LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);

  /* Headless subcommands (sync, connect, …) never touch GTK, so they run without a display. */
  if (aud_cli_is_command (argc, argv))
    return aud_cli_run (argc, argv);

  app = aud_application_new ();
  return g_application_run (G_APPLICATION (app), argc, argv);
}
