/* aud-csv-fields.h — an audience's mapped fields as a CSV import needs them: names, labels, lengths
 *
 * The one place where the CSV area meets audiences and the describe cache; the importer itself
 * takes plain arrays.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "aud-audience.h"

G_BEGIN_DECLS

typedef struct
{
  GPtrArray *names;    /* char*: the audience's mapped fields, by API name */
  GPtrArray *labels;   /* char*: their labels, or the name without a cached describe */
  GArray    *lengths;  /* guint: characters a text field holds, 0 when unknown or not text */
} AudCsvFieldList;

gboolean  aud_csv_field_list_load    (AudCsvFieldList       *list,
                                      AudAudience           *audience,
                                      GError               **error);
void      aud_csv_field_list_clear   (AudCsvFieldList       *list);
/* Index of @name (case-insensitive), or -1. */
int       aud_csv_field_list_find    (const AudCsvFieldList *list,
                                      const char            *name);
/* For each of @columns the index of the field the column matcher proposes, or -1. Free with
 * g_free. Sync fields other than Id are never proposed. */
int      *aud_csv_field_list_propose (const AudCsvFieldList *list,
                                      const char * const    *columns,
                                      guint                  n_columns);

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (AudCsvFieldList, aud_csv_field_list_clear)

G_END_DECLS
