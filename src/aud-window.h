/* aud-window.h — the main window: five pages in a view stack
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "aud-application.h"

G_BEGIN_DECLS

#define AUD_TYPE_WINDOW (aud_window_get_type ())
G_DECLARE_FINAL_TYPE (AudWindow, aud_window, AUD, WINDOW, AdwApplicationWindow)

AudWindow  *aud_window_new           (AudApplication *application);
void        aud_window_show_page     (AudWindow      *self,
                                      const char     *name);
const char *aud_window_get_page      (AudWindow      *self);
void        aud_window_add_toast     (AudWindow      *self,
                                      const char     *message);

G_END_DECLS
