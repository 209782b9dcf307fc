/* aud-csv-import.h — imports a CSV file as one source of the workspace, in one transaction
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "aud-csv-reader.h"
#include "aud-store.h"

G_BEGIN_DECLS

/* One column of the file feeding one field. Independent of audiences: the caller passes what the
 * mapping says. */
typedef struct
{
  const char *column;      /* header name in the file */
  const char *field;       /* API name the value is saved under */
  guint       max_length;  /* characters the field holds; 0 for no limit */
} AudCsvColumnMap;

typedef enum
{
  AUD_CSV_BAD_ROWS_CANCEL,   /* any bad row: report them all, write nothing */
  AUD_CSV_BAD_ROWS_SKIP,     /* import the good rows, report the bad ones */
} AudCsvBadRowPolicy;

typedef struct
{
  guint64 rows;              /* rows read so far, good and bad */
  guint64 bytes_read;
  guint64 bytes_total;       /* 0 when the size is unknown */
  double  rows_per_second;
  double  eta_seconds;       /* < 0 when unknown */
} AudCsvImportProgress;

typedef struct
{
  guint64  line;
  int      code;             /* AudCsvError */
  char    *message;
} AudCsvProblem;

/* Called in the thread that started the import (the main context of run_async's caller), never
 * more often than the worker can coalesce: at most one call is pending at a time. */
typedef void (*AudCsvImportProgressFunc) (const AudCsvImportProgress *progress,
                                          gpointer                    user_data);

#define AUD_TYPE_CSV_IMPORT (aud_csv_import_get_type ())
G_DECLARE_FINAL_TYPE (AudCsvImport, aud_csv_import, AUD, CSV_IMPORT, GObject)

/* @source_name NULL: the file's base name. */
AudCsvImport *aud_csv_import_new                (GFile                     *file,
                                                 const char                *object,
                                                 const char                *source_name);
const char   *aud_csv_import_get_source_name    (AudCsvImport              *self);
void          aud_csv_import_set_mapping        (AudCsvImport              *self,
                                                 const AudCsvColumnMap     *map,
                                                 guint                      n_map);
guint         aud_csv_import_get_n_mapped       (AudCsvImport              *self);
/* NULL: each row is keyed by a fingerprint of all its values. */
void          aud_csv_import_set_id_column      (AudCsvImport              *self,
                                                 const char                *column);
/* Links the source to this audience in the import's transaction; -1 (the default) links none. */
void          aud_csv_import_set_audience_id    (AudCsvImport              *self,
                                                 gint64                     audience_id);
void          aud_csv_import_set_bad_row_policy (AudCsvImport              *self,
                                                 AudCsvBadRowPolicy         policy);
void          aud_csv_import_set_encoding       (AudCsvImport              *self,
                                                 AudCsvEncoding             encoding);
void          aud_csv_import_set_delimiter      (AudCsvImport              *self,
                                                 char                       delimiter);
void          aud_csv_import_set_header_mode    (AudCsvImport              *self,
                                                 AudCsvHeaderMode           mode);
void          aud_csv_import_set_progress_func  (AudCsvImport              *self,
                                                 AudCsvImportProgressFunc   func,
                                                 gpointer                   user_data,
                                                 GDestroyNotify             destroy);

/* Fills the mapping and id column from the source's last import when the caller set none, so a
 * re-import reuses them. FALSE only on a store error; no previous import is not an error. */
gboolean      aud_csv_import_load_saved_settings (AudCsvImport             *self,
                                                  AudStore                 *store,
                                                  GError                  **error);

/* Runs in the calling thread on @store, which must belong to it. On failure or cancellation the
 * workspace is as it was before. */
gboolean      aud_csv_import_run                (AudCsvImport              *self,
                                                 AudStore                  *store,
                                                 GCancellable              *cancellable,
                                                 GError                   **error);
/* Runs on a worker thread with its own connection to @workspace_path. */
void          aud_csv_import_run_async          (AudCsvImport              *self,
                                                 const char                *workspace_path,
                                                 GCancellable              *cancellable,
                                                 GAsyncReadyCallback        callback,
                                                 gpointer                   user_data);
gboolean      aud_csv_import_run_finish         (AudCsvImport              *self,
                                                 GAsyncResult              *result,
                                                 GError                   **error);

/* Thread-safe snapshot. */
void          aud_csv_import_get_progress       (AudCsvImport              *self,
                                                 AudCsvImportProgress      *progress);

/* Results, valid after the run. */
gint64        aud_csv_import_get_source_id      (AudCsvImport              *self);
guint64       aud_csv_import_get_n_created      (AudCsvImport              *self);
guint64       aud_csv_import_get_n_updated      (AudCsvImport              *self);
guint64       aud_csv_import_get_n_unchanged    (AudCsvImport              *self);
guint64       aud_csv_import_get_n_removed      (AudCsvImport              *self);
guint64       aud_csv_import_get_n_skipped      (AudCsvImport              *self);
/* The bad rows (AudCsvProblem), at most the first 1000, in file order. */
GPtrArray    *aud_csv_import_get_problems       (AudCsvImport              *self);
AudCsvEncoding aud_csv_import_get_encoding      (AudCsvImport              *self);
gboolean      aud_csv_import_get_encoding_guessed (AudCsvImport            *self);

G_END_DECLS
