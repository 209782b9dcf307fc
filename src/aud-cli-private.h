/* aud-cli-private.h — shared plumbing of the headless commands (one file per command family)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "aud-store.h"

G_BEGIN_DECLS

/* Exit codes scripts can rely on. */
enum {
  AUD_CLI_EXIT_OK = 0,
  AUD_CLI_EXIT_FAILURE = 1,
  AUD_CLI_EXIT_USAGE = 2,
  AUD_CLI_EXIT_NEEDS_RECONNECT = 3,
  AUD_CLI_EXIT_PAUSED = 4,
};

typedef struct
{
  const char *command;
  char       *workspace;
  AudStore   *store;
} AudCliContext;

typedef struct
{
  const char *name;
  const char *summary;
  int       (*run) (AudCliContext *ctx, int argc, char **argv);
} AudCliCommand;

/* Commands of later areas register here (aud-cli-commands.c). */
const AudCliCommand *aud_cli_extra_commands   (void);
guint                aud_cli_n_extra_commands (void);

gboolean   aud_cli_parse       (AudCliContext   *ctx,
                                GOptionContext  *options,
                                int             *argc,
                                char          ***argv);
AudStore  *aud_cli_open_store  (AudCliContext   *ctx,
                                GError         **error);
void       aud_cli_error       (AudCliContext   *ctx,
                                const char      *format,
                                ...) G_GNUC_PRINTF (2, 3);
/* Prints the error for the command and returns AUD_CLI_EXIT_FAILURE. */
int        aud_cli_fail        (AudCliContext   *ctx,
                                const GError    *error);
/* Prints the command's help to stderr and returns AUD_CLI_EXIT_USAGE. */
int        aud_cli_usage       (GOptionContext  *options);
/* "-" is standard output; a file is replaced only when the stream closes, so a failed export
 * never leaves half a file where the old one was. */
GOutputStream *aud_cli_open_output (const char  *path,
                                    GError     **error);
int        aud_cli_print_connection_status (AudCliContext *ctx,
                                            AudStore      *store);

/* One line per command, implemented in aud-cli-<area>.c */
int aud_cli_command_sync (AudCliContext *ctx, int argc, char **argv);
int aud_cli_segment_run (AudCliContext *ctx, int argc, char **argv);
int aud_cli_writeback_run (AudCliContext *ctx, int argc, char **argv);
int aud_cli_writeback_undo_run (AudCliContext *ctx, int argc, char **argv);
int aud_cli_match_run (AudCliContext *ctx, int argc, char **argv);
int aud_cli_entities_run (AudCliContext *ctx, int argc, char **argv);
int aud_cli_warehouse_run (AudCliContext *ctx, int argc, char **argv);

G_END_DECLS
