/* aud-audiences-page-private.h — what the page's dialogs share with the page
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "aud-audiences-page.h"
#include "aud-segment-builder.h"
#include "aud-connection.h"
#include "aud-describe.h"

G_BEGIN_DECLS

struct _AudAudiencesPage
{
  AdwBin              parent_instance;

  AudStore           *store;
  GListStore         *audiences;     /* AudAudience */
  AudAudience        *audience;      /* selected */
  AudDescribe        *describe;      /* of the selected audience's object, or NULL */
  GListStore         *fields;        /* AudFieldItem */
  GHashTable         *items;         /* field name → AudFieldItem (borrowed from fields) */
  GtkCustomFilter    *filter;
  GtkFilterListModel *filter_model;
  GtkMultiSelection  *selection;
  char               *search;        /* case-folded */
  char               *last_message;
  gboolean            applying;      /* writing stored state into items: do not write it back */
  gboolean            segments_stale; /* the builder has not seen the latest mapping */

  /* Where Refresh fetches from: explicit credentials win over the app's connection. */
  AudConnection      *connection;
  AudCredentials     *credentials;
  char               *instance_url;
  char               *api_version;
  GCancellable       *refresh_cancellable;   /* non-NULL while a refresh runs */

  /* template children */
  GtkListBox         *audience_list;
  AudSegmentBuilder  *segment_builder;
  GtkColumnView      *column_view;
  GtkLabel           *count_label;
  GtkToggleButton    *custom_toggle;
  AdwStatusPage      *empty_status;
  GtkStack           *detail_stack;
  GtkStack           *fields_stack;
  GtkToggleButton    *mapped_toggle;
  AdwStatusPage      *no_describe_status;
  GtkSearchEntry     *search_entry;
  GtkStack           *stack;
  GtkLabel           *subtitle_label;
  GtkLabel           *title_label;
  GtkToggleButton    *unmapped_toggle;
  GtkToggleButton    *writable_toggle;
};

/* Shows a toast (when the page is in a toast overlay) and remembers it for tests. */
void aud_audiences_page_show_message (AudAudiencesPage *self,
                                      const char       *message);
void aud_audiences_page_show_error   (AudAudiencesPage *self,
                                      const GError     *error);
/* Re-reads the audiences and selects `select_id` (-1: keep the selection). */
void aud_audiences_page_reload       (AudAudiencesPage *self,
                                      gint64            select_id);
/* Re-reads the selected audience's mapping into the field items. */
void aud_audiences_page_apply_mapping (AudAudiencesPage *self);
/* Shows a freshly fetched or loaded describe of the selected audience's object. */
void aud_audiences_page_show_describe (AudAudiencesPage *self,
                                       AudDescribe      *describe);
void aud_audiences_page_update_actions (AudAudiencesPage *self);
/* mapping.refresh (aud-audiences-page-refresh.c) */
void aud_audiences_page_class_add_refresh_action (GtkWidgetClass *widget_class);
/* audiences.create/rename/duplicate/delete, mapping.export/import (aud-audiences-page-dialogs.c) */
void aud_audiences_page_class_add_dialog_actions (GtkWidgetClass *widget_class);

/* The segment builder follows the selected audience and its mapping, reloaded lazily. */
void aud_audiences_page_mapping_changed (AudAudiencesPage *self);

G_END_DECLS
