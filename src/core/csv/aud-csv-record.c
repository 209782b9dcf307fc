/* aud-csv-record.c — turns one CSV row into a source record: its key and its values as JSON
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "aud-csv-import-private.h"

void
aud_csv_append_json_string (GString    *out,
                            const char *s,
                            gsize       len)
{
  const char *end = s + len;
  const char *run = s;

  /* Hand-written: one call per value of a million-row import, where a JsonGenerator per record
   * would dominate the run time. Input is valid UTF-8 (the reader checked it). */
  g_string_append_c (out, '"');
  for (const char *p = s; p < end; p++)
    {
      guchar c = (guchar) *p;

      if (c >= 0x20 && c != '"' && c != '\\')
        continue;

      g_string_append_len (out, run, p - run);
      run = p + 1;
      switch (c)
        {
        case '"':
          g_string_append (out, "\\\"");
          break;
        case '\\':
          g_string_append (out, "\\\\");
          break;
        case '\n':
          g_string_append (out, "\\n");
          break;
        case '\r':
          g_string_append (out, "\\r");
          break;
        case '\t':
          g_string_append (out, "\\t");
          break;
        default:
          g_string_append_printf (out, "\\u%04x", c);
          break;
        }
    }
  g_string_append_len (out, run, end - run);
  g_string_append_c (out, '"');
}

gboolean
aud_csv_map_resolve (GArray        *map,
                     const char    *id_column,
                     AudCsvReader  *reader,
                     int           *id_index,
                     GError       **error)
{
  const char * const *columns = aud_csv_reader_get_columns (reader);

  if (map->len == 0)
    {
      g_set_error_literal (error, AUD_CSV_ERROR, AUD_CSV_ERROR_UNKNOWN_COLUMN,
                           _("No column is mapped to a field. Map at least one column, then import again."));
      return FALSE;
    }

  /* Two columns into one field would make one of them silently lose. */
  for (guint i = 0; i < map->len; i++)
    for (guint j = i + 1; j < map->len; j++)
      {
        const AudCsvMapEntry *a = &g_array_index (map, AudCsvMapEntry, i);
        const AudCsvMapEntry *b = &g_array_index (map, AudCsvMapEntry, j);

        if (strcmp (a->field, b->field) == 0)
          {
            g_set_error (error, AUD_CSV_ERROR, AUD_CSV_ERROR_UNKNOWN_COLUMN,
                         _("The columns “%s” and “%s” are both mapped to %s. Map each field from "
                           "one column only."),
                         a->column, b->column, a->field);
            return FALSE;
          }
      }

  *id_index = -1;
  for (guint c = 0; columns[c] != NULL; c++)
    {
      if (id_column != NULL && *id_index < 0 && strcmp (columns[c], id_column) == 0)
        *id_index = (int) c;
      for (guint i = 0; i < map->len; i++)
        {
          AudCsvMapEntry *entry = &g_array_index (map, AudCsvMapEntry, i);

          if (entry->index < 0 && strcmp (columns[c], entry->column) == 0)
            entry->index = (int) c;
        }
    }

  if (id_column != NULL && *id_index < 0)
    {
      g_set_error (error, AUD_CSV_ERROR, AUD_CSV_ERROR_UNKNOWN_COLUMN,
                   _("The file has no column “%s” to identify rows. Choose another id column, "
                     "or import without one."),
                   id_column);
      return FALSE;
    }

  for (guint i = 0; i < map->len; i++)
    {
      AudCsvMapEntry *entry = &g_array_index (map, AudCsvMapEntry, i);

      if (entry->index < 0)
        {
          g_set_error (error, AUD_CSV_ERROR, AUD_CSV_ERROR_UNKNOWN_COLUMN,
                       _("The file has no column “%s” (mapped to %s). Check the mapping and the "
                         "file’s header row."),
                       entry->column, entry->field);
          return FALSE;
        }
    }

  return TRUE;
}

/* The record's key and its values as JSON; FALSE with a row error for a row to skip. */
gboolean
aud_csv_record_build (GArray        *map,
                      const char    *id_column,
                      int            id_index,
                      AudCsvReader  *reader,
                      GString       *key,
                      GString       *json,
                      GError       **error)
{
  g_string_truncate (key, 0);
  g_string_truncate (json, 0);

  if (id_index >= 0)
    {
      gsize len;
      const char *id = aud_csv_reader_get_field (reader, (guint) id_index, &len);
      g_autofree char *trimmed = g_strstrip (g_strndup (id, len));

      if (*trimmed == '\0')
        {
          g_set_error (error, AUD_CSV_ERROR, AUD_CSV_ERROR_MISSING_ID,
                       _("Line %llu has no value in the id column “%s”. Fill it in, or skip the row."),
                       (unsigned long long) aud_csv_reader_get_line (reader), id_column);
          return FALSE;
        }
      g_string_append (key, trimmed);
    }
  else
    {
      g_autoptr(GChecksum) checksum = g_checksum_new (G_CHECKSUM_SHA1);

      /* Values cannot hold NUL, so NUL-terminated values concatenate without ambiguity. */
      for (guint i = 0; i < aud_csv_reader_get_n_fields (reader); i++)
        {
          gsize len;
          const char *value = aud_csv_reader_get_field (reader, i, &len);

          g_checksum_update (checksum, (const guchar *) value, (gssize) len + 1);
        }
      g_string_append (key, "row:");
      g_string_append (key, g_checksum_get_string (checksum));
    }

  g_string_append_c (json, '{');
  for (guint i = 0; i < map->len; i++)
    {
      AudCsvMapEntry *entry = &g_array_index (map, AudCsvMapEntry, i);
      gsize len;
      const char *value = aud_csv_reader_get_field (reader, (guint) entry->index, &len);

      if (entry->max_length > 0 && len > entry->max_length)
        {
          glong chars = g_utf8_strlen (value, (gssize) len);

          if (chars > (glong) entry->max_length)
            {
              g_set_error (error, AUD_CSV_ERROR, AUD_CSV_ERROR_VALUE_TOO_LONG,
                           _("Line %llu: the value in column “%s” has %ld characters, but %s holds "
                             "at most %u. Shorten it, or skip the row."),
                           (unsigned long long) aud_csv_reader_get_line (reader), entry->column,
                           chars, entry->field, entry->max_length);
              return FALSE;
            }
        }

      if (i > 0)
        g_string_append_c (json, ',');
      aud_csv_append_json_string (json, entry->field, strlen (entry->field));
      g_string_append_c (json, ':');
      if (len == 0)
        g_string_append (json, "null");
      else
        aud_csv_append_json_string (json, value, len);
    }
  g_string_append_c (json, '}');

  return TRUE;
}
