/* test-entities.c — matching an audience into entities: stable ids, decisions, golden records
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A real workspace file, real source records (a Salesforce source and a CSV source), the real
 * matcher. Changes a sync would make are written with the store's own upsert.
 */
#include "config.h"

#include <glib/gstdio.h>

#include "aud-audience.h"
#include "aud-csv-source.h"
#include "aud-entity-store.h"
#include "aud-match-run.h"
#include "aud-store-private.h"

typedef struct
{
  char        *dir;
  AudStore    *store;
  AudAudience *audience;
  gint64       audience_id;
  gint64       sf;
  gint64       csv;
  AudMatchRun *run;
} Fixture;

static void
put (Fixture    *f,
     gint64      source,
     const char *external_id,
     const char *modstamp,
     gboolean    deleted,
     const char *json)
{
  g_autoptr(GError) error = NULL;
  gboolean created;

  g_assert_true (aud_store_upsert_source_record (f->store, source, external_id, modstamp, deleted, json,
                                                 &created, &error));
  g_assert_no_error (error);
}

static gint64
rid (Fixture    *f,
     gint64      source,
     const char *external_id)
{
  g_autoptr(GError) error = NULL;
  gint64 id = aud_entity_store_record_id (f->store, source, external_id, &error);

  g_assert_no_error (error);
  return id;
}

/* The entity of a record, -1 when it has none. */
static gint64
entity (Fixture    *f,
        gint64      source,
        const char *external_id)
{
  g_autoptr(GError) error = NULL;
  gint64 id = aud_entity_store_entity_of (f->store, f->audience_id, rid (f, source, external_id), &error);

  if (id < 0)
    g_assert_error (error, AUD_ENTITIES_ERROR, AUD_ENTITIES_ERROR_NOT_FOUND);
  return id;
}

static void
match (Fixture          *f,
       AudMatchRunStats *stats)
{
  g_autoptr(GError) error = NULL;

  gboolean ok = aud_match_run_execute (f->run, TRUE, stats, NULL, &error);

  g_assert_no_error (error);
  g_assert_true (ok);
}

/* A full match by a new run object, as a new process would do it. */
static void
match_fresh (Fixture *f)
{
  g_autoptr(AudMatchRun) run = aud_match_run_new (f->store, f->audience_id, "Contact");
  g_autoptr(GError) error = NULL;
  AudMatchRunStats stats;

  gboolean ok = aud_match_run_execute (run, TRUE, &stats, NULL, &error);

  g_assert_no_error (error);
  g_assert_true (ok);
  g_assert_false (stats.incremental);
}

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;

  f->dir = g_dir_make_tmp ("aud-entities-XXXXXX", NULL);
  path = g_build_filename (f->dir, "ws.db", NULL);
  f->store = aud_store_open (path, &error);
  g_assert_no_error (error);
  f->audience = aud_audience_create (f->store, "People", "Contact", &error);
  g_assert_no_error (error);
  f->audience_id = aud_audience_get_id (f->audience);
  f->sf = aud_audience_get_source_id (f->audience, &error);
  g_assert_no_error (error);
  f->csv = aud_csv_source_ensure (f->store, "Contact", "events.csv", &error);
  g_assert_no_error (error);
  g_assert_true (aud_csv_source_link_audience (f->store, f->csv, f->audience_id, &error));
  g_assert_no_error (error);

  put (f, f->sf, "003A", "2026-01-01T10:00:00.000+0000", FALSE,
       "{\"FirstName\":\"Robert\",\"LastName\":\"Smith\",\"Email\":\"robert.smith@acme.com\","
       "\"Phone\":\"+1 415 555 0100\",\"Account.Name\":\"Acme\",\"Title\":\"VP Sales\"}");
  put (f, f->csv, "r1", "2026-02-01T10:00:00Z", FALSE,
       "{\"FirstName\":\"Bob\",\"LastName\":\"Smith\",\"Email\":\"Robert.Smith@acme.com\","
       "\"Company\":\"Acme Inc.\",\"Title\":\"Vice President, Sales\",\"Lead_Source__c\":\"Webinar\"}");
  put (f, f->sf, "003B", "2026-01-01T10:00:00.000+0000", FALSE,
       "{\"FirstName\":\"Jane\",\"LastName\":\"Doe\",\"Email\":\"jane.doe@globex.com\","
       "\"MobilePhone\":\"+44 7700 900123\",\"Account.Name\":\"Globex\"}");
  put (f, f->csv, "r2", "2026-02-01T10:00:00Z", FALSE,
       "{\"FirstName\":\"Jane\",\"LastName\":\"Doe\",\"Email\":\"jane.doe@globex.com\","
       "\"MobilePhone\":\"07700 900123\",\"Company\":\"Globex Corporation\"}");
  put (f, f->sf, "003C", "2026-01-01T10:00:00.000+0000", FALSE,
       "{\"FirstName\":\"Alice\",\"LastName\":\"Wong\",\"Email\":\"alice@initech.com\",\"Account.Name\":\"Initech\"}");

  f->run = aud_match_run_new (f->store, f->audience_id, "Contact");
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  g_autofree char *db = g_build_filename (f->dir, "ws.db", NULL);
  g_autofree char *wal = g_strconcat (db, "-wal", NULL);
  g_autofree char *shm = g_strconcat (db, "-shm", NULL);

  g_clear_object (&f->run);
  g_clear_object (&f->audience);
  g_clear_object (&f->store);
  g_unlink (db);
  g_unlink (wal);
  g_unlink (shm);
  g_rmdir (f->dir);
  g_free (f->dir);
}

static const AudGoldenValue *
find_golden (GPtrArray  *values,
             const char *field)
{
  for (guint i = 0; i < values->len; i++)
    if (g_str_equal (((AudGoldenValue *) g_ptr_array_index (values, i))->field, field))
      return g_ptr_array_index (values, i);
  return NULL;
}

static const AudGoldenValue *
golden (GPtrArray  *values,
        const char *field)
{
  const AudGoldenValue *v = find_golden (values, field);

  if (v == NULL)
    g_error ("no golden value for %s", field);
  return v;
}

static GPtrArray *
golden_of (Fixture    *f,
           gint64      source,
           const char *external_id)
{
  g_autoptr(GError) error = NULL;
  GPtrArray *values = aud_entity_store_golden (f->store, entity (f, source, external_id), &error);

  g_assert_no_error (error);
  return values;
}

static void
test_first_match (Fixture       *f,
                  gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  AudMatchRunStats stats;
  AudEntityCounts counts;

  match (f, &stats);
  g_assert_false (stats.incremental);
  g_assert_cmpuint (stats.n_records, ==, 5);
  g_assert_cmpuint (stats.n_entities, ==, 3);
  g_assert_cmpuint (stats.n_multi, ==, 2);

  /* the same person across Salesforce and the CSV, by email and nickname */
  g_assert_cmpint (entity (f, f->sf, "003A"), ==, entity (f, f->csv, "r1"));
  g_assert_cmpint (entity (f, f->sf, "003B"), ==, entity (f, f->csv, "r2"));
  g_assert_cmpint (entity (f, f->sf, "003A"), !=, entity (f, f->sf, "003B"));
  g_assert_cmpint (entity (f, f->sf, "003C"), !=, entity (f, f->sf, "003A"));

  g_assert_true (aud_entity_store_count (f->store, f->audience_id, &counts, &error));
  g_assert_no_error (error);
  g_assert_cmpint (counts.records, ==, 5);
  g_assert_cmpint (counts.entities, ==, 3);
  g_assert_cmpint (counts.multi, ==, 2);
}

static void
test_stable_ids (Fixture       *f,
                 gconstpointer  data)
{
  gint64 smith, doe, wong;
  AudMatchRunStats stats;

  match (f, NULL);
  smith = entity (f, f->sf, "003A");
  doe = entity (f, f->sf, "003B");
  wong = entity (f, f->sf, "003C");

  /* a record joins: the entity keeps its id, the others are untouched */
  put (f, f->csv, "r3", "2026-03-01T10:00:00Z", FALSE,
       "{\"FirstName\":\"Rob\",\"LastName\":\"Smith\",\"Email\":\"robert.smith@acme.com\",\"Company\":\"Acme\"}");
  match (f, &stats);
  g_assert_true (stats.incremental);
  g_assert_cmpuint (stats.n_changed, ==, 1);
  g_assert_cmpuint (stats.n_new_ids, ==, 0);
  g_assert_cmpint (entity (f, f->csv, "r3"), ==, smith);
  g_assert_cmpint (entity (f, f->sf, "003A"), ==, smith);
  g_assert_cmpint (entity (f, f->sf, "003B"), ==, doe);
  g_assert_cmpint (entity (f, f->sf, "003C"), ==, wong);

  /* a record leaves (deleted in its source): the id stays with the rest */
  put (f, f->sf, "003A", "2026-03-02T10:00:00.000+0000", TRUE, "{}");
  match (f, &stats);
  g_assert_true (stats.incremental);
  g_assert_cmpint (entity (f, f->sf, "003A"), ==, -1);
  g_assert_cmpint (entity (f, f->csv, "r1"), ==, smith);
  g_assert_cmpint (entity (f, f->csv, "r3"), ==, smith);

  /* a new process, a full run: the same ids */
  match_fresh (f);
  g_assert_cmpint (entity (f, f->csv, "r1"), ==, smith);
  g_assert_cmpint (entity (f, f->sf, "003B"), ==, doe);
  g_assert_cmpint (entity (f, f->sf, "003C"), ==, wong);

  /* a brand new person gets an id no entity ever had */
  put (f, f->sf, "003D", "2026-03-03T10:00:00.000+0000", FALSE,
       "{\"FirstName\":\"Omar\",\"LastName\":\"Haddad\",\"Email\":\"omar@umbrella.com\"}");
  match (f, &stats);
  g_assert_cmpuint (stats.n_new_ids, ==, 1);
  g_assert_cmpint (entity (f, f->sf, "003D"), >, MAX (MAX (smith, doe), wong));
}

/* An incremental re-match ends where a full one from scratch would. */
static void
test_incremental_equals_full (Fixture       *f,
                              gconstpointer  data)
{
  const char *ids[] = { "003A", "003B", "003C" };
  gint64 before[3];

  match (f, NULL);
  put (f, f->csv, "r2", "2026-03-01T10:00:00Z", FALSE,
       "{\"FirstName\":\"Janet\",\"LastName\":\"Morris\",\"Email\":\"janet@hooli.com\"}");
  put (f, f->csv, "r4", "2026-03-01T10:00:00Z", FALSE,
       "{\"FirstName\":\"Alice\",\"LastName\":\"Wong\",\"Email\":\"alice@initech.com\",\"Company\":\"Initech\"}");
  match (f, NULL);
  for (guint i = 0; i < 3; i++)
    before[i] = entity (f, f->sf, ids[i]);
  g_assert_cmpint (entity (f, f->csv, "r4"), ==, before[2]);
  g_assert_cmpint (entity (f, f->csv, "r2"), !=, before[1]);
  g_assert_cmpint (entity (f, f->csv, "r2"), !=, -1);

  match_fresh (f);
  for (guint i = 0; i < 3; i++)
    g_assert_cmpint (entity (f, f->sf, ids[i]), ==, before[i]);
  g_assert_cmpint (entity (f, f->csv, "r4"), ==, before[2]);
}

static void
test_split_stays_split (Fixture       *f,
                        gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  gint64 smith, decision;
  AudMatchRunStats stats;

  match (f, NULL);
  smith = entity (f, f->sf, "003A");

  decision = aud_entity_store_split (f->store, f->audience_id, rid (f, f->csv, "r1"), "tester", &error);
  g_assert_no_error (error);
  g_assert_cmpint (decision, >, 0);
  /* a decision changes nothing until the next match */
  g_assert_cmpint (entity (f, f->csv, "r1"), ==, smith);

  match (f, &stats);
  g_assert_cmpint (entity (f, f->sf, "003A"), ==, smith);
  g_assert_cmpint (entity (f, f->csv, "r1"), !=, smith);
  g_assert_cmpuint (stats.n_held_apart, >=, 1);

  /* a later sync changes the split-out record: still apart, incrementally and from scratch */
  put (f, f->csv, "r1", "2026-04-01T10:00:00Z", FALSE,
       "{\"FirstName\":\"Robert\",\"LastName\":\"Smith\",\"Email\":\"robert.smith@acme.com\","
       "\"Company\":\"Acme\",\"Phone\":\"+1 415 555 0100\"}");
  match (f, &stats);
  g_assert_true (stats.incremental);
  g_assert_cmpint (entity (f, f->csv, "r1"), !=, entity (f, f->sf, "003A"));
  put (f, f->sf, "003A", "2026-04-01T10:00:00.000+0000", FALSE,
       "{\"FirstName\":\"Robert\",\"LastName\":\"Smith\",\"Email\":\"robert.smith@acme.com\","
       "\"Phone\":\"+1 415 555 0100\",\"Account.Name\":\"Acme\",\"Title\":\"SVP Sales\"}");
  match (f, &stats);
  g_assert_true (stats.incremental);
  g_assert_cmpint (entity (f, f->csv, "r1"), !=, entity (f, f->sf, "003A"));
  match_fresh (f);
  g_assert_cmpint (entity (f, f->csv, "r1"), !=, entity (f, f->sf, "003A"));
  g_assert_cmpint (entity (f, f->sf, "003A"), ==, smith);

  /* undo: they merge again, under the old id */
  g_assert_true (aud_entity_store_undo_last (f->store, f->audience_id, NULL, &error));
  g_assert_no_error (error);
  match (f, NULL);
  g_assert_cmpint (entity (f, f->csv, "r1"), ==, smith);
}

/* Two records the matcher keeps apart become one when a person says so, for every later match. */
static void
test_confirm_same (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  put (f, f->csv, "r9", "2026-03-01T10:00:00Z", FALSE,
       "{\"FirstName\":\"Jo\",\"LastName\":\"Bloggs-Smith\",\"Email\":\"jb@elsewhere.example\",\"Company\":\"Initech\"}");
  match (f, NULL);
  g_assert_cmpint (entity (f, f->sf, "003A"), !=, entity (f, f->csv, "r9"));

  g_assert_cmpint (aud_entity_store_confirm_same (f->store, f->audience_id, rid (f, f->sf, "003A"),
                                                  rid (f, f->csv, "r9"), "tester", &error), >, 0);
  g_assert_no_error (error);
  match (f, NULL);
  g_assert_cmpint (entity (f, f->sf, "003A"), ==, entity (f, f->csv, "r9"));
  match_fresh (f);
  g_assert_cmpint (entity (f, f->sf, "003A"), ==, entity (f, f->csv, "r9"));

  g_assert_true (aud_entity_store_undo_last (f->store, f->audience_id, NULL, &error));
  match_fresh (f);
  g_assert_cmpint (entity (f, f->sf, "003A"), !=, entity (f, f->csv, "r9"));
}

static void
test_never_merge (Fixture       *f,
                  gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  AudDecisionKind undone;
  AudMatchRunStats stats;

  match (f, NULL);
  g_assert_cmpint (aud_entity_store_never_merge (f->store, f->audience_id, rid (f, f->sf, "003B"),
                                                 rid (f, f->csv, "r2"), "tester", &error), >, 0);
  g_assert_no_error (error);
  match (f, &stats);
  g_assert_cmpint (entity (f, f->sf, "003B"), !=, entity (f, f->csv, "r2"));
  g_assert_cmpuint (stats.n_entities, ==, 4);

  /* a third record like both may join one of them, never both */
  put (f, f->csv, "r5", "2026-03-01T10:00:00Z", FALSE,
       "{\"FirstName\":\"Jane\",\"LastName\":\"Doe\",\"Email\":\"jane.doe@globex.com\",\"Company\":\"Globex\"}");
  match (f, NULL);
  g_assert_cmpint (entity (f, f->sf, "003B"), !=, entity (f, f->csv, "r2"));

  g_assert_true (aud_entity_store_undo_last (f->store, f->audience_id, &undone, &error));
  g_assert_cmpint (undone, ==, AUD_DECISION_NEVER_MERGE);
  g_assert_false (aud_entity_store_undo_last (f->store, f->audience_id, &undone, &error));
  g_assert_error (error, AUD_ENTITIES_ERROR, AUD_ENTITIES_ERROR_NOTHING_TO_UNDO);
  match (f, NULL);
  g_assert_cmpint (entity (f, f->sf, "003B"), ==, entity (f, f->csv, "r2"));
}

static void
test_golden_and_pins (Fixture       *f,
                      gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(AudSurvivorshipSettings) settings = NULL;
  g_autoptr(GPtrArray) values = NULL;
  const AudGoldenValue *v;

  match (f, NULL);
  values = golden_of (f, f->sf, "003A");
  /* default: Salesforce over CSV */
  v = golden (values, "FirstName");
  g_assert_cmpstr (v->value, ==, "Robert");
  g_assert_cmpint (v->record_id, ==, rid (f, f->sf, "003A"));
  g_assert_cmpint (v->reason, ==, AUD_SURVIVORSHIP_SOURCE_PRIORITY);
  /* a field only the CSV has still makes it, from the CSV record */
  v = golden (values, "Lead_Source__c");
  g_assert_cmpstr (v->value, ==, "Webinar");
  g_assert_cmpint (v->record_id, ==, rid (f, f->csv, "r1"));
  /* sync bookkeeping is no golden value */
  g_assert_null (find_golden (values, "SystemModstamp"));

  /* per audience: most recent by default, most complete for Title */
  settings = aud_entity_store_load_settings (f->store, f->audience_id, &error);
  g_assert_no_error (error);
  settings->default_rule = AUD_SURVIVORSHIP_MOST_RECENT;
  g_hash_table_insert (settings->field_rules, g_strdup ("Title"), GINT_TO_POINTER (AUD_SURVIVORSHIP_MOST_COMPLETE));
  g_assert_true (aud_entity_store_save_settings (f->store, f->audience_id, settings, &error));
  g_assert_no_error (error);
  match (f, NULL);
  g_clear_pointer (&values, g_ptr_array_unref);
  values = golden_of (f, f->sf, "003A");
  v = golden (values, "FirstName");
  g_assert_cmpstr (v->value, ==, "Bob");
  g_assert_cmpint (v->reason, ==, AUD_SURVIVORSHIP_MOST_RECENT);
  v = golden (values, "Title");
  g_assert_cmpstr (v->value, ==, "Vice President, Sales");
  g_assert_cmpint (v->reason, ==, AUD_SURVIVORSHIP_MOST_COMPLETE);

  /* a person pins Salesforce's phone-less record's first name */
  g_assert_cmpint (aud_entity_store_pin (f->store, f->audience_id, rid (f, f->sf, "003A"), "FirstName",
                                         "tester", &error), >, 0);
  g_assert_no_error (error);
  match (f, NULL);
  g_clear_pointer (&values, g_ptr_array_unref);
  values = golden_of (f, f->csv, "r1");
  v = golden (values, "FirstName");
  g_assert_cmpstr (v->value, ==, "Robert");
  g_assert_cmpint (v->reason, ==, AUD_SURVIVORSHIP_PINNED);

  /* the pinned value stays when a sync changes the members, even the pinned record itself */
  put (f, f->csv, "r1", "2026-05-01T10:00:00Z", FALSE,
       "{\"FirstName\":\"Bobby\",\"LastName\":\"Smith\",\"Email\":\"robert.smith@acme.com\",\"Company\":\"Acme\"}");
  put (f, f->sf, "003A", "2026-05-02T10:00:00.000+0000", FALSE,
       "{\"FirstName\":\"Rob\",\"LastName\":\"Smith\",\"Email\":\"robert.smith@acme.com\",\"Account.Name\":\"Acme\"}");
  match (f, NULL);
  g_clear_pointer (&values, g_ptr_array_unref);
  values = golden_of (f, f->csv, "r1");
  v = golden (values, "FirstName");
  g_assert_cmpstr (v->value, ==, "Robert");
  g_assert_cmpint (v->reason, ==, AUD_SURVIVORSHIP_PINNED);
  match_fresh (f);
  g_clear_pointer (&values, g_ptr_array_unref);
  values = golden_of (f, f->csv, "r1");
  g_assert_cmpstr (golden (values, "FirstName")->value, ==, "Robert");

  /* unpinned by undo: the rule decides again (most recent: Salesforce's Rob) */
  g_assert_true (aud_entity_store_undo_last (f->store, f->audience_id, NULL, &error));
  match (f, NULL);
  g_clear_pointer (&values, g_ptr_array_unref);
  values = golden_of (f, f->csv, "r1");
  v = golden (values, "FirstName");
  g_assert_cmpstr (v->value, ==, "Rob");
  g_assert_cmpint (v->reason, ==, AUD_SURVIVORSHIP_MOST_RECENT);
}

static void
test_confirm (Fixture       *f,
              gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) decisions = NULL;
  g_autoptr(sqlite3_stmt) stmt = NULL;
  gint64 smith;

  match (f, NULL);
  smith = entity (f, f->sf, "003A");
  g_assert_cmpint (aud_entity_store_confirm (f->store, f->audience_id, smith, "tester", &error), >, 0);
  g_assert_no_error (error);
  decisions = aud_entity_store_list_decisions (f->store, f->audience_id, &error);
  g_assert_cmpuint (decisions->len, ==, 1);
  g_assert_cmpstr (((AudDecision *) g_ptr_array_index (decisions, 0))->decided_by, ==, "tester");
  g_assert_cmpuint (((AudDecision *) g_ptr_array_index (decisions, 0))->records_a->len, ==, 2);

  /* confirmed records stay together even when a sync makes them look unrelated */
  put (f, f->csv, "r1", "2026-05-01T10:00:00Z", FALSE,
       "{\"FirstName\":\"Zed\",\"LastName\":\"Quorum\",\"Email\":\"zq@example.org\"}");
  match (f, NULL);
  g_assert_cmpint (entity (f, f->csv, "r1"), ==, smith);
  stmt = aud_store_prepare (f->store, "SELECT confirmed FROM entities WHERE id = ?1", &error);
  sqlite3_bind_int64 (stmt, 1, smith);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  g_assert_cmpint (sqlite3_column_int (stmt, 0), ==, 1);

  /* splitting the only member out is refused */
  g_assert_cmpint (aud_entity_store_split (f->store, f->audience_id, rid (f, f->sf, "003C"), "tester", &error), ==, -1);
  g_assert_error (error, AUD_ENTITIES_ERROR, AUD_ENTITIES_ERROR_INVALID);
}

/* The same person at two employers: two entities, linked, not merged. */
static void
test_job_change (Fixture       *f,
                 gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  AudMatchRunStats stats;
  AudEntityCounts counts;

  put (f, f->sf, "003E", "2026-01-01T10:00:00.000+0000", FALSE,
       "{\"FirstName\":\"Maria\",\"LastName\":\"Garcia\",\"Email\":\"maria.garcia@acme.com\","
       "\"MobilePhone\":\"+1 415 555 0199\",\"LinkedIn__c\":\"https://www.linkedin.com/in/maria-garcia-7\","
       "\"Account.Name\":\"Acme\"}");
  put (f, f->csv, "r6", "2026-02-01T10:00:00Z", FALSE,
       "{\"FirstName\":\"Maria\",\"LastName\":\"Garcia\",\"Email\":\"mgarcia@initech.com\","
       "\"MobilePhone\":\"(415) 555-0199\",\"LinkedIn__c\":\"linkedin.com/in/maria-garcia-7/\","
       "\"Company\":\"Initech\"}");
  match (f, &stats);
  g_assert_cmpint (entity (f, f->sf, "003E"), !=, entity (f, f->csv, "r6"));
  g_assert_cmpuint (stats.n_job_changes, ==, 1);
  g_assert_true (aud_entity_store_count (f->store, f->audience_id, &counts, &error));
  g_assert_cmpint (counts.job_changes, ==, 1);

  /* nothing changed: nothing to redo, the same figures */
  match (f, &stats);
  g_assert_true (stats.incremental);
  g_assert_cmpuint (stats.n_job_changes, ==, 1);
  g_assert_cmpuint (stats.n_entities, ==, counts.entities);
}

static void
async_done (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  AudMatchRunStats *stats = user_data;
  g_autoptr(GError) error = NULL;

  g_assert_true (aud_match_run_execute_finish (AUD_MATCH_RUN (object), result, stats, &error));
  g_assert_no_error (error);
  stats->n_records += 1000;   /* marks "finished" for the loop below */
}

/* In a worker thread with its own connection; the object refuses a second run meanwhile. */
static void
test_async (Fixture       *f,
            gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  AudMatchRunStats stats = { 0, };

  aud_match_run_execute_async (f->run, TRUE, NULL, async_done, &stats);
  g_assert_false (aud_match_run_execute (f->run, TRUE, NULL, NULL, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_PENDING);
  while (stats.n_records < 1000)
    g_main_context_iteration (NULL, TRUE);
  g_assert_cmpuint (stats.n_records, ==, 1005);
  g_assert_cmpuint (stats.n_entities, ==, 3);
  /* the main thread's connection sees the worker's commit */
  g_assert_cmpint (entity (f, f->sf, "003A"), ==, entity (f, f->csv, "r1"));
  /* and the kept state carries on in the main thread */
  match (f, &stats);
  g_assert_true (stats.incremental);
}

/* An Account audience matches companies: names, websites, switchboards. */
static void
test_accounts (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(AudAudience) accounts = aud_audience_create (f->store, "Companies", "Account", &error);
  g_autoptr(AudMatchRun) run = NULL;
  gint64 sf, csv, acme, acme_csv, globex;
  AudMatchRunStats stats;

  g_assert_no_error (error);
  sf = aud_audience_get_source_id (accounts, &error);
  g_assert_no_error (error);
  csv = aud_csv_source_ensure (f->store, "Account", "tradeshow.csv", &error);
  g_assert_no_error (error);
  g_assert_true (aud_csv_source_link_audience (f->store, csv, aud_audience_get_id (accounts), &error));

  put (f, sf, "001A", "2026-01-01T10:00:00.000+0000", FALSE,
       "{\"Name\":\"Acme Inc\",\"Website\":\"https://www.acme.com\",\"Phone\":\"+1 415 555 0000\","
       "\"BillingPostalCode\":\"94107\"}");
  put (f, csv, "t1", "2026-02-01T10:00:00Z", FALSE,
       "{\"Name\":\"ACME, Inc.\",\"Website\":\"acme.com/about\",\"Phone\":\"(415) 555-0000\"}");
  put (f, sf, "001B", "2026-01-01T10:00:00.000+0000", FALSE,
       "{\"Name\":\"Globex Corporation\",\"Website\":\"globex.com\"}");

  run = aud_match_run_new (f->store, aud_audience_get_id (accounts), "Account");
  g_assert_true (aud_match_run_execute (run, TRUE, &stats, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (stats.n_records, ==, 3);
  g_assert_cmpuint (stats.n_entities, ==, 2);
  acme = aud_entity_store_entity_of (f->store, aud_audience_get_id (accounts), rid (f, sf, "001A"), &error);
  acme_csv = aud_entity_store_entity_of (f->store, aud_audience_get_id (accounts), rid (f, csv, "t1"), &error);
  globex = aud_entity_store_entity_of (f->store, aud_audience_get_id (accounts), rid (f, sf, "001B"), &error);
  g_assert_no_error (error);
  g_assert_cmpint (acme, ==, acme_csv);
  g_assert_cmpint (acme, !=, globex);
  /* the contacts audience is another audience: its results are untouched */
  g_assert_cmpint (entity (f, f->sf, "003A"), ==, -1);
}

/* Two entities joined by a new record: the merged one keeps the older id, the other id goes. */
static void
test_join_keeps_oldest (Fixture       *f,
                        gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) members = NULL;
  gint64 work, personal;

  put (f, f->csv, "r7", "2026-02-01T10:00:00Z", FALSE,
       "{\"FirstName\":\"Alice\",\"LastName\":\"Wong\",\"Email\":\"alice.wong.home@gmail.com\"}");
  match (f, NULL);
  work = entity (f, f->sf, "003C");
  personal = entity (f, f->csv, "r7");
  g_assert_cmpint (work, <, personal);

  put (f, f->csv, "r8", "2026-03-01T10:00:00Z", FALSE,
       "{\"FirstName\":\"Alice\",\"LastName\":\"Wong\",\"Email\":\"alice@initech.com\","
       "\"npe01__AlternateEmail__c\":\"alice.wong.home@gmail.com\",\"Company\":\"Initech\"}");
  match (f, NULL);
  g_assert_cmpint (entity (f, f->sf, "003C"), ==, work);
  g_assert_cmpint (entity (f, f->csv, "r7"), ==, work);
  g_assert_cmpint (entity (f, f->csv, "r8"), ==, work);
  members = aud_entity_store_members (f->store, personal, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (members->len, ==, 0);
}

static char *
snapshot (Fixture *f)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(sqlite3_stmt) stmt = NULL;
  GString *s = g_string_new (NULL);

  stmt = aud_store_prepare (f->store,
                            "SELECT 'm', record_id, entity_id FROM entity_members "
                            "UNION ALL SELECT 'e', id, n_members FROM entities "
                            "UNION ALL SELECT 'g', entity_id, field || '=' || value FROM golden_values "
                            "UNION ALL SELECT 'p', record_a, record_b FROM match_pairs ORDER BY 1, 2, 3",
                            &error);
  g_assert_no_error (error);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    g_string_append_printf (s, "%s %s %s\n", sqlite3_column_text (stmt, 0), sqlite3_column_text (stmt, 1),
                            sqlite3_column_text (stmt, 2));
  return g_string_free (s, FALSE);
}

/* A failure while writing leaves every result as the last successful match left it. */
static void
test_atomic (Fixture       *f,
             gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  AudMatchRunStats stats;

  match (f, NULL);
  before = snapshot (f);

  put (f, f->csv, "r3", "2026-03-01T10:00:00Z", FALSE,
       "{\"FirstName\":\"Rob\",\"LastName\":\"Smith\",\"Email\":\"robert.smith@acme.com\"}");
  put (f, f->csv, "r2", "2026-03-01T10:00:00Z", FALSE,
       "{\"FirstName\":\"Janet\",\"LastName\":\"Morris\",\"Email\":\"janet@hooli.com\"}");
  /* golden values are written after entities and members: fail there */
  g_assert_true (aud_store_exec (f->store,
                                 "CREATE TEMP TRIGGER fail_golden BEFORE INSERT ON golden_values "
                                 "BEGIN SELECT RAISE (ABORT, 'disk full'); END", &error));
  g_assert_false (aud_match_run_execute (f->run, TRUE, &stats, NULL, &error));
  g_assert_nonnull (error);
  g_clear_error (&error);
  after = snapshot (f);
  g_assert_cmpstr (after, ==, before);

  /* and the next run, without the fault, does it all */
  g_assert_true (aud_store_exec (f->store, "DROP TRIGGER fail_golden", &error));
  match (f, &stats);
  g_assert_false (stats.incremental);   /* the failed run's kept state was dropped */
  g_assert_cmpint (entity (f, f->csv, "r3"), ==, entity (f, f->sf, "003A"));
  g_assert_cmpint (entity (f, f->csv, "r2"), !=, entity (f, f->sf, "003B"));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, fn) g_test_add (path, Fixture, NULL, fixture_setup, fn, fixture_teardown)
  ADD ("/entities/first-match", test_first_match);
  ADD ("/entities/stable-ids", test_stable_ids);
  ADD ("/entities/incremental-equals-full", test_incremental_equals_full);
  ADD ("/entities/split-stays-split", test_split_stays_split);
  ADD ("/entities/never-merge", test_never_merge);
  ADD ("/entities/confirm-same", test_confirm_same);
  ADD ("/entities/golden-and-pins", test_golden_and_pins);
  ADD ("/entities/confirm", test_confirm);
  ADD ("/entities/job-change", test_job_change);
  ADD ("/entities/async", test_async);
  ADD ("/entities/accounts", test_accounts);
  ADD ("/entities/join-keeps-oldest", test_join_keeps_oldest);
  ADD ("/entities/atomic", test_atomic);
#undef ADD
  return g_test_run ();
}
