/* aud-csv-reader.c — a streaming RFC 4180 reader with line numbers and bounded memory
 *
 * The file is read in chunks, decoded to UTF-8 chunk by chunk, and parsed by a small state machine
 * that keeps only the current row. Memory is one chunk plus one row, whatever the file size; a row
 * larger than max-row-bytes (a quote that never closes in a 2 GB file) stops the read instead.
 *
 * Lenient where real files are sloppy and nothing is lost: a quote inside an unquoted value is
 * kept as a character, text after a closing quote is appended, blank lines are skipped, and the
 * last row needs no line break. Strict where guessing would corrupt data: NUL bytes, invalid
 * encoding, ragged rows and a quote still open at the end are errors with the line to fix.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "aud-csv-reader.h"

#define CHUNK_SIZE (64 * 1024)
/* Enough text to vote on the delimiter and to tell UTF-8 from Windows-1252. */
#define SNIFF_BYTES (256 * 1024)

typedef enum
{
  PARSE_ROW,
  PARSE_END,
  PARSE_ERROR,
} ParseResult;

typedef enum
{
  STATE_FIELD_START,
  STATE_UNQUOTED,
  STATE_QUOTED,
  STATE_QUOTE_IN_QUOTED,
} ParseState;

struct _AudCsvReader
{
  GObject           parent_instance;

  GInputStream     *stream;

  AudCsvEncoding    encoding;
  gboolean          encoding_guessed;
  char              delimiter;
  AudCsvHeaderMode  header_mode;
  gboolean          has_header;
  gsize             max_row_bytes;

  AudCsvDecoder     decoder;
  guint8           *chunk;
  GByteArray       *text;         /* decoded UTF-8 not parsed yet, from pos */
  gsize             pos;
  gboolean          eof;
  guint64           bytes_read;

  guint64           line;         /* line of the next byte to parse */
  gboolean          after_cr;     /* a LF right after a CR ends the same line */
  guint8            stop_unquoted[256];
  guint8            stop_quoted[256];

  GString          *row;          /* the current row's values, each NUL-terminated */
  GArray           *starts;       /* gsize: offset of each value in row */
  guint64           row_line;

  GPtrArray        *columns;      /* NULL-terminated */
  gboolean          opened;
  gboolean          row_pending;  /* the first row was data, not a header: hand it out first */
  GError           *fatal;        /* once set, every later call fails the same way */
};

G_DEFINE_FINAL_TYPE (AudCsvReader, aud_csv_reader, G_TYPE_OBJECT)

G_DEFINE_QUARK (aud-csv-error-quark, aud_csv_error)

gboolean
aud_csv_error_is_row_error (const GError *error)
{
  return error != NULL && error->domain == AUD_CSV_ERROR &&
         (error->code == AUD_CSV_ERROR_INVALID_ENCODING ||
          error->code == AUD_CSV_ERROR_RAGGED_ROW ||
          error->code == AUD_CSV_ERROR_VALUE_TOO_LONG ||
          error->code == AUD_CSV_ERROR_MISSING_ID ||
          error->code == AUD_CSV_ERROR_DUPLICATE_ID);
}

AudCsvReader *
aud_csv_reader_new (GInputStream *stream)
{
  AudCsvReader *self;

  g_return_val_if_fail (G_IS_INPUT_STREAM (stream), NULL);

  self = g_object_new (AUD_TYPE_CSV_READER, NULL);
  self->stream = g_object_ref (stream);
  return self;
}

void
aud_csv_reader_set_encoding (AudCsvReader   *self,
                             AudCsvEncoding  encoding)
{
  g_return_if_fail (AUD_IS_CSV_READER (self));
  g_return_if_fail (!self->opened);

  self->encoding = encoding;
}

void
aud_csv_reader_set_delimiter (AudCsvReader *self,
                              char          delimiter)
{
  g_return_if_fail (AUD_IS_CSV_READER (self));
  g_return_if_fail (!self->opened);
  g_return_if_fail (delimiter != '"' && delimiter != '\r' && delimiter != '\n');

  self->delimiter = delimiter;
}

void
aud_csv_reader_set_header_mode (AudCsvReader     *self,
                                AudCsvHeaderMode  mode)
{
  g_return_if_fail (AUD_IS_CSV_READER (self));
  g_return_if_fail (!self->opened);

  self->header_mode = mode;
}

void
aud_csv_reader_set_max_row_bytes (AudCsvReader *self,
                                  gsize         max_row_bytes)
{
  g_return_if_fail (AUD_IS_CSV_READER (self));
  g_return_if_fail (max_row_bytes > 0);

  self->max_row_bytes = max_row_bytes;
}

static gboolean
fail (AudCsvReader  *self,
      GError       **error,
      GError        *fatal)
{
  g_clear_error (&self->fatal);
  self->fatal = fatal;
  if (error != NULL)
    *error = g_error_copy (fatal);
  return FALSE;
}

/* Decodes the next chunk into self->text, after dropping what was parsed. */
static gboolean
fill (AudCsvReader  *self,
      GCancellable  *cancellable,
      GError       **error)
{
  if (self->pos > 0)
    {
      g_byte_array_remove_range (self->text, 0, (guint) self->pos);
      self->pos = 0;
    }

  /* A UTF-16 chunk of one byte decodes to nothing: read until there is text or the end. */
  while (self->text->len == 0 && !self->eof)
    {
      gssize n = g_input_stream_read (self->stream, self->chunk, CHUNK_SIZE, cancellable, error);

      if (n < 0)
        return FALSE;

      self->bytes_read += (guint64) n;
      self->eof = n == 0;
      aud_csv_decoder_feed (&self->decoder, self->chunk, (gsize) n, self->eof, self->text);
    }

  return TRUE;
}

static inline void
start_field (AudCsvReader *self)
{
  gsize offset = self->row->len;

  g_array_append_val (self->starts, offset);
}

static inline void
end_line (AudCsvReader *self,
          guint8        c)
{
  self->line++;
  self->after_cr = c == '\r';
}

/* Length of the run of ordinary bytes at p, up to end. */
static inline gsize
scan_run (const guint8 *stop,
          const guint8 *p,
          const guint8 *end)
{
  const guint8 *q = p;

  while (q < end && !stop[*q])
    q++;

  return (gsize) (q - p);
}

static ParseResult
parse_row (AudCsvReader  *self,
           GCancellable  *cancellable,
           gboolean      *blank,
           GError       **error)
{
  ParseState state = STATE_FIELD_START;
  gboolean started = FALSE;
  gboolean field_quoted = FALSE;
  guint64 quote_line = 0;

  g_string_truncate (self->row, 0);
  g_array_set_size (self->starts, 0);
  *blank = FALSE;

  for (;;)
    {
      const guint8 *data;
      const guint8 *end;
      guint8 c;

      if (self->pos >= self->text->len)
        {
          if (self->eof)
            break;
          if (!fill (self, cancellable, error))
            return PARSE_ERROR;
          continue;
        }

      data = self->text->data + self->pos;
      end = self->text->data + self->text->len;
      c = *data;

      if (self->after_cr && c == '\n')
        {
          self->after_cr = FALSE;
          self->pos++;
          if (state == STATE_QUOTED)
            g_string_append_c (self->row, '\n');
          continue;
        }
      self->after_cr = FALSE;

      if (c == '\0')
        {
          g_set_error (error, AUD_CSV_ERROR, AUD_CSV_ERROR_BINARY,
                       _("Line %llu contains a NUL byte: this is not a text file. "
                         "Export the data as CSV (UTF-8) and import that file."),
                       (unsigned long long) self->line);
          return PARSE_ERROR;
        }

      if (!started)
        {
          started = TRUE;
          self->row_line = self->line;
          start_field (self);
        }

      switch (state)
        {
        case STATE_FIELD_START:
          if (c == '"')
            {
              state = STATE_QUOTED;
              field_quoted = TRUE;
              quote_line = self->line;
              self->pos++;
            }
          else if (c == (guint8) self->delimiter)
            {
              g_string_append_c (self->row, '\0');
              start_field (self);
              field_quoted = FALSE;
              self->pos++;
            }
          else if (c == '\r' || c == '\n')
            {
              end_line (self, c);
              self->pos++;
              *blank = self->starts->len == 1 && !field_quoted;
              g_string_append_c (self->row, '\0');
              return PARSE_ROW;
            }
          else
            state = STATE_UNQUOTED;
          break;

        case STATE_UNQUOTED:
          {
            gsize run = scan_run (self->stop_unquoted, data, end);

            if (run > 0)
              {
                g_string_append_len (self->row, (const char *) data, (gssize) run);
                self->pos += run;
              }
            else if (c == (guint8) self->delimiter)
              {
                g_string_append_c (self->row, '\0');
                start_field (self);
                field_quoted = FALSE;
                state = STATE_FIELD_START;
                self->pos++;
              }
            else
              {
                /* CR or LF: NUL was handled above. */
                end_line (self, c);
                self->pos++;
                g_string_append_c (self->row, '\0');
                return PARSE_ROW;
              }
          }
          break;

        case STATE_QUOTED:
          {
            gsize run = scan_run (self->stop_quoted, data, end);

            if (run > 0)
              {
                g_string_append_len (self->row, (const char *) data, (gssize) run);
                self->pos += run;
              }
            else if (c == '"')
              {
                state = STATE_QUOTE_IN_QUOTED;
                self->pos++;
              }
            else
              {
                /* A line break inside quotes is part of the value. */
                g_string_append_c (self->row, (char) c);
                end_line (self, c);
                self->pos++;
              }
          }
          break;

        case STATE_QUOTE_IN_QUOTED:
          if (c == '"')
            {
              g_string_append_c (self->row, '"');
              state = STATE_QUOTED;
              self->pos++;
            }
          else if (c == (guint8) self->delimiter)
            {
              g_string_append_c (self->row, '\0');
              start_field (self);
              field_quoted = FALSE;
              state = STATE_FIELD_START;
              self->pos++;
            }
          else if (c == '\r' || c == '\n')
            {
              end_line (self, c);
              self->pos++;
              g_string_append_c (self->row, '\0');
              return PARSE_ROW;
            }
          else
            state = STATE_UNQUOTED;
          break;

        default:
          g_assert_not_reached ();
        }

      if (self->row->len > self->max_row_bytes)
        {
          g_set_error (error, AUD_CSV_ERROR, AUD_CSV_ERROR_ROW_TOO_LONG,
                       _("The row that starts on line %llu is larger than %llu MB. "
                         "Check it for a quote that is never closed."),
                       (unsigned long long) self->row_line,
                       (unsigned long long) (self->max_row_bytes / (1024 * 1024)));
          return PARSE_ERROR;
        }
    }

  if (!started)
    return PARSE_END;

  if (state == STATE_QUOTED)
    {
      g_set_error (error, AUD_CSV_ERROR, AUD_CSV_ERROR_UNTERMINATED_QUOTE,
                   _("The quoted value that starts on line %llu is never closed. "
                     "Add the missing closing quote (\") and import the file again."),
                   (unsigned long long) quote_line);
      return PARSE_ERROR;
    }

  *blank = self->starts->len == 1 && self->row->len == 0 && !field_quoted;
  g_string_append_c (self->row, '\0');
  return PARSE_ROW;
}

static gboolean
validate_encoding (AudCsvReader  *self,
                   GError       **error)
{
  for (guint i = 0; i < self->starts->len; i++)
    {
      gsize len;
      const char *value = aud_csv_reader_get_field (self, i, &len);

      if (!g_utf8_validate_len (value, len, NULL))
        {
          g_set_error (error, AUD_CSV_ERROR, AUD_CSV_ERROR_INVALID_ENCODING,
                       _("Line %llu, column %u is not valid %s text. Save the file as "
                         "“CSV UTF-8”, or choose the file’s real encoding, and import it again."),
                       (unsigned long long) self->row_line, i + 1,
                       aud_csv_encoding_to_string (self->encoding));
          return FALSE;
        }
    }

  return TRUE;
}

/* The next non-blank row, checked for encoding; PARSE_ERROR with a row error leaves the reader
 * positioned on the row after it. */
static ParseResult
read_next_row (AudCsvReader  *self,
               GCancellable  *cancellable,
               GError       **error)
{
  for (;;)
    {
      gboolean blank;
      ParseResult r = parse_row (self, cancellable, &blank, error);

      if (r != PARSE_ROW)
        return r;
      if (blank)
        continue;
      if (self->encoding != AUD_CSV_ENCODING_WINDOWS_1252 && !validate_encoding (self, error))
        return PARSE_ERROR;

      return PARSE_ROW;
    }
}

static gboolean
sniff (AudCsvReader  *self,
       GCancellable  *cancellable,
       GError       **error)
{
  g_autoptr(GByteArray) sample = g_byte_array_new ();
  AudCsvEncoding detected;
  gboolean guessed;
  gsize bom_len;

  while (sample->len < SNIFF_BYTES && !self->eof)
    {
      gssize n = g_input_stream_read (self->stream, self->chunk, CHUNK_SIZE, cancellable, error);

      if (n < 0)
        return FALSE;
      self->bytes_read += (guint64) n;
      self->eof = n == 0;
      g_byte_array_append (sample, self->chunk, (guint) n);
    }

  detected = aud_csv_sniff_encoding (sample->data, sample->len, self->eof, &bom_len, &guessed);
  if (self->encoding == AUD_CSV_ENCODING_AUTO)
    {
      self->encoding = detected;
      self->encoding_guessed = guessed;
    }
  else if (self->encoding != detected)
    bom_len = 0;

  aud_csv_decoder_init (&self->decoder, self->encoding);
  aud_csv_decoder_feed (&self->decoder, sample->data + bom_len, sample->len - bom_len,
                        self->eof, self->text);

  if (aud_csv_sniff_is_binary (self->text->data, self->text->len))
    {
      g_set_error_literal (error, AUD_CSV_ERROR, AUD_CSV_ERROR_BINARY,
                           _("This file does not look like text: it is full of control characters. "
                             "Export the data as CSV (UTF-8) and import that file."));
      return FALSE;
    }

  if (self->delimiter == '\0')
    self->delimiter = aud_csv_sniff_delimiter ((const char *) self->text->data, self->text->len);

  memset (self->stop_unquoted, 0, sizeof self->stop_unquoted);
  memset (self->stop_quoted, 0, sizeof self->stop_quoted);
  self->stop_unquoted['\0'] = self->stop_unquoted['\r'] = self->stop_unquoted['\n'] = 1;
  self->stop_unquoted[(guint8) self->delimiter] = 1;
  self->stop_quoted['\0'] = self->stop_quoted['\r'] = self->stop_quoted['\n'] = 1;
  self->stop_quoted['"'] = 1;

  return TRUE;
}

static gboolean
check_header (AudCsvReader  *self,
              GError       **error)
{
  g_autoptr(GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);

  for (guint i = 0; i < self->columns->len - 1; i++)
    {
      const char *name = g_ptr_array_index (self->columns, i);
      g_autofree char *trimmed = g_strstrip (g_strdup (name));
      gpointer previous;

      if (*trimmed == '\0')
        {
          g_set_error (error, AUD_CSV_ERROR, AUD_CSV_ERROR_EMPTY_HEADER,
                       _("Column %u of the header on line %llu has no name. "
                         "Name every column, or import the file without a header row."),
                       i + 1, (unsigned long long) self->row_line);
          return FALSE;
        }

      if (g_hash_table_lookup_extended (seen, name, NULL, &previous))
        {
          g_set_error (error, AUD_CSV_ERROR, AUD_CSV_ERROR_DUPLICATE_HEADER,
                       _("The header on line %llu names “%s” twice (columns %u and %u). "
                         "Rename one of them and import the file again."),
                       (unsigned long long) self->row_line, name,
                       GPOINTER_TO_UINT (previous) + 1, i + 1);
          return FALSE;
        }
      g_hash_table_insert (seen, (gpointer) name, GUINT_TO_POINTER (i));
    }

  return TRUE;
}

gboolean
aud_csv_reader_open (AudCsvReader  *self,
                     GCancellable  *cancellable,
                     GError       **error)
{
  g_autoptr(GError) local_error = NULL;
  g_autoptr(GPtrArray) first = NULL;
  ParseResult r;

  g_return_val_if_fail (AUD_IS_CSV_READER (self), FALSE);

  if (self->fatal != NULL)
    return fail (self, error, g_error_copy (self->fatal));
  if (self->opened)
    return TRUE;

  if (!sniff (self, cancellable, &local_error))
    return fail (self, error, g_steal_pointer (&local_error));

  r = read_next_row (self, cancellable, &local_error);
  if (r == PARSE_ERROR && g_error_matches (local_error, AUD_CSV_ERROR, AUD_CSV_ERROR_INVALID_ENCODING))
    {
      /* Not a row error here: without a readable first row there are no columns to go on with,
       * and a caller skipping row errors must not loop on this one. */
      local_error->code = AUD_CSV_ERROR_FIRST_ROW_ENCODING;
      return fail (self, error, g_steal_pointer (&local_error));
    }
  if (r == PARSE_ERROR)
    return fail (self, error, g_steal_pointer (&local_error));
  if (r == PARSE_END)
    return fail (self, error,
                 g_error_new_literal (AUD_CSV_ERROR, AUD_CSV_ERROR_EMPTY_FILE,
                                      _("The file has no rows. Choose a file with a header row "
                                        "and at least one record.")));

  first = g_ptr_array_new ();
  for (guint i = 0; i < self->starts->len; i++)
    g_ptr_array_add (first, (gpointer) aud_csv_reader_get_field (self, i, NULL));

  if (self->header_mode == AUD_CSV_HEADER_AUTO)
    self->has_header = aud_csv_looks_like_header ((const char * const *) first->pdata, first->len);
  else
    self->has_header = self->header_mode == AUD_CSV_HEADER_YES;

  for (guint i = 0; i < first->len; i++)
    g_ptr_array_add (self->columns,
                     self->has_header ? g_strdup (first->pdata[i]) : g_strdup_printf (_("Column %u"), i + 1));
  g_ptr_array_add (self->columns, NULL);

  if (self->has_header && !check_header (self, &local_error))
    return fail (self, error, g_steal_pointer (&local_error));

  self->row_pending = !self->has_header;
  self->opened = TRUE;
  return TRUE;
}

gboolean
aud_csv_reader_read_row (AudCsvReader  *self,
                         GCancellable  *cancellable,
                         GError       **error)
{
  g_autoptr(GError) local_error = NULL;
  ParseResult r;

  g_return_val_if_fail (AUD_IS_CSV_READER (self), FALSE);

  if (!aud_csv_reader_open (self, cancellable, error))
    return FALSE;

  if (self->row_pending)
    {
      self->row_pending = FALSE;
      return TRUE;
    }

  r = read_next_row (self, cancellable, &local_error);
  if (r == PARSE_END)
    return FALSE;
  if (r == PARSE_ERROR)
    {
      if (aud_csv_error_is_row_error (local_error))
        {
          g_propagate_error (error, g_steal_pointer (&local_error));
          return FALSE;
        }
      return fail (self, error, g_steal_pointer (&local_error));
    }

  if (self->starts->len != self->columns->len - 1)
    {
      g_set_error (error, AUD_CSV_ERROR, AUD_CSV_ERROR_RAGGED_ROW,
                   _("Line %llu has %u values but the file has %u columns. "
                     "Put quotes around values that contain the delimiter, or fix the row."),
                   (unsigned long long) self->row_line, self->starts->len,
                   self->columns->len - 1);
      return FALSE;
    }

  return TRUE;
}

AudCsvEncoding
aud_csv_reader_get_encoding (AudCsvReader *self)
{
  g_return_val_if_fail (AUD_IS_CSV_READER (self), AUD_CSV_ENCODING_AUTO);

  return self->encoding;
}

gboolean
aud_csv_reader_get_encoding_guessed (AudCsvReader *self)
{
  g_return_val_if_fail (AUD_IS_CSV_READER (self), FALSE);

  return self->encoding_guessed;
}

char
aud_csv_reader_get_delimiter (AudCsvReader *self)
{
  g_return_val_if_fail (AUD_IS_CSV_READER (self), '\0');

  return self->delimiter;
}

gboolean
aud_csv_reader_get_has_header (AudCsvReader *self)
{
  g_return_val_if_fail (AUD_IS_CSV_READER (self), FALSE);

  return self->has_header;
}

const char * const *
aud_csv_reader_get_columns (AudCsvReader *self)
{
  g_return_val_if_fail (AUD_IS_CSV_READER (self), NULL);

  return self->opened ? (const char * const *) self->columns->pdata : NULL;
}

guint
aud_csv_reader_get_n_columns (AudCsvReader *self)
{
  g_return_val_if_fail (AUD_IS_CSV_READER (self), 0);

  return self->opened ? self->columns->len - 1 : 0;
}

guint
aud_csv_reader_get_n_fields (AudCsvReader *self)
{
  g_return_val_if_fail (AUD_IS_CSV_READER (self), 0);

  return self->starts->len;
}

const char *
aud_csv_reader_get_field (AudCsvReader *self,
                          guint         index,
                          gsize        *len)
{
  gsize start;
  gsize stop;

  g_return_val_if_fail (AUD_IS_CSV_READER (self), NULL);
  g_return_val_if_fail (index < self->starts->len, NULL);

  start = g_array_index (self->starts, gsize, index);
  /* Each value is followed by its NUL. */
  stop = index + 1 < self->starts->len ? g_array_index (self->starts, gsize, index + 1) - 1
                                       : self->row->len - 1;
  if (len != NULL)
    *len = stop - start;

  return self->row->str + start;
}

guint64
aud_csv_reader_get_line (AudCsvReader *self)
{
  g_return_val_if_fail (AUD_IS_CSV_READER (self), 0);

  return self->row_line;
}

guint64
aud_csv_reader_get_bytes_read (AudCsvReader *self)
{
  g_return_val_if_fail (AUD_IS_CSV_READER (self), 0);

  return self->bytes_read;
}

static void
aud_csv_reader_finalize (GObject *object)
{
  AudCsvReader *self = (AudCsvReader *)object;

  g_clear_object (&self->stream);
  g_clear_pointer (&self->chunk, g_free);
  g_clear_pointer (&self->text, g_byte_array_unref);
  g_string_free (self->row, TRUE);
  g_clear_pointer (&self->starts, g_array_unref);
  g_clear_pointer (&self->columns, g_ptr_array_unref);
  g_clear_error (&self->fatal);

  G_OBJECT_CLASS (aud_csv_reader_parent_class)->finalize (object);
}

static void
aud_csv_reader_class_init (AudCsvReaderClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = aud_csv_reader_finalize;
}

static void
aud_csv_reader_init (AudCsvReader *self)
{
  self->max_row_bytes = AUD_CSV_READER_DEFAULT_MAX_ROW_BYTES;
  self->chunk = g_malloc (CHUNK_SIZE);
  self->text = g_byte_array_sized_new (CHUNK_SIZE);
  self->row = g_string_sized_new (1024);
  self->starts = g_array_new (FALSE, FALSE, sizeof (gsize));
  self->columns = g_ptr_array_new_with_free_func (g_free);
  self->line = 1;
}
