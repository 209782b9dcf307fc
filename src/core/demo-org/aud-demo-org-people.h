/* aud-demo-org-people.h — generated people and companies as pure functions of (seed, index)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "aud-demo-org-private.h"
#include "aud-demo-org-words.h"

G_BEGIN_DECLS

static inline guint64
mix (guint64 x)
{
  x += 0x9E3779B97F4A7C15ull;
  x = (x ^ (x >> 30)) * 0xBF58476D1CE4E5B9ull;
  x = (x ^ (x >> 27)) * 0x94D049BB133111EBull;
  return x ^ (x >> 31);
}

/* A stream of values for one (seed, object, index) — same inputs, same sequence. */
typedef struct
{
  guint64 state;
} Rng;

static inline void
rng_init (Rng        *rng,
          guint64     seed,
          guint       salt,
          guint64     index)
{
  rng->state = mix (seed ^ mix (((guint64) salt << 40) ^ index));
}

static inline guint64
rng_next (Rng *rng)
{
  rng->state = mix (rng->state);
  return rng->state;
}

static inline guint
rng_below (Rng  *rng,
           guint n)
{
  return n == 0 ? 0 : (guint) (rng_next (rng) % n);
}

#define PICK_FROM(rng, arr) (arr[rng_below (rng, G_N_ELEMENTS (arr))])

enum { SALT_ACCOUNT = 1, SALT_CONTACT, SALT_LEAD, SALT_OPP, SALT_DUP, SALT_TIME };


typedef struct
{
  guint first;
  guint last;
  guint title;
  guint dept;
  guint place;
  guint street;
  guint house;
  guint phone;
  guint account;       /* index into accounts; G_MAXUINT for none */
  gboolean personal_email;
} Person;

typedef struct
{
  guint a;
  guint b;
  guint suffix;
  guint place;
  guint street;
  guint house;
  guint phone;
  guint industry;
  guint employees;
} Company;

/* ASCII, lower-case forms of the name lists for emails and domains, computed once: transliteration
 * is far too slow to run for every generated row. */
typedef struct
{
  char *first[G_N_ELEMENTS (first_names)];
  char *last[G_N_ELEMENTS (last_names)];
  char *company_a[G_N_ELEMENTS (company_a)];
  char *company_b[G_N_ELEMENTS (company_b)];
} AsciiNames;


void              demo_person_at      (AudDemoOrg    *self,
                                       guint          salt,
                                       guint64        index,
                                       guint          n_accounts,
                                       Person        *p);
void              demo_company_at     (AudDemoOrg    *self,
                                       guint64        index,
                                       Company       *c);
gboolean          demo_duplicate_of   (AudDemoOrg    *self,
                                       guint          salt,
                                       guint64        index,
                                       guint64       *original);
char             *demo_ascii_lower    (const char    *text);
const AsciiNames *demo_ascii_names    (void);
char             *demo_domain_for     (const Company *c);
char             *demo_company_name   (const Company *c);
char             *demo_company_variant (const Company *c,
                                        Rng           *rng);
char             *demo_phone_text     (guint          place,
                                       guint          number,
                                       guint          style);
const char       *demo_nickname_for   (const char    *first);
char             *demo_typo           (const char    *word,
                                       Rng           *rng);
const char       *demo_levels_value   (guint          title);

G_END_DECLS
