/* aud-csv-reader.h — a streaming RFC 4180 reader with line numbers and bounded memory
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "aud-csv-sniffer.h"

G_BEGIN_DECLS

#define AUD_CSV_ERROR (aud_csv_error_quark ())

/* Codes are what the user must do: most name a line to fix. Row errors (see
 * aud_csv_error_is_row_error()) leave the reader usable, so an import can skip that row. */
typedef enum
{
  AUD_CSV_ERROR_FAILED,
  AUD_CSV_ERROR_EMPTY_FILE,          /* no rows at all */
  AUD_CSV_ERROR_BINARY,              /* NUL bytes: not a text file */
  AUD_CSV_ERROR_INVALID_ENCODING,    /* row: bytes that are not valid in the file's encoding */
  AUD_CSV_ERROR_UNTERMINATED_QUOTE,  /* a quoted value still open at the end of the file */
  AUD_CSV_ERROR_RAGGED_ROW,          /* row: more or fewer values than the header has columns */
  AUD_CSV_ERROR_EMPTY_HEADER,        /* a header column without a name */
  AUD_CSV_ERROR_DUPLICATE_HEADER,    /* two header columns with the same name */
  AUD_CSV_ERROR_ROW_TOO_LONG,        /* a row larger than max-row-bytes: memory stays bounded */
  AUD_CSV_ERROR_VALUE_TOO_LONG,      /* row: a value longer than its field allows (importer) */
  AUD_CSV_ERROR_MISSING_ID,          /* row: the id column is empty (importer) */
  AUD_CSV_ERROR_DUPLICATE_ID,        /* row: a second row with the same id (importer) */
  AUD_CSV_ERROR_UNKNOWN_COLUMN,      /* the mapping names a column the file does not have */
  AUD_CSV_ERROR_BAD_ROWS,            /* rows had errors and the policy was to cancel */
  AUD_CSV_ERROR_FIRST_ROW_ENCODING,  /* the first row is not valid in the chosen encoding */
} AudCsvError;

typedef enum
{
  AUD_CSV_HEADER_AUTO,
  AUD_CSV_HEADER_YES,
  AUD_CSV_HEADER_NO,
} AudCsvHeaderMode;

/* Bytes one row may occupy once decoded; a 10 MB value fits, a runaway quote does not. */
#define AUD_CSV_READER_DEFAULT_MAX_ROW_BYTES (64 * 1024 * 1024)

#define AUD_TYPE_CSV_READER (aud_csv_reader_get_type ())
G_DECLARE_FINAL_TYPE (AudCsvReader, aud_csv_reader, AUD, CSV_READER, GObject)

GQuark              aud_csv_error_quark             (void);
gboolean            aud_csv_error_is_row_error      (const GError     *error);

AudCsvReader       *aud_csv_reader_new              (GInputStream     *stream);

/* Settings: call before the first open or read. 0 / AUTO means detect. */
void                aud_csv_reader_set_encoding     (AudCsvReader     *self,
                                                     AudCsvEncoding    encoding);
void                aud_csv_reader_set_delimiter    (AudCsvReader     *self,
                                                     char              delimiter);
void                aud_csv_reader_set_header_mode  (AudCsvReader     *self,
                                                     AudCsvHeaderMode  mode);
void                aud_csv_reader_set_max_row_bytes (AudCsvReader    *self,
                                                      gsize            max_row_bytes);

/* Detects encoding, delimiter and header and reads the header row. Called by the first read if
 * the caller does not; fails with EMPTY_FILE, BINARY, EMPTY_HEADER, DUPLICATE_HEADER, … */
gboolean            aud_csv_reader_open             (AudCsvReader     *self,
                                                     GCancellable     *cancellable,
                                                     GError          **error);
AudCsvEncoding      aud_csv_reader_get_encoding     (AudCsvReader     *self);
/* TRUE when the encoding is Windows-1252 only because the bytes were not UTF-8: ask the user. */
gboolean            aud_csv_reader_get_encoding_guessed (AudCsvReader *self);
char                aud_csv_reader_get_delimiter    (AudCsvReader     *self);
gboolean            aud_csv_reader_get_has_header   (AudCsvReader     *self);
/* Column names: the header's, or “Column 1”, “Column 2”, … without one. NULL-terminated. */
const char * const *aud_csv_reader_get_columns      (AudCsvReader     *self);
guint               aud_csv_reader_get_n_columns    (AudCsvReader     *self);

/* TRUE with a row; FALSE at the end (no error) or on an error. After a row error the next call
 * reads the following row. Blank lines are skipped. */
gboolean            aud_csv_reader_read_row         (AudCsvReader     *self,
                                                     GCancellable     *cancellable,
                                                     GError          **error);
/* The row just read; valid until the next read. */
guint               aud_csv_reader_get_n_fields     (AudCsvReader     *self);
const char         *aud_csv_reader_get_field        (AudCsvReader     *self,
                                                     guint             index,
                                                     gsize            *len);
/* 1-based physical line the row (or the failed row) starts on. */
guint64             aud_csv_reader_get_line         (AudCsvReader     *self);
/* Bytes of the file consumed so far, for progress. */
guint64             aud_csv_reader_get_bytes_read   (AudCsvReader     *self);

G_END_DECLS
