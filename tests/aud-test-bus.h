/* aud-test-bus.h — session-bus helpers for tests that touch the Secret Service
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

G_END_DECLS
