/* aud-sf-id.c — Salesforce record Ids: 15/18-character forms, checksum suffix, key prefixes
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "aud-sf-id.h"

static const char suffix_alphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZ012345";
static const char base62[] = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

void
aud_sf_id_checksum (const char *id15,
                    char        out_suffix[4])
{
  g_return_if_fail (id15 != NULL);

  for (guint chunk = 0; chunk < 3; chunk++)
    {
      guint bits = 0;

      /* Bit i is set when character i of the chunk is an upper-case letter: that is exactly the
       * information the 15-char form carries and a case-insensitive comparison would lose. */
      for (guint i = 0; i < 5; i++)
        {
          char c = id15[chunk * 5 + i];

          if (c >= 'A' && c <= 'Z')
            bits |= 1u << i;
        }
      out_suffix[chunk] = suffix_alphabet[bits];
    }
  out_suffix[3] = '\0';
}

static gboolean
is_id_char (char c)
{
  return g_ascii_isalnum (c);
}

gboolean
aud_sf_id_is_valid (const char *id)
{
  size_t len;
  char suffix[4];

  if (id == NULL)
    return FALSE;

  len = strlen (id);
  if (len != 15 && len != 18)
    return FALSE;

  for (size_t i = 0; i < len; i++)
    if (!is_id_char (id[i]))
      return FALSE;

  if (len == 15)
    return TRUE;

  aud_sf_id_checksum (id, suffix);
  return g_ascii_strncasecmp (id + 15, suffix, 3) == 0;
}

char *
aud_sf_id_to_18 (const char *id)
{
  char out[19];

  if (!aud_sf_id_is_valid (id))
    return NULL;

  memcpy (out, id, 15);
  aud_sf_id_checksum (id, out + 15);
  out[18] = '\0';
  return g_strdup (out);
}

char *
aud_sf_id_to_15 (const char *id)
{
  if (!aud_sf_id_is_valid (id))
    return NULL;

  return g_strndup (id, 15);
}

char *
aud_sf_id_make (const char *prefix,
                const char *pod,
                guint64     serial)
{
  char out[19];

  g_return_val_if_fail (prefix != NULL && strlen (prefix) == 3, NULL);
  g_return_val_if_fail (pod == NULL || strlen (pod) == 2, NULL);

  memcpy (out, prefix, 3);
  memcpy (out + 3, pod != NULL ? pod : "00", 2);
  for (int i = 14; i >= 5; i--)
    {
      out[i] = base62[serial % 62];
      serial /= 62;
    }
  aud_sf_id_checksum (out, out + 15);
  out[18] = '\0';
  return g_strdup (out);
}

gboolean
aud_sf_id_equal (const char *a,
                 const char *b)
{
  if (a == NULL || b == NULL)
    return a == b;

  if (strlen (a) < 15 || strlen (b) < 15)
    return g_strcmp0 (a, b) == 0;

  return strncmp (a, b, 15) == 0;
}

gboolean
aud_sf_id_has_prefix (const char *id,
                      const char *prefix)
{
  g_return_val_if_fail (prefix != NULL, FALSE);

  return id != NULL && strncmp (id, prefix, 3) == 0 && strlen (id) >= 3;
}
