/* aud-csv-sniffer.h — guesses a CSV file's encoding, delimiter and header, and decodes it to UTF-8
 *
 * Pure functions over bytes: the reader feeds them its first chunk and every chunk after it.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef enum
{
  AUD_CSV_ENCODING_AUTO,
  AUD_CSV_ENCODING_UTF8,
  AUD_CSV_ENCODING_UTF16LE,
  AUD_CSV_ENCODING_UTF16BE,
  AUD_CSV_ENCODING_WINDOWS_1252,
} AudCsvEncoding;

const char     *aud_csv_encoding_to_string   (AudCsvEncoding  encoding);
AudCsvEncoding  aud_csv_encoding_from_string (const char     *name);

/* Looks at the start of a file. A byte order mark decides (and *bom_len says how many bytes to
 * skip); otherwise UTF-8 when the bytes validate, Windows-1252 when they do not, with *guessed set
 * so the UI can ask the user to confirm. @complete says @data is the whole file, so a multi-byte
 * sequence cut at the end of @data is an error rather than the next chunk's business. */
AudCsvEncoding  aud_csv_sniff_encoding       (const guint8   *data,
                                              gsize           len,
                                              gboolean        complete,
                                              gsize          *bom_len,
                                              gboolean       *guessed);

/* TRUE when decoded text is mostly not text: more than 1 in 100 bytes are control characters
 * other than tab, CR, LF and form feed. A spreadsheet export has next to none; a zip, an image
 * or an .xlsx read as Windows-1252 has about one in ten. */
gboolean        aud_csv_sniff_is_binary      (const guint8   *text,
                                              gsize           len);

/* Comma, semicolon, tab or pipe: the one whose count outside quotes is the same on most of the
 * first records. Comma when nothing stands out. */
char            aud_csv_sniff_delimiter      (const char     *text,
                                              gsize           len);

/* A first row is taken for a header when it has a name in it and nothing that looks like data:
 * no numbers, no e-mail addresses, no long text. */
gboolean        aud_csv_looks_like_header    (const char * const *fields,
                                              guint               n_fields);

/* Streaming conversion to UTF-8. Bytes that cannot be decoded (a lone UTF-16 surrogate, an odd
 * trailing byte) come out as 0xFF, which is never valid UTF-8: the parser then reports the line
 * they are on, the same way it reports bad UTF-8 in a UTF-8 file. */
typedef struct
{
  AudCsvEncoding encoding;
  guint8         odd_byte;
  gboolean       has_odd_byte;
  gunichar       high_surrogate;
} AudCsvDecoder;

void            aud_csv_decoder_init         (AudCsvDecoder  *decoder,
                                              AudCsvEncoding  encoding);
void            aud_csv_decoder_feed         (AudCsvDecoder  *decoder,
                                              const guint8   *data,
                                              gsize           len,
                                              gboolean        eof,
                                              GByteArray     *out);

G_END_DECLS
