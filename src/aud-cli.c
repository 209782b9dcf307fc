/* aud-cli.c — the headless `audiences COMMAND` interface
 *
 * Every command runs on the core library alone, so cron jobs, CI and other tools can do what the
 * UI does without a display. Commands share `--workspace PATH` (or AUDIENCES_WORKSPACE).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>
#include <gio/gunixoutputstream.h>
#include <stdio.h>
#include <unistd.h>

#include "aud-cli.h"
#include "aud-cli-connection.h"
#include "aud-cli-private.h"

static int command_status (AudCliContext *ctx, int argc, char **argv);

static const AudCliCommand commands[] = {
  { "status", N_("Show the workspace and its Salesforce connection"), command_status },
};

static const AudCliCommand *
find_command (const char *name)
{
  for (guint i = 0; i < G_N_ELEMENTS (commands); i++)
    if (g_strcmp0 (commands[i].name, name) == 0)
      return &commands[i];

  for (guint i = 0; i < aud_cli_n_extra_commands (); i++)
    if (g_strcmp0 (aud_cli_extra_commands ()[i].name, name) == 0)
      return &aud_cli_extra_commands ()[i];

  return NULL;
}

gboolean
aud_cli_is_command (int    argc,
                    char **argv)
{
  return argc > 1 && (find_command (argv[1]) != NULL || g_strcmp0 (argv[1], "help") == 0);
}

const char *
aud_cli_commands_summary (void)
{
  static char *summary;

  if (g_once_init_enter (&summary))
    {
      GString *s = g_string_new (_("Commands (run without a display; each takes --workspace PATH):"));

      for (guint i = 0; i < G_N_ELEMENTS (commands); i++)
        g_string_append_printf (s, "\n  %-14s %s", commands[i].name, _(commands[i].summary));
      for (guint i = 0; i < aud_cli_n_extra_commands (); i++)
        g_string_append_printf (s, "\n  %-14s %s", aud_cli_extra_commands ()[i].name,
                                _(aud_cli_extra_commands ()[i].summary));
      g_string_append (s, "\n\n");
      g_string_append (s, _("Run “audiences COMMAND --help” for a command’s options."));
      g_once_init_leave (&summary, g_string_free (s, FALSE));
    }

  return summary;
}

AudStore *
aud_cli_open_store (AudCliContext  *ctx,
                    GError        **error)
{
  g_autofree char *path = NULL;

  if (ctx->store != NULL)
    return ctx->store;

  path = ctx->workspace != NULL ? g_strdup (ctx->workspace) : aud_store_default_path ();
  ctx->store = aud_store_open (path, error);
  return ctx->store;
}

gboolean
aud_cli_parse (AudCliContext  *ctx,
               GOptionContext *options,
               int            *argc,
               char         ***argv)
{
  g_autoptr(GError) error = NULL;
  const GOptionEntry common[] = {
    { "workspace", 'w', 0, G_OPTION_ARG_FILENAME, &ctx->workspace,
      N_("Use the workspace database at PATH (default: AUDIENCES_WORKSPACE or the user data folder)"), N_("PATH") },
    { NULL }
  };

  g_option_context_add_main_entries (options, common, GETTEXT_PACKAGE);
  g_option_context_set_translation_domain (options, GETTEXT_PACKAGE);

  if (!g_option_context_parse (options, argc, argv, &error))
    {
      aud_cli_error (ctx, "%s", error->message);
      return FALSE;
    }

  return TRUE;
}

void
aud_cli_error (AudCliContext *ctx,
               const char    *format,
               ...)
{
  g_autofree char *message = NULL;
  va_list args;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);

  g_printerr ("audiences %s: %s\n", ctx->command, message);
}

int
aud_cli_fail (AudCliContext *ctx,
              const GError  *error)
{
  aud_cli_error (ctx, "%s", error->message);
  return AUD_CLI_EXIT_FAILURE;
}

int
aud_cli_usage (GOptionContext *options)
{
  g_autofree char *help = g_option_context_get_help (options, TRUE, NULL);

  g_printerr ("%s", help);
  return AUD_CLI_EXIT_USAGE;
}

GOutputStream *
aud_cli_open_output (const char  *path,
                     GError     **error)
{
  g_autoptr(GFile) file = NULL;

  if (g_str_equal (path, "-"))
    return g_unix_output_stream_new (STDOUT_FILENO, FALSE);

  file = g_file_new_for_commandline_arg (path);
  return G_OUTPUT_STREAM (g_file_replace (file, NULL, FALSE, G_FILE_CREATE_NONE, NULL, error));
}

static int
command_status (AudCliContext  *ctx,
                int             argc,
                char          **argv)
{
  g_autoptr(GOptionContext) options = g_option_context_new (NULL);
  g_autoptr(GError) error = NULL;
  AudStore *store;
  int status;

  g_option_context_set_summary (options, _("Show the workspace and its Salesforce connection."));
  if (!aud_cli_parse (ctx, options, &argc, &argv))
    return AUD_CLI_EXIT_USAGE;

  store = aud_cli_open_store (ctx, &error);
  if (store == NULL)
    {
      aud_cli_error (ctx, "%s", error->message);
      return AUD_CLI_EXIT_FAILURE;
    }

  g_print (_("Workspace: %s (schema %d)\n"), aud_store_get_path (store), aud_store_get_user_version (store));
  status = aud_cli_print_connection_status (ctx, store);
  aud_cli_connection_print_keyring (ctx, store);
  return status;
}

int
aud_cli_run (int    argc,
             char **argv)
{
  AudCliContext ctx = { 0 };
  const AudCliCommand *command;
  int status;

  if (g_strcmp0 (argv[1], "help") == 0)
    {
      if (argc > 2 && find_command (argv[2]) != NULL)
        {
          char *help_argv[] = { argv[0], argv[2], (char *) "--help", NULL };
          return aud_cli_run (3, help_argv);
        }
      g_print ("%s\n", aud_cli_commands_summary ());
      return AUD_CLI_EXIT_OK;
    }

  command = find_command (argv[1]);
  g_assert (command != NULL);

  ctx.command = command->name;
  g_set_prgname ("audiences");

  /* Shift so the command sees itself as argv[0], as GOptionContext expects. */
  {
    g_autofree char *prgname = g_strdup_printf ("audiences %s", command->name);
    char *saved = argv[1];

    argv[1] = prgname;
    status = command->run (&ctx, argc - 1, argv + 1);
    argv[1] = saved;
  }

  g_clear_object (&ctx.store);
  g_clear_pointer (&ctx.workspace, g_free);
  return status;
}
