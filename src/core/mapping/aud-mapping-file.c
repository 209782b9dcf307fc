/* aud-mapping-file.c — a mapping as a readable, versionable JSON file, for review and restore
 *
 * {
 *   "format": "org.example.Audiences.mapping",
 *   "version": 1,
 *   "audience": "EMEA Contacts",      (informational)
 *   "object": "Contact",
 *   "fields": [ { "name": "Email", "rule": "conditional" }, … ]
 * }
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <json-glib/json-glib.h>

#include "aud-mapping.h"
#include "aud-mapping-file.h"
#include "aud-mapping-private.h"

char *
aud_mapping_file_export_data (AudAudience  *audience,
                              GError      **error)
{
  g_autoptr(GPtrArray) fields = NULL;
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *text = NULL;

  g_return_val_if_fail (AUD_IS_AUDIENCE (audience), NULL);

  fields = aud_mapping_load (audience, error);
  if (fields == NULL)
    return NULL;

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "format");
  json_builder_add_string_value (builder, AUD_MAPPING_FILE_FORMAT);
  json_builder_set_member_name (builder, "version");
  json_builder_add_int_value (builder, AUD_MAPPING_FILE_VERSION);
  json_builder_set_member_name (builder, "audience");
  json_builder_add_string_value (builder, aud_audience_get_name (audience));
  json_builder_set_member_name (builder, "object");
  json_builder_add_string_value (builder, aud_audience_get_object (audience));
  json_builder_set_member_name (builder, "fields");
  json_builder_begin_array (builder);
  for (guint i = 0; i < fields->len; i++)
    {
      AudMappedField *mapped = g_ptr_array_index (fields, i);

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "name");
      json_builder_add_string_value (builder, mapped->field);
      json_builder_set_member_name (builder, "rule");
      json_builder_add_string_value (builder, aud_overwrite_rule_to_string (mapped->rule));
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
  json_builder_end_object (builder);

  root = json_builder_get_root (builder);
  json_generator_set_root (generator, root);
  json_generator_set_pretty (generator, TRUE);
  json_generator_set_indent (generator, 2);
  text = json_generator_to_data (generator, NULL);

  return g_strconcat (text, "\n", NULL);
}

gboolean
aud_mapping_file_export (AudAudience  *audience,
                         const char   *path,
                         GError      **error)
{
  g_autofree char *data = NULL;

  g_return_val_if_fail (AUD_IS_AUDIENCE (audience), FALSE);
  g_return_val_if_fail (path != NULL, FALSE);

  data = aud_mapping_file_export_data (audience, error);
  if (data == NULL)
    return FALSE;

  if (!g_file_set_contents (path, data, -1, error))
    {
      g_prefix_error (error, _("Could not write the mapping file: "));
      return FALSE;
    }

  return TRUE;
}

static gboolean
invalid_file (GError     **error,
              const char  *format,
              ...) G_GNUC_PRINTF (2, 3);

static gboolean
invalid_file (GError     **error,
              const char  *format,
              ...)
{
  g_autofree char *detail = NULL;
  va_list args;

  va_start (args, format);
  detail = g_strdup_vprintf (format, args);
  va_end (args);

  g_set_error (error, AUD_MAPPING_ERROR, AUD_MAPPING_ERROR_INVALID_FILE,
               _("This is not a mapping file Audiences can use: %s. Fix the file, or export the mapping again."),
               detail);
  return FALSE;
}

/* The fields of the file, checked for shape only. */
static GPtrArray *
parse_fields (JsonArray  *array,
              GError    **error)
{
  g_autoptr(GPtrArray) fields = g_ptr_array_new_with_free_func ((GDestroyNotify) aud_mapped_field_free);
  g_autoptr(GHashTable) seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonNode *node = json_array_get_element (array, i);
      JsonObject *entry = JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;
      const char *name = aud_mapping_json_string (entry, "name");
      const char *rule_text = aud_mapping_json_string (entry, "rule");
      AudOverwriteRule rule = AUD_OVERWRITE_RULE_NEVER;

      if (name == NULL || *name == '\0')
        {
          invalid_file (error, _("field %u has no “name”"), i + 1);
          return NULL;
        }
      if (rule_text != NULL && !aud_overwrite_rule_from_string (rule_text, &rule))
        {
          invalid_file (error, _("field “%s” has the rule “%s”; use “never”, “conditional” or “always”"),
                        name, rule_text);
          return NULL;
        }
      if (!g_hash_table_add (seen, g_ascii_strdown (name, -1)))
        {
          invalid_file (error, _("field “%s” is listed twice"), name);
          return NULL;
        }

      g_ptr_array_add (fields, aud_mapped_field_new (name, rule));
    }

  return g_steal_pointer (&fields);
}

/* Every problem at once, so a reviewer fixes the file in one go. */
static gboolean
check_against_describe (GPtrArray    *fields,
                        AudDescribe  *describe,
                        GError      **error)
{
  g_autoptr(GString) unknown = g_string_new (NULL);
  g_autoptr(GString) readonly = g_string_new (NULL);

  for (guint i = 0; i < fields->len; i++)
    {
      AudMappedField *mapped = g_ptr_array_index (fields, i);
      AudFieldInfo *info = aud_describe_lookup (describe, mapped->field);

      if (info == NULL || info->gone)
        {
          g_string_append_printf (unknown, "%s%s", unknown->len > 0 ? ", " : "", mapped->field);
          continue;
        }

      /* Salesforce's spelling, so the mapping matches what queries return. */
      if (g_strcmp0 (info->name, mapped->field) != 0)
        {
          g_free (mapped->field);
          mapped->field = g_strdup (info->name);
        }

      if (mapped->rule != AUD_OVERWRITE_RULE_NEVER &&
          (!aud_field_info_is_writable (info) || aud_mapping_is_sync_field (info->name)))
        g_string_append_printf (readonly, "%s%s", readonly->len > 0 ? ", " : "", mapped->field);
    }

  if (unknown->len > 0)
    {
      g_set_error (error, AUD_MAPPING_ERROR, AUD_MAPPING_ERROR_UNKNOWN_FIELDS,
                   _("Salesforce’s %s object has no fields named %s. Refresh the field list if they were "
                     "added recently, or remove them from the file."),
                   aud_describe_get_object (describe), unknown->str);
      return FALSE;
    }
  if (readonly->len > 0)
    {
      g_set_error (error, AUD_MAPPING_ERROR, AUD_MAPPING_ERROR_NOT_WRITABLE,
                   _("Salesforce does not allow updating %s, so their rule must be “never”. Change it in the file."),
                   readonly->str);
      return FALSE;
    }

  return TRUE;
}

gboolean
aud_mapping_file_import_data (AudAudience  *audience,
                              AudDescribe  *describe,
                              const char   *data,
                              gssize        length,
                              guint        *n_fields,
                              GError      **error)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) parse_error = NULL;
  g_autoptr(GPtrArray) fields = NULL;
  JsonObject *root;
  JsonNode *version;
  JsonNode *array;
  const char *object;

  g_return_val_if_fail (AUD_IS_AUDIENCE (audience), FALSE);
  g_return_val_if_fail (describe == NULL || AUD_IS_DESCRIBE (describe), FALSE);
  g_return_val_if_fail (data != NULL, FALSE);

  if (!json_parser_load_from_data (parser, data, length, &parse_error))
    return invalid_file (error, "%s", parse_error->message);
  if (!JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)))
    return invalid_file (error, _("the file does not hold a JSON object"));

  root = json_node_get_object (json_parser_get_root (parser));
  if (g_strcmp0 (aud_mapping_json_string (root, "format"), AUD_MAPPING_FILE_FORMAT) != 0)
    return invalid_file (error, _("“format” is not “%s”"), AUD_MAPPING_FILE_FORMAT);

  version = json_object_get_member (root, "version");
  if (version == NULL || !JSON_NODE_HOLDS_VALUE (version) || json_node_get_value_type (version) != G_TYPE_INT64)
    return invalid_file (error, _("“version” is missing"));
  if (json_node_get_int (version) > AUD_MAPPING_FILE_VERSION)
    return invalid_file (error, _("it was written by a newer Audiences (version %d); update Audiences"),
                         (int) json_node_get_int (version));

  object = aud_mapping_json_string (root, "object");
  if (g_strcmp0 (object, aud_audience_get_object (audience)) != 0)
    {
      g_set_error (error, AUD_MAPPING_ERROR, AUD_MAPPING_ERROR_OBJECT_MISMATCH,
                   _("The file maps %s fields, but the audience “%s” covers %s. Import it into a %s audience."),
                   object != NULL ? object : "?", aud_audience_get_name (audience),
                   aud_audience_get_object (audience), object != NULL ? object : "?");
      return FALSE;
    }

  array = json_object_get_member (root, "fields");
  if (array == NULL || !JSON_NODE_HOLDS_ARRAY (array))
    return invalid_file (error, _("“fields” is not a list"));

  fields = parse_fields (json_node_get_array (array), error);
  if (fields == NULL)
    return FALSE;

  if (describe != NULL && !check_against_describe (fields, describe, error))
    return FALSE;

  if (!aud_mapping_replace (audience, fields, error))
    return FALSE;

  if (n_fields != NULL)
    *n_fields = fields->len;
  return TRUE;
}

gboolean
aud_mapping_file_import (AudAudience  *audience,
                         AudDescribe  *describe,
                         const char   *path,
                         guint        *n_fields,
                         GError      **error)
{
  g_autofree char *data = NULL;
  gsize length;

  g_return_val_if_fail (path != NULL, FALSE);

  if (!g_file_get_contents (path, &data, &length, error))
    {
      g_prefix_error (error, _("Could not read the mapping file: "));
      return FALSE;
    }

  return aud_mapping_file_import_data (audience, describe, data, (gssize) length, n_fields, error);
}
