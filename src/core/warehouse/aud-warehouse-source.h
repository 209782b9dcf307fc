/* aud-warehouse-source.h — a warehouse table or SELECT as a source of the workspace
 *
 * The settings live as JSON in sources.settings: the DSN or connection string (never the
 * password, which is in the keyring), the table or SELECT, the column → field mapping, the
 * column identifying a row and the optional "updated at" column.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "aud-store.h"
#include "aud-warehouse-reader.h"

G_BEGIN_DECLS

typedef struct
{
  char       *connection;
  char       *table;               /* one of table and query */
  char       *query;
  char       *id_column;
  char       *updated_at_column;   /* NULL: every sync is a full read */
  GPtrArray  *columns;             /* mapped column names (char *) … */
  GPtrArray  *fields;              /* … and the fields they feed; empty: every column as is */
} AudWarehouseSettings;

AudWarehouseSettings *aud_warehouse_settings_new      (void);
void                  aud_warehouse_settings_free     (AudWarehouseSettings *settings);
void                  aud_warehouse_settings_add_map  (AudWarehouseSettings *settings,
                                                       const char           *column,
                                                       const char           *field);
/* Checks the table or SELECT is read-only and the id column is given. */
gboolean              aud_warehouse_settings_validate (AudWarehouseSettings *settings,
                                                       GError              **error);
char                 *aud_warehouse_settings_to_json  (const AudWarehouseSettings *settings);
AudWarehouseSettings *aud_warehouse_settings_from_json (const char          *json,
                                                       GError              **error);
/* SELECT * FROM the table, or FROM (the query) — the set every read starts from. */
char                 *aud_warehouse_settings_base_sql (const AudWarehouseSettings *settings);

/* Creates or updates the source (kind 'warehouse', keyed by object and name) with @settings
 * and links it to @audience_id (when >= 0). Returns its id, -1 on error. */
gint64    aud_warehouse_source_save    (AudStore                   *store,
                                        const char                 *object,
                                        const char                 *name,
                                        const AudWarehouseSettings *settings,
                                        gint64                      audience_id,
                                        GError                    **error);
AudWarehouseSettings *aud_warehouse_source_load (AudStore          *store,
                                                 gint64             source_id,
                                                 GError           **error);
/* The audience's warehouse sources, by name, or its only one when @name is NULL. */
gint64    aud_warehouse_source_find    (AudStore                   *store,
                                        gint64                      audience_id,
                                        const char                 *name,
                                        GError                    **error);

/* The warehouse sources some audience uses, oldest first: what a "sync everything" runs
 * aud_warehouse_job_run() on, after the Salesforce objects. */
GArray   *aud_warehouse_source_list_synced (AudStore               *store,
                                            GError                **error);

/* Runs the base query and keeps the first @limit rows: each a GStrv of canonical texts (NULL
 * entries for SQL NULL are stored as NULL pointers inside a GPtrArray). The reader keeps the
 * columns with their types for the caller to show. */
GPtrArray *aud_warehouse_preview       (AudWarehouseReader         *reader,
                                        const AudWarehouseSettings *settings,
                                        guint                       limit,
                                        GError                    **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (AudWarehouseSettings, aud_warehouse_settings_free)

G_END_DECLS
