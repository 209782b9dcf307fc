/* aud-match-run.h — matching an audience's source records into entities with stable ids
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Loads the audience's live source records (its linked sources plus the Salesforce source of
 * its object), maps their fields to the matcher's inputs, applies the decisions in force
 * (aud-entity-store.h), runs the matcher and writes entities, members, pairs with evidence,
 * job changes and golden values in ONE transaction. Entity ids are stable: each new cluster
 * takes the id of the old entity it shares most records with (ties to the oldest id).
 *
 * A run object keeps the matcher's state in memory: the next aud_match_run_execute() on the
 * same object re-matches only the records whose modstamp changed, that appeared or that went
 * away. A new object (a new process) starts with a full match.
 */
#pragma once

#include <gio/gio.h>

#include "aud-match-record.h"
#include "aud-store.h"

G_BEGIN_DECLS

typedef struct
{
  gboolean incremental;   /* only changed records were re-matched */
  guint    n_records;     /* live records matched */
  guint    n_changed;     /* re-matched records (all of them for a full run) */
  guint    n_entities;
  guint    n_multi;       /* entities with more than one record */
  guint    n_review;
  guint    n_job_changes;
  guint    n_held_apart;
  guint    n_new_ids;     /* entities that got a new id */
  double   seconds_load;
  double   seconds_match;
  double   seconds_persist;
  double   seconds_total;
} AudMatchRunStats;

#define AUD_TYPE_MATCH_RUN (aud_match_run_get_type ())
G_DECLARE_FINAL_TYPE (AudMatchRun, aud_match_run, AUD, MATCH_RUN, GObject)

/* @object picks contacts or accounts ("Account" → accounts). */
AudMatchRun *aud_match_run_new        (AudStore          *store,
                                       gint64             audience_id,
                                       const char        *object);
/* Matches and persists; incremental when an earlier run of this object left state and
 * @allow_incremental. Nothing is written when it fails. */
gboolean     aud_match_run_execute    (AudMatchRun       *self,
                                       gboolean           allow_incremental,
                                       AudMatchRunStats  *stats,
                                       GCancellable      *cancellable,
                                       GError           **error);

/* The same in a worker thread with its own store connection; the object must not be used
 * until it finishes (a second call fails with G_IO_ERROR_PENDING). */
void         aud_match_run_execute_async  (AudMatchRun         *self,
                                           gboolean             allow_incremental,
                                           GCancellable        *cancellable,
                                           GAsyncReadyCallback  callback,
                                           gpointer             user_data);
gboolean     aud_match_run_execute_finish (AudMatchRun         *self,
                                           GAsyncResult        *result,
                                           AudMatchRunStats    *stats,
                                           GError             **error);

/* Field names → matcher inputs. The first name in each list is the one written by
 * aud_match_record_to_json(), which turns a generated record into source record values. */
const char * const *aud_match_run_field_names (AudMatchField field,
                                               gboolean      accounts);
char        *aud_match_record_to_json (const AudMatchRecord *record,
                                       gboolean              accounts);

G_END_DECLS
