/* aud-segment-sql.h — a segment definition checked and compiled to parameterised SQLite SQL
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <sqlite3.h>

#include "aud-segment-fields.h"
#include "aud-segment-node.h"

G_BEGIN_DECLS

/* A boolean expression over one source_records row (`data` is its JSON object) with anonymous
 * `?` parameters, and their values (GVariant: "s", "d" or "x") in order. */
typedef struct
{
  char      *where;
  GPtrArray *params;
} AudSegmentSql;

/* Checks every condition (the field is mapped, the operator fits its type, the values parse) and
 * compiles the tree. Errors name the condition by its position and say how to fix it; a segment
 * never silently matches nothing. `now` (local time) anchors relative dates; NULL means now.
 * An empty group matches everything, so a new segment shows the whole audience. */
AudSegmentSql *aud_segment_sql_compile     (const AudSegmentNode  *root,
                                            AudSegmentFields      *fields,
                                            GDateTime             *now,
                                            GError               **error);
void           aud_segment_sql_free        (AudSegmentSql         *sql);
/* Binds the parameters from index `first` on; returns the next free index. */
int            aud_segment_sql_bind        (const AudSegmentSql   *sql,
                                            sqlite3_stmt          *stmt,
                                            int                    first);

/* The SQL functions compiled expressions call (aud_fold). Idempotent. */
gboolean       aud_segment_sql_register    (sqlite3               *db,
                                            GError               **error);
/* How text is compared: Unicode-normalised (NFKC), case-folded, trimmed. */
char          *aud_segment_fold_text       (const char            *text);
/* Salesforce API names only ([A-Za-z][A-Za-z0-9_]*): the only text ever pasted into SQL. */
gboolean       aud_segment_field_name_is_safe (const char         *name);
/* json_extract(data, '$.Name') exactly as indexes and queries spell it. */
char          *aud_segment_sql_field_expression (const char       *name);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (AudSegmentSql, aud_segment_sql_free)

G_END_DECLS
