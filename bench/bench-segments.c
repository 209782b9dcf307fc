/* bench-segments.c — how long typical segment counts take over a million records
 *
 * Usage: bench-segments [RECORDS]   (default 1000000)
 *
 * Generates the records directly with SQL in a temporary workspace (a Contact audience with a
 * cached describe, so fields have their real types), saves the segments (which builds the
 * expression indexes, timed), then counts each segment five times through the same code the app
 * and the CLI use and prints the fastest and the median run. Each count is checked against the
 * same condition written by hand in plain SQL, so a fast wrong answer cannot pass unnoticed.
 *
 * Measured 2026-11-28 on the shared 2-core build machine (load ~9, so wall times are noisy; cpu is
 * this process's CPU time), 1,000,000 records, SQLite 3.40.1:
 *   generate 5.5 s; save 7 segments + build 5 indexes 6.5 s
 *   Score over 90 (indexed range, 90,000)                    7 ms    cpu 6 ms
 *   Created in the last 30 days (indexed range, 41,374)      5 ms    cpu 3 ms
 *   No email (indexed blank check, 68,485)                 188 ms    cpu 198 ms
 *   Enterprise + emails allowed (two indexed, 300,000)     392 ms    cpu 373 ms
 *   VPs in EMEA, score 50+, emails allowed (text + indexed) 1084 ms  cpu 1090 ms
 *   Title contains "vp" (text only, full scan, 245,000)   1365 ms    cpu 1158 ms
 *   Country is "österreich" (text only, 166,667)          1496 ms    cpu 1384 ms
 * Indexed conditions stay well under a second; text matching (case-folded, so no index serves
 * it) parses every record's JSON and costs about a second per million records. Since then text-
 * only segments read the table NOT INDEXED (front to back): at 200,000 records their cpu fell
 * from ~230/277 ms (scaled) to 167/197 ms, so about 0.85–1.0 s per million.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gstdio.h>
#include <stdio.h>
#include <time.h>

#include "aud-audience.h"
#include "aud-describe.h"
#include "aud-mapping.h"
#include "aud-segment.h"
#include "aud-segment-query.h"
#include "aud-store-private.h"
#include "../tests/describe-fixture.h"

#define RUNS 5

static const char * const mapped[] = {
  "FirstName", "LastName", "Email", "Title", "MailingCountry", "Score__c", "CreatedDate",
  "HasOptedOutOfEmail", "Segment__c", NULL
};

typedef struct
{
  const char *name;
  const char *definition;   /* the segment's JSON */
  const char *check_sql;    /* the same condition by hand, over source_records */
} BenchSegment;

static const BenchSegment segments[] = {
  { "Enterprise, emails allowed",
    "{\"match\":\"all\",\"conditions\":["
    "{\"field\":\"Segment__c\",\"operator\":\"any-of\",\"values\":[\"Enterprise\"]},"
    "{\"field\":\"HasOptedOutOfEmail\",\"operator\":\"is-false\"}]}",
    "json_extract(data, '$.Segment__c') = 'Enterprise' AND json_extract(data, '$.HasOptedOutOfEmail') = 0" },
  { "Score over 90",
    "{\"match\":\"all\",\"conditions\":[{\"field\":\"Score__c\",\"operator\":\"greater\",\"value\":\"90\"}]}",
    "json_extract(data, '$.Score__c') > 90" },
  { "Created in the last 30 days",
    "{\"match\":\"all\",\"conditions\":[{\"field\":\"CreatedDate\",\"operator\":\"in-last-days\",\"value\":\"30\"}]}",
    "json_extract(data, '$.CreatedDate') >= strftime('%Y-%m-%dT00:00:00.000+0000', 'now', '-30 days')" },
  { "No email",
    "{\"match\":\"all\",\"conditions\":[{\"field\":\"Email\",\"operator\":\"is-blank\"}]}",
    "coalesce(json_extract(data, '$.Email'), '') = ''" },
  { "VPs in EMEA, score 50+, emails allowed",
    "{\"match\":\"all\",\"conditions\":["
    "{\"field\":\"Title\",\"operator\":\"contains\",\"value\":\"vp\"},"
    "{\"field\":\"MailingCountry\",\"operator\":\"in-list\",\"values\":[\"France\",\"Deutschland\",\"España\",\"Österreich\"]},"
    "{\"field\":\"Score__c\",\"operator\":\"greater-or-equal\",\"value\":\"50\"},"
    "{\"field\":\"HasOptedOutOfEmail\",\"operator\":\"is-false\"}]}",
    "lower(json_extract(data, '$.Title')) LIKE '%vp%' "
    "AND json_extract(data, '$.MailingCountry') IN ('France', 'Deutschland', 'España', 'Österreich') "
    "AND json_extract(data, '$.Score__c') >= 50 AND json_extract(data, '$.HasOptedOutOfEmail') = 0" },
  { "Title contains “vp” (text only: no index)",
    "{\"match\":\"all\",\"conditions\":[{\"field\":\"Title\",\"operator\":\"contains\",\"value\":\"VP\"}]}",
    "lower(json_extract(data, '$.Title')) LIKE '%vp%'" },
  { "Country is “österreich” (text only: no index)",
    "{\"match\":\"all\",\"conditions\":[{\"field\":\"MailingCountry\",\"operator\":\"is\",\"value\":\"ÖSTERREICH\"}]}",
    "json_extract(data, '$.MailingCountry') = 'Österreich'" },
};

static double
seconds_since (gint64 start)
{
  return (g_get_monotonic_time () - start) / 1e6;
}

/* CPU time of this process: steadier than wall time on a machine shared with other work. */
static double
cpu_seconds (void)
{
  struct timespec ts;

  clock_gettime (CLOCK_PROCESS_CPUTIME_ID, &ts);
  return ts.tv_sec + ts.tv_nsec / 1e9;
}

static void
die (GError *error)
{
  g_printerr ("bench-segments: %s\n", error->message);
  exit (1);
}

static gint64
count_by_hand (AudStore   *store,
               gint64      source_id,
               const char *condition)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *sql = g_strdup_printf ("SELECT count(*) FROM source_records "
                                          "WHERE source_id = %" G_GINT64_FORMAT " AND is_deleted = 0 AND %s",
                                          source_id, condition);
  g_autoptr(sqlite3_stmt) stmt = aud_store_prepare (store, sql, &error);

  if (stmt == NULL)
    die (error);
  sqlite3_step (stmt);
  return sqlite3_column_int64 (stmt, 0);
}

static int
compare_doubles (gconstpointer a,
                 gconstpointer b)
{
  double x = *(const double *) a, y = *(const double *) b;
  return x < y ? -1 : x > y;
}

int
main (int   argc,
      char *argv[])
{
  guint n = argc > 1 ? (guint) g_ascii_strtoull (argv[1], NULL, 10) : 1000000;
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("bench-segments-XXXXXX", &error);
  g_autofree char *path = NULL;
  g_autofree char *describe_json = describe_fixture_contact (0, NULL);
  g_autoptr(AudStore) store = NULL;
  g_autoptr(AudDescribe) describe = NULL;
  g_autoptr(AudAudience) audience = NULL;
  g_autoptr(AudSegmentFields) fields = NULL;
  g_autoptr(sqlite3_stmt) insert = NULL;
  gint64 source_id, start;
  guint n_changed;

  if (dir == NULL)
    die (error);
  path = g_build_filename (dir, "workspace.db", NULL);
  store = aud_store_open (path, &error);
  if (store == NULL)
    die (error);
  describe = aud_describe_new_from_data (describe_json, -1, NULL, &error);
  if (describe == NULL || !aud_describe_save (describe, store, &error))
    die (error);
  audience = aud_audience_create (store, "Contacts", "Contact", &error);
  if (audience == NULL || !aud_mapping_set_mapped (audience, mapped, TRUE, &n_changed, &error))
    die (error);
  source_id = aud_audience_get_source_id (audience, &error);
  if (source_id < 0)
    die (error);

  /* Values spread so that segments select 1–20% of the records; 2% are deleted in Salesforce. */
  start = g_get_monotonic_time ();
  insert = aud_store_prepare (store,
    "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < ?2) "
    "INSERT INTO source_records (source_id, external_id, modstamp, is_deleted, data) "
    "SELECT ?1, printf('003%015d', i), '2024-01-01T00:00:00.000+0000', i % 50 = 0, json_object("
    "  'FirstName', 'First' || (i % 997), 'LastName', 'Last' || (i % 9973),"
    "  'Email', CASE WHEN i % 20 = 0 THEN NULL WHEN i % 33 = 0 THEN '' ELSE 'user' || i || '@example.com' END,"
    "  'Title', CASE (i * 13) % 8 WHEN 0 THEN 'VP Sales' WHEN 1 THEN 'vp marketing' WHEN 2 THEN 'Director' "
    "    WHEN 3 THEN 'Engineer' WHEN 4 THEN 'Vice President' WHEN 5 THEN 'Manager' WHEN 6 THEN 'Chief Executive' "
    "    ELSE 'Analyst' END,"
    "  'MailingCountry', CASE (i * 17) % 6 WHEN 0 THEN 'France' WHEN 1 THEN 'Deutschland' WHEN 2 THEN 'España' "
    "    WHEN 3 THEN 'United Kingdom' WHEN 4 THEN 'United States' ELSE 'Österreich' END,"
    "  'Score__c', (i * 7919) % 100,"
    "  'CreatedDate', strftime('%Y-%m-%dT%H:%M:%S.000+0000', 'now', '-' || (i % 730) || ' days'),"
    "  'HasOptedOutOfEmail', json(CASE WHEN i % 10 = 0 THEN 'true' ELSE 'false' END),"
    "  'Segment__c', CASE i % 3 WHEN 0 THEN 'SMB' WHEN 1 THEN 'Mid-Market' ELSE 'Enterprise' END) "
    "FROM n",
    &error);
  if (insert == NULL)
    die (error);
  sqlite3_bind_int64 (insert, 1, source_id);
  sqlite3_bind_int64 (insert, 2, n);
  if (!aud_store_begin (store, &error) || !aud_store_step_done (store, insert, &error) ||
      !aud_store_commit (store, &error))
    die (error);
  printf ("generated %u records in %.1f s\n", n, seconds_since (start));

  fields = aud_segment_fields_load (audience, &error);
  if (fields == NULL)
    die (error);

  /* Saving the segments builds their indexes: time it, it is the one-off cost. */
  start = g_get_monotonic_time ();
  for (guint i = 0; i < G_N_ELEMENTS (segments); i++)
    {
      g_autoptr(AudSegment) segment = aud_segment_new (audience, segments[i].name);
      AudSegmentNode *root = aud_segment_node_from_json (segments[i].definition, &error);

      if (root == NULL)
        die (error);
      aud_segment_set_root (segment, root);
      if (!aud_segment_save (segment, &error))
        die (error);
    }
  printf ("saved %u segments and built their indexes in %.1f s\n\n", (guint) G_N_ELEMENTS (segments),
          seconds_since (start));

  printf ("%-48s %9s %9s %9s %9s\n", "segment", "records", "fastest", "median", "cpu");
  for (guint i = 0; i < G_N_ELEMENTS (segments); i++)
    {
      g_autoptr(AudSegmentNode) root = aud_segment_node_from_json (segments[i].definition, &error);
      g_autoptr(AudSegmentQuery) query = NULL;
      double times[RUNS];
      double cpu[RUNS];
      gint64 count = -1, expected;

      query = aud_segment_query_new (audience, fields, root, &error);
      if (query == NULL)
        die (error);

      for (guint r = 0; r < RUNS; r++)
        {
          double cpu_start = cpu_seconds ();

          start = g_get_monotonic_time ();
          if (!aud_segment_query_count (query, store, NULL, &count, NULL, &error))
            die (error);
          times[r] = seconds_since (start);
          cpu[r] = cpu_seconds () - cpu_start;
        }
      qsort (times, RUNS, sizeof times[0], compare_doubles);
      qsort (cpu, RUNS, sizeof cpu[0], compare_doubles);

      expected = count_by_hand (store, source_id, segments[i].check_sql);
      printf ("%-48s %9" G_GINT64_FORMAT " %6.0f ms %6.0f ms %6.0f ms%s\n", segments[i].name, count,
              times[0] * 1000, times[RUNS / 2] * 1000, cpu[RUNS / 2] * 1000, count == expected ? "" : "   WRONG COUNT");
      {
        g_autofree char *plan = aud_segment_query_explain (query, store, &error);

        if (plan == NULL)
          die (error);
        g_strdelimit (plan, "\n", ';');
        printf ("    plan: %s\n", plan);
      }
      if (count != expected)
        {
          g_printerr ("expected %" G_GINT64_FORMAT "\n", expected);
          return 1;
        }
    }

  g_clear_object (&audience);
  g_clear_object (&store);
  {
    g_autoptr(GDir) d = g_dir_open (dir, 0, NULL);
    const char *name;

    while (d != NULL && (name = g_dir_read_name (d)) != NULL)
      {
        g_autofree char *child = g_build_filename (dir, name, NULL);
        g_unlink (child);
      }
    g_rmdir (dir);
  }

  return 0;
}
