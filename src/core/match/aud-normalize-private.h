/* aud-normalize-private.h — helpers shared by the normaliser files
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Whether the first @len bytes of @s equal one entry of the NULL-terminated @list;
 * @len may be -1 for the whole string. */
gboolean aud_normalize_in_list (const char * const *list,
                                const char         *s,
                                gssize              len);

G_END_DECLS
