/* aud-cli-segment.c — `audiences segment …`: list, show, count, export and import segments
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "aud-audience.h"
#include "aud-cli-private.h"
#include "aud-segment.h"
#include "aud-segment-file.h"

static int
list_segments (AudCliContext *ctx,
               AudAudience   *audience)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) segments = aud_segment_list (audience, &error);

  if (segments == NULL)
    return aud_cli_fail (ctx, error);

  if (segments->len == 0)
    {
      g_print (_("The audience “%s” has no segments yet. Build one in the app, or import a file with "
                 "“audiences segment import FILE --audience NAME”.\n"), aud_audience_get_name (audience));
      return AUD_CLI_EXIT_OK;
    }

  /* Tab-separated so scripts can cut it: name, conditions, matching records, last saved. */
  for (guint i = 0; i < segments->len; i++)
    {
      AudSegment *segment = g_ptr_array_index (segments, i);
      g_autoptr(GError) count_error = NULL;
      g_autofree char *count_text = NULL;
      gint64 count;

      /* One broken segment (a field unmapped since) must not hide the others. */
      if (aud_segment_count (segment, &count, &count_error))
        count_text = g_strdup_printf ("%" G_GINT64_FORMAT, count);
      else
        count_text = g_strdup (_("invalid"));

      g_print ("%s\t%u\t%s\t%s\n", aud_segment_get_name (segment),
               aud_segment_node_count_conditions (aud_segment_get_root (segment)), count_text,
               aud_segment_get_updated_at (segment));
    }

  return AUD_CLI_EXIT_OK;
}

static int
show_segment (AudCliContext *ctx,
              AudSegment    *segment)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *description = aud_segment_node_describe (aud_segment_get_root (segment));
  g_autofree char *count_text = NULL;
  gint64 count;

  g_print (_("Segment:  %s\n"), aud_segment_get_name (segment));
  g_print (_("Audience: %s\n"), aud_audience_get_name (aud_segment_get_audience (segment)));
  g_print (_("Saved:    %s\n"), aud_segment_get_updated_at (segment));
  g_print ("%s", description);

  if (!aud_segment_count (segment, &count, &error))
    return aud_cli_fail (ctx, error);
  count_text = g_strdup_printf ("%" G_GINT64_FORMAT, count);
  g_print (g_dngettext (GETTEXT_PACKAGE, "%s matching record\n", "%s matching records\n", (gulong) count),
           count_text);
  return AUD_CLI_EXIT_OK;
}

int
aud_cli_segment_run (AudCliContext  *ctx,
                     int             argc,
                     char          **argv)
{
  g_autoptr(GOptionContext) options = g_option_context_new (_("list | show | count | export FILE | import FILE"));
  g_autoptr(GError) error = NULL;
  g_autoptr(AudAudience) audience = NULL;
  g_autoptr(AudSegment) segment = NULL;
  g_autofree char *audience_name = NULL;
  g_autofree char *segment_name = NULL;
  const GOptionEntry entries[] = {
    { "audience", 'a', 0, G_OPTION_ARG_STRING, &audience_name, N_("The audience the segments belong to"), N_("NAME") },
    { "segment", 's', 0, G_OPTION_ARG_STRING, &segment_name,
      N_("The segment to show, count or export; for import, the name to save it under"), N_("NAME") },
    { NULL }
  };
  gboolean needs_segment;
  const char *verb;
  AudStore *store;

  g_option_context_set_summary (options,
    _("List an audience’s segments, show or count one, export it to a JSON file (“-” for standard "
      "output) or import one."));
  g_option_context_add_main_entries (options, entries, GETTEXT_PACKAGE);
  if (!aud_cli_parse (ctx, options, &argc, &argv))
    return AUD_CLI_EXIT_USAGE;

  verb = argc > 1 ? argv[1] : NULL;
  if (audience_name == NULL || verb == NULL ||
      !(((g_str_equal (verb, "export") || g_str_equal (verb, "import")) && argc == 3) ||
        ((g_str_equal (verb, "list") || g_str_equal (verb, "show") || g_str_equal (verb, "count")) && argc == 2)))
    return aud_cli_usage (options);

  needs_segment = g_str_equal (verb, "show") || g_str_equal (verb, "count") || g_str_equal (verb, "export");
  if (needs_segment && segment_name == NULL)
    {
      aud_cli_error (ctx, _("Say which segment with --segment NAME; “audiences segment list --audience %s” lists them."),
                     audience_name);
      return AUD_CLI_EXIT_USAGE;
    }

  store = aud_cli_open_store (ctx, &error);
  if (store == NULL)
    return aud_cli_fail (ctx, error);

  audience = aud_audience_lookup (store, audience_name, &error);
  if (audience == NULL)
    return aud_cli_fail (ctx, error);

  if (g_str_equal (verb, "list"))
    return list_segments (ctx, audience);

  if (g_str_equal (verb, "import"))
    {
      segment = aud_segment_file_import (audience, argv[2], segment_name, &error);
      if (segment == NULL)
        return aud_cli_fail (ctx, error);
      g_print (_("Imported the segment “%s” into “%s”.\n"), aud_segment_get_name (segment),
               aud_audience_get_name (audience));
      return AUD_CLI_EXIT_OK;
    }

  segment = aud_segment_lookup (audience, segment_name, &error);
  if (segment == NULL)
    return aud_cli_fail (ctx, error);

  if (g_str_equal (verb, "show"))
    return show_segment (ctx, segment);

  if (g_str_equal (verb, "count"))
    {
      gint64 count;

      if (!aud_segment_count (segment, &count, &error))
        return aud_cli_fail (ctx, error);
      g_print ("%" G_GINT64_FORMAT "\n", count);
      return AUD_CLI_EXIT_OK;
    }

  if (g_str_equal (argv[2], "-"))
    {
      g_autofree char *data = aud_segment_file_export_data (segment);
      g_print ("%s", data);
    }
  else if (!aud_segment_file_export (segment, argv[2], &error))
    return aud_cli_fail (ctx, error);

  return AUD_CLI_EXIT_OK;
}
