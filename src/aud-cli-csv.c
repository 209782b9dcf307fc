/* aud-cli-csv.c — `audiences import-csv` and `audiences export-csv`, headless
 *
 * Import: the columns map to the audience's mapped fields given with --map, or as saved by the
 * source's last import, or else as the column matcher proposes (printed, so a script's log shows
 * what was assumed). Field lengths come from the cached describe, when there is one.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <gio/gunixoutputstream.h>
#include <glib/gi18n.h>
#include <json-glib/json-glib.h>
#include <string.h>
#include <unistd.h>

#include "aud-audience.h"
#include "aud-cli-csv.h"
#include "aud-csv-fields.h"
#include "aud-csv-import.h"
#include "aud-csv-source.h"
#include "aud-entity-store.h"
#include "aud-segment-query.h"

/* Report this many bad rows on the terminal; the rest are counted. */
#define MAX_PRINTED_PROBLEMS 50

/* The file's header, to propose a mapping. */
static GStrv
read_columns (GFile         *file,
              const char    *encoding,
              GError       **error)
{
  g_autoptr(GFileInputStream) stream = g_file_read (file, NULL, error);
  g_autoptr(AudCsvReader) reader = NULL;

  if (stream == NULL)
    return NULL;

  reader = aud_csv_reader_new (G_INPUT_STREAM (stream));
  aud_csv_reader_set_header_mode (reader, AUD_CSV_HEADER_YES);
  if (encoding != NULL)
    aud_csv_reader_set_encoding (reader, aud_csv_encoding_from_string (encoding));
  if (!aud_csv_reader_open (reader, NULL, error))
    return NULL;

  return g_strdupv ((char **) aud_csv_reader_get_columns (reader));
}

static gboolean
propose_mapping (AudCsvFieldList  *fields,
                 GFile           *file,
                 const char      *encoding,
                 GArray          *map,
                 GError         **error)
{
  g_auto(GStrv) columns = read_columns (file, encoding, error);
  g_autofree int *match = NULL;
  guint n_columns;

  if (columns == NULL)
    return FALSE;

  n_columns = g_strv_length (columns);
  match = aud_csv_field_list_propose (fields, (const char * const *) columns, n_columns);

  for (guint c = 0; c < n_columns; c++)
    {
      AudCsvColumnMap entry;

      if (match[c] < 0)
        {
          g_printerr (_("  %s → (not imported)\n"), columns[c]);
          continue;
        }
      entry.column = g_strdup (columns[c]);
      entry.field = g_ptr_array_index (fields->names, match[c]);
      entry.max_length = g_array_index (fields->lengths, guint, match[c]);
      g_printerr ("  %s → %s\n", entry.column, entry.field);
      g_array_append_val (map, entry);
    }

  if (map->len == 0)
    {
      g_set_error_literal (error, AUD_CSV_ERROR, AUD_CSV_ERROR_UNKNOWN_COLUMN,
                           _("No column of the file looks like one of the audience’s fields. "
                             "Name them with --map COLUMN=Field."));
      return FALSE;
    }

  return TRUE;
}

static void
map_entry_clear (gpointer data)
{
  AudCsvColumnMap *entry = data;

  g_free ((char *) entry->column);
}

static gboolean
parse_map_options (AudCsvFieldList  *fields,
                   char           **maps,
                   GArray          *map,
                   GError         **error)
{
  for (guint i = 0; maps != NULL && maps[i] != NULL; i++)
    {
      const char *eq = strrchr (maps[i], '=');
      g_autofree char *field = NULL;
      AudCsvColumnMap entry;
      int index;

      if (eq == NULL || eq == maps[i] || eq[1] == '\0')
        {
          g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                       _("“--map %s” is not COLUMN=Field, e.g. --map \"E-mail=Email\"."), maps[i]);
          return FALSE;
        }

      field = g_strdup (eq + 1);
      index = aud_csv_field_list_find (fields, field);
      if (index < 0)
        {
          g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                       _("%s is not a mapped field of the audience. Map it first with "
                         "“audiences mapping” or the Audiences page."),
                       field);
          return FALSE;
        }

      entry.column = g_strndup (maps[i], (gsize) (eq - maps[i]));
      entry.field = g_ptr_array_index (fields->names, index);
      entry.max_length = g_array_index (fields->lengths, guint, index);
      g_array_append_val (map, entry);
    }

  return TRUE;
}

static void
print_progress (const AudCsvImportProgress *progress,
                gpointer                    user_data)
{
  g_printerr ("\r\033[K");
  g_printerr (_("%llu rows, %.0f rows/s"), (unsigned long long) progress->rows, progress->rows_per_second);
  if (progress->eta_seconds >= 0)
    g_printerr (_(", about %.0f s left"), progress->eta_seconds);
}

static void
print_problems (AudCsvImport *import)
{
  GPtrArray *problems = aud_csv_import_get_problems (import);

  for (guint i = 0; i < problems->len && i < MAX_PRINTED_PROBLEMS; i++)
    g_printerr ("  %s\n", ((AudCsvProblem *) g_ptr_array_index (problems, i))->message);
  if (aud_csv_import_get_n_skipped (import) > MAX_PRINTED_PROBLEMS)
    g_printerr (_("  … and %llu more.\n"),
                (unsigned long long) (aud_csv_import_get_n_skipped (import) - MAX_PRINTED_PROBLEMS));
}

int
aud_cli_import_csv_run (AudCliContext  *ctx,
                        int             argc,
                        char          **argv)
{
  g_autoptr(GOptionContext) options = g_option_context_new (_("FILE"));
  g_autoptr(GError) error = NULL;
  g_autoptr(AudAudience) audience = NULL;
  g_autoptr(AudCsvImport) import = NULL;
  g_autoptr(GFile) file = NULL;
  g_autoptr(GArray) map = g_array_new (FALSE, TRUE, sizeof (AudCsvColumnMap));
  g_auto(AudCsvFieldList) fields = { 0 };
  g_autofree char *name = NULL;
  g_autofree char *id_column = NULL;
  g_autofree char *source = NULL;
  g_autofree char *encoding = NULL;
  g_auto(GStrv) maps = NULL;
  gboolean skip = FALSE;
  gboolean fingerprint = FALSE;
  const GOptionEntry entries[] = {
    { "audience", 'a', 0, G_OPTION_ARG_STRING, &name, N_("The audience to add the file to"), N_("NAME") },
    { "map", 'm', 0, G_OPTION_ARG_STRING_ARRAY, &maps, N_("Import column COLUMN into field Field; repeat it for each column to import (default: match by name)"), N_("COLUMN=Field") },
    { "id-column", 'i', 0, G_OPTION_ARG_STRING, &id_column, N_("The column that identifies a row across imports"), N_("COLUMN") },
    { "fingerprint", 0, 0, G_OPTION_ARG_NONE, &fingerprint, N_("Identify rows by their content instead of an id column"), NULL },
    { "skip-bad-rows", 0, 0, G_OPTION_ARG_NONE, &skip, N_("Import the good rows and report the bad ones (default: import nothing)"), NULL },
    { "source", 's', 0, G_OPTION_ARG_STRING, &source, N_("Name of the source (default: the file name)"), N_("SOURCE") },
    { "encoding", 0, 0, G_OPTION_ARG_STRING, &encoding, N_("UTF-8, UTF-16LE, UTF-16BE or Windows-1252 (default: detect)"), N_("ENCODING") },
    { NULL }
  };
  AudStore *store;

  g_array_set_clear_func (map, map_entry_clear);
  g_option_context_set_summary (options,
    _("Import a CSV file as a source of an audience. Importing the same or an updated file again "
      "updates that source instead of adding copies. The import is all or nothing unless "
      "--skip-bad-rows is given."));
  g_option_context_add_main_entries (options, entries, GETTEXT_PACKAGE);
  if (!aud_cli_parse (ctx, options, &argc, &argv))
    return AUD_CLI_EXIT_USAGE;
  if (name == NULL || argc != 2 || (fingerprint && id_column != NULL))
    return aud_cli_usage (options);
  if (encoding != NULL && aud_csv_encoding_from_string (encoding) == AUD_CSV_ENCODING_AUTO)
    {
      aud_cli_error (ctx, _("Unknown encoding “%s”: use UTF-8, UTF-16LE, UTF-16BE or Windows-1252."), encoding);
      return AUD_CLI_EXIT_USAGE;
    }

  store = aud_cli_open_store (ctx, &error);
  if (store == NULL)
    return aud_cli_fail (ctx, error);
  audience = aud_audience_lookup (store, name, &error);
  if (audience == NULL || !aud_csv_field_list_load (&fields, audience, &error))
    return aud_cli_fail (ctx, error);

  if (!parse_map_options (&fields, maps, map, &error))
    {
      aud_cli_error (ctx, "%s", error->message);
      return AUD_CLI_EXIT_USAGE;
    }

  file = g_file_new_for_commandline_arg (argv[1]);
  import = aud_csv_import_new (file, aud_audience_get_object (audience), source);
  aud_csv_import_set_audience_id (import, aud_audience_get_id (audience));
  aud_csv_import_set_bad_row_policy (import, skip ? AUD_CSV_BAD_ROWS_SKIP : AUD_CSV_BAD_ROWS_CANCEL);
  if (encoding != NULL)
    aud_csv_import_set_encoding (import, aud_csv_encoding_from_string (encoding));
  if (id_column != NULL || fingerprint)
    aud_csv_import_set_id_column (import, id_column);
  if (map->len > 0)
    aud_csv_import_set_mapping (import, (AudCsvColumnMap *) (gpointer) map->data, map->len);

  /* A re-import reuses what the last one of this source used, unless told otherwise. */
  if (!aud_csv_import_load_saved_settings (import, store, &error))
    return aud_cli_fail (ctx, error);
  if (map->len == 0 && aud_csv_import_get_n_mapped (import) == 0)
    {
      g_printerr (_("Mapping the columns by name:\n"));
      if (!propose_mapping (&fields, file, encoding, map, &error))
        return aud_cli_fail (ctx, error);
      aud_csv_import_set_mapping (import, (AudCsvColumnMap *) (gpointer) map->data, map->len);
    }

  if (isatty (STDERR_FILENO))
    aud_csv_import_set_progress_func (import, print_progress, NULL, NULL);

  if (!aud_csv_import_run (import, store, NULL, &error))
    {
      if (isatty (STDERR_FILENO))
        g_printerr ("\r\033[K");
      aud_cli_error (ctx, "%s", error->message);
      print_problems (import);
      return AUD_CLI_EXIT_FAILURE;
    }
  if (isatty (STDERR_FILENO))
    g_printerr ("\r\033[K");

  if (aud_csv_import_get_encoding_guessed (import))
    g_printerr (_("The file is not UTF-8 and was read as Windows-1252. If names look wrong, "
                  "import it again with --encoding.\n"));
  print_problems (import);

  g_print (_("Imported “%s” into “%s” (source “%s”): %llu new, %llu updated, %llu unchanged, "
             "%llu removed, %llu bad rows skipped.\n"),
           argv[1], aud_audience_get_name (audience), aud_csv_import_get_source_name (import),
           (unsigned long long) aud_csv_import_get_n_created (import),
           (unsigned long long) aud_csv_import_get_n_updated (import),
           (unsigned long long) aud_csv_import_get_n_unchanged (import),
           (unsigned long long) aud_csv_import_get_n_removed (import),
           (unsigned long long) aud_csv_import_get_n_skipped (import));

  return AUD_CLI_EXIT_OK;
}

typedef struct
{
  AudCsvFieldList *fields;
  AudCsvWriter    *writer;
  const char     **row;
  GError          *error;
} SegmentExport;

/* One segment record as a CSV row: its Salesforce id, then every mapped field's value as text. */
static gboolean
write_segment_row (const char *external_id,
                   const char *data,
                   gpointer    user_data)
{
  SegmentExport *export = user_data;
  g_autoptr(JsonNode) node = json_from_string (data, NULL);
  JsonObject *values = node != NULL && JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;
  g_autoptr(GPtrArray) texts = g_ptr_array_new_with_free_func (g_free);
  guint n = export->fields->names->len;

  export->row[0] = external_id;
  for (guint i = 0; i < n; i++)
    {
      JsonNode *value = values != NULL ? json_object_get_member (values, g_ptr_array_index (export->fields->names, i)) : NULL;
      char *text = NULL;

      if (value != NULL && JSON_NODE_HOLDS_VALUE (value))
        text = json_node_get_value_type (value) == G_TYPE_STRING ? g_strdup (json_node_get_string (value))
                                                                 : json_to_string (value, FALSE);
      g_ptr_array_add (texts, text);
      export->row[i + 1] = text;
    }

  return aud_csv_writer_write_row (export->writer, export->row, n + 1, NULL, &export->error);
}

static int
export_segment (AudCliContext   *ctx,
                AudStore        *store,
                AudAudience     *audience,
                AudCsvFieldList *fields,
                const char      *segment,
                const char      *path,
                gboolean         labels,
                gboolean         formulas)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(AudSegmentQuery) query = NULL;
  g_autoptr(GOutputStream) out = NULL;
  g_autoptr(AudCsvWriter) writer = NULL;
  g_autofree const char **row = NULL;
  SegmentExport export = { 0 };
  guint n = fields->names->len;

  query = aud_segment_query_new_for_saved (audience, segment, &error);
  if (query == NULL)
    return aud_cli_fail (ctx, error);

  out = aud_cli_open_output (path, &error);
  if (out == NULL)
    return aud_cli_fail (ctx, error);
  writer = aud_csv_writer_new (out);
  aud_csv_writer_set_neutralize_formulas (writer, !formulas);

  row = g_new0 (const char *, n + 1);
  row[0] = AUD_CSV_SOURCE_ID_COLUMN;
  for (guint i = 0; i < n; i++)
    row[i + 1] = g_ptr_array_index (labels ? fields->labels : fields->names, i);
  if (!aud_csv_writer_write_row (writer, row, n + 1, NULL, &error))
    return aud_cli_fail (ctx, error);

  export.fields = fields;
  export.writer = writer;
  export.row = row;
  if (!aud_segment_query_foreach (query, store, NULL, write_segment_row, &export, NULL, &error))
    return aud_cli_fail (ctx, error);
  if (export.error != NULL)
    {
      g_propagate_error (&error, export.error);
      return aud_cli_fail (ctx, error);
    }
  if (!aud_csv_writer_flush (writer, NULL, &error) || !g_output_stream_close (out, NULL, &error))
    return aud_cli_fail (ctx, error);

  if (!g_str_equal (path, "-"))
    g_printerr (_("Exported %llu records of the segment “%s” to %s.\n"),
                (unsigned long long) aud_csv_writer_get_n_rows (writer) - 1, segment, path);
  return AUD_CLI_EXIT_OK;
}

int
aud_cli_export_csv_run (AudCliContext  *ctx,
                        int             argc,
                        char          **argv)
{
  g_autoptr(GOptionContext) options = g_option_context_new (_("OUT.csv"));
  g_autoptr(GError) error = NULL;
  g_autoptr(AudAudience) audience = NULL;
  g_autoptr(GOutputStream) out = NULL;
  g_autoptr(AudCsvWriter) writer = NULL;
  g_auto(AudCsvFieldList) fields = { 0 };
  g_autofree char *name = NULL;
  g_autofree char *source = NULL;
  g_autofree char *segment = NULL;
  g_auto(GStrv) sources = NULL;
  g_auto(GStrv) present = NULL;
  g_autoptr(GPtrArray) columns = NULL;
  g_autoptr(GPtrArray) headers = NULL;
  gboolean labels = FALSE;
  gboolean formulas = FALSE;
  const GOptionEntry entries[] = {
    { "audience", 'a', 0, G_OPTION_ARG_STRING, &name, N_("The audience to export"), N_("NAME") },
    { "source", 's', 0, G_OPTION_ARG_STRING, &source, N_("Export this source’s records, each with its source record id (default: the audience’s unified records once matched)"), N_("SOURCE") },
    { "segment", 0, 0, G_OPTION_ARG_STRING, &segment, N_("Export the Salesforce records of this saved segment"), N_("NAME") },
    { "labels", 0, 0, G_OPTION_ARG_NONE, &labels, N_("Head the columns with field labels instead of API names"), NULL },
    { "allow-formulas", 0, 0, G_OPTION_ARG_NONE, &formulas, N_("Write values starting with = + - @ as they are (by default they get a leading ')"), NULL },
    { NULL }
  };
  AudStore *store;
  gint64 source_id;

  g_option_context_set_summary (options,
    _("Export an audience to CSV (UTF-8, RFC 4180), “-” for standard output: its unified records "
      "(one golden record per person or company, with its entity id) once “audiences match” has run, "
      "or one source’s records with --source."));
  g_option_context_add_main_entries (options, entries, GETTEXT_PACKAGE);
  if (!aud_cli_parse (ctx, options, &argc, &argv))
    return AUD_CLI_EXIT_USAGE;
  if (name == NULL || argc != 2)
    return aud_cli_usage (options);

  store = aud_cli_open_store (ctx, &error);
  if (store == NULL)
    return aud_cli_fail (ctx, error);
  audience = aud_audience_lookup (store, name, &error);
  if (audience == NULL || !aud_csv_field_list_load (&fields, audience, &error))
    return aud_cli_fail (ctx, error);

  if (segment != NULL)
    return export_segment (ctx, store, audience, &fields, segment, argv[1], labels, formulas);

  if (source == NULL)
    {
      AudEntityCounts counts = { 0 };

      if (!aud_entity_store_count (store, aud_audience_get_id (audience), &counts, &error))
        return aud_cli_fail (ctx, error);

      /* Matched: the audience is its entities, one golden record each. */
      if (counts.entities > 0)
        {
          out = aud_cli_open_output (argv[1], &error);
          if (out == NULL)
            return aud_cli_fail (ctx, error);
          writer = aud_csv_writer_new (out);
          aud_csv_writer_set_neutralize_formulas (writer, !formulas);
          if (!aud_entity_store_export_golden (store, aud_audience_get_id (audience), writer, NULL, &error) ||
              !g_output_stream_close (out, NULL, &error))
            return aud_cli_fail (ctx, error);
          if (!g_str_equal (argv[1], "-"))
            g_printerr (_("Exported %llu unified records of “%s” to %s.\n"),
                        (unsigned long long) aud_csv_writer_get_n_rows (writer) - 1, name, argv[1]);
          return AUD_CLI_EXIT_OK;
        }

      sources = aud_csv_source_list_audience_sources (store, aud_audience_get_id (audience), &error);
      if (sources == NULL)
        return aud_cli_fail (ctx, error);
      if (g_strv_length (sources) != 1)
        {
          g_autofree char *names = g_strjoinv (", ", sources);

          aud_cli_error (ctx, _("Choose the source to export with --source (the audience has: %s)."),
                         *names != '\0' ? names : _("no imported sources yet"));
          return AUD_CLI_EXIT_USAGE;
        }
      source = g_strdup (sources[0]);
    }

  source_id = aud_csv_source_find_for_audience (store, aud_audience_get_id (audience),
                                                aud_audience_get_object (audience), source, &error);
  if (source_id < 0)
    return aud_cli_fail (ctx, error);

  out = aud_cli_open_output (argv[1], &error);
  if (out == NULL)
    return aud_cli_fail (ctx, error);
  writer = aud_csv_writer_new (out);
  aud_csv_writer_set_neutralize_formulas (writer, !formulas);

  /* The fields this source holds, in the order it first had them, that the audience maps. */
  present = aud_csv_source_list_fields (store, source_id, &error);
  if (present == NULL)
    return aud_cli_fail (ctx, error);
  columns = g_ptr_array_new ();
  headers = g_ptr_array_new ();
  for (guint i = 0; present[i] != NULL; i++)
    {
      int index = aud_csv_field_list_find (&fields, present[i]);

      if (index < 0)
        continue;
      g_ptr_array_add (columns, present[i]);
      g_ptr_array_add (headers, g_ptr_array_index (labels ? fields.labels : fields.names, index));
    }
  g_ptr_array_add (columns, NULL);
  g_ptr_array_add (headers, NULL);

  if (!aud_csv_source_export (store, source_id, (const char * const *) columns->pdata,
                              (const char * const *) headers->pdata, writer, NULL, &error) ||
      !g_output_stream_close (out, NULL, &error))
    return aud_cli_fail (ctx, error);

  if (!g_str_equal (argv[1], "-"))
    g_printerr (_("Exported %llu records of “%s” to %s.\n"),
                (unsigned long long) aud_csv_writer_get_n_rows (writer) - 1, source, argv[1]);

  return AUD_CLI_EXIT_OK;
}
