/* aud-segment-file.c — a segment as a readable, versionable JSON file, like mapping files
 *
 * {
 *   "format": "org.example.Audiences.segment",
 *   "version": 1,
 *   "audience": "EMEA Contacts",      (informational)
 *   "object": "Contact",
 *   "name": "VPs in EMEA",
 *   "match": "all",
 *   "conditions": [
 *     { "field": "Title", "operator": "contains", "value": "VP" },
 *     { "field": "MailingCountry", "operator": "in-list", "values": [ "France", "Deutschland" ] },
 *     { "match": "any", "conditions": [ … ] }
 *   ]
 * }
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <json-glib/json-glib.h>

#include "aud-segment-file.h"

char *
aud_segment_file_export_data (AudSegment *segment)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autoptr(JsonNode) group_node = NULL;
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *text = NULL;
  AudAudience *audience;
  JsonObject *group;
  JsonObject *file;

  g_return_val_if_fail (AUD_IS_SEGMENT (segment), NULL);

  audience = aud_segment_get_audience (segment);
  aud_segment_node_build_json (aud_segment_get_root (segment), builder);
  group_node = json_builder_get_root (builder);
  group = json_node_get_object (group_node);

  /* Header first, then the root group's members, so the file reads top-down. */
  file = json_object_new ();
  json_object_set_string_member (file, "format", AUD_SEGMENT_FILE_FORMAT);
  json_object_set_int_member (file, "version", AUD_SEGMENT_FILE_VERSION);
  json_object_set_string_member (file, "audience", aud_audience_get_name (audience));
  json_object_set_string_member (file, "object", aud_audience_get_object (audience));
  json_object_set_string_member (file, "name", aud_segment_get_name (segment));
  json_object_set_member (file, "match", json_node_copy (json_object_get_member (group, "match")));
  json_object_set_member (file, "conditions", json_node_copy (json_object_get_member (group, "conditions")));

  root = json_node_init_object (json_node_alloc (), file);
  json_object_unref (file);
  json_generator_set_root (generator, root);
  json_generator_set_pretty (generator, TRUE);
  json_generator_set_indent (generator, 2);
  text = json_generator_to_data (generator, NULL);

  return g_strconcat (text, "\n", NULL);
}

gboolean
aud_segment_file_export (AudSegment  *segment,
                         const char  *path,
                         GError     **error)
{
  g_autofree char *data = NULL;

  g_return_val_if_fail (AUD_IS_SEGMENT (segment), FALSE);
  g_return_val_if_fail (path != NULL, FALSE);

  data = aud_segment_file_export_data (segment);
  if (!g_file_set_contents (path, data, -1, error))
    {
      g_prefix_error (error, _("Could not write the segment file: "));
      return FALSE;
    }

  return TRUE;
}

static AudSegment *
invalid_file (GError     **error,
              const char  *detail)
{
  g_set_error (error, AUD_SEGMENT_ERROR, AUD_SEGMENT_ERROR_INVALID_FILE,
               _("This is not a segment file Audiences can use: %s. Fix the file, or export the segment again."),
               detail);
  return NULL;
}

static const char *
member_string (JsonObject *object,
               const char *name)
{
  JsonNode *node = json_object_get_member (object, name);

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING)
    return NULL;

  return json_node_get_string (node);
}

AudSegment *
aud_segment_file_import_data (AudAudience  *audience,
                              const char   *data,
                              gssize        length,
                              const char   *name,
                              GError      **error)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) parse_error = NULL;
  g_autoptr(AudSegment) segment = NULL;
  AudSegmentNode *root;
  JsonObject *file;
  JsonNode *version;
  const char *object;

  g_return_val_if_fail (AUD_IS_AUDIENCE (audience), NULL);
  g_return_val_if_fail (data != NULL, NULL);

  if (!json_parser_load_from_data (parser, data, length, &parse_error))
    return invalid_file (error, parse_error->message);
  if (!JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)))
    return invalid_file (error, _("the file does not hold a JSON object"));

  file = json_node_get_object (json_parser_get_root (parser));
  if (g_strcmp0 (member_string (file, "format"), AUD_SEGMENT_FILE_FORMAT) != 0)
    {
      g_autofree char *detail = g_strdup_printf (_("“format” is not “%s”"), AUD_SEGMENT_FILE_FORMAT);
      return invalid_file (error, detail);
    }

  version = json_object_get_member (file, "version");
  if (version == NULL || !JSON_NODE_HOLDS_VALUE (version) || json_node_get_value_type (version) != G_TYPE_INT64)
    return invalid_file (error, _("“version” is missing"));
  if (json_node_get_int (version) > AUD_SEGMENT_FILE_VERSION)
    {
      g_autofree char *detail = g_strdup_printf (_("it was written by a newer Audiences (version %d); update Audiences"),
                                                 (int) json_node_get_int (version));
      return invalid_file (error, detail);
    }

  object = member_string (file, "object");
  if (g_strcmp0 (object, aud_audience_get_object (audience)) != 0)
    {
      g_set_error (error, AUD_SEGMENT_ERROR, AUD_SEGMENT_ERROR_OBJECT_MISMATCH,
                   _("The file filters %s records, but the audience “%s” covers %s. Import it into a %s audience."),
                   object != NULL ? object : "?", aud_audience_get_name (audience),
                   aud_audience_get_object (audience), object != NULL ? object : "?");
      return NULL;
    }

  if (name == NULL)
    name = member_string (file, "name");
  if (name == NULL)
    return invalid_file (error, _("“name” is missing"));

  root = aud_segment_node_from_json_object (file, error);
  if (root == NULL)
    return NULL;

  segment = aud_segment_new (audience, name);
  aud_segment_set_root (segment, root);
  if (!aud_segment_save (segment, error))
    return NULL;

  return g_steal_pointer (&segment);
}

AudSegment *
aud_segment_file_import (AudAudience  *audience,
                         const char   *path,
                         const char   *name,
                         GError      **error)
{
  g_autofree char *data = NULL;
  gsize length;

  g_return_val_if_fail (path != NULL, NULL);

  if (!g_file_get_contents (path, &data, &length, error))
    {
      g_prefix_error (error, _("Could not read the segment file: "));
      return NULL;
    }

  return aud_segment_file_import_data (audience, data, (gssize) length, name, error);
}
