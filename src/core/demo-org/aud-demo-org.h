/* aud-demo-org.h — a faithful local Salesforce (OAuth, REST, Bulk 2.0) on 127.0.0.1
 *
 * Two SoupServers stand in for the login host and the instance host, on two loopback ports, so
 * clients cannot assume they are the same. Data lives in a SQLite file laid out as the SOQL module
 * expects (aud-soql.h). All state is guarded by one lock, so the C API below may be called from
 * any thread, including while the server runs in its own thread (aud_demo_org_start_in_thread).
 *
 * Salesforce endpoints (docs/salesforce-api.md): login host — /services/oauth2/{authorize,token,
 * revoke,userinfo}, /id/<org>/<user>, /services/data/ (versions); instance host — the same OAuth
 * paths and, under /services/data/vXX.X/: limits, sobjects (describeGlobal), sobjects/X,
 * sobjects/X/describe (If-Modified-Since), sobjects/X/{deleted,updated}, GET/PATCH sobjects/X/Id,
 * query, queryAll, query/<locator>-<n>, PATCH composite/sobjects, POST composite/batch (describe,
 * describeGlobal and limits subrequests only), jobs/query (Bulk API 2.0 query jobs and results).
 * Objects: Account, Contact, Lead, Opportunity, User.
 *
 * Control API (no auth, loopback only), on both hosts under /_demo/:
 *   GET  /_demo/stats                      call counts per endpoint, API usage
 *   POST /_demo/faults   {"latency_ms":…}  set faults by name (see aud_demo_org_fault_from_name); 0 clears
 *   POST /_demo/faults/clear
 *   POST /_demo/limits   {"max":N,"used":N}
 *   POST /_demo/expire-tokens              every access token issued so far answers 401
 *   POST /_demo/expire-locators            every open query locator answers INVALID_QUERY_LOCATOR
 *   POST /_demo/mutate   {"object":"Contact","operation":"update|create|delete|undelete|purge|touch|merge",
 *                         "count":K,"same_stamp":bool,"stamp":"…+0000"}  → {"ids":[…],"stamp":…}
 *   POST /_demo/late     {"object":"Contact","seconds_ago":N}  a row that becomes visible "late"
 *   GET  /_demo/dump?object=Contact        every row as JSON, deleted ones included
 *   GET  /_demo/truth?object=Contact       {"clusters":{"<cluster>":["<id>",…]}} duplicate ground truth
 *   GET  /_demo/info                       login/instance URLs, client id, org/user ids
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib-object.h>
#include <json-glib/json-glib.h>

G_BEGIN_DECLS

/* The built-in connected app. Public client (no secret) with PKCE, like the desktop app. */
#define AUD_DEMO_ORG_CLIENT_ID "3MVG9AudiencesDemoOrgBuiltInConnectedApp.PublicClient.PKCE"
#define AUD_DEMO_ORG_DEFAULT_REDIRECT_URI "http://localhost:1717/OauthRedirect"
#define AUD_DEMO_ORG_DEFAULT_REDIRECT_URI_IP "http://127.0.0.1:1717/OauthRedirect"
/* The newest API version served; /services/data/ lists 31.0 up to this one. */
#define AUD_DEMO_ORG_API_VERSION "62.0"
#define AUD_DEMO_ORG_USERNAME "demo.user@audiences-demo.example"

#define AUD_DEMO_ORG_ERROR (aud_demo_org_error_quark ())

typedef enum
{
  AUD_DEMO_ORG_ERROR_FAILED,
  AUD_DEMO_ORG_ERROR_NOT_RUNNING,
  AUD_DEMO_ORG_ERROR_INVALID_ARGUMENT,
  AUD_DEMO_ORG_ERROR_DATABASE,
} AudDemoOrgError;

/* Faults switched at run time. A value of 0 switches the fault off. "Calls" are API calls to the
 * instance host under /services/data/vXX.X/ (each page fetch is one call). */
typedef enum
{
  AUD_DEMO_ORG_FAULT_LATENCY_MS,          /* delay every API answer by N ms */
  AUD_DEMO_ORG_FAULT_UNAVAILABLE_EVERY,   /* every Nth API call answers 503 */
  AUD_DEMO_ORG_FAULT_DROP_EVERY,          /* every Nth API call: connection closed, no answer */
  AUD_DEMO_ORG_FAULT_EXPIRE_TOKENS_AFTER, /* after N more API calls, every token issued so far is dead (401) */
  AUD_DEMO_ORG_FAULT_EXHAUST_LIMIT_AFTER, /* after N more API calls, the daily limit is used up (403) */
  AUD_DEMO_ORG_FAULT_LOCK_ROW_EVERY,      /* every Nth record write fails with UNABLE_TO_LOCK_ROW */
  AUD_DEMO_ORG_FAULT_PAGE_SIZE_CAP,       /* query pages hold at most N rows, whatever batchSize says */
  AUD_DEMO_ORG_FAULT_QUERY_TIMEOUT_NEXT,  /* the next N query/queryAll calls fail with QUERY_TIMEOUT */
  AUD_DEMO_ORG_FAULT_VALIDATION_EVERY,    /* every Nth record write fails FIELD_CUSTOM_VALIDATION_EXCEPTION */
  AUD_DEMO_ORG_FAULT_BULK_FAIL_NEXT,      /* the next N Bulk query jobs end in state Failed */
  AUD_DEMO_ORG_FAULT_DUPLICATES_EVERY,    /* every Nth record write fails DUPLICATES_DETECTED */
  AUD_DEMO_ORG_N_FAULTS
} AudDemoOrgFault;

typedef enum
{
  AUD_DEMO_ORG_MUTATE_UPDATE,    /* user edit: Title changes, both stamps move */
  AUD_DEMO_ORG_MUTATE_CREATE,
  AUD_DEMO_ORG_MUTATE_DELETE,    /* soft delete: IsDeleted, recycle bin, getDeleted */
  AUD_DEMO_ORG_MUTATE_UNDELETE,
  AUD_DEMO_ORG_MUTATE_PURGE,     /* hard delete: gone from queryAll, still in getDeleted */
  AUD_DEMO_ORG_MUTATE_TOUCH,     /* system-only update: SystemModstamp moves, LastModifiedDate not */
  AUD_DEMO_ORG_MUTATE_MERGE,     /* merge duplicates from the ground truth: each loser is deleted with
                                  * MasterRecordId set to its cluster's survivor (count = losers) */
} AudDemoOrgMutation;

#define AUD_TYPE_DEMO_ORG (aud_demo_org_get_type ())

G_DECLARE_FINAL_TYPE (AudDemoOrg, aud_demo_org, AUD, DEMO_ORG, GObject)

GQuark       aud_demo_org_error_quark          (void);

/* Properties (set before start): "seed" (guint64), "accounts", "contacts", "leads",
 * "opportunities" (guint), "duplicate-percent" (guint, 0–50), "extra-custom-fields" (guint:
 * adds Custom_Field_NNN__c text fields to every object), "database-path" (NULL: a temp file
 * removed on finalize), "api-max" (daily limit, default 15000), "rotate-refresh-tokens",
 * "interactive" (authorize shows an approve/deny page instead of auto-approving),
 * "deny-authorization" (authorize redirects with error=access_denied), "client-secret"
 * (NULL: public client, a sent secret is rejected; set: confidential, the secret is required),
 * "port" (instance host port, 0 = random; the login host always takes a random port). */
AudDemoOrg  *aud_demo_org_new                  (void);

void         aud_demo_org_add_redirect_uri     (AudDemoOrg      *self,
                                                const char      *uri);

/* Serves in the caller's thread-default main context (iterate it to answer requests). */
gboolean     aud_demo_org_start                (AudDemoOrg      *self,
                                                GError         **error);
/* Serves from its own thread and main context, so a test may use synchronous clients. */
gboolean     aud_demo_org_start_in_thread      (AudDemoOrg      *self,
                                                GError         **error);
/* Stops listening (joins the thread when there is one). Finalize stops too. */
void         aud_demo_org_stop                 (AudDemoOrg      *self);

const char  *aud_demo_org_get_login_url        (AudDemoOrg      *self);   /* "http://127.0.0.1:PORT" */
const char  *aud_demo_org_get_instance_url     (AudDemoOrg      *self);
const char  *aud_demo_org_get_org_id           (AudDemoOrg      *self);   /* 18 chars */
const char  *aud_demo_org_get_user_id          (AudDemoOrg      *self);   /* 18 chars */

/* A valid access token without going through OAuth (tests and benches). */
char        *aud_demo_org_mint_access_token    (AudDemoOrg      *self);
/* An access token and its refresh token, as a token response would give them. */
void         aud_demo_org_mint_tokens          (AudDemoOrg      *self,
                                                char           **access_token,
                                                char           **refresh_token);

void         aud_demo_org_set_fault            (AudDemoOrg      *self,
                                                AudDemoOrgFault  fault,
                                                gint64           value);
gint64       aud_demo_org_get_fault            (AudDemoOrg      *self,
                                                AudDemoOrgFault  fault);
void         aud_demo_org_clear_faults         (AudDemoOrg      *self);
/* -1 for an unknown name. Names: latency_ms, unavailable_every, drop_every,
 * expire_tokens_after, exhaust_limit_after, lock_row_every, page_size_cap,
 * query_timeout_next, validation_every, bulk_fail_next, duplicates_every. */
int          aud_demo_org_fault_from_name      (const char      *name);

/* Daily API usage as the Sforce-Limit-Info header reports it. */
void         aud_demo_org_set_api_usage        (AudDemoOrg      *self,
                                                gint64           used,
                                                gint64           max);
gint64       aud_demo_org_get_api_used         (AudDemoOrg      *self);
gint64       aud_demo_org_get_api_max          (AudDemoOrg      *self);
/* Every access token issued so far answers 401 INVALID_SESSION_ID from now on. */
void         aud_demo_org_expire_access_tokens (AudDemoOrg      *self);
void         aud_demo_org_expire_query_locators (AudDemoOrg     *self);

/* Mutates @count live (or, for UNDELETE, deleted) records of @object, picked deterministically.
 * With @same_stamp every changed row gets one identical SystemModstamp. Returns the 18-char Ids
 * changed (NULL-terminated), or NULL with @error. Needs a started org. */
char       **aud_demo_org_mutate               (AudDemoOrg      *self,
                                                const char      *object,
                                                AudDemoOrgMutation mutation,
                                                guint            count,
                                                gboolean         same_stamp,
                                                GError         **error);
/* Inserts a live record whose SystemModstamp (and LastModifiedDate) is @seconds_ago in the past,
 * as a long-running transaction in a real org makes rows appear "late". Returns its Id. */
char        *aud_demo_org_insert_late_record   (AudDemoOrg      *self,
                                                const char      *object,
                                                guint            seconds_ago,
                                                GError         **error);

/* {"totalApiCalls":N,"apiUsed":N,"apiMax":N,"byEndpoint":{"query":N,…},"recordsServed":N} */
JsonNode    *aud_demo_org_dup_stats            (AudDemoOrg      *self);
/* Every row of @object (deleted included) as a JSON array of objects keyed by field name. */
JsonNode    *aud_demo_org_dup_rows             (AudDemoOrg      *self,
                                                const char      *object,
                                                GError         **error);
/* Duplicate ground truth: Id → cluster key, for every record that has a generated duplicate. */
GHashTable  *aud_demo_org_dup_ground_truth     (AudDemoOrg      *self,
                                                const char      *object,
                                                GError         **error);
/* Seconds spent generating the data on start, for benchmarks. */
double       aud_demo_org_get_generation_seconds (AudDemoOrg    *self);

G_END_DECLS
