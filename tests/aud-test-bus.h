/* aud-test-bus.h — session-bus and local-server helpers for tests
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* TRUE when something owns org.freedesktop.secrets (an unlocked gnome-keyring in the test
 * session). Tests skip otherwise: activating one can hang on a prompt. */
gboolean  aud_test_have_secret_service (void);

/* Starts a private bus with no service directories, so nothing can be activated on it. Returns
 * its address, or NULL when dbus-daemon is missing. Kill @pid when done. */
char     *aud_test_start_empty_bus     (GPid *pid);

/* Runs the current test again in a subprocess whose session bus is a fresh empty one (GDBus
 * caches the bus per process, so it cannot change in-process). FALSE, after g_test_skip, when
 * there is no dbus-daemon; otherwise assert on the trap as usual. */
gboolean  aud_test_trap_on_empty_bus   (guint64     usec_timeout);

/* Blocks until a local server answers GET @base_url/services/data/. The demo org's stop can miss
 * its quit when called before its loop runs, so fixtures wait for it to serve first. */
void      aud_test_wait_until_serving  (const char *base_url);

G_END_DECLS
