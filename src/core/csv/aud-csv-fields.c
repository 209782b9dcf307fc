/* aud-csv-fields.c — an audience's mapped fields as a CSV import needs them: names, labels, lengths
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "aud-column-matcher.h"
#include "aud-csv-fields.h"
#include "aud-describe.h"
#include "aud-mapping.h"

/* Lengths only bind text: a number's "length" is its digits, which Salesforce checks itself. */
static gboolean
is_text_type (const char *type)
{
  static const char *text_types[] = { "string", "email", "phone", "url", "textarea", "picklist" };

  for (guint i = 0; i < G_N_ELEMENTS (text_types); i++)
    if (g_strcmp0 (type, text_types[i]) == 0)
      return TRUE;

  return FALSE;
}

gboolean
aud_csv_field_list_load (AudCsvFieldList  *list,
                         AudAudience      *audience,
                         GError          **error)
{
  g_autoptr(GPtrArray) mapped = NULL;
  g_autoptr(AudDescribe) describe = NULL;

  g_return_val_if_fail (list != NULL, FALSE);
  g_return_val_if_fail (AUD_IS_AUDIENCE (audience), FALSE);

  mapped = aud_mapping_load (audience, error);
  if (mapped == NULL)
    return FALSE;

  /* Without a cached describe there are no labels or lengths: match by name, check nothing. */
  describe = aud_describe_load (aud_audience_get_store (audience), aud_audience_get_object (audience), NULL);

  aud_csv_field_list_clear (list);
  list->names = g_ptr_array_new_with_free_func (g_free);
  list->labels = g_ptr_array_new_with_free_func (g_free);
  list->lengths = g_array_new (FALSE, TRUE, sizeof (guint));
  for (guint i = 0; i < mapped->len; i++)
    {
      const AudMappedField *m = g_ptr_array_index (mapped, i);
      AudFieldInfo *info = describe != NULL ? aud_describe_lookup (describe, m->field) : NULL;
      guint length = info != NULL && info->length > 0 && is_text_type (info->type) ? (guint) info->length : 0;

      g_ptr_array_add (list->names, g_strdup (m->field));
      g_ptr_array_add (list->labels, g_strdup (info != NULL && info->label != NULL ? info->label : m->field));
      g_array_append_val (list->lengths, length);
    }

  return TRUE;
}

void
aud_csv_field_list_clear (AudCsvFieldList *list)
{
  g_clear_pointer (&list->names, g_ptr_array_unref);
  g_clear_pointer (&list->labels, g_ptr_array_unref);
  g_clear_pointer (&list->lengths, g_array_unref);
}

int
aud_csv_field_list_find (const AudCsvFieldList *list,
                         const char            *name)
{
  g_return_val_if_fail (list != NULL && list->names != NULL, -1);

  for (guint i = 0; i < list->names->len; i++)
    if (g_ascii_strcasecmp (g_ptr_array_index (list->names, i), name) == 0)
      return (int) i;

  return -1;
}

int *
aud_csv_field_list_propose (const AudCsvFieldList *list,
                            const char * const    *columns,
                            guint                  n_columns)
{
  g_autofree AudColumnMatcherField *candidates = NULL;
  int *match;

  g_return_val_if_fail (list != NULL && list->names != NULL, NULL);

  candidates = g_new0 (AudColumnMatcherField, list->names->len + 1);
  for (guint i = 0; i < list->names->len; i++)
    {
      const char *field = g_ptr_array_index (list->names, i);

      /* IsDeleted or SystemModstamp from a spreadsheet would only ever be a wrong guess. */
      if (aud_mapping_is_sync_field (field) && g_strcmp0 (field, "Id") != 0)
        {
          candidates[i].name = "";
          continue;
        }
      candidates[i].name = field;
      candidates[i].label = g_ptr_array_index (list->labels, i);
    }

  match = g_new0 (int, n_columns + 1);
  aud_column_matcher_match (columns, n_columns, candidates, list->names->len, match);
  return match;
}
