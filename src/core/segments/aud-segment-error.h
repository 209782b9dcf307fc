/* aud-segment-error.h — the error domain of segments: definitions, validation, storage, files
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define AUD_SEGMENT_ERROR (aud_segment_error_quark ())

/* Codes are what the caller must do differently. */
typedef enum
{
  AUD_SEGMENT_ERROR_FAILED,
  AUD_SEGMENT_ERROR_INVALID_NAME,      /* choose another segment name */
  AUD_SEGMENT_ERROR_NAME_TAKEN,        /* choose another segment name */
  AUD_SEGMENT_ERROR_NOT_FOUND,         /* no such segment */
  AUD_SEGMENT_ERROR_UNMAPPED_FIELD,    /* map the field again, or change the condition */
  AUD_SEGMENT_ERROR_BAD_OPERATOR,      /* pick an operator that fits the field's type */
  AUD_SEGMENT_ERROR_BAD_VALUE,         /* fix the value (a date, a number, a count of days) */
  AUD_SEGMENT_ERROR_INVALID_FILE,      /* fix the file */
  AUD_SEGMENT_ERROR_OBJECT_MISMATCH,   /* the file is for another object */
  AUD_SEGMENT_ERROR_CANCELLED,
} AudSegmentError;

GQuark aud_segment_error_quark (void);

G_END_DECLS
