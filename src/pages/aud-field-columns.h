/* aud-field-columns.h — the columns of the field mapping list (check, names, type, badges, rule)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

/* Adds the columns to a column view whose items are AudFieldItem, sorted by label. Cells bind
 * to item properties both ways, so a click changes the item and the page persists it. */
void aud_field_columns_add (GtkColumnView *column_view);

G_END_DECLS
