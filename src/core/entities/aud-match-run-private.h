/* aud-match-run-private.h — what a match run hands its persisting step
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <json-glib/json-glib.h>

#include "aud-entity-store.h"
#include "aud-match-run.h"
#include "aud-matcher.h"

G_BEGIN_DECLS

/* One source record as the run keeps it, aligned with the matcher's record array. */
typedef struct
{
  gint64       id;          /* source_records.id */
  const char  *kind;        /* interned source kind */
  char        *modstamp_text;
  gint64       modstamp;
  gboolean     live;        /* FALSE: gone from the sources, kept as an empty placeholder
                             * so the matcher's indices stay put until the next full run */
  gboolean     changed;     /* re-matched in this run: its golden values need recomputing */
  guint        n_fields;
  const char **names;       /* interned field names */
  char       **values;
} AudRunRecord;

void            aud_run_record_clear    (AudRunRecord       *record);
/* Parses @data (a source record's JSON values); nested objects read as "Account.Name". */
void            aud_run_record_fill     (AudRunRecord       *record,
                                         JsonParser         *parser,
                                         gint64              id,
                                         const char         *kind,
                                         const char         *modstamp,
                                         const char         *data);
/* The matcher's view: field names mapped to its inputs; empty for a placeholder. */
AudMatchRecord *aud_run_record_to_match (const AudRunRecord *record,
                                         gboolean            accounts);

typedef struct
{
  AudStore                      *store;
  gint64                         audience_id;
  GArray                        *infos;        /* AudRunRecord */
  const AudMatchResult          *result;
  GHashTable                    *pins;         /* record id → GPtrArray of AudDecision (pins) */
  const AudSurvivorshipSettings *settings;
  gboolean                       all_dirty;    /* decisions or settings changed: every golden
                                                * record is recomputed */
} AudMatchPersist;

/* Writes the result in one transaction (the caller's: begin/commit around it). */
gboolean aud_match_persist    (const AudMatchPersist *persist,
                               AudMatchRunStats      *stats,
                               GError               **error);

G_END_DECLS
