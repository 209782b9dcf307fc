/* aud-cli-match.c — `audiences match` and `audiences entities`: match an audience, export results
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <gio/gunixoutputstream.h>
#include <glib/gi18n.h>
#include <json-glib/json-glib.h>
#include <unistd.h>

#include "aud-audience.h"
#include "aud-cli-private.h"
#include "aud-csv-writer.h"
#include "aud-entity-store.h"
#include "aud-match-run.h"

static AudAudience *
open_audience (AudCliContext  *ctx,
               const char     *name,
               GError        **error)
{
  AudStore *store = aud_cli_open_store (ctx, error);

  if (store == NULL)
    return NULL;
  return aud_audience_lookup (store, name, error);
}

static void
print_json (const char             *audience,
            const AudMatchRunStats *stats,
            const AudEntityCounts  *counts)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();
  g_autoptr(JsonGenerator) gen = json_generator_new ();
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *text = NULL;

  json_builder_begin_object (b);
  json_builder_set_member_name (b, "audience");
  json_builder_add_string_value (b, audience);
  json_builder_set_member_name (b, "records");
  json_builder_add_int_value (b, counts->records);
  json_builder_set_member_name (b, "entities");
  json_builder_add_int_value (b, counts->entities);
  json_builder_set_member_name (b, "multi_record_entities");
  json_builder_add_int_value (b, counts->multi);
  json_builder_set_member_name (b, "review_pairs");
  json_builder_add_int_value (b, counts->review_pairs);
  json_builder_set_member_name (b, "job_changes");
  json_builder_add_int_value (b, counts->job_changes);
  json_builder_set_member_name (b, "held_apart");
  json_builder_add_int_value (b, counts->held_apart);
  json_builder_set_member_name (b, "new_entity_ids");
  json_builder_add_int_value (b, stats->n_new_ids);
  json_builder_set_member_name (b, "seconds");
  json_builder_add_double_value (b, stats->seconds_total);
  json_builder_end_object (b);

  root = json_builder_get_root (b);
  json_generator_set_root (gen, root);
  json_generator_set_pretty (gen, TRUE);
  text = json_generator_to_data (gen, NULL);
  g_print ("%s\n", text);
}

int
aud_cli_match_run (AudCliContext  *ctx,
                   int             argc,
                   char          **argv)
{
  g_autoptr(GOptionContext) options = g_option_context_new (NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(AudAudience) audience = NULL;
  g_autoptr(AudMatchRun) run = NULL;
  g_autofree char *audience_name = NULL;
  gboolean json = FALSE;
  const GOptionEntry entries[] = {
    { "audience", 'a', 0, G_OPTION_ARG_STRING, &audience_name, N_("The audience to match"), N_("NAME") },
    { "json", 0, 0, G_OPTION_ARG_NONE, &json, N_("Print the figures as JSON"), NULL },
    { NULL }
  };
  AudMatchRunStats stats;
  AudEntityCounts counts;

  g_option_context_set_summary (options,
    _("Match the audience’s records from all its sources into entities, one per real person or "
      "company. Decisions people made (confirm, split, never merge, pin) are always obeyed, and "
      "entities keep their ids across matches."));
  g_option_context_add_main_entries (options, entries, GETTEXT_PACKAGE);
  if (!aud_cli_parse (ctx, options, &argc, &argv))
    return AUD_CLI_EXIT_USAGE;
  if (audience_name == NULL || argc != 1)
    return aud_cli_usage (options);

  audience = open_audience (ctx, audience_name, &error);
  if (audience == NULL)
    return aud_cli_fail (ctx, error);

  /* A new process has no kept state: this is always a full match. */
  run = aud_match_run_new (aud_audience_get_store (audience), aud_audience_get_id (audience),
                           aud_audience_get_object (audience));
  if (!aud_match_run_execute (run, FALSE, &stats, NULL, &error))
    return aud_cli_fail (ctx, error);
  if (!aud_entity_store_count (aud_audience_get_store (audience), aud_audience_get_id (audience), &counts, &error))
    return aud_cli_fail (ctx, error);

  if (json)
    {
      print_json (aud_audience_get_name (audience), &stats, &counts);
      return AUD_CLI_EXIT_OK;
    }

  g_print (_("Matched %lld records of “%s” into %lld entities in %.2f s.\n"), (long long) counts.records,
           aud_audience_get_name (audience), (long long) counts.entities, stats.seconds_total);
  g_print (_("  Entities with several records: %lld\n"), (long long) counts.multi);
  g_print (_("  Pairs to review:               %lld\n"), (long long) counts.review_pairs);
  g_print (_("  Job changes:                   %lld\n"), (long long) counts.job_changes);
  g_print (_("  Kept apart by decisions:       %lld\n"), (long long) counts.held_apart);
  if (counts.records == 0)
    g_print (_("The audience has no records yet. Sync it (“audiences sync”) or import a CSV file "
               "(“audiences import-csv”), then match again.\n"));
  return AUD_CLI_EXIT_OK;
}

int
aud_cli_entities_run (AudCliContext  *ctx,
                      int             argc,
                      char          **argv)
{
  g_autoptr(GOptionContext) options = g_option_context_new (_("OUT.csv | -"));
  g_autoptr(GError) error = NULL;
  g_autoptr(AudAudience) audience = NULL;
  g_autoptr(GOutputStream) stream = NULL;
  g_autoptr(AudCsvWriter) writer = NULL;
  g_autofree char *audience_name = NULL;
  gboolean golden = FALSE;
  const GOptionEntry entries[] = {
    { "audience", 'a', 0, G_OPTION_ARG_STRING, &audience_name, N_("The audience to export"), N_("NAME") },
    { "golden", 0, 0, G_OPTION_ARG_NONE, &golden, N_("Export one golden record per entity instead"), NULL },
    { NULL }
  };
  AudEntityCounts counts;
  AudStore *store;
  gboolean ok;

  g_option_context_set_summary (options,
    _("Export each source record of the audience with the id of its entity, or with --golden "
      "one golden record per entity, as of the last “audiences match”. “-” writes to standard output."));
  g_option_context_add_main_entries (options, entries, GETTEXT_PACKAGE);
  if (!aud_cli_parse (ctx, options, &argc, &argv))
    return AUD_CLI_EXIT_USAGE;
  if (audience_name == NULL || argc != 2)
    return aud_cli_usage (options);

  audience = open_audience (ctx, audience_name, &error);
  if (audience == NULL)
    return aud_cli_fail (ctx, error);
  store = aud_audience_get_store (audience);
  if (!aud_entity_store_count (store, aud_audience_get_id (audience), &counts, &error))
    return aud_cli_fail (ctx, error);
  if (counts.entities == 0)
    {
      aud_cli_error (ctx, _("“%s” has not been matched yet. Run “audiences match --audience %s” first."),
                     aud_audience_get_name (audience), aud_audience_get_name (audience));
      return AUD_CLI_EXIT_FAILURE;
    }

  stream = aud_cli_open_output (argv[1], &error);
  if (stream == NULL)
    return aud_cli_fail (ctx, error);
  writer = aud_csv_writer_new (stream);
  if (golden)
    ok = aud_entity_store_export_golden (store, aud_audience_get_id (audience), writer, NULL, &error);
  else
    ok = aud_entity_store_export_members (store, aud_audience_get_id (audience), writer, NULL, &error);
  if (!ok || !g_output_stream_close (stream, NULL, &error))
    return aud_cli_fail (ctx, error);

  if (!g_str_equal (argv[1], "-"))
    g_print (_("Exported %llu rows to %s.\n"), (unsigned long long) aud_csv_writer_get_n_rows (writer) - 1, argv[1]);
  return AUD_CLI_EXIT_OK;
}
