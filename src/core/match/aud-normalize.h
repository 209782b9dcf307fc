/* aud-normalize.h — pure normalisers for the values the matcher compares
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Every function takes plain strings and returns a newly allocated string (or NULL when the
 * input holds nothing usable), so they can be table-tested and called from any thread.
 * "Usable" is deliberately strict: a placeholder such as "none@none.com" or a phone number
 * with four digits would otherwise glue unrelated people together in the matcher.
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Text: case-folded, accents stripped (NFKD without combining marks, plus ß/æ/ø/ł/đ…),
 * punctuation turned into single spaces, trimmed. "  José  O'Brien-Smith " → "jose obrien smith".
 * Apostrophes and dots are removed without a space so "O'Brien" and "A.B.C." stay one token. */
char       *aud_normalize_text              (const char *raw);

/* Emails */
char       *aud_normalize_email             (const char *raw);
gboolean    aud_email_is_role               (const char *normalized_email);
const char *aud_email_domain                (const char *normalized_email);

/* Phones: E.164 ("+14155550100") when the country is known from a "+"/"00" prefix or from
 * @default_region (ISO 3166 alpha-2, e.g. "US", "GB"); bare digits when it cannot be known;
 * NULL when too short or too long to be a phone number. The extension, if any, goes to
 * @extension (may be NULL). */
char       *aud_normalize_phone             (const char  *raw,
                                             const char  *default_region,
                                             char       **extension);

/* Person names */
typedef struct
{
  char *first;      /* "robert", NULL when missing */
  char *middle;     /* extra given names or initials, NULL when none */
  char *last;       /* "van der berg", "garcia lopez" (hyphens become spaces) */
  char *suffix;     /* "jr", "sr", "ii", "iii", "iv"; NULL when none */
} AudPersonName;

AudPersonName *aud_person_name_parse        (const char *first,
                                             const char *last);
void           aud_person_name_free         (AudPersonName *name);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (AudPersonName, aud_person_name_free)

/* The main surname token for blocking: particles (van, de, la…) skipped, first remaining token.
 * "van der berg" → "berg", "garcia lopez" → "garcia". Returns a new string or NULL. */
char          *aud_surname_key              (const char *normalized_last);

/* Nicknames: classes such as robert = bob, rob, robbie, bobby. A name may belong to several
 * classes ("chris": christopher, christina, christine). @normalized_first is the output of
 * aud_normalize_text(). */
gboolean     aud_nicknames_equivalent       (const char *normalized_a,
                                             const char *normalized_b);
/* The formal name of the (first) class @normalized_first belongs to, or @normalized_first itself
 * when it has none; used as a blocking key. The result is owned by the table or by the caller's
 * string: do not free. */
const char  *aud_nickname_canonical         (const char *normalized_first);
guint        aud_nickname_table_size        (void);

/* Companies: legal suffixes and a leading "the" dropped, "&" → "and", punctuation removed.
 * "The Acme Co., Ltd." → "acme". */
char       *aud_normalize_company           (const char *raw);

/* Domains: the registrable domain (public suffix + one label) of a URL, host or email address.
 * "https://WWW.shop.Acme.co.uk/x" → "acme.co.uk". NULL for IP addresses and garbage. */
char       *aud_registrable_domain          (const char *url_host_or_email);
gboolean    aud_domain_is_free_mail         (const char *registrable_domain);
/* The domain that identifies a company: registrable domain unless it is a free-mail one. */
char       *aud_company_domain              (const char *url_host_or_email);

/* LinkedIn: "in/<slug>" for profiles ("https://uk.linkedin.com/in/John-Doe-42/?trk=x" →
 * "in/john-doe-42"), "company/<slug>" for company pages, NULL when not a LinkedIn URL. */
char       *aud_normalize_linkedin          (const char *raw);

/* Countries: ISO 3166 alpha-2 from a code or a common English or native name ("USA",
 * "United Kingdom", "Deutschland" → "US", "GB", "DE"); NULL when unknown. Returns a static
 * string: do not free. */
const char *aud_normalize_country           (const char *raw);

/* Addresses: street text with common words abbreviated ("Street" → "st", "North" → "n") so
 * "12 North Main Street, Suite 4" and "12 N Main St Ste 4" agree. */
char       *aud_normalize_street            (const char *raw);
/* Postal codes in their country's canonical form: US ZIP+4 → 5 digits, GB/CA with the inner
 * space, others upper-case without spaces. @country may be NULL (guessed from the shape). */
char       *aud_normalize_postal_code       (const char *raw,
                                             const char *country);

G_END_DECLS
