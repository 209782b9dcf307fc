/* test-duplicates-page.c — the Duplicates page over a real workspace: list, detail, decisions
 *
 * A real workspace file with a Salesforce and a CSV source holding duplicates, the real matcher,
 * the real page in a window under Xvfb. Decisions go through the page's merge.* actions; the
 * store is then checked directly, and again after the page is recreated over a new connection
 * to the same file (an app restart) and after a sync-like change to the records.
 *
 * Saves PNGs of the list and the detail (light and dark) into
 * $G_TEST_BUILDDIR/screenshots/duplicates.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gstdio.h>
#include <locale.h>
#include <string.h>

#include "aud-audience.h"
#include "aud-csv-source.h"
#include "aud-duplicates-page-private.h"
#include "aud-duplicates-page.h"
#include "aud-entity-item.h"
#include "aud-entity-store.h"
#include "aud-match-run.h"
#include "aud-test-shot.h"

typedef struct
{
  char              *dir;
  char              *path;
  char              *shots;
  AudStore          *store;
  gint64             audience_id;
  gint64             sf;
  gint64             csv;
  GtkWindow         *window;
  AudDuplicatesPage *page;
} Fixture;

static void
put (Fixture    *f,
     gint64      source,
     const char *external_id,
     const char *modstamp,
     const char *json)
{
  g_autoptr(GError) error = NULL;
  gboolean created;

  g_assert_true (aud_store_upsert_source_record (f->store, source, external_id, modstamp, FALSE, json,
                                                 &created, &error));
  g_assert_no_error (error);
}

static gint64
rid (Fixture    *f,
     gint64      source,
     const char *external_id)
{
  g_autoptr(GError) error = NULL;
  gint64 id = aud_entity_store_record_id (f->store, source, external_id, &error);

  g_assert_no_error (error);
  return id;
}

static gint64
entity (Fixture    *f,
        gint64      source,
        const char *external_id)
{
  g_autoptr(GError) error = NULL;

  return aud_entity_store_entity_of (f->store, f->audience_id, rid (f, source, external_id), &error);
}

static void
wait_idle (Fixture *f)
{
  gint64 deadline = g_get_monotonic_time () + 60 * G_USEC_PER_SEC;

  aud_test_iterate_for (50);
  while (aud_duplicates_page_get_busy (f->page))
    {
      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
      g_main_context_iteration (NULL, TRUE);
    }
  aud_test_iterate_for (100);
}

/* Drop-downs hold search entries and list views of their own: look around them. */
static GtkWidget *
find_outside_drop_downs (GtkWidget *widget,
                         GType      type)
{
  if (GTK_IS_DROP_DOWN (widget))
    return NULL;
  if (G_TYPE_CHECK_INSTANCE_TYPE (widget, type))
    return widget;
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child; child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_outside_drop_downs (child, type);
      if (found != NULL)
        return found;
    }
  return NULL;
}

/* The drop-down whose model lists the filters. */
static GtkWidget *
find_filter_drop_down (GtkWidget *widget)
{
  if (GTK_IS_DROP_DOWN (widget)
      && g_list_model_get_n_items (gtk_drop_down_get_model (GTK_DROP_DOWN (widget))) == AUD_DUPLICATES_N_FILTERS)
    return widget;
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child; child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_filter_drop_down (child);
      if (found != NULL)
        return found;
    }
  return NULL;
}

/* The list of duplicates (the drop-downs hold list views too). */
static GtkWidget *
find_list (GtkWidget *widget)
{
  if (GTK_IS_LIST_VIEW (widget) && gtk_widget_has_css_class (widget, "navigation-sidebar"))
    return widget;
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child; child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_list (child);
      if (found != NULL)
        return found;
    }
  return NULL;
}

/* A mapped label whose text starts with @prefix. */
static GtkWidget *
find_label (GtkWidget  *widget,
            const char *prefix)
{
  if (GTK_IS_LABEL (widget) && gtk_widget_get_mapped (widget)
      && g_str_has_prefix (gtk_label_get_text (GTK_LABEL (widget)), prefix))
    return widget;
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child; child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_label (child, prefix);
      if (found != NULL)
        return found;
    }
  return NULL;
}

static GtkSingleSelection *
selection (Fixture *f)
{
  GtkWidget *list = find_list (GTK_WIDGET (f->page));

  g_assert_nonnull (list);
  return GTK_SINGLE_SELECTION (gtk_list_view_get_model (GTK_LIST_VIEW (list)));
}

/* Selects the row of the entity holding @record_id; returns that row. */
static const AudReviewRow *
select_entity_of (Fixture *f,
                  gint64   record_id)
{
  GtkSingleSelection *sel = selection (f);
  g_autoptr(GError) error = NULL;
  gint64 id = aud_entity_store_entity_of (f->store, f->audience_id, record_id, &error);

  g_assert_no_error (error);
  for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (sel)); i++)
    {
      g_autoptr(AudEntityItem) item = g_list_model_get_item (G_LIST_MODEL (sel), i);
      const AudReviewRow *row = aud_entity_item_get_row (item);

      if (row->kind == AUD_REVIEW_ROW_ENTITY && row->entity_id == id)
        {
          gtk_single_selection_set_selected (sel, i);
          aud_test_iterate_for (100);
          return row;
        }
    }
  g_error ("No row for the entity of record %" G_GINT64_FORMAT, record_id);
}

static void
open_page (Fixture *f)
{
  f->window = GTK_WINDOW (gtk_window_new ());
  gtk_window_set_default_size (f->window, 1280, 900);
  f->page = g_object_new (AUD_TYPE_DUPLICATES_PAGE, NULL);
  gtk_window_set_child (f->window, GTK_WIDGET (f->page));
  aud_duplicates_page_set_store (f->page, f->store);
  gtk_window_present (f->window);
  wait_idle (f);
}

static void
close_page (Fixture *f)
{
  gtk_window_destroy (f->window);
  f->window = NULL;
  f->page = NULL;
  aud_test_iterate_for (50);
}

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(AudAudience) audience = NULL;
  g_autoptr(AudStore) matcher = NULL;
  g_autoptr(AudMatchRun) run = NULL;
  AudMatchRunStats stats;

  f->dir = g_dir_make_tmp ("aud-dup-page-XXXXXX", NULL);
  f->path = g_build_filename (f->dir, "ws.db", NULL);
  f->shots = g_build_filename (g_getenv ("G_TEST_BUILDDIR") ? g_getenv ("G_TEST_BUILDDIR") : ".",
                               "screenshots", "duplicates", NULL);
  f->store = aud_store_open (f->path, &error);
  g_assert_no_error (error);
  audience = aud_audience_create (f->store, "People", "Contact", &error);
  g_assert_no_error (error);
  f->audience_id = aud_audience_get_id (audience);
  f->sf = aud_audience_get_source_id (audience, &error);
  g_assert_no_error (error);
  f->csv = aud_csv_source_ensure (f->store, "Contact", "events.csv", &error);
  g_assert_no_error (error);
  g_assert_true (aud_csv_source_link_audience (f->store, f->csv, f->audience_id, &error));
  g_assert_no_error (error);

  put (f, f->sf, "0035g00000AbCdEAAV", "2026-01-01T10:00:00.000+0000",
       "{\"FirstName\":\"Robert\",\"LastName\":\"Smith\",\"Email\":\"robert.smith@acme.com\","
       "\"Phone\":\"+1 415 555 0100\",\"Account.Name\":\"Acme\",\"Title\":\"VP Sales\"}");
  put (f, f->csv, "r1", "2026-10-02T10:00:00Z",
       "{\"FirstName\":\"Bob\",\"LastName\":\"Smith\",\"Email\":\"Robert.Smith@acme.com\","
       "\"Company\":\"Acme Inc.\",\"Title\":\"Vice President, Sales\",\"Lead_Source__c\":\"Webinar\"}");
  put (f, f->sf, "0035g00000XyZwQAAV", "2026-01-01T10:00:00.000+0000",
       "{\"FirstName\":\"Jane\",\"LastName\":\"Doe\",\"Email\":\"jane.doe@globex.com\","
       "\"MobilePhone\":\"+44 7700 900123\",\"Account.Name\":\"Globex\"}");
  put (f, f->csv, "r2", "2026-02-01T10:00:00Z",
       "{\"FirstName\":\"Jane\",\"LastName\":\"Doe\",\"Email\":\"jane.doe@globex.com\","
       "\"MobilePhone\":\"07700 900123\",\"Company\":\"Globex Corporation\"}");
  put (f, f->sf, "0035g00000QqQqQAAV", "2026-01-01T10:00:00.000+0000",
       "{\"FirstName\":\"Alice\",\"LastName\":\"Wong\",\"Email\":\"alice@initech.com\",\"Account.Name\":\"Initech\"}");

  /* a possible match only: same name and company, a personal email against a work one */
  put (f, f->sf, "0035g00000TbTbTAAV", "2026-01-01T10:00:00.000+0000",
       "{\"FirstName\":\"Tom\",\"LastName\":\"Baker\",\"Email\":\"tom.baker@hooli.com\",\"Account.Name\":\"Hooli\"}");
  put (f, f->csv, "r3", "2026-03-01T10:00:00Z",
       "{\"FirstName\":\"Thomas\",\"LastName\":\"Baker\",\"Email\":\"tbaker77@gmail.com\",\"Company\":\"Hooli\"}");

  /* matched on a connection of its own, as the app's worker thread does */
  matcher = aud_store_open (f->path, &error);
  g_assert_no_error (error);
  run = aud_match_run_new (matcher, f->audience_id, "Contact");
  g_assert_true (aud_match_run_execute (run, FALSE, &stats, NULL, &error));
  g_assert_no_error (error);
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  if (f->window != NULL)
    close_page (f);
  adw_style_manager_set_color_scheme (adw_style_manager_get_default (), ADW_COLOR_SCHEME_DEFAULT);
  g_clear_object (&f->store);
  for (guint i = 0; i < 3; i++)
    {
      g_autofree char *file = g_strconcat (f->path, (const char *[]) { "", "-wal", "-shm" }[i], NULL);
      g_remove (file);
    }
  g_rmdir (f->dir);
  g_free (f->path);
  g_free (f->dir);
  g_free (f->shots);
}

static const AudGoldenValue *
golden (GPtrArray  *values,
        const char *field)
{
  for (guint i = 0; i < values->len; i++)
    if (g_strcmp0 (((AudGoldenValue *) values->pdata[i])->field, field) == 0)
      return values->pdata[i];
  g_error ("No golden value for %s", field);
}

static void
activate (Fixture    *f,
          const char *action,
          GVariant   *target)
{
  g_assert_true (gtk_widget_activate_action_variant (GTK_WIDGET (f->page), action, target));
  wait_idle (f);
}

static void
test_decisions (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) values = NULL;
  g_autoptr(GPtrArray) decisions = NULL;
  gint64 robert = rid (f, f->sf, "0035g00000AbCdEAAV");
  gint64 bob = rid (f, f->csv, "r1");
  gint64 jane = rid (f, f->sf, "0035g00000XyZwQAAV");
  GtkWidget *counts;
  const AudReviewRow *row;

  open_page (f);

  /* the list: two people each in two sources, and Tom/Thomas Baker to review, first because
   * uncertain; Alice alone is no duplicate */
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (selection (f))), ==, 3);
  counts = find_label (GTK_WIDGET (f->page), "2 merged, 1 pair to review, 0 confirmed");
  g_assert_nonnull (counts);
  gtk_single_selection_set_selected (selection (f), 0);
  aud_test_iterate_for (100);
  row = aud_entity_item_get_row (gtk_single_selection_get_selected_item (selection (f)));
  g_assert_cmpint (row->kind, ==, AUD_REVIEW_ROW_PAIR);
  g_assert_cmpint (row->record_a, ==, rid (f, f->sf, "0035g00000TbTbTAAV"));
  g_assert_nonnull (find_label (GTK_WIDGET (f->page), "Possibly the same"));
  g_assert_nonnull (find_label (GTK_WIDGET (f->page), "Last name exact +"));
  g_assert_nonnull (find_label (GTK_WIDGET (f->page), "Email not counted"));
  aud_test_save_shot (GTK_WIDGET (f->window), f->shots, "0-review-pair-light");

  /* filters and search narrow the list and the counts say so */
  {
    GtkWidget *search = find_outside_drop_downs (GTK_WIDGET (f->page), GTK_TYPE_SEARCH_ENTRY);
    GtkWidget *filter = find_filter_drop_down (GTK_WIDGET (f->page));

    gtk_drop_down_set_selected (GTK_DROP_DOWN (filter), AUD_DUPLICATES_FILTER_NEEDS_REVIEW);
    g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (selection (f))), ==, 1);
    gtk_drop_down_set_selected (GTK_DROP_DOWN (filter), AUD_DUPLICATES_FILTER_DIFF_PHONE);
    g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (selection (f))), ==, 1);  /* Jane's two numbers */
    gtk_drop_down_set_selected (GTK_DROP_DOWN (filter), AUD_DUPLICATES_FILTER_ALL);
    gtk_editable_set_text (GTK_EDITABLE (search), "GLOBEX");
    g_signal_emit_by_name (search, "search-changed");
    g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (selection (f))), ==, 1);
    g_assert_nonnull (find_label (GTK_WIDGET (f->page), "2 merged, 1 pair to review, 0 confirmed · showing 1"));
    gtk_editable_set_text (GTK_EDITABLE (search), "");
    g_signal_emit_by_name (search, "search-changed");
    g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (selection (f))), ==, 3);
    gtk_single_selection_set_selected (selection (f), 0);
    aud_test_iterate_for (100);
  }

  /* not the same: the pair leaves the list for good */
  activate (f, "merge.not-same", NULL);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (selection (f))), ==, 2);
  g_assert_nonnull (find_label (GTK_WIDGET (f->page), "2 merged, 0 pairs to review"));

  /* the detail: golden record, both sources, why */
  row = select_entity_of (f, robert);
  g_assert_cmpuint (row->n_members, ==, 2);
  g_assert_nonnull (find_label (GTK_WIDGET (f->page), "Golden record"));
  g_assert_nonnull (find_label (GTK_WIDGET (f->page), "CSV events.csv"));
  g_assert_nonnull (find_label (GTK_WIDGET (f->page), "Email exact +"));
  g_assert_nonnull (find_label (GTK_WIDGET (f->page), "Id 0035g00000AbCdEAAV"));
  aud_test_save_shot (GTK_WIDGET (f->window), f->shots, "1-detail-light");

  /* split Bob out: he becomes his own entity */
  activate (f, "merge.split", g_variant_new_int64 (bob));
  g_assert_cmpint (entity (f, f->csv, "r1"), !=, entity (f, f->sf, "0035g00000AbCdEAAV"));
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (selection (f))), ==, 1);

  /* undo: together again */
  activate (f, "merge.undo", NULL);
  g_assert_cmpint (entity (f, f->csv, "r1"), ==, entity (f, f->sf, "0035g00000AbCdEAAV"));
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (selection (f))), ==, 2);

  /* pin Bob's first name over Salesforce's */
  row = select_entity_of (f, robert);
  values = aud_entity_store_golden (f->store, row->entity_id, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (golden (values, "FirstName")->value, ==, "Robert");
  g_clear_pointer (&values, g_ptr_array_unref);
  activate (f, "merge.pin", g_variant_new ("(xs)", bob, "FirstName"));
  values = aud_entity_store_golden (f->store, entity (f, f->sf, "0035g00000AbCdEAAV"), &error);
  g_assert_no_error (error);
  g_assert_cmpstr (golden (values, "FirstName")->value, ==, "Bob");
  g_assert_cmpint (golden (values, "FirstName")->reason, ==, AUD_SURVIVORSHIP_PINNED);
  g_clear_pointer (&values, g_ptr_array_unref);

  /* confirm Jane's merge */
  select_entity_of (f, jane);
  activate (f, "merge.confirm", NULL);
  row = select_entity_of (f, jane);
  g_assert_true (row->confirmed);

  decisions = aud_entity_store_list_decisions (f->store, f->audience_id, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (decisions->len, ==, 3);  /* not the same, the pin, the confirm; the split was undone */
  g_assert_cmpint (((AudDecision *) decisions->pdata[0])->kind, ==, AUD_DECISION_NEVER_MERGE);

  row = select_entity_of (f, robert);
  g_assert_nonnull (find_label (GTK_WIDGET (f->page), "pinned by you"));
  aud_test_save_shot (GTK_WIDGET (f->window), f->shots, "2-pinned-light");
  adw_style_manager_set_color_scheme (adw_style_manager_get_default (), ADW_COLOR_SCHEME_FORCE_DARK);
  aud_test_iterate_for (200);
  aud_test_save_shot (GTK_WIDGET (f->window), f->shots, "3-pinned-dark");
  adw_style_manager_set_color_scheme (adw_style_manager_get_default (), ADW_COLOR_SCHEME_DEFAULT);
  close_page (f);

  /* an app restart: a new connection to the same file, a new page */
  g_clear_object (&f->store);
  f->store = aud_store_open (f->path, &error);
  g_assert_no_error (error);
  open_page (f);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (selection (f))), ==, 2);
  g_assert_true (select_entity_of (f, jane)->confirmed);
  select_entity_of (f, robert);
  g_assert_nonnull (find_label (GTK_WIDGET (f->page), "pinned by you"));

  /* a sync touches both of Robert's records; the re-match keeps the pin and the confirmation */
  put (f, f->sf, "0035g00000AbCdEAAV", "2026-11-01T10:00:00.000+0000",
       "{\"FirstName\":\"Robert\",\"LastName\":\"Smith\",\"Email\":\"robert.smith@acme.com\","
       "\"Phone\":\"+1 415 555 0199\",\"Account.Name\":\"Acme\",\"Title\":\"SVP Sales\"}");
  put (f, f->csv, "r2", "2026-11-02T10:00:00Z",
       "{\"FirstName\":\"Jane\",\"LastName\":\"Doe\",\"Email\":\"jane.doe@globex.com\","
       "\"MobilePhone\":\"07700 900123\",\"Company\":\"Globex Corp\"}");
  activate (f, "merge.match-now", NULL);
  values = aud_entity_store_golden (f->store, entity (f, f->sf, "0035g00000AbCdEAAV"), &error);
  g_assert_no_error (error);
  g_assert_cmpstr (golden (values, "FirstName")->value, ==, "Bob");
  g_assert_cmpstr (golden (values, "Title")->value, !=, NULL);
  g_assert_true (select_entity_of (f, jane)->confirmed);
  g_assert_cmpint (entity (f, f->csv, "r2"), ==, entity (f, f->sf, "0035g00000XyZwQAAV"));
  aud_test_save_shot (GTK_WIDGET (f->window), f->shots, "4-after-sync-light");

  /* confirm every high-confidence merge in the filtered list: Robert's is the one left */
  g_assert_false (select_entity_of (f, robert)->confirmed);
  activate (f, "merge.confirm-all-high", NULL);
  g_assert_true (select_entity_of (f, robert)->confirmed);
  g_assert_true (select_entity_of (f, jane)->confirmed);
  g_assert_nonnull (find_label (GTK_WIDGET (f->page), "2 merged, 0 pairs to review, 2 confirmed"));
}

/* What a person sees before there is anything to review, and what each empty state asks. */
static void
test_empty_states (void)
{
  Fixture fixture = { 0 }, *f = &fixture;
  g_autoptr(GError) error = NULL;
  g_autoptr(AudAudience) audience = NULL;

  f->dir = g_dir_make_tmp ("aud-dup-empty-XXXXXX", NULL);
  f->path = g_build_filename (f->dir, "ws.db", NULL);
  f->shots = g_build_filename (g_getenv ("G_TEST_BUILDDIR") ? g_getenv ("G_TEST_BUILDDIR") : ".",
                               "screenshots", "duplicates", NULL);
  f->store = aud_store_open (f->path, &error);
  g_assert_no_error (error);

  open_page (f);
  g_assert_nonnull (find_label (GTK_WIDGET (f->page), "No Audience Yet"));
  aud_test_save_shot (GTK_WIDGET (f->window), f->shots, "5-empty-no-audience");
  close_page (f);

  audience = aud_audience_create (f->store, "People", "Contact", &error);
  g_assert_no_error (error);
  f->audience_id = aud_audience_get_id (audience);
  f->sf = aud_audience_get_source_id (audience, &error);
  g_assert_no_error (error);
  put (f, f->sf, "0035g00000QqQqQAAV", "2026-01-01T10:00:00.000+0000",
       "{\"FirstName\":\"Alice\",\"LastName\":\"Wong\",\"Email\":\"alice@initech.com\"}");
  open_page (f);
  g_assert_nonnull (find_label (GTK_WIDGET (f->page), "Not Matched Yet"));
  aud_test_save_shot (GTK_WIDGET (f->window), f->shots, "6-empty-not-matched");

  /* Match Now with one record: matched, nothing to review */
  activate (f, "merge.match-now", NULL);
  g_assert_nonnull (find_label (GTK_WIDGET (f->page), "No Duplicates Found"));
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (selection (f))), ==, 0);
  aud_test_save_shot (GTK_WIDGET (f->window), f->shots, "7-empty-no-duplicates");

  fixture_teardown (f, NULL);
}

static void
test_texts (void)
{
  AudMatchEvidence exact = { AUD_MATCH_LEVEL_EXACT, 1.0, 8.1 };
  AudMatchEvidence similar = { AUD_MATCH_LEVEL_SIMILAR, 0.96, 4.2 };
  AudMatchEvidence differs = { AUD_MATCH_LEVEL_DIFFERENT, 0.1, -1.3 };
  AudMatchEvidence missing = { AUD_MATCH_LEVEL_MISSING, 0, 0 };
  g_autofree char *e = aud_duplicates_evidence_text (AUD_MATCH_COMPARISON_EMAIL, &exact);
  g_autofree char *s = aud_duplicates_evidence_text (AUD_MATCH_COMPARISON_FIRST_NAME, &similar);
  g_autofree char *d = aud_duplicates_evidence_text (AUD_MATCH_COMPARISON_PHONE, &differs);
  g_autofree char *m1 = aud_duplicates_mark_difference ("Acme Inc.", "Acme");
  g_autofree char *m2 = aud_duplicates_mark_difference ("<Bob>", "Robert");
  g_autofree char *m3 = aud_duplicates_mark_difference ("Jon", "John");

  g_assert_cmpstr (e, ==, "Email exact +8.1");
  g_assert_cmpstr (s, ==, "First name similar 0.96 +4.2");
  g_assert_cmpstr (d, ==, "Phone differs −1.3");
  g_assert_null (aud_duplicates_evidence_text (AUD_MATCH_COMPARISON_LINKEDIN, &missing));
  /* only the added characters are marked, and markup in values is escaped */
  g_assert_true (g_str_has_prefix (m1, "Acme<span"));
  g_assert_true (g_str_has_suffix (m1, "> Inc.</span>"));
  g_assert_nonnull (strstr (m2, "&lt;Bob&gt;"));
  g_assert_true (g_str_has_prefix (m3, "Jo<span"));
  g_assert_true (g_str_has_suffix (m3, "</span>n"));

  /* without a describe, API names are spaced out */
  {
    g_autofree char *l1 = aud_duplicates_field_label (NULL, "FirstName");
    g_autofree char *l2 = aud_duplicates_field_label (NULL, "Account.Name");
    g_autofree char *l3 = aud_duplicates_field_label (NULL, "Lead_Source__c");

    g_assert_cmpstr (l1, ==, "First Name");
    g_assert_cmpstr (l2, ==, "Account Name");
    g_assert_cmpstr (l3, ==, "Lead Source");
  }
}

int
main (int   argc,
      char *argv[])
{
  setlocale (LC_ALL, "C.UTF-8");
  g_setenv ("LANGUAGE", "C", TRUE);
  g_test_init (&argc, &argv, NULL);
  adw_init ();

  g_test_add_func ("/duplicates-page/texts", test_texts);
  g_test_add_func ("/duplicates-page/empty-states", test_empty_states);
  g_test_add ("/duplicates-page/decisions", Fixture, NULL, fixture_setup, test_decisions, fixture_teardown);

  return g_test_run ();
}
