/* aud-duplicates-page-private.h — the Duplicates page's detail pane and its plain-word texts
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

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

/* The detail pane for @row. Its buttons activate the page's merge.* actions. */
GtkWidget *aud_duplicates_detail_new      (const AudReviewRow      *row,
                                           const AudReviewDetail   *detail);

G_END_DECLS
