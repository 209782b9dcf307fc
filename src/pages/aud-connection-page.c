/* aud-connection-page.c — the Connection page
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "aud-connection-page.h"

struct _AudConnectionPage
{
  AdwBin      parent_instance;

  AudStore   *store;

  /* template children */
  AdwStatusPage *empty_status;
  GtkStack      *stack;
};

G_DEFINE_FINAL_TYPE (AudConnectionPage, aud_connection_page, ADW_TYPE_BIN)

void
aud_connection_page_set_store (AudConnectionPage *self,
                              AudStore          *store)
{
  g_return_if_fail (AUD_IS_CONNECTION_PAGE (self));

  g_set_object (&self->store, store);
}

static void
aud_connection_page_dispose (GObject *object)
{
  AudConnectionPage *self = (AudConnectionPage *) object;

  /* AdwBin unparents its child itself; dispose_template would free it first. */
  g_clear_object (&self->store);

  G_OBJECT_CLASS (aud_connection_page_parent_class)->dispose (object);
}

static void
aud_connection_page_class_init (AudConnectionPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = aud_connection_page_dispose;

  gtk_widget_class_set_template_from_resource (widget_class, "/org/example/Audiences/pages/aud-connection-page.ui");
  gtk_widget_class_bind_template_child (widget_class, AudConnectionPage, empty_status);
  gtk_widget_class_bind_template_child (widget_class, AudConnectionPage, stack);
}

static void
aud_connection_page_init (AudConnectionPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}
