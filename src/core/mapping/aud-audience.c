/* aud-audience.c — a named configuration over one Salesforce object, stored in the workspace
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "aud-audience.h"
#include "aud-mapping.h"
#include "aud-store-private.h"

struct _AudAudience
{
  GObject   parent_instance;

  AudStore *store;
  gint64    id;
  char     *name;
  char     *object;
  char     *created_at;
};

G_DEFINE_FINAL_TYPE (AudAudience, aud_audience, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_ID,
  PROP_NAME,
  PROP_OBJECT,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* Lead and Opportunity join once the sync handles them. */
static const char * const supported_objects[] = { "Contact", "Account", NULL };

const char * const *
aud_audience_supported_objects (void)
{
  return supported_objects;
}

gboolean
aud_audience_is_supported_object (const char *object)
{
  return object != NULL && g_strv_contains (supported_objects, object);
}

static AudAudience *
audience_from_row (AudStore     *store,
                   sqlite3_stmt *stmt)
{
  AudAudience *self = g_object_new (AUD_TYPE_AUDIENCE, NULL);

  self->store = g_object_ref (store);
  self->id = sqlite3_column_int64 (stmt, 0);
  self->name = g_strdup ((const char *) sqlite3_column_text (stmt, 1));
  self->object = g_strdup ((const char *) sqlite3_column_text (stmt, 2));
  self->created_at = g_strdup ((const char *) sqlite3_column_text (stmt, 3));
  return self;
}

#define AUDIENCE_COLUMNS "SELECT id, name, object, created_at FROM audiences "

static char *
check_name (AudStore    *store,
            const char  *name,
            gint64       except_id,
            GError     **error)
{
  g_autofree char *trimmed = g_strstrip (g_strdup (name != NULL ? name : ""));
  g_autoptr(sqlite3_stmt) stmt = NULL;

  if (*trimmed == '\0')
    {
      g_set_error (error, AUD_MAPPING_ERROR, AUD_MAPPING_ERROR_INVALID_NAME,
                   _("An audience needs a name. Type one, for example “EMEA Contacts”."));
      return NULL;
    }
  if (g_utf8_strlen (trimmed, -1) > 120)
    {
      g_set_error (error, AUD_MAPPING_ERROR, AUD_MAPPING_ERROR_INVALID_NAME,
                   _("The audience name is longer than 120 characters. Choose a shorter name."));
      return NULL;
    }

  stmt = aud_store_prepare (store, "SELECT 1 FROM audiences WHERE name = ?1 AND id != ?2", error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_text (stmt, 1, trimmed, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 2, except_id);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    {
      g_set_error (error, AUD_MAPPING_ERROR, AUD_MAPPING_ERROR_NAME_TAKEN,
                   _("An audience named “%s” already exists. Choose another name."), trimmed);
      return NULL;
    }

  return g_steal_pointer (&trimmed);
}

static gboolean
link_source (AudStore    *store,
             gint64       audience_id,
             gint64       source_id,
             GError     **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;

  stmt = aud_store_prepare (store,
                            "INSERT OR IGNORE INTO audience_sources (audience_id, source_id) VALUES (?1, ?2)",
                            error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, audience_id);
  sqlite3_bind_int64 (stmt, 2, source_id);
  return aud_store_step_done (store, stmt, error);
}

static gint64
insert_audience (AudStore    *store,
                 const char  *name,
                 const char  *object,
                 GError     **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;

  stmt = aud_store_prepare (store, "INSERT INTO audiences (name, object) VALUES (?1, ?2) RETURNING id", error);
  if (stmt == NULL)
    return -1;
  sqlite3_bind_text (stmt, 1, name, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, object, -1, SQLITE_STATIC);
  if (sqlite3_step (stmt) != SQLITE_ROW)
    {
      aud_store_set_sqlite_error (store, error, sqlite3_errcode (aud_store_get_db (store)), "adding an audience");
      return -1;
    }
  return sqlite3_column_int64 (stmt, 0);
}

AudAudience *
aud_audience_create (AudStore    *store,
                     const char  *name,
                     const char  *object,
                     GError     **error)
{
  g_autofree char *trimmed = NULL;
  const char * const *locked;
  gint64 id, source_id;

  g_return_val_if_fail (AUD_IS_STORE (store), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!aud_audience_is_supported_object (object))
    {
      g_set_error (error, AUD_MAPPING_ERROR, AUD_MAPPING_ERROR_UNSUPPORTED_OBJECT,
                   _("Audiences can cover Contact or Account records, not “%s”. Choose one of those."),
                   object != NULL ? object : "");
      return NULL;
    }

  if (!aud_store_begin (store, error))
    return NULL;

  trimmed = check_name (store, name, -1, error);
  if (trimmed == NULL ||
      (id = insert_audience (store, trimmed, object, error)) < 0 ||
      (source_id = aud_store_ensure_salesforce_source (store, object, error)) < 0 ||
      !link_source (store, id, source_id, error))
    {
      aud_store_rollback (store);
      return NULL;
    }

  /* The sync cannot work without these, so every audience starts with them. */
  locked = aud_mapping_sync_fields ();
  for (guint i = 0; locked[i] != NULL; i++)
    {
      g_autoptr(sqlite3_stmt) stmt = aud_store_prepare (store,
        "INSERT INTO mapped_fields (audience_id, field, rule) VALUES (?1, ?2, 'never')", error);

      if (stmt == NULL)
        {
          aud_store_rollback (store);
          return NULL;
        }
      sqlite3_bind_int64 (stmt, 1, id);
      sqlite3_bind_text (stmt, 2, locked[i], -1, SQLITE_STATIC);
      if (!aud_store_step_done (store, stmt, error))
        {
          aud_store_rollback (store);
          return NULL;
        }
    }

  if (!aud_store_commit (store, error))
    {
      aud_store_rollback (store);
      return NULL;
    }

  return aud_audience_lookup_by_id (store, id, error);
}

GPtrArray *
aud_audience_list (AudStore  *store,
                   GError   **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(GPtrArray) list = g_ptr_array_new_with_free_func (g_object_unref);
  int rc;

  g_return_val_if_fail (AUD_IS_STORE (store), NULL);

  stmt = aud_store_prepare (store, AUDIENCE_COLUMNS "ORDER BY name COLLATE NOCASE, id", error);
  if (stmt == NULL)
    return NULL;

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_ptr_array_add (list, audience_from_row (store, stmt));
  if (rc != SQLITE_DONE)
    {
      aud_store_set_sqlite_error (store, error, rc, "listing audiences");
      return NULL;
    }

  return g_steal_pointer (&list);
}

static AudAudience *
lookup_one (AudStore     *store,
            sqlite3_stmt *stmt,
            const char   *what,
            GError      **error)
{
  int rc = sqlite3_step (stmt);

  if (rc == SQLITE_ROW)
    return audience_from_row (store, stmt);
  if (rc == SQLITE_DONE)
    g_set_error (error, AUD_MAPPING_ERROR, AUD_MAPPING_ERROR_NOT_FOUND,
                 _("There is no audience “%s”. Run “audiences audience list” to see the audiences."), what);
  else
    aud_store_set_sqlite_error (store, error, rc, "reading an audience");

  return NULL;
}

AudAudience *
aud_audience_lookup (AudStore    *store,
                     const char  *name,
                     GError     **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autofree char *trimmed = NULL;

  g_return_val_if_fail (AUD_IS_STORE (store), NULL);
  g_return_val_if_fail (name != NULL, NULL);

  stmt = aud_store_prepare (store, AUDIENCE_COLUMNS "WHERE name = ?1", error);
  if (stmt == NULL)
    return NULL;

  trimmed = g_strstrip (g_strdup (name));
  sqlite3_bind_text (stmt, 1, trimmed, -1, SQLITE_STATIC);
  return lookup_one (store, stmt, trimmed, error);
}

AudAudience *
aud_audience_lookup_by_id (AudStore    *store,
                           gint64       id,
                           GError     **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autofree char *what = g_strdup_printf ("#%" G_GINT64_FORMAT, id);

  g_return_val_if_fail (AUD_IS_STORE (store), NULL);

  stmt = aud_store_prepare (store, AUDIENCE_COLUMNS "WHERE id = ?1", error);
  if (stmt == NULL)
    return NULL;

  sqlite3_bind_int64 (stmt, 1, id);
  return lookup_one (store, stmt, what, error);
}

AudStore *
aud_audience_get_store (AudAudience *self)
{
  g_return_val_if_fail (AUD_IS_AUDIENCE (self), NULL);
  return self->store;
}

gint64
aud_audience_get_id (AudAudience *self)
{
  g_return_val_if_fail (AUD_IS_AUDIENCE (self), -1);
  return self->id;
}

const char *
aud_audience_get_name (AudAudience *self)
{
  g_return_val_if_fail (AUD_IS_AUDIENCE (self), NULL);
  return self->name;
}

const char *
aud_audience_get_object (AudAudience *self)
{
  g_return_val_if_fail (AUD_IS_AUDIENCE (self), NULL);
  return self->object;
}

const char *
aud_audience_get_created_at (AudAudience *self)
{
  g_return_val_if_fail (AUD_IS_AUDIENCE (self), NULL);
  return self->created_at;
}

gint64
aud_audience_get_source_id (AudAudience  *self,
                            GError      **error)
{
  g_return_val_if_fail (AUD_IS_AUDIENCE (self), -1);

  return aud_store_ensure_salesforce_source (self->store, self->object, error);
}

gboolean
aud_audience_has_synced (AudAudience  *self,
                         gboolean     *synced,
                         GError      **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;

  g_return_val_if_fail (AUD_IS_AUDIENCE (self), FALSE);

  /* Any source of the audience counts: a field added now is missing from rows it already holds. */
  stmt = aud_store_prepare (self->store,
                            "SELECT EXISTS (SELECT 1 FROM sources s "
                            "  LEFT JOIN audience_sources a ON a.source_id = s.id AND a.audience_id = ?1 "
                            "  WHERE s.last_sync_at IS NOT NULL "
                            "    AND (a.audience_id IS NOT NULL OR (s.kind = 'salesforce' AND s.object = ?2)))",
                            error);
  if (stmt == NULL)
    return FALSE;

  sqlite3_bind_int64 (stmt, 1, self->id);
  sqlite3_bind_text (stmt, 2, self->object, -1, SQLITE_STATIC);
  if (sqlite3_step (stmt) != SQLITE_ROW)
    {
      aud_store_set_sqlite_error (self->store, error, sqlite3_errcode (aud_store_get_db (self->store)),
                                  "reading the sync state");
      return FALSE;
    }

  *synced = sqlite3_column_int (stmt, 0) != 0;
  return TRUE;
}

gboolean
aud_audience_rename (AudAudience  *self,
                     const char   *name,
                     GError      **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autofree char *trimmed = NULL;

  g_return_val_if_fail (AUD_IS_AUDIENCE (self), FALSE);

  trimmed = check_name (self->store, name, self->id, error);
  if (trimmed == NULL)
    return FALSE;
  if (g_strcmp0 (trimmed, self->name) == 0)
    return TRUE;

  stmt = aud_store_prepare (self->store, "UPDATE audiences SET name = ?2 WHERE id = ?1", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, self->id);
  sqlite3_bind_text (stmt, 2, trimmed, -1, SQLITE_STATIC);
  if (!aud_store_step_done (self->store, stmt, error))
    return FALSE;

  g_free (self->name);
  self->name = g_steal_pointer (&trimmed);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_NAME]);
  return TRUE;
}

AudAudience *
aud_audience_duplicate (AudAudience  *self,
                        const char   *name,
                        GError      **error)
{
  g_autoptr(sqlite3_stmt) fields = NULL;
  g_autoptr(sqlite3_stmt) sources = NULL;
  g_autofree char *trimmed = NULL;
  gint64 id;

  g_return_val_if_fail (AUD_IS_AUDIENCE (self), NULL);

  if (!aud_store_begin (self->store, error))
    return NULL;

  trimmed = check_name (self->store, name, -1, error);
  if (trimmed == NULL || (id = insert_audience (self->store, trimmed, self->object, error)) < 0)
    {
      aud_store_rollback (self->store);
      return NULL;
    }

  fields = aud_store_prepare (self->store,
                              "INSERT INTO mapped_fields (audience_id, field, rule, needs_backfill, mapped_at) "
                              "SELECT ?2, field, rule, needs_backfill, mapped_at FROM mapped_fields WHERE audience_id = ?1",
                              error);
  sources = aud_store_prepare (self->store,
                               "INSERT INTO audience_sources (audience_id, source_id) "
                               "SELECT ?2, source_id FROM audience_sources WHERE audience_id = ?1",
                               error);
  if (fields == NULL || sources == NULL)
    {
      aud_store_rollback (self->store);
      return NULL;
    }
  sqlite3_bind_int64 (fields, 1, self->id);
  sqlite3_bind_int64 (fields, 2, id);
  sqlite3_bind_int64 (sources, 1, self->id);
  sqlite3_bind_int64 (sources, 2, id);
  if (!aud_store_step_done (self->store, fields, error) ||
      !aud_store_step_done (self->store, sources, error) ||
      !aud_store_commit (self->store, error))
    {
      aud_store_rollback (self->store);
      return NULL;
    }

  return aud_audience_lookup_by_id (self->store, id, error);
}

gboolean
aud_audience_delete (AudAudience  *self,
                     GError      **error)
{
  g_autoptr(sqlite3_stmt) orphans = NULL;
  g_autoptr(sqlite3_stmt) audience = NULL;

  g_return_val_if_fail (AUD_IS_AUDIENCE (self), FALSE);

  if (!aud_store_begin (self->store, error))
    return FALSE;

  /* An audience's own extra sources (a CSV it imported) go with it, but only when no other
   * audience lists them. Salesforce sources belong to the connection and are shared per object. */
  orphans = aud_store_prepare (self->store,
                               "DELETE FROM sources WHERE kind != 'salesforce' "
                               "AND id IN (SELECT source_id FROM audience_sources WHERE audience_id = ?1) "
                               "AND id NOT IN (SELECT source_id FROM audience_sources WHERE audience_id != ?1)",
                               error);
  audience = aud_store_prepare (self->store, "DELETE FROM audiences WHERE id = ?1", error);
  if (orphans == NULL || audience == NULL)
    {
      aud_store_rollback (self->store);
      return FALSE;
    }

  sqlite3_bind_int64 (orphans, 1, self->id);
  sqlite3_bind_int64 (audience, 1, self->id);
  if (!aud_store_step_done (self->store, orphans, error) ||
      !aud_store_step_done (self->store, audience, error) ||
      !aud_store_commit (self->store, error))
    {
      aud_store_rollback (self->store);
      return FALSE;
    }

  return TRUE;
}

static void
aud_audience_finalize (GObject *object)
{
  AudAudience *self = (AudAudience *) object;

  g_clear_object (&self->store);
  g_clear_pointer (&self->name, g_free);
  g_clear_pointer (&self->object, g_free);
  g_clear_pointer (&self->created_at, g_free);

  G_OBJECT_CLASS (aud_audience_parent_class)->finalize (object);
}

static void
aud_audience_get_property (GObject    *object,
                           guint       prop_id,
                           GValue     *value,
                           GParamSpec *pspec)
{
  AudAudience *self = AUD_AUDIENCE (object);

  switch (prop_id)
    {
    case PROP_ID:
      g_value_set_int64 (value, self->id);
      break;
    case PROP_NAME:
      g_value_set_string (value, self->name);
      break;
    case PROP_OBJECT:
      g_value_set_string (value, self->object);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
aud_audience_class_init (AudAudienceClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = aud_audience_finalize;
  object_class->get_property = aud_audience_get_property;

  properties[PROP_ID] =
    g_param_spec_int64 ("id", NULL, NULL, -1, G_MAXINT64, -1,
                        G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_NAME] =
    g_param_spec_string ("name", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_OBJECT] =
    g_param_spec_string ("object", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
aud_audience_init (AudAudience *self)
{
  self->id = -1;
}
