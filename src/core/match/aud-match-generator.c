/* aud-match-generator.c — deterministic CRM-like contacts with duplicates and hard cases
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <math.h>
#include <string.h>

#include "aud-match-generator.h"
#include "aud-match-generator-private.h"

/* ---- a PRNG of our own, so a seed means the same data everywhere ---------------------- */

#include "aud-match-generator-pools.h"

/* ---- model ---------------------------------------------------------------------------- */

typedef struct
{
  guint        first;        /* index into first_names */
  char        *last;
  const char  *suffix;       /* "Jr." / "Sr." / NULL */
  guint        company;
  char        *work_email;
  char        *personal_email;
  char        *direct;       /* ten digits, or NULL to use the switchboard */
  guint        extension;    /* the desk behind the switchboard */
  char        *mobile;
  char        *home_phone;   /* shared with family; used instead of the direct line */
  gboolean     home_gb;      /* where the mobile and home line are from: not the employer's */
  char        *linkedin;
  char        *home_street;
  guint        home_street_type;
  char        *home_postal;
  gboolean     at_home;      /* records give the home address */
  char        *new_last;     /* surname change: some records carry this one */
  guint16      cases;
  guint        n_records;
} Contact;

typedef struct
{
  Rng         rng;
  GPtrArray  *companies;
  GArray     *contacts;   /* Contact */
  GHashTable *mailboxes;  /* work and personal addresses handed out, to keep them unique */
} Gen;

static void
contact_clear (Contact *c)
{
  g_free (c->last);
  g_free (c->work_email);
  g_free (c->personal_email);
  g_free (c->direct);
  g_free (c->mobile);
  g_free (c->home_phone);
  g_free (c->linkedin);
  g_free (c->home_street);
  g_free (c->home_postal);
  g_free (c->new_last);
}

static char *
make_work_email (Rng        *r,
                 const char *first,
                 const char *last,
                 const char *domain)
{
  g_autofree char *f = aud_gen_ascii_slug (first, NULL);
  g_autofree char *l = aud_gen_ascii_slug (last, NULL);

  switch (rng_below (r, 4))
    {
    case 0: return g_strdup_printf ("%s.%s@%s", f, l, domain);
    case 1: return g_strdup_printf ("%c%s@%s", f[0], l, domain);
    case 2: return g_strdup_printf ("%s%c@%s", f, l[0], domain);
    default: return g_strdup_printf ("%s_%s@%s", f, l, domain);
    }
}

static char *
make_personal_email (Rng        *r,
                     const char *first,
                     const char *last)
{
  g_autofree char *f = aud_gen_ascii_slug (first, NULL);
  g_autofree char *l = aud_gen_ascii_slug (last, NULL);

  return g_strdup_printf ("%s.%s%u@%s", f, l, rng_below (r, 1000), PICK (r, free_mail));
}

/* A fresh contact with everything a person has; records later show parts of it. */
static Contact *
add_contact (Gen   *g,
             guint  first,
             const char *last,
             guint  company)
{
  Rng *r = &g->rng;
  Contact c = { 0 };
  const char *first_name = first_names[first][0];
  Company *co = g_ptr_array_index (g->companies, company);

  c.first = first;
  c.last = g_strdup (last);
  c.company = company;
  c.work_email = make_work_email (r, first_name, last, co->domain);
  /* a company gives two people two mailboxes: "jsmith2@" for the second J. Smith */
  for (guint n = 2; !g_hash_table_add (g->mailboxes, g_strdup (c.work_email)); n++)
    {
      const char *at = strchr (c.work_email, '@');
      char *numbered = g_strdup_printf ("%.*s%u%s", (int) (at - c.work_email), c.work_email, n, at);

      g_free (c.work_email);
      c.work_email = numbered;
    }
  if (rng_chance (r, 0.35))
    {
      c.personal_email = make_personal_email (r, first_name, last);
      while (!g_hash_table_add (g->mailboxes, g_strdup (c.personal_email)))
        {
          g_free (c.personal_email);
          c.personal_email = make_personal_email (r, first_name, last);
        }
    }
  if (rng_chance (r, 0.8))
    c.direct = aud_gen_digits (r, 10);
  c.extension = 100 + rng_below (r, 900);
  c.home_gb = co->gb;
  if (rng_chance (r, 0.55))
    c.mobile = aud_gen_digits (r, 10);
  if (rng_chance (r, 0.45))
    {
      g_autofree char *f = aud_gen_ascii_slug (first_name, "-");
      g_autofree char *l = aud_gen_ascii_slug (last, "-");

      c.linkedin = g_strdup_printf ("%s-%s-%x", f, l, (guint) rng_below (r, 0xfffff));
    }
  c.home_street = g_strdup_printf ("%u %s", 1 + rng_below (r, 900), PICK (r, streets));
  c.home_street_type = rng_below (r, G_N_ELEMENTS (street_types));
  c.home_postal = aud_gen_postal (r, co->gb);
  c.at_home = rng_chance (r, 0.2);
  g_array_append_val (g->contacts, c);
  return &g_array_index (g->contacts, Contact, g->contacts->len - 1);
}

/* ---- records -------------------------------------------------------------------------- */

/* A personal number as written at an employer: in the national format of its own country, or
 * with its country code when the employer is abroad. */
static char *
personal_phone (Rng        *r,
                const char *ten,
                gboolean    home_gb,
                gboolean    employer_gb)
{
  if (home_gb == employer_gb)
    return aud_gen_phone (r, ten, home_gb, NULL);
  return home_gb ? g_strdup_printf ("+44 %.4s %s", ten, ten + 4)
                 : g_strdup_printf ("+1 %.3s %.3s %s", ten, ten + 3, ten + 6);
}

static AudMatchRecord *
make_record (Gen     *g,
             guint    contact_index,
             guint    nth,
             guint    serial,
             guint16 *cases_out)
{
  Rng *r = &g->rng;
  Contact *c = &g_array_index (g->contacts, Contact, contact_index);
  Company *co = g_ptr_array_index (g->companies, c->company);
  const char * const *names = first_names[c->first];
  const char *source = nth == 0 ? "salesforce" : (rng_chance (r, 0.5) ? "csv" : "warehouse");
  g_autofree char *id = g_strdup_printf ("%s-%08u", source, serial);
  AudMatchRecord *rec = aud_match_record_new (id, source, 1700000000 + rng_below (r, 30000000));
  g_autofree char *first = g_strdup (names[0]);
  g_autofree char *last = g_strdup (c->new_last != NULL && nth > 0 && rng_chance (r, 0.7)
                                    ? c->new_last : c->last);
  gboolean dup = nth > 0;
  guint16 cases = 0;

  /* names */
  if (dup && names[1] != NULL && rng_chance (r, 0.2))
    {
      g_free (first);
      first = g_strdup (names[1 + rng_below (r, names[2] != NULL ? 2 : 1)]);
      cases |= AUD_MATCH_CASE_NICKNAME;
    }
  if (dup && rng_chance (r, 0.06))
    {
      char **target = rng_chance (r, 0.5) ? &first : &last;
      char *t = aud_gen_typo (r, *target);

      g_free (*target);
      *target = t;
      cases |= AUD_MATCH_CASE_TYPO;
    }
  if (c->suffix != NULL && rng_chance (r, 0.85))
    {
      char *l = g_strdup_printf ("%s %s", last, c->suffix);
      g_free (last);
      last = l;
    }
  if (rng_chance (r, 0.04))
    {
      g_autofree char *full = g_strdup_printf ("%s, %s", last, first);
      aud_match_record_set (rec, AUD_MATCH_FIELD_FIRST_NAME, full);
    }
  else if (rng_chance (r, 0.02))
    {
      aud_match_record_set (rec, AUD_MATCH_FIELD_FIRST_NAME, last);
      aud_match_record_set (rec, AUD_MATCH_FIELD_LAST_NAME, first);
    }
  else
    {
      if (rng_chance (r, 0.1))
        {
          char *up = g_utf8_strup (last, -1);
          g_free (last);
          last = up;
        }
      aud_match_record_set (rec, AUD_MATCH_FIELD_FIRST_NAME, first);
      aud_match_record_set (rec, AUD_MATCH_FIELD_LAST_NAME, last);
    }

  /* emails */
  if ((c->cases & AUD_MATCH_CASE_ROLE_EMAIL) && nth == 1)
    {
      g_autofree char *info = g_strdup_printf ("info@%s", co->domain);
      aud_match_record_set (rec, AUD_MATCH_FIELD_EMAIL, info);
    }
  else if (dup && c->personal_email != NULL && rng_chance (r, 0.3))
    {
      g_autofree char *e = aud_gen_email_variant (r, c->personal_email);
      aud_match_record_set (rec, AUD_MATCH_FIELD_EMAIL, e);
      if (rng_chance (r, 0.3))
        aud_match_record_set (rec, AUD_MATCH_FIELD_ALT_EMAIL, c->work_email);
      cases |= AUD_MATCH_CASE_ALT_EMAIL;
    }
  else if (!dup || rng_chance (r, 0.88))
    {
      g_autofree char *e = NULL;

      if (c->new_last != NULL && g_strcmp0 (last, c->new_last) == 0 && rng_chance (r, 0.5))
        e = make_work_email (r, names[0], c->new_last, co->domain);
      else
        e = aud_gen_email_variant (r, c->work_email);
      aud_match_record_set (rec, AUD_MATCH_FIELD_EMAIL, e);
      if (c->personal_email != NULL && rng_chance (r, 0.2))
        aud_match_record_set (rec, AUD_MATCH_FIELD_ALT_EMAIL, c->personal_email);
    }
  else
    cases |= AUD_MATCH_CASE_MISSING;

  /* phones: family members give the home line */
  if (rng_chance (r, 0.8))
    {
      g_autofree char *p = NULL;

      if (c->home_phone != NULL)
        p = personal_phone (r, c->home_phone, c->home_gb, co->gb);
      else if (c->direct != NULL)
        p = aud_gen_phone (r, c->direct, co->gb, NULL);
      else
        {
          g_autofree char *ext = g_strdup_printf ("%u", c->extension);

          /* one desk, one extension; some exports drop it */
          p = aud_gen_phone (r, co->switchboard, co->gb, rng_chance (r, 0.8) ? ext : NULL);
        }
      aud_match_record_set (rec, AUD_MATCH_FIELD_PHONE, p);
    }
  else
    cases |= AUD_MATCH_CASE_MISSING;
  if (c->mobile != NULL && ((c->cases & AUD_MATCH_CASE_JOB_CHANGE) || rng_chance (r, 0.7)))
    {
      g_autofree char *p = personal_phone (r, c->mobile, c->home_gb, co->gb);
      aud_match_record_set (rec, AUD_MATCH_FIELD_MOBILE, p);
    }

  /* company */
  if (!dup || rng_chance (r, 0.92))
    {
      g_autofree char *name = aud_gen_company_variant (r, co);
      aud_match_record_set (rec, AUD_MATCH_FIELD_COMPANY, name);
    }
  else
    cases |= AUD_MATCH_CASE_MISSING;
  if (rng_chance (r, 0.4))
    {
      g_autofree char *site = rng_chance (r, 0.5) ? g_strdup_printf ("https://www.%s/", co->domain)
                                                  : g_strdup (co->domain);
      aud_match_record_set (rec, AUD_MATCH_FIELD_WEBSITE, site);
    }
  if (c->linkedin != NULL && ((c->cases & AUD_MATCH_CASE_JOB_CHANGE) || rng_chance (r, 0.5)))
    {
      g_autofree char *url = rng_chance (r, 0.5)
                             ? g_strdup_printf ("https://www.linkedin.com/in/%s/", c->linkedin)
                             : g_strdup_printf ("linkedin.com/in/%s?trk=crm", c->linkedin);
      aud_match_record_set (rec, AUD_MATCH_FIELD_LINKEDIN, url);
    }

  /* address */
  if (rng_chance (r, 0.7))
    {
      gboolean home = c->at_home;
      const char *street = home ? c->home_street : co->street;
      guint type = home ? c->home_street_type : co->street_type;
      g_autofree char *line = g_strdup_printf ("%s %s", street,
                                               street_types[type][rng_below (r, 2)]);
      g_autofree char *postal = !co->gb && rng_chance (r, 0.1)
                                ? g_strdup_printf ("%s-%04u", home ? c->home_postal : co->postal,
                                                   rng_below (r, 10000))
                                : g_strdup (home ? c->home_postal : co->postal);

      aud_match_record_set (rec, AUD_MATCH_FIELD_STREET, line);
      aud_match_record_set (rec, AUD_MATCH_FIELD_POSTAL_CODE, postal);
    }
  aud_match_record_set (rec, AUD_MATCH_FIELD_COUNTRY, co->gb ? "GB" : "US");

  *cases_out = c->cases | (dup ? cases : 0);
  return rec;
}

/* ---- the dataset ---------------------------------------------------------------------- */

static guint
records_for_a_contact (Rng *r)
{
  guint x = rng_below (r, 100);

  return x < 55 ? 1 : x < 82 ? 2 : x < 94 ? 3 : 4;
}

static guint
other_company (Gen   *g,
               guint  company)
{
  guint other = rng_below (&g->rng, g->companies->len);

  return other == company ? (other + 1) % g->companies->len : other;
}

static guint
other_first (Rng   *r,
             guint  first)
{
  guint other = rng_below (r, G_N_ELEMENTS (first_names));

  return other == first ? (other + 1) % G_N_ELEMENTS (first_names) : other;
}

/* Adds one base contact and the hard cases it drags in; returns how many records they make. */
static guint
add_people (Gen    *g,
            GArray *job_changes)
{
  Rng *r = &g->rng;
  guint first = rng_skewed (r, G_N_ELEMENTS (first_names));
  const char *last = surnames[rng_skewed (r, G_N_ELEMENTS (surnames))];
  guint company = rng_below (r, g->companies->len);
  guint base_index = g->contacts->len;
  guint records = 0;
  Contact *base = add_contact (g, first, last, company);
  double x = rng_below (r, 10000) / 10000.0;

  base->n_records = records_for_a_contact (r);

  if (x < 0.08)
    {
      /* a namesake: another person, same common name, another employer */
      Contact *other = add_contact (g, first, last, other_company (g, company));

      other->n_records = records_for_a_contact (r);
      base = &g_array_index (g->contacts, Contact, base_index);
      base->cases |= AUD_MATCH_CASE_SAME_NAME;
      other->cases |= AUD_MATCH_CASE_SAME_NAME;
    }
  else if (x < 0.11 || (x >= 0.11 && x < 0.12))
    {
      gboolean generation = x >= 0.11;
      guint rel_first = generation ? first : other_first (r, first);
      guint rel_company = rng_chance (r, generation ? 0.4 : 0.3) ? company
                                                                 : other_company (g, company);
      Contact *rel = add_contact (g, rel_first, last, rel_company);
      g_autofree char *home = aud_gen_digits (r, 10);

      base = &g_array_index (g->contacts, Contact, base_index);
      rel->n_records = records_for_a_contact (r);
      base->home_phone = g_strdup (home);
      rel->home_phone = g_strdup (home);
      rel->home_gb = base->home_gb;
      g_free (rel->home_street);
      rel->home_street = g_strdup (base->home_street);
      rel->home_street_type = base->home_street_type;
      g_free (rel->home_postal);
      rel->home_postal = g_strdup (base->home_postal);
      base->at_home = rel->at_home = TRUE;
      if (generation)
        {
          base->suffix = "Sr.";
          rel->suffix = "Jr.";
          base->cases |= AUD_MATCH_CASE_GENERATION;
          rel->cases |= AUD_MATCH_CASE_GENERATION;
        }
      else
        {
          base->cases |= AUD_MATCH_CASE_FAMILY;
          rel->cases |= AUD_MATCH_CASE_FAMILY;
        }
    }
  else if (x < 0.14)
    {
      base->new_last = g_strdup (surnames[rng_below (r, G_N_ELEMENTS (surnames))]);
      if (g_str_equal (base->new_last, base->last))
        g_clear_pointer (&base->new_last, g_free);
      else
        {
          base->n_records = MAX (base->n_records, 2);
          base->cases |= AUD_MATCH_CASE_SURNAME_CHANGE;
        }
    }
  else if (x < 0.17)
    {
      /* the same person later at another employer: new work email, same personal traces */
      Contact *moved = add_contact (g, first, last, other_company (g, company));
      guint pair[2] = { base_index, g->contacts->len - 1 };

      base = &g_array_index (g->contacts, Contact, base_index);
      moved->n_records = records_for_a_contact (r);
      if (base->mobile == NULL && base->linkedin == NULL && base->personal_email == NULL)
        base->mobile = aud_gen_digits (r, 10);
      g_free (moved->mobile);
      moved->mobile = g_strdup (base->mobile);
      moved->home_gb = base->home_gb;
      g_free (moved->linkedin);
      moved->linkedin = g_strdup (base->linkedin);
      g_free (moved->personal_email);
      moved->personal_email = g_strdup (base->personal_email);
      base->cases |= AUD_MATCH_CASE_JOB_CHANGE;
      moved->cases |= AUD_MATCH_CASE_JOB_CHANGE;
      g_array_append_vals (job_changes, pair, 2);
    }
  else if (x < 0.21)
    {
      base->n_records = MAX (base->n_records, 2);
      base->cases |= AUD_MATCH_CASE_ROLE_EMAIL;
    }

  for (guint i = base_index; i < g->contacts->len; i++)
    records += g_array_index (g->contacts, Contact, i).n_records;
  return records;
}

/* So input order says nothing about the truth. */
static void
shuffle (AudMatchDataset *ds,
         guint           *owner,
         Rng             *r)
{
  for (guint i = ds->records->len - 1; ds->records->len > 0 && i > 0; i--)
    {
      guint j = rng_below (r, i + 1);
      gpointer t = ds->records->pdata[i];
      guint o = owner[i];
      guint16 cs = ds->cases[i];

      ds->records->pdata[i] = ds->records->pdata[j];
      ds->records->pdata[j] = t;
      owner[i] = owner[j];
      owner[j] = o;
      ds->cases[i] = ds->cases[j];
      ds->cases[j] = cs;
    }
}

AudMatchDataset *
aud_match_dataset_generate (guint64 seed,
                            guint   n_records)
{
  Gen g = { { seed } };
  AudMatchDataset *ds = g_new0 (AudMatchDataset, 1);
  guint n_companies = MAX (n_records / 25, 10);
  guint planned = 0, serial = 0;
  g_autofree guint *owner = NULL;

  g.companies = g_ptr_array_new_with_free_func (aud_gen_company_free);
  g.contacts = g_array_new (FALSE, TRUE, sizeof (Contact));
  g.mailboxes = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  for (guint i = 0; i < n_companies; i++)
    g_ptr_array_add (g.companies, aud_gen_company (&g.rng, i));

  ds->job_changes = g_array_new (FALSE, FALSE, sizeof (guint));
  while (planned < n_records)
    planned += add_people (&g, ds->job_changes);

  ds->records = g_ptr_array_new_full (planned, (GDestroyNotify) aud_match_record_free);
  owner = g_new (guint, planned);
  ds->cases = g_new (guint16, planned);
  for (guint c = 0; c < g.contacts->len; c++)
    {
      guint k = g_array_index (g.contacts, Contact, c).n_records;

      for (guint nth = 0; nth < k; nth++)
        {
          owner[ds->records->len] = c;
          g_ptr_array_add (ds->records,
                           make_record (&g, c, nth, serial++, &ds->cases[ds->records->len]));
        }
    }
  shuffle (ds, owner, &g.rng);
  ds->truth = g_steal_pointer (&owner);
  ds->n_contacts = g.contacts->len;

  for (guint c = 0; c < g.contacts->len; c++)
    contact_clear (&g_array_index (g.contacts, Contact, c));
  g_array_unref (g.contacts);
  g_hash_table_unref (g.mailboxes);
  g_ptr_array_unref (g.companies);
  return ds;
}

/* ---- accounts ------------------------------------------------------------------------- */

static AudMatchRecord *
make_account_record (Rng           *r,
                     const Company *co,
                     guint          nth,
                     guint          serial,
                     guint16       *cases)
{
  const char *source = nth == 0 ? "salesforce" : (rng_chance (r, 0.5) ? "csv" : "warehouse");
  g_autofree char *id = g_strdup_printf ("%s-%08u", source, serial);
  AudMatchRecord *rec = aud_match_record_new (id, source, 1700000000 + rng_below (r, 30000000));
  g_autofree char *name = aud_gen_company_variant (r, co);
  gboolean site = rng_chance (r, 0.6), phone = rng_chance (r, 0.75);

  if (nth > 0 && rng_chance (r, 0.05))
    {
      char *t = aud_gen_typo (r, name);

      g_free (name);
      name = t;
      *cases |= AUD_MATCH_CASE_TYPO;
    }
  aud_match_record_set (rec, AUD_MATCH_FIELD_COMPANY, name);
  if (site)
    {
      g_autofree char *url = NULL;

      switch (rng_below (r, 3))
        {
        case 0: url = g_strdup_printf ("https://www.%s/", co->domain); break;
        case 1: url = g_strdup_printf ("http://%s/about-us", co->domain); break;
        default: url = g_strdup (co->domain); break;
        }
      aud_match_record_set (rec, AUD_MATCH_FIELD_WEBSITE, url);
    }
  if (phone)
    {
      g_autofree char *p = aud_gen_phone (r, co->switchboard, co->gb, NULL);

      aud_match_record_set (rec, AUD_MATCH_FIELD_PHONE, p);
    }
  if (nth > 0 && !site && !phone)
    *cases |= AUD_MATCH_CASE_MISSING;
  if (rng_chance (r, 0.7))
    {
      g_autofree char *line = g_strdup_printf ("%s %s", co->street,
                                               street_types[co->street_type][rng_below (r, 2)]);

      aud_match_record_set (rec, AUD_MATCH_FIELD_STREET, line);
      aud_match_record_set (rec, AUD_MATCH_FIELD_POSTAL_CODE, co->postal);
    }
  if (rng_chance (r, 0.3))
    {
      /* page slugs are unique, so namesakes' differ: take the domain's first label */
      g_autofree char *slug = g_strndup (co->domain, strcspn (co->domain, "."));
      g_autofree char *url = g_strdup_printf ("https://www.linkedin.com/company/%s/", slug);

      aud_match_record_set (rec, AUD_MATCH_FIELD_LINKEDIN, url);
    }
  aud_match_record_set (rec, AUD_MATCH_FIELD_COUNTRY, co->gb ? "GB" : "US");
  return rec;
}

AudMatchDataset *
aud_match_dataset_generate_accounts (guint64 seed,
                                     guint   n_records)
{
  Rng r = { seed ^ G_GUINT64_CONSTANT (0xacc0acc0acc0) };
  AudMatchDataset *ds = g_new0 (AudMatchDataset, 1);
  g_autoptr(GPtrArray) companies = g_ptr_array_new_with_free_func (aud_gen_company_free);
  g_autoptr(GArray) n_of = g_array_new (FALSE, FALSE, sizeof (guint));
  g_autoptr(GArray) cases_of = g_array_new (FALSE, FALSE, sizeof (guint16));
  g_autoptr(GArray) owner = g_array_new (FALSE, FALSE, sizeof (guint));
  g_autoptr(GHashTable) domains = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  guint planned = 0, serial = 0;

  while (planned < n_records)
    {
      guint16 cases = 0;
      guint k = records_for_a_contact (&r);
      Company *co = aud_gen_company (&r, companies->len);

      if (rng_chance (&r, 0.08) && companies->len > 0)
        {
          /* a namesake: another firm of the same name elsewhere, with its own domain */
          guint other_index = rng_below (&r, companies->len);
          const Company *other = g_ptr_array_index (companies, other_index);
          g_autofree char *slug = aud_gen_ascii_slug (other->name, NULL);
          g_autofree char *place = aud_gen_ascii_slug (PICK (&r, streets), NULL);

          g_free (co->name);
          co->name = g_strdup (other->name);
          g_free (co->domain);
          co->domain = g_strdup_printf ("%s-%s.com", slug, place);
          /* domains are unique: a third namesake on the same street gets a number */
          for (guint n = 2; !g_hash_table_add (domains, g_strdup (co->domain)); n++)
            {
              g_free (co->domain);
              co->domain = g_strdup_printf ("%s-%s%u.com", slug, place, n);
            }
          cases = AUD_MATCH_CASE_SAME_NAME;
          g_array_index (cases_of, guint16, other_index) |= AUD_MATCH_CASE_SAME_NAME;
        }
      g_ptr_array_add (companies, co);
      g_array_append_val (n_of, k);
      g_array_append_val (cases_of, cases);
      planned += k;
    }

  ds->records = g_ptr_array_new_full (planned, (GDestroyNotify) aud_match_record_free);
  ds->cases = g_new0 (guint16, planned);
  ds->job_changes = g_array_new (FALSE, FALSE, sizeof (guint));
  for (guint c = 0; c < companies->len; c++)
    for (guint nth = 0; nth < g_array_index (n_of, guint, c); nth++)
      {
        guint16 *cases = &ds->cases[ds->records->len];

        *cases = g_array_index (cases_of, guint16, c);
        g_array_append_val (owner, c);
        g_ptr_array_add (ds->records,
                         make_account_record (&r, g_ptr_array_index (companies, c), nth,
                                              serial++, cases));
      }
  shuffle (ds, (guint *) owner->data, &r);
  ds->truth = (guint *) g_array_free (g_steal_pointer (&owner), FALSE);
  ds->n_contacts = companies->len;
  return ds;
}

void
aud_match_dataset_free (AudMatchDataset *dataset)
{
  if (dataset == NULL)
    return;
  g_ptr_array_unref (dataset->records);
  g_array_unref (dataset->job_changes);
  g_free (dataset->truth);
  g_free (dataset->cases);
  g_free (dataset);
}

const char *
aud_match_case_to_string (AudMatchCase single_case)
{
  switch (single_case)
    {
    case AUD_MATCH_CASE_NICKNAME: return "nickname";
    case AUD_MATCH_CASE_TYPO: return "typo";
    case AUD_MATCH_CASE_MISSING: return "missing-fields";
    case AUD_MATCH_CASE_ALT_EMAIL: return "alternative-email";
    case AUD_MATCH_CASE_SAME_NAME: return "same-name-different-company";
    case AUD_MATCH_CASE_FAMILY: return "family-at-one-address";
    case AUD_MATCH_CASE_GENERATION: return "sr-jr";
    case AUD_MATCH_CASE_SURNAME_CHANGE: return "surname-change";
    case AUD_MATCH_CASE_JOB_CHANGE: return "job-change";
    case AUD_MATCH_CASE_ROLE_EMAIL: return "role-email";
    default: return NULL;
    }
}
