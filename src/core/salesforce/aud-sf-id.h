/* aud-sf-id.h — Salesforce record Ids: 15/18-character forms, checksum suffix, key prefixes
 *
 * Pure functions, no I/O: the sync engine, the write-back planner and the demo org all use them.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define AUD_SF_ID_PREFIX_ACCOUNT      "001"
#define AUD_SF_ID_PREFIX_CONTACT      "003"
#define AUD_SF_ID_PREFIX_USER         "005"
#define AUD_SF_ID_PREFIX_OPPORTUNITY  "006"
#define AUD_SF_ID_PREFIX_ORGANIZATION "00D"
#define AUD_SF_ID_PREFIX_LEAD         "00Q"
#define AUD_SF_ID_PREFIX_QUERY_LOCATOR "01g"
#define AUD_SF_ID_PREFIX_BULK_JOB     "750"

/* The three checksum characters that turn a 15-character Id into its case-insensitive 18-char
 * form. @id15 must be at least 15 characters; only the first 15 are read. */
void      aud_sf_id_checksum      (const char *id15,
                                   char        out_suffix[4]);

/* TRUE for a syntactically valid 15-char Id, or an 18-char Id whose suffix matches (compared
 * case-insensitively, as Salesforce accepts it). */
gboolean  aud_sf_id_is_valid      (const char *id);

/* Canonical 18-char form of a valid 15- or 18-char Id; NULL when invalid. An 18-char input keeps
 * its first 15 characters and gets the canonical (upper-case) suffix. */
char     *aud_sf_id_to_18         (const char *id);

/* First 15 characters of a valid Id (case-sensitive form); NULL when invalid. */
char     *aud_sf_id_to_15         (const char *id);

/* Builds an 18-char Id from a 3-char key prefix, an optional 2-char pod/instance part (NULL for
 * "00") and a serial number, e.g. ("003", NULL, 42) → "0030000000000qcAAA"-like Ids. Serials
 * are written in base 62 into the remaining 10 characters, so every serial gives a distinct Id. */
char     *aud_sf_id_make          (const char *prefix,
                                   const char *pod,
                                   guint64     serial);

/* TRUE when @a and @b name the same record: 18-char forms compare case-insensitively on the
 * suffix, the first 15 characters always case-sensitively. */
gboolean  aud_sf_id_equal         (const char *a,
                                   const char *b);

/* TRUE when the Id's first three characters are @prefix. */
gboolean  aud_sf_id_has_prefix    (const char *id,
                                   const char *prefix);

G_END_DECLS
