/* aud-duplicates-page-private.h — the Duplicates page's detail pane and its plain-word texts
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "aud-describe.h"
#include "aud-entity-item.h"
#include "aud-review-query.h"

G_BEGIN_DECLS

/* Merges at or above this score are "high confidence" (the matcher's strong threshold). */
#define AUD_DUPLICATES_HIGH_CONFIDENCE 12.0

/* "Email exact +8.1", "First name similar 0.96 +4.2", "Phone differs −1.3"; NULL when missing. */
char      *aud_duplicates_evidence_text   (AudMatchComparison       comparison,
                                           const AudMatchEvidence  *evidence);
/* "High confidence (18.2)" and the like. */
char      *aud_duplicates_confidence_text (double                   score);
/* @value as Pango markup, with the characters that differ from @reference marked. */
char      *aud_duplicates_mark_difference (const char              *value,
                                           const char              *reference);
/* "Salesforce", "CSV events.csv", "Warehouse …" */
char      *aud_duplicates_source_label    (const AudReviewMember   *member);
/* "most recent: Salesforce, 2 Oct 2026", "pinned by you" */
char      *aud_duplicates_golden_reason   (const AudGoldenValue    *golden,
                                           const AudReviewDetail   *detail);

/* The label people know a field by: Salesforce's from @describe (may be NULL), else the API
 * name spaced out ("Lead_Source__c" → "Lead Source"). */
char      *aud_duplicates_field_label     (AudDescribe             *describe,
                                           const char              *field);
/* The detail pane for @row. Its buttons activate the page's merge.* actions. */
GtkWidget *aud_duplicates_detail_new      (const AudReviewRow      *row,
                                           const AudReviewDetail   *detail,
                                           AudDescribe             *describe);

/* The list (aud-duplicates-list.c) */
typedef enum
{
  AUD_DUPLICATES_FILTER_ALL,
  AUD_DUPLICATES_FILTER_NEEDS_REVIEW,
  AUD_DUPLICATES_FILTER_CONFIRMED,
  AUD_DUPLICATES_FILTER_HIGH,
  AUD_DUPLICATES_FILTER_NOT_HIGH,
  AUD_DUPLICATES_FILTER_SALESFORCE,
  AUD_DUPLICATES_FILTER_CSV,
  AUD_DUPLICATES_FILTER_WAREHOUSE,
  AUD_DUPLICATES_FILTER_DIFF_EMAIL,
  AUD_DUPLICATES_FILTER_DIFF_NAME,
  AUD_DUPLICATES_FILTER_DIFF_PHONE,
  AUD_DUPLICATES_FILTER_DIFF_COMPANY,
  AUD_DUPLICATES_FILTER_DIFF_ADDRESS,
  AUD_DUPLICATES_N_FILTERS
} AudDuplicatesFilter;

const char         *aud_duplicates_filter_label    (AudDuplicatesFilter  filter);
/* Whether @item passes @filter and contains @query (casefolded; NULL or "" for any). */
gboolean            aud_duplicates_item_matches    (AudEntityItem       *item,
                                                    AudDuplicatesFilter  filter,
                                                    const char          *query);
/* Blocking, for a worker thread: opens its own connection to the workspace at @path and
 * returns the rows as AudEntityItem, uncertain first. */
GPtrArray          *aud_duplicates_load_items      (const char          *path,
                                                    gint64               audience_id,
                                                    gboolean            *matched,
                                                    GCancellable        *cancellable,
                                                    GError             **error);
GtkListItemFactory *aud_duplicates_row_factory_new (void);

G_END_DECLS
