/* aud-match-generator-private.h — the generator's PRNG and the pieces its files share
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>
#include <math.h>

G_BEGIN_DECLS

/* A PRNG of our own (splitmix64), so a seed means the same data everywhere. */
typedef struct
{
  guint64 state;
} Rng;

static inline guint64
rng_next (Rng *r)
{
  guint64 z = (r->state += G_GUINT64_CONSTANT (0x9e3779b97f4a7c15));

  z = (z ^ (z >> 30)) * G_GUINT64_CONSTANT (0xbf58476d1ce4e5b9);
  z = (z ^ (z >> 27)) * G_GUINT64_CONSTANT (0x94d049bb133111eb);
  return z ^ (z >> 31);
}

static inline guint
rng_below (Rng   *r,
           guint  n)
{
  return (guint) ((rng_next (r) >> 11) % n);
}

static inline gboolean
rng_chance (Rng    *r,
            double  p)
{
  return (rng_next (r) >> 11) * (1.0 / 9007199254740992.0) < p;
}

/* Skewed towards the start of a list: the first surnames are commoner than the last. x^1.6
 * gives the first of 90 given names 6% of people and the first of 220 surnames 3%: a little
 * more crowded than US census data (James 3%, Smith 1%), so namesakes are common. */
static inline guint
rng_skewed (Rng   *r,
            guint  n)
{
  double x = (rng_next (r) >> 11) * (1.0 / 9007199254740992.0);

  return MIN ((guint) (pow (x, 1.6) * n), n - 1);
}

#define PICK(r, array) (array[rng_below ((r), G_N_ELEMENTS (array))])

typedef struct
{
  char *name;       /* "Summit Analytics" */
  char *legal;      /* "Inc." or "" */
  char *domain;     /* "summitanalytics.com" */
  char *street;     /* number, name; type index apart for variants */
  guint street_type;
  char *postal;
  char *switchboard; /* ten digits */
  gboolean gb;
} Company;

char    *aud_gen_digits            (Rng           *r,
                                    guint          n);
char    *aud_gen_ascii_slug        (const char    *s,
                                    const char    *joiner);
char    *aud_gen_postal            (Rng           *r,
                                    gboolean       gb);
Company *aud_gen_company           (Rng           *r,
                                    guint          serial);
void     aud_gen_company_free      (gpointer       company);
char    *aud_gen_typo              (Rng           *r,
                                    const char    *s);
char    *aud_gen_phone             (Rng           *r,
                                    const char    *ten_digits,
                                    gboolean       gb,
                                    const char    *extension);
char    *aud_gen_company_variant   (Rng           *r,
                                    const Company *company);
char    *aud_gen_email_variant     (Rng           *r,
                                    const char    *email);

G_END_DECLS
