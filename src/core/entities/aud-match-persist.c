/* aud-match-persist.c — writing a match result with stable entity ids and golden values
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <json-glib/json-glib.h>
#include <math.h>

#include "aud-mapping.h"
#include "aud-match-run-private.h"
#include "aud-store-private.h"

typedef struct
{
  guint  cluster;
  gint64 old_id;
  guint  overlap;
} Overlap;

typedef struct
{
  guint    n_members;
  gboolean weak;
  gboolean confirmed;
  gboolean taken;
} OldEntity;

/* Most shared records first; ties go to the oldest entity (smallest id), then to the cluster
 * of the smallest record, so the same input always gives the same ids. */
static int
compare_overlaps (gconstpointer a,
                  gconstpointer b)
{
  const Overlap *x = a, *y = b;

  if (x->overlap != y->overlap)
    return x->overlap > y->overlap ? -1 : 1;
  if (x->old_id != y->old_id)
    return x->old_id < y->old_id ? -1 : 1;
  return x->cluster < y->cluster ? -1 : (x->cluster > y->cluster);
}

static gboolean
load_old (const AudMatchPersist *p,
          GHashTable            *old_of,
          GHashTable            *old_entities,
          GError               **error)
{
  g_autoptr(sqlite3_stmt) members = NULL;
  g_autoptr(sqlite3_stmt) entities = NULL;
  int rc;

  entities = aud_store_prepare (p->store,
                                "SELECT id, n_members, weak, confirmed FROM entities WHERE audience_id = ?1",
                                error);
  if (entities == NULL)
    return FALSE;
  sqlite3_bind_int64 (entities, 1, p->audience_id);
  while ((rc = sqlite3_step (entities)) == SQLITE_ROW)
    {
      OldEntity *e = g_new0 (OldEntity, 1);

      e->n_members = sqlite3_column_int (entities, 1);
      e->weak = sqlite3_column_int (entities, 2);
      e->confirmed = sqlite3_column_int (entities, 3);
      g_hash_table_insert (old_entities, GSIZE_TO_POINTER (sqlite3_column_int64 (entities, 0)), e);
    }
  if (rc != SQLITE_DONE)
    {
      aud_store_set_sqlite_error (p->store, error, rc, "entities");
      return FALSE;
    }

  members = aud_store_prepare (p->store,
                               "SELECT record_id, entity_id FROM entity_members WHERE audience_id = ?1",
                               error);
  if (members == NULL)
    return FALSE;
  sqlite3_bind_int64 (members, 1, p->audience_id);
  while ((rc = sqlite3_step (members)) == SQLITE_ROW)
    g_hash_table_insert (old_of, GSIZE_TO_POINTER (sqlite3_column_int64 (members, 0)),
                         GSIZE_TO_POINTER (sqlite3_column_int64 (members, 1)));
  if (rc != SQLITE_DONE)
    {
      aud_store_set_sqlite_error (p->store, error, rc, "entity members");
      return FALSE;
    }
  return TRUE;
}

static const AudRunRecord *
info_at (const AudMatchPersist *p,
         guint                  index)
{
  return &g_array_index (p->infos, AudRunRecord, index);
}

/* The latest pin among the members for @field, or NULL. */
static const AudDecision *
find_pin (const AudMatchPersist *p,
          const guint           *members,
          guint                  n_members,
          const char            *field)
{
  const AudDecision *best = NULL;

  if (g_hash_table_size (p->pins) == 0)
    return NULL;
  for (guint i = 0; i < n_members; i++)
    {
      GPtrArray *pins = g_hash_table_lookup (p->pins, GSIZE_TO_POINTER (info_at (p, members[i])->id));

      for (guint j = 0; pins != NULL && j < pins->len; j++)
        {
          const AudDecision *d = g_ptr_array_index (pins, j);

          if (g_strcmp0 (d->field, field) == 0 && (best == NULL || d->id > best->id))
            best = d;
        }
    }
  return best;
}

typedef struct
{
  char     *value;
  gint64    record_id;
  char     *reason;
  gboolean  seen;
} StoredGolden;

static void
stored_golden_free (StoredGolden *g)
{
  g_free (g->value);
  g_free (g->reason);
  g_free (g);
}

/* An entity's stored golden values by interned field name. */
static GHashTable *
load_golden (const AudMatchPersist *p,
             gint64                 entity_id,
             GError               **error)
{
  g_autoptr(GHashTable) stored = g_hash_table_new_full (NULL, NULL, NULL, (GDestroyNotify) stored_golden_free);
  sqlite3_stmt *stmt;
  int rc;

  stmt = aud_store_prepare_cached (p->store,
                                   "SELECT field, value, record_id, reason FROM golden_values WHERE entity_id = ?1",
                                   error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, entity_id);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      StoredGolden *g = g_new0 (StoredGolden, 1);

      g->value = g_strdup ((const char *) sqlite3_column_text (stmt, 1));
      g->record_id = sqlite3_column_int64 (stmt, 2);
      g->reason = g_strdup ((const char *) sqlite3_column_text (stmt, 3));
      g_hash_table_insert (stored, (gpointer) g_intern_string ((const char *) sqlite3_column_text (stmt, 0)), g);
    }
  if (rc != SQLITE_DONE)
    {
      aud_store_set_sqlite_error (p->store, error, rc, "golden values");
      return NULL;
    }
  return g_steal_pointer (&stored);
}

/* Computes the entity's golden record and writes what differs from what is stored (an
 * entity that existed before usually keeps most of its values). */
static gboolean
write_golden (const AudMatchPersist *p,
              gint64                 entity_id,
              gboolean               existed,
              const guint           *members,
              guint                  n_members,
              GError               **error)
{
  g_autoptr(GHashTable) stored = NULL;
  GHashTableIter iter;
  gpointer key, value_ptr;
  sqlite3_stmt *insert;
  g_autoptr(GPtrArray) fields = g_ptr_array_new ();
  g_autoptr(GHashTable) seen = g_hash_table_new (NULL, NULL);
  g_autofree AudSurvivorshipCandidate *candidates = g_new0 (AudSurvivorshipCandidate, n_members);

  if (existed && (stored = load_golden (p, entity_id, error)) == NULL)
    return FALSE;

  /* field names are interned, so pointers identify them */
  for (guint i = 0; i < n_members; i++)
    {
      const AudRunRecord *r = info_at (p, members[i]);
      GPtrArray *pins = g_hash_table_lookup (p->pins, GSIZE_TO_POINTER (r->id));

      for (guint f = 0; f < r->n_fields; f++)
        if (g_hash_table_add (seen, (gpointer) r->names[f]) && !aud_mapping_is_sync_field (r->names[f]))
          g_ptr_array_add (fields, (gpointer) r->names[f]);
      for (guint j = 0; pins != NULL && j < pins->len; j++)
        {
          const char *name = g_intern_string (((AudDecision *) g_ptr_array_index (pins, j))->field);

          if (g_hash_table_add (seen, (gpointer) name))
            g_ptr_array_add (fields, (gpointer) name);
        }
    }

  for (guint f = 0; f < fields->len; f++)
    {
      const char *field = g_ptr_array_index (fields, f);
      const AudDecision *pin = find_pin (p, members, n_members, field);
      AudSurvivorshipInput input = { 0, };
      AudSurvivorshipRule reason;
      gpointer rule;
      const char *value;
      gint64 record_id = 0;
      int winner;

      for (guint i = 0; i < n_members; i++)
        {
          const AudRunRecord *r = info_at (p, members[i]);

          candidates[i].value = NULL;
          for (guint k = 0; k < r->n_fields; k++)
            if (r->names[k] == field)
              candidates[i].value = r->values[k];
          candidates[i].source_kind = r->kind;
          candidates[i].modstamp = r->modstamp;
          candidates[i].record_id = r->id;
        }

      input.rule = p->settings->default_rule;
      if (g_hash_table_lookup_extended (p->settings->field_rules, field, NULL, &rule))
        input.rule = GPOINTER_TO_INT (rule);
      input.source_priority = (const char * const *) p->settings->source_priority;
      if (pin != NULL)
        {
          input.has_pin = TRUE;
          input.pinned_value = pin->value;
          input.pinned_record_id = g_array_index (pin->records_a, gint64, 0);
        }

      winner = aud_survivorship_choose (candidates, n_members, &input, &reason);
      if (pin != NULL)
        {
          value = pin->value;
          record_id = winner >= 0 ? candidates[winner].record_id : 0;
        }
      else if (winner >= 0)
        {
          value = candidates[winner].value;
          record_id = candidates[winner].record_id;
        }
      else
        continue;

      if (stored != NULL)
        {
          StoredGolden *g = g_hash_table_lookup (stored, field);

          if (g != NULL)
            {
              g->seen = TRUE;
              if (g_strcmp0 (g->value, value) == 0 && g->record_id == record_id &&
                  g_strcmp0 (g->reason, aud_survivorship_rule_to_string (reason)) == 0)
                continue;
            }
        }

      insert = aud_store_prepare_cached (p->store,
                                         "INSERT OR REPLACE INTO golden_values (entity_id, field, value, record_id, reason) "
                                         "VALUES (?1, ?2, ?3, ?4, ?5)",
                                         error);
      if (insert == NULL)
        return FALSE;
      sqlite3_bind_int64 (insert, 1, entity_id);
      sqlite3_bind_text (insert, 2, field, -1, SQLITE_STATIC);
      sqlite3_bind_text (insert, 3, value, -1, SQLITE_STATIC);
      if (record_id > 0)
        sqlite3_bind_int64 (insert, 4, record_id);
      else
        sqlite3_bind_null (insert, 4);
      sqlite3_bind_text (insert, 5, aud_survivorship_rule_to_string (reason), -1, SQLITE_STATIC);
      if (!aud_store_step_done (p->store, insert, error))
        return FALSE;
    }

  if (stored == NULL)
    return TRUE;
  g_hash_table_iter_init (&iter, stored);
  while (g_hash_table_iter_next (&iter, &key, &value_ptr))
    {
      sqlite3_stmt *del;

      if (((StoredGolden *) value_ptr)->seen)
        continue;
      del = aud_store_prepare_cached (p->store, "DELETE FROM golden_values WHERE entity_id = ?1 AND field = ?2", error);
      if (del == NULL)
        return FALSE;
      sqlite3_bind_int64 (del, 1, entity_id);
      sqlite3_bind_text (del, 2, key, -1, SQLITE_STATIC);
      if (!aud_store_step_done (p->store, del, error))
        return FALSE;
    }
  return TRUE;
}

static char *
evidence_json (const AudMatchPair *pair)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;

  json_builder_begin_object (b);
  for (guint c = 0; c < AUD_MATCH_N_COMPARISONS; c++)
    {
      const AudMatchEvidence *e = &pair->evidence[c];

      if (e->level == AUD_MATCH_LEVEL_MISSING)
        continue;
      json_builder_set_member_name (b, aud_match_comparison_to_string (c));
      json_builder_begin_object (b);
      json_builder_set_member_name (b, "level");
      json_builder_add_string_value (b, aud_match_level_to_string (e->level));
      json_builder_set_member_name (b, "similarity");
      json_builder_add_double_value (b, round (e->similarity * 1000) / 1000);
      json_builder_set_member_name (b, "weight");
      json_builder_add_double_value (b, round (e->weight * 100) / 100);
      json_builder_end_object (b);
    }
  json_builder_end_object (b);
  root = json_builder_get_root (b);
  return json_to_string (root, FALSE);
}

static const char * const pair_kinds[] = { "merge", "review", "job-change", "held-apart" };

static gboolean
exec_id (const AudMatchPersist *p,
         const char            *sql,
         gint64                 a,
         gint64                 b,
         GError               **error)
{
  sqlite3_stmt *stmt = aud_store_prepare_cached (p->store, sql, error);

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, a);
  sqlite3_bind_int64 (stmt, 2, b);
  return aud_store_step_done (p->store, stmt, error);
}

/* Record ids are source_records rowids: far below 2^32 in any workspace this app can hold. */
typedef struct
{
  guint64  key;     /* smaller record id << 32 | larger */
  gint64   rowid;
  int      kind;
  float    score;
  gboolean seen;
} OldPair;

static int
pair_kind_from_string (const char *s)
{
  for (guint i = 0; i < G_N_ELEMENTS (pair_kinds); i++)
    if (g_strcmp0 (s, pair_kinds[i]) == 0)
      return i;
  return -1;
}

/* The stored pairs, so that only the pairs that changed are written: after a small change
 * most pairs are the same, and writing them all again would cost more than the match. */
static GArray *
load_old_pairs (const AudMatchPersist *p,
                GError               **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(GArray) pairs = g_array_new (FALSE, FALSE, sizeof (OldPair));
  int rc;

  stmt = aud_store_prepare (p->store,
                            "SELECT id, record_a, record_b, kind, score FROM match_pairs WHERE audience_id = ?1",
                            error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, p->audience_id);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      OldPair o = { 0, };

      o.rowid = sqlite3_column_int64 (stmt, 0);
      o.key = ((guint64) sqlite3_column_int64 (stmt, 1) << 32) | (guint64) sqlite3_column_int64 (stmt, 2);
      o.kind = pair_kind_from_string ((const char *) sqlite3_column_text (stmt, 3));
      o.score = sqlite3_column_double (stmt, 4);
      g_array_append_val (pairs, o);
    }
  if (rc != SQLITE_DONE)
    {
      aud_store_set_sqlite_error (p->store, error, rc, "match pairs");
      return NULL;
    }
  return g_steal_pointer (&pairs);
}

static gboolean
write_job_change (const AudMatchPersist *p,
                  gint64                 ea,
                  gint64                 eb,
                  float                  score,
                  GError               **error)
{
  sqlite3_stmt *stmt;

  if (ea == eb || ea <= 0 || eb <= 0)
    return TRUE;
  stmt = aud_store_prepare_cached (p->store,
                                   "INSERT INTO job_changes (audience_id, entity_a, entity_b, score) "
                                   "VALUES (?1, ?2, ?3, ?4) "
                                   "ON CONFLICT DO UPDATE SET score = max (score, excluded.score)",
                                   error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, p->audience_id);
  sqlite3_bind_int64 (stmt, 2, MIN (ea, eb));
  sqlite3_bind_int64 (stmt, 3, MAX (ea, eb));
  sqlite3_bind_double (stmt, 4, score);
  return aud_store_step_done (p->store, stmt, error);
}

static gboolean
write_pairs (const AudMatchPersist *p,
             const gint64          *entity_of_cluster,
             AudMatchRunStats      *stats,
             GError               **error)
{
  const AudMatchResult *result = p->result;
  g_autoptr(GArray) old = NULL;
  g_autoptr(GHashTable) old_by_key = g_hash_table_new (g_int64_hash, g_int64_equal);
  sqlite3_stmt *stmt;

  old = load_old_pairs (p, error);
  if (old == NULL)
    return FALSE;
  for (guint i = 0; i < old->len; i++)
    g_hash_table_insert (old_by_key, &g_array_index (old, OldPair, i).key, &g_array_index (old, OldPair, i));

  /* job changes link entities, whose ids may have moved: few, so always rewritten */
  stmt = aud_store_prepare_cached (p->store, "DELETE FROM job_changes WHERE audience_id = ?1", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, p->audience_id);
  if (!aud_store_step_done (p->store, stmt, error))
    return FALSE;

  for (guint i = 0; i < result->pairs->len; i++)
    {
      const AudMatchPair *pair = &g_array_index (result->pairs, AudMatchPair, i);
      const AudRunRecord *a = info_at (p, pair->a), *b = info_at (p, pair->b);
      gint64 ra = MIN (a->id, b->id), rb = MAX (a->id, b->id);
      g_autofree char *evidence = NULL;
      guint64 key;
      OldPair *o;

      if (!a->live || !b->live)
        continue;

      if (pair->kind == AUD_MATCH_PAIR_REVIEW)
        stats->n_review++;
      else if (pair->kind == AUD_MATCH_PAIR_HELD_APART)
        stats->n_held_apart++;
      else if (pair->kind == AUD_MATCH_PAIR_JOB_CHANGE &&
               !write_job_change (p, entity_of_cluster[result->cluster_of[pair->a]],
                                  entity_of_cluster[result->cluster_of[pair->b]], pair->score, error))
        return FALSE;

      key = ((guint64) ra << 32) | (guint64) rb;
      o = g_hash_table_lookup (old_by_key, &key);
      if (o != NULL && !o->seen && o->kind == (int) pair->kind && fabsf (o->score - pair->score) < 1e-4f)
        {
          o->seen = TRUE;
          continue;
        }

      evidence = evidence_json (pair);
      if (o != NULL && !o->seen)
        {
          o->seen = TRUE;
          stmt = aud_store_prepare_cached (p->store,
                                           "UPDATE match_pairs SET kind = ?2, score = ?3, evidence = ?4 WHERE id = ?1",
                                           error);
          if (stmt == NULL)
            return FALSE;
          sqlite3_bind_int64 (stmt, 1, o->rowid);
        }
      else
        {
          stmt = aud_store_prepare_cached (p->store,
                                           "INSERT INTO match_pairs (audience_id, record_a, record_b, kind, score, evidence) "
                                           "VALUES (?5, ?6, ?7, ?2, ?3, ?4)",
                                           error);
          if (stmt == NULL)
            return FALSE;
          sqlite3_bind_int64 (stmt, 5, p->audience_id);
          sqlite3_bind_int64 (stmt, 6, ra);
          sqlite3_bind_int64 (stmt, 7, rb);
        }
      sqlite3_bind_text (stmt, 2, pair_kinds[pair->kind], -1, SQLITE_STATIC);
      sqlite3_bind_double (stmt, 3, pair->score);
      sqlite3_bind_text (stmt, 4, evidence, -1, SQLITE_STATIC);
      if (!aud_store_step_done (p->store, stmt, error))
        return FALSE;
    }

  for (guint i = 0; i < old->len; i++)
    if (!g_array_index (old, OldPair, i).seen &&
        !exec_id (p, "DELETE FROM match_pairs WHERE id = ?1 AND ?2 = ?2", g_array_index (old, OldPair, i).rowid, 0, error))
      return FALSE;

  stmt = aud_store_prepare_cached (p->store, "SELECT count (*) FROM job_changes WHERE audience_id = ?1", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, p->audience_id);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    stats->n_job_changes = sqlite3_column_int (stmt, 0);
  /* A cached statement left on its row keeps a read transaction open: later reads on this
   * connection would not see other connections' writes. */
  sqlite3_reset (stmt);
  return TRUE;
}

gboolean
aud_match_persist (const AudMatchPersist *p,
                   AudMatchRunStats      *stats,
                   GError               **error)
{
  const AudMatchResult *result = p->result;
  guint n_clusters = result->clusters->len;
  g_autoptr(GHashTable) old_of = g_hash_table_new (NULL, NULL);
  g_autoptr(GHashTable) old_entities = g_hash_table_new_full (NULL, NULL, NULL, g_free);
  g_autoptr(GHashTable) overlap = g_hash_table_new (NULL, NULL);
  g_autoptr(GHashTable) live_ids = g_hash_table_new (NULL, NULL);
  g_autoptr(GArray) overlaps = g_array_new (FALSE, FALSE, sizeof (Overlap));
  g_autofree gint64 *entity_of_cluster = g_new0 (gint64, n_clusters);
  g_autofree guint *live_members = g_new (guint, MAX (result->n_records, 1));
  GHashTableIter iter;
  gpointer key, value;

  if (!load_old (p, old_of, old_entities, error))
    return FALSE;

  /* 1. how many records each cluster shares with each old entity */
  for (guint c = 0; c < n_clusters; c++)
    {
      const AudMatchCluster *cluster = &g_array_index (result->clusters, AudMatchCluster, c);

      g_hash_table_remove_all (overlap);
      for (guint m = 0; m < cluster->n_members; m++)
        {
          const AudRunRecord *r = info_at (p, result->members[cluster->first + m]);
          gpointer old;

          if (r->live && g_hash_table_lookup_extended (old_of, GSIZE_TO_POINTER (r->id), NULL, &old))
            g_hash_table_insert (overlap, old,
                                 GUINT_TO_POINTER (GPOINTER_TO_UINT (g_hash_table_lookup (overlap, old)) + 1));
        }
      g_hash_table_iter_init (&iter, overlap);
      while (g_hash_table_iter_next (&iter, &key, &value))
        {
          Overlap o = { c, (gint64) GPOINTER_TO_SIZE (key), GPOINTER_TO_UINT (value) };

          g_array_append_val (overlaps, o);
        }
    }

  /* 2. greedy, largest overlap first: each old id goes to at most one cluster */
  g_array_sort (overlaps, compare_overlaps);
  for (guint i = 0; i < overlaps->len; i++)
    {
      const Overlap *o = &g_array_index (overlaps, Overlap, i);
      OldEntity *e = g_hash_table_lookup (old_entities, GSIZE_TO_POINTER (o->old_id));

      if (e == NULL || e->taken || entity_of_cluster[o->cluster] != 0)
        continue;
      e->taken = TRUE;
      entity_of_cluster[o->cluster] = o->old_id;
    }

  /* 3. entities no cluster kept go, with their golden values and links (cascade) */
  g_hash_table_iter_init (&iter, old_entities);
  while (g_hash_table_iter_next (&iter, &key, &value))
    if (!((OldEntity *) value)->taken &&
        !exec_id (p, "DELETE FROM entities WHERE id = ?1 AND ?2 = ?2", (gint64) GPOINTER_TO_SIZE (key), 0, error))
      return FALSE;

  /* 4. per cluster: the entity row, changed memberships, golden values */
  for (guint c = 0; c < n_clusters; c++)
    {
      const AudMatchCluster *cluster = &g_array_index (result->clusters, AudMatchCluster, c);
      gint64 id = entity_of_cluster[c];
      OldEntity *old = id != 0 ? g_hash_table_lookup (old_entities, GSIZE_TO_POINTER (id)) : NULL;
      gboolean members_changed = old == NULL, records_changed = p->all_dirty;
      guint n_live = 0;

      for (guint m = 0; m < cluster->n_members; m++)
        {
          guint index = result->members[cluster->first + m];
          const AudRunRecord *r = info_at (p, index);

          if (!r->live)
            continue;
          live_members[n_live++] = index;
          g_hash_table_add (live_ids, GSIZE_TO_POINTER (r->id));
          records_changed |= r->changed;
          if ((gint64) GPOINTER_TO_SIZE (g_hash_table_lookup (old_of, GSIZE_TO_POINTER (r->id))) != id)
            members_changed = TRUE;
        }
      if (n_live == 0)
        continue;
      if (old != NULL && old->n_members != n_live)
        members_changed = TRUE;

      stats->n_entities++;
      if (n_live > 1)
        stats->n_multi++;

      if (old == NULL)
        {
          sqlite3_stmt *insert = aud_store_prepare_cached (p->store,
            "INSERT INTO entities (audience_id, n_members, weak, confirmed) VALUES (?1, ?2, ?3, ?4)", error);

          if (insert == NULL)
            return FALSE;
          sqlite3_bind_int64 (insert, 1, p->audience_id);
          sqlite3_bind_int (insert, 2, n_live);
          sqlite3_bind_int (insert, 3, cluster->weak);
          sqlite3_bind_int (insert, 4, cluster->confirmed);
          if (!aud_store_step_done (p->store, insert, error))
            return FALSE;
          id = entity_of_cluster[c] = sqlite3_last_insert_rowid (aud_store_get_db (p->store));
          stats->n_new_ids++;
        }
      else if (members_changed || old->weak != cluster->weak || old->confirmed != cluster->confirmed)
        {
          sqlite3_stmt *update = aud_store_prepare_cached (p->store,
            "UPDATE entities SET n_members = ?2, weak = ?3, confirmed = ?4, "
            "  updated_at = strftime('%Y-%m-%dT%H:%M:%SZ', 'now') WHERE id = ?1", error);

          if (update == NULL)
            return FALSE;
          sqlite3_bind_int64 (update, 1, id);
          sqlite3_bind_int (update, 2, n_live);
          sqlite3_bind_int (update, 3, cluster->weak);
          sqlite3_bind_int (update, 4, cluster->confirmed);
          if (!aud_store_step_done (p->store, update, error))
            return FALSE;
        }

      if (members_changed)
        for (guint m = 0; m < n_live; m++)
          {
            const AudRunRecord *r = info_at (p, live_members[m]);
            sqlite3_stmt *upsert;

            if ((gint64) GPOINTER_TO_SIZE (g_hash_table_lookup (old_of, GSIZE_TO_POINTER (r->id))) == id)
              continue;
            upsert = aud_store_prepare_cached (p->store,
              "INSERT OR REPLACE INTO entity_members (audience_id, record_id, entity_id) VALUES (?1, ?2, ?3)", error);
            if (upsert == NULL)
              return FALSE;
            sqlite3_bind_int64 (upsert, 1, p->audience_id);
            sqlite3_bind_int64 (upsert, 2, r->id);
            sqlite3_bind_int64 (upsert, 3, id);
            if (!aud_store_step_done (p->store, upsert, error))
              return FALSE;
          }

      if (members_changed || records_changed)
        {
          if (!write_golden (p, id, old != NULL, live_members, n_live, error))
            return FALSE;
        }
    }

  /* 5. memberships of records no cluster holds live any more (those of deleted entities
   * went with them) */
  g_hash_table_iter_init (&iter, old_of);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      OldEntity *e = g_hash_table_lookup (old_entities, value);

      if (e != NULL && e->taken && !g_hash_table_contains (live_ids, key) &&
          !exec_id (p, "DELETE FROM entity_members WHERE audience_id = ?1 AND record_id = ?2",
                    p->audience_id, (gint64) GPOINTER_TO_SIZE (key), error))
        return FALSE;
    }

  return write_pairs (p, entity_of_cluster, stats, error);
}
