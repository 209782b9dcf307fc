/* writeback-test-util.h — a demo org and a workspace with an audience ready to write back
 *
 * The audience "People" on Contact maps Title (rule Always), Department (Conditional) and
 * AssistantName (Never), with the describe fetched from the demo org.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <json-glib/json-glib.h>

#include "aud-audience.h"
#include "aud-credentials.h"
#include "aud-demo-org.h"
#include "aud-salesforce-client.h"
#include "aud-write-apply.h"

G_BEGIN_DECLS

#define WB_N_CONTACTS 60

typedef struct
{
  char                *dir;
  char                *path;
  AudDemoOrg          *org;
  AudStore            *store;
  AudCredentials      *credentials;
  AudSalesforceClient *client;
  AudAudience         *audience;
  GPtrArray           *ids;        /* live Contact Ids, in dump order */
} WbFixture;

AudSalesforceClient *wb_make_client      (AudCredentials *credentials,
                                          const char     *instance_url);
void                 wb_fixture_setup    (WbFixture      *f,
                                          gconstpointer   data);
void                 wb_fixture_teardown (WbFixture      *f,
                                          gconstpointer   data);
/* A user's edit in Salesforce through the REST API; NULL clears the field. */
void                 wb_org_set          (WbFixture      *f,
                                          const char     *id,
                                          const char     *field,
                                          const char     *value);
JsonObject          *wb_org_row          (JsonNode       *rows,
                                          const char     *id);
const char          *wb_org_value        (JsonNode       *rows,
                                          const char     *id,
                                          const char     *field);
JsonNode            *wb_dump             (WbFixture      *f);
void                 wb_run_sync         (WbFixture      *f);
/* Makes the record one matched entity whose golden values are the NULL-terminated
 * field/value pairs that follow, as the entities area writes them. */
void                 wb_set_golden       (WbFixture      *f,
                                          const char     *id,
                                          ...) G_GNUC_NULL_TERMINATED;
/* The audience's plan from the workspace, nothing excluded, no limit. */
AudWritePlan        *wb_make_plan        (WbFixture      *f);
/* Applies synchronously with fast lock retries; asserts the workspace did not fail. */
AudWriteResult      *wb_apply_changes    (WbFixture      *f,
                                          GPtrArray      *changes,
                                          gint64          undo_of);
AudWriteResult      *wb_apply_plan       (WbFixture      *f,
                                          AudWritePlan   *plan);
/* Syncs, then gives the first @n records the golden Title "Golden title <i>". */
void                 wb_golden_titles    (WbFixture      *f,
                                          guint           n);

G_END_DECLS
