/* aud-mapping.c — an audience's mapped fields and their overwrite rules
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "aud-mapping.h"
#include "aud-store-private.h"

G_DEFINE_QUARK (aud-mapping-error-quark, aud_mapping_error)

/* The incremental sync keys on these: without them it cannot page, detect changes or deletes. */
static const char * const sync_fields[] = { "Id", "IsDeleted", "LastModifiedDate", "SystemModstamp", NULL };

static const char * const recommended_contact[] = {
  "FirstName", "LastName", "Email", "Phone", "MobilePhone", "Title", "Department",
  "AccountId", "OwnerId", "LeadSource",
  "MailingCity", "MailingState", "MailingPostalCode", "MailingCountry",
  "HasOptedOutOfEmail", "DoNotCall",
  NULL
};

static const char * const recommended_account[] = {
  "Name", "Website", "Phone", "Industry", "Type", "AnnualRevenue", "NumberOfEmployees",
  "OwnerId", "ParentId", "AccountSource",
  "BillingCity", "BillingState", "BillingPostalCode", "BillingCountry",
  NULL
};

static const char * const no_fields[] = { NULL };

AudMappedField *
aud_mapped_field_new (const char       *field,
                      AudOverwriteRule  rule)
{
  AudMappedField *mapped = g_new0 (AudMappedField, 1);

  mapped->field = g_strdup (field);
  mapped->rule = rule;
  return mapped;
}

void
aud_mapped_field_free (AudMappedField *mapped)
{
  if (mapped == NULL)
    return;

  g_free (mapped->field);
  g_free (mapped);
}

const char * const *
aud_mapping_sync_fields (void)
{
  return sync_fields;
}

gboolean
aud_mapping_is_sync_field (const char *field)
{
  for (guint i = 0; field != NULL && sync_fields[i] != NULL; i++)
    if (g_ascii_strcasecmp (field, sync_fields[i]) == 0)
      return TRUE;

  return FALSE;
}

const char *
aud_mapping_get_lock_reason (const char *field)
{
  if (!aud_mapping_is_sync_field (field))
    return NULL;

  return _("Always mapped: the sync uses it to find changed and deleted records");
}

const char * const *
aud_mapping_recommended_fields (const char *object)
{
  if (g_strcmp0 (object, "Contact") == 0)
    return recommended_contact;
  if (g_strcmp0 (object, "Account") == 0)
    return recommended_account;

  return no_fields;
}

GPtrArray *
aud_mapping_load (AudAudience  *audience,
                  GError      **error)
{
  AudStore *store;
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(GPtrArray) fields = g_ptr_array_new_with_free_func ((GDestroyNotify) aud_mapped_field_free);
  int rc;

  g_return_val_if_fail (AUD_IS_AUDIENCE (audience), NULL);

  store = aud_audience_get_store (audience);
  stmt = aud_store_prepare (store,
                            "SELECT field, rule, needs_backfill FROM mapped_fields "
                            "WHERE audience_id = ?1 ORDER BY field",
                            error);
  if (stmt == NULL)
    return NULL;

  sqlite3_bind_int64 (stmt, 1, aud_audience_get_id (audience));
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      AudOverwriteRule rule = AUD_OVERWRITE_RULE_NEVER;
      AudMappedField *mapped;

      aud_overwrite_rule_from_string ((const char *) sqlite3_column_text (stmt, 1), &rule);
      mapped = aud_mapped_field_new ((const char *) sqlite3_column_text (stmt, 0), rule);
      mapped->needs_backfill = sqlite3_column_int (stmt, 2) != 0;
      g_ptr_array_add (fields, mapped);
    }
  if (rc != SQLITE_DONE)
    {
      aud_store_set_sqlite_error (store, error, rc, "reading the field mapping");
      return NULL;
    }

  return g_steal_pointer (&fields);
}

static gboolean
map_field (AudStore          *store,
           gint64             audience_id,
           const char        *field,
           AudOverwriteRule   rule,
           gboolean           backfill,
           gboolean           update_rule,
           guint             *n_changed,
           GError           **error)
{
  sqlite3_stmt *stmt;

  stmt = aud_store_prepare_cached (store,
                                   "INSERT INTO mapped_fields (audience_id, field, rule, needs_backfill) "
                                   "VALUES (?1, ?2, ?3, ?4) "
                                   "ON CONFLICT (audience_id, field) DO UPDATE SET rule = excluded.rule "
                                   "WHERE ?5 AND rule != excluded.rule",
                                   error);
  if (stmt == NULL)
    return FALSE;

  sqlite3_bind_int64 (stmt, 1, audience_id);
  sqlite3_bind_text (stmt, 2, field, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 3, aud_overwrite_rule_to_string (rule), -1, SQLITE_STATIC);
  sqlite3_bind_int (stmt, 4, backfill ? 1 : 0);
  sqlite3_bind_int (stmt, 5, update_rule ? 1 : 0);
  if (!aud_store_step_done (store, stmt, error))
    return FALSE;

  if (n_changed != NULL)
    *n_changed += (guint) sqlite3_changes (aud_store_get_db (store));
  return TRUE;
}

gboolean
aud_mapping_set_mapped (AudAudience         *audience,
                        const char * const  *fields,
                        gboolean             mapped,
                        guint               *n_changed,
                        GError             **error)
{
  AudStore *store;
  gint64 id;
  gboolean synced = FALSE;
  guint changed = 0;

  g_return_val_if_fail (AUD_IS_AUDIENCE (audience), FALSE);
  g_return_val_if_fail (fields != NULL, FALSE);

  store = aud_audience_get_store (audience);
  id = aud_audience_get_id (audience);

  if (!mapped)
    for (guint i = 0; fields[i] != NULL; i++)
      if (aud_mapping_is_sync_field (fields[i]))
        {
          g_set_error (error, AUD_MAPPING_ERROR, AUD_MAPPING_ERROR_LOCKED,
                       _("“%s” cannot be unmapped: the sync needs it to find changed and deleted records."),
                       fields[i]);
          return FALSE;
        }

  if (!aud_store_begin (store, error))
    return FALSE;

  if (mapped && !aud_audience_has_synced (audience, &synced, error))
    {
      aud_store_rollback (store);
      return FALSE;
    }

  for (guint i = 0; fields[i] != NULL; i++)
    {
      if (mapped)
        {
          if (!map_field (store, id, fields[i], AUD_OVERWRITE_RULE_NEVER, synced, FALSE, &changed, error))
            {
              aud_store_rollback (store);
              return FALSE;
            }
        }
      else
        {
          /* Only the mapping row goes: synced values stay in source_records, so mapping the
           * field again shows them (a backfill then brings them up to date). */
          sqlite3_stmt *stmt = aud_store_prepare_cached (store,
            "DELETE FROM mapped_fields WHERE audience_id = ?1 AND field = ?2", error);

          if (stmt == NULL)
            {
              aud_store_rollback (store);
              return FALSE;
            }
          sqlite3_bind_int64 (stmt, 1, id);
          sqlite3_bind_text (stmt, 2, fields[i], -1, SQLITE_STATIC);
          if (!aud_store_step_done (store, stmt, error))
            {
              aud_store_rollback (store);
              return FALSE;
            }
          changed += (guint) sqlite3_changes (aud_store_get_db (store));
        }
    }

  if (!aud_store_commit (store, error))
    {
      aud_store_rollback (store);
      return FALSE;
    }

  if (n_changed != NULL)
    *n_changed = changed;
  return TRUE;
}

static gboolean
rule_allowed (AudDescribe *describe,
              const char  *field)
{
  AudFieldInfo *info;

  if (aud_mapping_is_sync_field (field))
    return FALSE;
  if (describe == NULL)
    return TRUE;

  info = aud_describe_lookup (describe, field);
  return info != NULL && aud_field_info_is_writable (info);
}

gboolean
aud_mapping_set_rule (AudAudience         *audience,
                      AudDescribe         *describe,
                      const char * const  *fields,
                      AudOverwriteRule     rule,
                      guint               *n_changed,
                      guint               *n_skipped,
                      GError             **error)
{
  AudStore *store;
  guint changed = 0, skipped = 0;

  g_return_val_if_fail (AUD_IS_AUDIENCE (audience), FALSE);
  g_return_val_if_fail (describe == NULL || AUD_IS_DESCRIBE (describe), FALSE);
  g_return_val_if_fail (fields != NULL, FALSE);

  store = aud_audience_get_store (audience);
  if (!aud_store_begin (store, error))
    return FALSE;

  for (guint i = 0; fields[i] != NULL; i++)
    {
      sqlite3_stmt *stmt;

      if (rule != AUD_OVERWRITE_RULE_NEVER && !rule_allowed (describe, fields[i]))
        {
          skipped++;
          continue;
        }

      stmt = aud_store_prepare_cached (store,
                                       "UPDATE mapped_fields SET rule = ?3 WHERE audience_id = ?1 AND field = ?2",
                                       error);
      if (stmt == NULL)
        {
          aud_store_rollback (store);
          return FALSE;
        }
      sqlite3_bind_int64 (stmt, 1, aud_audience_get_id (audience));
      sqlite3_bind_text (stmt, 2, fields[i], -1, SQLITE_STATIC);
      sqlite3_bind_text (stmt, 3, aud_overwrite_rule_to_string (rule), -1, SQLITE_STATIC);
      if (!aud_store_step_done (store, stmt, error))
        {
          aud_store_rollback (store);
          return FALSE;
        }
      if (sqlite3_changes (aud_store_get_db (store)) > 0)
        changed++;
      else
        skipped++;   /* not mapped */
    }

  if (!aud_store_commit (store, error))
    {
      aud_store_rollback (store);
      return FALSE;
    }

  if (n_changed != NULL)
    *n_changed = changed;
  if (n_skipped != NULL)
    *n_skipped = skipped;
  return TRUE;
}

gboolean
aud_mapping_apply_recommended (AudAudience  *audience,
                               AudDescribe  *describe,
                               guint        *n_added,
                               GError      **error)
{
  const char * const *recommended;
  g_autoptr(GPtrArray) present = g_ptr_array_new ();

  g_return_val_if_fail (AUD_IS_AUDIENCE (audience), FALSE);

  recommended = aud_mapping_recommended_fields (aud_audience_get_object (audience));
  for (guint i = 0; recommended[i] != NULL; i++)
    {
      AudFieldInfo *info = describe != NULL ? aud_describe_lookup (describe, recommended[i]) : NULL;

      /* An org may lack a standard field (Person Accounts, field-level security). */
      if (describe != NULL && (info == NULL || info->gone))
        continue;
      g_ptr_array_add (present, info != NULL ? info->name : (char *) recommended[i]);
    }
  g_ptr_array_add (present, NULL);

  return aud_mapping_set_mapped (audience, (const char * const *) present->pdata, TRUE, n_added, error);
}

gboolean
aud_mapping_replace (AudAudience  *audience,
                     GPtrArray    *fields,
                     GError      **error)
{
  AudStore *store;
  gint64 id;
  gboolean synced = FALSE;
  g_autoptr(GPtrArray) current = NULL;
  g_autoptr(GHashTable) wanted = g_hash_table_new (g_str_hash, g_str_equal);

  g_return_val_if_fail (AUD_IS_AUDIENCE (audience), FALSE);
  g_return_val_if_fail (fields != NULL, FALSE);

  store = aud_audience_get_store (audience);
  id = aud_audience_get_id (audience);

  for (guint i = 0; i < fields->len; i++)
    g_hash_table_add (wanted, ((AudMappedField *) g_ptr_array_index (fields, i))->field);
  for (guint i = 0; sync_fields[i] != NULL; i++)
    g_hash_table_add (wanted, (char *) sync_fields[i]);

  if (!aud_store_begin (store, error))
    return FALSE;

  current = aud_mapping_load (audience, error);
  if (current == NULL || !aud_audience_has_synced (audience, &synced, error))
    {
      aud_store_rollback (store);
      return FALSE;
    }

  for (guint i = 0; i < current->len; i++)
    {
      AudMappedField *mapped = g_ptr_array_index (current, i);
      sqlite3_stmt *stmt;

      if (g_hash_table_contains (wanted, mapped->field))
        continue;

      stmt = aud_store_prepare_cached (store, "DELETE FROM mapped_fields WHERE audience_id = ?1 AND field = ?2", error);
      if (stmt == NULL)
        {
          aud_store_rollback (store);
          return FALSE;
        }
      sqlite3_bind_int64 (stmt, 1, id);
      sqlite3_bind_text (stmt, 2, mapped->field, -1, SQLITE_STATIC);
      if (!aud_store_step_done (store, stmt, error))
        {
          aud_store_rollback (store);
          return FALSE;
        }
    }

  for (guint i = 0; sync_fields[i] != NULL; i++)
    if (!map_field (store, id, sync_fields[i], AUD_OVERWRITE_RULE_NEVER, synced, TRUE, NULL, error))
      {
        aud_store_rollback (store);
        return FALSE;
      }

  for (guint i = 0; i < fields->len; i++)
    {
      AudMappedField *mapped = g_ptr_array_index (fields, i);
      AudOverwriteRule rule = aud_mapping_is_sync_field (mapped->field) ? AUD_OVERWRITE_RULE_NEVER : mapped->rule;

      if (!map_field (store, id, mapped->field, rule, synced, TRUE, NULL, error))
        {
          aud_store_rollback (store);
          return FALSE;
        }
    }

  if (!aud_store_commit (store, error))
    {
      aud_store_rollback (store);
      return FALSE;
    }

  return TRUE;
}
