/* aud-sync-run-item.c — one row of the sync history, for list models
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "aud-sync-run-item.h"

struct _AudSyncRunItem
{
  GObject         parent_instance;

  AudSyncRunInfo *info;
  char           *object;
};

G_DEFINE_FINAL_TYPE (AudSyncRunItem, aud_sync_run_item, G_TYPE_OBJECT)

AudSyncRunItem *
aud_sync_run_item_new (AudSyncRunInfo *info,
                       const char     *object)
{
  AudSyncRunItem *self = g_object_new (AUD_TYPE_SYNC_RUN_ITEM, NULL);

  self->info = info;
  self->object = g_strdup (object);
  return self;
}

const AudSyncRunInfo *
aud_sync_run_item_get_info (AudSyncRunItem *self)
{
  g_return_val_if_fail (AUD_IS_SYNC_RUN_ITEM (self), NULL);

  return self->info;
}

static GDateTime *
parse_time (const char *iso)
{
  return iso != NULL ? g_date_time_new_from_iso8601 (iso, NULL) : NULL;
}

static char *
format_count (gint64 n)
{
  /* Thousands separators as the user's locale has them. */
  return g_strdup_printf ("%'lld", (long long) n);
}

static const char *
kind_label (AudSyncKind kind)
{
  switch (kind)
    {
    case AUD_SYNC_KIND_FULL: return _("Full");
    case AUD_SYNC_KIND_INCREMENTAL: return _("Incremental");
    case AUD_SYNC_KIND_BACKFILL: return _("Backfill");
    case AUD_SYNC_KIND_RECONCILE: return _("Reconcile");
    default: return "";
    }
}

static const char *
outcome_label (AudSyncOutcome outcome)
{
  switch (outcome)
    {
    case AUD_SYNC_OUTCOME_RUNNING: return _("Running");
    case AUD_SYNC_OUTCOME_SUCCEEDED: return _("Succeeded");
    case AUD_SYNC_OUTCOME_FAILED: return _("Failed");
    case AUD_SYNC_OUTCOME_CANCELLED: return _("Cancelled");
    case AUD_SYNC_OUTCOME_PAUSED_API_LIMIT: return _("Paused: API limit");
    case AUD_SYNC_OUTCOME_NEEDS_RECONNECT: return _("Needs reconnect");
    case AUD_SYNC_OUTCOME_INTERRUPTED: return _("Interrupted");
    default: return "";
    }
}

char *
aud_sync_run_item_format (AudSyncRunItem *self,
                          const char     *column)
{
  const AudSyncRunInfo *info;

  g_return_val_if_fail (AUD_IS_SYNC_RUN_ITEM (self), NULL);

  info = self->info;
  if (g_str_equal (column, "object"))
    return g_strdup (self->object);
  if (g_str_equal (column, "kind"))
    return g_strdup (kind_label (info->kind));
  if (g_str_equal (column, "started"))
    {
      g_autoptr(GDateTime) started = parse_time (info->started_at);
      g_autoptr(GDateTime) local = started != NULL ? g_date_time_to_local (started) : NULL;

      return local != NULL ? g_date_time_format (local, "%e %b %H:%M") : g_strdup ("");
    }
  if (g_str_equal (column, "duration"))
    {
      g_autoptr(GDateTime) started = parse_time (info->started_at);
      g_autoptr(GDateTime) finished = parse_time (info->finished_at);
      gint64 secs;

      if (started == NULL || finished == NULL)
        return g_strdup ("—");
      secs = g_date_time_difference (finished, started) / G_USEC_PER_SEC;
      if (secs < 60)
        return g_strdup_printf (_("%lld s"), (long long) secs);
      return g_strdup_printf (_("%lld min %lld s"), (long long) (secs / 60), (long long) (secs % 60));
    }
  if (g_str_equal (column, "fetched"))
    return format_count (info->counts.fetched);
  if (g_str_equal (column, "created"))
    return format_count (info->counts.created);
  if (g_str_equal (column, "updated"))
    return format_count (info->counts.updated);
  if (g_str_equal (column, "deleted"))
    return format_count (info->counts.deleted);
  if (g_str_equal (column, "api-calls"))
    return format_count (info->counts.api_calls);
  if (g_str_equal (column, "outcome"))
    return g_strdup (outcome_label (info->outcome));
  if (g_str_equal (column, "message"))
    return g_strdup (info->message != NULL ? info->message : "");

  g_return_val_if_reached (NULL);
}

static void
aud_sync_run_item_finalize (GObject *object)
{
  AudSyncRunItem *self = AUD_SYNC_RUN_ITEM (object);

  g_clear_pointer (&self->info, aud_sync_run_info_free);
  g_clear_pointer (&self->object, g_free);

  G_OBJECT_CLASS (aud_sync_run_item_parent_class)->finalize (object);
}

static void
aud_sync_run_item_class_init (AudSyncRunItemClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = aud_sync_run_item_finalize;
}

static void
aud_sync_run_item_init (AudSyncRunItem *self)
{
}
