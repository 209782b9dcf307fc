/* aud-column-matcher.h — proposes which field each CSV column fills, by name and label
 *
 * Pure: plain data in, plain data out.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef struct
{
  const char *name;    /* API name: Email, Region__c */
  const char *label;   /* label shown in Salesforce: Email, Sales Region; may be NULL */
} AudColumnMatcherField;

/* Fills @match[i] with the index in @fields of the field for @columns[i], or -1. Each field is
 * given to at most one column, the most similar; ties go to the earlier column. Matching ignores
 * case, spaces, underscores, dashes and dots, and a custom field's __c suffix. */
void   aud_column_matcher_match (const char * const          *columns,
                                 guint                        n_columns,
                                 const AudColumnMatcherField *fields,
                                 guint                        n_fields,
                                 int                         *match);

/* The similarity used above, 0–100: exposed for the table-driven tests and the mapping UI. */
guint  aud_column_matcher_score (const char                  *column,
                                 const AudColumnMatcherField *field);

G_END_DECLS
