/* aud-store.h — the workspace: one SQLite file holding everything Audiences knows
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

#define AUD_STORE_ERROR (aud_store_error_quark ())

typedef enum
{
  AUD_STORE_ERROR_FAILED,
  AUD_STORE_ERROR_TOO_NEW,   /* written by a newer Audiences: refuse, never rewrite */
  AUD_STORE_ERROR_CORRUPT,   /* not a database, or damaged */
  AUD_STORE_ERROR_BUSY,      /* another process holds the write lock past busy_timeout */
  AUD_STORE_ERROR_NOT_FOUND,
  AUD_STORE_ERROR_EXISTS,
  AUD_STORE_ERROR_INVALID,
} AudStoreError;

/* The schema version this build writes; see aud-store-migrations.c. */
#define AUD_STORE_SCHEMA_VERSION (aud_store_schema_version ())

#define AUD_TYPE_STORE (aud_store_get_type ())
G_DECLARE_FINAL_TYPE (AudStore, aud_store, AUD, STORE, GObject)

GQuark       aud_store_error_quark        (void);
int          aud_store_schema_version     (void);
char        *aud_store_default_path       (void);
AudStore    *aud_store_open               (const char  *path,
                                           GError     **error);
const char  *aud_store_get_path           (AudStore    *self);
int          aud_store_get_user_version   (AudStore    *self);

gboolean     aud_store_begin              (AudStore    *self,
                                           GError     **error);
gboolean     aud_store_commit             (AudStore    *self,
                                           GError     **error);
void         aud_store_rollback           (AudStore    *self);

/* Sources and their cursors */
gint64       aud_store_ensure_salesforce_source (AudStore    *self,
                                                 const char  *object,
                                                 GError     **error);
gboolean     aud_store_get_source_cursor  (AudStore    *self,
                                           gint64       source_id,
                                           char       **watermark,
                                           char       **position,
                                           GError     **error);
gboolean     aud_store_set_source_cursor  (AudStore    *self,
                                           gint64       source_id,
                                           const char  *watermark,
                                           const char  *position,
                                           GError     **error);

/* Source records: keyed by (source, external id); values is a JSON object text. */
gboolean     aud_store_upsert_source_record (AudStore    *self,
                                             gint64       source_id,
                                             const char  *external_id,
                                             const char  *modstamp,
                                             gboolean     is_deleted,
                                             const char  *values_json,
                                             gboolean    *created,
                                             GError     **error);
gint64       aud_store_count_source_records (AudStore    *self,
                                             gint64       source_id,
                                             gboolean     include_deleted,
                                             GError     **error);

G_END_DECLS
