/* aud-test-shot.h — render a widget as GTK draws it and save it as a PNG, for people to look at
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

/* Iterates the default main context for about @ms milliseconds. */
void aud_test_iterate_for (guint       ms);
/* Saves @widget (realized and mapped) to DIR/NAME.png; DIR is created. Not compared by tests. */
void aud_test_save_shot   (GtkWidget  *widget,
                           const char *dir,
                           const char *name);

G_END_DECLS
