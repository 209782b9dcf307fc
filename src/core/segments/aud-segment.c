/* aud-segment.c — a named, saved filter over an audience's records
 *
 * Segments live in the `segments` table (migration 3), their definition as the same JSON a
 * segment file holds, so what is stored is readable and diffable too.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "aud-segment.h"
#include "aud-segment-index.h"
#include "aud-segment-query.h"
#include "aud-segment-sql.h"
#include "aud-store-private.h"

#define MAX_NAME_LENGTH 100

struct _AudSegment
{
  GObject         parent_instance;

  AudAudience    *audience;
  gint64          id;
  char           *name;
  char           *updated_at;
  AudSegmentNode *root;
};

G_DEFINE_FINAL_TYPE (AudSegment, aud_segment, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_AUDIENCE,
  PROP_NAME,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
aud_segment_finalize (GObject *object)
{
  AudSegment *self = AUD_SEGMENT (object);

  g_clear_object (&self->audience);
  g_free (self->name);
  g_free (self->updated_at);
  g_clear_pointer (&self->root, aud_segment_node_free);

  G_OBJECT_CLASS (aud_segment_parent_class)->finalize (object);
}

static void
aud_segment_get_property (GObject    *object,
                          guint       prop_id,
                          GValue     *value,
                          GParamSpec *pspec)
{
  AudSegment *self = AUD_SEGMENT (object);

  switch (prop_id)
    {
    case PROP_AUDIENCE:
      g_value_set_object (value, self->audience);
      break;
    case PROP_NAME:
      g_value_set_string (value, self->name);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
aud_segment_set_property (GObject      *object,
                          guint         prop_id,
                          const GValue *value,
                          GParamSpec   *pspec)
{
  AudSegment *self = AUD_SEGMENT (object);

  switch (prop_id)
    {
    case PROP_AUDIENCE:
      self->audience = g_value_dup_object (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
aud_segment_class_init (AudSegmentClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = aud_segment_finalize;
  object_class->get_property = aud_segment_get_property;
  object_class->set_property = aud_segment_set_property;

  properties[PROP_AUDIENCE] =
    g_param_spec_object ("audience", NULL, NULL, AUD_TYPE_AUDIENCE,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_NAME] =
    g_param_spec_string ("name", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
aud_segment_init (AudSegment *self)
{
  self->root = aud_segment_node_new_group (AUD_SEGMENT_MATCH_ALL);
}

AudSegment *
aud_segment_new (AudAudience *audience,
                 const char  *name)
{
  AudSegment *self;

  g_return_val_if_fail (AUD_IS_AUDIENCE (audience), NULL);

  self = g_object_new (AUD_TYPE_SEGMENT, "audience", audience, NULL);
  self->name = g_strdup (name != NULL ? name : "");
  return self;
}

static AudStore *
get_store (AudSegment *self)
{
  return aud_audience_get_store (self->audience);
}

/* A row of SELECT id, name, definition, updated_at. */
static AudSegment *
segment_from_row (AudAudience   *audience,
                  sqlite3_stmt  *stmt,
                  GError       **error)
{
  g_autoptr(AudSegment) self = aud_segment_new (audience, (const char *) sqlite3_column_text (stmt, 1));
  AudSegmentNode *root;

  root = aud_segment_node_from_json ((const char *) sqlite3_column_text (stmt, 2), error);
  if (root == NULL)
    {
      g_prefix_error (error, _("The saved segment “%s” is damaged: "), self->name);
      return NULL;
    }

  self->id = sqlite3_column_int64 (stmt, 0);
  self->updated_at = g_strdup ((const char *) sqlite3_column_text (stmt, 3));
  aud_segment_set_root (self, root);
  return g_steal_pointer (&self);
}

GPtrArray *
aud_segment_list (AudAudience  *audience,
                  GError      **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(GPtrArray) segments = g_ptr_array_new_with_free_func (g_object_unref);
  int rc;

  g_return_val_if_fail (AUD_IS_AUDIENCE (audience), NULL);

  stmt = aud_store_prepare (aud_audience_get_store (audience),
                            "SELECT id, name, definition, updated_at FROM segments "
                            "WHERE audience_id = ? ORDER BY name COLLATE NOCASE",
                            error);
  if (stmt == NULL)
    return NULL;

  sqlite3_bind_int64 (stmt, 1, aud_audience_get_id (audience));
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      AudSegment *segment = segment_from_row (audience, stmt, error);
      if (segment == NULL)
        return NULL;
      g_ptr_array_add (segments, segment);
    }
  if (rc != SQLITE_DONE)
    {
      aud_store_set_sqlite_error (aud_audience_get_store (audience), error, rc, "reading segments");
      return NULL;
    }

  return g_steal_pointer (&segments);
}

AudSegment *
aud_segment_lookup (AudAudience  *audience,
                    const char   *name,
                    GError      **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  int rc;

  g_return_val_if_fail (AUD_IS_AUDIENCE (audience), NULL);
  g_return_val_if_fail (name != NULL, NULL);

  stmt = aud_store_prepare (aud_audience_get_store (audience),
                            "SELECT id, name, definition, updated_at FROM segments "
                            "WHERE audience_id = ? AND name = ?",
                            error);
  if (stmt == NULL)
    return NULL;

  sqlite3_bind_int64 (stmt, 1, aud_audience_get_id (audience));
  sqlite3_bind_text (stmt, 2, name, -1, SQLITE_TRANSIENT);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    return segment_from_row (audience, stmt, error);
  if (rc != SQLITE_DONE)
    {
      aud_store_set_sqlite_error (aud_audience_get_store (audience), error, rc, "reading segments");
      return NULL;
    }

  g_set_error (error, AUD_SEGMENT_ERROR, AUD_SEGMENT_ERROR_NOT_FOUND,
               _("The audience “%s” has no segment named “%s”. List its segments with “audiences segment list”."),
               aud_audience_get_name (audience), name);
  return NULL;
}

AudAudience *
aud_segment_get_audience (AudSegment *self)
{
  g_return_val_if_fail (AUD_IS_SEGMENT (self), NULL);

  return self->audience;
}

gint64
aud_segment_get_id (AudSegment *self)
{
  g_return_val_if_fail (AUD_IS_SEGMENT (self), 0);

  return self->id;
}

const char *
aud_segment_get_name (AudSegment *self)
{
  g_return_val_if_fail (AUD_IS_SEGMENT (self), NULL);

  return self->name;
}

const char *
aud_segment_get_updated_at (AudSegment *self)
{
  g_return_val_if_fail (AUD_IS_SEGMENT (self), NULL);

  return self->updated_at;
}

AudSegmentNode *
aud_segment_get_root (AudSegment *self)
{
  g_return_val_if_fail (AUD_IS_SEGMENT (self), NULL);

  return self->root;
}

void
aud_segment_set_root (AudSegment     *self,
                      AudSegmentNode *root)
{
  g_return_if_fail (AUD_IS_SEGMENT (self));
  g_return_if_fail (root != NULL && root->is_group);

  if (root == self->root)
    return;
  g_clear_pointer (&self->root, aud_segment_node_free);
  self->root = root;
}

gboolean
aud_segment_validate (AudSegment        *self,
                      AudSegmentFields  *fields,
                      GError           **error)
{
  g_autoptr(AudSegmentSql) sql = NULL;

  g_return_val_if_fail (AUD_IS_SEGMENT (self), FALSE);
  g_return_val_if_fail (fields != NULL, FALSE);

  sql = aud_segment_sql_compile (self->root, fields, NULL, error);
  return sql != NULL;
}

/* The trimmed name, or NULL with an error when it cannot be used (taken by another segment of
 * the same audience, compared without case). */
static char *
check_name (AudSegment  *self,
            const char  *name,
            GError     **error)
{
  g_autofree char *trimmed = g_strstrip (g_strdup (name != NULL ? name : ""));
  g_autoptr(sqlite3_stmt) stmt = NULL;

  if (*trimmed == '\0' || g_utf8_strlen (trimmed, -1) > MAX_NAME_LENGTH)
    {
      g_set_error (error, AUD_SEGMENT_ERROR, AUD_SEGMENT_ERROR_INVALID_NAME,
                   _("A segment needs a name of 1 to %d characters. Enter a name."), MAX_NAME_LENGTH);
      return NULL;
    }

  stmt = aud_store_prepare (get_store (self),
                            "SELECT 1 FROM segments WHERE audience_id = ? AND name = ? AND id IS NOT ?", error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, aud_audience_get_id (self->audience));
  sqlite3_bind_text (stmt, 2, trimmed, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int64 (stmt, 3, self->id);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    {
      g_set_error (error, AUD_SEGMENT_ERROR, AUD_SEGMENT_ERROR_NAME_TAKEN,
                   _("The audience “%s” already has a segment named “%s”. Choose another name."),
                   aud_audience_get_name (self->audience), trimmed);
      return NULL;
    }

  return g_steal_pointer (&trimmed);
}

static void
set_name (AudSegment *self,
          const char *name)
{
  if (g_strcmp0 (self->name, name) == 0)
    return;

  g_free (self->name);
  self->name = g_strdup (name);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_NAME]);
}

gboolean
aud_segment_save (AudSegment  *self,
                  GError     **error)
{
  return aud_segment_save_full (self, AUD_SEGMENT_SAVE_DEFAULT, error);
}

gboolean
aud_segment_save_full (AudSegment           *self,
                       AudSegmentSaveFlags   flags,
                       GError              **error)
{
  g_autoptr(AudSegmentFields) fields = NULL;
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autofree char *name = NULL;
  g_autofree char *definition = NULL;
  int rc;

  g_return_val_if_fail (AUD_IS_SEGMENT (self), FALSE);

  fields = aud_segment_fields_load (self->audience, error);
  if (fields == NULL || !aud_segment_validate (self, fields, error))
    return FALSE;

  name = check_name (self, self->name, error);
  if (name == NULL)
    return FALSE;

  definition = aud_segment_node_to_json (self->root);
  if (self->id == 0)
    stmt = aud_store_prepare (get_store (self),
                              "INSERT INTO segments (audience_id, name, definition) VALUES (?, ?, ?) "
                              "RETURNING id, updated_at",
                              error);
  else
    stmt = aud_store_prepare (get_store (self),
                              "UPDATE segments SET name = ?2, definition = ?3, "
                              "  updated_at = strftime('%Y-%m-%dT%H:%M:%SZ', 'now') "
                              "WHERE id = ?1 RETURNING id, updated_at",
                              error);
  if (stmt == NULL)
    return FALSE;

  sqlite3_bind_int64 (stmt, 1, self->id == 0 ? aud_audience_get_id (self->audience) : self->id);
  sqlite3_bind_text (stmt, 2, name, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 3, definition, -1, SQLITE_TRANSIENT);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_DONE)
    {
      /* The update found no row: another window or the CLI deleted the segment. */
      g_set_error (error, AUD_SEGMENT_ERROR, AUD_SEGMENT_ERROR_NOT_FOUND,
                   _("The segment “%s” was deleted meanwhile. Save it under a name again."), name);
      return FALSE;
    }
  if (rc != SQLITE_ROW)
    {
      aud_store_set_sqlite_error (get_store (self), error, rc, "saving the segment");
      return FALSE;
    }

  self->id = sqlite3_column_int64 (stmt, 0);
  g_free (self->updated_at);
  self->updated_at = g_strdup ((const char *) sqlite3_column_text (stmt, 1));
  sqlite3_reset (stmt);
  set_name (self, name);

  if (flags & AUD_SEGMENT_SAVE_DEFER_INDEXES)
    return TRUE;
  return aud_segment_index_refresh (get_store (self), error);
}

gboolean
aud_segment_rename (AudSegment  *self,
                    const char  *name,
                    GError     **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autofree char *checked = NULL;

  g_return_val_if_fail (AUD_IS_SEGMENT (self), FALSE);

  checked = check_name (self, name, error);
  if (checked == NULL)
    return FALSE;

  if (self->id != 0)
    {
      stmt = aud_store_prepare (get_store (self), "UPDATE segments SET name = ? WHERE id = ?", error);
      if (stmt == NULL)
        return FALSE;
      sqlite3_bind_text (stmt, 1, checked, -1, SQLITE_TRANSIENT);
      sqlite3_bind_int64 (stmt, 2, self->id);
      if (!aud_store_step_done (get_store (self), stmt, error))
        return FALSE;
    }

  set_name (self, checked);
  return TRUE;
}

AudSegment *
aud_segment_duplicate (AudSegment  *self,
                       const char  *name,
                       GError     **error)
{
  g_autoptr(AudSegment) copy = NULL;

  g_return_val_if_fail (AUD_IS_SEGMENT (self), NULL);

  copy = aud_segment_new (self->audience, name);
  aud_segment_set_root (copy, aud_segment_node_copy (self->root));
  if (!aud_segment_save (copy, error))
    return NULL;

  return g_steal_pointer (&copy);
}

gboolean
aud_segment_delete (AudSegment  *self,
                    GError     **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;

  g_return_val_if_fail (AUD_IS_SEGMENT (self), FALSE);

  if (self->id == 0)
    return TRUE;

  stmt = aud_store_prepare (get_store (self), "DELETE FROM segments WHERE id = ?", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, self->id);
  if (!aud_store_step_done (get_store (self), stmt, error))
    return FALSE;

  self->id = 0;
  return aud_segment_index_refresh (get_store (self), error);
}

gboolean
aud_segment_count (AudSegment  *self,
                   gint64      *count,
                   GError     **error)
{
  g_autoptr(AudSegmentFields) fields = NULL;
  g_autoptr(AudSegmentQuery) query = NULL;

  g_return_val_if_fail (AUD_IS_SEGMENT (self), FALSE);

  fields = aud_segment_fields_load (self->audience, error);
  if (fields == NULL)
    return FALSE;
  query = aud_segment_query_new (self->audience, fields, self->root, error);
  if (query == NULL)
    return FALSE;

  return aud_segment_query_count (query, get_store (self), NULL, count, NULL, error);
}
