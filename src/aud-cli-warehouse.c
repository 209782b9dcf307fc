/* aud-cli-warehouse.c — `audiences warehouse add|preview|sync`, headless
 *
 * The password never goes on the command line (it would show in `ps` and shell history): it is
 * read from standard input with --password-stdin, or taken from the keyring, where `add` keeps
 * it.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>
#include <stdio.h>
#include <string.h>

#include "aud-cli-private.h"

#ifdef AUD_HAVE_ODBC
#include "aud-audience.h"
#include "aud-csv-fields.h"
#include "aud-warehouse-job.h"
#include "aud-warehouse-reader.h"
#include "aud-warehouse-source.h"
#include "aud-warehouse-vault.h"

static char *
read_password_stdin (void)
{
  char buf[1024];
  gsize len;

  if (fgets (buf, sizeof buf, stdin) == NULL)
    return g_strdup ("");
  len = strcspn (buf, "\r\n");
  buf[len] = '\0';
  {
    char *password = g_strdup (buf);
    memset (buf, 0, sizeof buf);
    return password;
  }
}

/* From stdin when asked, else the keyring; NULL when neither has one (trust auth, DSN). */
static char *
get_password (const char *connection,
              gboolean    from_stdin)
{
  g_autoptr(GError) error = NULL;
  char *password;

  if (from_stdin)
    return read_password_stdin ();
  password = aud_warehouse_vault_lookup (connection, 0, NULL, &error);
  if (error != NULL)
    g_printerr (_("Could not read the password from the keyring (%s); trying without one.\n"), error->message);
  return password;
}

static void
wipe (char *password)
{
  if (password != NULL)
    memset (password, 0, strlen (password));
  g_free (password);
}

static void
print_preview (AudWarehouseReader *reader,
               GPtrArray          *rows)
{
  guint n = aud_warehouse_reader_get_n_columns (reader);

  g_print (_("Columns:\n"));
  for (guint i = 0; i < n; i++)
    {
      const AudWarehouseColumn *column = aud_warehouse_reader_get_column (reader, i);
      g_print ("  %s\t%s\n", column->name, aud_warehouse_value_kind_to_string (column->kind));
    }
  g_print (_("First %u rows:\n"), rows->len);
  for (guint r = 0; r < rows->len; r++)
    {
      GPtrArray *row = g_ptr_array_index (rows, r);

      for (guint i = 0; i < row->len; i++)
        {
          const char *v = g_ptr_array_index (row, i);
          g_print ("%s%s", i > 0 ? "\t" : "  ", v != NULL ? v : "NULL");
        }
      g_print ("\n");
    }
}

static gboolean
parse_maps (AudWarehouseSettings  *settings,
            GStrv                  maps,
            GError               **error)
{
  for (guint i = 0; maps != NULL && maps[i] != NULL; i++)
    {
      g_auto(GStrv) parts = g_strsplit (maps[i], "=", 2);

      if (parts[0] == NULL || parts[1] == NULL || *parts[0] == '\0' || *parts[1] == '\0')
        {
          g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                       _("--map takes COLUMN=Field, not “%s”."), maps[i]);
          return FALSE;
        }
      aud_warehouse_settings_add_map (settings, parts[0], parts[1]);
    }
  return TRUE;
}

/* No --map: each column goes to the audience field the CSV importer would pick for it. */
static gboolean
propose_mapping (AudWarehouseSettings  *settings,
                 AudWarehouseReader    *reader,
                 AudAudience           *audience,
                 GError               **error)
{
  g_auto(AudCsvFieldList) fields = { 0 };
  g_autoptr(GPtrArray) columns = g_ptr_array_new ();
  g_autofree int *match = NULL;

  if (!aud_csv_field_list_load (&fields, audience, error))
    return FALSE;
  for (guint i = 0; i < aud_warehouse_reader_get_n_columns (reader); i++)
    g_ptr_array_add (columns, aud_warehouse_reader_get_column (reader, i)->name);
  match = aud_csv_field_list_propose (&fields, (const char * const *) columns->pdata, columns->len);

  g_printerr (_("Mapping the columns by name:\n"));
  for (guint i = 0; i < columns->len; i++)
    {
      const char *column = g_ptr_array_index (columns, i);

      if (match[i] < 0)
        {
          g_printerr (_("  %s → (not imported)\n"), column);
          continue;
        }
      g_printerr ("  %s → %s\n", column, (const char *) g_ptr_array_index (fields.names, match[i]));
      aud_warehouse_settings_add_map (settings, column, g_ptr_array_index (fields.names, match[i]));
    }
  if (settings->columns->len == 0)
    {
      g_set_error_literal (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                           _("No column looks like one of the audience’s fields. Name them with --map COLUMN=Field."));
      return FALSE;
    }
  return TRUE;
}

static int
run_add_or_preview (AudCliContext *ctx,
                    gboolean       add,
                    int            argc,
                    char         **argv)
{
  g_autoptr(GOptionContext) options = g_option_context_new (add ? "add" : "preview");
  g_autoptr(GError) error = NULL;
  g_autoptr(AudAudience) audience = NULL;
  g_autoptr(AudWarehouseSettings) settings = aud_warehouse_settings_new ();
  g_autoptr(AudWarehouseReader) reader = NULL;
  g_autoptr(GPtrArray) rows = NULL;
  g_autofree char *name = NULL;
  g_autofree char *source = NULL;
  g_auto(GStrv) maps = NULL;
  char *password = NULL;
  gboolean from_stdin = FALSE;
  int limit = 10;
  const GOptionEntry entries[] = {
    { "audience", 'a', 0, G_OPTION_ARG_STRING, &name, N_("The audience the source feeds"), N_("NAME") },
    { "dsn", 0, 0, G_OPTION_ARG_STRING, &settings->connection, N_("An ODBC DSN, or a driver connection string without the password"), N_("DSN") },
    { "table", 0, 0, G_OPTION_ARG_STRING, &settings->table, N_("Read this table"), N_("TABLE") },
    { "query", 0, 0, G_OPTION_ARG_STRING, &settings->query, N_("Read the rows of this SELECT"), N_("SQL") },
    { "id-column", 0, 0, G_OPTION_ARG_STRING, &settings->id_column, N_("The column that identifies a row"), N_("COLUMN") },
    { "updated-at-column", 0, 0, G_OPTION_ARG_STRING, &settings->updated_at_column, N_("A column holding when a row last changed, for incremental syncs"), N_("COLUMN") },
    { "map", 'm', 0, G_OPTION_ARG_STRING_ARRAY, &maps, N_("Read column COLUMN into field Field; repeat for each column (default: match by name)"), N_("COLUMN=Field") },
    { "source", 's', 0, G_OPTION_ARG_STRING, &source, N_("Name of the source (default: the table, or “query”)"), N_("SOURCE") },
    { "password-stdin", 0, 0, G_OPTION_ARG_NONE, &from_stdin, N_("Read the password from standard input (default: the keyring)"), NULL },
    { "rows", 0, 0, G_OPTION_ARG_INT, &limit, N_("Rows to preview (default: 10)"), N_("N") },
    { NULL }
  };
  AudStore *store;

  g_option_context_add_main_entries (options, entries, GETTEXT_PACKAGE);
  g_option_context_set_summary (options, add
    ? _("Add a warehouse table or SELECT as a source of an audience. Only reads: anything but a "
        "table name or one SELECT is refused. The password goes to the keyring.")
    : _("Show the columns with their types and the first rows of a warehouse table or SELECT."));
  if (!aud_cli_parse (ctx, options, &argc, &argv))
    return AUD_CLI_EXIT_USAGE;
  if ((add && name == NULL) || settings->connection == NULL || (settings->table == NULL) == (settings->query == NULL))
    {
      g_autofree char *help = g_option_context_get_help (options, TRUE, NULL);
      g_printerr ("%s", help);
      return AUD_CLI_EXIT_USAGE;
    }
  if (settings->id_column == NULL && !add)
    settings->id_column = g_strdup ("id");   /* a preview needs no key */
  if (!parse_maps (settings, maps, &error))
    {
      aud_cli_error (ctx, "%s", error->message);
      return AUD_CLI_EXIT_USAGE;
    }
  if (!aud_warehouse_settings_validate (settings, &error))
    return aud_cli_fail (ctx, error);

  password = get_password (settings->connection, from_stdin);
  reader = aud_warehouse_reader_connect (settings->connection, password, &error);
  if (reader != NULL)
    rows = aud_warehouse_preview (reader, settings, MAX (limit, 1), &error);
  if (rows == NULL)
    {
      wipe (password);
      return aud_cli_fail (ctx, error);
    }
  print_preview (reader, rows);
  if (!add)
    {
      wipe (password);
      return AUD_CLI_EXIT_OK;
    }

  if (aud_warehouse_reader_find_column (reader, settings->id_column) < 0 ||
      (settings->updated_at_column != NULL && aud_warehouse_reader_find_column (reader, settings->updated_at_column) < 0))
    {
      wipe (password);
      aud_cli_error (ctx, _("The id or updated-at column is not among the columns above. Pick one of them."));
      return AUD_CLI_EXIT_USAGE;
    }

  store = aud_cli_open_store (ctx, &error);
  if (store == NULL)
    {
      wipe (password);
      return aud_cli_fail (ctx, error);
    }
  audience = aud_audience_lookup (store, name, &error);
  if (audience == NULL ||
      (settings->columns->len == 0 && !propose_mapping (settings, reader, audience, &error)))
    {
      wipe (password);
      return aud_cli_fail (ctx, error);
    }
  if (source == NULL)
    source = g_strdup (settings->table != NULL ? settings->table : "query");
  if (aud_warehouse_source_save (store, aud_audience_get_object (audience), source, settings,
                                 aud_audience_get_id (audience), &error) < 0)
    {
      wipe (password);
      return aud_cli_fail (ctx, error);
    }
  if (password != NULL && *password != '\0' &&
      !aud_warehouse_vault_store (settings->connection, password, 0, NULL, &error))
    g_printerr (_("The password could not be kept in the keyring (%s). Pass it with --password-stdin "
                  "when syncing.\n"), error->message);
  wipe (password);

  g_print (_("Added warehouse source “%s” to “%s”. Sync it with “audiences warehouse sync --audience %s”.\n"),
           source, aud_audience_get_name (audience), aud_audience_get_name (audience));
  return AUD_CLI_EXIT_OK;
}

static int
run_sync (AudCliContext *ctx,
          int            argc,
          char         **argv)
{
  g_autoptr(GOptionContext) options = g_option_context_new ("sync");
  g_autoptr(GError) error = NULL;
  g_autoptr(GError) wh_error = NULL;
  g_autoptr(AudAudience) audience = NULL;
  g_autoptr(AudWarehouseSettings) settings = NULL;
  g_autoptr(AudSyncResult) result = NULL;
  g_autofree char *name = NULL;
  g_autofree char *source = NULL;
  char *password = NULL;
  gboolean from_stdin = FALSE;
  gboolean full = FALSE;
  AudSyncOptions sync_options;
  const GOptionEntry entries[] = {
    { "audience", 'a', 0, G_OPTION_ARG_STRING, &name, N_("The audience whose warehouse source to sync"), N_("NAME") },
    { "source", 's', 0, G_OPTION_ARG_STRING, &source, N_("Which warehouse source, when it has several"), N_("SOURCE") },
    { "full", 0, 0, G_OPTION_ARG_NONE, &full, N_("Read every row again instead of only changes"), NULL },
    { "password-stdin", 0, 0, G_OPTION_ARG_NONE, &from_stdin, N_("Read the password from standard input (default: the keyring)"), NULL },
    { NULL }
  };
  AudStore *store;
  gint64 source_id;

  g_option_context_add_main_entries (options, entries, GETTEXT_PACKAGE);
  if (!aud_cli_parse (ctx, options, &argc, &argv))
    return AUD_CLI_EXIT_USAGE;
  if (name == NULL)
    {
      g_autofree char *help = g_option_context_get_help (options, TRUE, NULL);
      g_printerr ("%s", help);
      return AUD_CLI_EXIT_USAGE;
    }

  store = aud_cli_open_store (ctx, &error);
  if (store == NULL ||
      (audience = aud_audience_lookup (store, name, &error)) == NULL ||
      (source_id = aud_warehouse_source_find (store, aud_audience_get_id (audience), source, &error)) < 0 ||
      (settings = aud_warehouse_source_load (store, source_id, &error)) == NULL)
    return aud_cli_fail (ctx, error);

  aud_sync_options_init (&sync_options);
  sync_options.force_full = full;
  password = get_password (settings->connection, from_stdin);
  result = aud_warehouse_job_run_with_password (store, source_id, password, &sync_options, NULL, NULL, NULL,
                                                &wh_error, &error);
  wipe (password);
  if (result == NULL)
    return aud_cli_fail (ctx, error);

  g_print (_("%s sync of “%s”: %s — %lld read, %lld new, %lld updated, %lld unchanged, %lld removed.\n"),
           aud_sync_kind_to_string (result->kind), name, aud_sync_outcome_to_string (result->outcome),
           (long long) result->counts.fetched, (long long) result->counts.created,
           (long long) result->counts.updated, (long long) result->counts.unchanged,
           (long long) result->counts.deleted);
  if (result->outcome != AUD_SYNC_OUTCOME_SUCCEEDED)
    {
      aud_cli_error (ctx, "%s", result->message);
      return AUD_CLI_EXIT_FAILURE;
    }
  return AUD_CLI_EXIT_OK;
}
#endif

int
aud_cli_warehouse_run (AudCliContext  *ctx,
                       int             argc,
                       char          **argv)
{
  const char *sub = argc >= 2 ? argv[1] : NULL;

#ifdef AUD_HAVE_ODBC
  if (g_strcmp0 (sub, "add") == 0 || g_strcmp0 (sub, "preview") == 0)
    return run_add_or_preview (ctx, g_str_equal (sub, "add"), argc - 1, argv + 1);
  if (g_strcmp0 (sub, "sync") == 0)
    return run_sync (ctx, argc - 1, argv + 1);
  g_printerr (_("Usage: audiences warehouse add|preview|sync [OPTION…]; add --help to a subcommand for its options.\n"));
  return AUD_CLI_EXIT_USAGE;
#else
  (void) sub;
  aud_cli_error (ctx, _("This build of Audiences has no ODBC support. Install unixodbc-dev and build it again."));
  return AUD_CLI_EXIT_FAILURE;
#endif
}
