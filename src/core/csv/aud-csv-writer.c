/* aud-csv-writer.c — writes RFC 4180 CSV (UTF-8, CRLF) that spreadsheets open safely
 *
 * Rows are buffered and written in blocks, so exporting a million records costs a few hundred
 * writes, not millions.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "aud-csv-writer.h"

#define FLUSH_AT (64 * 1024)

struct _AudCsvWriter
{
  GObject        parent_instance;

  GOutputStream *stream;
  GString       *buffer;
  char           delimiter;
  gboolean       neutralize;
  guint64        n_rows;
};

G_DEFINE_FINAL_TYPE (AudCsvWriter, aud_csv_writer, G_TYPE_OBJECT)

AudCsvWriter *
aud_csv_writer_new (GOutputStream *stream)
{
  AudCsvWriter *self;

  g_return_val_if_fail (G_IS_OUTPUT_STREAM (stream), NULL);

  self = g_object_new (AUD_TYPE_CSV_WRITER, NULL);
  self->stream = g_object_ref (stream);
  return self;
}

void
aud_csv_writer_set_neutralize_formulas (AudCsvWriter *self,
                                        gboolean      neutralize)
{
  g_return_if_fail (AUD_IS_CSV_WRITER (self));

  self->neutralize = !!neutralize;
}

gboolean
aud_csv_writer_get_neutralize_formulas (AudCsvWriter *self)
{
  g_return_val_if_fail (AUD_IS_CSV_WRITER (self), FALSE);

  return self->neutralize;
}

void
aud_csv_writer_set_delimiter (AudCsvWriter *self,
                              char          delimiter)
{
  g_return_if_fail (AUD_IS_CSV_WRITER (self));
  g_return_if_fail (delimiter != '"' && delimiter != '\r' && delimiter != '\n' && delimiter != '\0');

  self->delimiter = delimiter;
}

/* A plain number such as -42 or +3.5 is data, not a formula: spreadsheets show it as a number
 * either way, and a leading ' would turn every negative amount into text. */
static gboolean
is_plain_number (const char *value)
{
  const char *p = value;
  gboolean digits = FALSE;

  if (*p == '+' || *p == '-')
    p++;
  while (g_ascii_isdigit (*p))
    {
      p++;
      digits = TRUE;
    }
  if (*p == '.')
    {
      p++;
      while (g_ascii_isdigit (*p))
        {
          p++;
          digits = TRUE;
        }
    }

  return digits && *p == '\0';
}

gboolean
aud_csv_value_needs_neutralizing (const char *value)
{
  if (value == NULL)
    return FALSE;

  /* OWASP's list of characters that start a formula (CSV injection). */
  switch (value[0])
    {
    case '=':
    case '@':
    case '\t':
    case '\r':
      return TRUE;
    case '+':
    case '-':
      return !is_plain_number (value);
    default:
      return FALSE;
    }
}

static void
append_value (AudCsvWriter *self,
              const char   *value)
{
  gboolean guard = self->neutralize && aud_csv_value_needs_neutralizing (value);
  gboolean quote = FALSE;

  for (const char *p = value; *p != '\0'; p++)
    if (*p == '"' || *p == '\r' || *p == '\n' || *p == self->delimiter)
      {
        quote = TRUE;
        break;
      }

  if (!quote)
    {
      if (guard)
        g_string_append_c (self->buffer, '\'');
      g_string_append (self->buffer, value);
      return;
    }

  g_string_append_c (self->buffer, '"');
  if (guard)
    g_string_append_c (self->buffer, '\'');
  for (const char *p = value; *p != '\0'; p++)
    {
      if (*p == '"')
        g_string_append_c (self->buffer, '"');
      g_string_append_c (self->buffer, *p);
    }
  g_string_append_c (self->buffer, '"');
}

gboolean
aud_csv_writer_flush (AudCsvWriter  *self,
                      GCancellable  *cancellable,
                      GError       **error)
{
  g_return_val_if_fail (AUD_IS_CSV_WRITER (self), FALSE);

  if (self->buffer->len == 0)
    return TRUE;

  if (!g_output_stream_write_all (self->stream, self->buffer->str, self->buffer->len, NULL,
                                  cancellable, error))
    return FALSE;

  g_string_truncate (self->buffer, 0);
  return TRUE;
}

gboolean
aud_csv_writer_write_row (AudCsvWriter        *self,
                          const char * const  *values,
                          guint                n_values,
                          GCancellable        *cancellable,
                          GError             **error)
{
  g_return_val_if_fail (AUD_IS_CSV_WRITER (self), FALSE);
  g_return_val_if_fail (values != NULL || n_values == 0, FALSE);

  for (guint i = 0; i < n_values; i++)
    {
      if (i > 0)
        g_string_append_c (self->buffer, self->delimiter);
      append_value (self, values[i] != NULL ? values[i] : "");
    }

  /* A lone empty value would read back as a blank line, which readers skip. */
  if (n_values == 1 && (values[0] == NULL || values[0][0] == '\0'))
    g_string_append (self->buffer, "\"\"");

  g_string_append (self->buffer, "\r\n");
  self->n_rows++;

  if (self->buffer->len >= FLUSH_AT)
    return aud_csv_writer_flush (self, cancellable, error);

  return TRUE;
}

guint64
aud_csv_writer_get_n_rows (AudCsvWriter *self)
{
  g_return_val_if_fail (AUD_IS_CSV_WRITER (self), 0);

  return self->n_rows;
}

static void
aud_csv_writer_finalize (GObject *object)
{
  AudCsvWriter *self = (AudCsvWriter *)object;

  /* Unflushed rows are the caller's bug; they are dropped rather than written from a finalizer
   * that cannot report an error. */
  g_clear_object (&self->stream);
  g_string_free (self->buffer, TRUE);

  G_OBJECT_CLASS (aud_csv_writer_parent_class)->finalize (object);
}

static void
aud_csv_writer_class_init (AudCsvWriterClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = aud_csv_writer_finalize;
}

static void
aud_csv_writer_init (AudCsvWriter *self)
{
  self->buffer = g_string_sized_new (FLUSH_AT + 4096);
  self->delimiter = ',';
  self->neutralize = TRUE;
}
