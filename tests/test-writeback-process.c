/* test-writeback-process.c — write-back across processes and threads: a run killed with SIGKILL
 * mid-apply, and a run on the worker thread cancelled between chunks
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gstdio.h>
#include <signal.h>
#include <sys/wait.h>

#include "aud-store-private.h"
#include "aud-write-apply.h"
#include "aud-write-audit.h"
#include "aud-write-inputs.h"
#include "aud-write-runner.h"
#include "writeback-test-util.h"

typedef WbFixture Fixture;

/* ---- killed with SIGKILL in the middle of applying ---- */

static int
run_child_apply (const char *workspace,
                 const char *login_url,
                 const char *instance_url,
                 const char *access,
                 const char *org_id,
                 const char *user_id)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(AudStore) store = aud_store_open (workspace, &error);
  g_autoptr(AudCredentials) credentials = NULL;
  g_autoptr(AudSalesforceClient) client = NULL;
  g_autoptr(AudAudience) audience = NULL;
  g_autoptr(GPtrArray) fields = NULL;
  g_autoptr(GPtrArray) inputs = NULL;
  g_autoptr(AudWritePlan) plan = NULL;
  g_autoptr(GPtrArray) changes = NULL;
  g_autoptr(AudWriteResult) result = NULL;
  AudWriteOptions options;

  if (store == NULL || (audience = aud_audience_lookup (store, "People", &error)) == NULL
      || (fields = aud_write_inputs_load_fields (audience, &error)) == NULL
      || (inputs = aud_write_inputs_load (audience, fields, &error)) == NULL)
    {
      g_printerr ("child: %s\n", error->message);
      return 2;
    }
  credentials = aud_credentials_new (login_url, AUD_DEMO_ORG_CLIENT_ID, org_id, user_id, AUD_DEMO_ORG_USERNAME);
  aud_credentials_set_tokens (credentials, access, NULL);
  client = wb_make_client (credentials, instance_url);

  plan = aud_write_plan_build (fields, inputs, NULL, 0);
  changes = aud_write_plan_get_changes (plan);
  aud_write_options_init (&options);
  options.chunk_size = 4;
  result = aud_write_apply_run (store, client, aud_audience_get_id (audience), "Contact", changes, -1,
                                &options, NULL, NULL, NULL, &error);
  return result != NULL ? 0 : 1;
}

static gint64
count_items (AudStore   *store,
             const char *state)
{
  g_autoptr(sqlite3_stmt) stmt = aud_store_prepare (store, "SELECT count(*) FROM writeback_items WHERE state = ?1", NULL);

  sqlite3_bind_text (stmt, 1, state, -1, SQLITE_STATIC);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  return sqlite3_column_int64 (stmt, 0);
}

static void
test_sigkill_leaves_exact_audit (Fixture       *f,
                                 gconstpointer  data)
{
  g_autofree char *access = aud_demo_org_mint_access_token (f->org);
  const char *argv[] = { g_test_get_filename (G_TEST_BUILT, "test-writeback-process", NULL), "--child",
                         f->path, aud_demo_org_get_login_url (f->org), aud_demo_org_get_instance_url (f->org),
                         access, aud_demo_org_get_org_id (f->org), aud_demo_org_get_user_id (f->org), NULL };
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) before = NULL;
  g_autoptr(JsonNode) after = NULL;
  g_autoptr(GPtrArray) runs = NULL;
  g_autoptr(GPtrArray) items = NULL;
  g_autoptr(GHashTable) audited = g_hash_table_new (g_str_hash, g_str_equal);
  gint64 deadline;
  GPid pid;
  int status;
  guint changed = 0, landed = 0;

  wb_golden_titles (f, 24);
  before = wb_dump (f);
  /* Slow answers, so the kill lands while a chunk is on the wire. */
  aud_demo_org_set_fault (f->org, AUD_DEMO_ORG_FAULT_LATENCY_MS, 150);

  g_assert_true (g_spawn_async (NULL, (char **) argv, NULL, G_SPAWN_DO_NOT_REAP_CHILD, NULL, NULL, &pid, &error));
  g_assert_no_error (error);
  /* Kill once one chunk has landed and the next is sent without an answer. */
  deadline = g_get_monotonic_time () + 30 * G_USEC_PER_SEC;
  while (!(count_items (f->store, "written") > 0 && count_items (f->store, "sent") > 0))
    {
      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
      g_usleep (5000);
    }
  g_assert_cmpint (kill (pid, SIGKILL), ==, 0);
  g_assert_cmpint (waitpid (pid, &status, 0), ==, pid);
  g_spawn_close_pid (pid);
  g_assert_true (WIFSIGNALED (status));
  /* the request already on the wire still lands in the org */
  g_usleep (600 * 1000);
  aud_demo_org_clear_faults (f->org);

  g_assert_true (aud_write_audit_close_interrupted (f->store, &error));
  g_assert_no_error (error);
  runs = aud_write_audit_list_runs (f->store, -1, &error);
  g_assert_cmpuint (runs->len, ==, 1);
  g_assert_cmpint (((AudWriteRunInfo *) runs->pdata[0])->state, ==, AUD_WRITE_STATE_INTERRUPTED);
  g_assert_cmpint (((AudWriteRunInfo *) runs->pdata[0])->n_sent, >, 0);
  g_assert_cmpint (((AudWriteRunInfo *) runs->pdata[0])->n_sent + ((AudWriteRunInfo *) runs->pdata[0])->n_written, <, 24);

  /* The audit names exactly what may have changed in Salesforce: written items hold ours, items
   * still "sent" hold ours or the old value (the kill may have come before the request left),
   * and nothing outside the audit moved. */
  after = wb_dump (f);
  items = aud_write_audit_list_items (f->store, ((AudWriteRunInfo *) runs->pdata[0])->id, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < items->len; i++)
    {
      AudWriteAuditItem *item = items->pdata[i];
      const char *now = wb_org_value (after, item->record_id, "Title");
      const char *old = wb_org_value (before, item->record_id, "Title");

      g_hash_table_add (audited, item->record_id);
      g_assert_cmpstr (old, ==, item->old_value != NULL ? json_node_get_string (item->old_value) : NULL);
      if (g_str_equal (item->state, "written"))
        g_assert_cmpstr (now, ==, json_node_get_string (item->new_value));
      else
        {
          g_assert_cmpstr (item->state, ==, "sent");
          g_assert_true (g_strcmp0 (now, json_node_get_string (item->new_value)) == 0 || g_strcmp0 (now, old) == 0);
        }
      landed += g_strcmp0 (now, json_node_get_string (item->new_value)) == 0;
    }
  for (guint i = 0; i < f->ids->len; i++)
    {
      const char *id = f->ids->pdata[i];

      if (g_strcmp0 (wb_org_value (before, id, "SystemModstamp"), wb_org_value (after, id, "SystemModstamp")) != 0)
        {
          changed++;
          g_assert_true (g_hash_table_contains (audited, id));
        }
    }
  g_assert_cmpuint (changed, ==, landed);

  /* a new run picks up what is left */
  {
    g_autoptr(AudWritePlan) plan = NULL;
    g_autoptr(AudWriteResult) rest = NULL;

    wb_run_sync (f);
    plan = wb_make_plan (f);
    g_assert_cmpuint (plan->n_outcome[AUD_WRITE_OUTCOME_WRITE], ==, 24 - landed);
    rest = wb_apply_plan (f, plan);
    g_assert_cmpint (rest->state, ==, AUD_WRITE_STATE_SUCCEEDED);
  }
}

/* ---- on the worker thread, cancelled between chunks ---- */

static AudSalesforceClient *
worker_client (gpointer   data,
               GError   **error)
{
  Fixture *f = data;

  return wb_make_client (f->credentials, aud_demo_org_get_instance_url (f->org));
}

typedef struct
{
  GCancellable   *cancellable;
  GThread        *main_thread;
  guint           n_progress;
  AudWriteResult *result;
  GError         *error;
  gboolean        done;
} Worker;

static void
worker_progress_cb (const AudWriteCounts *counts,
                    gpointer              data)
{
  Worker *w = data;

  /* progress arrives on the caller's thread, never the worker's */
  g_assert_true (g_thread_self () == w->main_thread);
  w->n_progress++;
  g_cancellable_cancel (w->cancellable);
}

static void
worker_done_cb (GObject      *source,
                GAsyncResult *result,
                gpointer      data)
{
  Worker *w = data;

  w->result = aud_write_runner_apply_finish (result, &w->error);
  w->done = TRUE;
}

static void
test_worker_cancels_between_chunks (Fixture       *f,
                                    gconstpointer  data)
{
  g_autoptr(AudWritePlan) plan = NULL;
  g_autoptr(GPtrArray) changes = NULL;
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GPtrArray) items = NULL;
  g_autoptr(GError) error = NULL;
  AudWriteOptions options;
  Worker w = { cancellable, g_thread_self (), 0, NULL, NULL, FALSE };

  wb_golden_titles (f, 12);
  plan = wb_make_plan (f);
  changes = aud_write_plan_get_changes (plan);
  /* slow answers: the cancel lands while the worker is still on the first chunks */
  aud_demo_org_set_fault (f->org, AUD_DEMO_ORG_FAULT_LATENCY_MS, 40);
  aud_write_options_init (&options);
  options.chunk_size = 2;
  aud_write_runner_apply_async (f->path, worker_client, f, aud_audience_get_id (f->audience), "Contact", changes,
                                -1, TRUE, &options, worker_progress_cb, &w, cancellable, worker_done_cb, &w);
  while (!w.done)
    g_main_context_iteration (NULL, TRUE);
  aud_demo_org_clear_faults (f->org);

  g_assert_no_error (w.error);
  g_assert_nonnull (w.result);
  g_assert_cmpint (w.result->state, ==, AUD_WRITE_STATE_CANCELLED);
  g_assert_cmpuint (w.n_progress, >=, 1);
  g_assert_cmpint (w.result->counts.written, >=, 2);
  g_assert_cmpint (w.result->counts.written, <, 12);

  /* the audit holds exactly the chunks that went out, all answered */
  items = aud_write_audit_list_items (f->store, w.result->run_id, &error);
  g_assert_no_error (error);
  g_assert_cmpint (items->len, ==, w.result->counts.written);
  for (guint i = 0; i < items->len; i++)
    g_assert_cmpstr (((AudWriteAuditItem *) items->pdata[i])->state, ==, "written");
  aud_write_result_free (w.result);
}

int
main (int   argc,
      char *argv[])
{
  if (argc == 8 && g_strcmp0 (argv[1], "--child") == 0)
    return run_child_apply (argv[2], argv[3], argv[4], argv[5], argv[6], argv[7]);

  g_test_init (&argc, &argv, NULL);

#define ADD(path, fn) g_test_add (path, Fixture, NULL, wb_fixture_setup, fn, wb_fixture_teardown)
  ADD ("/writeback-process/sigkill-leaves-exact-audit", test_sigkill_leaves_exact_audit);
  ADD ("/writeback-process/worker-cancels-between-chunks", test_worker_cancels_between_chunks);
#undef ADD

  return g_test_run ();
}
