/* aud-mapping-error.h — the error domain of audiences, describes and field mappings
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define AUD_MAPPING_ERROR (aud_mapping_error_quark ())

/* Codes are what the caller must do differently. */
typedef enum
{
  AUD_MAPPING_ERROR_FAILED,
  AUD_MAPPING_ERROR_INVALID_NAME,        /* choose another audience name */
  AUD_MAPPING_ERROR_NAME_TAKEN,          /* choose another audience name */
  AUD_MAPPING_ERROR_UNSUPPORTED_OBJECT,  /* pick Contact or Account */
  AUD_MAPPING_ERROR_NOT_FOUND,           /* no such audience */
  AUD_MAPPING_ERROR_LOCKED,              /* the sync needs this field mapped */
  AUD_MAPPING_ERROR_NOT_WRITABLE,        /* Salesforce will not let us write this field */
  AUD_MAPPING_ERROR_UNKNOWN_FIELDS,      /* refresh the field list, or fix the file */
  AUD_MAPPING_ERROR_OBJECT_MISMATCH,     /* the file is for another object */
  AUD_MAPPING_ERROR_INVALID_FILE,        /* fix the file */
  AUD_MAPPING_ERROR_INVALID_DESCRIBE,    /* Salesforce sent something unexpected: refresh again */
} AudMappingError;

GQuark aud_mapping_error_quark (void);

G_END_DECLS
