/* aud-match-run.c — matching an audience's source records into entities with stable ids
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <json-glib/json-glib.h>

#include "aud-match-run-private.h"
#include "aud-store-private.h"

/* More changed records than this share of all: a full run costs about the same and drops
 * the placeholders of deleted records. */
#define INCREMENTAL_MAX_SHARE 0.25

struct _AudMatchRun
{
  GObject        parent_instance;

  AudStore      *store;
  AudStore      *active;      /* the store of the thread running now: store, or a worker's */
  gboolean       busy;
  gint64         audience_id;
  char          *object;
  gboolean       accounts;

  AudMatchState *state;
  GPtrArray     *records;     /* AudMatchRecord, the matcher's input */
  GArray        *infos;       /* AudRunRecord, aligned with records */
  GHashTable    *index_of;    /* record id → index + 1 */
  char          *signature;   /* decisions and settings the kept golden values follow */
};

G_DEFINE_FINAL_TYPE (AudMatchRun, aud_match_run, G_TYPE_OBJECT)

#define RECORDS_SQL \
  "SELECT r.id, s.kind, r.modstamp, r.data FROM source_records AS r JOIN sources AS s ON s.id = r.source_id " \
  "WHERE r.is_deleted = 0 AND (r.source_id IN (SELECT source_id FROM audience_sources WHERE audience_id = ?1) " \
  "  OR (s.kind = 'salesforce' AND s.object = ?2)) "

static void
reset_records (AudMatchRun *self)
{
  for (guint i = 0; i < self->infos->len; i++)
    aud_run_record_clear (&g_array_index (self->infos, AudRunRecord, i));
  g_array_set_size (self->infos, 0);
  g_ptr_array_set_size (self->records, 0);
  g_hash_table_remove_all (self->index_of);
}

static void
set_record (AudMatchRun *self,
            guint        index)
{
  AudRunRecord *info = &g_array_index (self->infos, AudRunRecord, index);
  AudMatchRecord *record = aud_run_record_to_match (info, self->accounts);

  if (index < self->records->len)
    {
      aud_match_record_free (g_ptr_array_index (self->records, index));
      g_ptr_array_index (self->records, index) = record;
    }
  else
    g_ptr_array_add (self->records, record);
  g_hash_table_insert (self->index_of, GSIZE_TO_POINTER (info->id), GUINT_TO_POINTER (index + 1));
}

static gboolean
load_all (AudMatchRun  *self,
          GCancellable *cancellable,
          GError      **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  int rc;

  reset_records (self);
  stmt = aud_store_prepare (self->active, RECORDS_SQL "ORDER BY r.id", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, self->audience_id);
  sqlite3_bind_text (stmt, 2, self->object, -1, SQLITE_STATIC);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      AudRunRecord info = { 0, };

      g_array_append_val (self->infos, info);
      aud_run_record_fill (&g_array_index (self->infos, AudRunRecord, self->infos->len - 1), parser,
                 sqlite3_column_int64 (stmt, 0), (const char *) sqlite3_column_text (stmt, 1),
                 (const char *) sqlite3_column_text (stmt, 2), (const char *) sqlite3_column_text (stmt, 3));
      set_record (self, self->infos->len - 1);
      if ((self->infos->len & 4095) == 0 && g_cancellable_set_error_if_cancelled (cancellable, error))
        return FALSE;
    }
  if (rc != SQLITE_DONE)
    {
      aud_store_set_sqlite_error (self->active, error, rc, "source records");
      return FALSE;
    }
  return TRUE;
}

/* Compares modstamps with what the last run saw and reloads only what differs: new records are
 * appended, records gone from the sources become empty placeholders. Returns the changed
 * indices, or NULL with an error. */
static GArray *
load_changes (AudMatchRun  *self,
              GError      **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GArray) changed = g_array_new (FALSE, FALSE, sizeof (guint));
  g_autofree gboolean *seen = g_new0 (gboolean, self->infos->len + 1);
  guint n_before = self->infos->len;
  int rc;

  stmt = aud_store_prepare (self->active, RECORDS_SQL "ORDER BY r.id", error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, self->audience_id);
  sqlite3_bind_text (stmt, 2, self->object, -1, SQLITE_STATIC);
  for (guint i = 0; i < self->infos->len; i++)
    g_array_index (self->infos, AudRunRecord, i).changed = FALSE;
  /* the data column is read only for the rows that changed: sqlite3 decodes columns lazily */
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      gint64 id = sqlite3_column_int64 (stmt, 0);
      const char *modstamp = (const char *) sqlite3_column_text (stmt, 2);
      guint index = GPOINTER_TO_UINT (g_hash_table_lookup (self->index_of, GSIZE_TO_POINTER (id)));
      AudRunRecord *info;

      if (index != 0 && index <= n_before)
        {
          info = &g_array_index (self->infos, AudRunRecord, index - 1);
          seen[index - 1] = TRUE;
          if (info->live && g_strcmp0 (info->modstamp_text, modstamp) == 0)
            continue;
          index--;
        }
      else
        {
          AudRunRecord blank = { 0, };

          g_array_append_val (self->infos, blank);
          index = self->infos->len - 1;
        }
      info = &g_array_index (self->infos, AudRunRecord, index);
      aud_run_record_fill (info, parser, id, (const char *) sqlite3_column_text (stmt, 1), modstamp,
                 (const char *) sqlite3_column_text (stmt, 3));
      set_record (self, index);
      g_array_append_val (changed, index);
    }
  if (rc != SQLITE_DONE)
    {
      aud_store_set_sqlite_error (self->active, error, rc, "source records");
      return NULL;
    }
  for (guint i = 0; i < n_before; i++)
    {
      AudRunRecord *info = &g_array_index (self->infos, AudRunRecord, i);

      if (seen[i] || !info->live)
        continue;
      info->live = FALSE;
      info->changed = TRUE;
      set_record (self, i);
      g_array_append_val (changed, i);
    }
  return g_steal_pointer (&changed);
}

/* ---- decisions ---------------------------------------------------------------------------- */

static char **
ids_to_strv (GArray     *ids,
             GHashTable *drop)
{
  g_autoptr(GStrvBuilder) b = g_strv_builder_new ();

  for (guint i = 0; ids != NULL && i < ids->len; i++)
    {
      gint64 id = g_array_index (ids, gint64, i);

      char text[24];

      if (drop != NULL && g_hash_table_contains (drop, GSIZE_TO_POINTER (id)))
        continue;
      g_snprintf (text, sizeof text, "%" G_GINT64_FORMAT, id);
      g_strv_builder_add (b, text);
    }
  return g_strv_builder_end (b);
}

static void
clear_match_decision (gpointer data)
{
  AudMatchDecision *d = data;

  g_strfreev (d->a);
  g_strfreev (d->b);
}

/* The matcher's decisions from the stored ones, and the pins by record. A record split out
 * later leaves an earlier confirm: the newer decision wins. */
static GArray *
build_decisions (GPtrArray  *decisions,
                 GHashTable *pins)
{
  GArray *out = g_array_new (FALSE, TRUE, sizeof (AudMatchDecision));
  g_autoptr(GHashTable) split_later = g_hash_table_new (NULL, NULL);

  g_array_set_clear_func (out, clear_match_decision);
  for (guint i = decisions->len; i-- > 0;)
    {
      AudDecision *d = g_ptr_array_index (decisions, i);
      AudMatchDecision m = { 0, };

      switch (d->kind)
        {
        case AUD_DECISION_PIN:
          {
            gint64 record = g_array_index (d->records_a, gint64, 0);
            GPtrArray *list = g_hash_table_lookup (pins, GSIZE_TO_POINTER (record));

            if (list == NULL)
              {
                list = g_ptr_array_new ();
                g_hash_table_insert (pins, GSIZE_TO_POINTER (record), list);
              }
            g_ptr_array_add (list, d);
          }
          continue;
        case AUD_DECISION_CONFIRM:
          m.kind = AUD_MATCH_DECISION_CONFIRM;
          m.a = ids_to_strv (d->records_a, split_later);
          break;
        case AUD_DECISION_SPLIT:
        case AUD_DECISION_NEVER_MERGE:
          m.kind = d->kind == AUD_DECISION_SPLIT ? AUD_MATCH_DECISION_SPLIT : AUD_MATCH_DECISION_NEVER_MERGE;
          m.a = ids_to_strv (d->records_a, NULL);
          m.b = ids_to_strv (d->records_b, NULL);
          for (guint j = 0; j < d->records_a->len; j++)
            g_hash_table_add (split_later, GSIZE_TO_POINTER (g_array_index (d->records_a, gint64, j)));
          break;
        default:
          g_assert_not_reached ();
        }
      g_array_append_val (out, m);
    }
  return out;
}

static char *
make_signature (GPtrArray                     *decisions,
                const AudSurvivorshipSettings *settings)
{
  GString *s = g_string_new (NULL);
  g_autoptr(GList) fields = g_hash_table_get_keys (settings->field_rules);

  for (guint i = 0; i < decisions->len; i++)
    g_string_append_printf (s, "%" G_GINT64_FORMAT ",", ((AudDecision *) g_ptr_array_index (decisions, i))->id);
  g_string_append_printf (s, "|%d|", settings->default_rule);
  for (guint i = 0; settings->source_priority[i] != NULL; i++)
    g_string_append_printf (s, "%s,", settings->source_priority[i]);
  fields = g_list_sort (fields, (GCompareFunc) g_strcmp0);
  for (GList *l = fields; l != NULL; l = l->next)
    g_string_append_printf (s, "|%s=%d", (char *) l->data,
                            GPOINTER_TO_INT (g_hash_table_lookup (settings->field_rules, l->data)));
  return g_string_free (s, FALSE);
}

/* ---- the run ------------------------------------------------------------------------------ */

static gboolean
record_run (AudMatchRun            *self,
            const AudMatchRunStats *stats,
            GError                **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;

  stmt = aud_store_prepare (self->active,
                            "INSERT INTO match_runs (audience_id, kind, records, changed, entities, seconds) "
                            "VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
                            error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, self->audience_id);
  sqlite3_bind_text (stmt, 2, stats->incremental ? "incremental" : "full", -1, SQLITE_STATIC);
  sqlite3_bind_int (stmt, 3, stats->n_records);
  sqlite3_bind_int (stmt, 4, stats->n_changed);
  sqlite3_bind_int (stmt, 5, stats->n_entities);
  sqlite3_bind_double (stmt, 6, stats->seconds_load + stats->seconds_match);
  return aud_store_step_done (self->active, stmt, error);
}

/* Nothing changed since the last run of this object: what is stored is already the answer. */
static gboolean
report_unchanged (AudMatchRun      *self,
                  AudMatchRunStats *stats,
                  gint64            t0,
                  GError          **error)
{
  AudEntityCounts counts;

  if (!aud_entity_store_count (self->active, self->audience_id, &counts, error))
    return FALSE;
  stats->incremental = TRUE;
  stats->n_records = counts.records;
  stats->n_entities = counts.entities;
  stats->n_multi = counts.multi;
  stats->n_review = counts.review_pairs;
  stats->n_job_changes = counts.job_changes;
  stats->n_held_apart = counts.held_apart;
  stats->seconds_load = stats->seconds_total = (g_get_monotonic_time () - t0) / 1e6;
  return TRUE;
}

static void
forget_state (AudMatchRun *self)
{
  g_clear_pointer (&self->state, aud_match_state_free);
  g_clear_pointer (&self->signature, g_free);
  reset_records (self);
}

static gboolean
execute (AudMatchRun       *self,
         gboolean           allow_incremental,
         AudMatchRunStats  *stats,
         GCancellable      *cancellable,
         GError           **error)
{
  AudMatchRunStats local = { 0, };
  g_autoptr(GPtrArray) decisions = NULL;
  g_autoptr(GArray) match_decisions = NULL;
  g_autoptr(GArray) changed = NULL;
  g_autoptr(GHashTable) pins = g_hash_table_new_full (NULL, NULL, NULL, (GDestroyNotify) g_ptr_array_unref);
  g_autoptr(AudSurvivorshipSettings) settings = NULL;
  g_autoptr(AudMatchResult) result = NULL;
  g_autofree char *signature = NULL;
  gint64 t0 = g_get_monotonic_time (), t1, t2;
  AudMatchPersist persist = { 0, };
  AudMatchOptions options;
  gboolean ok;

  if (stats == NULL)
    stats = &local;
  memset (stats, 0, sizeof *stats);

  decisions = aud_entity_store_list_decisions (self->active, self->audience_id, error);
  if (decisions == NULL)
    return FALSE;
  settings = aud_entity_store_load_settings (self->active, self->audience_id, error);
  if (settings == NULL)
    return FALSE;
  signature = make_signature (decisions, settings);
  match_decisions = build_decisions (decisions, pins);

  if (self->state != NULL && allow_incremental)
    {
      changed = load_changes (self, error);
      if (changed == NULL)
        {
          forget_state (self);
          return FALSE;
        }
      if (changed->len > INCREMENTAL_MAX_SHARE * self->infos->len)
        g_clear_pointer (&changed, g_array_unref);
      else if (changed->len == 0 && g_strcmp0 (signature, self->signature) == 0)
        return report_unchanged (self, stats, t0, error);
    }
  if (changed == NULL)
    {
      g_clear_pointer (&self->state, aud_match_state_free);
      if (!load_all (self, cancellable, error))
        {
          forget_state (self);
          return FALSE;
        }
    }
  t1 = g_get_monotonic_time ();

  if (changed != NULL)
    result = aud_match_state_rematch (self->state, self->records, (guint *) changed->data, changed->len,
                                      (AudMatchDecision *) match_decisions->data, match_decisions->len);
  else
    {
      aud_match_options_init (&options);
      options.kind = self->accounts ? AUD_MATCH_KIND_ACCOUNTS : AUD_MATCH_KIND_CONTACTS;
      self->state = aud_match_state_new (&options);
      result = aud_match_state_run (self->state, self->records,
                                    (AudMatchDecision *) match_decisions->data, match_decisions->len);
    }
  t2 = g_get_monotonic_time ();

  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    return FALSE;

  stats->incremental = changed != NULL;
  stats->n_changed = changed != NULL ? changed->len : self->infos->len;
  for (guint i = 0; i < self->infos->len; i++)
    stats->n_records += g_array_index (self->infos, AudRunRecord, i).live;

  persist.store = self->active;
  persist.audience_id = self->audience_id;
  persist.infos = self->infos;
  persist.result = result;
  persist.pins = pins;
  persist.settings = settings;
  persist.all_dirty = changed == NULL || g_strcmp0 (signature, self->signature) != 0;

  ok = aud_store_begin (self->active, error) &&
       aud_match_persist (&persist, stats, error) &&
       record_run (self, stats, error);
  if (ok)
    ok = aud_store_commit (self->active, error);
  else
    aud_store_rollback (self->active);
  if (!ok)
    {
      /* what is stored no longer matches the kept state: start over next time */
      forget_state (self);
      return FALSE;
    }

  g_free (self->signature);
  self->signature = g_steal_pointer (&signature);
  stats->seconds_load = (t1 - t0) / 1e6;
  stats->seconds_match = (t2 - t1) / 1e6;
  stats->seconds_persist = (g_get_monotonic_time () - t2) / 1e6;
  stats->seconds_total = (g_get_monotonic_time () - t0) / 1e6;
  return TRUE;
}


static gboolean
execute_on (AudMatchRun       *self,
            AudStore          *store,
            gboolean           allow_incremental,
            AudMatchRunStats  *stats,
            GCancellable      *cancellable,
            GError           **error)
{
  gboolean ok;

  if (self->busy)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_PENDING,
                           _("A match of this audience is already running. Wait for it to finish."));
      return FALSE;
    }
  self->busy = TRUE;
  self->active = store;
  ok = execute (self, allow_incremental, stats, cancellable, error);
  self->active = NULL;
  self->busy = FALSE;
  return ok;
}

gboolean
aud_match_run_execute (AudMatchRun       *self,
                       gboolean           allow_incremental,
                       AudMatchRunStats  *stats,
                       GCancellable      *cancellable,
                       GError           **error)
{
  g_return_val_if_fail (AUD_IS_MATCH_RUN (self), FALSE);

  return execute_on (self, self->store, allow_incremental, stats, cancellable, error);
}

typedef struct
{
  char             *path;
  gboolean          allow_incremental;
  AudMatchRunStats  stats;
} AsyncData;

static void
async_data_free (AsyncData *data)
{
  g_free (data->path);
  g_free (data);
}

/* The store's connection belongs to the thread that opened it: the worker opens its own. */
static void
execute_thread (GTask        *task,
                gpointer      source_object,
                gpointer      task_data,
                GCancellable *cancellable)
{
  AudMatchRun *self = source_object;
  AsyncData *data = task_data;
  g_autoptr(AudStore) store = NULL;
  GError *error = NULL;

  store = aud_store_open (data->path, &error);
  if (store == NULL)
    {
      g_task_return_error (task, error);
      return;
    }
  self->active = store;
  if (execute (self, data->allow_incremental, &data->stats, cancellable, &error))
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, error);
  self->active = NULL;
}

/* Back in the caller's context: the object is free again before the caller hears of it. */
static void
execute_thread_done (GObject      *object,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  g_autoptr(GTask) outer = user_data;
  AsyncData *data = g_task_get_task_data (G_TASK (result));
  AsyncData *outer_data = g_task_get_task_data (outer);
  GError *error = NULL;

  AUD_MATCH_RUN (object)->busy = FALSE;
  outer_data->stats = data->stats;
  if (g_task_propagate_boolean (G_TASK (result), &error))
    g_task_return_boolean (outer, TRUE);
  else
    g_task_return_error (outer, error);
}

void
aud_match_run_execute_async (AudMatchRun         *self,
                             gboolean             allow_incremental,
                             GCancellable        *cancellable,
                             GAsyncReadyCallback  callback,
                             gpointer             user_data)
{
  g_autoptr(GTask) outer = NULL;
  g_autoptr(GTask) inner = NULL;
  AsyncData *data;

  g_return_if_fail (AUD_IS_MATCH_RUN (self));

  outer = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (outer, aud_match_run_execute_async);
  g_task_set_task_data (outer, g_new0 (AsyncData, 1), (GDestroyNotify) async_data_free);
  if (self->busy)
    {
      g_task_return_new_error (outer, G_IO_ERROR, G_IO_ERROR_PENDING, "%s",
                               _("A match of this audience is already running. Wait for it to finish."));
      return;
    }

  data = g_new0 (AsyncData, 1);
  data->path = g_strdup (aud_store_get_path (self->store));
  data->allow_incremental = allow_incremental;
  inner = g_task_new (self, cancellable, execute_thread_done, g_steal_pointer (&outer));
  g_task_set_task_data (inner, data, (GDestroyNotify) async_data_free);
  self->busy = TRUE;
  g_task_run_in_thread (inner, execute_thread);
}

gboolean
aud_match_run_execute_finish (AudMatchRun       *self,
                              GAsyncResult      *result,
                              AudMatchRunStats  *stats,
                              GError           **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == aud_match_run_execute_async, FALSE);

  if (stats != NULL)
    *stats = ((AsyncData *) g_task_get_task_data (G_TASK (result)))->stats;
  return g_task_propagate_boolean (G_TASK (result), error);
}

static void
aud_match_run_finalize (GObject *object)
{
  AudMatchRun *self = AUD_MATCH_RUN (object);

  forget_state (self);
  g_clear_pointer (&self->records, g_ptr_array_unref);
  g_clear_pointer (&self->infos, g_array_unref);
  g_clear_pointer (&self->index_of, g_hash_table_unref);
  g_clear_object (&self->store);
  g_free (self->object);

  G_OBJECT_CLASS (aud_match_run_parent_class)->finalize (object);
}

static void
aud_match_run_class_init (AudMatchRunClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = aud_match_run_finalize;
}

static void
aud_match_run_init (AudMatchRun *self)
{
  self->records = g_ptr_array_new_with_free_func ((GDestroyNotify) aud_match_record_free);
  self->infos = g_array_new (FALSE, TRUE, sizeof (AudRunRecord));
  self->index_of = g_hash_table_new (NULL, NULL);
}

AudMatchRun *
aud_match_run_new (AudStore   *store,
                   gint64      audience_id,
                   const char *object)
{
  AudMatchRun *self;

  g_return_val_if_fail (AUD_IS_STORE (store), NULL);
  g_return_val_if_fail (object != NULL, NULL);

  self = g_object_new (AUD_TYPE_MATCH_RUN, NULL);
  self->store = g_object_ref (store);
  self->audience_id = audience_id;
  self->object = g_strdup (object);
  self->accounts = g_str_equal (object, "Account");
  return self;
}
