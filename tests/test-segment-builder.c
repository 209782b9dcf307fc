/* test-segment-builder.c — the segment builder standalone over a real workspace, under Xvfb
 *
 * Builds a two-condition segment by hand in the widgets, watches the live count follow, saves it,
 * then builds a fresh widget (as after a restart, on a reopened workspace) and finds the segment
 * there. Screenshots go to $G_TEST_BUILDDIR/screenshots/segment-builder.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <adwaita.h>
#include <glib/gstdio.h>
#include <locale.h>

#include "aud-audience.h"
#include "aud-describe.h"
#include "aud-mapping.h"
#include "aud-segment.h"
#include "aud-segment-builder.h"
#include "aud-segment-index.h"
#include "aud-test-shot.h"
#include "describe-fixture.h"

typedef struct
{
  char              *dir;
  char              *path;
  char              *shots;
  AudStore          *store;
  AudAudience       *audience;
  GtkWindow         *window;
  AudSegmentBuilder *builder;
} Fixture;

static const char * const mapped_fields[] = {
  "FirstName", "LastName", "Email", "Title", "MailingCountry", "Score__c", "Birthdate",
  "HasOptedOutOfEmail", "Segment__c", NULL
};

static const struct
{
  const char *id;
  const char *json;
} records[] = {
  { "003000000000001", "{\"FirstName\":\"Émile\",\"LastName\":\"Zola\",\"Email\":\"emile@example.fr\",\"Title\":\"VP Sales\","
                       "\"MailingCountry\":\"France\",\"Score__c\":80,\"HasOptedOutOfEmail\":false,\"Segment__c\":\"Enterprise\"}" },
  { "003000000000002", "{\"FirstName\":\"Greta\",\"LastName\":\"Straße\",\"Email\":\"greta@example.de\",\"Title\":\"vp marketing\","
                       "\"MailingCountry\":\"Deutschland\",\"Score__c\":40,\"HasOptedOutOfEmail\":true,\"Segment__c\":\"SMB\"}" },
  { "003000000000003", "{\"FirstName\":\"Zoë\",\"LastName\":\"Martin\",\"Email\":\"zoe@example.fr\",\"Title\":\"Director\","
                       "\"MailingCountry\":\"France\",\"Score__c\":95,\"HasOptedOutOfEmail\":false,\"Segment__c\":\"Enterprise\"}" },
  { "003000000000004", "{\"FirstName\":\"Ana\",\"LastName\":\"Ñúñez\",\"Email\":null,\"Title\":\"Head of VP Relations\","
                       "\"MailingCountry\":\"España\",\"Score__c\":70,\"HasOptedOutOfEmail\":false,\"Segment__c\":\"Mid-Market\"}" },
  { "003000000000005", "{\"FirstName\":\"Li\",\"LastName\":\"Wei\",\"Email\":\"li@example.com\",\"Title\":\"Engineer\","
                       "\"MailingCountry\":\"United Kingdom\",\"Score__c\":20,\"HasOptedOutOfEmail\":false,\"Segment__c\":\"SMB\"}" },
};

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *json = describe_fixture_contact (0, NULL);
  g_autoptr(AudDescribe) describe = NULL;
  gint64 source_id;
  guint n;

  f->dir = g_dir_make_tmp ("aud-segment-builder-XXXXXX", NULL);
  f->path = g_build_filename (f->dir, "workspace.db", NULL);
  f->shots = g_build_filename (g_getenv ("G_TEST_BUILDDIR") ? g_getenv ("G_TEST_BUILDDIR") : ".",
                               "screenshots", "segment-builder", NULL);
  f->store = aud_store_open (f->path, &error);
  g_assert_no_error (error);

  describe = aud_describe_new_from_data (json, -1, NULL, &error);
  g_assert_no_error (error);
  aud_describe_save (describe, f->store, &error);
  g_assert_no_error (error);
  f->audience = aud_audience_create (f->store, "EMEA Contacts", "Contact", &error);
  g_assert_no_error (error);
  aud_mapping_set_mapped (f->audience, mapped_fields, TRUE, &n, &error);
  g_assert_no_error (error);

  source_id = aud_audience_get_source_id (f->audience, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < G_N_ELEMENTS (records); i++)
    {
      gboolean created;

      aud_store_upsert_source_record (f->store, source_id, records[i].id, "2026-01-01T00:00:00.000+0000",
                                      FALSE, records[i].json, &created, &error);
      g_assert_no_error (error);
    }
}

static void
close_builder (Fixture *f)
{
  if (f->window == NULL)
    return;
  gtk_window_destroy (f->window);
  f->window = NULL;
  f->builder = NULL;
  aud_test_iterate_for (50);
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  g_autoptr(GDir) d = NULL;
  const char *name;

  close_builder (f);
  g_clear_object (&f->audience);
  g_clear_object (&f->store);
  d = g_dir_open (f->dir, 0, NULL);
  while (d != NULL && (name = g_dir_read_name (d)) != NULL)
    {
      g_autofree char *child = g_build_filename (f->dir, name, NULL);
      g_unlink (child);
    }
  g_rmdir (f->dir);
  g_free (f->dir);
  g_free (f->path);
  g_free (f->shots);
}

static void
open_builder (Fixture *f)
{
  f->window = GTK_WINDOW (adw_window_new ());
  gtk_window_set_default_size (f->window, 1000, 640);
  f->builder = AUD_SEGMENT_BUILDER (aud_segment_builder_new ());
  adw_window_set_content (ADW_WINDOW (f->window), GTK_WIDGET (f->builder));
  gtk_window_present (f->window);
  aud_segment_builder_set_audience (f->builder, f->audience);
}

/* Iterates until the live count is `expected` (the count runs in a thread after a debounce). */
static void
wait_for_count (Fixture *f,
                gint64   expected)
{
  gint64 deadline = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;

  while (aud_segment_builder_get_count (f->builder) != expected && g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, TRUE);

  if (aud_segment_builder_get_count (f->builder) != expected)
    g_error ("count stayed %" G_GINT64_FORMAT " (problem: %s), expected %" G_GINT64_FORMAT,
             aud_segment_builder_get_count (f->builder),
             aud_segment_builder_get_problem (f->builder), expected);
}

static void
wait_for_problem (Fixture *f)
{
  gint64 deadline = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;

  while (aud_segment_builder_get_problem (f->builder) == NULL && g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, TRUE);
  g_assert_nonnull (aud_segment_builder_get_problem (f->builder));
}

/* Depth-first: the `nth` (0-based) descendant of `root` with the widget name `name`. */
static GtkWidget *
find_named (GtkWidget  *root,
            const char *name,
            guint      *nth)
{
  for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL; child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found;

      if (g_strcmp0 (gtk_widget_get_name (child), name) == 0)
        {
          if (*nth == 0)
            return child;
          (*nth)--;
        }
      found = find_named (child, name, nth);
      if (found != NULL)
        return found;
    }
  return NULL;
}

static GtkWidget *
condition_widget (Fixture    *f,
                  const char *name,
                  guint       row)
{
  guint nth = row;
  GtkWidget *widget = find_named (GTK_WIDGET (f->builder), name, &nth);

  g_assert_nonnull (widget);
  return widget;
}

/* Picks the item whose text is `label`, as a person would in the drop-down. */
static void
select_label (GtkWidget  *dropdown,
              const char *label)
{
  GListModel *model = gtk_drop_down_get_model (GTK_DROP_DOWN (dropdown));

  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    if (g_strcmp0 (gtk_string_list_get_string (GTK_STRING_LIST (model), i), label) == 0)
      {
        gtk_drop_down_set_selected (GTK_DROP_DOWN (dropdown), i);
        return;
      }
  g_error ("no item “%s” in the drop-down", label);
}

static void
set_condition (Fixture    *f,
               guint       row,
               const char *field,
               const char *op,
               const char *value)
{
  select_label (condition_widget (f, "field", row), field);
  select_label (condition_widget (f, "operator", row), op);
  gtk_editable_set_text (GTK_EDITABLE (condition_widget (f, "value", row)), value);
}

static GtkWidget *
find_by_type (GtkWidget *root,
              GType      type)
{
  for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL; child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = G_TYPE_CHECK_INSTANCE_TYPE (child, type) ? child : find_by_type (child, type);
      if (found != NULL)
        return found;
    }
  return NULL;
}

/* The preview's rows and its column titles ("First Name|Last Name|…"). */
static guint
preview_rows (Fixture  *f,
              char    **titles)
{
  GtkColumnView *view = GTK_COLUMN_VIEW (find_by_type (GTK_WIDGET (f->builder), GTK_TYPE_COLUMN_VIEW));
  GListModel *columns = gtk_column_view_get_columns (view);
  g_autoptr(GString) s = g_string_new (NULL);

  for (guint i = 0; i < g_list_model_get_n_items (columns); i++)
    {
      g_autoptr(GtkColumnViewColumn) column = g_list_model_get_item (columns, i);
      g_string_append_printf (s, "%s%s", i > 0 ? "|" : "", gtk_column_view_column_get_title (column));
    }
  *titles = g_string_free (g_steal_pointer (&s), FALSE);
  return g_list_model_get_n_items (G_LIST_MODEL (gtk_column_view_get_model (view)));
}

static void
test_build_save_find (Fixture       *f,
                      gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) saved = NULL;
  g_autoptr(AudSegment) found = NULL;
  g_autofree char *definition = NULL;
  g_autofree char *titles = NULL;

  open_builder (f);
  /* A new segment is the whole audience. */
  wait_for_count (f, 5);
  aud_test_save_shot (GTK_WIDGET (f->window), f->shots, "0-new");

  gtk_widget_activate_action (GTK_WIDGET (f->builder), "segment.add-condition", NULL);
  set_condition (f, 0, "Title", "contains", "VP");
  /* VP Sales, vp marketing, Head of VP Relations: case does not matter. */
  wait_for_count (f, 3);

  gtk_widget_activate_action (GTK_WIDGET (f->builder), "segment.add-condition", NULL);
  set_condition (f, 1, "Score", "≥", "");
  /* An empty value is a problem shown at once, not "0 records". */
  wait_for_problem (f);
  g_assert_nonnull (strstr (aud_segment_builder_get_problem (f->builder), "Condition 2"));
  g_assert_cmpint (aud_segment_builder_get_count (f->builder), ==, -1);
  aud_test_iterate_for (100);
  aud_test_save_shot (GTK_WIDGET (f->window), f->shots, "1-problem");
  gtk_editable_set_text (GTK_EDITABLE (condition_widget (f, "value", 1)), "70");
  wait_for_count (f, 2);
  g_assert_null (aud_segment_builder_get_problem (f->builder));
  /* The preview lists the two records, with who they are and the fields the conditions use. */
  g_assert_cmpuint (preview_rows (f, &titles), ==, 2);
  g_assert_cmpstr (titles, ==, "First Name|Last Name|Email|Title|Score");

  gtk_editable_set_text (GTK_EDITABLE (condition_widget (f, "name", 0)), "EMEA VPs");
  aud_test_iterate_for (100);
  aud_test_save_shot (GTK_WIDGET (f->window), f->shots, "2-two-conditions");
  gtk_widget_activate_action (GTK_WIDGET (f->builder), "segment.save", NULL);

  /* The index for "Score ≥ 70" is built in a thread after the save. */
  {
    gint64 deadline = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;
    g_auto(GStrv) indexes = NULL;

    do
      {
        g_clear_pointer (&indexes, g_strfreev);
        g_main_context_iteration (NULL, FALSE);
        indexes = aud_segment_index_list (f->store, &error);
        g_assert_no_error (error);
      }
    while (!g_strv_contains ((const char * const *) indexes, "Score__c") && g_get_monotonic_time () < deadline);
    g_assert_true (g_strv_contains ((const char * const *) indexes, "Score__c"));
  }

  saved = aud_segment_list (f->audience, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (saved->len, ==, 1);
  g_assert_cmpstr (aud_segment_get_name (g_ptr_array_index (saved, 0)), ==, "EMEA VPs");
  g_assert_cmpuint (aud_segment_node_count_conditions (aud_segment_get_root (g_ptr_array_index (saved, 0))), ==, 2);

  /* Restart: a new widget on a reopened workspace finds the segment and its count. */
  g_clear_pointer (&saved, g_ptr_array_unref);
  close_builder (f);
  g_clear_object (&f->audience);
  g_assert_finalize_object (f->store);
  f->store = aud_store_open (f->path, &error);
  g_assert_no_error (error);
  f->audience = aud_audience_lookup (f->store, "EMEA Contacts", &error);
  g_assert_no_error (error);

  open_builder (f);
  wait_for_count (f, 5);
  g_assert_true (aud_segment_builder_open (f->builder, "emea vps"));
  wait_for_count (f, 2);
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (condition_widget (f, "value", 0))), ==, "VP");
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (condition_widget (f, "value", 1))), ==, "70");
  found = g_object_ref (aud_segment_builder_get_segment (f->builder));
  g_assert_cmpstr (aud_segment_get_name (found), ==, "EMEA VPs");
  definition = aud_segment_node_to_json (aud_segment_get_root (found));
  g_test_message ("%s", definition);
  aud_test_iterate_for (100);
  aud_test_save_shot (GTK_WIDGET (f->window), f->shots, "3-reopened");

  /* Switching all → any recounts: VPs or score ≥ 70. */
  select_label (condition_widget (f, "match", 0), "any of the conditions");
  wait_for_count (f, 4);

  /* A sync brings a new VP: the page asks for a recount and the count follows. */
  {
    gint64 source_id = aud_audience_get_source_id (f->audience, &error);
    gboolean created;

    g_assert_no_error (error);
    aud_store_upsert_source_record (f->store, source_id, "003000000000006", "2026-02-01T00:00:00.000+0000", FALSE,
                                    "{\"FirstName\":\"Ola\",\"Title\":\"SVP Sales\",\"Score__c\":10}",
                                    &created, &error);
    g_assert_no_error (error);
    aud_segment_builder_recount (f->builder);
    wait_for_count (f, 5);
  }
}

static char *
saved_names (Fixture *f)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) segments = aud_segment_list (f->audience, &error);
  g_autoptr(GString) names = g_string_new (NULL);

  g_assert_no_error (error);
  for (guint i = 0; i < segments->len; i++)
    g_string_append_printf (names, "%s%s", i > 0 ? "|" : "", aud_segment_get_name (g_ptr_array_index (segments, i)));
  return g_string_free (g_steal_pointer (&names), FALSE);
}

static AdwMessageDialog *
find_dialog (void)
{
  GListModel *toplevels = gtk_window_get_toplevels ();   /* transfer none */

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GObject) window = g_list_model_get_item (toplevels, i);
      if (ADW_IS_MESSAGE_DIALOG (window))
        return ADW_MESSAGE_DIALOG (window);
    }
  return NULL;
}

static void
test_duplicate_rename_delete (Fixture       *f,
                              gconstpointer  data)
{
  g_autofree char *after_duplicate = NULL;
  g_autofree char *after_rename = NULL;
  g_autofree char *after_delete = NULL;
  AdwMessageDialog *dialog;

  open_builder (f);
  wait_for_count (f, 5);
  gtk_widget_activate_action (GTK_WIDGET (f->builder), "segment.add-condition", NULL);
  set_condition (f, 0, "Email Opt Out", "is false", "");
  wait_for_count (f, 4);
  gtk_editable_set_text (GTK_EDITABLE (condition_widget (f, "name", 0)), "Emailable");
  gtk_widget_activate_action (GTK_WIDGET (f->builder), "segment.save", NULL);

  /* Duplicate opens the copy, with the same conditions and count. */
  gtk_widget_activate_action (GTK_WIDGET (f->builder), "segment.duplicate", NULL);
  after_duplicate = saved_names (f);
  g_assert_cmpstr (after_duplicate, ==, "Emailable|Emailable (copy)");
  g_assert_cmpstr (aud_segment_get_name (aud_segment_builder_get_segment (f->builder)), ==, "Emailable (copy)");
  wait_for_count (f, 4);

  gtk_editable_set_text (GTK_EDITABLE (condition_widget (f, "name", 0)), "Emailable, France");
  gtk_widget_activate_action (GTK_WIDGET (f->builder), "segment.rename", NULL);
  after_rename = saved_names (f);
  g_assert_cmpstr (after_rename, ==, "Emailable|Emailable, France");

  /* Renaming onto a taken name is refused, with the reason on screen. */
  gtk_editable_set_text (GTK_EDITABLE (condition_widget (f, "name", 0)), "EMAILABLE");
  gtk_widget_activate_action (GTK_WIDGET (f->builder), "segment.rename", NULL);
  g_assert_true (gtk_widget_get_visible (condition_widget (f, "problem", 0)));
  g_assert_nonnull (strstr (gtk_label_get_text (GTK_LABEL (condition_widget (f, "problem", 0))), "already has"));

  /* Delete asks first; only "Delete" deletes. */
  gtk_widget_activate_action (GTK_WIDGET (f->builder), "segment.delete", NULL);
  dialog = find_dialog ();
  g_assert_nonnull (dialog);
  aud_test_iterate_for (100);
  aud_test_save_shot (GTK_WIDGET (dialog), f->shots, "5-delete-dialog");
  /* The dialog closes itself on a response. */
  adw_message_dialog_response (dialog, "delete");
  after_delete = saved_names (f);
  g_assert_cmpstr (after_delete, ==, "Emailable");
  /* Back to a new segment on the whole audience. */
  wait_for_count (f, 5);
}

static void
test_dark (Fixture       *f,
           gconstpointer  data)
{
  open_builder (f);
  adw_style_manager_set_color_scheme (adw_style_manager_get_default (), ADW_COLOR_SCHEME_FORCE_DARK);
  gtk_widget_activate_action (GTK_WIDGET (f->builder), "segment.add-condition", NULL);
  set_condition (f, 0, "Mailing Country", "is one of", "France, España");
  wait_for_count (f, 3);
  gtk_widget_activate_action (GTK_WIDGET (f->builder), "segment.add-condition", NULL);
  set_condition (f, 1, "Score", "is between", "50");
  gtk_editable_set_text (GTK_EDITABLE (condition_widget (f, "end-value", 1)), "90");
  wait_for_count (f, 2);
  aud_test_iterate_for (150);
  aud_test_save_shot (GTK_WIDGET (f->window), f->shots, "4-dark-range");
  adw_style_manager_set_color_scheme (adw_style_manager_get_default (), ADW_COLOR_SCHEME_DEFAULT);
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

  g_test_add ("/segment-builder/build-save-find", Fixture, NULL, fixture_setup, test_build_save_find, fixture_teardown);
  g_test_add ("/segment-builder/duplicate-rename-delete", Fixture, NULL, fixture_setup, test_duplicate_rename_delete,
              fixture_teardown);
  g_test_add ("/segment-builder/dark-range", Fixture, NULL, fixture_setup, test_dark, fixture_teardown);

  return g_test_run ();
}
