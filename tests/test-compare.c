/* test-compare.c — Jaro-Winkler, token sets and given-name comparison, with their levels
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "aud-compare.h"

static void
test_jaro_winkler (void)
{
  /* reference values from Winkler (1990) */
  static const struct { const char *a, *b; double expected; } cases[] = {
    { "martha", "marhta", 0.961 }, { "dwayne", "duane", 0.840 }, { "dixon", "dicksonx", 0.813 },
    { "jellyfish", "smellyfish", 0.896 }, { "same", "same", 1.0 }, { "abc", "xyz", 0.0 },
    { "", "", 0.0 }, { "a", "", 0.0 }, { "josé", "jose", 0.883 }, { "müller", "muller", 0.9 },
  };

  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      double got = aud_jaro_winkler (cases[i].a, cases[i].b);

      if (ABS (got - cases[i].expected) > 0.001)
        g_error ("jw(%s, %s) = %.4f, expected %.3f", cases[i].a, cases[i].b, got,
                 cases[i].expected);
      /* symmetric */
      g_assert_cmpfloat_with_epsilon (got, aud_jaro_winkler (cases[i].b, cases[i].a), 1e-9);
    }
  g_assert_cmpfloat (aud_jaro_winkler (NULL, "x"), ==, 0.0);

  /* longer than the stack buffers */
  {
    g_autofree char *a = g_strnfill (100, 'a');
    g_autofree char *b = g_strdup (a);

    b[50] = 'b';
    g_assert_cmpfloat (aud_jaro_winkler (a, b), >, 0.98);
    g_assert_cmpfloat (aud_jaro_winkler (a, b), <, 1.0);
  }
}

static void
test_token_set (void)
{
  static const struct { const char *a, *b; double lo, hi; } cases[] = {
    { "acme holdings", "holdings acme", 1.0, 1.0 },
    { "garcia lopez", "garcia", 0.83, 0.84 },
    { "acme", "globex", 0.0, 0.0 },
    { "johnson and johnson", "jonson and johnson", 1.0, 1.0 },
    { "international business machines", "ibm", 0.0, 0.0 },
    { "bank of america", "bank america", 0.89, 0.91 },
    { "", "acme", 0.0, 0.0 },
  };

  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      double got = aud_token_set_similarity (cases[i].a, cases[i].b);

      if (got < cases[i].lo - 1e-9 || got > cases[i].hi + 1e-9)
        g_error ("tokens(%s, %s) = %.4f, expected [%.2f, %.2f]", cases[i].a, cases[i].b, got,
                 cases[i].lo, cases[i].hi);
    }
}

typedef struct
{
  const char   *a;
  const char   *b;
  AudMatchLevel level;
} LevelCase;

static void
check_levels (const char      *what,
              AudComparison  (*fn) (const char *, const char *),
              const LevelCase *cases,
              gsize            n)
{
  for (gsize i = 0; i < n; i++)
    {
      AudComparison c = fn (cases[i].a, cases[i].b);
      AudComparison r = fn (cases[i].b, cases[i].a);

      if (c.level != cases[i].level)
        g_error ("%s(%s, %s) = %s %.3f, expected %s", what, cases[i].a, cases[i].b,
                 aud_match_level_to_string (c.level), c.score,
                 aud_match_level_to_string (cases[i].level));
      g_assert_cmpint (c.level, ==, r.level);
      g_assert_cmpfloat (c.score, >=, 0.0);
      g_assert_cmpfloat (c.score, <=, 1.0);
      if (c.level == AUD_MATCH_LEVEL_EXACT)
        g_assert_cmpfloat (c.score, ==, 1.0);
      if (c.level == AUD_MATCH_LEVEL_MISSING)
        g_assert_cmpfloat (c.score, ==, 0.0);
    }
}

static void
test_first_name (void)
{
  static const LevelCase cases[] = {
    { "robert", "robert", AUD_MATCH_LEVEL_EXACT },
    { "robert", "bob", AUD_MATCH_LEVEL_SIMILAR },
    { "bobby", "rob", AUD_MATCH_LEVEL_SIMILAR },
    { "katherine", "kate", AUD_MATCH_LEVEL_SIMILAR },
    { "william", "liam", AUD_MATCH_LEVEL_SIMILAR },
    { "jon", "john", AUD_MATCH_LEVEL_SIMILAR },
    { "micheal", "michael", AUD_MATCH_LEVEL_SIMILAR },
    { "j", "john", AUD_MATCH_LEVEL_SIMILAR },
    { "john", "mary", AUD_MATCH_LEVEL_DIFFERENT },
    { "john", "joan", AUD_MATCH_LEVEL_DIFFERENT },
    { "mary", "mark", AUD_MATCH_LEVEL_DIFFERENT },
    { "robert", "richard", AUD_MATCH_LEVEL_DIFFERENT },
    { "j", "mary", AUD_MATCH_LEVEL_DIFFERENT },
    { NULL, "john", AUD_MATCH_LEVEL_MISSING },
    { "", "john", AUD_MATCH_LEVEL_MISSING },
  };

  check_levels ("first", aud_compare_first_name, cases, G_N_ELEMENTS (cases));
  g_assert_cmpfloat (aud_compare_first_name ("robert", "bob").score, >,
                     aud_compare_first_name ("j", "john").score);
}

static AudComparison
compare_surname (const char *a,
                 const char *b)
{
  return aud_compare_jaro_winkler (a, b, 0.88);
}

static AudComparison
compare_company (const char *a,
                 const char *b)
{
  return aud_compare_tokens (a, b, 0.7);
}

static void
test_levels (void)
{
  static const LevelCase surnames[] = {
    { "smith", "smith", AUD_MATCH_LEVEL_EXACT },
    { "smith", "smyth", AUD_MATCH_LEVEL_SIMILAR },
    { "johnson", "jonson", AUD_MATCH_LEVEL_SIMILAR },
    { "smith", "jones", AUD_MATCH_LEVEL_DIFFERENT },
    { "smith", NULL, AUD_MATCH_LEVEL_MISSING },
  };
  static const LevelCase companies[] = {
    { "acme", "acme", AUD_MATCH_LEVEL_EXACT },
    { "acme holdings", "holdings acme", AUD_MATCH_LEVEL_EXACT },
    { "acme", "acme holdings", AUD_MATCH_LEVEL_SIMILAR },
    { "acme", "globex", AUD_MATCH_LEVEL_DIFFERENT },
    { "first national bank", "national bank of canada", AUD_MATCH_LEVEL_DIFFERENT },
    { NULL, "acme", AUD_MATCH_LEVEL_MISSING },
  };
  static const LevelCase exact[] = {
    { "+14155550100", "+14155550100", AUD_MATCH_LEVEL_EXACT },
    { "+14155550100", "+14155550101", AUD_MATCH_LEVEL_DIFFERENT },
    { "", "+14155550100", AUD_MATCH_LEVEL_MISSING },
  };

  check_levels ("surname", compare_surname, surnames, G_N_ELEMENTS (surnames));
  check_levels ("company", compare_company, companies, G_N_ELEMENTS (companies));
  check_levels ("exact", aud_compare_exact, exact, G_N_ELEMENTS (exact));
  g_assert_cmpstr (aud_match_level_to_string (AUD_MATCH_LEVEL_SIMILAR), ==, "similar");
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/compare/jaro-winkler", test_jaro_winkler);
  g_test_add_func ("/compare/token-set", test_token_set);
  g_test_add_func ("/compare/first-name", test_first_name);
  g_test_add_func ("/compare/levels", test_levels);

  return g_test_run ();
}
