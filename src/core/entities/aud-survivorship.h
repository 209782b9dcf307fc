/* aud-survivorship.h — choosing each golden value from an entity's members, with the reason
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Pure: plain values in, an index and a reason out, so the rules can be table-tested and the
 * store layer only feeds and persists them.
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef enum
{
  AUD_SURVIVORSHIP_SOURCE_PRIORITY,  /* the value of the most trusted source kind */
  AUD_SURVIVORSHIP_MOST_RECENT,      /* the value of the most recently modified record */
  AUD_SURVIVORSHIP_MOST_COMPLETE,    /* the longest value ("Robert J. Smith" over "Bob") */
  AUD_SURVIVORSHIP_MOST_FREQUENT,    /* the value most members agree on, ignoring case */
  AUD_SURVIVORSHIP_PINNED,           /* a person pinned it: only a reason, never a rule */
} AudSurvivorshipRule;

const char *aud_survivorship_rule_to_string   (AudSurvivorshipRule rule);
/* FALSE for unknown names and for "pinned", which is not a rule one can choose. */
gboolean    aud_survivorship_rule_from_string (const char          *s,
                                               AudSurvivorshipRule *rule);

/* One member's value for one field. */
typedef struct
{
  const char *value;        /* NULL or blank: the member has nothing to offer */
  const char *source_kind;  /* "salesforce", "csv", "warehouse" */
  gint64      modstamp;     /* Unix seconds; 0 when unknown */
  gint64      record_id;    /* the last tie-break: the oldest record */
} AudSurvivorshipCandidate;

typedef struct
{
  AudSurvivorshipRule  rule;
  const char * const  *source_priority;  /* kinds, most trusted first; unknown kinds last */
  gboolean             has_pin;
  const char          *pinned_value;     /* wins whatever the rule when has_pin */
  gint64               pinned_record_id;
} AudSurvivorshipInput;

/* The index of the winning candidate and why it won; -1 when no member has a value (nor a pin).
 * A pin returns the index of the pinned record when it is a member, else -1 with *reason
 * PINNED: the caller keeps the pinned value anyway. Ties always fall back in the same order:
 * source priority, then most recent, then the oldest record, so results are deterministic. */
int         aud_survivorship_choose           (const AudSurvivorshipCandidate *candidates,
                                               guint                           n_candidates,
                                               const AudSurvivorshipInput     *input,
                                               AudSurvivorshipRule            *reason);

G_END_DECLS
