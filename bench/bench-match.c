/* bench-match.c — matcher quality against the generator's truth, time and peak memory
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Usage: bench-match [--seed N] [--no-em] [--threads N] [--accounts] [SIZE…]
 *        (default sizes 10000 100000; options apply to the sizes after them)
 * Reports pairwise precision/recall/F1 and B-cubed F1 overall and per hard case, the job-change
 * links found, the time to match (generation excluded) and VmHWM.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>

#include "aud-match-generator.h"
#include "aud-matcher.h"

static gint64
vm_hwm_kib (void)
{
  g_autofree char *status = NULL;
  const char *line;

  if (!g_file_get_contents ("/proc/self/status", &status, NULL, NULL) ||
      (line = strstr (status, "VmHWM:")) == NULL)
    return -1;
  return g_ascii_strtoll (line + 6, NULL, 10);
}

/* user + system time of the whole process: on a shared machine wall time alone misleads */
static double
cpu_seconds (void)
{
  struct rusage usage;

  getrusage (RUSAGE_SELF, &usage);
  return usage.ru_utime.tv_sec + usage.ru_utime.tv_usec / 1e6 +
         usage.ru_stime.tv_sec + usage.ru_stime.tv_usec / 1e6;
}

static void
report_job_changes (const AudMatchDataset *ds,
                    const AudMatchResult  *res)
{
  g_autoptr(GHashTable) truth = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
  g_autoptr(GHashTable) found = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
  guint right = 0;

  for (guint i = 0; i + 1 < ds->job_changes->len; i += 2)
    {
      guint64 *key = g_new (guint64, 1);
      guint a = g_array_index (ds->job_changes, guint, i);
      guint b = g_array_index (ds->job_changes, guint, i + 1);

      *key = ((guint64) MIN (a, b) << 32) | MAX (a, b);
      g_hash_table_add (truth, key);
    }
  for (guint i = 0; i < res->pairs->len; i++)
    {
      const AudMatchPair *p = &g_array_index (res->pairs, AudMatchPair, i);
      guint a = ds->truth[p->a], b = ds->truth[p->b];
      guint64 key = ((guint64) MIN (a, b) << 32) | MAX (a, b);

      if (p->kind != AUD_MATCH_PAIR_JOB_CHANGE || g_hash_table_contains (found, &key))
        continue;
      g_hash_table_add (found, g_memdup2 (&key, sizeof key));
      if (g_hash_table_contains (truth, &key))
        right++;
    }
  printf ("  job-change links: %u true, %u found, %u right (precision %.3f, recall %.3f)\n",
          g_hash_table_size (truth), g_hash_table_size (found), right,
          g_hash_table_size (found) ? (double) right / g_hash_table_size (found) : 1.0,
          g_hash_table_size (truth) ? (double) right / g_hash_table_size (truth) : 1.0);
}

static void
print_record (const AudMatchRecord *r)
{
  printf ("     ");
  for (guint f = 0; f < AUD_MATCH_N_FIELDS; f++)
    if (r->values[f] != NULL)
      printf (" %s=%s", aud_match_field_to_string (f), r->values[f]);
  printf ("\n");
}

/* Wrong merges and true pairs left in review, for tuning by hand. */
static void
print_errors (const AudMatchDataset *ds,
              const AudMatchResult  *res,
              int                    limit)
{
  int wrong = 0, missed = 0;

  for (guint i = 0; i < res->pairs->len; i++)
    {
      const AudMatchPair *p = &g_array_index (res->pairs, AudMatchPair, i);
      gboolean same = ds->truth[p->a] == ds->truth[p->b];
      g_autofree char *why = NULL;

      if (p->kind == AUD_MATCH_PAIR_MERGE && !same && wrong < limit)
        wrong++;
      else if (p->kind == AUD_MATCH_PAIR_REVIEW && same && missed < limit)
        missed++;
      else
        continue;
      why = aud_match_pair_describe (p);
      printf ("   %s %.1f cases %x: %s\n", p->kind == AUD_MATCH_PAIR_MERGE ? "WRONG MERGE" : "MISSED",
              p->score, ds->cases[p->a] | ds->cases[p->b], why);
      print_record (g_ptr_array_index (ds->records, p->a));
      print_record (g_ptr_array_index (ds->records, p->b));
    }
}

/* Changes 1% of the records the way a sync would (a phone or email gone, a company renamed),
 * and times the re-match against the full run. */
static void
report_incremental (AudMatchDataset *ds,
                    AudMatchState   *state,
                    gint64           full_usec)
{
  g_autoptr(GArray) changed = g_array_new (FALSE, FALSE, sizeof (guint));
  g_autoptr(AudMatchResult) res = NULL;
  double cpu0;
  gint64 t0, t1;
  AudMatchQuality q;

  for (guint i = 0; i < ds->records->len; i += 100)
    {
      AudMatchRecord *r = g_ptr_array_index (ds->records, i);

      aud_match_record_set (r, i % 3 == 0 ? AUD_MATCH_FIELD_PHONE : AUD_MATCH_FIELD_EMAIL, NULL);
      if (i % 3 == 2)
        aud_match_record_set (r, AUD_MATCH_FIELD_COMPANY, "Renamed Holdings Ltd");
      g_array_append_val (changed, i);
    }
  cpu0 = cpu_seconds ();
  t0 = g_get_monotonic_time ();
  res = aud_match_state_rematch (state, ds->records, (guint *) changed->data, changed->len,
                                 NULL, 0);
  t1 = g_get_monotonic_time ();
  q = aud_match_dataset_score (ds, res->cluster_of, 0);
  printf ("  incremental re-match of %u changed records (1%%): %.3f s wall, %.3f s CPU "
          "(full run %.2f s); phases: prepare %.3f, block %.3f, compare %.3f, cluster %.3f s; "
          "F1 after %.4f\n", changed->len, (t1 - t0) / 1e6, cpu_seconds () - cpu0,
          full_usec / 1e6, res->seconds[0], res->seconds[1], res->seconds[2], res->seconds[4],
          q.pairwise_f1);
}

static void
run_size (guint64                seed,
          guint                  size,
          const AudMatchOptions *options)
{
  g_autoptr(AudMatchDataset) ds = NULL;
  g_autoptr(AudMatchResult) res = NULL;
  g_autoptr(AudMatchState) state = NULL;
  gint64 t0, t1, t2;
  double cpu0;
  guint n_merge = 0, n_review = 0, n_job = 0, n_weak = 0, n_multi = 0;
  AudMatchQuality all;

  t0 = g_get_monotonic_time ();
  ds = options->kind == AUD_MATCH_KIND_ACCOUNTS ? aud_match_dataset_generate_accounts (seed, size)
                                                : aud_match_dataset_generate (seed, size);
  t1 = g_get_monotonic_time ();
  printf ("\n== %u records (%u %s), seed %" G_GUINT64_FORMAT ": generated in %.2f s, "
          "VmHWM %.0f MiB\n", ds->records->len, ds->n_contacts,
          options->kind == AUD_MATCH_KIND_ACCOUNTS ? "companies" : "contacts", seed, (t1 - t0) / 1e6,
          vm_hwm_kib () / 1024.0);
  cpu0 = cpu_seconds ();
  state = aud_match_state_new (options);
  res = aud_match_state_run (state, ds->records, NULL, 0);
  t2 = g_get_monotonic_time ();

  for (guint i = 0; i < res->pairs->len; i++)
    switch (g_array_index (res->pairs, AudMatchPair, i).kind)
      {
      case AUD_MATCH_PAIR_MERGE: n_merge++; break;
      case AUD_MATCH_PAIR_REVIEW: n_review++; break;
      case AUD_MATCH_PAIR_JOB_CHANGE: n_job++; break;
      case AUD_MATCH_PAIR_HELD_APART: break;
      default: break;
      }
  for (guint c = 0; c < res->clusters->len; c++)
    {
      const AudMatchCluster *cl = &g_array_index (res->clusters, AudMatchCluster, c);

      n_multi += cl->n_members > 1;
      n_weak += cl->weak;
    }

  printf ("  matched in %.2f s wall (%.1f µs/record), %.2f s CPU, VmHWM %.0f MiB\n",
          (t2 - t1) / 1e6, (double) (t2 - t1) / ds->records->len, cpu_seconds () - cpu0,
          vm_hwm_kib () / 1024.0);
  printf ("  phases, wall / CPU: prepare %.2f / %.2f s, block %.2f / %.2f s, compare %.2f / %.2f s, "
          "estimate %.2f / %.2f s, decide+cluster %.2f / %.2f s\n",
          res->seconds[0], res->cpu_seconds[0], res->seconds[1], res->cpu_seconds[1],
          res->seconds[2], res->cpu_seconds[2], res->seconds[3], res->cpu_seconds[3],
          res->seconds[4], res->cpu_seconds[4]);
  printf ("  %" G_GUINT64_FORMAT " block keys, %" G_GUINT64_FORMAT " capped, %" G_GUINT64_FORMAT
          " candidate pairs (%.2f per record); %u merge, %u review, %u job-change pairs\n",
          res->n_block_keys, res->n_capped_blocks, res->n_candidates,
          (double) res->n_candidates / ds->records->len, n_merge, n_review, n_job);
  printf ("  %u clusters (%u with several records, %u flagged weak); EM match prior %.3f\n",
          res->clusters->len, n_multi, n_weak, res->match_prior);

  all = aud_match_dataset_score (ds, res->cluster_of, 0);
  printf ("  %-30s %8s %9s %7s %7s %7s %9s\n", "case", "records", "precision", "recall",
          "F1", "", "B3-F1");
  printf ("  %-30s %8u %9.4f %7.4f %7.4f %7s %9.4f\n", "all", all.n_records, all.pairwise_p,
          all.pairwise_r, all.pairwise_f1, "", all.bcubed_f1);
  for (guint c = 0; c < AUD_MATCH_N_CASES; c++)
    {
      AudMatchQuality q = aud_match_dataset_score (ds, res->cluster_of, 1 << c);

      if (q.n_records == 0)
        continue;  /* a case this kind of data does not have */

      printf ("  %-30s %8u %9.4f %7.4f %7.4f %7s %9.4f\n", aud_match_case_to_string (1 << c),
              q.n_records, q.pairwise_p, q.pairwise_r, q.pairwise_f1, "", q.bcubed_f1);
    }
  report_job_changes (ds, res);
  report_incremental (ds, state, t2 - t1);
  if (g_getenv ("BENCH_MATCH_ERRORS") != NULL)
    print_errors (ds, res, atoi (g_getenv ("BENCH_MATCH_ERRORS")));
  if (g_getenv ("BENCH_MATCH_WEIGHTS") != NULL)
    for (guint c = 0; c < AUD_MATCH_N_COMPARISONS; c++)
      printf ("  %-10s m %.4f %.4f %.4f  u %.4f %.4f %.4f  w %+.1f %+.1f %+.1f\n",
              aud_match_comparison_to_string (c), res->m[c][1], res->m[c][2], res->m[c][3],
              res->u[c][1], res->u[c][2], res->u[c][3], res->weights[c][1], res->weights[c][2],
              res->weights[c][3]);
}

int
main (int   argc,
      char *argv[])
{
  AudMatchOptions options;
  guint64 seed = 42;
  gboolean any = FALSE;

  aud_match_options_init (&options);
  for (int i = 1; i < argc; i++)
    {
      if (g_str_equal (argv[i], "--seed") && i + 1 < argc)
        seed = g_ascii_strtoull (argv[++i], NULL, 10);
      else if (g_str_equal (argv[i], "--threads") && i + 1 < argc)
        options.n_threads = g_ascii_strtoull (argv[++i], NULL, 10);
      else if (g_str_equal (argv[i], "--accounts"))
        options.kind = AUD_MATCH_KIND_ACCOUNTS;
      else if (g_str_equal (argv[i], "--no-em"))
        options.estimate = FALSE;
      else
        {
          run_size (seed, g_ascii_strtoull (argv[i], NULL, 10), &options);
          any = TRUE;
        }
    }
  if (!any)
    {
      run_size (seed, 10000, &options);
      run_size (seed, 100000, &options);
    }
  return 0;
}
