/* describe-fixture.h — realistic Salesforce describe JSON for tests, with the real keys
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* A Contact describe as Salesforce returns it (system, standard, formula, picklist, external-id
 * and custom fields). `extra_custom` adds that many generated custom text fields; `without`
 * leaves out fields by name (NULL-terminated, may be NULL). */
char *describe_fixture_contact (guint               extra_custom,
                                const char * const *without);
/* The same, with the fields named in `formulas` turned into read-only formula fields. */
char *describe_fixture_contact_full (guint               extra_custom,
                                     const char * const *without,
                                     const char * const *formulas);

G_END_DECLS
