/* aud-segment-fields.c — the fields a segment may filter on: an audience's mapped fields, typed
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "aud-describe.h"
#include "aud-mapping.h"
#include "aud-segment-fields.h"

struct _AudSegmentFields
{
  gatomicrefcount  ref_count;
  char            *object;
  GPtrArray       *fields;    /* AudSegmentField, sorted by label */
  GHashTable      *by_name;   /* casefolded ASCII name → AudSegmentField */
};

G_DEFINE_BOXED_TYPE (AudSegmentFields, aud_segment_fields, aud_segment_fields_ref, aud_segment_fields_unref)

static void
segment_field_free (AudSegmentField *field)
{
  g_free (field->name);
  g_free (field->label);
  g_strfreev (field->picklist_values);
  g_free (field);
}

static int
compare_labels (gconstpointer a,
                gconstpointer b)
{
  const AudSegmentField *fa = *(const AudSegmentField **) a;
  const AudSegmentField *fb = *(const AudSegmentField **) b;

  return g_utf8_collate (fa->label, fb->label);
}

static AudSegmentFields *
fields_new (const char *object)
{
  AudSegmentFields *self = g_new0 (AudSegmentFields, 1);

  g_atomic_ref_count_init (&self->ref_count);
  self->object = g_strdup (object);
  self->fields = g_ptr_array_new_with_free_func ((GDestroyNotify) segment_field_free);
  self->by_name = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  return self;
}

static void
fields_add (AudSegmentFields   *self,
            const char         *name,
            const char         *label,
            AudFieldKind        kind,
            const char * const *picklist_values)
{
  AudSegmentField *field = g_new0 (AudSegmentField, 1);

  field->name = g_strdup (name);
  field->label = g_strdup (label != NULL ? label : name);
  field->kind = kind;
  field->picklist_values = picklist_values != NULL ? g_strdupv ((char **) picklist_values) : NULL;
  g_ptr_array_add (self->fields, field);
  g_hash_table_replace (self->by_name, g_ascii_strdown (name, -1), field);
}

AudSegmentFields *
aud_segment_fields_new (const char            *object,
                        const AudSegmentField *fields,
                        guint                  n_fields)
{
  AudSegmentFields *self = fields_new (object);

  for (guint i = 0; i < n_fields; i++)
    fields_add (self, fields[i].name, fields[i].label, fields[i].kind,
                (const char * const *) fields[i].picklist_values);
  g_ptr_array_sort (self->fields, compare_labels);
  return self;
}

AudSegmentFields *
aud_segment_fields_load (AudAudience  *audience,
                         GError      **error)
{
  g_autoptr(AudSegmentFields) self = NULL;
  g_autoptr(GPtrArray) mapped = NULL;
  g_autoptr(AudDescribe) describe = NULL;
  g_autoptr(GError) local_error = NULL;

  g_return_val_if_fail (AUD_IS_AUDIENCE (audience), NULL);

  mapped = aud_mapping_load (audience, error);
  if (mapped == NULL)
    return NULL;

  describe = aud_describe_load (aud_audience_get_store (audience), aud_audience_get_object (audience), &local_error);
  if (local_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return NULL;
    }

  self = fields_new (aud_audience_get_object (audience));
  for (guint i = 0; i < mapped->len; i++)
    {
      AudMappedField *field = g_ptr_array_index (mapped, i);
      AudFieldInfo *info = describe != NULL ? aud_describe_lookup (describe, field->field) : NULL;

      /* Without a describe every field filters as text: still useful, never wrong about values. */
      if (info != NULL)
        fields_add (self, info->name, info->label, aud_field_info_get_kind (info),
                    (const char * const *) info->picklist_values);
      else
        fields_add (self, field->field, field->field, AUD_FIELD_KIND_TEXT, NULL);
    }
  g_ptr_array_sort (self->fields, compare_labels);

  return g_steal_pointer (&self);
}

AudSegmentFields *
aud_segment_fields_ref (AudSegmentFields *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  g_atomic_ref_count_inc (&self->ref_count);
  return self;
}

void
aud_segment_fields_unref (AudSegmentFields *self)
{
  g_return_if_fail (self != NULL);

  if (!g_atomic_ref_count_dec (&self->ref_count))
    return;

  g_hash_table_unref (self->by_name);
  g_ptr_array_unref (self->fields);
  g_free (self->object);
  g_free (self);
}

const char *
aud_segment_fields_get_object (AudSegmentFields *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return self->object;
}

guint
aud_segment_fields_get_n (AudSegmentFields *self)
{
  g_return_val_if_fail (self != NULL, 0);

  return self->fields->len;
}

const AudSegmentField *
aud_segment_fields_get_nth (AudSegmentFields *self,
                            guint             i)
{
  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (i < self->fields->len, NULL);

  return g_ptr_array_index (self->fields, i);
}

const AudSegmentField *
aud_segment_fields_lookup (AudSegmentFields *self,
                           const char       *name)
{
  g_autofree char *key = NULL;

  g_return_val_if_fail (self != NULL, NULL);

  if (name == NULL)
    return NULL;
  key = g_ascii_strdown (name, -1);
  return g_hash_table_lookup (self->by_name, key);
}
