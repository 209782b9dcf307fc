/* aud-audiences-page.c — the Audiences page
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "aud-audiences-page.h"

struct _AudAudiencesPage
{
  AdwBin      parent_instance;

  AudStore   *store;

  /* template children */
  AdwStatusPage *empty_status;
  GtkStack      *stack;
};

G_DEFINE_FINAL_TYPE (AudAudiencesPage, aud_audiences_page, ADW_TYPE_BIN)

void
aud_audiences_page_set_store (AudAudiencesPage *self,
                             AudStore         *store)
{
  g_return_if_fail (AUD_IS_AUDIENCES_PAGE (self));

  g_set_object (&self->store, store);
}

static void
aud_audiences_page_dispose (GObject *object)
{
  AudAudiencesPage *self = (AudAudiencesPage *) object;

  /* AdwBin unparents its child itself; dispose_template would free it first. */
  g_clear_object (&self->store);

  G_OBJECT_CLASS (aud_audiences_page_parent_class)->dispose (object);
}

static void
aud_audiences_page_class_init (AudAudiencesPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = aud_audiences_page_dispose;

  gtk_widget_class_set_template_from_resource (widget_class, "/org/example/Audiences/pages/aud-audiences-page.ui");
  gtk_widget_class_bind_template_child (widget_class, AudAudiencesPage, empty_status);
  gtk_widget_class_bind_template_child (widget_class, AudAudiencesPage, stack);
}

static void
aud_audiences_page_init (AudAudiencesPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}
