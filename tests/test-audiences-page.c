/* test-audiences-page.c — the Audiences page over a real workspace, under Xvfb
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <adwaita.h>
#include <glib/gstdio.h>

#include "aud-application.h"
#include "aud-audience.h"
#include "aud-audiences-page.h"
#include "aud-segment-builder.h"
#include "aud-demo-org.h"
#include "aud-describe.h"
#include "aud-field-item.h"
#include "aud-mapping.h"
#include "aud-store-private.h"
#include "aud-window.h"
#include "describe-fixture.h"

typedef struct
{
  char             *dir;
  char             *path;
  AudStore         *store;
  GtkWindow        *window;
  AudAudiencesPage *page;
} Fixture;

static void
wait_ms (guint ms)
{
  gint64 end = g_get_monotonic_time () + ms * 1000;

  while (g_get_monotonic_time () < end)
    if (!g_main_context_iteration (NULL, FALSE))
      g_usleep (2000);
}

static void
open_page (Fixture *f)
{
  g_autoptr(GError) error = NULL;

  f->store = aud_store_open (f->path, &error);
  g_assert_no_error (error);
  f->window = GTK_WINDOW (gtk_window_new ());
  gtk_window_set_default_size (f->window, 1100, 800);
  f->page = g_object_new (AUD_TYPE_AUDIENCES_PAGE, NULL);
  gtk_window_set_child (f->window, GTK_WIDGET (f->page));
  gtk_window_present (f->window);
  aud_audiences_page_set_store (f->page, f->store);
  wait_ms (150);
}

static void
close_page (Fixture *f)
{
  gtk_window_destroy (f->window);
  f->window = NULL;
  f->page = NULL;
  wait_ms (20);
  g_assert_finalize_object (f->store);
  f->store = NULL;
}

static AudDescribe *
save_describe (Fixture *f,
               guint    extra)
{
  g_autofree char *json = describe_fixture_contact (extra, NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(AudStore) store = aud_store_open (f->path, &error);
  AudDescribe *describe;

  g_assert_no_error (error);
  describe = aud_describe_new_from_data (json, -1, "2026-11-28T09:30:00Z", &error);
  g_assert_no_error (error);
  aud_describe_save (describe, store, &error);
  g_assert_no_error (error);
  return describe;
}

static void
create_audience_for (Fixture    *f,
                     const char *name,
                     const char *object)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(AudStore) store = aud_store_open (f->path, &error);
  g_autoptr(AudAudience) audience = aud_audience_create (store, name, object, &error);

  g_assert_no_error (error);
}

static void
create_audience (Fixture    *f,
                 const char *name)
{
  create_audience_for (f, name, "Contact");
}

/* What the sync does at the end of a run, as far as the mapping cares. */
static void
mark_synced (AudStore *store,
             gint64    source)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *sql = g_strdup_printf ("UPDATE sources SET last_sync_at = '2026-11-28T17:00:00Z' "
                                          "WHERE id = %" G_GINT64_FORMAT, source);

  aud_store_exec (store, sql, &error);
  g_assert_no_error (error);
}

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  f->dir = g_dir_make_tmp ("aud-audiences-page-XXXXXX", NULL);
  f->path = g_build_filename (f->dir, "ws.db", NULL);
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  g_autoptr(GDir) d = NULL;
  const char *name;

  if (f->window != NULL)
    close_page (f);
  d = g_dir_open (f->dir, 0, NULL);
  while (d != NULL && (name = g_dir_read_name (d)) != NULL)
    {
      g_autofree char *child = g_build_filename (f->dir, name, NULL);
      g_unlink (child);
    }
  g_rmdir (f->dir);
  g_free (f->dir);
  g_free (f->path);
}

static GtkWidget *
find_named (GtkWidget  *widget,
            const char *name)
{
  if (g_strcmp0 (gtk_widget_get_name (widget), name) == 0)
    return widget;

  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_named (child, name);
      if (found != NULL)
        return found;
    }

  return NULL;
}

/* The cell widget of `type` showing `field`, among the rows the view has realised. */
static GtkWidget *
find_cell (GtkWidget  *widget,
           GType       type,
           const char *field)
{
  AudFieldItem *item = g_object_get_data (G_OBJECT (widget), "aud-field-item");

  if (G_TYPE_CHECK_INSTANCE_TYPE (widget, type) && item != NULL &&
      g_strcmp0 (aud_field_item_get_name (item), field) == 0)
    return widget;

  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_cell (child, type, field);
      if (found != NULL)
        return found;
    }

  return NULL;
}

static guint
count_type (GtkWidget *widget,
            GType      type)
{
  guint n = G_TYPE_CHECK_INSTANCE_TYPE (widget, type) ? 1 : 0;

  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    n += count_type (child, type);

  return n;
}

static AudFieldItem *
find_item (Fixture    *f,
           const char *field)
{
  GListModel *fields = aud_audiences_page_get_fields (f->page);

  for (guint i = 0; i < g_list_model_get_n_items (fields); i++)
    {
      g_autoptr(AudFieldItem) item = g_list_model_get_item (fields, i);

      if (g_strcmp0 (aud_field_item_get_name (item), field) == 0)
        return item;   /* the model keeps it alive */
    }

  return NULL;
}

static guint
n_shown (Fixture *f)
{
  return g_list_model_get_n_items (aud_audiences_page_get_fields (f->page));
}

static void
test_changes_are_kept (Fixture       *f,
                       gconstpointer  data)
{
  g_autoptr(AudDescribe) describe = save_describe (f, 0);
  GtkWidget *check, *dropdown;
  AudFieldItem *item;

  create_audience (f, "EMEA Contacts");
  open_page (f);
  g_assert_cmpstr (aud_audience_get_name (aud_audiences_page_get_audience (f->page)), ==, "EMEA Contacts");
  g_assert_cmpuint (n_shown (f), ==, aud_describe_get_fields (describe)->len);

  /* Click the check box of Email, then choose Always write in its rule drop-down. */
  check = find_cell (GTK_WIDGET (f->page), GTK_TYPE_CHECK_BUTTON, "Email");
  g_assert_nonnull (check);
  dropdown = find_cell (GTK_WIDGET (f->page), GTK_TYPE_DROP_DOWN, "Email");
  g_assert_nonnull (dropdown);
  g_assert_false (gtk_widget_get_sensitive (dropdown));   /* not mapped yet */
  gtk_check_button_set_active (GTK_CHECK_BUTTON (check), TRUE);
  wait_ms (20);
  g_assert_true (gtk_widget_get_sensitive (dropdown));
  gtk_drop_down_set_selected (GTK_DROP_DOWN (dropdown), AUD_OVERWRITE_RULE_ALWAYS);
  wait_ms (20);

  /* Through the model too: map Title, rule Only if blank. */
  item = find_item (f, "Title");
  aud_field_item_set_mapped (item, TRUE);
  aud_field_item_set_rule (item, AUD_OVERWRITE_RULE_CONDITIONAL);

  /* A formula field's rule stays Never, and a sync field cannot be unmapped. */
  item = find_item (f, "Lifetime_Value__c");
  aud_field_item_set_mapped (item, TRUE);
  aud_field_item_set_rule (item, AUD_OVERWRITE_RULE_ALWAYS);
  g_assert_cmpuint (aud_field_item_get_rule (item), ==, AUD_OVERWRITE_RULE_NEVER);
  check = find_cell (GTK_WIDGET (f->page), GTK_TYPE_CHECK_BUTTON, "Id");
  g_assert_nonnull (check);
  g_assert_false (gtk_widget_get_sensitive (check));
  g_assert_true (gtk_check_button_get_active (GTK_CHECK_BUTTON (check)));
  aud_field_item_set_mapped (find_item (f, "Id"), FALSE);
  g_assert_true (aud_field_item_get_mapped (find_item (f, "Id")));
  g_assert_nonnull (strstr (aud_audiences_page_get_last_message (f->page), "cannot be unmapped"));

  /* Restart: a new page over a reopened workspace. */
  close_page (f);
  open_page (f);

  item = find_item (f, "Email");
  g_assert_true (aud_field_item_get_mapped (item));
  g_assert_cmpuint (aud_field_item_get_rule (item), ==, AUD_OVERWRITE_RULE_ALWAYS);
  dropdown = find_cell (GTK_WIDGET (f->page), GTK_TYPE_DROP_DOWN, "Email");
  g_assert_cmpuint (gtk_drop_down_get_selected (GTK_DROP_DOWN (dropdown)), ==, AUD_OVERWRITE_RULE_ALWAYS);
  check = find_cell (GTK_WIDGET (f->page), GTK_TYPE_CHECK_BUTTON, "Email");
  g_assert_true (gtk_check_button_get_active (GTK_CHECK_BUTTON (check)));
  item = find_item (f, "Title");
  g_assert_true (aud_field_item_get_mapped (item));
  g_assert_cmpuint (aud_field_item_get_rule (item), ==, AUD_OVERWRITE_RULE_CONDITIONAL);
  g_assert_true (aud_field_item_get_mapped (find_item (f, "Lifetime_Value__c")));
  g_assert_false (aud_field_item_get_mapped (find_item (f, "Phone")));

  /* A mapped field no describe knows (imported earlier, say) shows as removed, and can be unmapped. */
  close_page (f);
  {
    g_autoptr(GError) error = NULL;
    g_autoptr(AudStore) store = aud_store_open (f->path, &error);
    g_autoptr(AudAudience) audience = aud_audience_lookup (store, "EMEA Contacts", &error);
    const char *legacy[] = { "Legacy_Score__c", NULL };

    aud_mapping_set_mapped (audience, legacy, TRUE, NULL, &error);
    g_assert_no_error (error);
  }
  open_page (f);
  item = find_item (f, "Legacy_Score__c");
  g_assert_nonnull (item);
  g_assert_true (aud_field_item_get_gone (item));
  g_assert_true (aud_field_item_get_mapped (item));
  g_assert_false (aud_field_item_get_writable (item));
  aud_field_item_set_mapped (item, FALSE);
  g_assert_false (aud_field_item_get_mapped (item));
  aud_field_item_set_mapped (item, TRUE);
  g_assert_false (aud_field_item_get_mapped (item));
  g_assert_nonnull (strstr (aud_audiences_page_get_last_message (f->page), "cannot be mapped again"));

  /* Unchecking Email hides nothing and resets its rule to Never. */
  check = find_cell (GTK_WIDGET (f->page), GTK_TYPE_CHECK_BUTTON, "Email");
  gtk_check_button_set_active (GTK_CHECK_BUTTON (check), FALSE);
  wait_ms (20);
  g_assert_cmpuint (aud_field_item_get_rule (find_item (f, "Email")), ==, AUD_OVERWRITE_RULE_NEVER);
}

static void
test_search_and_filters (Fixture       *f,
                         gconstpointer  data)
{
  g_autoptr(AudDescribe) describe = save_describe (f, 0);
  GtkWidget *search, *mapped, *unmapped, *custom, *writable;
  guint total, n_custom = 0, n_writable = 0;
  GPtrArray *infos = aud_describe_get_fields (describe);

  for (guint i = 0; i < infos->len; i++)
    {
      AudFieldInfo *info = g_ptr_array_index (infos, i);
      n_custom += info->custom ? 1 : 0;
      n_writable += aud_field_info_is_writable (info) && !aud_mapping_is_sync_field (info->name) ? 1 : 0;
    }

  create_audience (f, "EMEA");
  open_page (f);
  total = n_shown (f);
  search = find_named (GTK_WIDGET (f->page), "search-entry");
  mapped = find_named (GTK_WIDGET (f->page), "filter-mapped");
  unmapped = find_named (GTK_WIDGET (f->page), "filter-unmapped");
  custom = find_named (GTK_WIDGET (f->page), "filter-custom");
  writable = find_named (GTK_WIDGET (f->page), "filter-writable");

  /* By label ("Mailing …") and by API name ("Email", "HasOptedOutOfEmail"). */
  gtk_editable_set_text (GTK_EDITABLE (search), "mail");
  wait_ms (300);   /* search-changed is delayed */
  g_assert_cmpuint (n_shown (f), ==, 8);   /* Email, Email Opt Out, 6 × Mailing */
  gtk_editable_set_text (GTK_EDITABLE (search), "mailing city");
  wait_ms (300);
  g_assert_cmpuint (n_shown (f), ==, 1);
  gtk_editable_set_text (GTK_EDITABLE (search), "zzz");
  wait_ms (300);
  g_assert_cmpuint (n_shown (f), ==, 0);
  gtk_editable_set_text (GTK_EDITABLE (search), "");
  wait_ms (300);
  g_assert_cmpuint (n_shown (f), ==, total);

  gtk_toggle_button_set_active (GTK_TOGGLE_BUTTON (custom), TRUE);
  g_assert_cmpuint (n_shown (f), ==, n_custom);
  gtk_toggle_button_set_active (GTK_TOGGLE_BUTTON (custom), FALSE);

  gtk_toggle_button_set_active (GTK_TOGGLE_BUTTON (writable), TRUE);
  g_assert_cmpuint (n_shown (f), ==, n_writable);
  gtk_toggle_button_set_active (GTK_TOGGLE_BUTTON (writable), FALSE);

  gtk_toggle_button_set_active (GTK_TOGGLE_BUTTON (mapped), TRUE);
  g_assert_cmpuint (n_shown (f), ==, 4);   /* the sync's own */

  /* Select all for the filtered set: only custom fields get mapped. */
  gtk_toggle_button_set_active (GTK_TOGGLE_BUTTON (mapped), FALSE);
  gtk_toggle_button_set_active (GTK_TOGGLE_BUTTON (custom), TRUE);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->page), "mapping.select-all", NULL));
  gtk_toggle_button_set_active (GTK_TOGGLE_BUTTON (custom), FALSE);
  gtk_toggle_button_set_active (GTK_TOGGLE_BUTTON (mapped), TRUE);
  g_assert_cmpuint (n_shown (f), ==, 4 + n_custom);

  gtk_toggle_button_set_active (GTK_TOGGLE_BUTTON (mapped), FALSE);
  gtk_toggle_button_set_active (GTK_TOGGLE_BUTTON (unmapped), TRUE);
  g_assert_cmpuint (n_shown (f), ==, total - 4 - n_custom);

  /* Select none with no filter: everything but the sync's fields. */
  gtk_toggle_button_set_active (GTK_TOGGLE_BUTTON (unmapped), FALSE);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->page), "mapping.select-none", NULL));
  gtk_toggle_button_set_active (GTK_TOGGLE_BUTTON (mapped), TRUE);
  g_assert_cmpuint (n_shown (f), ==, 4);
  gtk_toggle_button_set_active (GTK_TOGGLE_BUTTON (mapped), FALSE);

  /* Recommended, then one rule for every selected row: read-only ones keep Never. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->page), "mapping.recommended", NULL));
  g_assert_true (aud_field_item_get_mapped (find_item (f, "Email")));
  g_assert_true (aud_field_item_get_mapped (find_item (f, "LeadSource")));
  gtk_toggle_button_set_active (GTK_TOGGLE_BUTTON (mapped), TRUE);
  gtk_selection_model_select_all (GTK_SELECTION_MODEL (aud_audiences_page_get_fields (f->page)));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->page), "mapping.set-rule", "s", "conditional"));
  g_assert_cmpuint (aud_field_item_get_rule (find_item (f, "Email")), ==, AUD_OVERWRITE_RULE_CONDITIONAL);
  g_assert_cmpuint (aud_field_item_get_rule (find_item (f, "SystemModstamp")), ==, AUD_OVERWRITE_RULE_NEVER);
  g_assert_nonnull (strstr (aud_audiences_page_get_last_message (f->page), "left as they were"));
}

static void
test_800_fields_scroll (Fixture       *f,
                        gconstpointer  data)
{
  g_autoptr(AudDescribe) describe = save_describe (f, 770);
  GtkScrolledWindow *scroller;
  GtkAdjustment *adjustment;
  GtkWidget *last;
  guint rows_before;
  gint64 start;

  create_audience (f, "Big Org");
  start = g_get_monotonic_time ();
  open_page (f);
  g_test_message ("800 fields shown in %.0f ms (including 150 ms of settling)",
                  (g_get_monotonic_time () - start) / 1000.0);
  g_assert_cmpuint (n_shown (f), ==, 31 + 770);

  /* Virtualised: GTK 4.8 keeps about 200 rows around the view, not one per field. */
  rows_before = count_type (GTK_WIDGET (f->page), GTK_TYPE_CHECK_BUTTON);
  g_assert_cmpuint (rows_before, >, 10);
  g_assert_cmpuint (rows_before, <, 260);

  scroller = GTK_SCROLLED_WINDOW (gtk_widget_get_ancestor (find_cell (GTK_WIDGET (f->page), GTK_TYPE_CHECK_BUTTON, "AccountId"),
                                                           GTK_TYPE_SCROLLED_WINDOW));
  adjustment = gtk_scrolled_window_get_vadjustment (scroller);
  /* The view sizes itself over a few frames; a loaded machine takes longer. */
  for (int i = 0; i < 250 && gtk_adjustment_get_upper (adjustment) <= 10 * gtk_adjustment_get_page_size (adjustment); i++)
    wait_ms (20);
  g_assert_cmpfloat (gtk_adjustment_get_upper (adjustment), >, 10 * gtk_adjustment_get_page_size (adjustment));

  /* To the end: the last fields by label (Title, … then custom fields sort before) render. */
  for (int i = 0; i < 250 && (i < 20 || find_cell (GTK_WIDGET (f->page), GTK_TYPE_CHECK_BUTTON, "Title") == NULL); i++)
    {
      gtk_adjustment_set_value (adjustment, gtk_adjustment_get_upper (adjustment));
      wait_ms (20);
    }
  last = find_cell (GTK_WIDGET (f->page), GTK_TYPE_CHECK_BUTTON, "Title");
  g_assert_nonnull (last);
  g_assert_null (find_cell (GTK_WIDGET (f->page), GTK_TYPE_CHECK_BUTTON, "Custom_Field_0100__c"));
  g_assert_cmpuint (count_type (GTK_WIDGET (f->page), GTK_TYPE_CHECK_BUTTON), <, 260);

  /* And a click far down the list is kept like any other. */
  gtk_check_button_set_active (GTK_CHECK_BUTTON (last), TRUE);
  wait_ms (20);
  close_page (f);
  open_page (f);
  g_assert_true (aud_field_item_get_mapped (find_item (f, "Title")));
}

static void
wait_refreshed (Fixture *f)
{
  for (int i = 0; i < 1500 && aud_audiences_page_get_refreshing (f->page); i++)
    wait_ms (20);
  g_assert_false (aud_audiences_page_get_refreshing (f->page));
  wait_ms (50);
}

/* Refresh against the demo org with its 800-field switch on: fetched, cached, rendered, scrolled. */
static void
test_refresh_from_demo_org (Fixture       *f,
                            gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(AudDemoOrg) org = aud_demo_org_new ();
  g_autoptr(AudCredentials) credentials = NULL;
  g_autofree char *access = NULL;
  GtkAdjustment *adjustment;
  GtkWidget *cell;
  guint n;

  g_object_set (org, "seed", (guint64) 3, "accounts", 3, "contacts", 3, "leads", 0, "opportunities", 0,
                "extra-custom-fields", 780, NULL);
  aud_demo_org_start_in_thread (org, &error);
  g_assert_no_error (error);

  create_audience (f, "Everyone");
  open_page (f);
  g_assert_cmpuint (n_shown (f), ==, 0);

  /* Not connected: Refresh says what to do. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->page), "mapping.refresh", NULL));
  g_assert_nonnull (strstr (aud_audiences_page_get_last_message (f->page), "Connection page"));

  access = aud_demo_org_mint_access_token (org);
  credentials = aud_credentials_new (aud_demo_org_get_login_url (org), AUD_DEMO_ORG_CLIENT_ID,
                                     aud_demo_org_get_org_id (org), aud_demo_org_get_user_id (org),
                                     AUD_DEMO_ORG_USERNAME);
  aud_credentials_set_tokens (credentials, access, NULL);
  aud_audiences_page_set_credentials (f->page, credentials, aud_demo_org_get_instance_url (org),
                                      AUD_DEMO_ORG_API_VERSION);

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->page), "mapping.refresh", NULL));
  wait_refreshed (f);
  n = n_shown (f);
  g_assert_cmpuint (n, >=, 800);
  g_assert_nonnull (strstr (aud_audiences_page_get_last_message (f->page), "Loaded"));
  g_assert_nonnull (find_item (f, "Email"));

  cell = find_cell (GTK_WIDGET (f->page), GTK_TYPE_CHECK_BUTTON, "AccountId");
  g_assert_nonnull (cell);
  adjustment = gtk_scrolled_window_get_vadjustment (GTK_SCROLLED_WINDOW (gtk_widget_get_ancestor (cell, GTK_TYPE_SCROLLED_WINDOW)));
  for (int i = 0; i < 250 && gtk_adjustment_get_upper (adjustment) <= 10 * gtk_adjustment_get_page_size (adjustment); i++)
    wait_ms (20);
  for (int i = 0; i < 20; i++)
    {
      gtk_adjustment_set_value (adjustment, gtk_adjustment_get_value (adjustment) + gtk_adjustment_get_page_size (adjustment) * 5);
      wait_ms (20);
    }
  g_assert_cmpfloat (gtk_adjustment_get_value (adjustment), >, 0);
  g_assert_cmpuint (count_type (GTK_WIDGET (f->page), GTK_TYPE_CHECK_BUTTON), <, 260);

  /* A second refresh finds nothing new; the cache survives a restart. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->page), "mapping.refresh", NULL));
  wait_refreshed (f);
  g_assert_nonnull (strstr (aud_audiences_page_get_last_message (f->page), "up to date"));
  close_page (f);
  open_page (f);
  g_assert_cmpuint (n_shown (f), ==, n);
  aud_demo_org_stop (org);
}

/* As test-window.c: each application gets its own id, as a registered one keeps its object path. */
static AudApplication *
make_app (const char *workspace)
{
  static guint n;
  g_autofree char *id = g_strdup_printf (APP_ID ".PageTest%u", ++n);
  g_autoptr(GError) error = NULL;
  AudApplication *app;

  g_setenv ("AUDIENCES_WORKSPACE", workspace, TRUE);
  app = g_object_new (AUD_TYPE_APPLICATION, "application-id", id, "flags", G_APPLICATION_NON_UNIQUE,
                      "resource-base-path", "/org/example/Audiences", NULL);
  g_application_register (G_APPLICATION (app), NULL, &error);
  g_assert_no_error (error);
  return app;
}

static GtkWidget *
find_type (GtkWidget *widget,
           GType      type)
{
  if (G_TYPE_CHECK_INSTANCE_TYPE (widget, type))
    return widget;

  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_type (child, type);
      if (found != NULL)
        return found;
    }

  return NULL;
}

/* The whole app, twice: clicks in the first run are there in the second. */
static void
test_kept_across_app_restart (Fixture       *f,
                              gconstpointer  data)
{
  g_autoptr(AudDescribe) describe = save_describe (f, 0);

  create_audience (f, "EMEA Contacts");
  create_audience_for (f, "Key Accounts", "Account");

  for (guint run = 0; run < 2; run++)
    {
      g_autoptr(AudApplication) app = make_app (f->path);
      AudWindow *window = aud_window_new (app);
      GtkWidget *check, *dropdown;

      gtk_window_present (GTK_WINDOW (window));
      aud_window_show_page (window, "audiences");
      wait_ms (150);
      f->page = AUD_AUDIENCES_PAGE (find_type (GTK_WIDGET (window), AUD_TYPE_AUDIENCES_PAGE));
      g_assert_nonnull (f->page);
      g_assert_cmpstr (aud_audience_get_name (aud_audiences_page_get_audience (f->page)), ==, "EMEA Contacts");
      check = find_cell (GTK_WIDGET (f->page), GTK_TYPE_CHECK_BUTTON, "MailingCity");
      dropdown = find_cell (GTK_WIDGET (f->page), GTK_TYPE_DROP_DOWN, "MailingCity");
      g_assert_nonnull (check);
      g_assert_nonnull (dropdown);

      if (run == 0)
        {
          g_assert_false (gtk_check_button_get_active (GTK_CHECK_BUTTON (check)));
          gtk_check_button_set_active (GTK_CHECK_BUTTON (check), TRUE);
          wait_ms (20);
          gtk_drop_down_set_selected (GTK_DROP_DOWN (dropdown), AUD_OVERWRITE_RULE_CONDITIONAL);
          wait_ms (20);
        }
      else
        {
          g_assert_true (gtk_check_button_get_active (GTK_CHECK_BUTTON (check)));
          g_assert_cmpuint (gtk_drop_down_get_selected (GTK_DROP_DOWN (dropdown)), ==, AUD_OVERWRITE_RULE_CONDITIONAL);
          /* The other audience was not touched. */
          g_assert_true (aud_audiences_page_select_audience (f->page, "Key Accounts"));
          g_assert_cmpstr (aud_audience_get_object (aud_audiences_page_get_audience (f->page)), ==, "Account");
        }

      gtk_window_destroy (GTK_WINDOW (window));
      f->page = NULL;
      wait_ms (20);
    }
  g_unsetenv ("AUDIENCES_WORKSPACE");
}

static AdwMessageDialog *
find_dialog (void)
{
  g_autoptr(GList) toplevels = gtk_window_list_toplevels ();

  for (GList *l = toplevels; l != NULL; l = l->next)
    if (ADW_IS_MESSAGE_DIALOG (l->data) && gtk_widget_get_visible (l->data))
      return l->data;

  return NULL;
}

static void
answer_dialog (const char *text,
               const char *response)
{
  AdwMessageDialog *dialog;

  wait_ms (30);
  dialog = find_dialog ();
  g_assert_nonnull (dialog);
  if (text != NULL)
    gtk_editable_set_text (g_object_get_data (G_OBJECT (dialog), "entry"), text);
  adw_message_dialog_response (dialog, response);
  gtk_window_destroy (GTK_WINDOW (dialog));
  wait_ms (30);
}

static void
test_audience_dialogs (Fixture       *f,
                       gconstpointer  data)
{
  g_autoptr(GPtrArray) list = NULL;
  g_autoptr(GError) error = NULL;

  open_page (f);
  /* The empty state says what to do. */
  g_assert_null (aud_audiences_page_get_audience (f->page));

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->page), "audiences.create", NULL));
  answer_dialog ("EMEA Contacts", "ok");
  g_assert_cmpstr (aud_audience_get_name (aud_audiences_page_get_audience (f->page)), ==, "EMEA Contacts");

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->page), "audiences.duplicate", NULL));
  answer_dialog (NULL, "ok");
  g_assert_cmpstr (aud_audience_get_name (aud_audiences_page_get_audience (f->page)), ==, "EMEA Contacts (copy)");

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->page), "audiences.rename", NULL));
  answer_dialog ("DACH Contacts", "ok");
  g_assert_cmpstr (aud_audience_get_name (aud_audiences_page_get_audience (f->page)), ==, "DACH Contacts");

  /* A taken name is refused with a message, nothing changes. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->page), "audiences.rename", NULL));
  answer_dialog ("emea contacts", "ok");
  g_assert_nonnull (strstr (aud_audiences_page_get_last_message (f->page), "already exists"));

  /* Delete asks first; Cancel keeps it. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->page), "audiences.delete", NULL));
  answer_dialog (NULL, "cancel");
  g_assert_cmpstr (aud_audience_get_name (aud_audiences_page_get_audience (f->page)), ==, "DACH Contacts");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->page), "audiences.delete", NULL));
  answer_dialog (NULL, "delete");

  list = aud_audience_list (f->store, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (list->len, ==, 1);
  g_assert_cmpstr (aud_audience_get_name (g_ptr_array_index (list, 0)), ==, "EMEA Contacts");
  g_assert_cmpstr (aud_audience_get_name (aud_audiences_page_get_audience (f->page)), ==, "EMEA Contacts");

  g_assert_true (aud_audiences_page_select_audience (f->page, "emea contacts"));
  g_assert_false (aud_audiences_page_select_audience (f->page, "nobody"));
}

static void
save_png (GtkWidget  *widget,
          const char *path)
{
  g_autoptr(GdkPaintable) paintable = gtk_widget_paintable_new (widget);
  GtkSnapshot *snapshot = gtk_snapshot_new ();
  g_autoptr(GskRenderNode) node = NULL;
  g_autoptr(GdkTexture) texture = NULL;
  int width = gtk_widget_get_width (widget), height = gtk_widget_get_height (widget);

  gdk_paintable_snapshot (paintable, snapshot, width, height);
  node = gtk_snapshot_free_to_node (snapshot);
  g_assert_nonnull (node);
  texture = gsk_renderer_render_texture (gtk_native_get_renderer (gtk_widget_get_native (widget)), node,
                                         &GRAPHENE_RECT_INIT (0, 0, width, height));
  g_assert_true (gdk_texture_save_to_png (texture, path));
}

/* A populated audience, light and dark, saved for people to look at (build dir/screenshots). */
static void
test_screenshots (Fixture       *f,
                  gconstpointer  data)
{
  g_autoptr(AudDescribe) first = save_describe (f, 40);
  g_autofree char *dir = g_build_filename (g_getenv ("G_TEST_BUILDDIR"), "screenshots", NULL);
  g_autoptr(GError) error = NULL;
  AdwStyleManager *style = adw_style_manager_get_default ();

  create_audience (f, "EMEA Contacts");
  create_audience_for (f, "Key Accounts", "Account");
  open_page (f);
  aud_audiences_page_select_audience (f->page, "EMEA Contacts");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->page), "mapping.recommended", NULL));
  aud_field_item_set_rule (find_item (f, "Email"), AUD_OVERWRITE_RULE_CONDITIONAL);
  aud_field_item_set_rule (find_item (f, "Title"), AUD_OVERWRITE_RULE_ALWAYS);
  aud_field_item_set_mapped (find_item (f, "Lifetime_Value__c"), TRUE);
  aud_field_item_set_mapped (find_item (f, "External_Key__c"), TRUE);
  aud_field_item_set_mapped (find_item (f, "Custom_Field_0007__c"), TRUE);
  /* After a sync, a newly mapped field shows its backfill. */
  close_page (f);
  {
    g_autoptr(AudStore) store = aud_store_open (f->path, &error);
    gint64 source = aud_store_ensure_salesforce_source (store, "Contact", &error);
    g_autoptr(AudAudience) audience = aud_audience_lookup (store, "EMEA Contacts", &error);
    const char *late[] = { "Segment__c", NULL };
    g_autofree char *json = describe_fixture_contact (40, (const char *[]) { "Custom_Field_0007__c", NULL });
    g_autoptr(AudDescribe) second = aud_describe_new_from_data (json, -1, "2026-11-28T17:45:00Z", &error);

    g_assert_no_error (error);
    aud_store_set_source_cursor (store, source, "2026-11-28T17:00:00.000+0000", NULL, &error);
    g_assert_no_error (error);
    mark_synced (store, source);
    aud_mapping_set_mapped (audience, late, TRUE, NULL, &error);
    g_assert_no_error (error);
    aud_describe_save (second, store, &error);
    g_assert_no_error (error);
  }
  open_page (f);
  aud_audiences_page_select_audience (f->page, "EMEA Contacts");
  g_assert_true (aud_field_item_get_needs_backfill (find_item (f, "Segment__c")));
  g_assert_true (aud_field_item_get_gone (find_item (f, "Custom_Field_0007__c")));

  /* The mapped fields: rules, locks, the backfill and the removed field all in view. */
  gtk_toggle_button_set_active (GTK_TOGGLE_BUTTON (find_named (GTK_WIDGET (f->page), "filter-mapped")), TRUE);

  g_mkdir_with_parents (dir, 0755);
  for (guint i = 0; i < 2; i++)
    {
      g_autofree char *path = g_build_filename (dir, i == 0 ? "audiences-page-light.png" : "audiences-page-dark.png", NULL);

      adw_style_manager_set_color_scheme (style, i == 0 ? ADW_COLOR_SCHEME_FORCE_LIGHT : ADW_COLOR_SCHEME_FORCE_DARK);
      wait_ms (300);
      save_png (GTK_WIDGET (f->window), path);
      g_test_message ("saved %s", path);
    }
  adw_style_manager_set_color_scheme (style, ADW_COLOR_SCHEME_DEFAULT);
}

static GtkStack *
find_stack_with (GtkWidget  *widget,
                 const char *page)
{
  if (GTK_IS_STACK (widget) && gtk_stack_get_child_by_name (GTK_STACK (widget), page) != NULL)
    return GTK_STACK (widget);

  for (GtkWidget *child = gtk_widget_get_first_child (widget); child; child = gtk_widget_get_next_sibling (child))
    {
      GtkStack *found = find_stack_with (child, page);
      if (found != NULL)
        return found;
    }

  return NULL;
}

/* The Segments tab follows the selected audience and builds over its mapped fields. */
static void
test_segments_tab (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr(AudDescribe) describe = save_describe (f, 10);
  g_autofree char *dir = g_build_filename (g_getenv ("G_TEST_BUILDDIR"), "screenshots", NULL);
  g_autofree char *path = g_build_filename (dir, "audiences-page-segments.png", NULL);
  AudSegmentBuilder *builder;
  GtkStack *tabs;

  create_audience (f, "EMEA Contacts");
  create_audience_for (f, "Key Accounts", "Account");
  open_page (f);
  aud_audiences_page_select_audience (f->page, "EMEA Contacts");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->page), "mapping.recommended", NULL));

  tabs = find_stack_with (GTK_WIDGET (f->page), "segments");
  g_assert_nonnull (tabs);
  builder = AUD_SEGMENT_BUILDER (find_type (GTK_WIDGET (f->page), AUD_TYPE_SEGMENT_BUILDER));
  g_assert_nonnull (builder);

  /* Loaded lazily: only once the tab is shown. */
  g_assert_null (aud_segment_builder_get_audience (builder));
  gtk_stack_set_visible_child_name (tabs, "segments");
  g_assert_true (aud_segment_builder_get_audience (builder) == aud_audiences_page_get_audience (f->page));

  /* Another audience selected while the tab shows: the builder follows. */
  aud_audiences_page_select_audience (f->page, "Key Accounts");
  g_assert_true (aud_segment_builder_get_audience (builder) == aud_audiences_page_get_audience (f->page));
  aud_audiences_page_select_audience (f->page, "EMEA Contacts");

  wait_ms (400);
  g_mkdir_with_parents (dir, 0755);
  save_png (GTK_WIDGET (f->window), path);
  g_test_message ("saved %s", path);
}

int
main (int    argc,
      char **argv)
{
  gtk_test_init (&argc, &argv, NULL);
  adw_init ();
  {
    /* What AdwApplication loads from the resource base path in the app. */
    g_autoptr(GtkCssProvider) css = gtk_css_provider_new ();

    gtk_css_provider_load_from_resource (css, "/org/example/Audiences/style.css");
    gtk_style_context_add_provider_for_display (gdk_display_get_default (), GTK_STYLE_PROVIDER (css),
                                                GTK_STYLE_PROVIDER_PRIORITY_APPLICATION);
  }

#define ADD(path, fn) g_test_add (path, Fixture, NULL, fixture_setup, fn, fixture_teardown)
  ADD ("/audiences-page/changes-are-kept", test_changes_are_kept);
  ADD ("/audiences-page/kept-across-app-restart", test_kept_across_app_restart);
  ADD ("/audiences-page/search-and-filters", test_search_and_filters);
  ADD ("/audiences-page/800-fields-scroll", test_800_fields_scroll);
  ADD ("/audiences-page/audience-dialogs", test_audience_dialogs);
  ADD ("/audiences-page/refresh-from-demo-org", test_refresh_from_demo_org);
  ADD ("/audiences-page/screenshots", test_screenshots);
  ADD ("/audiences-page/segments-tab", test_segments_tab);
#undef ADD

  return g_test_run ();
}
