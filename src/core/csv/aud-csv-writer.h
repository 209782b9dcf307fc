/* aud-csv-writer.h — writes RFC 4180 CSV (UTF-8, CRLF) that spreadsheets open safely
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

#define AUD_TYPE_CSV_WRITER (aud_csv_writer_get_type ())
G_DECLARE_FINAL_TYPE (AudCsvWriter, aud_csv_writer, AUD, CSV_WRITER, GObject)

AudCsvWriter *aud_csv_writer_new                     (GOutputStream      *stream);
/* On by default: a value a spreadsheet would run as a formula gets a leading '. */
void          aud_csv_writer_set_neutralize_formulas (AudCsvWriter       *self,
                                                      gboolean            neutralize);
gboolean      aud_csv_writer_get_neutralize_formulas (AudCsvWriter       *self);
void          aud_csv_writer_set_delimiter           (AudCsvWriter       *self,
                                                      char                delimiter);
/* NULL values are written as empty cells. @values must be valid UTF-8. */
gboolean      aud_csv_writer_write_row               (AudCsvWriter       *self,
                                                      const char * const *values,
                                                      guint               n_values,
                                                      GCancellable       *cancellable,
                                                      GError            **error);
/* Writes what is buffered; the stream stays open. */
gboolean      aud_csv_writer_flush                   (AudCsvWriter       *self,
                                                      GCancellable       *cancellable,
                                                      GError            **error);
guint64       aud_csv_writer_get_n_rows              (AudCsvWriter       *self);

/* TRUE when a spreadsheet would run @value as a formula, so the writer guards it. */
gboolean      aud_csv_value_needs_neutralizing       (const char         *value);

G_END_DECLS
