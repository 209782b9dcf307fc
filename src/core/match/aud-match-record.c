/* aud-match-record.c — one source record as the matcher sees it
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "aud-match-record.h"

AudMatchRecord *
aud_match_record_new (const char *id,
                      const char *source,
                      gint64      modstamp)
{
  AudMatchRecord *record = g_new0 (AudMatchRecord, 1);

  g_return_val_if_fail (id != NULL, NULL);

  record->id = g_strdup (id);
  record->source = g_strdup (source);
  record->modstamp = modstamp;
  return record;
}

void
aud_match_record_set (AudMatchRecord *record,
                      AudMatchField   field,
                      const char     *value)
{
  g_return_if_fail (record != NULL);
  g_return_if_fail (field < AUD_MATCH_N_FIELDS);

  g_free (record->values[field]);
  record->values[field] = (value != NULL && *value != '\0') ? g_strdup (value) : NULL;
}

void
aud_match_record_free (AudMatchRecord *record)
{
  if (record == NULL)
    return;
  for (guint i = 0; i < AUD_MATCH_N_FIELDS; i++)
    g_free (record->values[i]);
  g_free (record->id);
  g_free (record->source);
  g_free (record);
}

const char *
aud_match_field_to_string (AudMatchField field)
{
  static const char * const names[] = {
    "first_name", "last_name", "email", "alt_email", "phone", "mobile", "company", "website",
    "linkedin", "street", "postal_code", "country", "account_id",
  };

  G_STATIC_ASSERT (G_N_ELEMENTS (names) == AUD_MATCH_N_FIELDS);
  g_return_val_if_fail (field < AUD_MATCH_N_FIELDS, NULL);
  return names[field];
}
