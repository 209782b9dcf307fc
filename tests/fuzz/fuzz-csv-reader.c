/* fuzz-csv-reader.c — libFuzzer target for the CSV reader and writer
 *
 * Any input must end in rows or an error, never a crash, a leak or a critical. Rows that read
 * cleanly must survive a write and a second read unchanged, so the writer's quoting and the
 * reader's parsing agree on every value the fuzzer can think of.
 *
 * Also compiled into tests/test-csv-fuzz-corpus.c, which runs the seed corpus in the normal suite.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <stdint.h>
#include <string.h>

#include "aud-csv-reader.h"
#include "aud-csv-writer.h"
#include "fuzz-csv-reader.h"

/* Small, so a fuzzer finds the row-too-long path without needing megabytes. */
#define FUZZ_MAX_ROW_BYTES (64 * 1024)

static GPtrArray *
read_rows (GBytes           *bytes,
           AudCsvEncoding    encoding,
           char              delimiter,
           char             *detected_delimiter)
{
  g_autoptr(GInputStream) stream = g_memory_input_stream_new_from_bytes (bytes);
  g_autoptr(AudCsvReader) reader = aud_csv_reader_new (stream);
  GPtrArray *rows = g_ptr_array_new_with_free_func ((GDestroyNotify) g_strfreev);
  guint64 last_line = 0;

  aud_csv_reader_set_encoding (reader, encoding);
  aud_csv_reader_set_delimiter (reader, delimiter);
  aud_csv_reader_set_header_mode (reader, AUD_CSV_HEADER_NO);
  aud_csv_reader_set_max_row_bytes (reader, FUZZ_MAX_ROW_BYTES);

  for (;;)
    {
      g_autoptr(GError) error = NULL;
      GStrvBuilder *builder;

      if (!aud_csv_reader_read_row (reader, NULL, &error))
        {
          if (error == NULL || !aud_csv_error_is_row_error (error))
            break;
          g_assert_cmpuint (aud_csv_reader_get_line (reader), >, last_line);
          last_line = aud_csv_reader_get_line (reader);
          continue;
        }

      /* Rows start on strictly increasing lines, and every value is UTF-8 without NUL. */
      g_assert_cmpuint (aud_csv_reader_get_line (reader), >, last_line);
      last_line = aud_csv_reader_get_line (reader);
      g_assert_cmpuint (aud_csv_reader_get_n_fields (reader), >, 0);

      builder = g_strv_builder_new ();
      for (guint i = 0; i < aud_csv_reader_get_n_fields (reader); i++)
        {
          gsize len;
          const char *value = aud_csv_reader_get_field (reader, i, &len);

          g_assert_cmpuint (strlen (value), ==, len);
          g_assert_true (g_utf8_validate_len (value, len, NULL));
          g_strv_builder_add (builder, value);
        }
      g_ptr_array_add (rows, g_strv_builder_end (builder));
      g_strv_builder_unref (builder);
    }

  if (detected_delimiter != NULL)
    *detected_delimiter = aud_csv_reader_get_delimiter (reader);

  return rows;
}

static GBytes *
write_rows (GPtrArray *rows,
            char       delimiter)
{
  g_autoptr(GOutputStream) out = g_memory_output_stream_new_resizable ();
  g_autoptr(AudCsvWriter) writer = aud_csv_writer_new (out);
  g_autoptr(GError) error = NULL;

  aud_csv_writer_set_neutralize_formulas (writer, FALSE);
  aud_csv_writer_set_delimiter (writer, delimiter);
  for (guint i = 0; i < rows->len; i++)
    {
      const char * const *row = g_ptr_array_index (rows, i);

      g_assert_true (aud_csv_writer_write_row (writer, row, g_strv_length ((char **) row), NULL, &error));
    }
  g_assert_true (aud_csv_writer_flush (writer, NULL, &error));
  g_assert_no_error (error);
  g_output_stream_close (out, NULL, NULL);

  return g_memory_output_stream_steal_as_bytes (G_MEMORY_OUTPUT_STREAM (out));
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autoptr(GBytes) bytes = g_bytes_new (data, size);
  g_autoptr(GPtrArray) rows = NULL;
  g_autoptr(GPtrArray) again = NULL;
  g_autoptr(GBytes) written = NULL;
  char delimiter = '\0';

  rows = read_rows (bytes, AUD_CSV_ENCODING_AUTO, '\0', &delimiter);

  /* Another configuration over the same bytes: forced encoding and delimiter, no sniffing. */
  g_ptr_array_unref (read_rows (bytes, AUD_CSV_ENCODING_UTF16LE, ';', NULL));
  g_ptr_array_unref (read_rows (bytes, AUD_CSV_ENCODING_WINDOWS_1252, '\t', NULL));

  /* Rows of unequal width (the ragged ones were errors, so this only drops nothing) and a value
   * starting with a byte order mark, which any reader strips on purpose, are left out of the
   * round trip. */
  if (rows->len == 0)
    return 0;
  if (g_str_has_prefix (((char **) g_ptr_array_index (rows, 0))[0], "\xEF\xBB\xBF"))
    return 0;

  written = write_rows (rows, delimiter);

  /* Dropping the bad rows can push what is left over the "full of control characters" line,
   * which is a documented refusal, not a round-trip failure. */
  {
    gsize len;
    const guint8 *text = g_bytes_get_data (written, &len);

    if (aud_csv_sniff_is_binary (text, MIN (len, 256 * 1024)))
      return 0;
  }

  again = read_rows (written, AUD_CSV_ENCODING_UTF8, delimiter, NULL);

  g_assert_cmpuint (again->len, ==, rows->len);
  for (guint i = 0; i < rows->len; i++)
    {
      char **a = g_ptr_array_index (rows, i);
      char **b = g_ptr_array_index (again, i);

      g_assert_cmpuint (g_strv_length (a), ==, g_strv_length (b));
      for (guint j = 0; a[j] != NULL; j++)
        g_assert_cmpstr (a[j], ==, b[j]);
    }

  return 0;
}
