/* csv-test-util.c — helpers shared by the CSV tests: a stream that trickles, a row dumper
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "csv-test-util.h"

#define CSV_TEST_TYPE_TRICKLE_STREAM (csv_test_trickle_stream_get_type ())
G_DECLARE_FINAL_TYPE (CsvTestTrickleStream, csv_test_trickle_stream, CSV_TEST, TRICKLE_STREAM, GInputStream)

struct _CsvTestTrickleStream
{
  GInputStream  parent_instance;
  GBytes       *bytes;
  gsize         pos;
  gsize         step;
};

G_DEFINE_FINAL_TYPE (CsvTestTrickleStream, csv_test_trickle_stream, G_TYPE_INPUT_STREAM)

static gssize
trickle_read (GInputStream  *stream,
              void          *buffer,
              gsize          count,
              GCancellable  *cancellable,
              GError       **error)
{
  CsvTestTrickleStream *self = CSV_TEST_TRICKLE_STREAM (stream);
  gsize size;
  const guint8 *data = g_bytes_get_data (self->bytes, &size);
  gsize n = MIN (MIN (count, self->step), size - self->pos);

  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    return -1;

  if (n > 0)
    memcpy (buffer, data + self->pos, n);
  self->pos += n;
  return (gssize) n;
}

static void
trickle_finalize (GObject *object)
{
  CsvTestTrickleStream *self = CSV_TEST_TRICKLE_STREAM (object);

  g_bytes_unref (self->bytes);
  G_OBJECT_CLASS (csv_test_trickle_stream_parent_class)->finalize (object);
}

static void
csv_test_trickle_stream_class_init (CsvTestTrickleStreamClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = trickle_finalize;
  G_INPUT_STREAM_CLASS (klass)->read_fn = trickle_read;
}

static void
csv_test_trickle_stream_init (CsvTestTrickleStream *self)
{
}

GInputStream *
csv_test_trickle_stream_new (GBytes *bytes,
                             gsize   step)
{
  CsvTestTrickleStream *self = g_object_new (CSV_TEST_TYPE_TRICKLE_STREAM, NULL);

  self->bytes = g_bytes_ref (bytes);
  self->step = step;
  return G_INPUT_STREAM (self);
}

char *
csv_test_dump (const char       *data,
               gsize             len,
               gsize             step,
               CsvTestConfigure  configure)
{
  g_autoptr(GBytes) bytes = g_bytes_new (data, len);
  g_autoptr(GInputStream) stream = csv_test_trickle_stream_new (bytes, step);
  g_autoptr(AudCsvReader) reader = aud_csv_reader_new (stream);
  g_autoptr(GError) error = NULL;
  GString *out = g_string_new (NULL);

  if (configure != NULL)
    configure (reader);

  if (!aud_csv_reader_open (reader, NULL, &error))
    {
      g_string_append_printf (out, "F:%d", error->code);
      return g_string_free (out, FALSE);
    }

  if (aud_csv_reader_get_has_header (reader))
    {
      g_autofree char *joined = g_strjoinv ("|", (char **) aud_csv_reader_get_columns (reader));
      g_string_append_printf (out, "header:%s\n", joined);
    }

  for (;;)
    {
      if (aud_csv_reader_read_row (reader, NULL, &error))
        {
          g_string_append_printf (out, "L%llu:", (unsigned long long) aud_csv_reader_get_line (reader));
          for (guint i = 0; i < aud_csv_reader_get_n_fields (reader); i++)
            {
              if (i > 0)
                g_string_append_c (out, '|');
              g_string_append (out, aud_csv_reader_get_field (reader, i, NULL));
            }
          g_string_append_c (out, '\n');
        }
      else if (error == NULL)
        break;
      else if (aud_csv_error_is_row_error (error))
        {
          g_string_append_printf (out, "E%llu:%d\n", (unsigned long long) aud_csv_reader_get_line (reader),
                                  error->code);
          g_clear_error (&error);
        }
      else
        {
          g_string_append_printf (out, "F:%d", error->code);
          break;
        }
    }

  return g_string_free (out, FALSE);
}
