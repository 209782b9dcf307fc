/* aud-csv-import-settings.c — a CSV source’s saved import settings
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <json-glib/json-glib.h>

#include "aud-csv-import-private.h"

static void
map_entry_clear (gpointer data)
{
  AudCsvMapEntry *entry = data;

  g_free (entry->column);
  g_free (entry->field);
}

GArray *
aud_csv_map_new (void)
{
  GArray *map = g_array_new (FALSE, TRUE, sizeof (AudCsvMapEntry));

  g_array_set_clear_func (map, map_entry_clear);
  return map;
}

void
aud_csv_map_add (GArray     *map,
                 const char *column,
                 const char *field,
                 guint       max_length)
{
  AudCsvMapEntry entry = { g_strdup (column), g_strdup (field), max_length, -1 };

  g_array_append_val (map, entry);
}

static void
add_string_member (JsonBuilder *builder,
                   const char  *name,
                   const char  *value)
{
  json_builder_set_member_name (builder, name);
  if (value != NULL)
    json_builder_add_string_value (builder, value);
  else
    json_builder_add_null_value (builder);
}

char *
aud_csv_import_settings_to_json (const AudCsvImportSettings *settings)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;
  char delimiter[2] = { settings->delimiter, '\0' };

  json_builder_begin_object (builder);
  add_string_member (builder, "file", settings->file);
  add_string_member (builder, "encoding", settings->encoding);
  add_string_member (builder, "delimiter", delimiter);
  json_builder_set_member_name (builder, "header");
  json_builder_add_boolean_value (builder, settings->has_header);
  add_string_member (builder, "id_column", settings->id_column);
  json_builder_set_member_name (builder, "mapping");
  json_builder_begin_array (builder);
  for (guint i = 0; i < settings->map->len; i++)
    {
      const AudCsvMapEntry *entry = &g_array_index (settings->map, AudCsvMapEntry, i);

      json_builder_begin_object (builder);
      add_string_member (builder, "column", entry->column);
      add_string_member (builder, "field", entry->field);
      json_builder_set_member_name (builder, "max_length");
      json_builder_add_int_value (builder, entry->max_length);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
  json_builder_end_object (builder);

  root = json_builder_get_root (builder);
  return json_to_string (root, FALSE);
}

void
aud_csv_import_settings_apply (const char  *json,
                               GArray      *map,
                               char       **id_column,
                               gboolean    *has_id_column)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  JsonObject *root;

  if (!json_parser_load_from_data (parser, json, -1, NULL) ||
      !JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)))
    return;

  root = json_node_get_object (json_parser_get_root (parser));

  if (!*has_id_column && json_object_has_member (root, "id_column"))
    {
      g_free (*id_column);
      *id_column = g_strdup (json_object_get_string_member_with_default (root, "id_column", NULL));
      *has_id_column = TRUE;
    }

  if (map->len == 0 && json_object_has_member (root, "mapping"))
    {
      JsonArray *mapping = json_object_get_array_member (root, "mapping");

      for (guint i = 0; mapping != NULL && i < json_array_get_length (mapping); i++)
        {
          JsonObject *m = json_array_get_object_element (mapping, i);
          const char *column;
          const char *field;

          if (m == NULL)
            continue;
          column = json_object_get_string_member_with_default (m, "column", NULL);
          field = json_object_get_string_member_with_default (m, "field", NULL);
          if (column != NULL && field != NULL)
            aud_csv_map_add (map, column, field,
                             (guint) json_object_get_int_member_with_default (m, "max_length", 0));
        }
    }
}
