/* aud-warehouse-vault.h — warehouse passwords in the Secret Service, keyed by connection
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* A locked keyring can wait forever on a prompt nobody sees; every call gives up after this. */
#define AUD_WAREHOUSE_VAULT_TIMEOUT_MS 10000

/* These block the calling thread (a worker, or the CLI) on a private main context, at most
 * @timeout_ms (0: the default). Any keyring failure is an error: the caller asks for the
 * password instead. Lookup returns NULL without error when nothing is stored. */
gboolean  aud_warehouse_vault_store   (const char    *connection,
                                       const char    *password,
                                       guint          timeout_ms,
                                       GCancellable  *cancellable,
                                       GError       **error);
char     *aud_warehouse_vault_lookup  (const char    *connection,
                                       guint          timeout_ms,
                                       GCancellable  *cancellable,
                                       GError       **error);
gboolean  aud_warehouse_vault_clear   (const char    *connection,
                                       guint          timeout_ms,
                                       GCancellable  *cancellable,
                                       GError       **error);

G_END_DECLS
