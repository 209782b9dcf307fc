/* aud-audience.h — a named configuration over one Salesforce object, stored in the workspace
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "aud-mapping-error.h"
#include "aud-store.h"

G_BEGIN_DECLS

#define AUD_TYPE_AUDIENCE (aud_audience_get_type ())
G_DECLARE_FINAL_TYPE (AudAudience, aud_audience, AUD, AUDIENCE, GObject)

/* Objects the sync handles today; never offer what does not work. NULL-terminated. */
const char * const *aud_audience_supported_objects (void);
gboolean     aud_audience_is_supported_object (const char   *object);

AudAudience *aud_audience_create        (AudStore     *store,
                                         const char   *name,
                                         const char   *object,
                                         GError      **error);
/* Element type AudAudience, sorted by name. */
GPtrArray   *aud_audience_list          (AudStore     *store,
                                         GError      **error);
AudAudience *aud_audience_lookup        (AudStore     *store,
                                         const char   *name,
                                         GError      **error);
AudAudience *aud_audience_lookup_by_id  (AudStore     *store,
                                         gint64        id,
                                         GError      **error);

AudStore    *aud_audience_get_store     (AudAudience  *self);
gint64       aud_audience_get_id        (AudAudience  *self);
const char  *aud_audience_get_name      (AudAudience  *self);
const char  *aud_audience_get_object    (AudAudience  *self);
const char  *aud_audience_get_created_at (AudAudience *self);
/* The audience's Salesforce source, shared with every audience on the same object. */
gint64       aud_audience_get_source_id (AudAudience  *self,
                                         GError      **error);
/* Whether that source has synced at least once (new fields then need a backfill). */
gboolean     aud_audience_has_synced    (AudAudience  *self,
                                         gboolean     *synced,
                                         GError      **error);

gboolean     aud_audience_rename        (AudAudience  *self,
                                         const char   *name,
                                         GError      **error);
/* A new audience with the same object, sources, mapped fields and rules. */
AudAudience *aud_audience_duplicate     (AudAudience  *self,
                                         const char   *name,
                                         GError      **error);
/* Removes the audience and its mapping. Sources stay when another audience uses them; the shared
 * Salesforce source of an object always stays (records are the connection's, not the audience's). */
gboolean     aud_audience_delete        (AudAudience  *self,
                                         GError      **error);

G_END_DECLS
