/* aud-csv-sniffer.c — guesses a CSV file's encoding, delimiter and header, and decodes it to UTF-8
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "aud-csv-sniffer.h"

/* How many records the delimiter vote looks at. */
#define SNIFF_RECORDS 50

/* Windows-1252 0x80–0x9F. The five holes map to the C1 controls, as the WHATWG Encoding Standard
 * does, so every byte decodes and nothing is silently dropped. */
static const gunichar cp1252_high[32] = {
  0x20AC, 0x0081, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021,
  0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0x008D, 0x017D, 0x008F,
  0x0090, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014,
  0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0x009D, 0x017E, 0x0178,
};

const char *
aud_csv_encoding_to_string (AudCsvEncoding encoding)
{
  switch (encoding)
    {
    case AUD_CSV_ENCODING_UTF8:
      return "UTF-8";
    case AUD_CSV_ENCODING_UTF16LE:
      return "UTF-16LE";
    case AUD_CSV_ENCODING_UTF16BE:
      return "UTF-16BE";
    case AUD_CSV_ENCODING_WINDOWS_1252:
      return "Windows-1252";
    case AUD_CSV_ENCODING_AUTO:
    default:
      return "auto";
    }
}

AudCsvEncoding
aud_csv_encoding_from_string (const char *name)
{
  static const struct { const char *name; AudCsvEncoding encoding; } names[] = {
    { "utf-8", AUD_CSV_ENCODING_UTF8 },
    { "utf8", AUD_CSV_ENCODING_UTF8 },
    { "utf-16le", AUD_CSV_ENCODING_UTF16LE },
    { "utf-16be", AUD_CSV_ENCODING_UTF16BE },
    { "windows-1252", AUD_CSV_ENCODING_WINDOWS_1252 },
    { "cp1252", AUD_CSV_ENCODING_WINDOWS_1252 },
    { "latin1", AUD_CSV_ENCODING_WINDOWS_1252 },
    { "iso-8859-1", AUD_CSV_ENCODING_WINDOWS_1252 },
  };

  for (guint i = 0; name != NULL && i < G_N_ELEMENTS (names); i++)
    if (g_ascii_strcasecmp (name, names[i].name) == 0)
      return names[i].encoding;

  return AUD_CSV_ENCODING_AUTO;
}

/* TRUE when @tail (fewer than 4 bytes) could be the start of a valid multi-byte sequence. */
static gboolean
is_truncated_sequence (const guint8 *tail,
                       gsize         len)
{
  guint need;

  if (len == 0 || len > 3)
    return FALSE;

  if ((tail[0] & 0xE0) == 0xC0)
    need = 2;
  else if ((tail[0] & 0xF0) == 0xE0)
    need = 3;
  else if ((tail[0] & 0xF8) == 0xF0)
    need = 4;
  else
    return FALSE;

  if (len >= need)
    return FALSE;

  for (gsize i = 1; i < len; i++)
    if ((tail[i] & 0xC0) != 0x80)
      return FALSE;

  return TRUE;
}

AudCsvEncoding
aud_csv_sniff_encoding (const guint8 *data,
                        gsize         len,
                        gboolean      complete,
                        gsize        *bom_len,
                        gboolean     *guessed)
{
  const char *end = NULL;
  const guint8 *nul;

  *bom_len = 0;
  *guessed = FALSE;

  if (len >= 3 && data[0] == 0xEF && data[1] == 0xBB && data[2] == 0xBF)
    {
      *bom_len = 3;
      return AUD_CSV_ENCODING_UTF8;
    }
  if (len >= 2 && data[0] == 0xFF && data[1] == 0xFE)
    {
      *bom_len = 2;
      return AUD_CSV_ENCODING_UTF16LE;
    }
  if (len >= 2 && data[0] == 0xFE && data[1] == 0xFF)
    {
      *bom_len = 2;
      return AUD_CSV_ENCODING_UTF16BE;
    }

  /* A NUL byte means binary data (or UTF-16 without a mark): no encoding fixes that, so stay with
   * UTF-8 and let the parser report the line the NUL is on. */
  nul = memchr (data, '\0', len);
  if (nul != NULL)
    len = (gsize) (nul - data);

  if (g_utf8_validate_len ((const char *) data, len, &end))
    return AUD_CSV_ENCODING_UTF8;

  if (!complete && nul == NULL &&
      is_truncated_sequence ((const guint8 *) end, len - (gsize) ((const guint8 *) end - data)))
    return AUD_CSV_ENCODING_UTF8;

  *guessed = TRUE;
  return AUD_CSV_ENCODING_WINDOWS_1252;
}

gboolean
aud_csv_sniff_is_binary (const guint8 *text,
                         gsize         len)
{
  gsize controls = 0;

  for (gsize i = 0; i < len; i++)
    if ((text[i] < 0x20 && text[i] != '\t' && text[i] != '\n' && text[i] != '\r' && text[i] != '\f') ||
        text[i] == 0x7F)
      controls++;

  /* A handful of stray control characters in a real export must not reject it. */
  return controls > 8 && controls * 100 > len;
}

char
aud_csv_sniff_delimiter (const char *text,
                         gsize       len)
{
  static const char candidates[] = { ',', ';', '\t', '|' };
  guint counts[SNIFF_RECORDS][G_N_ELEMENTS (candidates)] = { { 0 } };
  guint n_records = 0;
  gboolean in_quotes = FALSE;
  gboolean record_has_text = FALSE;
  char best = ',';
  guint best_agree = 0;
  guint best_count = 0;

  for (gsize i = 0; i < len && n_records < SNIFF_RECORDS; i++)
    {
      char c = text[i];

      if (c == '"')
        in_quotes = !in_quotes;
      else if (!in_quotes && (c == '\n' || c == '\r'))
        {
          if (record_has_text)
            n_records++;
          record_has_text = FALSE;
          continue;
        }
      else if (!in_quotes)
        {
          for (guint k = 0; k < G_N_ELEMENTS (candidates); k++)
            if (c == candidates[k])
              counts[n_records][k]++;
        }
      record_has_text = TRUE;
    }

  /* The last record may be cut by the end of the sample; count it only when it is the only one. */
  if (record_has_text && n_records == 0)
    n_records = 1;

  for (guint k = 0; k < G_N_ELEMENTS (candidates); k++)
    {
      guint first = counts[0][k];
      guint agree = 0;

      if (n_records == 0 || first == 0)
        continue;

      for (guint r = 0; r < n_records; r++)
        if (counts[r][k] == first)
          agree++;

      if (agree > best_agree || (agree == best_agree && first > best_count))
        {
          best = candidates[k];
          best_agree = agree;
          best_count = first;
        }
    }

  return best;
}

static gboolean
looks_like_number (const char *s)
{
  char *end = NULL;

  if (*s == '\0')
    return FALSE;

  g_ascii_strtod (s, &end);
  return end != s && *end == '\0';
}

gboolean
aud_csv_looks_like_header (const char * const *fields,
                           guint               n_fields)
{
  gboolean has_name = FALSE;

  for (guint i = 0; i < n_fields; i++)
    {
      const char *f = fields[i];

      if (*f == '\0')
        continue;
      if (looks_like_number (f) || strchr (f, '@') != NULL || strlen (f) > 100)
        return FALSE;
      has_name = TRUE;
    }

  return has_name;
}

void
aud_csv_decoder_init (AudCsvDecoder  *decoder,
                      AudCsvEncoding  encoding)
{
  memset (decoder, 0, sizeof *decoder);
  decoder->encoding = encoding;
}

static inline void
append_unichar (GByteArray *out,
                gunichar    c)
{
  guint8 buf[6];
  int n = g_unichar_to_utf8 (c, (char *) buf);

  g_byte_array_append (out, buf, (guint) n);
}

static void
append_invalid (GByteArray *out)
{
  static const guint8 invalid = 0xFF;

  g_byte_array_append (out, &invalid, 1);
}

static void
feed_utf16_unit (AudCsvDecoder *decoder,
                 guint16        unit,
                 GByteArray    *out)
{
  if (decoder->high_surrogate != 0)
    {
      gunichar high = decoder->high_surrogate;

      decoder->high_surrogate = 0;
      if (unit >= 0xDC00 && unit <= 0xDFFF)
        {
          append_unichar (out, 0x10000 + ((high - 0xD800) << 10) + (unit - 0xDC00));
          return;
        }
      append_invalid (out);
    }

  if (unit >= 0xD800 && unit <= 0xDBFF)
    decoder->high_surrogate = unit;
  else if (unit >= 0xDC00 && unit <= 0xDFFF)
    append_invalid (out);
  else if (unit < 0x80)
    {
      guint8 b = (guint8) unit;
      g_byte_array_append (out, &b, 1);
    }
  else
    append_unichar (out, unit);
}

static void
feed_utf16 (AudCsvDecoder *decoder,
            const guint8  *data,
            gsize          len,
            gboolean       eof,
            GByteArray    *out)
{
  gboolean le = decoder->encoding == AUD_CSV_ENCODING_UTF16LE;
  gsize i = 0;

  if (decoder->has_odd_byte && len > 0)
    {
      guint8 a = decoder->odd_byte;
      guint8 b = data[0];

      decoder->has_odd_byte = FALSE;
      feed_utf16_unit (decoder, le ? (guint16) (a | (b << 8)) : (guint16) ((a << 8) | b), out);
      i = 1;
    }

  for (; i + 1 < len; i += 2)
    feed_utf16_unit (decoder,
                     le ? (guint16) (data[i] | (data[i + 1] << 8)) : (guint16) ((data[i] << 8) | data[i + 1]),
                     out);

  if (i < len)
    {
      decoder->odd_byte = data[i];
      decoder->has_odd_byte = TRUE;
    }

  if (eof)
    {
      if (decoder->high_surrogate != 0 || decoder->has_odd_byte)
        append_invalid (out);
      decoder->high_surrogate = 0;
      decoder->has_odd_byte = FALSE;
    }
}

void
aud_csv_decoder_feed (AudCsvDecoder *decoder,
                      const guint8  *data,
                      gsize          len,
                      gboolean       eof,
                      GByteArray    *out)
{
  switch (decoder->encoding)
    {
    case AUD_CSV_ENCODING_UTF16LE:
    case AUD_CSV_ENCODING_UTF16BE:
      feed_utf16 (decoder, data, len, eof, out);
      break;

    case AUD_CSV_ENCODING_WINDOWS_1252:
      for (gsize i = 0; i < len; i++)
        {
          if (data[i] < 0x80)
            g_byte_array_append (out, &data[i], 1);
          else if (data[i] < 0xA0)
            append_unichar (out, cp1252_high[data[i] - 0x80]);
          else
            append_unichar (out, data[i]);
        }
      break;

    case AUD_CSV_ENCODING_UTF8:
    case AUD_CSV_ENCODING_AUTO:
    default:
      /* Validated field by field by the parser, which knows the line numbers. */
      g_byte_array_append (out, data, (guint) len);
      break;
    }
}
