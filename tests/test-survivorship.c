/* test-survivorship.c — which member's value becomes the golden one, and why (table-driven)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "aud-survivorship.h"

#define MAX_MEMBERS 4

typedef struct
{
  const char              *name;
  AudSurvivorshipRule      rule;
  AudSurvivorshipCandidate members[MAX_MEMBERS];
  guint                    n_members;
  gboolean                 has_pin;
  gint64                   pinned_record;
  int                      winner;      /* index, -1: none */
  AudSurvivorshipRule      reason;
} Case;

static const char * const priority[] = { "salesforce", "warehouse", "csv", NULL };

static const Case cases[] = {
  /* source priority */
  { "priority: salesforce beats a newer csv value", AUD_SURVIVORSHIP_SOURCE_PRIORITY,
    { { "Robert", "csv", 200, 1 }, { "Bob", "salesforce", 100, 2 } }, 2, FALSE, 0, 1, AUD_SURVIVORSHIP_SOURCE_PRIORITY },
  { "priority: warehouse beats csv", AUD_SURVIVORSHIP_SOURCE_PRIORITY,
    { { "a", "csv", 300, 1 }, { "b", "warehouse", 100, 2 } }, 2, FALSE, 0, 1, AUD_SURVIVORSHIP_SOURCE_PRIORITY },
  { "priority: a blank trusted value gives way", AUD_SURVIVORSHIP_SOURCE_PRIORITY,
    { { "  ", "salesforce", 300, 1 }, { "VP Sales", "csv", 100, 2 } }, 2, FALSE, 0, 1, AUD_SURVIVORSHIP_SOURCE_PRIORITY },
  { "priority: same source, the newer wins", AUD_SURVIVORSHIP_SOURCE_PRIORITY,
    { { "old", "salesforce", 100, 1 }, { "new", "salesforce", 200, 2 } }, 2, FALSE, 0, 1, AUD_SURVIVORSHIP_SOURCE_PRIORITY },
  { "priority: unknown kinds come last", AUD_SURVIVORSHIP_SOURCE_PRIORITY,
    { { "x", "marketo", 900, 1 }, { "y", "csv", 100, 2 } }, 2, FALSE, 0, 1, AUD_SURVIVORSHIP_SOURCE_PRIORITY },
  /* most recent */
  { "recent: the newest modstamp wins over priority", AUD_SURVIVORSHIP_MOST_RECENT,
    { { "old", "salesforce", 100, 1 }, { "new", "csv", 200, 2 } }, 2, FALSE, 0, 1, AUD_SURVIVORSHIP_MOST_RECENT },
  { "recent: a tie falls back to priority", AUD_SURVIVORSHIP_MOST_RECENT,
    { { "c", "csv", 100, 1 }, { "s", "salesforce", 100, 2 } }, 2, FALSE, 0, 1, AUD_SURVIVORSHIP_MOST_RECENT },
  { "recent: a full tie goes to the oldest record", AUD_SURVIVORSHIP_MOST_RECENT,
    { { "b", "csv", 100, 7 }, { "a", "csv", 100, 3 } }, 2, FALSE, 0, 1, AUD_SURVIVORSHIP_MOST_RECENT },
  /* most complete */
  { "complete: the longest value", AUD_SURVIVORSHIP_MOST_COMPLETE,
    { { "12 Main St", "salesforce", 300, 1 }, { "12 Main Street, Suite 4", "csv", 100, 2 } }, 2, FALSE, 0, 1,
    AUD_SURVIVORSHIP_MOST_COMPLETE },
  { "complete: surrounding spaces do not count", AUD_SURVIVORSHIP_MOST_COMPLETE,
    { { "Acme Inc", "salesforce", 100, 1 }, { "   Acme    ", "csv", 100, 2 } }, 2, FALSE, 0, 0,
    AUD_SURVIVORSHIP_MOST_COMPLETE },
  { "complete: characters, not bytes", AUD_SURVIVORSHIP_MOST_COMPLETE,
    { { "Zoë", "csv", 100, 1 }, { "Zoey", "csv", 100, 2 } }, 2, FALSE, 0, 1, AUD_SURVIVORSHIP_MOST_COMPLETE },
  /* most frequent */
  { "frequent: the majority wins over priority", AUD_SURVIVORSHIP_MOST_FREQUENT,
    { { "CTO", "salesforce", 300, 1 }, { "VP Eng", "csv", 100, 2 }, { "vp eng ", "csv", 200, 3 } }, 3, FALSE, 0, 2,
    AUD_SURVIVORSHIP_MOST_FREQUENT },
  { "frequent: a tie goes to the trusted source", AUD_SURVIVORSHIP_MOST_FREQUENT,
    { { "a", "csv", 300, 1 }, { "b", "salesforce", 100, 2 } }, 2, FALSE, 0, 1, AUD_SURVIVORSHIP_MOST_FREQUENT },
  /* pins */
  { "pin: beats every rule", AUD_SURVIVORSHIP_SOURCE_PRIORITY,
    { { "Robert", "salesforce", 300, 1 }, { "Bob", "csv", 100, 2 } }, 2, TRUE, 2, 1, AUD_SURVIVORSHIP_PINNED },
  { "pin: the record left the entity", AUD_SURVIVORSHIP_SOURCE_PRIORITY,
    { { "Robert", "salesforce", 300, 1 } }, 1, TRUE, 9, -1, AUD_SURVIVORSHIP_PINNED },
  /* nothing */
  { "none: no member has a value", AUD_SURVIVORSHIP_MOST_RECENT,
    { { NULL, "salesforce", 300, 1 }, { "", "csv", 100, 2 } }, 2, FALSE, 0, -1, AUD_SURVIVORSHIP_MOST_RECENT },
  { "none: no members", AUD_SURVIVORSHIP_MOST_FREQUENT, { { 0 } }, 0, FALSE, 0, -1, AUD_SURVIVORSHIP_MOST_FREQUENT },
};

static void
test_case (gconstpointer data)
{
  const Case *c = data;
  AudSurvivorshipInput input = { 0, };
  AudSurvivorshipRule reason;
  int winner;

  input.rule = c->rule;
  input.source_priority = priority;
  input.has_pin = c->has_pin;
  input.pinned_record_id = c->pinned_record;
  input.pinned_value = "pinned";

  winner = aud_survivorship_choose (c->members, c->n_members, &input, &reason);
  g_assert_cmpint (winner, ==, c->winner);
  g_assert_cmpstr (aud_survivorship_rule_to_string (reason), ==, aud_survivorship_rule_to_string (c->reason));
}

/* Order must not matter: a reversed member list gives the same winning record. */
static void
test_order_independent (void)
{
  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      const Case *c = &cases[i];
      AudSurvivorshipCandidate reversed[MAX_MEMBERS];
      AudSurvivorshipInput input = { 0, };
      AudSurvivorshipRule reason;
      int winner;

      if (c->winner < 0)
        continue;
      for (guint m = 0; m < c->n_members; m++)
        reversed[m] = c->members[c->n_members - 1 - m];
      input.rule = c->rule;
      input.source_priority = priority;
      input.has_pin = c->has_pin;
      input.pinned_record_id = c->pinned_record;
      winner = aud_survivorship_choose (reversed, c->n_members, &input, &reason);
      g_assert_cmpint (winner, >=, 0);
      g_assert_cmpint (reversed[winner].record_id, ==, c->members[c->winner].record_id);
    }
}

static void
test_rule_names (void)
{
  AudSurvivorshipRule rule;

  for (AudSurvivorshipRule r = AUD_SURVIVORSHIP_SOURCE_PRIORITY; r < AUD_SURVIVORSHIP_PINNED; r++)
    {
      g_assert_true (aud_survivorship_rule_from_string (aud_survivorship_rule_to_string (r), &rule));
      g_assert_cmpint (rule, ==, r);
    }
  /* a pin is something a person does, not a rule an audience can choose */
  g_assert_false (aud_survivorship_rule_from_string ("pinned", &rule));
  g_assert_false (aud_survivorship_rule_from_string ("newest", &rule));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *path = g_strdup_printf ("/survivorship/case/%u", i);

      g_test_add_data_func (path, &cases[i], test_case);
    }
  g_test_add_func ("/survivorship/order-independent", test_order_independent);
  g_test_add_func ("/survivorship/rule-names", test_rule_names);
  return g_test_run ();
}
