/* aud-segment-file.h — a segment as a readable, versionable JSON file, like mapping files
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "aud-segment.h"

G_BEGIN_DECLS

#define AUD_SEGMENT_FILE_FORMAT  "org.example.Audiences.segment"
#define AUD_SEGMENT_FILE_VERSION 1

/* Pretty-printed, conditions in the builder's order. */
char       *aud_segment_file_export_data (AudSegment   *segment);
gboolean    aud_segment_file_export      (AudSegment   *segment,
                                          const char   *path,
                                          GError      **error);
/* Saves the file's segment into the audience, all or nothing: under `name` when given, else the
 * file's own name. The object must match the audience's and every condition must validate against
 * its mapped fields; a name already taken is an error, never an overwrite. */
AudSegment *aud_segment_file_import_data (AudAudience  *audience,
                                          const char   *data,
                                          gssize        length,
                                          const char   *name,
                                          GError      **error);
AudSegment *aud_segment_file_import      (AudAudience  *audience,
                                          const char   *path,
                                          const char   *name,
                                          GError      **error);

G_END_DECLS
