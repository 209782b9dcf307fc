/* aud-test-postgres.h — a private PostgreSQL server for tests and benchmarks
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

#define AUD_TEST_PG_PASSWORD "s3cret-Pw;x}"

/* Where the server's socket lives and the port that names it; set by aud_test_pg_setup(). */
extern char *aud_test_pg_dir;
extern int   aud_test_pg_port;

/* Starts a fresh server (superuser "aud", password AUD_TEST_PG_PASSWORD) and a watchdog that
 * stops it if this process dies. Returns NULL, or why the caller should skip. */
const char *aud_test_pg_setup              (void);
gboolean    aud_test_pg_start              (GError     **error);
/* Immediate shutdown: what a crashed server looks like to a client. */
void        aud_test_pg_stop               (void);
/* Runs @sql through psql; asserts that it worked. */
void        aud_test_pg_sql                (const char  *sql);
char       *aud_test_pg_connection_string  (const char  *user);
void        aud_test_pg_cleanup            (void);
void        aud_test_remove_tree           (const char  *dir);

G_END_DECLS
