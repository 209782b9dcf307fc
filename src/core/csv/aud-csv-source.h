/* aud-csv-source.h — the workspace side of CSV sources: find, create, upsert, export
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "aud-csv-writer.h"
#include "aud-store.h"

G_BEGIN_DECLS

/* The header of the column holding each record's source record id in an export. */
#define AUD_CSV_SOURCE_ID_COLUMN "Source Record Id"

typedef enum
{
  AUD_CSV_UPSERT_CREATED,
  AUD_CSV_UPSERT_UPDATED,
  AUD_CSV_UPSERT_UNCHANGED,
} AudCsvUpsertResult;

/* A CSV source is keyed by the object its rows describe and a name (by default the file's). */
gint64    aud_csv_source_ensure          (AudStore            *store,
                                          const char          *object,
                                          const char          *name,
                                          GError             **error);
/* -1 with AUD_STORE_ERROR_NOT_FOUND when there is none. */
gint64    aud_csv_source_find            (AudStore            *store,
                                          const char          *object,
                                          const char          *name,
                                          GError             **error);
/* Adds the source to the audience's sources; nothing when it already is one. */
gboolean  aud_csv_source_link_audience   (AudStore            *store,
                                          gint64               source_id,
                                          gint64               audience_id,
                                          GError             **error);
/* A source of the audience by name: one of its linked sources, or the Salesforce source of its
 * object. -1 with AUD_STORE_ERROR_NOT_FOUND when there is none. */
gint64    aud_csv_source_find_for_audience (AudStore          *store,
                                            gint64             audience_id,
                                            const char        *object,
                                            const char        *name,
                                            GError           **error);
/* Names of the audience's linked sources, for messages. */
GStrv     aud_csv_source_list_audience_sources (AudStore      *store,
                                                gint64         audience_id,
                                                GError       **error);
char     *aud_csv_source_get_settings    (AudStore            *store,
                                          gint64               source_id,
                                          GError             **error);
gboolean  aud_csv_source_set_settings    (AudStore            *store,
                                          gint64               source_id,
                                          const char          *settings_json,
                                          GError             **error);

/* One import's bookkeeping, all inside the caller's transaction: which ids the file had, so
 * records it no longer has can be marked deleted. */
gboolean  aud_csv_source_begin_import    (AudStore            *store,
                                          GError             **error);
/* *first is FALSE when the id was already seen in this import. */
gboolean  aud_csv_source_mark_seen       (AudStore            *store,
                                          const char          *external_id,
                                          gboolean            *first,
                                          GError             **error);
gboolean  aud_csv_source_upsert          (AudStore            *store,
                                          gint64               source_id,
                                          const char          *external_id,
                                          const char          *modstamp,
                                          const char          *values_json,
                                          AudCsvUpsertResult  *result,
                                          GError             **error);
/* Marks the source's live records that the import did not see as deleted; returns how many. */
gint64    aud_csv_source_remove_unseen   (AudStore            *store,
                                          gint64               source_id,
                                          const char          *modstamp,
                                          GError             **error);
void      aud_csv_source_end_import      (AudStore            *store);

/* The fields the source's live records hold, in the order they first appear. */
GStrv     aud_csv_source_list_fields     (AudStore            *store,
                                          gint64               source_id,
                                          GError             **error);
/* Writes a header (AUD_CSV_SOURCE_ID_COLUMN, then @headers or else @fields) and one row per live
 * record. @fields NULL means aud_csv_source_list_fields(). Flushes the writer. */
gboolean  aud_csv_source_export          (AudStore            *store,
                                          gint64               source_id,
                                          const char * const  *fields,
                                          const char * const  *headers,
                                          AudCsvWriter        *writer,
                                          GCancellable        *cancellable,
                                          GError             **error);

G_END_DECLS
