/* test-demo-org-bulk.c — Bulk API 2.0 query jobs of the demo org: states, CSV chunks, errors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "test-demo-org-util.h"

static void
setup (DemoFixture  *f,
       gconstpointer data)
{
  demo_fixture_start (f, demo_small_org ());
}

static void
teardown (DemoFixture  *f,
          gconstpointer data)
{
  demo_fixture_stop (f);
}

static char *
create_job (DemoFixture *f,
            const char  *operation,
            const char  *soql,
            guint        expected_status)
{
  g_autofree char *body = g_strdup_printf ("{\"operation\":\"%s\",\"query\":\"%s\",\"contentType\":\"CSV\","
                                           "\"columnDelimiter\":\"COMMA\",\"lineEnding\":\"LF\"}", operation, soql);
  g_auto(DemoReply) r = demo_send_json (f, "POST", "/jobs/query", body);

  g_assert_cmpuint (r.status, ==, expected_status);
  if (expected_status != 200)
    return g_strdup (demo_error_code (&r));
  g_assert_cmpstr (json_object_get_string_member (demo_object (&r), "state"), ==, "UploadComplete");
  g_assert_true (g_str_has_prefix (json_object_get_string_member (demo_object (&r), "id"), "750"));
  return g_strdup (json_object_get_string_member (demo_object (&r), "id"));
}

static char *
poll (DemoFixture *f,
      const char  *id)
{
  g_autofree char *path = g_strdup_printf ("/jobs/query/%s", id);
  g_auto(DemoReply) r = demo_get (f, path);

  g_assert_cmpuint (r.status, ==, 200);
  g_assert_cmpstr (json_object_get_string_member (demo_object (&r), "jobType"), ==, "V2Query");
  return g_strdup (json_object_get_string_member (demo_object (&r), "state"));
}

static void
wait_complete (DemoFixture *f,
               const char  *id,
               const char  *final_state)
{
  g_autofree char *first = poll (f, id);
  g_autofree char *second = poll (f, id);

  g_assert_cmpstr (first, ==, "InProgress");
  g_assert_cmpstr (second, ==, final_state);
}

/* Reads every chunk; returns the data lines (header checked, not returned). */
static GPtrArray *
read_results (DemoFixture *f,
              const char  *id,
              const char  *header,
              guint        max_records,
              guint       *chunks)
{
  GPtrArray *lines = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *locator = NULL;

  *chunks = 0;
  do
    {
      g_autofree char *path = locator ? g_strdup_printf ("/jobs/query/%s/results?maxRecords=%u&locator=%s", id, max_records, locator)
                                      : g_strdup_printf ("/jobs/query/%s/results?maxRecords=%u", id, max_records);
      g_auto(DemoReply) r = demo_get (f, path);
      g_auto(GStrv) rows = NULL;
      const char *next;
      guint n = 0;

      g_assert_cmpuint (r.status, ==, 200);
      g_assert_cmpstr (soup_message_headers_get_content_type (r.headers, NULL), ==, "text/csv");
      rows = g_strsplit (r.body, "\n", -1);
      g_assert_cmpstr (rows[0], ==, header);
      for (guint i = 1; rows[i] != NULL && *rows[i] != '\0'; i++, n++)
        g_ptr_array_add (lines, g_strdup (rows[i]));
      g_assert_cmpuint (n, <=, max_records);
      g_assert_cmpint (g_ascii_strtoll (soup_message_headers_get_one (r.headers, "Sforce-NumberOfRecords"), NULL, 10), ==, n);
      next = soup_message_headers_get_one (r.headers, "Sforce-Locator");
      g_assert_nonnull (next);
      g_free (locator);
      locator = g_str_equal (next, "null") ? NULL : g_strdup (next);
      (*chunks)++;
    }
  while (locator != NULL);
  return lines;
}

static void
test_job_lifecycle (DemoFixture  *f,
                    gconstpointer data)
{
  g_autofree char *id = create_job (f, "query", "SELECT Id, LastName, Account.Name, HasOptedOutOfEmail, SystemModstamp FROM Contact", 200);
  g_autofree char *early_path = g_strdup_printf ("/jobs/query/%s/results", id);
  g_auto(DemoReply) early = demo_get (f, early_path);
  g_autoptr(GPtrArray) lines = NULL;
  g_autoptr(GRegex) row = g_regex_new ("^\"003[0-9A-Za-z]{15}\",\"[^\"]+\",(\"[^\"]*\")?,\"(true|false)\","
                                       "\"\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.000Z\"$", 0, 0, NULL);
  gboolean saw_null_account = FALSE;
  guint chunks = 0;

  g_assert_cmpuint (early.status, ==, 400);
  g_assert_cmpstr (demo_error_code (&early), ==, "JOB_NOT_COMPLETE");

  wait_complete (f, id, "JobComplete");
  lines = read_results (f, id, "\"Id\",\"LastName\",\"Account.Name\",\"HasOptedOutOfEmail\",\"SystemModstamp\"", 60, &chunks);
  g_assert_cmpuint (lines->len, ==, 150);
  g_assert_cmpuint (chunks, ==, 3);
  for (guint i = 0; i < lines->len; i++)
    {
      g_assert_true (g_regex_match (row, lines->pdata[i], 0, NULL));
      /* A null is an empty field, not "". */
      saw_null_account |= strstr (lines->pdata[i], ",,") != NULL;
    }
  g_assert_true (saw_null_account);

  /* Results belong to the API version that created the job. */
  {
    g_autofree char *url = g_strdup_printf ("%s/services/data/v60.0/jobs/query/%s/results",
                                            aud_demo_org_get_instance_url (f->org), id);
    g_auto(DemoReply) other = demo_get (f, url);

    g_assert_cmpuint (other.status, ==, 409);
  }
  {
    g_autofree char *path = g_strdup_printf ("/jobs/query/%s", id);
    g_autofree char *url = g_strconcat (f->api, path, NULL);
    g_auto(DemoReply) del = demo_send_full (f, "DELETE", url, f->token, NULL, NULL, NULL);
    g_auto(DemoReply) gone = demo_get (f, path);

    g_assert_cmpuint (del.status, ==, 204);
    g_assert_cmpuint (gone.status, ==, 404);
  }
}

static void
test_query_all_and_errors (DemoFixture  *f,
                           gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) deleted = aud_demo_org_mutate (f->org, "Contact", AUD_DEMO_ORG_MUTATE_DELETE, 4, FALSE, &error);
  g_autofree char *all = create_job (f, "queryAll", "SELECT Id, IsDeleted FROM Contact WHERE IsDeleted = true", 200);
  g_autofree char *address = create_job (f, "query", "SELECT Id, MailingAddress FROM Contact", 400);
  g_autofree char *offset = create_job (f, "query", "SELECT Id FROM Contact LIMIT 5 OFFSET 5", 400);
  g_autofree char *bad = create_job (f, "query", "SELECT Nope__c FROM Contact", 400);
  g_autoptr(GPtrArray) lines = NULL;
  guint chunks = 0;

  g_assert_no_error (error);
  wait_complete (f, all, "JobComplete");
  lines = read_results (f, all, "\"Id\",\"IsDeleted\"", 1000, &chunks);
  g_assert_cmpuint (lines->len, ==, 4);
  g_assert_cmpuint (chunks, ==, 1);
  g_assert_cmpstr (address, ==, "API_ERROR");
  g_assert_cmpstr (offset, ==, "API_ERROR");
  g_assert_cmpstr (bad, ==, "INVALID_FIELD");
}

static void
test_failed_and_aborted (DemoFixture  *f,
                         gconstpointer data)
{
  g_autofree char *failing = NULL;
  g_autofree char *aborting = NULL;
  g_autofree char *path = NULL;
  g_auto(DemoReply) info = { 0 };
  g_auto(DemoReply) aborted = { 0 };

  aud_demo_org_set_fault (f->org, AUD_DEMO_ORG_FAULT_BULK_FAIL_NEXT, 1);
  failing = create_job (f, "query", "SELECT Id FROM Lead", 200);
  wait_complete (f, failing, "Failed");
  path = g_strdup_printf ("/jobs/query/%s", failing);
  info = demo_get (f, path);
  g_assert_true (json_object_has_member (demo_object (&info), "errorMessage"));

  aborting = create_job (f, "query", "SELECT Id FROM Lead", 200);
  g_free (path);
  path = g_strdup_printf ("/jobs/query/%s", aborting);
  aborted = demo_send_json (f, "PATCH", path, "{\"state\":\"Aborted\"}");
  g_assert_cmpuint (aborted.status, ==, 200);
  g_assert_cmpstr (json_object_get_string_member (demo_object (&aborted), "state"), ==, "Aborted");
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, fn) g_test_add ("/demo-org/bulk/" path, DemoFixture, NULL, setup, fn, teardown)
  ADD ("job-lifecycle", test_job_lifecycle);
  ADD ("query-all-and-errors", test_query_all_and_errors);
  ADD ("failed-and-aborted", test_failed_and_aborted);
#undef ADD

  return g_test_run ();
}
