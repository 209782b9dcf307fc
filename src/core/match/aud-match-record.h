/* aud-match-record.h — one source record as the matcher sees it: ids plus raw field values
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* The fields the matcher understands, whatever the source called them; the mapping layer
 * fills them from an audience's mapped fields. Values are raw: the matcher normalises. */
typedef enum
{
  AUD_MATCH_FIELD_FIRST_NAME,
  AUD_MATCH_FIELD_LAST_NAME,    /* may be empty when FIRST_NAME holds a full name */
  AUD_MATCH_FIELD_EMAIL,
  AUD_MATCH_FIELD_ALT_EMAIL,
  AUD_MATCH_FIELD_PHONE,
  AUD_MATCH_FIELD_MOBILE,
  AUD_MATCH_FIELD_COMPANY,      /* the employer's name as typed, or the account's name */
  AUD_MATCH_FIELD_WEBSITE,
  AUD_MATCH_FIELD_LINKEDIN,
  AUD_MATCH_FIELD_STREET,
  AUD_MATCH_FIELD_POSTAL_CODE,
  AUD_MATCH_FIELD_COUNTRY,      /* ISO alpha-2 when known; picks the phone/postal rules */
  AUD_MATCH_FIELD_ACCOUNT_ID,   /* the CRM account the contact belongs to, when known */
  AUD_MATCH_N_FIELDS
} AudMatchField;

typedef struct
{
  char   *id;        /* the record's id in its source (a Salesforce id, a CSV row key) */
  char   *source;    /* "salesforce", "csv", "warehouse"… */
  gint64  modstamp;  /* last modification, Unix seconds */
  char   *values[AUD_MATCH_N_FIELDS];
} AudMatchRecord;

AudMatchRecord *aud_match_record_new   (const char     *id,
                                        const char     *source,
                                        gint64          modstamp);
void            aud_match_record_set   (AudMatchRecord *record,
                                        AudMatchField   field,
                                        const char     *value);
void            aud_match_record_free  (AudMatchRecord *record);
const char     *aud_match_field_to_string (AudMatchField field);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (AudMatchRecord, aud_match_record_free)

G_END_DECLS
