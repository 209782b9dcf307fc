/* aud-match-generator.h — deterministic CRM-like people across sources, with known truth
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The matcher's test data and benchmark input, for contacts and for accounts. The same seed and size always give the same
 * records on every machine (own PRNG, no GLib random). Truth is per contact: a person at an
 * employer. The trouble real CRM data has is built in, and every record carries flags saying
 * which hard case its contact takes part in, so results can be reported per case.
 */
#pragma once

#include <glib.h>

#include "aud-match-record.h"

G_BEGIN_DECLS

typedef enum
{
  AUD_MATCH_CASE_NICKNAME = 1 << 0,       /* a duplicate goes by a nickname */
  AUD_MATCH_CASE_TYPO = 1 << 1,           /* a duplicate has a typo in a name */
  AUD_MATCH_CASE_MISSING = 1 << 2,        /* a duplicate lacks email, phone or company */
  AUD_MATCH_CASE_ALT_EMAIL = 1 << 3,      /* a duplicate was filed under a personal email */
  AUD_MATCH_CASE_SAME_NAME = 1 << 4,      /* different people share this common name */
  AUD_MATCH_CASE_FAMILY = 1 << 5,         /* relatives sharing an address and home phone */
  AUD_MATCH_CASE_GENERATION = 1 << 6,     /* a Sr./Jr. pair at one address */
  AUD_MATCH_CASE_SURNAME_CHANGE = 1 << 7, /* a duplicate under a new surname */
  AUD_MATCH_CASE_JOB_CHANGE = 1 << 8,     /* the same person at two employers */
  AUD_MATCH_CASE_ROLE_EMAIL = 1 << 9,     /* filed under info@ shared with colleagues */
} AudMatchCase;

#define AUD_MATCH_N_CASES 10

const char *aud_match_case_to_string (AudMatchCase single_case);

typedef struct
{
  GPtrArray *records;      /* AudMatchRecord, shuffled */
  guint     *truth;        /* record index → true contact number */
  guint16   *cases;        /* record index → AudMatchCase flags of its contact */
  GArray    *job_changes;  /* pairs of guint contact numbers: one person, two employers */
  guint      n_contacts;   /* true entities: contacts, or companies for accounts */
} AudMatchDataset;

/* About @n_records contact records (never fewer). */
AudMatchDataset *aud_match_dataset_generate (guint64 seed,
                                             guint   n_records);
/* About @n_records account records: companies under name variants across sources, some
 * without website or phone, namesakes (AUD_MATCH_CASE_SAME_NAME) with their own domains. */
AudMatchDataset *aud_match_dataset_generate_accounts (guint64 seed,
                                                      guint   n_records);
void             aud_match_dataset_free     (AudMatchDataset *dataset);

typedef struct
{
  double pairwise_p;   /* of the record pairs put together, the share that are one contact */
  double pairwise_r;   /* of the record pairs that are one contact, the share put together */
  double pairwise_f1;
  double bcubed_f1;    /* per-record precision and recall, averaged (Bagga & Baldwin) */
  guint  n_records;    /* how many records the scores cover */
} AudMatchQuality;

/* Scores a clustering (record index → cluster number) of @dataset's records against its truth,
 * over the records whose case flags include @mask (all records when 0). */
AudMatchQuality  aud_match_dataset_score    (const AudMatchDataset *dataset,
                                             const guint           *cluster_of,
                                             guint16                mask);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (AudMatchDataset, aud_match_dataset_free)

G_END_DECLS
