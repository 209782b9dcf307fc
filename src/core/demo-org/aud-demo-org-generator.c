/* aud-demo-org-generator.c — fills the demo org's tables: accounts, contacts, leads, opportunities
 *
 * One transaction and prepared statements, so 1,000,000 contacts load in seconds; known
 * duplicates go to the ground-truth table as they are made.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>
#include <time.h>

#include "aud-demo-org-people.h"
#include "aud-sf-id.h"

/* Generated history ends here: fixed, so a seed always yields the same rows. */
#define ANCHOR_UNIX 1748736000   /* 2025-06-01T00:00:00Z */
#define DAY 86400
/* A data load stamps this many consecutive records with one identical SystemModstamp. */
#define LOAD_BATCH 200
/* Share (percent) of records a nightly system job touched at one identical SystemModstamp. */
#define MASS_UPDATE_PERCENT 3
#define MASS_UPDATE_UNIX (ANCHOR_UNIX - DAY)

/* ---- row insertion helper: bind by field name ---- */

typedef struct
{
  DemoObject   *object;
  sqlite3_stmt *stmt;
  GHashTable   *param;      /* field name → parameter index (1-based) */
} Inserter;

static gboolean
inserter_init (AudDemoOrg  *self,
               Inserter    *ins,
               const char  *object_name,
               GError     **error)
{
  g_autoptr(GString) sql = g_string_new (NULL);
  g_autoptr(GString) values = g_string_new (NULL);
  int n = 0;

  ins->object = demo_schema_lookup (self->schema, object_name);
  ins->param = g_hash_table_new (g_str_hash, g_str_equal);
  g_string_append_printf (sql, "INSERT INTO \"%s\" (", object_name);
  for (guint k = 0; k < ins->object->fields->len; k++)
    {
      DemoField *field = g_ptr_array_index (ins->object->fields, k);

      if (!demo_field_is_stored (field))
        continue;
      g_string_append_printf (sql, "%s\"%s\"", n > 0 ? ", " : "", field->name);
      g_string_append (values, n > 0 ? ", ?" : "?");
      g_hash_table_insert (ins->param, field->name, GINT_TO_POINTER (++n));
    }
  g_string_append_printf (sql, ") VALUES (%s)", values->str);
  ins->stmt = demo_data_prepare (self, sql->str, error);
  return ins->stmt != NULL;
}

static void
inserter_clear (Inserter *ins)
{
  g_clear_pointer (&ins->stmt, sqlite3_finalize);
  g_clear_pointer (&ins->param, g_hash_table_unref);
}

static inline int
P (Inserter   *ins,
   const char *name)
{
  int index = GPOINTER_TO_INT (g_hash_table_lookup (ins->param, name));

  if G_UNLIKELY (index == 0)
    g_error ("demo org generator: %s has no field %s", ins->object->name, name);
  return index;
}

static inline void
set_text (Inserter   *ins,
          const char *name,
          const char *value)
{
  if (value != NULL && *value != '\0')
    sqlite3_bind_text (ins->stmt, P (ins, name), value, -1, SQLITE_TRANSIENT);
}

static inline void
set_int (Inserter   *ins,
         const char *name,
         gint64      value)
{
  sqlite3_bind_int64 (ins->stmt, P (ins, name), value);
}

static inline void
set_double (Inserter   *ins,
            const char *name,
            double      value)
{
  sqlite3_bind_double (ins->stmt, P (ins, name), value);
}

static gboolean
inserter_step (AudDemoOrg  *self,
               Inserter    *ins,
               GError     **error)
{
  int rc = sqlite3_step (ins->stmt);

  sqlite3_reset (ins->stmt);
  sqlite3_clear_bindings (ins->stmt);
  if (rc != SQLITE_DONE)
    {
      demo_data_set_error (self, error, "insert");
      return FALSE;
    }
  return TRUE;
}

static void
format_stamp (gint64 unix_seconds,
              char   out[32])
{
  time_t t = (time_t) unix_seconds;
  struct tm tm;

  /* Millions of these per load: gmtime_r and strftime, not a GDateTime each. */
  gmtime_r (&t, &tm);
  strftime (out, 32, "%Y-%m-%dT%H:%M:%S.000+0000", &tm);
}

/* Audit stamps of generated record @index: created in a data load batch, some edited later by a
 * user (both stamps), some touched by automation (SystemModstamp only), and a share of them
 * stamped by one nightly job at an identical second. */
static void
set_stamps (AudDemoOrg *self,
            Inserter   *ins,
            guint       salt,
            guint64     index)
{
  Rng rng;
  gint64 created, modified, system;
  char buf[32];

  rng_init (&rng, self->seed, SALT_TIME * 16 + salt, index / LOAD_BATCH);
  created = ANCHOR_UNIX - 2 * DAY - rng_below (&rng, 360 * DAY);
  rng_init (&rng, self->seed, SALT_TIME * 16 + salt, index + 7777777);
  modified = created;
  if (rng_below (&rng, 100) < 30)
    modified = created + rng_below (&rng, (guint) (ANCHOR_UNIX - 2 * DAY - created) + 1);
  system = modified;
  if (rng_below (&rng, 100) < 10)
    system = MIN (modified + rng_below (&rng, 5 * DAY), ANCHOR_UNIX - 2 * DAY);
  if (rng_below (&rng, 100) < MASS_UPDATE_PERCENT)
    system = MASS_UPDATE_UNIX;

  format_stamp (created, buf);
  set_text (ins, "CreatedDate", buf);
  format_stamp (modified, buf);
  set_text (ins, "LastModifiedDate", buf);
  format_stamp (system, buf);
  set_text (ins, "SystemModstamp", buf);
  set_text (ins, "CreatedById", self->user_id);
  set_text (ins, "LastModifiedById", self->user_id);
}

static char *
record_id (const char *prefix,
           guint64     index)
{
  return aud_sf_id_make (prefix, "8d", index + 1);
}

/* Both ends of a duplicate pair land in the truth table, keyed by the cluster's root Id; the root
 * may already be there from an earlier duplicate. */
static void
record_truth (Inserter   *truth,
              const char *object_name,
              const char *prefix,
              guint64     original,
              const char *id)
{
  g_autofree char *root = record_id (prefix, original);
  const char *members[] = { root, id };

  for (guint i = 0; i < G_N_ELEMENTS (members); i++)
    {
      sqlite3_bind_text (truth->stmt, 1, object_name, -1, SQLITE_STATIC);
      sqlite3_bind_text (truth->stmt, 2, members[i], -1, SQLITE_STATIC);
      sqlite3_bind_text (truth->stmt, 3, root, -1, SQLITE_STATIC);
      sqlite3_step (truth->stmt);
      sqlite3_reset (truth->stmt);
    }
}

/* A person-shaped record (Contact or Lead) at @index, written into @ins. */
static void
fill_person (AudDemoOrg *self,
             Inserter   *ins,
             guint       salt,
             guint64     index,
             gboolean    is_lead,
             Inserter   *truth,
             const char *object_name,
             const char *prefix)
{
  Person p;
  Company company;
  guint64 original;
  gboolean dup = demo_duplicate_of (self, salt, index, &original);
  Rng rng;
  g_autofree char *first = NULL;
  g_autofree char *last = NULL;
  g_autofree char *email = NULL;
  g_autofree char *phone = NULL;
  g_autofree char *mobile = NULL;
  g_autofree char *name = NULL;
  g_autofree char *street = NULL;
  g_autofree char *domain = NULL;
  g_autofree char *id = record_id (prefix, index);
  g_autofree char *f_ascii = NULL;
  g_autofree char *l_ascii = NULL;
  guint phone_style = 0;
  gboolean has_company;

  demo_person_at (self, salt, original, is_lead ? self->n_accounts * 3 + 1 : self->n_accounts, &p);
  has_company = p.account != G_MAXUINT;
  if (has_company && is_lead)
    demo_company_at (self, p.account + 1000003, &company);
  else if (has_company)
    {
      guint64 account_root;

      /* Work emails use the domain of the account's real company, also for duplicate accounts. */
      demo_duplicate_of (self, SALT_ACCOUNT, p.account, &account_root);
      demo_company_at (self, account_root, &company);
    }

  first = g_strdup (first_names[p.first]);
  last = g_strdup (last_names[p.last]);
  f_ascii = g_strdup (demo_ascii_names ()->first[p.first]);
  l_ascii = g_strdup (demo_ascii_names ()->last[p.last]);
  domain = has_company ? demo_domain_for (&company) : g_strdup ("example.net");
  email = p.personal_email || !has_company ? g_strdup_printf ("%s.%s@gmail.com", f_ascii, l_ascii)
                                           : g_strdup_printf ("%s.%s@%s", f_ascii, l_ascii, domain);

  rng_init (&rng, self->seed, SALT_DUP * 16 + salt + 8, index);
  if (dup)
    {
      guint changes = rng_below (&rng, 16) | 1;   /* at least one difference */
      const char *nick = demo_nickname_for (first);

      if ((changes & 1) && nick != NULL)
        {
          g_free (first);
          first = g_strdup (nick);
        }
      else if (changes & 1)
        {
          char *t = demo_typo (last, &rng);

          g_free (last);
          last = t;
        }
      if (changes & 2)
        {
          g_free (email);
          switch (rng_below (&rng, 3))
            {
            case 0: email = g_strdup_printf ("%c%s@%s", f_ascii[0], l_ascii, domain); break;
            case 1: email = g_strdup_printf ("%s.%s@gmail.com", f_ascii, l_ascii); break;
            default:
              {
                g_autofree char *lower = g_strdup_printf ("%s.%s@%s", f_ascii, l_ascii, domain);

                email = g_ascii_strup (lower, -1);
              }
              break;
            }
        }
      if (changes & 4)
        phone_style = 1 + rng_below (&rng, 2);
      if (changes & 8)
        {
          char *t = g_utf8_strdown (last, -1);

          g_free (last);
          last = t;
        }
    }

  name = g_strdup_printf ("%s %s", first, last);
  phone = demo_phone_text (p.place, p.phone, phone_style);
  mobile = demo_phone_text (p.place, (p.phone * 7 + 1234) % 10000, phone_style + 1);
  street = g_strdup_printf ("%u %s", p.house, streets[p.street]);

  set_text (ins, "Id", id);
  set_int (ins, "IsDeleted", 0);
  set_text (ins, "FirstName", first);
  set_text (ins, "LastName", last);
  set_text (ins, "Name", name);
  set_text (ins, "Email", email);
  set_text (ins, "Title", titles[p.title]);
  set_text (ins, "Phone", phone);
  set_text (ins, "MobilePhone", (p.phone % 3) ? mobile : NULL);
  set_text (ins, "OwnerId", self->user_id);
  set_text (ins, "LeadSource", (p.phone % 5 == 0) ? "Web" : (p.phone % 5 == 1) ? "Partner Referral" : NULL);
  set_int (ins, "HasOptedOutOfEmail", p.phone % 17 == 0);
  set_int (ins, "DoNotCall", p.phone % 23 == 0);
  set_stamps (self, ins, salt, index);

  if (!is_lead)
    {
      g_autofree char *account_id = has_company ? record_id (AUD_SF_ID_PREFIX_ACCOUNT, p.account) : NULL;
      const char *at = strchr (email, '@');

      set_text (ins, "AccountId", account_id);
      set_text (ins, "Department", departments[p.dept]);
      set_text (ins, "MailingStreet", street);
      set_text (ins, "MailingCity", places[p.place].city);
      set_text (ins, "MailingState", places[p.place].state);
      set_text (ins, "MailingPostalCode", places[p.place].postal);
      set_text (ins, "MailingCountry", places[p.place].country);
      set_double (ins, "MailingLatitude", places[p.place].lat);
      set_double (ins, "MailingLongitude", places[p.place].lon);
      set_int (ins, "HasOptedOutOfFax", 0);
      set_int (ins, "IsEmailBounced", 0);
      set_text (ins, "Level__c", demo_levels_value (p.title));
      set_text (ins, "Email_Domain__c", at ? at + 1 : NULL);
    }
  else
    {
      g_autofree char *cname = has_company ? demo_company_name (&company) : g_strdup_printf ("%s Household", last);

      set_text (ins, "Company", cname);
      set_text (ins, "Street", street);
      set_text (ins, "City", places[p.place].city);
      set_text (ins, "State", places[p.place].state);
      set_text (ins, "PostalCode", places[p.place].postal);
      set_text (ins, "Country", places[p.place].country);
      set_text (ins, "Status", (p.phone % 4 == 0) ? "Working - Contacted" : "Open - Not Contacted");
      set_int (ins, "IsConverted", 0);
      set_int (ins, "IsUnreadByOwner", p.phone % 2);
    }

  if (dup && truth != NULL)
    record_truth (truth, object_name, prefix, original, id);
}

static void
fill_account (AudDemoOrg *self,
              Inserter   *ins,
              guint64     index,
              Inserter   *truth)
{
  Company c;
  guint64 original;
  gboolean dup = demo_duplicate_of (self, SALT_ACCOUNT, index, &original);
  g_autofree char *id = record_id (AUD_SF_ID_PREFIX_ACCOUNT, index);
  g_autofree char *name = NULL;
  g_autofree char *domain = NULL;
  g_autofree char *website = NULL;
  g_autofree char *phone = NULL;
  g_autofree char *street = NULL;
  Rng rng;
  static const char * const industries[] = {
    "Agriculture", "Apparel", "Banking", "Biotechnology", "Chemicals", "Communications", "Construction",
    "Consulting", "Education", "Electronics", "Energy", "Engineering", "Entertainment", "Finance",
    "Government", "Healthcare", "Hospitality", "Insurance", "Machinery", "Manufacturing", "Media",
    "Not For Profit", "Recreation", "Retail", "Shipping", "Technology", "Telecommunications",
    "Transportation", "Utilities",
  };
  static const char * const types[] = { "Prospect", "Customer - Direct", "Customer - Channel", "Other" };

  demo_company_at (self, original, &c);
  rng_init (&rng, self->seed, SALT_DUP * 16 + SALT_ACCOUNT + 8, index);
  domain = demo_domain_for (&c);
  name = dup ? demo_company_variant (&c, &rng) : demo_company_name (&c);
  website = dup && rng_below (&rng, 2) ? g_strdup_printf ("http://%s", domain)
                                       : g_strdup_printf ("https://www.%s", domain);
  phone = demo_phone_text (c.place, c.phone, dup ? 1 + rng_below (&rng, 2) : 0);
  street = g_strdup_printf ("%u %s", c.house, streets[c.street]);

  set_text (ins, "Id", id);
  set_int (ins, "IsDeleted", 0);
  set_text (ins, "Name", name);
  set_text (ins, "Type", types[c.employees % G_N_ELEMENTS (types)]);
  set_text (ins, "BillingStreet", street);
  set_text (ins, "BillingCity", places[c.place].city);
  set_text (ins, "BillingState", places[c.place].state);
  set_text (ins, "BillingPostalCode", places[c.place].postal);
  set_text (ins, "BillingCountry", places[c.place].country);
  set_double (ins, "BillingLatitude", places[c.place].lat);
  set_double (ins, "BillingLongitude", places[c.place].lon);
  set_text (ins, "Phone", phone);
  set_text (ins, "Website", website);
  set_text (ins, "Industry", industries[c.industry % G_N_ELEMENTS (industries)]);
  set_double (ins, "AnnualRevenue", (double) c.employees * 125000.0);
  set_int (ins, "NumberOfEmployees", c.employees);
  set_text (ins, "OwnerId", self->user_id);
  set_text (ins, "CustomerPriority__c", c.employees % 3 == 0 ? "High" : NULL);
  set_text (ins, "SLA__c", c.employees % 4 == 0 ? "Gold" : NULL);
  set_text (ins, "Website_Domain__c", domain);
  set_stamps (self, ins, SALT_ACCOUNT, index);

  if (dup && truth != NULL)
    record_truth (truth, "Account", AUD_SF_ID_PREFIX_ACCOUNT, original, id);
}

static void
fill_opportunity (AudDemoOrg *self,
                  Inserter   *ins,
                  guint64     index)
{
  static const char * const products[] = { "Platform", "Renewal", "Expansion", "Pilot", "Services", "Upgrade" };
  static const char * const stage_values[] = { "Prospecting", "Qualification", "Needs Analysis",
                                               "Proposal/Price Quote", "Negotiation/Review", "Closed Won",
                                               "Closed Lost" };
  static const int probabilities[] = { 10, 20, 25, 75, 90, 100, 0 };
  g_autofree char *id = record_id (AUD_SF_ID_PREFIX_OPPORTUNITY, index);
  g_autofree char *account_id = NULL;
  g_autofree char *name = NULL;
  g_autoptr(GDateTime) close = NULL;
  g_autofree char *close_text = NULL;
  Company c;
  guint account, stage;
  Rng rng;

  rng_init (&rng, self->seed, SALT_OPP, index);
  account = self->n_accounts > 0 ? rng_below (&rng, self->n_accounts) : 0;
  stage = rng_below (&rng, G_N_ELEMENTS (stage_values));
  demo_company_at (self, account, &c);
  name = g_strdup_printf ("%s %s - %s", company_a[c.a], company_b[c.b], PICK_FROM (&rng, products));
  close = g_date_time_new_from_unix_utc (ANCHOR_UNIX + ((gint64) rng_below (&rng, 240) - 120) * DAY);
  close_text = g_date_time_format (close, "%Y-%m-%d");
  if (self->n_accounts > 0)
    account_id = record_id (AUD_SF_ID_PREFIX_ACCOUNT, account);

  set_text (ins, "Id", id);
  set_int (ins, "IsDeleted", 0);
  set_text (ins, "AccountId", account_id);
  set_int (ins, "IsPrivate", 0);
  set_text (ins, "Name", name);
  set_text (ins, "StageName", stage_values[stage]);
  set_double (ins, "Amount", 5000.0 * (1 + rng_below (&rng, 200)));
  set_double (ins, "Probability", probabilities[stage]);
  set_text (ins, "CloseDate", close_text);
  set_int (ins, "IsClosed", stage >= 5);
  set_int (ins, "IsWon", stage == 5);
  set_text (ins, "ForecastCategory", stage == 5 ? "Closed" : stage == 6 ? "Omitted" : "Pipeline");
  set_text (ins, "OwnerId", self->user_id);
  set_stamps (self, ins, SALT_OPP, index);
}

static gboolean
insert_users (AudDemoOrg  *self,
              GError     **error)
{
  static const char * const names[][2] = {
    { "Demo", "User" }, { "Riley", "Ops" }, { "Sam", "Seller" }, { "Integration", "User" }, { "Automated", "Process" },
  };
  Inserter ins = { 0 };

  if (!inserter_init (self, &ins, "User", error))
    return FALSE;

  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      g_autofree char *id = record_id (AUD_SF_ID_PREFIX_USER, i);
      g_autofree char *name = g_strdup_printf ("%s %s", names[i][0], names[i][1]);
      g_autofree char *f = demo_ascii_lower (names[i][0]);
      g_autofree char *l = demo_ascii_lower (names[i][1]);
      g_autofree char *username = i == 0 ? g_strdup (AUD_DEMO_ORG_USERNAME)
                                         : g_strdup_printf ("%s.%s@audiences-demo.example", f, l);
      g_autofree char *alias = g_strndup (username, 8);

      set_text (&ins, "Id", id);
      set_text (&ins, "Username", username);
      set_text (&ins, "FirstName", names[i][0]);
      set_text (&ins, "LastName", names[i][1]);
      set_text (&ins, "Name", name);
      set_text (&ins, "CompanyName", "Audiences Demo Org");
      set_text (&ins, "Email", username);
      set_text (&ins, "Alias", alias);
      set_int (&ins, "IsActive", 1);
      set_stamps (self, &ins, 99, i);
      if (!inserter_step (self, &ins, error))
        {
          inserter_clear (&ins);
          return FALSE;
        }
    }
  inserter_clear (&ins);
  return TRUE;
}

typedef void (*FillFunc) (AudDemoOrg *, Inserter *, guint64, Inserter *);

static void
fill_contact_cb (AudDemoOrg *self, Inserter *ins, guint64 i, Inserter *truth)
{
  fill_person (self, ins, SALT_CONTACT, i, FALSE, truth, "Contact", AUD_SF_ID_PREFIX_CONTACT);
}

static void
fill_lead_cb (AudDemoOrg *self, Inserter *ins, guint64 i, Inserter *truth)
{
  fill_person (self, ins, SALT_LEAD, i, TRUE, truth, "Lead", AUD_SF_ID_PREFIX_LEAD);
}

static void
fill_opportunity_cb (AudDemoOrg *self, Inserter *ins, guint64 i, Inserter *truth)
{
  fill_opportunity (self, ins, i);
}

static gboolean
generate_object (AudDemoOrg  *self,
                 const char  *object_name,
                 guint        count,
                 FillFunc     fill,
                 Inserter    *truth,
                 GError     **error)
{
  Inserter ins = { 0 };
  guint64 *serial;

  if (!inserter_init (self, &ins, object_name, error))
    return FALSE;

  for (guint i = 0; i < count; i++)
    {
      fill (self, &ins, i, truth);
      if (!inserter_step (self, &ins, error))
        {
          inserter_clear (&ins);
          return FALSE;
        }
    }
  inserter_clear (&ins);

  /* New records created later continue the serial sequence. */
  serial = g_new (guint64, 1);
  *serial = (guint64) count + 1;
  g_hash_table_replace (self->next_serial, g_strdup (object_name), serial);
  return TRUE;
}

gboolean
demo_generator_run (AudDemoOrg  *self,
          GError     **error)
{
  Inserter truth = { 0 };
  gboolean ok;

  truth.stmt = demo_data_prepare (self, "INSERT OR IGNORE INTO _demo_truth (Object, Id, Cluster) VALUES (?, ?, ?)",
                                  error);
  if (truth.stmt == NULL)
    return FALSE;

  ok = demo_data_exec (self, "BEGIN", error)
       && insert_users (self, error)
       && generate_object (self, "Account", self->n_accounts, fill_account, &truth, error)
       && generate_object (self, "Contact", self->n_contacts, fill_contact_cb, &truth, error)
       && generate_object (self, "Lead", self->n_leads, fill_lead_cb, &truth, error)
       && generate_object (self, "Opportunity", self->n_opportunities, fill_opportunity_cb, NULL, error)
       && demo_data_create_indexes (self, error)
       && demo_data_exec (self, "COMMIT", error);

  if (!ok)
    sqlite3_exec (self->db, "ROLLBACK", NULL, NULL, NULL);
  sqlite3_finalize (truth.stmt);

  {
    guint64 *serial = g_new (guint64, 1);

    *serial = 6;
    g_hash_table_replace (self->next_serial, g_strdup ("User"), serial);
  }
  return ok;
}

char *
demo_data_create_record (AudDemoOrg  *self,
                         DemoObject  *object,
                         const char  *stamp,
                         GError     **error)
{
  Inserter ins = { 0 };
  guint64 *serial = g_hash_table_lookup (self->next_serial, object->name);
  guint64 index;
  char *id;

  if (serial == NULL || g_str_equal (object->name, "User"))
    {
      g_set_error (error, AUD_DEMO_ORG_ERROR, AUD_DEMO_ORG_ERROR_INVALID_ARGUMENT,
                   "Records of %s can't be created", object->name);
      return NULL;
    }
  if (!inserter_init (self, &ins, object->name, error))
    return NULL;

  /* New records continue the generator's sequence, so they look like the rest of the org. */
  index = (*serial)++ - 1;
  if (g_str_equal (object->name, "Account"))
    fill_account (self, &ins, index, NULL);
  else if (g_str_equal (object->name, "Contact"))
    fill_contact_cb (self, &ins, index, NULL);
  else if (g_str_equal (object->name, "Lead"))
    fill_lead_cb (self, &ins, index, NULL);
  else
    fill_opportunity (self, &ins, index);

  set_text (&ins, "CreatedDate", stamp);
  set_text (&ins, "LastModifiedDate", stamp);
  set_text (&ins, "SystemModstamp", stamp);
  if (!inserter_step (self, &ins, error))
    {
      inserter_clear (&ins);
      return NULL;
    }
  inserter_clear (&ins);
  id = record_id (object->key_prefix, index);
  return id;
}
