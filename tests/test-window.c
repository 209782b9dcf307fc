/* test-window.c — the application window: five pages, navigation, remembered state
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gstdio.h>
#include <sqlite3.h>

#include "aud-application.h"
#include "aud-window.h"

static const char * const pages[] = { "connection", "audiences", "sync", "duplicates", "writeback" };

/* Each test gets its own application id: a registered GApplication keeps its D-Bus object path. */
static AudApplication *
make_app (const char *workspace)
{
  static guint n;
  g_autofree char *id = g_strdup_printf (APP_ID ".Test%u", ++n);
  AudApplication *app;
  g_autoptr(GError) error = NULL;

  g_setenv ("AUDIENCES_WORKSPACE", workspace, TRUE);
  app = g_object_new (AUD_TYPE_APPLICATION,
                      "application-id", id,
                      "flags", G_APPLICATION_NON_UNIQUE,
                      "resource-base-path", "/org/example/Audiences",
                      NULL);
  g_application_register (G_APPLICATION (app), NULL, &error);
  g_assert_no_error (error);
  return app;
}

static GtkWidget *
find_descendant (GtkWidget *widget,
                 GType      type)
{
  if (G_TYPE_CHECK_INSTANCE_TYPE (widget, type))
    return widget;

  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_descendant (child, type);
      if (found != NULL)
        return found;
    }

  return NULL;
}

static GtkStack *
find_stack_with_page (GtkWidget  *widget,
                      const char *page)
{
  if (GTK_IS_STACK (widget) && gtk_stack_get_child_by_name (GTK_STACK (widget), page) != NULL)
    return GTK_STACK (widget);

  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkStack *found = find_stack_with_page (child, page);
      if (found != NULL)
        return found;
    }

  return NULL;
}

static void
iterate (void)
{
  while (g_main_context_iteration (NULL, FALSE))
    ;
}

static void
test_pages_and_navigation (void)
{
  g_autofree char *dir = g_dir_make_tmp ("aud-window-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "ws.db", NULL);
  g_autoptr(AudApplication) app = make_app (path);
  g_autoptr(GSettings) settings = g_settings_new (APP_ID);
  AudWindow *window;
  AdwViewStack *stack;

  g_assert_nonnull (aud_application_get_store (app));

  window = aud_window_new (app);
  gtk_window_present (GTK_WINDOW (window));
  iterate ();

  stack = ADW_VIEW_STACK (find_descendant (GTK_WIDGET (window), ADW_TYPE_VIEW_STACK));
  g_assert_nonnull (stack);

  /* Five real pages, each with an empty state that says what to do next. */
  for (guint i = 0; i < G_N_ELEMENTS (pages); i++)
    {
      GtkWidget *page = adw_view_stack_get_child_by_name (stack, pages[i]);
      AdwStatusPage *status;

      g_assert_nonnull (page);
      status = ADW_STATUS_PAGE (find_descendant (page, ADW_TYPE_STATUS_PAGE));
      g_assert_nonnull (status);
      g_assert_cmpuint (strlen (adw_status_page_get_title (status)), >, 0);
      g_assert_cmpuint (strlen (adw_status_page_get_description (status)), >, 40);
    }

  /* Navigation by action, as Alt+1…5 and the empty-state buttons do; the page is remembered. */
  for (guint i = 0; i < G_N_ELEMENTS (pages); i++)
    {
      g_autofree char *last = NULL;

      g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.show-page", "s", pages[i]));
      g_assert_cmpstr (aud_window_get_page (window), ==, pages[i]);
      last = g_settings_get_string (settings, "last-page");
      g_assert_cmpstr (last, ==, pages[i]);
    }

  /* An unknown page name changes nothing. */
  aud_window_show_page (window, "nonsense");
  g_assert_cmpstr (aud_window_get_page (window), ==, "writeback");

  gtk_window_set_default_size (GTK_WINDOW (window), 900, 650);
  gtk_window_close (GTK_WINDOW (window));
  iterate ();
  g_assert_cmpint (g_settings_get_int (settings, "window-width"), ==, 900);
  g_assert_cmpint (g_settings_get_int (settings, "window-height"), ==, 650);

  /* A new window opens where the last one was left. */
  window = aud_window_new (app);
  g_assert_cmpstr (aud_window_get_page (window), ==, "writeback");
  {
    int w, h;
    gtk_window_get_default_size (GTK_WINDOW (window), &w, &h);
    g_assert_cmpint (w, ==, 900);
    g_assert_cmpint (h, ==, 650);
  }
  gtk_window_destroy (GTK_WINDOW (window));
  iterate ();
}

static void
test_workspace_error_is_shown (void)
{
  g_autofree char *dir = g_dir_make_tmp ("aud-window-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "ws.db", NULL);
  g_autoptr(AudApplication) app = NULL;
  AudWindow *window;
  GtkStack *main_stack;
  AdwStatusPage *status;
  sqlite3 *db;

  g_assert_cmpint (sqlite3_open (path, &db), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (db, "PRAGMA user_version = 9999", NULL, NULL, NULL), ==, SQLITE_OK);
  sqlite3_close (db);

  app = make_app (path);
  g_assert_null (aud_application_get_store (app));
  g_assert_nonnull (aud_application_get_store_error (app));

  window = aud_window_new (app);
  main_stack = find_stack_with_page (GTK_WIDGET (window), "error");
  g_assert_cmpstr (gtk_stack_get_visible_child_name (main_stack), ==, "error");
  status = ADW_STATUS_PAGE (gtk_stack_get_visible_child (main_stack));
  g_assert_nonnull (strstr (adw_status_page_get_description (status), "newer version of Audiences"));
  gtk_window_destroy (GTK_WINDOW (window));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  if (!gtk_init_check ())
    {
      g_print ("1..0 # SKIP no display\n");
      return 0;
    }
  adw_init ();

  g_test_add_func ("/window/pages-and-navigation", test_pages_and_navigation);
  g_test_add_func ("/window/workspace-error-is-shown", test_workspace_error_is_shown);

  return g_test_run ();
}
