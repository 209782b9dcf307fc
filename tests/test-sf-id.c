/* test-sf-id.c — Salesforce Ids: checksum suffix against published vectors, 15↔18, validation
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "aud-sf-id.h"

static void
test_checksum_vectors (void)
{
  /* Real Ids from Salesforce documentation and published test vectors (salesforce-api.md §8). */
  static const char * const vectors[][2] = {
    { "00D50000000IZ3Z", "00D50000000IZ3ZEAW" },
    { "00550000001fg5O", "00550000001fg5OAAQ" },
    { "a00D0000008pQRA", "a00D0000008pQRAIA2" },
    { "001D000000INjVe", "001D000000INjVeIAL" },
    { "a0BA0000000L2ZC", "a0BA0000000L2ZCMA0" },
    { "70130000001tcyI", "70130000001tcyIAAQ" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (vectors); i++)
    {
      g_autofree char *id18 = aud_sf_id_to_18 (vectors[i][0]);
      g_autofree char *again = aud_sf_id_to_18 (vectors[i][1]);
      g_autofree char *id15 = aud_sf_id_to_15 (vectors[i][1]);

      g_assert_cmpstr (id18, ==, vectors[i][1]);
      g_assert_cmpstr (again, ==, vectors[i][1]);
      g_assert_cmpstr (id15, ==, vectors[i][0]);
    }
}

static void
test_validation (void)
{
  g_autofree char *lower_suffix = NULL;

  g_assert_true (aud_sf_id_is_valid ("001D000000INjVe"));
  g_assert_true (aud_sf_id_is_valid ("001D000000INjVeIAL"));
  /* The suffix is case-insensitive: that's its whole point. */
  g_assert_true (aud_sf_id_is_valid ("001D000000INjVeial"));
  g_assert_false (aud_sf_id_is_valid ("001D000000INjVeAAA"));
  g_assert_false (aud_sf_id_is_valid ("001D000000INjV"));
  g_assert_false (aud_sf_id_is_valid ("001D000000INjVe!AL"));
  g_assert_false (aud_sf_id_is_valid (""));
  g_assert_false (aud_sf_id_is_valid (NULL));
  g_assert_null (aud_sf_id_to_18 ("not-an-id"));

  lower_suffix = aud_sf_id_to_18 ("001D000000INjVeial");
  g_assert_cmpstr (lower_suffix, ==, "001D000000INjVeIAL");
}

static void
test_equal (void)
{
  g_assert_true (aud_sf_id_equal ("001D000000INjVe", "001D000000INjVeIAL"));
  /* 15-char Ids differing only in case are different records. */
  g_assert_false (aud_sf_id_equal ("001D000000INjVe", "001D000000InjVe"));
}

static void
test_make (void)
{
  g_autoptr(GHashTable) seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

  for (guint64 serial = 0; serial < 5000; serial += 7)
    {
      char *id = aud_sf_id_make ("003", "8d", serial);

      g_assert_cmpuint (strlen (id), ==, 18);
      g_assert_true (aud_sf_id_is_valid (id));
      g_assert_true (aud_sf_id_has_prefix (id, AUD_SF_ID_PREFIX_CONTACT));
      g_assert_false (g_hash_table_contains (seen, id));
      g_hash_table_add (seen, id);
    }

  /* Serial order is Id order, so generated rows insert in primary-key order. */
  {
    g_autofree char *a = aud_sf_id_make ("003", "8d", 61);
    g_autofree char *b = aud_sf_id_make ("003", "8d", 62);

    g_assert_cmpint (strncmp (a, b, 15), <, 0);
  }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/sf-id/checksum-vectors", test_checksum_vectors);
  g_test_add_func ("/sf-id/validation", test_validation);
  g_test_add_func ("/sf-id/equal", test_equal);
  g_test_add_func ("/sf-id/make", test_make);

  return g_test_run ();
}
