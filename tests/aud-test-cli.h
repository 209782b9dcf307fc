/* aud-test-cli.h — run the real `audiences` binary as cron would, for the CLI tests
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>
#include <stdarg.h>

G_BEGIN_DECLS

/* Runs $AUDIENCES_BINARY with the arguments from @first (NULL-terminated) in @cwd, with no
 * display and no session bus, on @workspace. Replaces *out and *err; returns the exit code. */
int aud_test_cli_run_va (const char  *workspace,
                         const char  *cwd,
                         char       **out,
                         char       **err,
                         const char  *first,
                         va_list      args);

G_END_DECLS
