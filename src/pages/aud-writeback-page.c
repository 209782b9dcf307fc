/* aud-writeback-page.c — the Write-back page
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "aud-writeback-page.h"

struct _AudWritebackPage
{
  AdwBin      parent_instance;

  AudStore   *store;

  /* template children */
  AdwStatusPage *empty_status;
  GtkStack      *stack;
};

G_DEFINE_FINAL_TYPE (AudWritebackPage, aud_writeback_page, ADW_TYPE_BIN)

void
aud_writeback_page_set_store (AudWritebackPage *self,
                             AudStore         *store)
{
  g_return_if_fail (AUD_IS_WRITEBACK_PAGE (self));

  g_set_object (&self->store, store);
}

static void
aud_writeback_page_dispose (GObject *object)
{
  AudWritebackPage *self = (AudWritebackPage *) object;

  /* AdwBin unparents its child itself; dispose_template would free it first. */
  g_clear_object (&self->store);

  G_OBJECT_CLASS (aud_writeback_page_parent_class)->dispose (object);
}

static void
aud_writeback_page_class_init (AudWritebackPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = aud_writeback_page_dispose;

  gtk_widget_class_set_template_from_resource (widget_class, "/org/example/Audiences/pages/aud-writeback-page.ui");
  gtk_widget_class_bind_template_child (widget_class, AudWritebackPage, empty_status);
  gtk_widget_class_bind_template_child (widget_class, AudWritebackPage, stack);
}

static void
aud_writeback_page_init (AudWritebackPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}
