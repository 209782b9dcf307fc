/* aud-mapping-private.h — helpers the mapping module's files share
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <json-glib/json-glib.h>

G_BEGIN_DECLS

/* The member's string value, or NULL when it is missing or not a string. */
const char *aud_mapping_json_string (JsonObject *object,
                                     const char *name);

G_END_DECLS
