/* aud-demo-org-private.h — internals shared by the demo org's source files
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <libsoup/soup.h>
#include <sqlite3.h>

#include "aud-demo-org.h"
#include "aud-soql.h"

G_BEGIN_DECLS

#ifndef AUD_SQLITE_STMT_AUTOPTR
#define AUD_SQLITE_STMT_AUTOPTR
G_DEFINE_AUTOPTR_CLEANUP_FUNC (sqlite3_stmt, sqlite3_finalize)
#endif

/* ---- schema (aud-demo-org-schema.c) ---- */

typedef enum
{
  DEMO_FIELD_NILLABLE    = 1 << 0,
  DEMO_FIELD_CREATEABLE  = 1 << 1,
  DEMO_FIELD_UPDATEABLE  = 1 << 2,
  DEMO_FIELD_CUSTOM      = 1 << 3,
  DEMO_FIELD_CALCULATED  = 1 << 4,
  DEMO_FIELD_RESTRICTED  = 1 << 5,   /* restricted picklist */
  DEMO_FIELD_NAME        = 1 << 6,   /* nameField */
  DEMO_FIELD_EXTERNAL_ID = 1 << 7,
  DEMO_FIELD_DEFAULTED   = 1 << 8,   /* defaultedOnCreate */
  DEMO_FIELD_NOFILTER    = 1 << 9,   /* not filterable/sortable (long text, address) */
} DemoFieldFlags;

/* Writable by users: nillable + createable + updateable. */
#define DEMO_RW (DEMO_FIELD_NILLABLE | DEMO_FIELD_CREATEABLE | DEMO_FIELD_UPDATEABLE)

typedef struct
{
  char          *name;
  char          *label;
  const char    *type;               /* describe "type": id, string, picklist, … */
  guint          length;
  guint          flags;
  const char    *reference_to;       /* "Account", or "Group,User" for polymorphic */
  const char    *relationship_name;
  const char    *compound;           /* compoundFieldName, e.g. "MailingAddress" */
  const char    *address_prefix;     /* for address fields: "Mailing" */
  const char * const *picklist;
  const char    *formula;
  AudSoqlField   soql;
} DemoField;

typedef struct
{
  char         *name;
  const char   *label;
  const char   *label_plural;
  const char   *key_prefix;
  GPtrArray    *fields;              /* DemoField*, describe order */
  GHashTable   *by_lower_name;       /* lower-case name → DemoField* */
  GHashTable   *by_relationship;     /* lower-case relationship name → DemoField* */
  gboolean      has_is_deleted;      /* in describe (User has none) */
} DemoObject;

typedef struct
{
  GPtrArray  *objects;               /* DemoObject* */
  GHashTable *by_lower_name;
  char       *last_modified_http;    /* describe's Last-Modified, RFC 1123 */
  GDateTime  *last_modified;
} DemoSchema;

DemoSchema       *demo_schema_new             (guint              extra_custom_fields);
void              demo_schema_free            (DemoSchema        *schema);
DemoObject       *demo_schema_lookup          (DemoSchema        *schema,
                                               const char        *name);
DemoField        *demo_object_lookup_field    (DemoObject        *object,
                                               const char        *name);
DemoField        *demo_object_lookup_relationship (DemoObject    *object,
                                               const char        *name);
AudSoqlSchema     demo_schema_soql            (DemoSchema        *schema);
char             *demo_schema_describe_json   (DemoSchema        *schema,
                                               DemoObject        *object,
                                               const char        *version);
char             *demo_schema_global_json     (DemoSchema        *schema,
                                               const char        *version);
gboolean          demo_field_is_stored        (const DemoField   *field);
gboolean          demo_field_is_text          (const DemoField   *field);

/* ---- the object ---- */

typedef struct _DemoCursor DemoCursor;
typedef struct _DemoBulkJob DemoBulkJob;

struct _AudDemoOrg
{
  GObject       parent_instance;

  /* Guards every field below once the org is started: handlers run in the server's context,
   * the C API in any thread. Handlers never block while holding it. */
  GMutex        lock;

  /* configuration */
  guint64       seed;
  guint         n_accounts;
  guint         n_contacts;
  guint         n_leads;
  guint         n_opportunities;
  guint         duplicate_percent;
  guint         extra_custom_fields;
  char         *database_path;
  gboolean      owns_database_file;
  gboolean      rotate_refresh_tokens;
  gboolean      interactive;
  gboolean      deny_authorization;
  char         *client_secret;
  guint         port;
  GPtrArray    *redirect_uris;
  gint64        api_max;
  gint64        api_used;
  gint64        faults[AUD_DEMO_ORG_N_FAULTS];
  gint64        expire_tokens_at_call;    /* 0: off */
  gint64        exhaust_limit_at_call;    /* 0: off */
  gint64        cursor_lifetime_seconds;

  /* runtime */
  GThread      *thread;
  GMainContext *context;
  GMainLoop    *loop;
  GMutex        start_lock;
  GCond         start_cond;
  gboolean      thread_ready;
  GError       *thread_error;
  SoupServer   *auth_server;
  SoupServer   *instance_server;
  char         *login_url;
  char         *instance_url;
  char          org_id[19];
  char          user_id[19];
  sqlite3      *db;
  DemoSchema   *schema;
  double        generation_seconds;

  GHashTable   *auth_codes;               /* code → DemoAuthCode */
  GHashTable   *pending_approvals;        /* txn → DemoAuthCode (interactive mode) */
  GHashTable   *refresh_tokens;           /* token → DemoRefresh */
  GHashTable   *access_tokens;            /* token → DemoAccess */
  guint64       token_generation;

  GHashTable   *cursors;                  /* locator → DemoCursor */
  GQueue        cursor_order;             /* locators, oldest first */
  guint64       next_locator;
  GHashTable   *bulk_jobs;                /* id → DemoBulkJob */
  guint64       next_bulk_job;

  GHashTable   *next_serial;              /* object name → guint64* next Id serial */

  gint64        total_calls;              /* every API call, counted or refused */
  gint64        record_writes;            /* attempts, for the every-Nth write faults */
  guint64       mutation_turn;            /* moves the rows the next mutation picks */
  gint64        records_served;
  GHashTable   *calls_by_endpoint;        /* name → gint64* */
};

/* ---- shared helpers (aud-demo-org-util.c) ---- */

/* Answer helpers; they set the status, Content-Type and body. */
void     demo_reply_json          (SoupServerMessage *msg,
                                   guint              status,
                                   const char        *json);
void     demo_reply_take_json     (SoupServerMessage *msg,
                                   guint              status,
                                   char              *json);
void     demo_reply_node          (SoupServerMessage *msg,
                                   guint              status,
                                   JsonNode          *node);
/* Salesforce error array: [{"message":…,"errorCode":…,"fields":[]}] */
void     demo_reply_error         (SoupServerMessage *msg,
                                   guint              status,
                                   const char        *error_code,
                                   const char        *message);
void     demo_reply_oauth_error   (SoupServerMessage *msg,
                                   guint              status,
                                   const char        *error,
                                   const char        *description);
void     demo_set_fault_locked    (AudDemoOrg        *self,
                                   AudDemoOrgFault    fault,
                                   gint64             value);
void     demo_count_endpoint      (AudDemoOrg        *self,
                                   const char        *name);
char    *demo_random_token        (gsize              n_bytes);
char    *demo_format_datetime     (GDateTime         *dt);   /* 2026-01-02T03:04:05.000+0000 */
char    *demo_now_string          (void);
GDateTime *demo_parse_datetime    (const char        *text); /* ISO 8601 forms Salesforce accepts */
char    *demo_json_escape         (const char        *text);
void     demo_append_json_string  (GString           *out,
                                   const char        *text);
JsonNode *demo_parse_json_body    (SoupServerMessage *msg,
                                   GError           **error);
char    *demo_new_id              (AudDemoOrg        *self,
                                   DemoObject        *object);

/* ---- routing (aud-demo-org-routes.c) ---- */
void     demo_routes_server_cb    (SoupServer        *server,
                                   SoupServerMessage *msg,
                                   const char        *path,
                                   GHashTable        *query,
                                   gpointer           user_data);

/* ---- OAuth (aud-demo-org-oauth.c) ---- */
void     demo_oauth_init          (AudDemoOrg        *self);
void     demo_oauth_clear         (AudDemoOrg        *self);
void     demo_oauth_handle        (AudDemoOrg        *self,
                                   SoupServerMessage *msg,
                                   const char        *path,
                                   gboolean           on_auth_host);
/* TRUE when @token is a live access token (not revoked, not expired by a fault). */
gboolean demo_oauth_access_token_valid (AudDemoOrg   *self,
                                        const char   *token);
char    *demo_oauth_mint_access   (AudDemoOrg        *self,
                                   const char        *refresh_token);
char    *demo_oauth_mint_refresh  (AudDemoOrg        *self,
                                   const char        *scope);
void     demo_oauth_expire_all    (AudDemoOrg        *self);

/* ---- data (aud-demo-org-data.c) ---- */
gboolean demo_data_open           (AudDemoOrg        *self,
                                   GError           **error);
void     demo_data_close          (AudDemoOrg        *self);
gboolean demo_data_exec           (AudDemoOrg        *self,
                                   const char        *sql,
                                   GError           **error);
sqlite3_stmt *demo_data_prepare   (AudDemoOrg        *self,
                                   const char        *sql,
                                   GError           **error);
void     demo_data_set_error      (AudDemoOrg        *self,
                                   GError           **error,
                                   const char        *what);
/* Writes a value from a JSON node into a statement parameter following the storage contract. */
void     demo_data_bind_value     (sqlite3_stmt      *stmt,
                                   int                index,
                                   const DemoField   *field,
                                   JsonNode          *value);
/* Appends the JSON form of column @col of @stmt (stored per the contract) to @out. */
void     demo_data_append_value   (GString           *out,
                                   sqlite3_stmt      *stmt,
                                   int                col,
                                   const DemoField   *field);
gboolean demo_data_create_indexes (AudDemoOrg       *self,
                                   GError          **error);
/* Fills every table from the seed (aud-demo-org-generator.c). */
gboolean demo_generator_run       (AudDemoOrg        *self,
                                   GError           **error);
/* Inserts one more generated record of @object with all three stamps at @stamp; returns its Id. */
char    *demo_data_create_record  (AudDemoOrg        *self,
                                   DemoObject        *object,
                                   const char        *stamp,
                                   GError           **error);
/* Recomputes derived columns (Name, formula fields) for one row. */
gboolean demo_data_refresh_derived (AudDemoOrg       *self,
                                    DemoObject       *object,
                                    const char       *id,
                                    GError          **error);

/* ---- REST (query, writes, bulk, control) ---- */
void     demo_query_handle        (AudDemoOrg        *self,
                                   SoupServerMessage *msg,
                                   const char        *version,
                                   const char        *rest,      /* after vXX.X/ */
                                   gboolean           all);
void     demo_query_handle_replication (AudDemoOrg   *self,
                                        SoupServerMessage *msg,
                                        DemoObject   *object,
                                        gboolean      deleted);
void     demo_query_clear         (AudDemoOrg        *self);
/* Parses, resolves and compiles @soql; on failure the error reply is already set on @msg. */
AudSoqlQuery *demo_query_compile  (AudDemoOrg        *self,
                                   SoupServerMessage *msg,
                                   const char        *soql,
                                   gboolean           all,
                                   char             **sql_out,
                                   GPtrArray        **params_out);
void     demo_query_expire_all    (AudDemoOrg        *self);
void     demo_writes_handle_record (AudDemoOrg       *self,
                                    SoupServerMessage *msg,
                                    const char       *version,
                                    DemoObject       *object,
                                    const char       *id);
void     demo_writes_handle_collection (AudDemoOrg   *self,
                                        SoupServerMessage *msg);
gboolean demo_writes_next_fault   (AudDemoOrg        *self,
                                   const char       **code,
                                   const char       **message);
void     demo_bulk_handle         (AudDemoOrg        *self,
                                   SoupServerMessage *msg,
                                   const char        *version,
                                   const char        *rest);     /* after jobs/query */
void     demo_bulk_clear          (AudDemoOrg        *self);
void     demo_control_handle      (AudDemoOrg        *self,
                                   SoupServerMessage *msg,
                                   const char        *path);

G_END_DECLS
