/* aud-pkce.c — PKCE verifier/challenge (RFC 7636, S256) and the OAuth state value
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <errno.h>
#include <gio/gio.h>
#include <string.h>
#include <sys/random.h>

#include "aud-pkce.h"

/* base64url without padding, as RFC 7636 §4.2 and Salesforce require. */
char *
aud_base64url_encode (const guint8 *data,
                      gsize         len)
{
  char *s = g_base64_encode (data, len);
  gsize n = strlen (s);

  for (gsize i = 0; i < n; i++)
    {
      if (s[i] == '+')
        s[i] = '-';
      else if (s[i] == '/')
        s[i] = '_';
    }
  while (n > 0 && s[n - 1] == '=')
    s[--n] = '\0';

  return s;
}

char *
aud_pkce_random_token (gsize    n_bytes,
                       GError **error)
{
  g_autofree guint8 *buf = NULL;
  gsize filled = 0;
  char *token;

  g_return_val_if_fail (n_bytes > 0 && n_bytes <= 256, NULL);

  buf = g_malloc (n_bytes);
  while (filled < n_bytes)
    {
      ssize_t r = getrandom (buf + filled, n_bytes - filled, 0);

      if (r < 0)
        {
          int saved = errno;

          if (saved == EINTR)
            continue;
          g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved),
                       "getrandom: %s", g_strerror (saved));
          return NULL;
        }
      filled += (gsize) r;
    }

  token = aud_base64url_encode (buf, n_bytes);
  memset (buf, 0, n_bytes);
  return token;
}

/* 32 bytes → 43 characters: the shortest verifier RFC 7636 allows, 256 bits of entropy. */
char *
aud_pkce_new_verifier (GError **error)
{
  return aud_pkce_random_token (32, error);
}

char *
aud_pkce_new_state (GError **error)
{
  return aud_pkce_random_token (16, error);
}

char *
aud_pkce_challenge_s256 (const char *verifier)
{
  g_autoptr(GChecksum) sum = NULL;
  guint8 digest[32];
  gsize len = sizeof digest;

  g_return_val_if_fail (verifier != NULL, NULL);

  sum = g_checksum_new (G_CHECKSUM_SHA256);
  g_checksum_update (sum, (const guchar *) verifier, -1);
  g_checksum_get_digest (sum, digest, &len);
  return aud_base64url_encode (digest, len);
}
