/* test-mapping.c — audiences, describes, field mappings and mapping files in a real workspace
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gstdio.h>

#include "aud-audience.h"
#include "aud-demo-org.h"
#include "aud-describe.h"
#include "aud-describe-fetch.h"
#include "aud-mapping.h"
#include "aud-mapping-file.h"
#include "aud-store-private.h"
#include "aud-sync-store.h"
#include "describe-fixture.h"

typedef struct
{
  char     *dir;
  char     *path;
  AudStore *store;
} Fixture;

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  f->dir = g_dir_make_tmp ("aud-mapping-XXXXXX", NULL);
  f->path = g_build_filename (f->dir, "workspace.db", NULL);
  f->store = aud_store_open (f->path, &error);
  g_assert_no_error (error);
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  g_autoptr(GDir) d = NULL;
  const char *name;

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

static void
reopen (Fixture *f)
{
  g_autoptr(GError) error = NULL;

  g_assert_finalize_object (f->store);
  f->store = aud_store_open (f->path, &error);
  g_assert_no_error (error);
}

static AudDescribe *
save_contact_describe (Fixture            *f,
                       guint               extra,
                       const char * const *without,
                       const char         *fetched_at)
{
  g_autofree char *json = describe_fixture_contact (extra, without);
  g_autoptr(GError) error = NULL;
  g_autoptr(AudDescribe) describe = aud_describe_new_from_data (json, -1, fetched_at, &error);

  g_assert_no_error (error);
  aud_describe_save (describe, f->store, &error);
  g_assert_no_error (error);
  return g_steal_pointer (&describe);
}

/* "Field=rule" pairs of the mapping, sorted, e.g. "Email=always,Id=never". */
static char *
mapping_string (AudAudience *audience)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) fields = aud_mapping_load (audience, &error);
  GString *s = g_string_new (NULL);

  g_assert_no_error (error);
  for (guint i = 0; i < fields->len; i++)
    {
      AudMappedField *m = g_ptr_array_index (fields, i);
      g_string_append_printf (s, "%s%s=%s%s", i > 0 ? "," : "", m->field,
                              aud_overwrite_rule_to_string (m->rule), m->needs_backfill ? "+backfill" : "");
    }
  return g_string_free (s, FALSE);
}

static void
set_mapped (AudAudience *audience,
            const char  *fields,
            gboolean     mapped)
{
  g_auto(GStrv) names = g_strsplit (fields, ",", -1);
  g_autoptr(GError) error = NULL;

  aud_mapping_set_mapped (audience, (const char * const *) names, mapped, NULL, &error);
  g_assert_no_error (error);
}

static void
set_rule (AudAudience      *audience,
          AudDescribe      *describe,
          const char       *fields,
          AudOverwriteRule  rule,
          guint             want_changed,
          guint             want_skipped)
{
  g_auto(GStrv) names = g_strsplit (fields, ",", -1);
  g_autoptr(GError) error = NULL;
  guint changed = 99, skipped = 99;

  aud_mapping_set_rule (audience, describe, (const char * const *) names, rule, &changed, &skipped, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (changed, ==, want_changed);
  g_assert_cmpuint (skipped, ==, want_skipped);
}

#define SYNC_FIELDS "Id=never,IsDeleted=never,LastModifiedDate=never,SystemModstamp=never"

static void
test_audiences_lifecycle (Fixture       *f,
                          gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(AudAudience) emea = NULL;
  g_autoptr(AudAudience) accounts = NULL;
  g_autoptr(AudAudience) copy = NULL;
  g_autoptr(AudAudience) found = NULL;
  g_autoptr(AudAudience) none = NULL;
  g_autoptr(GPtrArray) list = NULL;
  g_autofree char *original = NULL;
  g_autofree char *copied = NULL;

  emea = aud_audience_create (f->store, "  EMEA Contacts ", "Contact", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (aud_audience_get_name (emea), ==, "EMEA Contacts");
  g_assert_cmpstr (aud_audience_get_object (emea), ==, "Contact");

  /* The sync's fields come with every new audience. */
  original = mapping_string (emea);
  g_assert_cmpstr (original, ==, SYNC_FIELDS);

  none = aud_audience_create (f->store, "emea contacts", "Contact", &error);
  g_assert_error (error, AUD_MAPPING_ERROR, AUD_MAPPING_ERROR_NAME_TAKEN);
  g_assert_null (none);
  g_clear_error (&error);

  none = aud_audience_create (f->store, "Leads", "Lead", &error);
  g_assert_error (error, AUD_MAPPING_ERROR, AUD_MAPPING_ERROR_UNSUPPORTED_OBJECT);
  g_clear_error (&error);

  none = aud_audience_create (f->store, "   ", "Contact", &error);
  g_assert_error (error, AUD_MAPPING_ERROR, AUD_MAPPING_ERROR_INVALID_NAME);
  g_clear_error (&error);

  accounts = aud_audience_create (f->store, "Accounts", "Account", &error);
  g_assert_no_error (error);

  set_mapped (emea, "Email,FirstName", TRUE);
  set_rule (emea, NULL, "Email", AUD_OVERWRITE_RULE_CONDITIONAL, 1, 0);
  g_clear_pointer (&original, g_free);
  original = mapping_string (emea);

  copy = aud_audience_duplicate (emea, "EMEA Contacts (copy)", &error);
  g_assert_no_error (error);
  copied = mapping_string (copy);
  g_assert_cmpstr (copied, ==, original);
  g_assert_cmpint (aud_audience_get_source_id (copy, NULL), ==, aud_audience_get_source_id (emea, NULL));

  aud_audience_rename (accounts, "Key Accounts", &error);
  g_assert_no_error (error);
  aud_audience_rename (copy, "KEY accounts", &error);
  g_assert_error (error, AUD_MAPPING_ERROR, AUD_MAPPING_ERROR_NAME_TAKEN);
  g_clear_error (&error);

  list = aud_audience_list (f->store, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (list->len, ==, 3);
  g_assert_cmpstr (aud_audience_get_name (g_ptr_array_index (list, 0)), ==, "EMEA Contacts");
  g_assert_cmpstr (aud_audience_get_name (g_ptr_array_index (list, 1)), ==, "EMEA Contacts (copy)");
  g_assert_cmpstr (aud_audience_get_name (g_ptr_array_index (list, 2)), ==, "Key Accounts");

  found = aud_audience_lookup (f->store, "key accounts", &error);
  g_assert_no_error (error);
  g_assert_cmpint (aud_audience_get_id (found), ==, aud_audience_get_id (accounts));

  aud_audience_delete (copy, &error);
  g_assert_no_error (error);
  g_clear_object (&found);
  found = aud_audience_lookup (f->store, "EMEA Contacts (copy)", &error);
  g_assert_error (error, AUD_MAPPING_ERROR, AUD_MAPPING_ERROR_NOT_FOUND);
  g_assert_null (found);
  g_clear_error (&error);

  /* Deleting the copy left the original's mapping alone. */
  g_clear_pointer (&copied, g_free);
  copied = mapping_string (emea);
  g_assert_cmpstr (copied, ==, original);
}

static gint64
count (Fixture    *f,
       const char *sql)
{
  g_autoptr(sqlite3_stmt) stmt = aud_store_prepare (f->store, sql, NULL);

  g_assert_nonnull (stmt);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  return sqlite3_column_int64 (stmt, 0);
}

static void
test_delete_keeps_shared_sources (Fixture       *f,
                                  gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(AudAudience) a = aud_audience_create (f->store, "A", "Contact", &error);
  g_autoptr(AudAudience) b = aud_audience_create (f->store, "B", "Contact", &error);
  gint64 sf_source = aud_audience_get_source_id (a, &error);
  g_autofree char *link = NULL;

  g_assert_no_error (error);
  aud_store_upsert_source_record (f->store, sf_source, "003000000000001AAA", "2024-01-01T00:00:00.000+0000",
                                  FALSE, "{\"Email\":\"ada@example.com\"}", NULL, &error);
  g_assert_no_error (error);

  /* A CSV source both audiences use, and one only A uses. */
  aud_store_exec (f->store,
                  "INSERT INTO sources (id, kind, object, name) VALUES (100, 'csv', 'Contact', 'shared.csv'),"
                  " (101, 'csv', 'Contact', 'a-only.csv');"
                  "INSERT INTO source_records (source_id, external_id, data) VALUES (100, 'row1', '{}'), (101, 'row1', '{}');",
                  &error);
  g_assert_no_error (error);
  link = g_strdup_printf ("INSERT INTO audience_sources VALUES (%" G_GINT64_FORMAT ", 100), (%" G_GINT64_FORMAT ", 100),"
                          " (%" G_GINT64_FORMAT ", 101)",
                          aud_audience_get_id (a), aud_audience_get_id (b), aud_audience_get_id (a));
  aud_store_exec (f->store, link, &error);
  g_assert_no_error (error);

  aud_audience_delete (a, &error);
  g_assert_no_error (error);
  g_assert_cmpint (count (f, "SELECT count(*) FROM source_records WHERE source_id = 100"), ==, 1);
  g_assert_cmpint (count (f, "SELECT count(*) FROM sources WHERE id = 101"), ==, 0);
  g_assert_cmpint (aud_store_count_source_records (f->store, sf_source, TRUE, NULL), ==, 1);

  aud_audience_delete (b, &error);
  g_assert_no_error (error);
  g_assert_cmpint (count (f, "SELECT count(*) FROM sources WHERE id = 100"), ==, 0);
  /* The Salesforce source belongs to the connection: its records survive the last audience. */
  g_assert_cmpint (aud_store_count_source_records (f->store, sf_source, TRUE, NULL), ==, 1);
  g_assert_cmpint (count (f, "SELECT count(*) FROM mapped_fields"), ==, 0);
}

static void
test_persists_across_reopen (Fixture       *f,
                             gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(AudAudience) audience = aud_audience_create (f->store, "EMEA", "Contact", &error);
  g_autoptr(AudDescribe) describe = save_contact_describe (f, 0, NULL, "2026-01-01T10:00:00Z");
  g_autoptr(AudDescribe) loaded = NULL;
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  gint64 id = aud_audience_get_id (audience);

  g_assert_no_error (error);
  set_mapped (audience, "Email,Title,Segment__c,Lifetime_Value__c", TRUE);
  set_rule (audience, describe, "Email,Segment__c", AUD_OVERWRITE_RULE_ALWAYS, 2, 0);
  set_rule (audience, describe, "Title", AUD_OVERWRITE_RULE_CONDITIONAL, 1, 0);
  /* A formula field is never written: its rule stays Never. */
  set_rule (audience, describe, "Lifetime_Value__c", AUD_OVERWRITE_RULE_ALWAYS, 0, 1);
  before = mapping_string (audience);
  g_assert_cmpstr (before, ==, "Email=always,Id=never,IsDeleted=never,LastModifiedDate=never,"
                               "Lifetime_Value__c=never,Segment__c=always,SystemModstamp=never,Title=conditional");

  g_clear_object (&audience);
  g_clear_object (&describe);
  reopen (f);

  audience = aud_audience_lookup_by_id (f->store, id, &error);
  g_assert_no_error (error);
  after = mapping_string (audience);
  g_assert_cmpstr (after, ==, before);

  loaded = aud_describe_load (f->store, "Contact", &error);
  g_assert_no_error (error);
  g_assert_nonnull (loaded);
  g_assert_cmpstr (aud_describe_get_fetched_at (loaded), ==, "2026-01-01T10:00:00Z");
  g_assert_nonnull (aud_describe_lookup (loaded, "segment__c"));
}

static void
test_locked_fields (Fixture       *f,
                    gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(AudAudience) audience = aud_audience_create (f->store, "EMEA", "Contact", &error);
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  const char *unmap[] = { "Email", "SystemModstamp", NULL };

  g_assert_no_error (error);
  set_mapped (audience, "Email", TRUE);
  before = mapping_string (audience);

  /* All or nothing: Email stays mapped too. */
  g_assert_false (aud_mapping_set_mapped (audience, unmap, FALSE, NULL, &error));
  g_assert_error (error, AUD_MAPPING_ERROR, AUD_MAPPING_ERROR_LOCKED);
  g_clear_error (&error);
  after = mapping_string (audience);
  g_assert_cmpstr (after, ==, before);

  g_assert_nonnull (aud_mapping_get_lock_reason ("Id"));
  g_assert_nonnull (aud_mapping_get_lock_reason ("isdeleted"));
  g_assert_null (aud_mapping_get_lock_reason ("Email"));

  /* Their rule cannot change either, even without a describe. */
  set_rule (audience, NULL, "Id,LastModifiedDate", AUD_OVERWRITE_RULE_ALWAYS, 0, 2);
  g_clear_pointer (&after, g_free);
  after = mapping_string (audience);
  g_assert_cmpstr (after, ==, before);
}

static void
test_backfill_after_sync (Fixture       *f,
                          gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(AudAudience) audience = aud_audience_create (f->store, "EMEA", "Contact", &error);
  g_autofree char *mapping = NULL;
  g_autofree char *data_after = NULL;
  gint64 source = aud_audience_get_source_id (audience, NULL);
  g_autofree char *sql = NULL;

  g_assert_no_error (error);
  set_mapped (audience, "Email", TRUE);

  /* The source syncs, with the Email value. */
  aud_store_upsert_source_record (f->store, source, "003000000000001AAA", "2024-01-01T00:00:00.000+0000",
                                  FALSE, "{\"Email\":\"ada@example.com\"}", NULL, &error);
  g_assert_no_error (error);
  sql = g_strdup_printf ("UPDATE sources SET last_sync_at = '2026-01-01T00:00:00Z' WHERE id = %" G_GINT64_FORMAT, source);
  aud_store_exec (f->store, sql, &error);
  g_assert_no_error (error);

  set_mapped (audience, "Title,Phone", TRUE);
  mapping = mapping_string (audience);
  g_assert_cmpstr (mapping, ==, "Email=never,Id=never,IsDeleted=never,LastModifiedDate=never,"
                                "Phone=never+backfill,SystemModstamp=never,Title=never+backfill");

  /* Unmapping hides the field and loses nothing: the synced value is still there. */
  set_mapped (audience, "Email", FALSE);
  g_clear_pointer (&mapping, g_free);
  mapping = mapping_string (audience);
  g_assert_null (strstr (mapping, "Email"));
  {
    g_autoptr(sqlite3_stmt) stmt = aud_store_prepare (f->store,
      "SELECT json_extract (data, '$.Email') FROM source_records WHERE external_id = '003000000000001AAA'", NULL);
    g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
    data_after = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
  }
  g_assert_cmpstr (data_after, ==, "ada@example.com");

  /* Mapped again after the sync, it needs a backfill like any new field. */
  set_mapped (audience, "Email", TRUE);
  g_clear_pointer (&mapping, g_free);
  mapping = mapping_string (audience);
  g_assert_nonnull (strstr (mapping, "Email=never+backfill"));
}

static void
test_export_import_round_trip (Fixture       *f,
                               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(AudAudience) audience = aud_audience_create (f->store, "EMEA", "Contact", &error);
  g_autoptr(AudAudience) other = aud_audience_create (f->store, "Restored", "Contact", &error);
  g_autoptr(AudAudience) accounts = aud_audience_create (f->store, "Accounts", "Account", &error);
  g_autoptr(AudDescribe) describe = save_contact_describe (f, 0, NULL, NULL);
  g_autofree char *file = g_build_filename (f->dir, "mapping.json", NULL);
  g_autofree char *exported = NULL;
  g_autofree char *original = NULL;
  g_autofree char *restored = NULL;
  g_autofree char *reexported = NULL;
  g_autofree char *untouched = NULL;
  guint n = 0;

  g_assert_no_error (error);
  set_mapped (audience, "Email,Title,Segment__c,Birthdate", TRUE);
  set_rule (audience, describe, "Email", AUD_OVERWRITE_RULE_CONDITIONAL, 1, 0);
  set_rule (audience, describe, "Segment__c", AUD_OVERWRITE_RULE_ALWAYS, 1, 0);
  original = mapping_string (audience);

  aud_mapping_file_export (audience, file, &error);
  g_assert_no_error (error);
  g_file_get_contents (file, &exported, NULL, &error);
  g_assert_no_error (error);
  /* Readable: one field per line, rules spelled out. */
  g_assert_nonnull (strstr (exported, "\"format\" : \"org.example.Audiences.mapping\""));
  g_assert_nonnull (strstr (exported, "\"name\" : \"Segment__c\",\n      \"rule\" : \"always\""));

  set_mapped (other, "Phone", TRUE);
  aud_mapping_file_import (other, describe, file, &n, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (n, ==, 8);
  restored = mapping_string (other);
  g_assert_cmpstr (restored, ==, original);

  /* And back out the same, bar the informational audience name. */
  reexported = aud_mapping_file_export_data (other, &error);
  g_assert_no_error (error);
  {
    GRegex *re = g_regex_new ("\"audience\" : \"[^\"]*\"", 0, 0, NULL);
    g_autofree char *x = g_regex_replace_literal (re, exported, -1, 0, "", 0, NULL);
    g_autofree char *y = g_regex_replace_literal (re, reexported, -1, 0, "", 0, NULL);

    g_assert_cmpstr (x, ==, y);
    g_regex_unref (re);
  }

  /* Into an Account audience: refused, nothing changes. */
  untouched = mapping_string (accounts);
  g_assert_false (aud_mapping_file_import (accounts, NULL, file, NULL, &error));
  g_assert_error (error, AUD_MAPPING_ERROR, AUD_MAPPING_ERROR_OBJECT_MISMATCH);
  g_clear_error (&error);
  g_clear_pointer (&restored, g_free);
  restored = mapping_string (accounts);
  g_assert_cmpstr (restored, ==, untouched);
}

static void
test_import_reports_problems (Fixture       *f,
                              gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(AudAudience) audience = aud_audience_create (f->store, "EMEA", "Contact", &error);
  g_autoptr(AudDescribe) describe = save_contact_describe (f, 0, NULL, NULL);
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  const char *unknown =
    "{\"format\":\"org.example.Audiences.mapping\",\"version\":1,\"object\":\"Contact\",\"fields\":["
    "{\"name\":\"Email\",\"rule\":\"always\"},{\"name\":\"Shoe_Size__c\",\"rule\":\"never\"},"
    "{\"name\":\"Favourite_Colour__c\"}]}";
  const char *readonly =
    "{\"format\":\"org.example.Audiences.mapping\",\"version\":1,\"object\":\"Contact\",\"fields\":["
    "{\"name\":\"email\",\"rule\":\"always\"},{\"name\":\"Lifetime_Value__c\",\"rule\":\"conditional\"}]}";
  const char *bad_rule =
    "{\"format\":\"org.example.Audiences.mapping\",\"version\":1,\"object\":\"Contact\",\"fields\":["
    "{\"name\":\"Email\",\"rule\":\"sometimes\"}]}";
  const char *newer =
    "{\"format\":\"org.example.Audiences.mapping\",\"version\":7,\"object\":\"Contact\",\"fields\":[]}";
  const char *lowercase =
    "{\"format\":\"org.example.Audiences.mapping\",\"version\":1,\"object\":\"Contact\",\"fields\":["
    "{\"name\":\"email\",\"rule\":\"always\"}]}";

  g_assert_no_error (error);
  set_mapped (audience, "Title", TRUE);
  before = mapping_string (audience);

  g_assert_false (aud_mapping_file_import_data (audience, describe, unknown, -1, NULL, &error));
  g_assert_error (error, AUD_MAPPING_ERROR, AUD_MAPPING_ERROR_UNKNOWN_FIELDS);
  /* Every unknown field named at once, and what to do about it. */
  g_assert_nonnull (strstr (error->message, "Shoe_Size__c, Favourite_Colour__c"));
  g_assert_nonnull (strstr (error->message, "Refresh"));
  g_clear_error (&error);

  g_assert_false (aud_mapping_file_import_data (audience, describe, readonly, -1, NULL, &error));
  g_assert_error (error, AUD_MAPPING_ERROR, AUD_MAPPING_ERROR_NOT_WRITABLE);
  g_assert_nonnull (strstr (error->message, "Lifetime_Value__c"));
  g_clear_error (&error);

  g_assert_false (aud_mapping_file_import_data (audience, describe, bad_rule, -1, NULL, &error));
  g_assert_error (error, AUD_MAPPING_ERROR, AUD_MAPPING_ERROR_INVALID_FILE);
  g_assert_nonnull (strstr (error->message, "sometimes"));
  g_clear_error (&error);

  g_assert_false (aud_mapping_file_import_data (audience, describe, newer, -1, NULL, &error));
  g_assert_error (error, AUD_MAPPING_ERROR, AUD_MAPPING_ERROR_INVALID_FILE);
  g_clear_error (&error);

  g_assert_false (aud_mapping_file_import_data (audience, describe, "{\"format\": ", -1, NULL, &error));
  g_assert_error (error, AUD_MAPPING_ERROR, AUD_MAPPING_ERROR_INVALID_FILE);
  g_clear_error (&error);

  after = mapping_string (audience);
  g_assert_cmpstr (after, ==, before);

  /* Salesforce's spelling wins over the file's. */
  aud_mapping_file_import_data (audience, describe, lowercase, -1, NULL, &error);
  g_assert_no_error (error);
  g_clear_pointer (&after, g_free);
  after = mapping_string (audience);
  g_assert_cmpstr (after, ==, "Email=always," SYNC_FIELDS);
}

static void
test_describe_parse (Fixture       *f,
                     gconstpointer  data)
{
  g_autofree char *json = describe_fixture_contact (3, NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(AudDescribe) describe = aud_describe_new_from_data (json, -1, NULL, &error);
  AudFieldInfo *info;

  g_assert_no_error (error);
  g_assert_cmpstr (aud_describe_get_object (describe), ==, "Contact");
  g_assert_cmpuint (aud_describe_get_fields (describe)->len, ==, 31 + 3);

  info = aud_describe_lookup (describe, "LastName");
  g_assert_cmpstr (info->label, ==, "Last Name");
  g_assert_cmpint (info->length, ==, 80);
  g_assert_true (info->required);
  g_assert_true (aud_field_info_is_writable (info));
  g_assert_false (info->custom);

  info = aud_describe_lookup (describe, "Id");
  g_assert_false (info->required);   /* defaulted on create */
  g_assert_false (aud_field_info_is_writable (info));
  g_assert_nonnull (aud_field_info_get_readonly_reason (info));

  info = aud_describe_lookup (describe, "Lifetime_Value__c");
  g_assert_true (info->calculated);
  g_assert_true (info->custom);
  g_assert_false (aud_field_info_is_writable (info));
  g_assert_nonnull (strstr (aud_field_info_get_readonly_reason (info), "Formula"));

  info = aud_describe_lookup (describe, "External_Key__c");
  g_assert_true (info->external_id);

  info = aud_describe_lookup (describe, "LeadSource");
  g_assert_cmpint (aud_field_info_get_kind (info), ==, AUD_FIELD_KIND_PICKLIST);
  /* The inactive value is left out. */
  g_assert_cmpuint (g_strv_length (info->picklist_values), ==, 5);
  g_assert_false (g_strv_contains ((const char * const *) info->picklist_values, "Retired"));

  g_assert_null (aud_describe_new_from_data ("{\"name\":\"Contact\"}", -1, NULL, &error));
  g_assert_error (error, AUD_MAPPING_ERROR, AUD_MAPPING_ERROR_INVALID_DESCRIBE);
  g_clear_error (&error);
  g_assert_null (aud_describe_new_from_data ("<html>", -1, NULL, &error));
  g_assert_error (error, AUD_MAPPING_ERROR, AUD_MAPPING_ERROR_INVALID_DESCRIBE);
}

static void
test_describe_diff_marks_gone (Fixture       *f,
                               gconstpointer  data)
{
  const char *without[] = { "Score__c", "Custom_Field_0002__c", NULL };
  g_autoptr(AudDescribe) first = save_contact_describe (f, 3, NULL, "2026-01-01T00:00:00Z");
  g_autoptr(AudDescribe) second = NULL;
  g_autoptr(AudDescribe) third = NULL;
  g_autoptr(AudDescribe) loaded = NULL;
  g_autoptr(GPtrArray) removed = NULL;
  g_autoptr(GError) error = NULL;
  AudFieldInfo *info;

  {
    g_autofree char *json = describe_fixture_contact (3, without);
    g_autoptr(AudDescribe) fresh = aud_describe_new_from_data (json, -1, "2026-02-01T00:00:00Z", &error);

    removed = aud_describe_find_removed (first, fresh);
    g_assert_cmpuint (removed->len, ==, 2);
    g_assert_cmpstr (((AudFieldInfo *) g_ptr_array_index (removed, 0))->name, ==, "Score__c");
    g_assert_cmpstr (((AudFieldInfo *) g_ptr_array_index (removed, 1))->name, ==, "Custom_Field_0002__c");
  }

  second = save_contact_describe (f, 3, without, "2026-02-01T00:00:00Z");
  reopen (f);
  loaded = aud_describe_load (f->store, "Contact", &error);
  g_assert_no_error (error);
  info = aud_describe_lookup (loaded, "Score__c");
  g_assert_nonnull (info);
  g_assert_true (info->gone);
  g_assert_cmpstr (info->label, ==, "Score");
  g_assert_cmpstr (info->gone_at, ==, "2026-02-01T00:00:00Z");
  g_assert_false (aud_field_info_is_writable (info));
  g_assert_false (aud_describe_lookup (loaded, "Email")->gone);

  /* A field that comes back is no longer gone. */
  g_clear_object (&loaded);
  third = save_contact_describe (f, 3, (const char *[]) { "Custom_Field_0002__c", NULL }, "2026-03-01T00:00:00Z");
  loaded = aud_describe_load (f->store, "Contact", &error);
  g_assert_false (aud_describe_lookup (loaded, "Score__c")->gone);
  g_assert_true (aud_describe_lookup (loaded, "Custom_Field_0002__c")->gone);
  g_assert_cmpstr (aud_describe_lookup (loaded, "Custom_Field_0002__c")->gone_at, ==, "2026-02-01T00:00:00Z");
}

/* Salesforce turned a field read-only, and removed another: their rules fall back to Never. */
static void
test_refresh_resets_unwritable_rules (Fixture       *f,
                                      gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(AudAudience) audience = aud_audience_create (f->store, "EMEA", "Contact", &error);
  g_autoptr(AudAudience) accounts = aud_audience_create (f->store, "Accounts", "Account", &error);
  g_autoptr(AudDescribe) first = save_contact_describe (f, 0, NULL, NULL);
  g_autoptr(AudDescribe) second = NULL;
  g_autofree char *json = NULL;
  g_autofree char *mapping = NULL;
  g_autofree char *other = NULL;

  g_assert_no_error (error);
  set_mapped (audience, "Email,Score__c,Title", TRUE);
  set_rule (audience, first, "Email,Score__c,Title", AUD_OVERWRITE_RULE_ALWAYS, 3, 0);
  set_mapped (accounts, "Title", TRUE);
  set_rule (accounts, NULL, "Title", AUD_OVERWRITE_RULE_ALWAYS, 1, 0);

  /* Title is now a formula; Score__c is gone. */
  json = describe_fixture_contact_full (0, (const char *[]) { "Score__c", NULL }, (const char *[]) { "Title", NULL });
  second = aud_describe_new_from_data (json, -1, NULL, &error);
  g_assert_no_error (error);
  g_assert_false (aud_field_info_is_writable (aud_describe_lookup (second, "Title")));
  aud_describe_save (second, f->store, &error);
  g_assert_no_error (error);

  mapping = mapping_string (audience);
  g_assert_cmpstr (mapping, ==, "Email=always,Id=never,IsDeleted=never,LastModifiedDate=never,"
                                "Score__c=never,SystemModstamp=never,Title=never");

  /* Still mapped (shown as gone), but the sync no longer asks Salesforce for it. */
  {
    g_auto(GStrv) fetch = aud_sync_store_fields_for_object (f->store, "Contact", &error);

    g_assert_no_error (error);
    g_assert_true (g_strv_contains ((const char * const *) fetch, "Email"));
    g_assert_false (g_strv_contains ((const char * const *) fetch, "Score__c"));
  }
  /* An Account audience's Title is another object's field: untouched. */
  other = mapping_string (accounts);
  g_assert_nonnull (strstr (other, "Title=always"));
}

static void
test_recommended (Fixture       *f,
                  gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(AudAudience) audience = aud_audience_create (f->store, "EMEA", "Contact", &error);
  g_autoptr(AudDescribe) describe = save_contact_describe (f, 0, (const char *[]) { "MobilePhone", NULL }, NULL);
  g_autofree char *mapping = NULL;
  guint added = 0;

  g_assert_no_error (error);
  aud_mapping_apply_recommended (audience, describe, &added, &error);
  g_assert_no_error (error);
  /* Everything recommended for Contact but the field this org does not have. */
  g_assert_cmpuint (added, ==, g_strv_length ((char **) aud_mapping_recommended_fields ("Contact")) - 1);
  mapping = mapping_string (audience);
  g_assert_nonnull (strstr (mapping, "Email=never"));
  g_assert_nonnull (strstr (mapping, "AccountId=never"));
  g_assert_null (strstr (mapping, "MobilePhone"));
  g_assert_true (g_strv_contains (aud_mapping_recommended_fields ("Account"), "Industry"));
}

static AudDemoOrg *
start_demo_org (guint extra_custom_fields)
{
  g_autoptr(GError) error = NULL;
  AudDemoOrg *org = aud_demo_org_new ();

  g_object_set (org, "seed", (guint64) 7, "accounts", 3, "contacts", 3, "leads", 0, "opportunities", 0,
                "extra-custom-fields", extra_custom_fields, NULL);
  aud_demo_org_start_in_thread (org, &error);
  g_assert_no_error (error);
  return org;
}

static AudCredentials *
demo_credentials (AudDemoOrg *org)
{
  g_autofree char *access = aud_demo_org_mint_access_token (org);
  AudCredentials *credentials = aud_credentials_new (aud_demo_org_get_login_url (org), AUD_DEMO_ORG_CLIENT_ID,
                                                     aud_demo_org_get_org_id (org), aud_demo_org_get_user_id (org),
                                                     AUD_DEMO_ORG_USERNAME);

  aud_credentials_set_tokens (credentials, access, NULL);
  return credentials;
}

static void
fetch_done_cb (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  AudDescribe **out = user_data;
  g_autoptr(GError) error = NULL;

  *out = aud_describe_fetch_finish (result, &error);
  g_assert_no_error (error);
}

static guint
count_custom (AudDescribe *describe,
              gboolean     gone)
{
  GPtrArray *fields = aud_describe_get_fields (describe);
  guint n = 0;

  for (guint i = 0; i < fields->len; i++)
    {
      AudFieldInfo *info = g_ptr_array_index (fields, i);
      n += info->custom && g_str_has_prefix (info->name, "Custom_Field_") && info->gone == gone ? 1 : 0;
    }
  return n;
}

/* The demo org's ~800-field Contact, fetched for real, then a refresh after 770 of them went. */
static void
test_describe_fetch_demo_org (Fixture       *f,
                              gconstpointer  data)
{
  g_autoptr(AudDemoOrg) big = start_demo_org (780);
  g_autoptr(AudCredentials) credentials = demo_credentials (big);
  g_autoptr(AudSalesforceClient) client = aud_salesforce_client_new (credentials, aud_demo_org_get_instance_url (big),
                                                                    AUD_DEMO_ORG_API_VERSION);
  g_autoptr(AudDescribe) describe = NULL;
  g_autoptr(AudDescribe) refreshed = NULL;
  g_autoptr(AudDescribe) loaded = NULL;
  g_autoptr(AudDemoOrg) small = NULL;
  g_autoptr(AudCredentials) small_credentials = NULL;
  g_autoptr(GError) error = NULL;
  AudFieldInfo *info;

  describe = aud_describe_fetch (client, "Contact", NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (aud_describe_get_object (describe), ==, "Contact");
  g_assert_cmpuint (aud_describe_get_fields (describe)->len, >=, 800);
  g_assert_cmpuint (count_custom (describe, FALSE), ==, 780);
  info = aud_describe_lookup (describe, "Id");
  g_assert_nonnull (info);
  g_assert_false (aud_field_info_is_writable (info));
  info = aud_describe_lookup (describe, "Email");
  g_assert_nonnull (info);
  g_assert_true (aud_field_info_is_writable (info));
  aud_describe_save (describe, f->store, &error);
  g_assert_no_error (error);

  /* Unknown objects are Salesforce's NOT_FOUND, said as such. */
  g_assert_null (aud_describe_fetch (client, "Shoe__c", NULL, &error));
  g_assert_error (error, AUD_CRM_ERROR, AUD_CRM_ERROR_NOT_FOUND);
  g_clear_error (&error);

  g_clear_object (&client);
  aud_demo_org_stop (big);

  /* The org now has 10 custom fields: the other 770 show as gone, not dropped. */
  small = start_demo_org (10);
  small_credentials = demo_credentials (small);
  aud_describe_fetch_async (small_credentials, aud_demo_org_get_instance_url (small), AUD_DEMO_ORG_API_VERSION,
                            "Contact", NULL, fetch_done_cb, &refreshed);
  while (refreshed == NULL)
    g_main_context_iteration (NULL, TRUE);
  aud_describe_save (refreshed, f->store, &error);
  g_assert_no_error (error);

  loaded = aud_describe_load (f->store, "Contact", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (count_custom (loaded, FALSE), ==, 10);
  g_assert_cmpuint (count_custom (loaded, TRUE), ==, 770);
  aud_demo_org_stop (small);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, fn) g_test_add (path, Fixture, NULL, fixture_setup, fn, fixture_teardown)
  ADD ("/mapping/audiences/lifecycle", test_audiences_lifecycle);
  ADD ("/mapping/audiences/delete-keeps-shared-sources", test_delete_keeps_shared_sources);
  ADD ("/mapping/persists-across-reopen", test_persists_across_reopen);
  ADD ("/mapping/locked-fields", test_locked_fields);
  ADD ("/mapping/backfill-after-sync", test_backfill_after_sync);
  ADD ("/mapping/file/round-trip", test_export_import_round_trip);
  ADD ("/mapping/file/problems", test_import_reports_problems);
  ADD ("/mapping/describe/parse", test_describe_parse);
  ADD ("/mapping/describe/diff-marks-gone", test_describe_diff_marks_gone);
  ADD ("/mapping/recommended", test_recommended);
  ADD ("/mapping/describe/refresh-resets-unwritable-rules", test_refresh_resets_unwritable_rules);
  ADD ("/mapping/describe/fetch-demo-org", test_describe_fetch_demo_org);
#undef ADD

  return g_test_run ();
}
