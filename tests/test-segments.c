/* test-segments.c — segments over a real workspace: every operator against hand-checked records
 *
 * Six live records and one deleted one, with blanks, whitespace-only values and non-ASCII text
 * (precomposed and decomposed É, ß against SS, Ñ), dates relative to today. Each expectation
 * below was worked out by hand from the table in insert_records().
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gstdio.h>
#include <sys/wait.h>

#include "aud-audience.h"
#include "aud-describe.h"
#include "aud-mapping.h"
#include "aud-segment.h"
#include "aud-segment-file.h"
#include "aud-segment-index.h"
#include "aud-segment-query.h"
#include "aud-segment-sql.h"
#include "aud-store-private.h"
#include "describe-fixture.h"

typedef struct
{
  char        *dir;
  char        *path;
  AudStore    *store;
  AudAudience *audience;
} Fixture;

static const char * const mapped_fields[] = {
  "FirstName", "LastName", "Email", "Title", "MailingCountry", "Score__c", "Birthdate",
  "CreatedDate", "HasOptedOutOfEmail", "Segment__c", NULL
};

/* "@-5" is today minus five days as YYYY-MM-DD; anything after the number is appended. */
static char *
expand (const char *value)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autoptr(GDateTime) day = NULL;
  char *rest = NULL;
  gint64 offset;

  if (value == NULL || value[0] != '@')
    return g_strdup (value);

  offset = g_ascii_strtoll (value + 1, &rest, 10);
  day = g_date_time_add_days (now, (int) offset);
  return g_strdup_printf ("%04d-%02d-%02d%s", g_date_time_get_year (day), g_date_time_get_month (day),
                          g_date_time_get_day_of_month (day), rest);
}

static void
insert_record (Fixture    *f,
               gint64      source_id,
               const char *id,
               gboolean    deleted,
               const char *json_template)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GString) json = g_string_new (NULL);
  gboolean created;

  /* Expand @-N markers inside the JSON text. */
  for (const char *p = json_template; *p != '\0'; p++)
    {
      if (*p == '@')
        {
          const char *end = p + 1;
          g_autofree char *marker = NULL;
          g_autofree char *expanded = NULL;

          while (*end == '-' || *end == '+' || g_ascii_isdigit (*end))
            end++;
          marker = g_strndup (p, end - p);
          expanded = expand (marker);
          g_string_append (json, expanded);
          p = end - 1;
        }
      else
        g_string_append_c (json, *p);
    }

  aud_store_upsert_source_record (f->store, source_id, id, "2024-01-01T00:00:00.000+0000", deleted,
                                  json->str, &created, &error);
  g_assert_no_error (error);
}

static void
insert_records (Fixture *f)
{
  g_autoptr(GError) error = NULL;
  gint64 source_id = aud_audience_get_source_id (f->audience, &error);

  g_assert_no_error (error);
  insert_record (f, source_id, "r1", FALSE,
    "{\"FirstName\":\"Émile\",\"LastName\":\"Zola\",\"Title\":\"VP Sales\",\"MailingCountry\":\"France\","
    "\"Score__c\":80,\"Birthdate\":\"1990-05-01\",\"CreatedDate\":\"@-5T10:00:00.000+0000\","
    "\"HasOptedOutOfEmail\":false,\"Segment__c\":\"Enterprise\",\"Email\":\"emile@example.fr\","
    "\"Interests__c\":\"Golf;Tennis\"}");
  insert_record (f, source_id, "r2", FALSE,
    "{\"FirstName\":\"ÉMILE\",\"LastName\":\"Straße\",\"Title\":\"vp marketing\",\"MailingCountry\":\"Deutschland\","
    "\"Score__c\":50,\"Birthdate\":\"1985-12-31\",\"CreatedDate\":\"@-40T12:00:00.000+0000\","
    "\"HasOptedOutOfEmail\":true,\"Segment__c\":\"Mid-Market\",\"Email\":null,\"Interests__c\":\"Tennis\"}");
  insert_record (f, source_id, "r3", FALSE,
    "{\"FirstName\":\"Zoë\",\"LastName\":\"STRASSE\",\"Title\":\"Director\",\"MailingCountry\":\"  \","
    "\"Score__c\":50.5,\"Birthdate\":\"@+3\",\"CreatedDate\":\"@+3T09:00:00.000+0000\","
    "\"HasOptedOutOfEmail\":false,\"Segment__c\":\"SMB\",\"Email\":\"\",\"Interests__c\":\"Table Tennis\"}");
  insert_record (f, source_id, "r4", FALSE,
    "{\"FirstName\":\"Ana\",\"LastName\":\"Ñúñez\",\"Title\":null,\"MailingCountry\":\"Spain\","
    "\"Score__c\":null,\"Birthdate\":\"@-10\",\"CreatedDate\":\"@+0T00:00:00.000+0000\","
    "\"HasOptedOutOfEmail\":true,\"Segment__c\":null,\"Email\":\"ana@example.es\"}");
  /* Deleted in Salesforce: matches almost everything, must never count. */
  insert_record (f, source_id, "r5", TRUE,
    "{\"FirstName\":\"Émile\",\"LastName\":\"Straße\",\"Title\":\"VP\",\"MailingCountry\":\"France\","
    "\"Score__c\":99,\"Birthdate\":\"1990-05-01\",\"CreatedDate\":\"@-1T10:00:00.000+0000\","
    "\"HasOptedOutOfEmail\":true,\"Segment__c\":\"Enterprise\"}");
  /* Decomposed É (E + U+0301) and a trailing space. */
  insert_record (f, source_id, "r6", FALSE,
    "{\"FirstName\":\"E\u0301mile\",\"LastName\":\"Hugo\",\"Title\":\"Head of VP Relations\","
    "\"MailingCountry\":\"france \",\"Score__c\":1000,\"Birthdate\":\"1990-05-01\","
    "\"CreatedDate\":\"@-30T23:59:59.000+0000\",\"HasOptedOutOfEmail\":false,\"Segment__c\":\"Enterprise\"}");
  insert_record (f, source_id, "r7", FALSE, "{\"FirstName\":\"Li\"}");
}

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *json = describe_fixture_contact (0, NULL);
  g_autoptr(AudDescribe) describe = NULL;
  guint n;

  f->dir = g_dir_make_tmp ("aud-segments-XXXXXX", NULL);
  f->path = g_build_filename (f->dir, "workspace.db", NULL);
  f->store = aud_store_open (f->path, &error);
  g_assert_no_error (error);

  describe = aud_describe_new_from_data (json, -1, NULL, &error);
  g_assert_no_error (error);
  aud_describe_save (describe, f->store, &error);
  g_assert_no_error (error);

  f->audience = aud_audience_create (f->store, "EMEA Contacts", "Contact", &error);
  g_assert_no_error (error);
  aud_mapping_set_mapped (f->audience, mapped_fields, TRUE, &n, &error);
  g_assert_no_error (error);

  insert_records (f);
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  g_autoptr(GDir) d = NULL;
  const char *name;

  g_clear_object (&f->audience);
  g_clear_object (&f->store);
  d = g_dir_open (f->dir, 0, NULL);
  while (d != NULL && (name = g_dir_read_name (d)) != NULL)
    {
      g_autofree char *child = g_build_filename (f->dir, name, NULL);
      g_unlink (child);
    }
  g_rmdir (f->dir);
  g_free (f->dir);
  g_free (f->path);
}

static AudSegmentNode *
condition (const char         *field,
           AudSegmentOperator  op,
           const char         *v1,
           const char         *v2,
           const char         *v3)
{
  g_autofree char *e1 = expand (v1);
  g_autofree char *e2 = expand (v2);
  g_autofree char *e3 = expand (v3);
  const char *values[] = { e1, e2, e3, NULL };

  return aud_segment_node_new_condition (field, op, values);
}

/* The matching external ids, comma-separated in insertion order; checks count and preview agree. */
static char *
run_query (Fixture          *f,
           AudSegmentFields *fields,
           AudSegmentNode   *root,
           GError          **error)
{
  g_autoptr(AudSegmentFields) loaded = NULL;
  g_autoptr(AudSegmentQuery) query = NULL;
  g_autoptr(GPtrArray) records = NULL;
  g_autoptr(GString) ids = g_string_new (NULL);
  gint64 count = -1;

  if (fields == NULL)
    {
      loaded = aud_segment_fields_load (f->audience, error);
      g_assert_nonnull (loaded);
      fields = loaded;
    }

  query = aud_segment_query_new (f->audience, fields, root, error);
  if (query == NULL)
    return NULL;

  g_assert_true (aud_segment_query_count (query, f->store, NULL, &count, NULL, error));
  records = aud_segment_query_preview (query, f->store, NULL, 100, NULL, error);
  g_assert_nonnull (records);
  g_assert_cmpint (count, ==, records->len);

  for (guint i = 0; i < records->len; i++)
    {
      AudSegmentRecord *record = g_ptr_array_index (records, i);
      g_string_append_printf (ids, "%s%s", i > 0 ? "," : "", record->external_id);
    }

  return g_string_free (g_steal_pointer (&ids), FALSE);
}

static char *
run_single (Fixture        *f,
            AudSegmentNode *cond)
{
  g_autoptr(AudSegmentNode) root = aud_segment_node_new_group (AUD_SEGMENT_MATCH_ALL);
  g_autoptr(GError) error = NULL;
  char *ids;

  aud_segment_node_add (root, cond);
  ids = run_query (f, NULL, root, &error);
  g_assert_no_error (error);
  return ids;
}

typedef struct
{
  const char         *field;
  AudSegmentOperator  op;
  const char         *v1;
  const char         *v2;
  const char         *v3;
  const char         *expected;
} Case;

static void
run_cases (Fixture    *f,
           const Case *cases,
           guint       n_cases)
{
  for (guint i = 0; i < n_cases; i++)
    {
      const Case *c = &cases[i];
      g_autofree char *ids = run_single (f, condition (c->field, c->op, c->v1, c->v2, c->v3));

      g_test_message ("%s %s %s → %s", c->field, aud_segment_operator_to_string (c->op),
                      c->v1 != NULL ? c->v1 : "", ids);
      g_assert_cmpstr (ids, ==, c->expected);
    }
}

static void
test_text (Fixture       *f,
           gconstpointer  data)
{
  static const Case cases[] = {
    /* É precomposed, upper case, and decomposed all match; the deleted r5 never does. */
    { "FirstName", AUD_SEGMENT_OPERATOR_IS, "émile", NULL, NULL, "r1,r2,r6" },
    { "FirstName", AUD_SEGMENT_OPERATOR_IS_NOT, "ÉMILE", NULL, NULL, "r3,r4,r7" },
    { "FirstName", AUD_SEGMENT_OPERATOR_IS, "zoë", NULL, NULL, "r3" },
    { "LastName", AUD_SEGMENT_OPERATOR_IS, "strasse", NULL, NULL, "r2,r3" },
    { "LastName", AUD_SEGMENT_OPERATOR_CONTAINS, "ÑÚ", NULL, NULL, "r4" },
    { "Title", AUD_SEGMENT_OPERATOR_CONTAINS, "VP", NULL, NULL, "r1,r2,r6" },
    { "Title", AUD_SEGMENT_OPERATOR_STARTS_WITH, "vp", NULL, NULL, "r1,r2" },
    /* Blanks are "not Director" too. */
    { "Title", AUD_SEGMENT_OPERATOR_IS_NOT, "director", NULL, NULL, "r1,r2,r4,r6,r7" },
    { "Title", AUD_SEGMENT_OPERATOR_IS_BLANK, NULL, NULL, NULL, "r4,r7" },
    /* Whitespace only is blank; a trailing space does not stop "is France". */
    { "MailingCountry", AUD_SEGMENT_OPERATOR_IS_BLANK, NULL, NULL, NULL, "r3,r7" },
    { "MailingCountry", AUD_SEGMENT_OPERATOR_IS_NOT_BLANK, NULL, NULL, NULL, "r1,r2,r4,r6" },
    { "MailingCountry", AUD_SEGMENT_OPERATOR_IS, "France", NULL, NULL, "r1,r6" },
    { "MailingCountry", AUD_SEGMENT_OPERATOR_IN_LIST, "FRANCE", "spain", NULL, "r1,r4,r6" },
    /* null, "" and a missing key are all blank. */
    { "Email", AUD_SEGMENT_OPERATOR_IS_BLANK, NULL, NULL, NULL, "r2,r3,r6,r7" },
    { "Email", AUD_SEGMENT_OPERATOR_CONTAINS, "@example.", NULL, NULL, "r1,r4" },
    /* Values are bound, never pasted. */
    { "Title", AUD_SEGMENT_OPERATOR_IS, "x' OR 1=1 --", NULL, NULL, "" },
  };

  run_cases (f, cases, G_N_ELEMENTS (cases));
}

static void
test_number (Fixture       *f,
             gconstpointer  data)
{
  static const Case cases[] = {
    { "Score__c", AUD_SEGMENT_OPERATOR_EQUALS, "50", NULL, NULL, "r2" },
    { "Score__c", AUD_SEGMENT_OPERATOR_NOT_EQUALS, "50", NULL, NULL, "r1,r3,r4,r6,r7" },
    { "Score__c", AUD_SEGMENT_OPERATOR_LESS, "50.5", NULL, NULL, "r2" },
    { "Score__c", AUD_SEGMENT_OPERATOR_LESS_OR_EQUAL, "50.5", NULL, NULL, "r2,r3" },
    { "Score__c", AUD_SEGMENT_OPERATOR_GREATER, "80", NULL, NULL, "r6" },
    { "Score__c", AUD_SEGMENT_OPERATOR_GREATER_OR_EQUAL, "80", NULL, NULL, "r1,r6" },
    { "Score__c", AUD_SEGMENT_OPERATOR_BETWEEN, "50", "80", NULL, "r1,r2,r3" },
    { "Score__c", AUD_SEGMENT_OPERATOR_IS_BLANK, NULL, NULL, NULL, "r4,r7" },
    { "Score__c", AUD_SEGMENT_OPERATOR_IS_NOT_BLANK, NULL, NULL, NULL, "r1,r2,r3,r6" },
  };

  run_cases (f, cases, G_N_ELEMENTS (cases));
}

static void
test_date (Fixture       *f,
           gconstpointer  data)
{
  static const Case cases[] = {
    { "Birthdate", AUD_SEGMENT_OPERATOR_EQUALS, "1990-05-01", NULL, NULL, "r1,r6" },
    { "Birthdate", AUD_SEGMENT_OPERATOR_NOT_EQUALS, "1990-05-01", NULL, NULL, "r2,r3,r4,r7" },
    { "Birthdate", AUD_SEGMENT_OPERATOR_LESS, "1990-05-01", NULL, NULL, "r2" },
    { "Birthdate", AUD_SEGMENT_OPERATOR_LESS_OR_EQUAL, "1990-05-01", NULL, NULL, "r1,r2,r6" },
    { "Birthdate", AUD_SEGMENT_OPERATOR_GREATER, "1990-05-01", NULL, NULL, "r3,r4" },
    { "Birthdate", AUD_SEGMENT_OPERATOR_GREATER_OR_EQUAL, "1990-05-01", NULL, NULL, "r1,r3,r4,r6" },
    { "Birthdate", AUD_SEGMENT_OPERATOR_BETWEEN, "1985-12-31", "1990-05-01", NULL, "r1,r2,r6" },
    { "Birthdate", AUD_SEGMENT_OPERATOR_IN_LAST_DAYS, "30", NULL, NULL, "r4" },
    { "Birthdate", AUD_SEGMENT_OPERATOR_IN_LAST_DAYS, "10", NULL, NULL, "r4" },
    { "Birthdate", AUD_SEGMENT_OPERATOR_IN_LAST_DAYS, "9", NULL, NULL, "" },
    { "Birthdate", AUD_SEGMENT_OPERATOR_IN_NEXT_DAYS, "7", NULL, NULL, "r3" },
    { "Birthdate", AUD_SEGMENT_OPERATOR_IS_BLANK, NULL, NULL, NULL, "r7" },
    /* Datetimes: whole days for date values, today included in both directions. */
    { "CreatedDate", AUD_SEGMENT_OPERATOR_IN_LAST_DAYS, "30", NULL, NULL, "r1,r4,r6" },
    { "CreatedDate", AUD_SEGMENT_OPERATOR_IN_LAST_DAYS, "29", NULL, NULL, "r1,r4" },
    { "CreatedDate", AUD_SEGMENT_OPERATOR_IN_NEXT_DAYS, "7", NULL, NULL, "r3,r4" },
    { "CreatedDate", AUD_SEGMENT_OPERATOR_EQUALS, "@-5", NULL, NULL, "r1" },
    { "CreatedDate", AUD_SEGMENT_OPERATOR_EQUALS, "@-5T10:00:00Z", NULL, NULL, "r1" },
    { "CreatedDate", AUD_SEGMENT_OPERATOR_EQUALS, "@-5T12:00:00+02:00", NULL, NULL, "r1" },
    { "CreatedDate", AUD_SEGMENT_OPERATOR_NOT_EQUALS, "@-5", NULL, NULL, "r2,r3,r4,r6,r7" },
    { "CreatedDate", AUD_SEGMENT_OPERATOR_LESS, "@-30", NULL, NULL, "r2" },
    { "CreatedDate", AUD_SEGMENT_OPERATOR_LESS_OR_EQUAL, "@-30", NULL, NULL, "r2,r6" },
    { "CreatedDate", AUD_SEGMENT_OPERATOR_GREATER, "@-5", NULL, NULL, "r3,r4" },
    { "CreatedDate", AUD_SEGMENT_OPERATOR_GREATER_OR_EQUAL, "@+0", NULL, NULL, "r3,r4" },
    { "CreatedDate", AUD_SEGMENT_OPERATOR_BETWEEN, "@-40", "@-30", NULL, "r2,r6" },
    { "CreatedDate", AUD_SEGMENT_OPERATOR_IS_BLANK, NULL, NULL, NULL, "r7" },
  };

  run_cases (f, cases, G_N_ELEMENTS (cases));
}

static void
test_boolean_picklist (Fixture       *f,
                       gconstpointer  data)
{
  static const Case cases[] = {
    { "HasOptedOutOfEmail", AUD_SEGMENT_OPERATOR_IS_TRUE, NULL, NULL, NULL, "r2,r4" },
    { "HasOptedOutOfEmail", AUD_SEGMENT_OPERATOR_IS_FALSE, NULL, NULL, NULL, "r1,r3,r6" },
    { "Segment__c", AUD_SEGMENT_OPERATOR_ANY_OF, "Enterprise", "SMB", NULL, "r1,r3,r6" },
    /* Typed in another case: the describe's spelling is used. */
    { "Segment__c", AUD_SEGMENT_OPERATOR_ANY_OF, "enterprise", " mid-market ", NULL, "r1,r2,r6" },
    { "Segment__c", AUD_SEGMENT_OPERATOR_IS_BLANK, NULL, NULL, NULL, "r4,r7" },
  };
  const AudSegmentField extra[] = {
    { (char *) "Interests__c", (char *) "Interests", AUD_FIELD_KIND_MULTIPICKLIST, NULL },
  };
  g_autoptr(AudSegmentFields) fields = aud_segment_fields_new ("Contact", extra, G_N_ELEMENTS (extra));
  g_autoptr(AudSegmentNode) root = aud_segment_node_new_group (AUD_SEGMENT_MATCH_ALL);
  g_autoptr(GError) error = NULL;
  g_autofree char *ids = NULL;

  run_cases (f, cases, G_N_ELEMENTS (cases));

  /* A multi-select picklist matches whole items: "Table Tennis" is not "Tennis". */
  aud_segment_node_add (root, condition ("Interests__c", AUD_SEGMENT_OPERATOR_ANY_OF, "Tennis", NULL, NULL));
  ids = run_query (f, fields, root, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (ids, ==, "r1,r2");
}

static void
test_groups (Fixture       *f,
             gconstpointer  data)
{
  g_autoptr(AudSegmentNode) root = aud_segment_node_new_group (AUD_SEGMENT_MATCH_ALL);
  g_autoptr(AudSegmentNode) any = aud_segment_node_new_group (AUD_SEGMENT_MATCH_ANY);
  g_autoptr(AudSegmentNode) empty = aud_segment_node_new_group (AUD_SEGMENT_MATCH_ALL);
  AudSegmentNode *nested = aud_segment_node_new_group (AUD_SEGMENT_MATCH_ANY);
  g_autoptr(GError) error = NULL;
  g_autofree char *all_ids = NULL;
  g_autofree char *any_ids = NULL;
  g_autofree char *empty_ids = NULL;

  /* VPs in France or with a score over 900. */
  aud_segment_node_add (root, condition ("Title", AUD_SEGMENT_OPERATOR_CONTAINS, "vp", NULL, NULL));
  aud_segment_node_add (nested, condition ("MailingCountry", AUD_SEGMENT_OPERATOR_IS, "France", NULL, NULL));
  aud_segment_node_add (nested, condition ("Score__c", AUD_SEGMENT_OPERATOR_GREATER, "900", NULL, NULL));
  aud_segment_node_add (root, nested);
  all_ids = run_query (f, NULL, root, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (all_ids, ==, "r1,r6");

  aud_segment_node_add (any, condition ("Score__c", AUD_SEGMENT_OPERATOR_EQUALS, "50", NULL, NULL));
  aud_segment_node_add (any, condition ("Segment__c", AUD_SEGMENT_OPERATOR_ANY_OF, "SMB", NULL, NULL));
  any_ids = run_query (f, NULL, any, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (any_ids, ==, "r2,r3");

  /* A new, empty segment is the whole audience, deleted records left out. */
  empty_ids = run_query (f, NULL, empty, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (empty_ids, ==, "r1,r2,r3,r4,r6,r7");
}

static void
assert_invalid (Fixture        *f,
                AudSegmentNode *cond,
                int             code,
                const char     *fragment)
{
  g_autoptr(AudSegmentNode) root = aud_segment_node_new_group (AUD_SEGMENT_MATCH_ALL);
  g_autoptr(GError) error = NULL;
  g_autofree char *ids = NULL;

  aud_segment_node_add (root, condition ("Title", AUD_SEGMENT_OPERATOR_IS_NOT_BLANK, NULL, NULL, NULL));
  aud_segment_node_add (root, cond);
  ids = run_query (f, NULL, root, &error);
  g_assert_null (ids);
  g_assert_error (error, AUD_SEGMENT_ERROR, code);
  g_test_message ("%s", error->message);
  /* Errors point at the condition and say what to do. */
  g_assert_nonnull (strstr (error->message, "Condition 2:"));
  g_assert_nonnull (strstr (error->message, fragment));
}

static void
test_invalid (Fixture       *f,
              gconstpointer  data)
{
  assert_invalid (f, condition ("Department", AUD_SEGMENT_OPERATOR_IS, "Sales", NULL, NULL),
                  AUD_SEGMENT_ERROR_UNMAPPED_FIELD, "Map the field again");
  assert_invalid (f, condition ("Birthdate", AUD_SEGMENT_OPERATOR_EQUALS, "31/12/1985", NULL, NULL),
                  AUD_SEGMENT_ERROR_BAD_VALUE, "2024-03-31");
  assert_invalid (f, condition ("Birthdate", AUD_SEGMENT_OPERATOR_LESS, "2023-02-30", NULL, NULL),
                  AUD_SEGMENT_ERROR_BAD_VALUE, "2023-02-30");
  assert_invalid (f, condition ("CreatedDate", AUD_SEGMENT_OPERATOR_GREATER, "yesterday", NULL, NULL),
                  AUD_SEGMENT_ERROR_BAD_VALUE, "yesterday");
  assert_invalid (f, condition ("Birthdate", AUD_SEGMENT_OPERATOR_IN_LAST_DAYS, "-3", NULL, NULL),
                  AUD_SEGMENT_ERROR_BAD_VALUE, "whole number of days");
  assert_invalid (f, condition ("Score__c", AUD_SEGMENT_OPERATOR_GREATER, "12,5", NULL, NULL),
                  AUD_SEGMENT_ERROR_BAD_VALUE, "a number");
  assert_invalid (f, condition ("Score__c", AUD_SEGMENT_OPERATOR_BETWEEN, "80", "50", NULL),
                  AUD_SEGMENT_ERROR_BAD_VALUE, "Swap");
  assert_invalid (f, condition ("Score__c", AUD_SEGMENT_OPERATOR_BETWEEN, "80", NULL, NULL),
                  AUD_SEGMENT_ERROR_BAD_VALUE, "two values");
  assert_invalid (f, condition ("Score__c", AUD_SEGMENT_OPERATOR_CONTAINS, "5", NULL, NULL),
                  AUD_SEGMENT_ERROR_BAD_OPERATOR, "Pick another operator");
  assert_invalid (f, condition ("Title", AUD_SEGMENT_OPERATOR_IS_TRUE, NULL, NULL, NULL),
                  AUD_SEGMENT_ERROR_BAD_OPERATOR, "Pick another operator");
  assert_invalid (f, condition ("Title", AUD_SEGMENT_OPERATOR_IS, "  ", NULL, NULL),
                  AUD_SEGMENT_ERROR_BAD_VALUE, "is blank");
  assert_invalid (f, condition ("Title", AUD_SEGMENT_OPERATOR_IS, NULL, NULL, NULL),
                  AUD_SEGMENT_ERROR_BAD_VALUE, "enter a value");
  /* A field name that is not an API name never reaches SQL. */
  assert_invalid (f, condition ("Title') OR 1=1 --", AUD_SEGMENT_OPERATOR_IS_BLANK, NULL, NULL, NULL),
                  AUD_SEGMENT_ERROR_UNMAPPED_FIELD, "not mapped");
}

static AudSegment *
make_segment (Fixture    *f,
              const char *name)
{
  g_autoptr(AudSegment) segment = aud_segment_new (f->audience, name);
  AudSegmentNode *root = aud_segment_get_root (segment);
  AudSegmentNode *nested = aud_segment_node_new_group (AUD_SEGMENT_MATCH_ANY);

  aud_segment_node_add (root, condition ("Title", AUD_SEGMENT_OPERATOR_CONTAINS, "vp", NULL, NULL));
  aud_segment_node_add (nested, condition ("MailingCountry", AUD_SEGMENT_OPERATOR_IN_LIST, "France", "Deutschland", NULL));
  aud_segment_node_add (nested, condition ("Score__c", AUD_SEGMENT_OPERATOR_GREATER, "900", NULL, NULL));
  aud_segment_node_add (root, nested);
  aud_segment_node_add (root, condition ("HasOptedOutOfEmail", AUD_SEGMENT_OPERATOR_IS_FALSE, NULL, NULL, NULL));
  return g_steal_pointer (&segment);
}

static void
reopen (Fixture *f)
{
  g_autoptr(GError) error = NULL;

  g_clear_object (&f->audience);
  g_assert_finalize_object (f->store);
  f->store = aud_store_open (f->path, &error);
  g_assert_no_error (error);
  f->audience = aud_audience_lookup (f->store, "EMEA Contacts", &error);
  g_assert_no_error (error);
}

static void
test_persistence (Fixture       *f,
                  gconstpointer  data)
{
  g_autoptr(AudSegment) segment = make_segment (f, "  EMEA VPs ");
  g_autoptr(AudSegment) found = NULL;
  g_autoptr(AudSegment) copy = NULL;
  g_autoptr(AudSegment) clash = NULL;
  g_autoptr(GPtrArray) list = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *saved_json = NULL;
  g_autofree char *found_json = NULL;
  g_autofree char *index_names = NULL;
  g_auto(GStrv) indexes = NULL;
  gint64 count = -1;

  aud_segment_save (segment, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (aud_segment_get_name (segment), ==, "EMEA VPs");
  g_assert_cmpint (aud_segment_get_id (segment), >, 0);
  saved_json = aud_segment_node_to_json (aud_segment_get_root (segment));
  g_clear_object (&segment);

  /* Survives a restart, definition and all. */
  reopen (f);
  found = aud_segment_lookup (f->audience, "emea vps", &error);
  g_assert_no_error (error);
  found_json = aud_segment_node_to_json (aud_segment_get_root (found));
  g_assert_cmpstr (found_json, ==, saved_json);
  aud_segment_count (found, &count, &error);
  g_assert_no_error (error);
  /* r1 (VP Sales, France) and r6 (Head of VP Relations, "france "); r2 opted out. */
  g_assert_cmpint (count, ==, 2);

  /* Raw comparisons got an index; the text conditions did not need one. */
  indexes = aud_segment_index_list (f->store, &error);
  g_assert_no_error (error);
  index_names = g_strjoinv (",", indexes);
  g_assert_cmpstr (index_names, ==, "HasOptedOutOfEmail,Score__c");

  copy = aud_segment_duplicate (found, "EMEA VPs (copy)", &error);
  g_assert_no_error (error);
  clash = aud_segment_duplicate (found, "EMEA VPS", &error);
  g_assert_error (error, AUD_SEGMENT_ERROR, AUD_SEGMENT_ERROR_NAME_TAKEN);
  g_assert_null (clash);
  g_clear_error (&error);

  aud_segment_rename (copy, "All VPs", &error);
  g_assert_no_error (error);
  aud_segment_rename (copy, "emea vps", &error);
  g_assert_error (error, AUD_SEGMENT_ERROR, AUD_SEGMENT_ERROR_NAME_TAKEN);
  g_clear_error (&error);
  aud_segment_rename (copy, "   ", &error);
  g_assert_error (error, AUD_SEGMENT_ERROR, AUD_SEGMENT_ERROR_INVALID_NAME);
  g_clear_error (&error);

  list = aud_segment_list (f->audience, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (list->len, ==, 2);
  g_assert_cmpstr (aud_segment_get_name (g_ptr_array_index (list, 0)), ==, "All VPs");
  g_assert_cmpstr (aud_segment_get_name (g_ptr_array_index (list, 1)), ==, "EMEA VPs");
  g_clear_pointer (&list, g_ptr_array_unref);

  aud_segment_delete (copy, &error);
  g_assert_no_error (error);
  {
    /* Deleted elsewhere (another window, the CLI): saving says so instead of resurrecting it. */
    g_autoptr(AudSegment) other = aud_segment_lookup (f->audience, "EMEA VPs", &error);
    g_assert_no_error (error);
    aud_segment_delete (other, &error);
    g_assert_no_error (error);
    g_assert_false (aud_segment_save (found, &error));
    g_assert_error (error, AUD_SEGMENT_ERROR, AUD_SEGMENT_ERROR_NOT_FOUND);
    g_clear_error (&error);
  }
  list = aud_segment_list (f->audience, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (list->len, ==, 0);
  g_clear_pointer (&indexes, g_strfreev);
  indexes = aud_segment_index_list (f->store, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_strv_length (indexes), ==, 0);
}

static void
test_unmapped_after_save (Fixture       *f,
                          gconstpointer  data)
{
  g_autoptr(AudSegment) segment = make_segment (f, "EMEA VPs");
  g_autoptr(GError) error = NULL;
  const char * const unmap[] = { "Score__c", NULL };
  gint64 count = -1;
  guint n;

  aud_segment_save (segment, &error);
  g_assert_no_error (error);

  /* Unmapping a field the segment uses makes counting fail loudly, never return 0. */
  aud_mapping_set_mapped (f->audience, unmap, FALSE, &n, &error);
  g_assert_no_error (error);
  g_assert_false (aud_segment_count (segment, &count, &error));
  g_assert_error (error, AUD_SEGMENT_ERROR, AUD_SEGMENT_ERROR_UNMAPPED_FIELD);
  g_assert_nonnull (strstr (error->message, "Score__c"));
  g_assert_cmpint (count, ==, -1);
}

static void
test_index_used (Fixture       *f,
                 gconstpointer  data)
{
  g_autoptr(AudSegment) segment = make_segment (f, "EMEA VPs");
  g_autoptr(AudSegmentNode) root = aud_segment_node_new_group (AUD_SEGMENT_MATCH_ALL);
  g_autoptr(AudSegmentFields) fields = NULL;
  g_autoptr(AudSegmentQuery) query = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *plan = NULL;

  aud_segment_save (segment, &error);
  g_assert_no_error (error);

  /* The count reads the saved segment's index, not every record. */
  fields = aud_segment_fields_load (f->audience, &error);
  g_assert_no_error (error);
  aud_segment_node_add (root, condition ("Score__c", AUD_SEGMENT_OPERATOR_GREATER, "900", NULL, NULL));
  query = aud_segment_query_new (f->audience, fields, root, &error);
  g_assert_no_error (error);
  plan = aud_segment_query_explain (query, f->store, &error);
  g_assert_no_error (error);
  g_test_message ("%s", plan);
  g_assert_nonnull (strstr (plan, "segment_field_Score__c"));
}

static void
test_file_round_trip (Fixture       *f,
                      gconstpointer  data)
{
  g_autoptr(AudSegment) segment = make_segment (f, "EMEA VPs");
  g_autoptr(AudSegment) imported = NULL;
  g_autoptr(AudSegment) again = NULL;
  g_autoptr(AudAudience) accounts = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *exported = NULL;
  g_autofree char *reexported = NULL;
  g_autofree char *path = g_build_filename (f->dir, "segment.json", NULL);
  g_autofree char *expected_name = NULL;

  aud_segment_save (segment, &error);
  g_assert_no_error (error);
  aud_segment_file_export (segment, path, &error);
  g_assert_no_error (error);
  g_file_get_contents (path, &exported, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (strstr (exported, "\"format\" : \"org.example.Audiences.segment\""));
  g_assert_nonnull (strstr (exported, "\"operator\" : \"in-list\""));

  /* Same name as an existing segment: refused, nothing overwritten. */
  again = aud_segment_file_import (f->audience, path, NULL, &error);
  g_assert_error (error, AUD_SEGMENT_ERROR, AUD_SEGMENT_ERROR_NAME_TAKEN);
  g_assert_null (again);
  g_clear_error (&error);

  imported = aud_segment_file_import (f->audience, path, "EMEA VPs (imported)", &error);
  g_assert_no_error (error);
  g_object_get (imported, "name", &expected_name, NULL);
  g_assert_cmpstr (expected_name, ==, "EMEA VPs (imported)");

  /* Export → import → export gives the same file, apart from the name. */
  reexported = aud_segment_file_export_data (imported);
  {
    g_autofree char *renamed = NULL;
    g_auto(GStrv) parts = g_strsplit (reexported, "EMEA VPs (imported)", -1);
    renamed = g_strjoinv ("EMEA VPs", parts);
    g_assert_cmpstr (renamed, ==, exported);
  }

  accounts = aud_audience_create (f->store, "Accounts", "Account", &error);
  g_assert_no_error (error);
  g_assert_null (aud_segment_file_import (accounts, path, NULL, &error));
  g_assert_error (error, AUD_SEGMENT_ERROR, AUD_SEGMENT_ERROR_OBJECT_MISMATCH);
  g_clear_error (&error);

  g_assert_null (aud_segment_file_import_data (f->audience, "{\"format\":\"org.example.Audiences.mapping\"}", -1, NULL, &error));
  g_assert_error (error, AUD_SEGMENT_ERROR, AUD_SEGMENT_ERROR_INVALID_FILE);
}

static void
run_done_cb (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  AudSegmentResult **out = user_data;
  g_autoptr(GError) error = NULL;
  AudSegmentQuery *query = g_task_get_task_data (G_TASK (result));

  *out = aud_segment_query_run_finish (query, result, &error);
  g_assert_no_error (error);
}

static void
test_async (Fixture       *f,
            gconstpointer  data)
{
  g_autoptr(AudSegmentNode) root = aud_segment_node_new_group (AUD_SEGMENT_MATCH_ALL);
  g_autoptr(AudSegmentFields) fields = NULL;
  g_autoptr(AudSegmentQuery) query = NULL;
  g_autoptr(AudSegmentResult) result = NULL;
  g_autoptr(GError) error = NULL;

  aud_segment_node_add (root, condition ("FirstName", AUD_SEGMENT_OPERATOR_IS, "EMILE", NULL, NULL));
  aud_segment_node_add (root, condition ("FirstName", AUD_SEGMENT_OPERATOR_STARTS_WITH, "émi", NULL, NULL));
  fields = aud_segment_fields_load (f->audience, &error);
  g_assert_no_error (error);
  query = aud_segment_query_new (f->audience, fields, root, &error);
  g_assert_no_error (error);

  /* The worker opens its own connection; the main thread's stays free. */
  aud_segment_query_run_async (query, 1, NULL, run_done_cb, &result);
  while (result == NULL)
    g_main_context_iteration (NULL, TRUE);

  /* "EMILE" without the accent is a different name: only É spellings count. */
  g_assert_cmpint (result->count, ==, 0);
  g_assert_cmpuint (result->records->len, ==, 0);
  g_clear_pointer (&result, aud_segment_result_free);

  g_clear_pointer (&root, aud_segment_node_free);
  g_clear_pointer (&query, aud_segment_query_unref);
  root = aud_segment_node_new_group (AUD_SEGMENT_MATCH_ALL);
  aud_segment_node_add (root, condition ("FirstName", AUD_SEGMENT_OPERATOR_STARTS_WITH, "émi", NULL, NULL));
  query = aud_segment_query_new (f->audience, fields, root, &error);
  g_assert_no_error (error);
  aud_segment_query_run_async (query, 1, NULL, run_done_cb, &result);
  while (result == NULL)
    g_main_context_iteration (NULL, TRUE);
  g_assert_cmpint (result->count, ==, 3);
  g_assert_cmpuint (result->records->len, ==, 1);
  g_assert_cmpstr (((AudSegmentRecord *) g_ptr_array_index (result->records, 0))->external_id, ==, "r1");
}

/* A segment is a live query: records a sync changes, adds or deletes move its count. */
static void
test_follows_sync (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr(AudSegment) segment = aud_segment_new (f->audience, "VPs");
  g_autoptr(GError) error = NULL;
  gint64 source_id, count = -1;
  gboolean created;

  aud_segment_node_add (aud_segment_get_root (segment),
                        condition ("Title", AUD_SEGMENT_OPERATOR_CONTAINS, "vp", NULL, NULL));
  aud_segment_save (segment, &error);
  g_assert_no_error (error);
  aud_segment_count (segment, &count, &error);
  g_assert_no_error (error);
  g_assert_cmpint (count, ==, 3);

  source_id = aud_audience_get_source_id (f->audience, &error);
  g_assert_no_error (error);
  /* r7 became a VP, r1 was deleted in Salesforce, a new VP arrived. */
  aud_store_upsert_source_record (f->store, source_id, "r7", "2024-02-01T00:00:00.000+0000", FALSE,
                                  "{\"FirstName\":\"Li\",\"Title\":\"VP Finance\"}", &created, &error);
  g_assert_no_error (error);
  aud_store_upsert_source_record (f->store, source_id, "r1", "2024-02-01T00:00:00.000+0000", TRUE,
                                  "{\"Title\":\"VP Sales\"}", &created, &error);
  g_assert_no_error (error);
  aud_store_upsert_source_record (f->store, source_id, "r8", "2024-02-01T00:00:00.000+0000", FALSE,
                                  "{\"Title\":\"SVP\"}", &created, &error);
  g_assert_no_error (error);

  aud_segment_count (segment, &count, &error);
  g_assert_no_error (error);
  g_assert_cmpint (count, ==, 4);   /* r2, r6, r7, r8 */
}

static void
test_cancel (Fixture       *f,
             gconstpointer  data)
{
  g_autoptr(AudSegmentNode) root = aud_segment_node_new_group (AUD_SEGMENT_MATCH_ALL);
  g_autoptr(AudSegmentFields) fields = NULL;
  g_autoptr(AudSegmentQuery) query = NULL;
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *sql = NULL;
  gint64 source_id, count = -1;

  /* Enough records that SQLite checks the cancellable during the scan. */
  source_id = aud_audience_get_source_id (f->audience, &error);
  g_assert_no_error (error);
  sql = g_strdup_printf ("WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 3000) "
                         "INSERT INTO source_records (source_id, external_id, data) "
                         "SELECT %" G_GINT64_FORMAT ", 'x' || i, json_object('Title', 'VP ' || i) FROM n",
                         source_id);
  aud_store_exec (f->store, sql, &error);
  g_assert_no_error (error);

  aud_segment_node_add (root, condition ("Title", AUD_SEGMENT_OPERATOR_CONTAINS, "vp", NULL, NULL));
  fields = aud_segment_fields_load (f->audience, &error);
  g_assert_no_error (error);
  query = aud_segment_query_new (f->audience, fields, root, &error);
  g_assert_no_error (error);

  /* A newer edit cancelled this count: it stops with CANCELLED, not a partial number. */
  g_cancellable_cancel (cancellable);
  g_assert_false (aud_segment_query_count (query, f->store, NULL, &count, cancellable, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_cmpint (count, ==, -1);
  g_clear_error (&error);

  /* The connection is fine afterwards. */
  g_assert_true (aud_segment_query_count (query, f->store, NULL, &count, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpint (count, ==, 3003);
}

static void
test_fold (void)
{
  g_autofree char *a = aud_segment_fold_text ("  ÉMILE Straße ");
  g_autofree char *b = aud_segment_fold_text ("e\u0301mile STRASSE");
  g_autofree char *c = aud_segment_fold_text ("ＡＢＣ");   /* full-width */

  g_assert_cmpstr (a, ==, b);
  g_assert_cmpstr (c, ==, "abc");
}

/* Runs `audiences ARGS --workspace PATH`; returns the exit status, stdout in *out. */
static int
run_cli (Fixture            *f,
         char              **out,
         const char * const *args)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *err = NULL;
  int status = 0;

  g_ptr_array_add (argv, (gpointer) g_getenv ("AUDIENCES_BINARY"));
  for (guint i = 0; args[i] != NULL; i++)
    g_ptr_array_add (argv, (gpointer) args[i]);
  g_ptr_array_add (argv, (gpointer) "--workspace");
  g_ptr_array_add (argv, f->path);
  g_ptr_array_add (argv, NULL);

  g_assert_true (g_spawn_sync (NULL, (char **) argv->pdata, NULL, G_SPAWN_DEFAULT, NULL, NULL,
                               out, &err, &status, &error));
  g_assert_no_error (error);
  g_test_message ("stderr: %s", err);
  return g_spawn_check_wait_status (status, NULL) ? 0 : WEXITSTATUS (status);
}

static void
test_cli (Fixture       *f,
          gconstpointer  data)
{
  g_autoptr(AudSegment) segment = make_segment (f, "EMEA VPs");
  g_autoptr(GError) error = NULL;
  g_autofree char *path = g_build_filename (f->dir, "exported.json", NULL);
  g_autofree char *out = NULL;
  g_autofree char *file_data = NULL;

  if (g_getenv ("AUDIENCES_BINARY") == NULL)
    {
      g_test_skip ("AUDIENCES_BINARY is not set");
      return;
    }

  aud_segment_save (segment, &error);
  g_assert_no_error (error);

  g_assert_cmpint (run_cli (f, &out, (const char * const[]) { "segment", "count", "--audience", "EMEA Contacts",
                                                               "--segment", "emea vps", NULL }), ==, 0);
  g_assert_cmpstr (out, ==, "2\n");
  g_clear_pointer (&out, g_free);

  g_assert_cmpint (run_cli (f, &out, (const char * const[]) { "segment", "export", path, "--audience", "EMEA Contacts",
                                                               "--segment", "EMEA VPs", NULL }), ==, 0);
  g_clear_pointer (&out, g_free);
  g_assert_cmpint (run_cli (f, &out, (const char * const[]) { "segment", "import", path, "--audience", "EMEA Contacts",
                                                               "--segment", "Copy", NULL }), ==, 0);
  g_clear_pointer (&out, g_free);

  g_assert_cmpint (run_cli (f, &out, (const char * const[]) { "segment", "list", "--audience", "EMEA Contacts", NULL }), ==, 0);
  g_assert_nonnull (strstr (out, "Copy\t4\t2\t"));
  g_assert_nonnull (strstr (out, "EMEA VPs\t4\t2\t"));
  g_clear_pointer (&out, g_free);

  g_assert_cmpint (run_cli (f, &out, (const char * const[]) { "segment", "show", "--audience", "EMEA Contacts",
                                                               "--segment", "Copy", NULL }), ==, 0);
  g_assert_nonnull (strstr (out, "Title contains “vp”"));
  g_clear_pointer (&out, g_free);

  /* Without --segment: a usage error, not a guess. */
  g_assert_cmpint (run_cli (f, &out, (const char * const[]) { "segment", "count", "--audience", "EMEA Contacts", NULL }), ==, 2);
  g_clear_pointer (&out, g_free);
  g_assert_cmpint (run_cli (f, &out, (const char * const[]) { "segment", "count", "--audience", "EMEA Contacts",
                                                               "--segment", "Nope", NULL }), ==, 1);
}

#define ADD(name, fn) g_test_add (name, Fixture, NULL, fixture_setup, fn, fixture_teardown)

int
main (int   argc,
      char *argv[])
{
  /* Relative dates are local days: pin the zone so "today" is the same day for the records. */
  g_setenv ("TZ", "UTC", TRUE);
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/segments/fold", test_fold);
  ADD ("/segments/text", test_text);
  ADD ("/segments/number", test_number);
  ADD ("/segments/date", test_date);
  ADD ("/segments/boolean-picklist", test_boolean_picklist);
  ADD ("/segments/groups", test_groups);
  ADD ("/segments/invalid", test_invalid);
  ADD ("/segments/persistence", test_persistence);
  ADD ("/segments/unmapped-after-save", test_unmapped_after_save);
  ADD ("/segments/index-used", test_index_used);
  ADD ("/segments/file-round-trip", test_file_round_trip);
  ADD ("/segments/async", test_async);
  ADD ("/segments/cli", test_cli);
  ADD ("/segments/cancel", test_cancel);
  ADD ("/segments/follows-sync", test_follows_sync);

  return g_test_run ();
}
