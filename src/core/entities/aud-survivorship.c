/* aud-survivorship.c — choosing each golden value from an entity's members, with the reason
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "aud-survivorship.h"

static const char * const rule_names[] = {
  "source-priority", "most-recent", "most-complete", "most-frequent", "pinned",
};

const char *
aud_survivorship_rule_to_string (AudSurvivorshipRule rule)
{
  g_return_val_if_fail (rule <= AUD_SURVIVORSHIP_PINNED, NULL);
  return rule_names[rule];
}

gboolean
aud_survivorship_rule_from_string (const char          *s,
                                   AudSurvivorshipRule *rule)
{
  for (guint i = 0; i < AUD_SURVIVORSHIP_PINNED; i++)
    if (g_strcmp0 (s, rule_names[i]) == 0)
      {
        *rule = i;
        return TRUE;
      }
  return FALSE;
}

static gboolean
has_value (const AudSurvivorshipCandidate *c)
{
  const char *p = c->value;

  if (p == NULL)
    return FALSE;
  for (; *p != '\0'; p = g_utf8_next_char (p))
    if (!g_unichar_isspace (g_utf8_get_char (p)))
      return TRUE;
  return FALSE;
}

static guint
priority_of (const AudSurvivorshipInput *input,
             const char                 *kind)
{
  guint i = 0;

  for (; input->source_priority != NULL && input->source_priority[i] != NULL; i++)
    if (g_strcmp0 (input->source_priority[i], kind) == 0)
      return i;
  return G_MAXUINT;
}

/* The shared tie-break: negative when @a beats @b. */
static int
compare_fallback (const AudSurvivorshipInput     *input,
                  const AudSurvivorshipCandidate *a,
                  const AudSurvivorshipCandidate *b)
{
  guint pa = priority_of (input, a->source_kind), pb = priority_of (input, b->source_kind);

  if (pa != pb)
    return pa < pb ? -1 : 1;
  if (a->modstamp != b->modstamp)
    return a->modstamp > b->modstamp ? -1 : 1;
  if (a->record_id != b->record_id)
    return a->record_id < b->record_id ? -1 : 1;
  return 0;
}

static glong
completeness (const char *value)
{
  g_autofree char *stripped = g_strstrip (g_strdup (value));

  return g_utf8_strlen (stripped, -1);
}

static int
compare_by_rule (const AudSurvivorshipInput     *input,
                 AudSurvivorshipRule             rule,
                 const AudSurvivorshipCandidate *a,
                 const AudSurvivorshipCandidate *b)
{
  switch (rule)
    {
    case AUD_SURVIVORSHIP_MOST_RECENT:
      if (a->modstamp != b->modstamp)
        return a->modstamp > b->modstamp ? -1 : 1;
      break;
    case AUD_SURVIVORSHIP_MOST_COMPLETE:
      {
        glong la = completeness (a->value), lb = completeness (b->value);

        if (la != lb)
          return la > lb ? -1 : 1;
      }
      break;
    case AUD_SURVIVORSHIP_SOURCE_PRIORITY:
    case AUD_SURVIVORSHIP_MOST_FREQUENT:
    case AUD_SURVIVORSHIP_PINNED:
    default:
      break;
    }
  return compare_fallback (input, a, b);
}

static char *
frequency_key (const char *value)
{
  g_autofree char *stripped = g_strstrip (g_strdup (value));

  return g_utf8_casefold (stripped, -1);
}

int
aud_survivorship_choose (const AudSurvivorshipCandidate *candidates,
                         guint                           n_candidates,
                         const AudSurvivorshipInput     *input,
                         AudSurvivorshipRule            *reason)
{
  int best = -1;

  g_return_val_if_fail (input != NULL && reason != NULL, -1);
  g_return_val_if_fail (candidates != NULL || n_candidates == 0, -1);

  if (input->has_pin)
    {
      *reason = AUD_SURVIVORSHIP_PINNED;
      for (guint i = 0; i < n_candidates; i++)
        if (candidates[i].record_id == input->pinned_record_id)
          return i;
      return -1;
    }

  *reason = input->rule;

  if (input->rule == AUD_SURVIVORSHIP_MOST_FREQUENT)
    {
      g_autoptr(GHashTable) counts = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
      g_autofree char **keys = g_new0 (char *, n_candidates);
      guint best_count = 0;

      for (guint i = 0; i < n_candidates; i++)
        {
          guint count;

          if (!has_value (&candidates[i]))
            continue;
          keys[i] = frequency_key (candidates[i].value);
          count = GPOINTER_TO_UINT (g_hash_table_lookup (counts, keys[i])) + 1;
          g_hash_table_replace (counts, g_strdup (keys[i]), GUINT_TO_POINTER (count));
        }
      for (guint i = 0; i < n_candidates; i++)
        if (keys[i] != NULL)
          best_count = MAX (best_count, GPOINTER_TO_UINT (g_hash_table_lookup (counts, keys[i])));
      /* among the values with the top count, the usual tie-break picks the member */
      for (guint i = 0; i < n_candidates; i++)
        if (keys[i] != NULL &&
            GPOINTER_TO_UINT (g_hash_table_lookup (counts, keys[i])) == best_count &&
            (best < 0 || compare_fallback (input, &candidates[i], &candidates[best]) < 0))
          best = i;
      for (guint i = 0; i < n_candidates; i++)
        g_free (keys[i]);
      return best;
    }

  for (guint i = 0; i < n_candidates; i++)
    if (has_value (&candidates[i]) &&
        (best < 0 || compare_by_rule (input, input->rule, &candidates[i], &candidates[best]) < 0))
      best = i;
  return best;
}
