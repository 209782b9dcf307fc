/* aud-demo-org-query.c — query/queryAll with snapshot paging, getDeleted and getUpdated
 *
 * A query's result set is materialised at query time into a temporary table in result order, so
 * later writes never shift pages; nextRecordsUrl names the cursor and the rows delivered so far,
 * and any page can be fetched again (a client retrying after a dropped connection gets the same
 * rows). Cursors expire after cursor_lifetime_seconds or when a test expires them.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "aud-demo-org-private.h"
#include "aud-sf-id.h"

#define MAX_OPEN_CURSORS 32
/* Fully served cursors kept for re-fetching their last pages; older ones free their snapshot,
 * which for a million-row scan is ~100 MB of temp file. */
#define MAX_DONE_CURSORS 4
#define DEFAULT_BATCH 2000
#define MIN_BATCH 200
#define MAX_BATCH 2000

typedef struct _LayoutNode LayoutNode;

/* How one output record nests: the root, relationship objects and leaf fields in SELECT order. */
struct _LayoutNode
{
  char               *key;
  const AudSoqlField *field;        /* leaves */
  const char         *object;       /* objects: sObject type; leaves: the object owning the field */
  int                 column;       /* leaves: SQL column of the value */
  int                 id_column;    /* objects: column of the Id (NULL → "Key": null); leaves: of the owner */
  GPtrArray          *children;     /* objects */
};

struct _DemoCursor
{
  char         *locator;
  char         *table;
  char         *version;
  AudSoqlQuery *query;
  LayoutNode   *layout;
  gint64        total;
  gint64        created_usec;
  gboolean      served;       /* the last page went out at least once */
};

static void
layout_free (LayoutNode *node)
{
  if (node == NULL)
    return;
  g_free (node->key);
  g_clear_pointer (&node->children, g_ptr_array_unref);
  g_free (node);
}

static LayoutNode *
layout_object (const char *key,
               const char *object,
               int         id_column)
{
  LayoutNode *node = g_new0 (LayoutNode, 1);

  node->key = g_strdup (key);
  node->object = object;
  node->id_column = id_column;
  node->children = g_ptr_array_new_with_free_func ((GDestroyNotify) layout_free);
  return node;
}

static LayoutNode *
build_layout (AudSoqlQuery *query)
{
  guint n_columns = aud_soql_query_get_n_columns (query);
  guint n_rel = aud_soql_query_get_n_relationships (query);
  LayoutNode *root = layout_object (NULL, aud_soql_query_get_object (query), n_columns);
  g_autoptr(GHashTable) by_path = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

  g_hash_table_insert (by_path, g_strdup (""), root);

  for (guint i = 0; i < n_columns; i++)
    {
      const AudSoqlField *field = NULL;
      const char *path = aud_soql_query_get_column (query, i, &field);
      g_auto(GStrv) parts = g_strsplit (path, ".", -1);
      guint n = g_strv_length (parts);
      LayoutNode *parent = root;
      GString *prefix = g_string_new (NULL);
      LayoutNode *leaf;

      for (guint k = 0; k + 1 < n; k++)
        {
          LayoutNode *child;

          if (prefix->len > 0)
            g_string_append_c (prefix, '.');
          g_string_append (prefix, parts[k]);
          child = g_hash_table_lookup (by_path, prefix->str);
          if (child == NULL)
            {
              const char *object = NULL;
              int rel_column = -1;

              for (guint r = 0; r < n_rel; r++)
                if (g_str_equal (aud_soql_query_get_relationship (query, r, &object), prefix->str))
                  {
                    rel_column = (int) (n_columns + 1 + r);
                    break;
                  }
              g_assert (rel_column >= 0);
              child = layout_object (parts[k], object, rel_column);
              g_ptr_array_add (parent->children, child);
              g_hash_table_insert (by_path, g_strdup (prefix->str), child);
            }
          parent = child;
        }
      g_string_free (prefix, TRUE);

      leaf = g_new0 (LayoutNode, 1);
      leaf->key = g_strdup (parts[n - 1]);
      leaf->field = field;
      leaf->column = (int) i;
      leaf->object = parent->object;
      leaf->id_column = parent->id_column;
      g_ptr_array_add (parent->children, leaf);
    }

  return root;
}

static void
cursor_free (AudDemoOrg *self,
             DemoCursor *cursor)
{
  if (self->db != NULL)
    {
      g_autofree char *sql = g_strdup_printf ("DROP TABLE IF EXISTS temp.\"%s\"", cursor->table);

      sqlite3_exec (self->db, sql, NULL, NULL, NULL);
    }
  g_free (cursor->locator);
  g_free (cursor->table);
  g_free (cursor->version);
  g_clear_pointer (&cursor->query, aud_soql_query_free);
  layout_free (cursor->layout);
  g_free (cursor);
}

static void
drop_cursor (AudDemoOrg *self,
             const char *locator)
{
  DemoCursor *cursor = g_hash_table_lookup (self->cursors, locator);
  GList *link;

  if (cursor == NULL)
    return;
  link = g_queue_find_custom (&self->cursor_order, locator, (GCompareFunc) g_strcmp0);
  if (link != NULL)
    {
      g_free (link->data);
      g_queue_delete_link (&self->cursor_order, link);
    }
  g_hash_table_remove (self->cursors, locator);
  cursor_free (self, cursor);
}

void
demo_query_expire_all (AudDemoOrg *self)
{
  while (!g_queue_is_empty (&self->cursor_order))
    {
      g_autofree char *locator = g_strdup (g_queue_peek_head (&self->cursor_order));

      drop_cursor (self, locator);
    }
}

void
demo_query_clear (AudDemoOrg *self)
{
  demo_query_expire_all (self);
}

/* Keeps the newest MAX_DONE_CURSORS fully served cursors and at most MAX_OPEN_CURSORS in all,
 * dropping the oldest first. */
static void
evict_cursors (AudDemoOrg *self)
{
  g_autoptr(GPtrArray) done = g_ptr_array_new_with_free_func (g_free);

  for (GList *l = self->cursor_order.tail; l != NULL; l = l->prev)
    {
      DemoCursor *cursor = g_hash_table_lookup (self->cursors, l->data);

      if (cursor != NULL && cursor->served)
        g_ptr_array_add (done, g_strdup (l->data));
    }
  for (guint i = MAX_DONE_CURSORS; i < done->len; i++)
    drop_cursor (self, done->pdata[i]);

  while (g_queue_get_length (&self->cursor_order) > MAX_OPEN_CURSORS)
    {
      g_autofree char *oldest = g_strdup (g_queue_peek_head (&self->cursor_order));

      drop_cursor (self, oldest);
    }
}

/* ---- record JSON ---- */

static void
append_address (AudDemoOrg       *self,
                GString          *out,
                const LayoutNode *leaf,
                const char       *owner_id)
{
  DemoObject *object = demo_schema_lookup (self->schema, leaf->object);
  DemoField *field = object ? demo_object_lookup_field (object, leaf->field->name) : NULL;
  const char *p = field && field->address_prefix ? field->address_prefix : "";
  g_autofree char *sql = g_strdup_printf ("SELECT \"%1$sStreet\", \"%1$sCity\", \"%1$sState\", \"%1$sPostalCode\", "
                                          "\"%1$sCountry\", \"%1$sLatitude\", \"%1$sLongitude\" FROM \"%2$s\" WHERE Id = ?",
                                          p, leaf->object);
  g_autoptr(sqlite3_stmt) stmt = NULL;
  static const char * const keys[] = { "street", "city", "state", "postalCode", "country", "latitude", "longitude" };
  gboolean any = FALSE;

  stmt = owner_id ? demo_data_prepare (self, sql, NULL) : NULL;
  if (stmt == NULL)
    {
      g_string_append (out, "null");
      return;
    }
  sqlite3_bind_text (stmt, 1, owner_id, -1, SQLITE_STATIC);
  if (sqlite3_step (stmt) != SQLITE_ROW)
    {
      g_string_append (out, "null");
      return;
    }
  for (int i = 0; i < 7; i++)
    any |= sqlite3_column_type (stmt, i) != SQLITE_NULL;
  /* An address with no parts at all is null, as in a real record. */
  if (!any)
    {
      g_string_append (out, "null");
      return;
    }

  g_string_append_c (out, '{');
  for (int i = 0; i < 7; i++)
    {
      static const DemoField dbl = { .soql = { .type = AUD_SOQL_TYPE_DOUBLE } };

      g_string_append_printf (out, "\"%s\":", keys[i]);
      demo_data_append_value (out, stmt, i, i >= 5 ? &dbl : NULL);
      g_string_append_c (out, ',');
    }
  g_string_append (out, "\"geocodeAccuracy\":null}");
}

static void
append_node (AudDemoOrg       *self,
             GString          *out,
             const LayoutNode *node,
             sqlite3_stmt     *stmt,
             const char       *version)
{
  const char *id = (const char *) sqlite3_column_text (stmt, node->id_column);

  if (id == NULL)
    {
      g_string_append (out, "null");
      return;
    }

  g_string_append_printf (out, "{\"attributes\":{\"type\":\"%s\",\"url\":\"/services/data/v%s/sobjects/%s/%s\"}",
                          node->object, version, node->object, id);
  for (guint i = 0; i < node->children->len; i++)
    {
      const LayoutNode *child = g_ptr_array_index (node->children, i);

      g_string_append_c (out, ',');
      demo_append_json_string (out, child->key);
      g_string_append_c (out, ':');
      if (child->children != NULL)
        append_node (self, out, child, stmt, version);
      else if (child->field->type == AUD_SOQL_TYPE_ADDRESS)
        append_address (self, out, child, (const char *) sqlite3_column_text (stmt, child->id_column));
      else
        {
          DemoField shim = { .soql = *child->field };

          demo_data_append_value (out, stmt, child->column, &shim);
        }
    }
  g_string_append_c (out, '}');
}

/* ---- paging ---- */

static gint64
batch_size_from (SoupServerMessage *msg)
{
  const char *options = soup_message_headers_get_one (soup_server_message_get_request_headers (msg),
                                                      "Sforce-Query-Options");
  const char *p;
  gint64 size;

  if (options == NULL || (p = strstr (options, "batchSize=")) == NULL)
    return DEFAULT_BATCH;
  size = g_ascii_strtoll (p + strlen ("batchSize="), NULL, 10);
  /* A hint, clamped like the real server does. */
  return CLAMP (size, MIN_BATCH, MAX_BATCH);
}

static void
reply_invalid_locator (SoupServerMessage *msg)
{
  demo_reply_error (msg, SOUP_STATUS_BAD_REQUEST, "INVALID_QUERY_LOCATOR", "invalid query locator");
}

static void
serve_page (AudDemoOrg        *self,
            SoupServerMessage *msg,
            DemoCursor        *cursor,
            gint64             position,
            gint64             batch)
{
  g_autofree char *sql = g_strdup_printf ("SELECT * FROM temp.\"%s\" WHERE rowid > ? ORDER BY rowid LIMIT ?",
                                          cursor->table);
  g_autoptr(sqlite3_stmt) stmt = NULL;
  GString *out;
  gint64 served = 0;
  gint64 next;

  if (self->faults[AUD_DEMO_ORG_FAULT_PAGE_SIZE_CAP] > 0)
    batch = MIN (batch, self->faults[AUD_DEMO_ORG_FAULT_PAGE_SIZE_CAP]);

  stmt = demo_data_prepare (self, sql, NULL);
  if (stmt == NULL)
    {
      reply_invalid_locator (msg);
      return;
    }
  sqlite3_bind_int64 (stmt, 1, position);
  sqlite3_bind_int64 (stmt, 2, batch);

  out = g_string_sized_new (batch * 400);
  g_string_append_printf (out, "{\"totalSize\":%" G_GINT64_FORMAT ",", cursor->total);
  g_string_append (out, "\"done\":DONE_PLACEHOLDER");
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      g_string_append (out, served == 0 ? "\"records\":[" : ",");
      append_node (self, out, cursor->layout, stmt, cursor->version);
      served++;
    }
  if (served == 0)
    g_string_append (out, "\"records\":[");
  g_string_append (out, "]}");

  next = position + served;
  self->records_served += served;
  if (next >= cursor->total)
    cursor->served = TRUE;

  {
    /* Splice "done" (and nextRecordsUrl) in front of records now that the count is known. */
    const char *placeholder = "DONE_PLACEHOLDER";
    char *at = strstr (out->str, placeholder);
    gsize offset = at - out->str;
    g_autofree char *replacement = NULL;

    if (next < cursor->total)
      replacement = g_strdup_printf ("false,\"nextRecordsUrl\":\"/services/data/v%s/query/%s-%" G_GINT64_FORMAT "\",",
                                     cursor->version, cursor->locator, next);
    else
      replacement = g_strdup ("true,");
    g_string_erase (out, offset, strlen (placeholder));
    g_string_insert (out, offset, replacement);
  }

  demo_reply_take_json (msg, SOUP_STATUS_OK, g_string_free (out, FALSE));
}

static void
reply_soql_error (SoupServerMessage *msg,
                  const GError      *error)
{
  const char *code = "MALFORMED_QUERY";

  if (error->domain == AUD_SOQL_ERROR)
    switch (error->code)
      {
      case AUD_SOQL_ERROR_INVALID_FIELD: code = "INVALID_FIELD"; break;
      case AUD_SOQL_ERROR_INVALID_TYPE: code = "INVALID_TYPE"; break;
      case AUD_SOQL_ERROR_NUMBER_OUTSIDE_VALID_RANGE: code = "NUMBER_OUTSIDE_VALID_RANGE"; break;
      default: break;
      }
  demo_reply_error (msg, SOUP_STATUS_BAD_REQUEST, code, error->message);
}

/* Parses, resolves and compiles @soql. On failure the reply is already set. */
AudSoqlQuery *
demo_query_compile (AudDemoOrg        *self,
                    SoupServerMessage *msg,
                    const char        *soql,
                    gboolean           all,
                    char             **sql_out,
                    GPtrArray        **params_out)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(AudSoqlQuery) query = NULL;
  AudSoqlSchema schema = demo_schema_soql (self->schema);

  query = aud_soql_parse (soql, &error);
  if (query == NULL || !aud_soql_query_resolve (query, &schema, &error)
      || (*sql_out = aud_soql_query_to_sql (query, all, params_out, &error)) == NULL)
    {
      reply_soql_error (msg, error);
      return NULL;
    }
  return g_steal_pointer (&query);
}

static void
start_query (AudDemoOrg        *self,
             SoupServerMessage *msg,
             const char        *version,
             const char        *soql,
             gboolean           all)
{
  g_autofree char *sql = NULL;
  g_autofree char *create = NULL;
  g_autoptr(GPtrArray) params = NULL;
  g_autoptr(AudSoqlQuery) query = NULL;
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(GError) error = NULL;
  DemoCursor *cursor;

  demo_count_endpoint (self, all ? "queryAll" : "query");

  if (self->faults[AUD_DEMO_ORG_FAULT_QUERY_TIMEOUT_NEXT] > 0)
    {
      self->faults[AUD_DEMO_ORG_FAULT_QUERY_TIMEOUT_NEXT]--;
      demo_reply_error (msg, SOUP_STATUS_BAD_REQUEST, "QUERY_TIMEOUT", "Your query request was running for too long.");
      return;
    }

  query = demo_query_compile (self, msg, soql, all, &sql, &params);
  if (query == NULL)
    return;

  if (aud_soql_query_is_count (query))
    {
      stmt = demo_data_prepare (self, sql, NULL);
      if (stmt == NULL || !aud_soql_bind (stmt, params, NULL) || sqlite3_step (stmt) != SQLITE_ROW)
        {
          demo_reply_error (msg, SOUP_STATUS_INTERNAL_SERVER_ERROR, "UNKNOWN_EXCEPTION", sqlite3_errmsg (self->db));
          return;
        }
      demo_reply_take_json (msg, SOUP_STATUS_OK,
                            g_strdup_printf ("{\"totalSize\":%" G_GINT64_FORMAT ",\"done\":true,\"records\":[]}",
                                             (gint64) sqlite3_column_int64 (stmt, 0)));
      return;
    }

  cursor = g_new0 (DemoCursor, 1);
  cursor->locator = aud_sf_id_make (AUD_SF_ID_PREFIX_QUERY_LOCATOR, "8d", ++self->next_locator);
  cursor->table = g_strdup_printf ("cursor_%" G_GUINT64_FORMAT, self->next_locator);
  cursor->version = g_strdup (version);
  cursor->created_usec = g_get_monotonic_time ();

  /* The snapshot: the whole result, in result order, as of now. */
  create = g_strdup_printf ("CREATE TEMP TABLE \"%s\" AS %s", cursor->table, sql);
  stmt = demo_data_prepare (self, create, &error);
  if (stmt == NULL || !aud_soql_bind (stmt, params, &error) || sqlite3_step (stmt) != SQLITE_DONE)
    {
      demo_reply_error (msg, SOUP_STATUS_INTERNAL_SERVER_ERROR, "UNKNOWN_EXCEPTION",
                        error ? error->message : sqlite3_errmsg (self->db));
      cursor_free (self, cursor);
      return;
    }
  g_clear_pointer (&stmt, sqlite3_finalize);
  {
    g_autofree char *count_sql = g_strdup_printf ("SELECT count(*) FROM temp.\"%s\"", cursor->table);

    stmt = demo_data_prepare (self, count_sql, NULL);
    sqlite3_step (stmt);
    cursor->total = sqlite3_column_int64 (stmt, 0);
  }

  cursor->layout = build_layout (query);
  cursor->query = g_steal_pointer (&query);
  g_hash_table_insert (self->cursors, g_strdup (cursor->locator), cursor);
  g_queue_push_tail (&self->cursor_order, g_strdup (cursor->locator));
  evict_cursors (self);

  serve_page (self, msg, cursor, 0, batch_size_from (msg));
}

void
demo_query_handle (AudDemoOrg        *self,
                   SoupServerMessage *msg,
                   const char        *version,
                   const char        *rest,
                   gboolean           all)
{
  GUri *uri = soup_server_message_get_uri (msg);

  if (!g_str_equal (soup_server_message_get_method (msg), "GET"))
    {
      demo_reply_error (msg, SOUP_STATUS_METHOD_NOT_ALLOWED, "METHOD_NOT_ALLOWED",
                        "HTTP Method not allowed for this resource");
      return;
    }

  if (*rest == '\0' || g_str_equal (rest, "/"))
    {
      g_autoptr(GHashTable) params = g_uri_get_query (uri) ? soup_form_decode (g_uri_get_query (uri)) : NULL;
      const char *q = params ? g_hash_table_lookup (params, "q") : NULL;

      if (q == NULL || *q == '\0')
        {
          demo_reply_error (msg, SOUP_STATUS_BAD_REQUEST, "MALFORMED_QUERY", "A query string has to be specified");
          return;
        }
      start_query (self, msg, version, q, all);
      return;
    }

  {
    const char *spec = rest + 1;
    const char *dash = strrchr (spec, '-');
    g_autofree char *locator = dash ? g_strndup (spec, dash - spec) : g_strdup (spec);
    gint64 position = dash ? g_ascii_strtoll (dash + 1, NULL, 10) : 0;
    DemoCursor *cursor = g_hash_table_lookup (self->cursors, locator);

    demo_count_endpoint (self, "queryMore");
    if (cursor != NULL && g_get_monotonic_time () - cursor->created_usec
                          > self->cursor_lifetime_seconds * G_TIME_SPAN_SECOND)
      {
        drop_cursor (self, locator);
        cursor = NULL;
      }
    if (cursor == NULL || position < 0 || position > cursor->total)
      {
        reply_invalid_locator (msg);
        return;
      }
    serve_page (self, msg, cursor, position, batch_size_from (msg));
  }
}

/* ---- getDeleted / getUpdated ---- */

static GDateTime *
truncate_to_minute (GDateTime *dt)
{
  return g_date_time_new_utc (g_date_time_get_year (dt), g_date_time_get_month (dt),
                              g_date_time_get_day_of_month (dt), g_date_time_get_hour (dt),
                              g_date_time_get_minute (dt), 0);
}

void
demo_query_handle_replication (AudDemoOrg        *self,
                               SoupServerMessage *msg,
                               DemoObject        *object,
                               gboolean           deleted)
{
  GUri *uri = soup_server_message_get_uri (msg);
  g_autoptr(GHashTable) params = g_uri_get_query (uri) ? soup_form_decode (g_uri_get_query (uri))
                                                       : g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autoptr(GDateTime) start_raw = demo_parse_datetime (g_hash_table_lookup (params, "start"));
  g_autoptr(GDateTime) end_raw = demo_parse_datetime (g_hash_table_lookup (params, "end"));
  g_autoptr(GDateTime) start = NULL;
  g_autoptr(GDateTime) end = NULL;
  g_autoptr(GDateTime) earliest = g_date_time_add_days (now, deleted ? -15 : -30);
  g_autofree char *start_text = NULL;
  g_autofree char *end_text = NULL;
  g_autofree char *earliest_text = NULL;
  g_autoptr(sqlite3_stmt) stmt = NULL;
  GString *out;
  gboolean first = TRUE;

  demo_count_endpoint (self, deleted ? "getDeleted" : "getUpdated");

  if (start_raw == NULL || end_raw == NULL)
    {
      demo_reply_error (msg, SOUP_STATUS_BAD_REQUEST, "MISSING_ARGUMENT",
                        "start and end must both be valid dateTime values");
      return;
    }
  /* Seconds are truncated; the window can't end in the future or reach further back than the
   * recycle bin (15 days) or the update log (30 days). */
  start = truncate_to_minute (start_raw);
  end = truncate_to_minute (end_raw);
  if (g_date_time_compare (end, now) > 0)
    {
      g_date_time_unref (end);
      end = g_date_time_ref (now);
    }
  if (g_date_time_compare (start, end) >= 0)
    {
      demo_reply_error (msg, SOUP_STATUS_BAD_REQUEST, "INVALID_REPLICATION_DATE", "startDate must chronologically precede endDate");
      return;
    }
  if (g_date_time_compare (start, earliest) < 0)
    {
      demo_reply_error (msg, SOUP_STATUS_BAD_REQUEST, "INVALID_REPLICATION_DATE",
                        deleted ? "startDate cannot be more than 15 days ago" : "startDate cannot be more than 30 days ago");
      return;
    }

  start_text = demo_format_datetime (start);
  end_text = demo_format_datetime (end);
  earliest_text = demo_format_datetime (earliest);

  if (deleted)
    {
      stmt = demo_data_prepare (self, "SELECT Id, DeletedDate FROM _demo_deleted WHERE Object = ? "
                                      "AND DeletedDate >= ? AND DeletedDate <= ? ORDER BY DeletedDate, Id", NULL);
      sqlite3_bind_text (stmt, 1, object->name, -1, SQLITE_STATIC);
    }
  else
    {
      g_autofree char *sql = g_strdup_printf ("SELECT Id FROM \"%s\" WHERE IsDeleted = 0 AND SystemModstamp >= ?2 "
                                              "AND SystemModstamp <= ?3 ORDER BY SystemModstamp, Id", object->name);

      stmt = demo_data_prepare (self, sql, NULL);
    }
  sqlite3_bind_text (stmt, 2, start_text, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 3, end_text, -1, SQLITE_STATIC);

  out = g_string_new (deleted ? "{\"deletedRecords\":[" : "{\"ids\":[");
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      if (!first)
        g_string_append_c (out, ',');
      first = FALSE;
      if (deleted)
        g_string_append_printf (out, "{\"id\":\"%s\",\"deletedDate\":\"%s\"}",
                                sqlite3_column_text (stmt, 0), sqlite3_column_text (stmt, 1));
      else
        g_string_append_printf (out, "\"%s\"", sqlite3_column_text (stmt, 0));
    }
  g_string_append (out, "],");
  if (deleted)
    g_string_append_printf (out, "\"earliestDateAvailable\":\"%s\",", earliest_text);
  g_string_append_printf (out, "\"latestDateCovered\":\"%s\"}", end_text);
  demo_reply_take_json (msg, SOUP_STATUS_OK, g_string_free (out, FALSE));
}
