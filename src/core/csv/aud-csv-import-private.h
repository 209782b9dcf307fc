/* aud-csv-import-private.h — what the importer shares with its settings and JSON helpers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "aud-csv-import.h"

G_BEGIN_DECLS

typedef struct
{
  char  *column;
  char  *field;
  guint  max_length;
  int    index;       /* column index in the file, resolved per run */
} AudCsvMapEntry;

typedef struct
{
  const char *file;        /* base name, for display */
  const char *encoding;
  char        delimiter;
  gboolean    has_header;
  const char *id_column;   /* NULL: row fingerprint */
  GArray     *map;         /* AudCsvMapEntry, borrowed */
} AudCsvImportSettings;

GArray   *aud_csv_map_new                   (void);
void      aud_csv_map_add                   (GArray                      *map,
                                             const char                  *column,
                                             const char                  *field,
                                             guint                        max_length);

/* The JSON kept in sources.settings, so a re-import reuses the mapping. */
char     *aud_csv_import_settings_to_json   (const AudCsvImportSettings  *settings);
/* Fills @map (when empty) and the id column (when *has_id_column is FALSE) from @json. Settings
 * this version cannot read are ignored: the user maps anew rather than being stuck. */
void      aud_csv_import_settings_apply     (const char                  *json,
                                             GArray                      *map,
                                             char                       **id_column,
                                             gboolean                    *has_id_column);

/* Finds each mapped column (and the id column) in the reader's header. */
gboolean  aud_csv_map_resolve               (GArray                      *map,
                                             const char                  *id_column,
                                             AudCsvReader                *reader,
                                             int                         *id_index,
                                             GError                     **error);
/* The current row's key (id column, or "row:" and a fingerprint) and its values as a JSON
 * object; FALSE with a row error (missing id, value too long) for a row to skip. */
gboolean  aud_csv_record_build              (GArray                      *map,
                                             const char                  *id_column,
                                             int                          id_index,
                                             AudCsvReader                *reader,
                                             GString                     *key,
                                             GString                     *json,
                                             GError                     **error);

void      aud_csv_append_json_string        (GString                     *out,
                                             const char                  *s,
                                             gsize                        len);

G_END_DECLS
