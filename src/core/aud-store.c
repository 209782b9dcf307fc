/* aud-store.c — the workspace: one SQLite file holding everything Audiences knows
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <errno.h>
#include <glib/gi18n-lib.h>

#include "aud-store-private.h"

struct _AudStore
{
  GObject  parent_instance;

  char    *path;
  sqlite3    *db;
  int         user_version;
  GHashTable *cached;     /* SQL text → sqlite3_stmt, for statements run once per record */
};

G_DEFINE_FINAL_TYPE (AudStore, aud_store, G_TYPE_OBJECT)

G_DEFINE_QUARK (aud-store-error-quark, aud_store_error)

enum {
  PROP_0,
  PROP_PATH,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* A writer holding the lock longer than this is another Audiences process mid-batch. */
#define BUSY_TIMEOUT_MS 10000

int
aud_store_schema_version (void)
{
  guint n;

  aud_store_get_migrations (&n);
  return (int) n;
}

char *
aud_store_default_path (void)
{
  const char *env = g_getenv ("AUDIENCES_WORKSPACE");

  if (env != NULL && *env != '\0')
    return g_strdup (env);

  return g_build_filename (g_get_user_data_dir (), "audiences", "workspace.db", NULL);
}

void
aud_store_set_sqlite_error (AudStore    *self,
                            GError     **error,
                            int          rc,
                            const char  *what)
{
  AudStoreError code = AUD_STORE_ERROR_FAILED;
  const char *detail = self != NULL && self->db != NULL ? sqlite3_errmsg (self->db) : sqlite3_errstr (rc);

  switch (rc & 0xff)
    {
    case SQLITE_NOTADB:
    case SQLITE_CORRUPT:
      code = AUD_STORE_ERROR_CORRUPT;
      break;
    case SQLITE_BUSY:
    case SQLITE_LOCKED:
      code = AUD_STORE_ERROR_BUSY;
      break;
    case SQLITE_CONSTRAINT:
      code = AUD_STORE_ERROR_EXISTS;
      break;
    default:
      break;
    }

  if (code == AUD_STORE_ERROR_BUSY)
    g_set_error (error, AUD_STORE_ERROR, code,
                 _("The workspace is busy in another Audiences process (%s). Wait for it to finish, then try again."),
                 what);
  else if (code == AUD_STORE_ERROR_CORRUPT)
    g_set_error (error, AUD_STORE_ERROR, code,
                 _("The workspace file is damaged or is not an Audiences workspace (%s: %s). "
                   "Restore it from a backup or choose another workspace."),
                 what, detail);
  else
    g_set_error (error, AUD_STORE_ERROR, code, _("Workspace error while %s: %s"), what, detail);
}

sqlite3 *
aud_store_get_db (AudStore *self)
{
  g_return_val_if_fail (AUD_IS_STORE (self), NULL);

  return self->db;
}

sqlite3_stmt *
aud_store_prepare_cached (AudStore    *self,
                          const char  *sql,
                          GError     **error)
{
  sqlite3_stmt *stmt;

  g_return_val_if_fail (AUD_IS_STORE (self), NULL);

  stmt = g_hash_table_lookup (self->cached, sql);
  if (stmt != NULL)
    {
      sqlite3_reset (stmt);
      sqlite3_clear_bindings (stmt);
      return stmt;
    }

  stmt = aud_store_prepare (self, sql, error);
  if (stmt != NULL)
    g_hash_table_insert (self->cached, g_strdup (sql), stmt);

  return stmt;
}

sqlite3_stmt *
aud_store_prepare (AudStore    *self,
                   const char  *sql,
                   GError     **error)
{
  sqlite3_stmt *stmt = NULL;
  int rc;

  g_return_val_if_fail (AUD_IS_STORE (self), NULL);

  rc = sqlite3_prepare_v2 (self->db, sql, -1, &stmt, NULL);
  if (rc != SQLITE_OK)
    {
      aud_store_set_sqlite_error (self, error, rc, "preparing a statement");
      return NULL;
    }

  return stmt;
}

gboolean
aud_store_exec (AudStore    *self,
                const char  *sql,
                GError     **error)
{
  int rc;

  g_return_val_if_fail (AUD_IS_STORE (self), FALSE);

  rc = sqlite3_exec (self->db, sql, NULL, NULL, NULL);
  if (rc != SQLITE_OK)
    {
      aud_store_set_sqlite_error (self, error, rc, "writing");
      return FALSE;
    }

  return TRUE;
}

gboolean
aud_store_step_done (AudStore      *self,
                     sqlite3_stmt  *stmt,
                     GError       **error)
{
  int rc = sqlite3_step (stmt);

  if (rc != SQLITE_DONE && rc != SQLITE_ROW)
    {
      aud_store_set_sqlite_error (self, error, rc, "writing");
      return FALSE;
    }

  return TRUE;
}

gboolean
aud_store_begin (AudStore  *self,
                 GError   **error)
{
  /* IMMEDIATE takes the write lock now, so a batch never fails half-way on a lock upgrade. */
  return aud_store_exec (self, "BEGIN IMMEDIATE", error);
}

gboolean
aud_store_commit (AudStore  *self,
                  GError   **error)
{
  return aud_store_exec (self, "COMMIT", error);
}

void
aud_store_rollback (AudStore *self)
{
  g_return_if_fail (AUD_IS_STORE (self));

  if (!sqlite3_get_autocommit (self->db))
    sqlite3_exec (self->db, "ROLLBACK", NULL, NULL, NULL);
}

static gboolean
read_user_version (AudStore  *self,
                   int       *version,
                   GError   **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  int rc;

  stmt = aud_store_prepare (self, "PRAGMA user_version", error);
  if (stmt == NULL)
    return FALSE;

  rc = sqlite3_step (stmt);
  if (rc != SQLITE_ROW)
    {
      aud_store_set_sqlite_error (self, error, rc, "reading the schema version");
      return FALSE;
    }

  *version = sqlite3_column_int (stmt, 0);
  return TRUE;
}

static gboolean
migrate (AudStore  *self,
         GError   **error)
{
  const AudStoreMigration *migrations;
  guint n;

  migrations = aud_store_get_migrations (&n);

  for (guint i = (guint) self->user_version; i < n; i++)
    {
      g_autofree char *set_version = NULL;

      if (!aud_store_begin (self, error))
        return FALSE;

      /* Each step and its version bump commit together: a crash leaves the old or the new schema. */
      set_version = g_strdup_printf ("PRAGMA user_version = %u", i + 1);
      if (!migrations[i] (self, error) || !aud_store_exec (self, set_version, error))
        {
          aud_store_rollback (self);
          g_prefix_error (error, _("Could not upgrade the workspace to version %u: "), i + 1);
          return FALSE;
        }

      if (!aud_store_commit (self, error))
        {
          aud_store_rollback (self);
          return FALSE;
        }

      self->user_version = (int) i + 1;
    }

  return TRUE;
}

AudStore *
aud_store_open (const char  *path,
                GError     **error)
{
  g_autoptr(AudStore) self = NULL;
  g_autofree char *dir = NULL;
  int rc;

  g_return_val_if_fail (path != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  self = g_object_new (AUD_TYPE_STORE, "path", path, NULL);

  dir = g_path_get_dirname (path);
  if (g_mkdir_with_parents (dir, 0700) != 0)
    {
      int errsv = errno;
      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (errsv),
                   _("Could not create the workspace folder “%s”: %s"), dir, g_strerror (errsv));
      return NULL;
    }

  rc = sqlite3_open_v2 (path, &self->db,
                        SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_FULLMUTEX,
                        NULL);
  if (rc != SQLITE_OK)
    {
      aud_store_set_sqlite_error (self, error, rc, "opening the workspace");
      return NULL;
    }

  sqlite3_extended_result_codes (self->db, 1);
  sqlite3_busy_timeout (self->db, BUSY_TIMEOUT_MS);

  /* Read the version before any pragma that writes, so a newer workspace stays byte-for-byte untouched. */
  if (!read_user_version (self, &self->user_version, error))
    return NULL;

  if (self->user_version > aud_store_schema_version ())
    {
      g_set_error (error, AUD_STORE_ERROR, AUD_STORE_ERROR_TOO_NEW,
                   _("The workspace “%s” was written by a newer version of Audiences "
                     "(schema %d; this version understands up to %d). Update Audiences to open it. "
                     "The file was left untouched."),
                   path, self->user_version, aud_store_schema_version ());
      return NULL;
    }

  if (!aud_store_exec (self, "PRAGMA journal_mode = WAL", error) ||
      !aud_store_exec (self, "PRAGMA synchronous = NORMAL", error) ||
      !aud_store_exec (self, "PRAGMA foreign_keys = ON", error))
    return NULL;

  if (!migrate (self, error))
    return NULL;

  return g_steal_pointer (&self);
}

const char *
aud_store_get_path (AudStore *self)
{
  g_return_val_if_fail (AUD_IS_STORE (self), NULL);

  return self->path;
}

int
aud_store_get_user_version (AudStore *self)
{
  g_return_val_if_fail (AUD_IS_STORE (self), -1);

  return self->user_version;
}

gint64
aud_store_ensure_salesforce_source (AudStore    *self,
                                    const char  *object,
                                    GError     **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;

  g_return_val_if_fail (AUD_IS_STORE (self), -1);
  g_return_val_if_fail (object != NULL, -1);

  /* One source per (connection, object): audiences on the same object share its records. */
  stmt = aud_store_prepare (self,
                            "INSERT INTO sources (kind, object, name) VALUES ('salesforce', ?1, ?1) "
                            "ON CONFLICT (kind, object, name) DO UPDATE SET kind = excluded.kind "
                            "RETURNING id",
                            error);
  if (stmt == NULL)
    return -1;

  sqlite3_bind_text (stmt, 1, object, -1, SQLITE_TRANSIENT);
  if (sqlite3_step (stmt) != SQLITE_ROW)
    {
      aud_store_set_sqlite_error (self, error, sqlite3_errcode (self->db), "adding a source");
      return -1;
    }

  return sqlite3_column_int64 (stmt, 0);
}

gboolean
aud_store_get_source_cursor (AudStore    *self,
                             gint64       source_id,
                             char       **watermark,
                             char       **position,
                             GError     **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  int rc;

  g_return_val_if_fail (AUD_IS_STORE (self), FALSE);

  stmt = aud_store_prepare (self,
                            "SELECT cursor_watermark, cursor_position FROM sources WHERE id = ?1",
                            error);
  if (stmt == NULL)
    return FALSE;

  sqlite3_bind_int64 (stmt, 1, source_id);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_DONE)
    {
      g_set_error (error, AUD_STORE_ERROR, AUD_STORE_ERROR_NOT_FOUND,
                   _("Source %lld does not exist"), (long long) source_id);
      return FALSE;
    }
  if (rc != SQLITE_ROW)
    {
      aud_store_set_sqlite_error (self, error, rc, "reading a cursor");
      return FALSE;
    }

  if (watermark != NULL)
    *watermark = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
  if (position != NULL)
    *position = g_strdup ((const char *) sqlite3_column_text (stmt, 1));

  return TRUE;
}

gboolean
aud_store_set_source_cursor (AudStore    *self,
                             gint64       source_id,
                             const char  *watermark,
                             const char  *position,
                             GError     **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;

  g_return_val_if_fail (AUD_IS_STORE (self), FALSE);

  stmt = aud_store_prepare (self,
                            "UPDATE sources SET cursor_watermark = ?2, cursor_position = ?3 WHERE id = ?1",
                            error);
  if (stmt == NULL)
    return FALSE;

  sqlite3_bind_int64 (stmt, 1, source_id);
  sqlite3_bind_text (stmt, 2, watermark, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 3, position, -1, SQLITE_TRANSIENT);

  return aud_store_step_done (self, stmt, error);
}

gboolean
aud_store_upsert_source_record (AudStore    *self,
                                gint64       source_id,
                                const char  *external_id,
                                const char  *modstamp,
                                gboolean     is_deleted,
                                const char  *values_json,
                                gboolean    *created,
                                GError     **error)
{
  sqlite3_stmt *insert;
  sqlite3_stmt *update;

  g_return_val_if_fail (AUD_IS_STORE (self), FALSE);
  g_return_val_if_fail (external_id != NULL, FALSE);

  if (values_json == NULL)
    values_json = "{}";

  /* Idempotent: replaying a batch after a crash rewrites the same rows. Insert-or-nothing first,
   * so the caller learns whether the record is new without a separate lookup. */
  insert = aud_store_prepare_cached (self,
                              "INSERT INTO source_records (source_id, external_id, modstamp, is_deleted, data) "
                              "VALUES (?1, ?2, ?3, ?4, ?5) ON CONFLICT (source_id, external_id) DO NOTHING",
                              error);
  if (insert == NULL)
    return FALSE;

  sqlite3_bind_int64 (insert, 1, source_id);
  sqlite3_bind_text (insert, 2, external_id, -1, SQLITE_STATIC);
  sqlite3_bind_text (insert, 3, modstamp, -1, SQLITE_STATIC);
  sqlite3_bind_int (insert, 4, is_deleted ? 1 : 0);
  sqlite3_bind_text (insert, 5, values_json, -1, SQLITE_STATIC);
  if (!aud_store_step_done (self, insert, error))
    return FALSE;

  if (created != NULL)
    *created = sqlite3_changes (self->db) > 0;
  if (sqlite3_changes (self->db) > 0)
    return TRUE;

  update = aud_store_prepare_cached (self,
                              "UPDATE source_records SET modstamp = ?3, is_deleted = ?4, data = ?5 "
                              "WHERE source_id = ?1 AND external_id = ?2",
                              error);
  if (update == NULL)
    return FALSE;

  sqlite3_bind_int64 (update, 1, source_id);
  sqlite3_bind_text (update, 2, external_id, -1, SQLITE_STATIC);
  sqlite3_bind_text (update, 3, modstamp, -1, SQLITE_STATIC);
  sqlite3_bind_int (update, 4, is_deleted ? 1 : 0);
  sqlite3_bind_text (update, 5, values_json, -1, SQLITE_STATIC);

  return aud_store_step_done (self, update, error);
}

gint64
aud_store_count_source_records (AudStore    *self,
                                gint64       source_id,
                                gboolean     include_deleted,
                                GError     **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  int rc;

  g_return_val_if_fail (AUD_IS_STORE (self), -1);

  stmt = aud_store_prepare (self,
                            "SELECT count(*) FROM source_records WHERE source_id = ?1 AND (?2 OR NOT is_deleted)",
                            error);
  if (stmt == NULL)
    return -1;

  sqlite3_bind_int64 (stmt, 1, source_id);
  sqlite3_bind_int (stmt, 2, include_deleted ? 1 : 0);
  rc = sqlite3_step (stmt);
  if (rc != SQLITE_ROW)
    {
      aud_store_set_sqlite_error (self, error, rc, "counting records");
      return -1;
    }

  return sqlite3_column_int64 (stmt, 0);
}

static void
aud_store_finalize (GObject *object)
{
  AudStore *self = (AudStore *)object;

  if (self->db != NULL)
    {
      aud_store_rollback (self);
      g_clear_pointer (&self->cached, g_hash_table_unref);
      sqlite3_close_v2 (self->db);
      self->db = NULL;
    }
  g_clear_pointer (&self->path, g_free);

  G_OBJECT_CLASS (aud_store_parent_class)->finalize (object);
}

static void
aud_store_get_property (GObject    *object,
                        guint       prop_id,
                        GValue     *value,
                        GParamSpec *pspec)
{
  AudStore *self = AUD_STORE (object);

  switch (prop_id)
    {
    case PROP_PATH:
      g_value_set_string (value, self->path);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
aud_store_set_property (GObject      *object,
                        guint         prop_id,
                        const GValue *value,
                        GParamSpec   *pspec)
{
  AudStore *self = AUD_STORE (object);

  switch (prop_id)
    {
    case PROP_PATH:
      self->path = g_value_dup_string (value);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
aud_store_class_init (AudStoreClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = aud_store_finalize;
  object_class->get_property = aud_store_get_property;
  object_class->set_property = aud_store_set_property;

  properties[PROP_PATH] =
    g_param_spec_string ("path", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
finalize_statement (gpointer stmt)
{
  sqlite3_finalize (stmt);
}

static void
aud_store_init (AudStore *self)
{
  self->cached = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                        finalize_statement);
}
