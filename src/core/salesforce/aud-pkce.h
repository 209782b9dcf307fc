/* aud-pkce.h — PKCE verifier/challenge (RFC 7636, S256) and the OAuth state value
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* All random values come from the kernel (getrandom), never GRand. */
char *aud_pkce_random_token   (gsize        n_bytes,
                               GError     **error);
char *aud_pkce_new_verifier   (GError     **error);
char *aud_pkce_new_state      (GError     **error);
char *aud_pkce_challenge_s256 (const char  *verifier);
char *aud_base64url_encode    (const guint8 *data,
                               gsize         len);

G_END_DECLS
