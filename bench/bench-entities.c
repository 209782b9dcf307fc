/* bench-entities.c — persisting a match with stable ids, and re-matching after 1% changes
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * bench-entities [N]   (default 100000 generated contact records)
 *
 * Writes the generator's records into a real workspace (a Salesforce, a CSV and a warehouse
 * source), then times: a full match + persist; a second full match by a new run object (as a
 * new process: every id must be kept); changing 1% of the records and re-matching
 * incrementally on the kept state, then the same changes matched in full for comparison.
 * Quality is measured on what was persisted (entity_members) against the generator's truth.
 */
#include "config.h"

#include <glib/gstdio.h>
#include <sys/resource.h>

#include "aud-audience.h"
#include "aud-csv-source.h"
#include "aud-entity-store.h"
#include "aud-match-generator.h"
#include "aud-match-run.h"
#include "aud-store-private.h"

static double
peak_rss_mb (void)
{
  struct rusage usage;

  getrusage (RUSAGE_SELF, &usage);
  return usage.ru_maxrss / 1024.0;
}

static char *
iso (gint64 unix_seconds)
{
  g_autoptr(GDateTime) dt = g_date_time_new_from_unix_utc (unix_seconds);

  return g_date_time_format (dt, "%Y-%m-%dT%H:%M:%SZ");
}

static gint64
source_for (AudStore    *store,
            gint64       audience_id,
            gint64       salesforce,
            const char  *kind)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(GError) error = NULL;
  gint64 id;

  if (g_str_equal (kind, "salesforce"))
    return salesforce;
  stmt = aud_store_prepare (store,
                            "INSERT INTO sources (kind, object, name) VALUES (?1, 'Contact', ?1) "
                            "ON CONFLICT DO UPDATE SET name = name RETURNING id", &error);
  g_assert_no_error (error);
  sqlite3_bind_text (stmt, 1, kind, -1, SQLITE_STATIC);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  id = sqlite3_column_int64 (stmt, 0);
  g_assert_true (aud_csv_source_link_audience (store, id, audience_id, &error));
  g_assert_no_error (error);
  return id;
}

static void
write_records (AudStore        *store,
               gint64           audience_id,
               gint64           salesforce,
               AudMatchDataset *ds,
               const guint     *indices,
               guint            n)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GHashTable) sources = g_hash_table_new (g_str_hash, g_str_equal);

  g_assert_true (aud_store_begin (store, &error));
  for (guint i = 0; i < n; i++)
    {
      AudMatchRecord *r = g_ptr_array_index (ds->records, indices != NULL ? indices[i] : i);
      g_autofree char *json = aud_match_record_to_json (r, FALSE);
      g_autofree char *modstamp = iso (r->modstamp);
      gpointer source = g_hash_table_lookup (sources, r->source);
      gboolean created;

      if (source == NULL)
        {
          source = GSIZE_TO_POINTER (source_for (store, audience_id, salesforce, r->source));
          g_hash_table_insert (sources, r->source, source);
        }
      g_assert_true (aud_store_upsert_source_record (store, (gint64) GPOINTER_TO_SIZE (source), r->id, modstamp,
                                                     FALSE, json, &created, &error));
      g_assert_no_error (error);
    }
  g_assert_true (aud_store_commit (store, &error));
}

/* Scores what is persisted: record index → entity id. */
static void
report_quality (AudStore        *store,
                gint64           audience_id,
                AudMatchDataset *ds)
{
  g_autoptr(GHashTable) index_of = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree guint *cluster_of = g_new0 (guint, ds->records->len);
  AudMatchQuality q;

  for (guint i = 0; i < ds->records->len; i++)
    g_hash_table_insert (index_of, ((AudMatchRecord *) g_ptr_array_index (ds->records, i))->id, GUINT_TO_POINTER (i + 1));
  stmt = aud_store_prepare (store,
                            "SELECT r.external_id, m.entity_id FROM entity_members AS m "
                            "JOIN source_records AS r ON r.id = m.record_id WHERE m.audience_id = ?1", &error);
  g_assert_no_error (error);
  sqlite3_bind_int64 (stmt, 1, audience_id);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      guint index = GPOINTER_TO_UINT (g_hash_table_lookup (index_of, sqlite3_column_text (stmt, 0)));

      if (index > 0)
        cluster_of[index - 1] = sqlite3_column_int64 (stmt, 1);
    }
  q = aud_match_dataset_score (ds, cluster_of, 0);
  g_print ("  persisted quality: pairwise P %.4f R %.4f F1 %.4f, B-cubed F1 %.4f\n",
           q.pairwise_p, q.pairwise_r, q.pairwise_f1, q.bcubed_f1);
}

static void
report (const char             *what,
        const AudMatchRunStats *s)
{
  g_print ("%-34s %7.2f s (load %.2f, match %.2f, persist %.2f)  %s, %u re-matched, %u entities, "
           "%u new ids, %u review, %u job changes, peak RSS %.0f MB\n",
           what, s->seconds_total, s->seconds_load, s->seconds_match, s->seconds_persist,
           s->incremental ? "incremental" : "full", s->n_changed, s->n_entities, s->n_new_ids,
           s->n_review, s->n_job_changes, peak_rss_mb ());
}

int
main (int   argc,
      char *argv[])
{
  guint n = argc > 1 ? (guint) g_ascii_strtoull (argv[1], NULL, 10) : 100000;
  g_autofree char *dir = g_dir_make_tmp ("bench-entities-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "ws.db", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(AudStore) store = NULL;
  g_autoptr(AudAudience) audience = NULL;
  g_autoptr(AudMatchDataset) ds = NULL;
  g_autoptr(AudMatchRun) run = NULL;
  g_autoptr(AudMatchRun) second = NULL;
  g_autoptr(AudMatchRun) third = NULL;
  g_autofree guint *changed = NULL;
  AudMatchRunStats stats;
  gint64 audience_id, salesforce, t0;
  guint n_changed;

  store = aud_store_open (path, &error);
  g_assert_no_error (error);
  audience = aud_audience_create (store, "Bench", "Contact", &error);
  g_assert_no_error (error);
  audience_id = aud_audience_get_id (audience);
  salesforce = aud_audience_get_source_id (audience, &error);
  g_assert_no_error (error);

  t0 = g_get_monotonic_time ();
  ds = aud_match_dataset_generate (42, n);
  g_print ("generated %u records (%u contacts) in %.2f s\n", ds->records->len, ds->n_contacts,
           (g_get_monotonic_time () - t0) / 1e6);
  t0 = g_get_monotonic_time ();
  write_records (store, audience_id, salesforce, ds, NULL, ds->records->len);
  g_print ("wrote them as source records in %.2f s\n", (g_get_monotonic_time () - t0) / 1e6);

  run = aud_match_run_new (store, audience_id, "Contact");
  g_assert_true (aud_match_run_execute (run, TRUE, &stats, NULL, &error));
  g_assert_no_error (error);
  report ("first full match + persist", &stats);
  report_quality (store, audience_id, ds);

  second = aud_match_run_new (store, audience_id, "Contact");
  g_assert_true (aud_match_run_execute (second, TRUE, &stats, NULL, &error));
  g_assert_no_error (error);
  report ("full re-match, nothing changed", &stats);
  g_clear_object (&second);

  /* 1%: half get a new mobile (matching evidence), half only a new modstamp, as when a sync
   * brings a change to a field the matcher does not read */
  n_changed = MAX (1, ds->records->len / 100);
  changed = g_new (guint, n_changed);
  for (guint i = 0; i < n_changed; i++)
    {
      guint index = (guint) (((guint64) i * 2654435761u) % ds->records->len);
      AudMatchRecord *r = g_ptr_array_index (ds->records, index);
      g_autofree char *mobile = g_strdup_printf ("+1 555 01%05u", i);

      changed[i] = index;
      r->modstamp += 86400;
      if (i % 2 == 0)
        aud_match_record_set (r, AUD_MATCH_FIELD_MOBILE, mobile);
    }
  t0 = g_get_monotonic_time ();
  write_records (store, audience_id, salesforce, ds, changed, n_changed);
  g_print ("changed %u records (1%%) in %.2f s\n", n_changed, (g_get_monotonic_time () - t0) / 1e6);

  g_assert_true (aud_match_run_execute (run, TRUE, &stats, NULL, &error));
  g_assert_no_error (error);
  report ("incremental re-match after 1%", &stats);
  report_quality (store, audience_id, ds);

  /* the same changes once more, matched in full for comparison */
  for (guint i = 0; i < n_changed; i++)
    ((AudMatchRecord *) g_ptr_array_index (ds->records, changed[i]))->modstamp += 86400;
  write_records (store, audience_id, salesforce, ds, changed, n_changed);
  third = aud_match_run_new (store, audience_id, "Contact");
  g_assert_true (aud_match_run_execute (third, TRUE, &stats, NULL, &error));
  g_assert_no_error (error);
  report ("full re-match after 1%", &stats);
  report_quality (store, audience_id, ds);

  g_clear_object (&run);
  g_clear_object (&second);
  g_clear_object (&third);
  g_clear_object (&audience);
  g_clear_object (&store);
  {
    g_autofree char *wal = g_strconcat (path, "-wal", NULL);
    g_autofree char *shm = g_strconcat (path, "-shm", NULL);

    g_unlink (path);
    g_unlink (wal);
    g_unlink (shm);
    g_rmdir (dir);
  }
  return 0;
}
