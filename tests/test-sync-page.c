/* test-sync-page.c — the Sync page driven for real: demo org, worker thread, history, cancel
 *
 * Saves PNGs of the page before, during and after runs (light and dark) into
 * $G_TEST_BUILDDIR/screenshots/sync-page.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gstdio.h>
#include <locale.h>

#include "aud-audience.h"
#include "aud-credentials.h"
#include "aud-demo-org.h"
#include "aud-mapping.h"
#include "aud-segment.h"
#include "aud-salesforce-client.h"
#include "aud-sync-page.h"
#include "aud-test-shot.h"

typedef struct
{
  char           *dir;
  char           *path;
  char           *shots;
  AudDemoOrg     *org;
  AudCredentials *credentials;
  AudStore       *store;
  AudSyncEngine  *engine;
  GtkWindow      *window;
  AudSyncPage    *page;
} Fixture;

static AudSalesforceClient *
make_client (gpointer   user_data,
             GError   **error)
{
  Fixture *f = user_data;

  return aud_salesforce_client_new (f->credentials, aud_demo_org_get_instance_url (f->org), AUD_DEMO_ORG_API_VERSION);
}

static GtkWidget *
find_label_with_prefix (GtkWidget  *widget,
                        const char *prefix)
{
  if (GTK_IS_LABEL (widget) && g_str_has_prefix (gtk_label_get_label (GTK_LABEL (widget)), prefix))
    return widget;

  for (GtkWidget *child = gtk_widget_get_first_child (widget); child; child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_label_with_prefix (child, prefix);
      if (found != NULL)
        return found;
    }

  return NULL;
}

static GtkWidget *
find_label_exact (GtkWidget  *widget,
                  const char *text)
{
  if (GTK_IS_LABEL (widget) && g_strcmp0 (gtk_label_get_label (GTK_LABEL (widget)), text) == 0)
    return widget;

  for (GtkWidget *child = gtk_widget_get_first_child (widget); child; child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_label_exact (child, text);
      if (found != NULL)
        return found;
    }

  return NULL;
}

static GListModel *
find_history (GtkWidget *widget)
{
  if (GTK_IS_COLUMN_VIEW (widget))
    return G_LIST_MODEL (gtk_column_view_get_model (GTK_COLUMN_VIEW (widget)));

  for (GtkWidget *child = gtk_widget_get_first_child (widget); child; child = gtk_widget_get_next_sibling (child))
    {
      GListModel *found = find_history (child);
      if (found != NULL)
        return found;
    }

  return NULL;
}

static void
wait_until (gboolean (*condition) (Fixture *), Fixture *f)
{
  gint64 deadline = g_get_monotonic_time () + 60 * G_USEC_PER_SEC;

  while (!condition (f))
    {
      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
      g_main_context_iteration (NULL, TRUE);
    }
}

static gboolean
engine_idle (Fixture *f)
{
  return !aud_sync_engine_get_running (f->engine);
}

static guint expected_rows;

static gboolean
history_has_expected_rows (Fixture *f)
{
  return g_list_model_get_n_items (find_history (GTK_WIDGET (f->page))) == expected_rows;
}

static gboolean
progress_started (Fixture *f)
{
  AudSyncProgress p = { 0 };
  gboolean started;

  aud_sync_engine_get_progress (f->engine, &p);
  started = p.counts.batches >= 1;
  aud_sync_progress_clear (&p);
  return started;
}

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(AudAudience) audience = NULL;
  g_autofree char *access = NULL;
  g_autofree char *refresh = NULL;
  const char *fields[] = { "Email", "FirstName", "LastName", "Title", NULL };

  f->dir = g_dir_make_tmp ("aud-sync-page-XXXXXX", NULL);
  f->path = g_build_filename (f->dir, "workspace.db", NULL);
  f->shots = g_build_filename (g_getenv ("G_TEST_BUILDDIR") ? g_getenv ("G_TEST_BUILDDIR") : ".",
                               "screenshots", "sync-page", NULL);

  f->org = aud_demo_org_new ();
  g_object_set (f->org, "seed", (guint64) 3, "accounts", 200, "contacts", 6000, "leads", 0, "opportunities", 0, NULL);
  g_assert_true (aud_demo_org_start_in_thread (f->org, &error));
  aud_demo_org_mint_tokens (f->org, &access, &refresh);
  f->credentials = aud_credentials_new (aud_demo_org_get_login_url (f->org), AUD_DEMO_ORG_CLIENT_ID,
                                        aud_demo_org_get_org_id (f->org), aud_demo_org_get_user_id (f->org),
                                        AUD_DEMO_ORG_USERNAME);
  aud_credentials_set_tokens (f->credentials, access, refresh);

  f->store = aud_store_open (f->path, &error);
  g_assert_no_error (error);
  if (data != NULL)
    {
      audience = aud_audience_create (f->store, "EMEA contacts", "Contact", &error);
      g_assert_no_error (error);
      g_assert_true (aud_mapping_set_mapped (audience, fields, TRUE, NULL, &error));
      {
        /* A saved segment, whose size the dashboard shows. */
        g_autoptr(AudSegment) everyone = aud_segment_new (audience, "Everyone in EMEA contacts");
        g_assert_true (aud_segment_save (everyone, &error));
        g_assert_no_error (error);
      }
    }

  f->engine = aud_sync_engine_new (f->path, make_client, f, NULL);
  f->page = g_object_new (AUD_TYPE_SYNC_PAGE, NULL);
  f->window = GTK_WINDOW (gtk_window_new ());
  gtk_window_set_default_size (f->window, 1000, 860);
  gtk_window_set_child (f->window, GTK_WIDGET (f->page));
  aud_sync_page_set_store (f->page, f->store);
  aud_sync_page_set_engine (f->page, f->engine);
  gtk_window_present (f->window);
  aud_test_iterate_for (300);
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  g_autoptr(GDir) d = g_dir_open (f->dir, 0, NULL);
  const char *name;

  gtk_window_destroy (f->window);
  g_clear_object (&f->engine);
  g_clear_object (&f->store);
  g_clear_object (&f->credentials);
  aud_demo_org_stop (f->org);
  g_clear_object (&f->org);
  while (d != NULL && (name = g_dir_read_name (d)) != NULL)
    {
      g_autofree char *child = g_build_filename (f->dir, name, NULL);
      g_unlink (child);
    }
  g_rmdir (f->dir);
  g_free (f->dir);
  g_free (f->path);
  g_free (f->shots);
  adw_style_manager_set_color_scheme (adw_style_manager_get_default (), ADW_COLOR_SCHEME_DEFAULT);
}

static void
test_empty_without_audiences (Fixture       *f,
                              gconstpointer  data)
{
  g_assert_nonnull (find_label_with_prefix (GTK_WIDGET (f->page), "Nothing to Sync Yet"));
  aud_test_save_shot (GTK_WIDGET (f->window), f->shots, "0-empty");
}

static void
test_sync_runs_and_lists_history (Fixture       *f,
                                  gconstpointer  data)
{
  GtkWidget *state;

  state = find_label_with_prefix (GTK_WIDGET (f->page), "Not Synced Yet");
  g_assert_nonnull (state);
  aud_test_save_shot (GTK_WIDGET (f->window), f->shots, "1-before-first-sync");

  /* Slow the org so the run can be seen mid-way. */
  aud_demo_org_set_fault (f->org, AUD_DEMO_ORG_FAULT_PAGE_SIZE_CAP, 500);
  aud_demo_org_set_fault (f->org, AUD_DEMO_ORG_FAULT_LATENCY_MS, 120);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->page), "sync.start", NULL));
  g_assert_true (aud_sync_engine_get_running (f->engine));
  wait_until (progress_started, f);
  aud_test_iterate_for (200);
  g_assert_cmpstr (gtk_label_get_label (GTK_LABEL (state)), ==, "Syncing…");
  /* Sync Now is off while running; Cancel is on. */
  g_assert_false (gtk_widget_activate_action (GTK_WIDGET (f->page), "sync.start", NULL) &&
                  aud_sync_engine_get_running (f->engine) == FALSE);
  aud_test_save_shot (GTK_WIDGET (f->window), f->shots, "2-mid-run");

  aud_demo_org_clear_faults (f->org);
  wait_until (engine_idle, f);
  expected_rows = 1;
  wait_until (history_has_expected_rows, f);
  aud_test_iterate_for (200);
  g_assert_cmpstr (gtk_label_get_label (GTK_LABEL (state)), ==, "Up to Date");
  g_assert_nonnull (find_label_with_prefix (GTK_WIDGET (f->page), "6000 records · last successful sync"));

  /* A second, incremental run joins the history. */
  aud_demo_org_mutate (f->org, "Contact", AUD_DEMO_ORG_MUTATE_UPDATE, 120, FALSE, NULL);
  aud_demo_org_mutate (f->org, "Contact", AUD_DEMO_ORG_MUTATE_DELETE, 7, FALSE, NULL);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->page), "sync.start", NULL));
  wait_until (engine_idle, f);
  expected_rows = 2;
  wait_until (history_has_expected_rows, f);
  g_assert_nonnull (find_label_with_prefix (GTK_WIDGET (f->page), "5993 records · last successful sync"));
  /* The saved segment's size follows the sync. */
  g_assert_nonnull (find_label_with_prefix (GTK_WIDGET (f->page), "Everyone in EMEA contacts"));
  g_assert_nonnull (find_label_exact (GTK_WIDGET (f->page), "5993"));
  aud_test_save_shot (GTK_WIDGET (f->window), f->shots, "3-after-runs");

  adw_style_manager_set_color_scheme (adw_style_manager_get_default (), ADW_COLOR_SCHEME_FORCE_DARK);
  aud_test_save_shot (GTK_WIDGET (f->window), f->shots, "4-after-runs-dark");
}

static void
test_cancel_is_recorded (Fixture       *f,
                         gconstpointer  data)
{
  GtkWidget *state;

  aud_demo_org_set_fault (f->org, AUD_DEMO_ORG_FAULT_PAGE_SIZE_CAP, 200);
  aud_demo_org_set_fault (f->org, AUD_DEMO_ORG_FAULT_LATENCY_MS, 100);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->page), "sync.start", NULL));
  wait_until (progress_started, f);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->page), "sync.cancel", NULL));
  wait_until (engine_idle, f);
  expected_rows = 1;
  wait_until (history_has_expected_rows, f);
  aud_test_iterate_for (200);

  state = find_label_with_prefix (GTK_WIDGET (f->page), "Last Sync Cancelled");
  g_assert_nonnull (state);
  g_assert_nonnull (find_label_with_prefix (GTK_WIDGET (f->page), "Cancelled. Every batch completed so far is kept"));
  aud_test_save_shot (GTK_WIDGET (f->window), f->shots, "5-cancelled");
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  setlocale (LC_ALL, "C.UTF-8");

  if (!gtk_init_check ())
    {
      g_print ("1..0 # SKIP no display\n");
      return 0;
    }
  adw_init ();

  g_test_add ("/sync-page/empty-without-audiences", Fixture, NULL, fixture_setup,
              test_empty_without_audiences, fixture_teardown);
  g_test_add ("/sync-page/sync-runs-and-lists-history", Fixture, "audience", fixture_setup,
              test_sync_runs_and_lists_history, fixture_teardown);
  g_test_add ("/sync-page/cancel-is-recorded", Fixture, "audience", fixture_setup,
              test_cancel_is_recorded, fixture_teardown);

  return g_test_run ();
}
