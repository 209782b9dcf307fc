/* aud-sync-page.c — the Sync page
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "aud-sync-page.h"

struct _AudSyncPage
{
  AdwBin      parent_instance;

  AudStore   *store;

  /* template children */
  AdwStatusPage *empty_status;
  GtkStack      *stack;
};

G_DEFINE_FINAL_TYPE (AudSyncPage, aud_sync_page, ADW_TYPE_BIN)

void
aud_sync_page_set_store (AudSyncPage *self,
                        AudStore    *store)
{
  g_return_if_fail (AUD_IS_SYNC_PAGE (self));

  g_set_object (&self->store, store);
}

static void
aud_sync_page_dispose (GObject *object)
{
  AudSyncPage *self = (AudSyncPage *) object;

  /* AdwBin unparents its child itself; dispose_template would free it first. */
  g_clear_object (&self->store);

  G_OBJECT_CLASS (aud_sync_page_parent_class)->dispose (object);
}

static void
aud_sync_page_class_init (AudSyncPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = aud_sync_page_dispose;

  gtk_widget_class_set_template_from_resource (widget_class, "/org/example/Audiences/pages/aud-sync-page.ui");
  gtk_widget_class_bind_template_child (widget_class, AudSyncPage, empty_status);
  gtk_widget_class_bind_template_child (widget_class, AudSyncPage, stack);
}

static void
aud_sync_page_init (AudSyncPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}
