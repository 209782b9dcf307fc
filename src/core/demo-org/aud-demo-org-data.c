/* aud-demo-org-data.c — the demo org's SQLite storage and deterministic data generator
 *
 * Tables follow the contract in aud-soql.h: one table per sObject, columns named after fields,
 * values stored as the contract says. Every generated attribute is a pure function of (seed,
 * object, index), so a duplicate can re-derive its original without keeping it in memory and
 * 1,000,000 contacts stream into one transaction.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gstdio.h>
#include <string.h>
#include <time.h>

#include "aud-demo-org-private.h"
#include "aud-sf-id.h"

/* Generated history ends here: fixed, so a seed always yields the same rows. */
#define ANCHOR_UNIX 1748736000   /* 2025-06-01T00:00:00Z */
#define DAY 86400
/* A data load stamps this many consecutive records with one identical SystemModstamp. */
#define LOAD_BATCH 200
/* Share (percent) of records a nightly system job touched at one identical SystemModstamp. */
#define MASS_UPDATE_PERCENT 3
#define MASS_UPDATE_UNIX (ANCHOR_UNIX - DAY)

static const char * const first_names[] = {
  "James", "Mary", "Robert", "Patricia", "John", "Jennifer", "Michael", "Linda", "William", "Elizabeth",
  "David", "Barbara", "Richard", "Susan", "Joseph", "Jessica", "Thomas", "Sarah", "Charles", "Karen",
  "Christopher", "Nancy", "Daniel", "Margaret", "Matthew", "Lisa", "Anthony", "Betty", "Mark", "Dorothy",
  "Steven", "Sandra", "Andrew", "Ashley", "Joshua", "Kimberly", "Kenneth", "Emily", "Kevin", "Donna",
  "Brian", "Michelle", "George", "Carol", "Timothy", "Amanda", "Ronald", "Melissa", "Edward", "Deborah",
  "Jason", "Stephanie", "Jeffrey", "Rebecca", "Ryan", "Sharon", "Jacob", "Laura", "Gary", "Cynthia",
  "Nicholas", "Kathleen", "Eric", "Amy", "Jonathan", "Angela", "Stephen", "Shirley", "Larry", "Anna",
  "Sophie", "Lukas", "Amélie", "Jörg", "Zoë", "Siobhán", "Rahul", "Priya", "Wei", "Yuki", "Olu", "Ngozi",
};

static const struct { const char *name; const char *nick; } nicknames[] = {
  { "Robert", "Bob" }, { "William", "Bill" }, { "Elizabeth", "Liz" }, { "Richard", "Dick" },
  { "Joseph", "Joe" }, { "Thomas", "Tom" }, { "Charles", "Chuck" }, { "Christopher", "Chris" },
  { "Daniel", "Dan" }, { "Margaret", "Peggy" }, { "Matthew", "Matt" }, { "Anthony", "Tony" },
  { "Steven", "Steve" }, { "Andrew", "Andy" }, { "Joshua", "Josh" }, { "Kenneth", "Ken" },
  { "Michael", "Mike" }, { "Jennifer", "Jen" }, { "Patricia", "Pat" }, { "James", "Jim" },
  { "Timothy", "Tim" }, { "Ronald", "Ron" }, { "Edward", "Ted" }, { "Jeffrey", "Jeff" },
  { "Nicholas", "Nick" }, { "Jonathan", "Jon" }, { "Kimberly", "Kim" }, { "Rebecca", "Becky" },
  { "Katherine", "Kate" }, { "Deborah", "Deb" }, { "Stephanie", "Steph" }, { "Samantha", "Sam" },
};

static const char * const last_names[] = {
  "Smith", "Johnson", "Williams", "Brown", "Jones", "Garcia", "Miller", "Davis", "Rodriguez", "Martinez",
  "Hernandez", "Lopez", "Gonzalez", "Wilson", "Anderson", "Thomas", "Taylor", "Moore", "Jackson", "Martin",
  "Lee", "Perez", "Thompson", "White", "Harris", "Sanchez", "Clark", "Ramirez", "Lewis", "Robinson",
  "Walker", "Young", "Allen", "King", "Wright", "Scott", "Torres", "Nguyen", "Hill", "Flores",
  "Green", "Adams", "Nelson", "Baker", "Hall", "Rivera", "Campbell", "Mitchell", "Carter", "Roberts",
  "O'Brien", "McDonald", "Müller", "Schmidt", "Schneider", "Fischer", "Weber", "Dubois", "Lefèvre", "Rossi",
  "Kowalski", "Novak", "Andersson", "Johansson", "Tanaka", "Suzuki", "Patel", "Singh", "Okafor", "Mensah",
  "van der Berg", "De Luca", "Fitzgerald", "Gallagher", "Kaplan", "Lindqvist", "Moreau", "Petrov", "Quinn", "Reyes",
};

static const char * const company_a[] = {
  "Acme", "Globex", "Initech", "Umbrella", "Stark", "Wayne", "Wonka", "Hooli", "Vandelay", "Cyberdyne",
  "Soylent", "Tyrell", "Massive", "Oscorp", "Nakatomi", "Gringotts", "Pied Piper", "Aperture", "Black Mesa",
  "Blue Sun", "Monarch", "Prestige", "Sterling", "Dunder", "Bluth", "Krusty", "Gekko", "Vortex", "Northwind",
  "Contoso", "Fabrikam", "Tailspin", "Litware", "Proseware", "Adatum", "Lucerne", "Margie", "Wingtip",
  "Alpine", "Coho", "Fourth Coffee", "Humongous", "Trey", "Woodgrove", "Bellows", "Kinetic", "Summit",
  "Harbor", "Evergreen", "Redwood", "Granite", "Cobalt", "Silverline", "Brightwater", "Ironclad", "Keystone",
};

static const char * const company_b[] = {
  "Systems", "Industries", "Analytics", "Logistics", "Software", "Labs", "Holdings", "Partners", "Foods",
  "Energy", "Health", "Robotics", "Media", "Capital", "Consulting", "Networks", "Dynamics", "Solutions",
  "Manufacturing", "Pharma", "Retail", "Security", "Telecom", "Aerospace", "Biotech", "Insurance",
};

static const char * const suffixes[] = { "Inc", "LLC", "Ltd", "GmbH", "Corp", "Co", "SA", "AG", "PLC", "" };

static const struct { const char *canonical; const char *variants[4]; } suffix_variants[] = {
  { "Inc", { "Inc.", ", Inc.", "Incorporated", "" } },
  { "LLC", { "L.L.C.", ", LLC", "llc", "" } },
  { "Ltd", { "Ltd.", "Limited", ", Ltd.", "" } },
  { "GmbH", { "G.m.b.H.", "gmbh", "GMBH", "" } },
  { "Corp", { "Corp.", "Corporation", ", Corp.", "" } },
  { "Co", { "Co.", "Company", "& Co.", "" } },
  { "SA", { "S.A.", "sa", "", "" } },
  { "AG", { "A.G.", "ag", "", "" } },
  { "PLC", { "plc", "P.L.C.", "", "" } },
  { "", { "Inc", "Group", "", "" } },
};

static const char * const titles[] = {
  "CEO", "CFO", "CTO", "VP of Sales", "VP Marketing", "Director of Operations", "Head of RevOps",
  "Sales Manager", "Account Executive", "Marketing Manager", "Product Manager", "Software Engineer",
  "Procurement Lead", "Office Manager", "IT Director", "Data Analyst", "Customer Success Manager",
  "Chief Revenue Officer", "Sales Development Rep", "Controller", "HR Business Partner", "Buyer",
};

static const char * const departments[] = {
  "Sales", "Marketing", "Finance", "Engineering", "Operations", "IT", "Procurement", "HR", "Customer Success",
};

static const struct { const char *city; const char *state; const char *postal; const char *country;
                      const char *phone_prefix; double lat; double lon; } places[] = {
  { "San Francisco", "CA", "94105", "United States", "+1 415", 37.7897, -122.3942 },
  { "New York", "NY", "10013", "United States", "+1 212", 40.7209, -74.0048 },
  { "Chicago", "IL", "60601", "United States", "+1 312", 41.8858, -87.6181 },
  { "Austin", "TX", "78701", "United States", "+1 512", 30.2711, -97.7437 },
  { "Seattle", "WA", "98101", "United States", "+1 206", 47.6101, -122.3344 },
  { "Boston", "MA", "02110", "United States", "+1 617", 42.3570, -71.0514 },
  { "Denver", "CO", "80202", "United States", "+1 303", 39.7508, -104.9966 },
  { "Atlanta", "GA", "30303", "United States", "+1 404", 33.7529, -84.3925 },
  { "Toronto", "ON", "M5H 2N2", "Canada", "+1 416", 43.6507, -79.3817 },
  { "London", NULL, "EC2V 7HH", "United Kingdom", "+44 20", 51.5155, -0.0922 },
  { "Manchester", NULL, "M1 1AE", "United Kingdom", "+44 161", 53.4808, -2.2426 },
  { "Berlin", "Berlin", "10117", "Germany", "+49 30", 52.5170, 13.3889 },
  { "München", "Bayern", "80331", "Germany", "+49 89", 48.1372, 11.5755 },
  { "Paris", NULL, "75002", "France", "+33 1", 48.8686, 2.3431 },
  { "Amsterdam", NULL, "1017 CE", "Netherlands", "+31 20", 52.3637, 4.8936 },
  { "Stockholm", NULL, "111 52", "Sweden", "+46 8", 59.3326, 18.0649 },
  { "Dublin", NULL, "D02 X285", "Ireland", "+353 1", 53.3441, -6.2675 },
  { "Sydney", "NSW", "2000", "Australia", "+61 2", -33.8688, 151.2093 },
  { "Tokyo", NULL, "100-0005", "Japan", "+81 3", 35.6812, 139.7671 },
  { "Lagos", NULL, "101233", "Nigeria", "+234 1", 6.4550, 3.3841 },
};

static const char * const streets[] = {
  "Market St", "Main Street", "Broadway", "High Street", "Oak Avenue", "Elm Street", "Park Lane",
  "Friedrichstraße", "Rue de Rivoli", "King Street", "Harbor Blvd", "Mission St", "Lake Shore Dr",
};

/* ---- deterministic randomness ---- */

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

/* ---- basic database plumbing ---- */

void
demo_data_set_error (AudDemoOrg  *self,
                     GError     **error,
                     const char  *what)
{
  g_set_error (error, AUD_DEMO_ORG_ERROR, AUD_DEMO_ORG_ERROR_DATABASE, "%s: %s", what,
               self->db ? sqlite3_errmsg (self->db) : "no database");
}

gboolean
demo_data_exec (AudDemoOrg  *self,
                const char  *sql,
                GError     **error)
{
  char *msg = NULL;

  if (sqlite3_exec (self->db, sql, NULL, NULL, &msg) != SQLITE_OK)
    {
      g_set_error (error, AUD_DEMO_ORG_ERROR, AUD_DEMO_ORG_ERROR_DATABASE, "%s", msg ? msg : "sqlite error");
      sqlite3_free (msg);
      return FALSE;
    }
  return TRUE;
}

sqlite3_stmt *
demo_data_prepare (AudDemoOrg  *self,
                   const char  *sql,
                   GError     **error)
{
  sqlite3_stmt *stmt = NULL;

  if (sqlite3_prepare_v2 (self->db, sql, -1, &stmt, NULL) != SQLITE_OK)
    {
      demo_data_set_error (self, error, "prepare");
      return NULL;
    }
  return stmt;
}

static const char *
sql_type (const DemoField *field)
{
  switch (field->soql.type)
    {
    case AUD_SOQL_TYPE_BOOLEAN:
    case AUD_SOQL_TYPE_INT: return "INTEGER";
    case AUD_SOQL_TYPE_DOUBLE: return "REAL";
    default: return "TEXT";
    }
}

static gboolean
create_tables (AudDemoOrg  *self,
               GError     **error)
{
  for (guint i = 0; i < self->schema->objects->len; i++)
    {
      DemoObject *object = g_ptr_array_index (self->schema->objects, i);
      g_autoptr(GString) sql = g_string_new (NULL);

      g_string_append_printf (sql, "CREATE TABLE \"%s\" (", object->name);
      for (guint k = 0; k < object->fields->len; k++)
        {
          DemoField *field = g_ptr_array_index (object->fields, k);

          if (!demo_field_is_stored (field))
            continue;
          if (g_str_equal (field->name, "Id"))
            g_string_append (sql, "\"Id\" TEXT PRIMARY KEY NOT NULL");
          else if (g_str_equal (field->name, "IsDeleted"))
            g_string_append (sql, ", \"IsDeleted\" INTEGER NOT NULL DEFAULT 0");
          else
            g_string_append_printf (sql, ", \"%s\" %s", field->name, sql_type (field));
        }
      /* The contract wants IsDeleted on every table, even where describe has none (User). */
      if (!object->has_is_deleted)
        g_string_append (sql, ", \"IsDeleted\" INTEGER NOT NULL DEFAULT 0");
      g_string_append (sql, ")");

      if (!demo_data_exec (self, sql->str, error))
        return FALSE;
    }

  return demo_data_exec (self,
                         "CREATE TABLE _demo_deleted (Object TEXT NOT NULL, Id TEXT NOT NULL, "
                         "  DeletedDate TEXT NOT NULL, PRIMARY KEY (Object, Id));"
                         "CREATE TABLE _demo_truth (Object TEXT NOT NULL, Id TEXT NOT NULL, "
                         "  Cluster TEXT NOT NULL, PRIMARY KEY (Object, Id));",
                         error);
}

static gboolean
create_indexes (AudDemoOrg  *self,
                GError     **error)
{
  /* Built after the bulk load: one sort beats a million index insertions. */
  return demo_data_exec (self,
                         "CREATE INDEX contact_modstamp ON Contact (SystemModstamp);"
                         "CREATE INDEX contact_lastmod ON Contact (LastModifiedDate);"
                         "CREATE INDEX contact_account ON Contact (AccountId);"
                         "CREATE INDEX account_modstamp ON Account (SystemModstamp);"
                         "CREATE INDEX account_lastmod ON Account (LastModifiedDate);"
                         "CREATE INDEX lead_modstamp ON Lead (SystemModstamp);"
                         "CREATE INDEX opportunity_modstamp ON Opportunity (SystemModstamp);"
                         "CREATE INDEX opportunity_account ON Opportunity (AccountId);"
                         "CREATE INDEX deleted_date ON _demo_deleted (Object, DeletedDate);",
                         error);
}

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

/* ---- people and companies as pure functions of their index ---- */

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

static void
person_at (AudDemoOrg *self,
           guint       salt,
           guint64     index,
           guint       n_accounts,
           Person     *p)
{
  Rng rng;

  rng_init (&rng, self->seed, salt, index);
  p->first = rng_below (&rng, G_N_ELEMENTS (first_names));
  p->last = rng_below (&rng, G_N_ELEMENTS (last_names));
  p->title = rng_below (&rng, G_N_ELEMENTS (titles));
  p->dept = rng_below (&rng, G_N_ELEMENTS (departments));
  p->place = rng_below (&rng, G_N_ELEMENTS (places));
  p->street = rng_below (&rng, G_N_ELEMENTS (streets));
  p->house = 1 + rng_below (&rng, 1999);
  p->phone = rng_below (&rng, 10000);
  p->account = (n_accounts > 0 && rng_below (&rng, 100) < 92) ? rng_below (&rng, n_accounts) : G_MAXUINT;
  p->personal_email = rng_below (&rng, 100) < 8;
}

static void
company_at (AudDemoOrg *self,
            guint64     index,
            Company    *c)
{
  Rng rng;

  rng_init (&rng, self->seed, SALT_ACCOUNT, index);
  c->a = rng_below (&rng, G_N_ELEMENTS (company_a));
  c->b = rng_below (&rng, G_N_ELEMENTS (company_b));
  c->suffix = rng_below (&rng, G_N_ELEMENTS (suffixes));
  c->place = rng_below (&rng, G_N_ELEMENTS (places));
  c->street = rng_below (&rng, G_N_ELEMENTS (streets));
  c->house = 1 + rng_below (&rng, 999);
  c->phone = rng_below (&rng, 10000);
  c->industry = rng_below (&rng, 29);
  c->employees = 5 + rng_below (&rng, 20000);
}

/* Whether generated record @index of an object is a duplicate, and of which earlier record
 * (always the root of its cluster, so ground truth is one level deep). */
static gboolean
duplicate_of (AudDemoOrg *self,
              guint       salt,
              guint64     index,
              guint64    *original)
{
  Rng rng;
  guint64 j = index;

  for (;;)
    {
      if (j == 0)
        break;
      rng_init (&rng, self->seed, SALT_DUP * 16 + salt, j);
      if (rng_below (&rng, 100) >= self->duplicate_percent)
        break;
      j = rng_next (&rng) % j;
    }

  *original = j;
  return j != index;
}

static char *ascii_lower (const char *text);

/* ASCII, lower-case forms of the name lists for emails and domains, computed once: transliteration
 * is far too slow to run for every generated row. */
typedef struct
{
  char *first[G_N_ELEMENTS (first_names)];
  char *last[G_N_ELEMENTS (last_names)];
  char *company_a[G_N_ELEMENTS (company_a)];
  char *company_b[G_N_ELEMENTS (company_b)];
} AsciiNames;

static const AsciiNames *
ascii_names (void)
{
  static gsize once;
  static AsciiNames names;

  if (g_once_init_enter (&once))
    {
      for (guint i = 0; i < G_N_ELEMENTS (first_names); i++)
        names.first[i] = ascii_lower (first_names[i]);
      for (guint i = 0; i < G_N_ELEMENTS (last_names); i++)
        names.last[i] = ascii_lower (last_names[i]);
      for (guint i = 0; i < G_N_ELEMENTS (company_a); i++)
        names.company_a[i] = ascii_lower (company_a[i]);
      for (guint i = 0; i < G_N_ELEMENTS (company_b); i++)
        names.company_b[i] = ascii_lower (company_b[i]);
      g_once_init_leave (&once, 1);
    }
  return &names;
}

static char *
ascii_lower (const char *text)
{
  g_autofree char *ascii = g_str_to_ascii (text, "C");
  GString *out = g_string_new (NULL);

  for (const char *p = ascii; *p; p++)
    if (g_ascii_isalnum (*p))
      g_string_append_c (out, g_ascii_tolower (*p));
  return g_string_free (out, FALSE);
}

static char *
domain_for (const Company *c)
{
  const AsciiNames *ascii = ascii_names ();

  return g_strconcat (ascii->company_a[c->a], ascii->company_b[c->b],
                      (c->place >= 9 && c->place <= 17) ? ".eu" : ".com", NULL);
}

static char *
company_name (const Company *c)
{
  if (*suffixes[c->suffix] == '\0')
    return g_strdup_printf ("%s %s", company_a[c->a], company_b[c->b]);
  return g_strdup_printf ("%s %s %s", company_a[c->a], company_b[c->b], suffixes[c->suffix]);
}


static char *
phone_text (guint place,
            guint number,
            guint style)
{
  const char *prefix = places[place].phone_prefix;

  if (g_str_has_prefix (prefix, "+1 "))
    {
      switch (style % 3)
        {
        case 0: return g_strdup_printf ("(%s) 555-%04u", prefix + 3, number);
        case 1: return g_strdup_printf ("+1 %s-555-%04u", prefix + 3, number);
        default: return g_strdup_printf ("%s555%04u", prefix + 3, number);
        }
    }
  switch (style % 3)
    {
    case 0: return g_strdup_printf ("%s 555 %04u", prefix, number);
    case 1: return g_strdup_printf ("%s-555-%04u", prefix, number);
    default: return g_strdup_printf ("%s555%04u", prefix, number);
    }
}

static const char *
nickname_for (const char *first)
{
  for (guint i = 0; i < G_N_ELEMENTS (nicknames); i++)
    if (g_str_equal (nicknames[i].name, first))
      return nicknames[i].nick;
  return NULL;
}

static char *
typo (const char *word,
      Rng        *rng)
{
  size_t len = strlen (word);
  char *out = g_strdup (word);

  /* ASCII-only positions, so a typo never splits a UTF-8 sequence. */
  if (len >= 4)
    {
      guint i = 1 + rng_below (rng, (guint) len - 2);

      if (g_ascii_isalpha (out[i]) && g_ascii_isalpha (out[i + 1]) && out[i] != out[i + 1])
        {
          char t = out[i];
          out[i] = out[i + 1];
          out[i + 1] = t;
        }
      else if (g_ascii_isalpha (out[i]))
        memmove (out + i, out + i + 1, len - i);
    }
  return out;
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

static const char *
levels_value (guint title)
{
  static const char * const values[] = { "Primary", "Secondary", "Tertiary" };

  return title < 7 ? values[0] : title < 14 ? values[1] : values[2];
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
  gboolean dup = duplicate_of (self, salt, index, &original);
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

  person_at (self, salt, original, is_lead ? self->n_accounts * 3 + 1 : self->n_accounts, &p);
  has_company = p.account != G_MAXUINT;
  if (has_company && is_lead)
    company_at (self, p.account + 1000003, &company);
  else if (has_company)
    {
      guint64 account_root;

      /* Work emails use the domain of the account's real company, also for duplicate accounts. */
      duplicate_of (self, SALT_ACCOUNT, p.account, &account_root);
      company_at (self, account_root, &company);
    }

  first = g_strdup (first_names[p.first]);
  last = g_strdup (last_names[p.last]);
  f_ascii = g_strdup (ascii_names ()->first[p.first]);
  l_ascii = g_strdup (ascii_names ()->last[p.last]);
  domain = has_company ? domain_for (&company) : g_strdup ("example.net");
  email = p.personal_email || !has_company ? g_strdup_printf ("%s.%s@gmail.com", f_ascii, l_ascii)
                                           : g_strdup_printf ("%s.%s@%s", f_ascii, l_ascii, domain);

  rng_init (&rng, self->seed, SALT_DUP * 16 + salt + 8, index);
  if (dup)
    {
      guint changes = rng_below (&rng, 16) | 1;   /* at least one difference */
      const char *nick = nickname_for (first);

      if ((changes & 1) && nick != NULL)
        {
          g_free (first);
          first = g_strdup (nick);
        }
      else if (changes & 1)
        {
          char *t = typo (last, &rng);

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
  phone = phone_text (p.place, p.phone, phone_style);
  mobile = phone_text (p.place, (p.phone * 7 + 1234) % 10000, phone_style + 1);
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
      set_text (ins, "Level__c", levels_value (p.title));
      set_text (ins, "Email_Domain__c", at ? at + 1 : NULL);
    }
  else
    {
      g_autofree char *cname = has_company ? company_name (&company) : g_strdup_printf ("%s Household", last);

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

static char *
company_variant (const Company *c,
                 Rng           *rng)
{
  const char *canonical = suffixes[c->suffix];
  const char *variant = "";

  for (guint i = 0; i < G_N_ELEMENTS (suffix_variants); i++)
    if (g_str_equal (suffix_variants[i].canonical, canonical))
      {
        variant = suffix_variants[i].variants[rng_below (rng, 4)];
        break;
      }

  switch (rng_below (rng, 3))
    {
    case 0:
      return g_strdup_printf ("%s %s%s%s", company_a[c->a], company_b[c->b],
                              (*variant == ',' || *variant == '\0') ? "" : " ", variant);
    case 1:
      {
        g_autofree char *base = g_strdup_printf ("%s %s%s%s", company_a[c->a], company_b[c->b],
                                                 (*variant == ',' || *variant == '\0') ? "" : " ", variant);
        return g_utf8_strup (base, -1);
      }
    default:
      return g_strdup_printf ("The %s %s%s%s", company_a[c->a], company_b[c->b],
                              (*variant == ',' || *variant == '\0') ? "" : " ", variant);
    }
}

static void
fill_account (AudDemoOrg *self,
              Inserter   *ins,
              guint64     index,
              Inserter   *truth)
{
  Company c;
  guint64 original;
  gboolean dup = duplicate_of (self, SALT_ACCOUNT, index, &original);
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

  company_at (self, original, &c);
  rng_init (&rng, self->seed, SALT_DUP * 16 + SALT_ACCOUNT + 8, index);
  domain = domain_for (&c);
  name = dup ? company_variant (&c, &rng) : company_name (&c);
  website = dup && rng_below (&rng, 2) ? g_strdup_printf ("http://%s", domain)
                                       : g_strdup_printf ("https://www.%s", domain);
  phone = phone_text (c.place, c.phone, dup ? 1 + rng_below (&rng, 2) : 0);
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
  company_at (self, account, &c);
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
      g_autofree char *f = ascii_lower (names[i][0]);
      g_autofree char *l = ascii_lower (names[i][1]);
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

static gboolean
generate (AudDemoOrg  *self,
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
       && create_indexes (self, error)
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

gboolean
demo_data_open (AudDemoOrg  *self,
                GError     **error)
{
  g_autofree char *path = NULL;

  if (self->database_path != NULL)
    {
      path = g_strdup (self->database_path);
      /* The org is rebuilt from its seed on every start: a stale file would mix two orgs. */
      g_unlink (path);
      self->owns_database_file = FALSE;
    }
  else
    {
      g_autoptr(GError) local = NULL;
      int fd = g_file_open_tmp ("aud-demo-org-XXXXXX.db", &path, &local);

      if (fd < 0)
        {
          g_set_error (error, AUD_DEMO_ORG_ERROR, AUD_DEMO_ORG_ERROR_DATABASE,
                       "Could not create the demo org database: %s", local->message);
          return FALSE;
        }
      close (fd);
      g_unlink (path);
      self->database_path = g_strdup (path);
      self->owns_database_file = TRUE;
    }

  if (sqlite3_open_v2 (path, &self->db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_FULLMUTEX,
                       NULL) != SQLITE_OK)
    {
      demo_data_set_error (self, error, "open");
      demo_data_close (self);
      return FALSE;
    }

  self->schema = demo_schema_new (self->extra_custom_fields);

  /* A demo org is rebuilt from its seed, so durability buys nothing: no fsync, no rollback journal
   * while generating (the whole load is one transaction anyway), WAL afterwards for readers. */
  if (!demo_data_exec (self, "PRAGMA journal_mode=OFF; PRAGMA synchronous=OFF; PRAGMA temp_store=FILE;"
                             "PRAGMA cache_size=-65536;", error)
      || !create_tables (self, error)
      || !generate (self, error)
      || !demo_data_exec (self, "PRAGMA journal_mode=WAL;", error))
    {
      demo_data_close (self);
      return FALSE;
    }

  return TRUE;
}

void
demo_data_close (AudDemoOrg *self)
{
  g_clear_pointer (&self->db, sqlite3_close);
  g_clear_pointer (&self->schema, demo_schema_free);

  if (self->owns_database_file && self->database_path != NULL)
    {
      g_autofree char *wal = g_strconcat (self->database_path, "-wal", NULL);
      g_autofree char *shm = g_strconcat (self->database_path, "-shm", NULL);

      g_unlink (self->database_path);
      g_unlink (wal);
      g_unlink (shm);
      g_clear_pointer (&self->database_path, g_free);
      self->owns_database_file = FALSE;
    }
}

/* ---- values in and out, per the storage contract ---- */

void
demo_data_bind_value (sqlite3_stmt    *stmt,
                      int              index,
                      const DemoField *field,
                      JsonNode        *value)
{
  if (value == NULL || JSON_NODE_HOLDS_NULL (value))
    {
      sqlite3_bind_null (stmt, index);
      return;
    }

  switch (field->soql.type)
    {
    case AUD_SOQL_TYPE_BOOLEAN:
      sqlite3_bind_int (stmt, index, json_node_get_boolean (value) ? 1 : 0);
      break;
    case AUD_SOQL_TYPE_INT:
      sqlite3_bind_int64 (stmt, index, json_node_get_int (value));
      break;
    case AUD_SOQL_TYPE_DOUBLE:
      sqlite3_bind_double (stmt, index, json_node_get_double (value));
      break;
    case AUD_SOQL_TYPE_DATETIME:
      {
        g_autoptr(GDateTime) dt = demo_parse_datetime (json_node_get_string (value));
        g_autofree char *text = dt ? demo_format_datetime (dt) : NULL;

        if (text)
          sqlite3_bind_text (stmt, index, text, -1, SQLITE_TRANSIENT);
        else
          sqlite3_bind_null (stmt, index);
      }
      break;
    default:
      {
        const char *text = json_node_get_string (value);

        /* An empty string clears a text field in Salesforce, the same as null. */
        if (text == NULL || *text == '\0')
          sqlite3_bind_null (stmt, index);
        else
          sqlite3_bind_text (stmt, index, text, -1, SQLITE_TRANSIENT);
      }
    }
}

void
demo_data_append_value (GString         *out,
                        sqlite3_stmt    *stmt,
                        int              col,
                        const DemoField *field)
{
  if (sqlite3_column_type (stmt, col) == SQLITE_NULL)
    {
      g_string_append (out, "null");
      return;
    }

  switch (field != NULL ? field->soql.type : AUD_SOQL_TYPE_STRING)
    {
    case AUD_SOQL_TYPE_BOOLEAN:
      g_string_append (out, sqlite3_column_int (stmt, col) ? "true" : "false");
      break;
    case AUD_SOQL_TYPE_INT:
      g_string_append_printf (out, "%" G_GINT64_FORMAT, (gint64) sqlite3_column_int64 (stmt, col));
      break;
    case AUD_SOQL_TYPE_DOUBLE:
      {
        char buf[G_ASCII_DTOSTR_BUF_SIZE];
        double d = sqlite3_column_double (stmt, col);

        /* Whole amounts print without a fraction, as Salesforce's JSON does ("Amount":250000). */
        if (d == (double) (gint64) d && d < 1e15 && d > -1e15)
          g_string_append_printf (out, "%" G_GINT64_FORMAT ".0", (gint64) d);
        else
          g_string_append (out, g_ascii_dtostr (buf, sizeof buf, d));
      }
      break;
    default:
      demo_append_json_string (out, (const char *) sqlite3_column_text (stmt, col));
    }
}

gboolean
demo_data_refresh_derived (AudDemoOrg  *self,
                           DemoObject  *object,
                           const char  *id,
                           GError     **error)
{
  const char *sql = NULL;
  g_autoptr(sqlite3_stmt) stmt = NULL;

  /* Name is Salesforce's read-only concatenation; the formula fields are recomputed without
   * touching any stamp, as real formulas are. */
  if (g_str_equal (object->name, "Contact"))
    sql = "UPDATE Contact SET Name = TRIM(COALESCE(FirstName || ' ', '') || COALESCE(LastName, '')), "
          "Email_Domain__c = CASE WHEN instr(Email, '@') > 0 THEN substr(Email, instr(Email, '@') + 1) END "
          "WHERE Id = ?";
  else if (g_str_equal (object->name, "Lead"))
    sql = "UPDATE Lead SET Name = TRIM(COALESCE(FirstName || ' ', '') || COALESCE(LastName, '')) WHERE Id = ?";
  else if (g_str_equal (object->name, "Account"))
    sql = "UPDATE Account SET Website_Domain__c = replace(replace(replace(Website, 'https://', ''), "
          "'http://', ''), 'www.', '') WHERE Id = ?";
  if (sql == NULL)
    return TRUE;

  stmt = demo_data_prepare (self, sql, error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, id, -1, SQLITE_TRANSIENT);
  if (sqlite3_step (stmt) != SQLITE_DONE)
    {
      demo_data_set_error (self, error, "update derived fields");
      return FALSE;
    }
  return TRUE;
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
