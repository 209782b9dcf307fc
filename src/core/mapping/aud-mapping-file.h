/* aud-mapping-file.h — a mapping as a readable, versionable JSON file, for review and restore
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "aud-audience.h"
#include "aud-describe.h"

G_BEGIN_DECLS

#define AUD_MAPPING_FILE_FORMAT  "org.example.Audiences.mapping"
#define AUD_MAPPING_FILE_VERSION 1

/* Pretty-printed, fields sorted by name, so files diff cleanly under version control. */
char     *aud_mapping_file_export_data (AudAudience  *audience,
                                        GError      **error);
gboolean  aud_mapping_file_export      (AudAudience  *audience,
                                        const char   *path,
                                        GError      **error);
/* Replaces the audience's mapping with the file's, all or nothing. With a describe, every field
 * must exist there (AUD_MAPPING_ERROR_UNKNOWN_FIELDS lists the ones that do not) and only
 * writable fields may have a rule other than never. */
gboolean  aud_mapping_file_import_data (AudAudience  *audience,
                                        AudDescribe  *describe,
                                        const char   *data,
                                        gssize        length,
                                        guint        *n_fields,
                                        GError      **error);
gboolean  aud_mapping_file_import      (AudAudience  *audience,
                                        AudDescribe  *describe,
                                        const char   *path,
                                        guint        *n_fields,
                                        GError      **error);

G_END_DECLS
