/* aud-review-query.c — read-only queries behind the Duplicates page
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>
#include <json-glib/json-glib.h>
#include <string.h>

#include "aud-review-query.h"
#include "aud-store-private.h"

/* Fields that hold a person's or a company's email and company, contacts and accounts alike,
 * in the order a summary line prefers them (names: display_name()). */
static const char * const email_fields[] = { "Email", "Email__c", "Work_Email__c", NULL };
static const char * const company_fields[] = { "Account.Name", "Company", "CompanyName", NULL };

/* Rows of the detail come in this order first, so the fields people compare by eye (name,
 * email, phone, company) are on top; the rest follow alphabetically. */
static const char * const leading_fields[] = {
  "FirstName", "LastName", "Name", "Email", "Email__c", "Phone", "MobilePhone", "Title",
  "Account.Name", "Company", "Website", "MailingStreet", "MailingPostalCode", "MailingCity",
  "MailingCountry", NULL
};

void
aud_review_row_free (AudReviewRow *row)
{
  if (row == NULL)
    return;
  g_free (row->name);
  g_free (row->email);
  g_free (row->company);
  g_free (row);
}

static void
review_member_free (AudReviewMember *member)
{
  if (member == NULL)
    return;
  g_free (member->source_kind);
  g_free (member->source_name);
  g_free (member->external_id);
  g_free (member->modstamp);
  g_clear_pointer (&member->values, g_hash_table_unref);
  g_free (member);
}

static void
review_pair_free (AudReviewPair *pair)
{
  if (pair == NULL)
    return;
  g_free (pair->kind);
  g_free (pair);
}

void
aud_review_detail_free (AudReviewDetail *detail)
{
  if (detail == NULL)
    return;
  g_clear_pointer (&detail->members, g_ptr_array_unref);
  g_clear_pointer (&detail->golden, g_ptr_array_unref);
  g_clear_pointer (&detail->pairs, g_ptr_array_unref);
  g_clear_pointer (&detail->fields, g_strfreev);
  g_free (detail);
}

static guint
source_bit (const char *kind)
{
  if (g_strcmp0 (kind, "salesforce") == 0)
    return AUD_REVIEW_SOURCE_SALESFORCE;
  if (g_strcmp0 (kind, "csv") == 0)
    return AUD_REVIEW_SOURCE_CSV;
  if (g_strcmp0 (kind, "warehouse") == 0)
    return AUD_REVIEW_SOURCE_WAREHOUSE;
  return 0;
}

static int
comparison_from_string (const char *name)
{
  for (int c = 0; c < AUD_MATCH_N_COMPARISONS; c++)
    if (g_strcmp0 (aud_match_comparison_to_string (c), name) == 0)
      return c;
  return -1;
}

static AudMatchLevel
level_from_string (const char *s)
{
  if (g_strcmp0 (s, "exact") == 0)
    return AUD_MATCH_LEVEL_EXACT;
  if (g_strcmp0 (s, "similar") == 0)
    return AUD_MATCH_LEVEL_SIMILAR;
  if (g_strcmp0 (s, "different") == 0)
    return AUD_MATCH_LEVEL_DIFFERENT;
  return AUD_MATCH_LEVEL_MISSING;
}

/* Parses the evidence JSON match-persist writes; returns the bits of the comparisons that
 * differ or only look alike, which is what a reviewer checks first. */
static guint
parse_evidence (const char       *json,
                AudMatchEvidence *evidence,
                gboolean         *has)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  JsonNode *root;
  JsonObject *object;
  g_autoptr(GList) names = NULL;
  guint differs = 0;

  if (json == NULL || !json_parser_load_from_data (parser, json, -1, NULL))
    return 0;
  root = json_parser_get_root (parser);
  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    return 0;
  object = json_node_get_object (root);
  names = json_object_get_members (object);
  for (GList *l = names; l != NULL; l = l->next)
    {
      int c = comparison_from_string (l->data);
      JsonNode *node = json_object_get_member (object, l->data);
      JsonObject *e;
      AudMatchLevel level;

      if (c < 0 || !JSON_NODE_HOLDS_OBJECT (node))
        continue;
      e = json_node_get_object (node);
      level = level_from_string (json_object_get_string_member_with_default (e, "level", NULL));
      if (evidence != NULL)
        {
          evidence[c].level = level;
          evidence[c].similarity = json_object_get_double_member_with_default (e, "similarity", 0);
          evidence[c].weight = json_object_get_double_member_with_default (e, "weight", 0);
          has[c] = TRUE;
        }
      if (level == AUD_MATCH_LEVEL_DIFFERENT || level == AUD_MATCH_LEVEL_SIMILAR)
        differs |= 1u << c;
    }
  return differs;
}

/* field → value text of a source record's data; blank and null values are left out */
static GHashTable *
parse_values (const char *json)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  GHashTable *values = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  JsonNode *root;
  JsonObject *object;
  g_autoptr(GList) names = NULL;

  if (json == NULL || !json_parser_load_from_data (parser, json, -1, NULL))
    return values;
  root = json_parser_get_root (parser);
  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    return values;
  object = json_node_get_object (root);
  names = json_object_get_members (object);
  for (GList *l = names; l != NULL; l = l->next)
    {
      JsonNode *node = json_object_get_member (object, l->data);
      g_autofree char *text = NULL;

      if (!JSON_NODE_HOLDS_VALUE (node))
        continue;
      switch (json_node_get_value_type (node))
        {
        case G_TYPE_STRING:
          text = g_strdup (json_node_get_string (node));
          break;
        case G_TYPE_BOOLEAN:
          text = g_strdup (json_node_get_boolean (node) ? "true" : "false");
          break;
        case G_TYPE_DOUBLE:
          text = g_strdup_printf ("%g", json_node_get_double (node));
          break;
        case G_TYPE_INT64:
          text = g_strdup_printf ("%" G_GINT64_FORMAT, json_node_get_int (node));
          break;
        default:
          break;
        }
      if (text != NULL && *g_strstrip (text) != '\0')
        g_hash_table_insert (values, g_strdup (l->data), g_steal_pointer (&text));
    }
  return values;
}

static char *
first_of (GHashTable         *values,
          const char * const *fields)
{
  for (guint i = 0; fields[i] != NULL; i++)
    {
      const char *v = g_hash_table_lookup (values, fields[i]);
      if (v != NULL)
        return g_strdup (v);
    }
  return NULL;
}

/* "First Last", or the Name of an account */
static char *
display_name (GHashTable *values)
{
  const char *first = g_hash_table_lookup (values, "FirstName");
  const char *last = g_hash_table_lookup (values, "LastName");

  if (first != NULL || last != NULL)
    return g_strstrip (g_strdup_printf ("%s %s", first ? first : "", last ? last : ""));
  return g_strdup (g_hash_table_lookup (values, "Name"));
}

static void
fill_summary (AudReviewRow *row,
              GHashTable   *values)
{
  row->name = display_name (values);
  row->email = first_of (values, email_fields);
  row->company = first_of (values, company_fields);
}

static gboolean
list_entities (AudStore      *store,
               gint64         audience_id,
               GPtrArray     *rows,
               GCancellable  *cancellable,
               GError       **error)
{
  g_autoptr(GHashTable) by_id = g_hash_table_new (g_int64_hash, g_int64_equal);
  g_autoptr(GHashTable) summary = g_hash_table_new_full (g_int64_hash, g_int64_equal, NULL,
                                                         (GDestroyNotify) g_hash_table_unref);
  g_autoptr(sqlite3_stmt) stmt = NULL;
  int rc;

  stmt = aud_store_prepare (store,
                            "SELECT id, n_members, confirmed, weak FROM entities "
                            "WHERE audience_id = ?1 AND n_members > 1", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, audience_id);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      AudReviewRow *row = g_new0 (AudReviewRow, 1);

      row->kind = AUD_REVIEW_ROW_ENTITY;
      row->entity_id = sqlite3_column_int64 (stmt, 0);
      row->n_members = sqlite3_column_int (stmt, 1);
      row->confirmed = sqlite3_column_int (stmt, 2) != 0;
      row->weak = sqlite3_column_int (stmt, 3) != 0;
      row->confidence = -1;
      g_ptr_array_add (rows, row);
      g_hash_table_insert (by_id, &row->entity_id, row);
    }
  if (rc != SQLITE_DONE)
    {
      aud_store_set_sqlite_error (store, error, rc, "list entities");
      return FALSE;
    }
  g_clear_pointer (&stmt, sqlite3_finalize);
  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    return FALSE;

  /* which kinds of sources the members come from */
  stmt = aud_store_prepare (store,
                            "SELECT m.entity_id, s.kind FROM entity_members m "
                            "JOIN entities e ON e.id = m.entity_id "
                            "JOIN source_records r ON r.id = m.record_id "
                            "JOIN sources s ON s.id = r.source_id "
                            "WHERE m.audience_id = ?1 AND e.n_members > 1 "
                            "GROUP BY m.entity_id, s.kind", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, audience_id);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      gint64 id = sqlite3_column_int64 (stmt, 0);
      AudReviewRow *row = g_hash_table_lookup (by_id, &id);
      if (row != NULL)
        row->sources |= source_bit ((const char *) sqlite3_column_text (stmt, 1));
    }
  if (rc != SQLITE_DONE)
    {
      aud_store_set_sqlite_error (store, error, rc, "list entity sources");
      return FALSE;
    }
  g_clear_pointer (&stmt, sqlite3_finalize);

  /* the golden name, email and company for the list's rows and the search */
  stmt = aud_store_prepare (store,
                            "SELECT g.entity_id, g.field, g.value FROM golden_values g "
                            "JOIN entities e ON e.id = g.entity_id "
                            "WHERE e.audience_id = ?1 AND e.n_members > 1 AND g.field IN "
                            "('FirstName', 'LastName', 'Name', 'Email', 'Email__c', 'Work_Email__c', "
                            " 'Account.Name', 'Company', 'CompanyName')", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, audience_id);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      gint64 id = sqlite3_column_int64 (stmt, 0);
      AudReviewRow *row = g_hash_table_lookup (by_id, &id);
      GHashTable *values;

      if (row == NULL)
        continue;
      values = g_hash_table_lookup (summary, &row->entity_id);
      if (values == NULL)
        {
          values = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
          g_hash_table_insert (summary, &row->entity_id, values);
        }
      g_hash_table_insert (values, g_strdup ((const char *) sqlite3_column_text (stmt, 1)),
                           g_strdup ((const char *) sqlite3_column_text (stmt, 2)));
    }
  if (rc != SQLITE_DONE)
    {
      aud_store_set_sqlite_error (store, error, rc, "list golden values");
      return FALSE;
    }
  g_clear_pointer (&stmt, sqlite3_finalize);
  {
    GHashTableIter iter;
    gpointer key, value;

    g_hash_table_iter_init (&iter, summary);
    while (g_hash_table_iter_next (&iter, &key, &value))
      fill_summary (g_hash_table_lookup (by_id, key), value);
  }
  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    return FALSE;

  /* the weakest link that holds each entity together, and which fields disagree */
  stmt = aud_store_prepare (store,
                            "SELECT m.entity_id, p.score, p.evidence FROM match_pairs p "
                            "JOIN entity_members m ON m.audience_id = p.audience_id AND m.record_id = p.record_a "
                            "WHERE p.audience_id = ?1 AND p.kind = 'merge'", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, audience_id);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      gint64 id = sqlite3_column_int64 (stmt, 0);
      AudReviewRow *row = g_hash_table_lookup (by_id, &id);
      double score = sqlite3_column_double (stmt, 1);

      if (row == NULL)
        continue;
      if (row->confidence < 0 || score < row->confidence)
        row->confidence = score;
      row->differs |= parse_evidence ((const char *) sqlite3_column_text (stmt, 2), NULL, NULL);
    }
  if (rc != SQLITE_DONE)
    {
      aud_store_set_sqlite_error (store, error, rc, "list merge pairs");
      return FALSE;
    }
  return TRUE;
}

static gboolean
contains_id (GArray *ids,
             gint64  id)
{
  for (guint i = 0; ids != NULL && i < ids->len; i++)
    if (g_array_index (ids, gint64, i) == id)
      return TRUE;
  return FALSE;
}

/* Whether a decision in force already keeps @a and @b apart. The matcher still reports such a
 * pair as "review" when its score is below the merge threshold, but nobody needs to look at it
 * again: the person said "not the same" (or split one of them out). */
static gboolean
decided_apart (GPtrArray *decisions,
               gint64     a,
               gint64     b)
{
  for (guint i = 0; i < decisions->len; i++)
    {
      const AudDecision *d = decisions->pdata[i];

      if (d->kind != AUD_DECISION_NEVER_MERGE && d->kind != AUD_DECISION_SPLIT)
        continue;
      if ((contains_id (d->records_a, a) && contains_id (d->records_b, b))
          || (contains_id (d->records_a, b) && contains_id (d->records_b, a)))
        return TRUE;
    }
  return FALSE;
}

static gboolean
list_review_pairs (AudStore      *store,
                   gint64         audience_id,
                   GPtrArray     *rows,
                   GError       **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(GPtrArray) decisions = NULL;
  int rc;

  decisions = aud_entity_store_list_decisions (store, audience_id, error);
  if (decisions == NULL)
    return FALSE;

  stmt = aud_store_prepare (store,
                            "SELECT p.record_a, p.record_b, p.score, p.evidence, coalesce(m.entity_id, 0), "
                            "       ra.data, sa.kind, sb.kind "
                            "FROM match_pairs p "
                            "JOIN source_records ra ON ra.id = p.record_a JOIN sources sa ON sa.id = ra.source_id "
                            "JOIN source_records rb ON rb.id = p.record_b JOIN sources sb ON sb.id = rb.source_id "
                            "LEFT JOIN entity_members m ON m.audience_id = p.audience_id AND m.record_id = p.record_a "
                            "WHERE p.audience_id = ?1 AND p.kind = 'review'", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, audience_id);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      AudReviewRow *row;
      g_autoptr(GHashTable) values = NULL;

      if (decided_apart (decisions, sqlite3_column_int64 (stmt, 0), sqlite3_column_int64 (stmt, 1)))
        continue;
      row = g_new0 (AudReviewRow, 1);
      values = parse_values ((const char *) sqlite3_column_text (stmt, 5));
      row->kind = AUD_REVIEW_ROW_PAIR;
      row->record_a = sqlite3_column_int64 (stmt, 0);
      row->record_b = sqlite3_column_int64 (stmt, 1);
      row->confidence = sqlite3_column_double (stmt, 2);
      row->differs = parse_evidence ((const char *) sqlite3_column_text (stmt, 3), NULL, NULL);
      row->entity_id = sqlite3_column_int64 (stmt, 4);
      row->n_members = 2;
      row->sources = source_bit ((const char *) sqlite3_column_text (stmt, 6))
                     | source_bit ((const char *) sqlite3_column_text (stmt, 7));
      fill_summary (row, values);
      g_ptr_array_add (rows, row);
    }
  if (rc != SQLITE_DONE)
    {
      aud_store_set_sqlite_error (store, error, rc, "list review pairs");
      return FALSE;
    }
  return TRUE;
}

GPtrArray *
aud_review_query_list (AudStore      *store,
                       gint64         audience_id,
                       GCancellable  *cancellable,
                       GError       **error)
{
  g_autoptr(GPtrArray) rows = g_ptr_array_new_with_free_func ((GDestroyNotify) aud_review_row_free);

  g_return_val_if_fail (AUD_IS_STORE (store), NULL);

  if (!list_entities (store, audience_id, rows, cancellable, error))
    return NULL;
  if (!list_review_pairs (store, audience_id, rows, error))
    return NULL;
  return g_steal_pointer (&rows);
}

gboolean
aud_review_query_was_matched (AudStore  *store,
                              gint64     audience_id,
                              gboolean  *matched,
                              GError   **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  int rc;

  stmt = aud_store_prepare (store, "SELECT 1 FROM match_runs WHERE audience_id = ?1 LIMIT 1", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, audience_id);
  rc = sqlite3_step (stmt);
  if (rc != SQLITE_ROW && rc != SQLITE_DONE)
    {
      aud_store_set_sqlite_error (store, error, rc, "read match runs");
      return FALSE;
    }
  *matched = rc == SQLITE_ROW;
  return TRUE;
}

/* ---- detail ------------------------------------------------------------------------------ */

static AudReviewMember *
load_member (AudStore  *store,
             gint64     audience_id,
             gint64     record_id,
             GError   **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  AudReviewMember *member;
  int rc;

  stmt = aud_store_prepare (store,
                            "SELECT r.external_id, r.modstamp, r.data, s.kind, s.name, coalesce(m.entity_id, 0) "
                            "FROM source_records r JOIN sources s ON s.id = r.source_id "
                            "LEFT JOIN entity_members m ON m.audience_id = ?1 AND m.record_id = r.id "
                            "WHERE r.id = ?2", error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, audience_id);
  sqlite3_bind_int64 (stmt, 2, record_id);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_DONE)
    {
      g_set_error (error, AUD_ENTITIES_ERROR, AUD_ENTITIES_ERROR_NOT_FOUND,
                   _("A record of this entity is gone. Press Match Now to refresh the list."));
      return NULL;
    }
  if (rc != SQLITE_ROW)
    {
      aud_store_set_sqlite_error (store, error, rc, "read a source record");
      return NULL;
    }
  member = g_new0 (AudReviewMember, 1);
  member->record_id = record_id;
  member->external_id = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
  member->modstamp = g_strdup ((const char *) sqlite3_column_text (stmt, 1));
  member->values = parse_values ((const char *) sqlite3_column_text (stmt, 2));
  member->source_kind = g_strdup ((const char *) sqlite3_column_text (stmt, 3));
  member->source_name = g_strdup ((const char *) sqlite3_column_text (stmt, 4));
  member->entity_id = sqlite3_column_int64 (stmt, 5);
  return member;
}

static gboolean
is_member (AudReviewDetail *detail,
           gint64           record_id)
{
  for (guint i = 0; i < detail->members->len; i++)
    if (((AudReviewMember *) detail->members->pdata[i])->record_id == record_id)
      return TRUE;
  return FALSE;
}

static gboolean
load_pairs (AudStore         *store,
            gint64            audience_id,
            AudReviewDetail  *detail,
            GError          **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(GString) ids = g_string_new (NULL);
  g_autofree char *sql = NULL;
  int rc;

  /* ids are integers we read ourselves, so they can go into the text */
  for (guint i = 0; i < detail->members->len; i++)
    g_string_append_printf (ids, "%s%" G_GINT64_FORMAT, i ? "," : "",
                            ((AudReviewMember *) detail->members->pdata[i])->record_id);
  sql = g_strdup_printf ("SELECT record_a, record_b, kind, score, evidence FROM match_pairs "
                         "WHERE audience_id = ?1 AND record_a IN (%s) AND record_b IN (%s) "
                         "ORDER BY score DESC", ids->str, ids->str);
  stmt = aud_store_prepare (store, sql, error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, audience_id);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      AudReviewPair *pair = g_new0 (AudReviewPair, 1);

      pair->record_a = sqlite3_column_int64 (stmt, 0);
      pair->record_b = sqlite3_column_int64 (stmt, 1);
      pair->kind = g_strdup ((const char *) sqlite3_column_text (stmt, 2));
      pair->score = sqlite3_column_double (stmt, 3);
      parse_evidence ((const char *) sqlite3_column_text (stmt, 4), pair->evidence, pair->has_evidence);
      g_ptr_array_add (detail->pairs, pair);
    }
  if (rc != SQLITE_DONE)
    {
      aud_store_set_sqlite_error (store, error, rc, "read match pairs");
      return FALSE;
    }
  return TRUE;
}

static int
field_rank (const char *field)
{
  for (int i = 0; leading_fields[i] != NULL; i++)
    if (strcmp (leading_fields[i], field) == 0)
      return i;
  return G_N_ELEMENTS (leading_fields);
}

static int
compare_fields (gconstpointer a,
                gconstpointer b)
{
  const char *fa = *(const char * const *) a;
  const char *fb = *(const char * const *) b;
  int ra = field_rank (fa), rb = field_rank (fb);

  if (ra != rb)
    return ra - rb;
  return g_utf8_collate (fa, fb);
}

static void
collect_fields (AudReviewDetail *detail)
{
  g_autoptr(GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GPtrArray) fields = g_ptr_array_new ();

  for (guint i = 0; i < detail->members->len; i++)
    {
      AudReviewMember *m = detail->members->pdata[i];
      GHashTableIter iter;
      gpointer key;

      g_hash_table_iter_init (&iter, m->values);
      while (g_hash_table_iter_next (&iter, &key, NULL))
        g_hash_table_add (seen, key);
    }
  for (guint i = 0; i < detail->golden->len; i++)
    g_hash_table_add (seen, ((AudGoldenValue *) detail->golden->pdata[i])->field);

  {
    GHashTableIter iter;
    gpointer key;

    g_hash_table_iter_init (&iter, seen);
    while (g_hash_table_iter_next (&iter, &key, NULL))
      g_ptr_array_add (fields, key);
  }
  g_ptr_array_sort (fields, compare_fields);
  detail->fields = g_new0 (char *, fields->len + 1);
  for (guint i = 0; i < fields->len; i++)
    detail->fields[i] = g_strdup (fields->pdata[i]);
}

static AudReviewDetail *
detail_new (void)
{
  AudReviewDetail *detail = g_new0 (AudReviewDetail, 1);

  detail->members = g_ptr_array_new_with_free_func ((GDestroyNotify) review_member_free);
  detail->golden = g_ptr_array_new_with_free_func ((GDestroyNotify) aud_golden_value_free);
  detail->pairs = g_ptr_array_new_with_free_func ((GDestroyNotify) review_pair_free);
  return detail;
}

AudReviewDetail *
aud_review_query_entity (AudStore  *store,
                         gint64     audience_id,
                         gint64     entity_id,
                         GError   **error)
{
  g_autoptr(AudReviewDetail) detail = detail_new ();
  g_autoptr(GArray) members = NULL;
  g_autoptr(GPtrArray) golden = NULL;

  g_return_val_if_fail (AUD_IS_STORE (store), NULL);

  members = aud_entity_store_members (store, entity_id, error);
  if (members == NULL)
    return NULL;
  for (guint i = 0; i < members->len; i++)
    {
      AudReviewMember *m = load_member (store, audience_id, g_array_index (members, gint64, i), error);
      if (m == NULL)
        return NULL;
      g_ptr_array_add (detail->members, m);
    }
  golden = aud_entity_store_golden (store, entity_id, error);
  if (golden == NULL)
    return NULL;
  g_ptr_array_extend_and_steal (detail->golden, g_steal_pointer (&golden));
  if (!load_pairs (store, audience_id, detail, error))
    return NULL;
  collect_fields (detail);
  return g_steal_pointer (&detail);
}

AudReviewDetail *
aud_review_query_pair (AudStore  *store,
                       gint64     audience_id,
                       gint64     record_a,
                       gint64     record_b,
                       GError   **error)
{
  g_autoptr(AudReviewDetail) detail = detail_new ();
  gint64 ids[2] = { record_a, record_b };

  g_return_val_if_fail (AUD_IS_STORE (store), NULL);

  for (guint i = 0; i < 2; i++)
    {
      AudReviewMember *m;

      if (is_member (detail, ids[i]))
        continue;
      m = load_member (store, audience_id, ids[i], error);
      if (m == NULL)
        return NULL;
      g_ptr_array_add (detail->members, m);
    }
  if (!load_pairs (store, audience_id, detail, error))
    return NULL;
  collect_fields (detail);
  return g_steal_pointer (&detail);
}
